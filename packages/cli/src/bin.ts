#!/usr/bin/env -S node --
import { createNodeIo } from "./io.js";
import { main } from "./main.js";

// Set, never exit: stdout drains before the process ends.
process.exitCode = await main(createNodeIo());
