export type { ColorInputs } from "./color.js";
export { shouldUseColor } from "./color.js";
export { ExitCode } from "./exit-codes.js";
export type { CliIo, ExplainFn, WorldOptions, WriteResult } from "./io.js";
export { createNodeIo } from "./io.js";
export { main } from "./main.js";
