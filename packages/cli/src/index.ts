export { main } from "./main.js";
export { createNodeIo } from "./io.js";
export type { CliIo, ExplainFn, WorldOptions, WriteResult } from "./io.js";
export { ExitCode } from "./exit-codes.js";
export { shouldUseColor } from "./color.js";
export type { ColorInputs } from "./color.js";
