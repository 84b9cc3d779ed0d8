import type { Location } from "./location.js";

export type TfwhyErrorCode = "invalid-input" | "internal";

/** Base of every error tfwhy throws on purpose. Answers (no credentials, AccessDenied) are values, never errors. */
export class TfwhyError extends Error {
  override readonly name: string = "TfwhyError";
  readonly code: TfwhyErrorCode;
  constructor(code: TfwhyErrorCode, message: string, options?: ErrorOptions) {
    super(message, options);
    this.code = code;
  }
}

/**
 * The caller's input cannot be used: malformed HCL or INI, a missing `-backend-config` file, no backend block.
 * The message is one line and names the file and line when known; the CLI prints it as is (exit 2).
 */
export class InvalidInputError extends TfwhyError {
  override readonly name = "InvalidInputError";
  readonly at: Location | null;
  constructor(message: string, at: Location | null = null, options?: ErrorOptions) {
    super("invalid-input", at ? `${at.file}:${at.line}: ${message}` : message, options);
    this.at = at;
  }
}

/** A bug in tfwhy. */
export class InternalError extends TfwhyError {
  override readonly name = "InternalError";
  constructor(message: string, options?: ErrorOptions) {
    super("internal", message, options);
  }
}
