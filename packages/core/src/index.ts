export type * from "./trace.js";
export type { Location } from "./location.js";
export { formatLocation, displayPath } from "./location.js";
export type { World, WorldFs, FileRead, DirList, DirEntry } from "./world/world.js";
export { createNodeWorld } from "./world/node-world.js";
export { TfwhyError, InvalidInputError, InternalError } from "./errors.js";
export { maskAccessKeyId } from "./redact.js";
export { explainCredentials, type ExplainInput } from "./explain.js";
export { DIAGNOSTIC_CODES, type DiagnosticCode } from "./reasons.js";
