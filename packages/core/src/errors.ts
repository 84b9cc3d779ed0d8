import type { Location } from "./location.js";
import { redactText } from "./redact.js";

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
  /** The message without its `file:line: ` prefix. */
  readonly detail: string;
  constructor(message: string, at: Location | null = null, options?: ErrorOptions) {
    // Messages quote input: key ids and URL user-info are hidden here, once for every input error.
    const detail = redactText(message);
    super("invalid-input", at ? `${at.file}:${at.line}: ${detail}` : detail, options);
    this.at = at;
    this.detail = detail;
  }

  /** The same error with `redact` applied to its message (for secrets only known to the caller). */
  redactedWith(redact: (text: string) => string): InvalidInputError {
    const copy = new InvalidInputError(redact(this.detail), this.at);
    return copy;
  }
}

/** A bug in tfwhy. */
export class InternalError extends TfwhyError {
  override readonly name = "InternalError";
  constructor(message: string, options?: ErrorOptions) {
    super("internal", message, options);
  }
}
