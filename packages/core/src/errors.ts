import type { Location } from "./location.js";
import { redactText } from "./redact.js";

/**
 * invalid-input: the caller's input cannot be used. internal: a bug in tfwhy. aws-call: an AWS call failed
 * (AwsCallError, verify/port/aws-port.ts); verify turns each into a check result, so it never reaches the caller.
 */
export type TfwhyErrorCode = "invalid-input" | "internal" | "aws-call";

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
    const detail = redact(this.detail);
    // Unchanged (the usual case): keep this error, subclass and fields included.
    return detail === this.detail ? this : new InvalidInputError(detail, this.at);
  }
}

/** A bug in tfwhy. */
export class InternalError extends TfwhyError {
  override readonly name = "InternalError";
  constructor(message: string, options?: ErrorOptions) {
    super("internal", message, options);
  }
}

/**
 * The input nests deeper than tfwhy reads (brackets, blocks, templates, JSON values, a `source_profile` chain).
 * Terraform has no such limit, but no real configuration comes near it, and reading deeper would risk the stack.
 * An `InvalidInputError` (exit 2), with the place where the limit was crossed.
 */
export class NestingTooDeepError extends InvalidInputError {
  /** The deepest level tfwhy accepts. */
  readonly limit: number;
  constructor(what: string, limit: number, at: Location | null, options?: ErrorOptions) {
    super(`${what} nested too deep (more than ${limit} levels)`, at, options);
    this.limit = limit;
  }
}

/**
 * The root module has no S3 backend: no backend block, a `cloud` block, or another backend type. An
 * `InvalidInputError` (exit 2) for one module; `--recursive` skips such modules silently, by this type.
 */
export class NotS3BackendError extends InvalidInputError {
  /** What the module has instead: no backend at all, a `cloud` block, or the other backend's type. */
  readonly found:
    | { readonly kind: "none" }
    | { readonly kind: "cloud" }
    | { readonly kind: "backend"; readonly type: string };
  constructor(message: string, found: NotS3BackendError["found"], at: Location | null) {
    super(`${message}: tfwhy explains the s3 backend`, at);
    this.found = found;
  }
}

/**
 * A directory tree holds no root module with an S3 backend: no configuration mentions one (`none`), or every
 * candidate turned out to use another backend (`other-backends`). An `InvalidInputError` (exit 2).
 */
export class NoS3RootModuleError extends InvalidInputError {
  /** The directory that was searched, as given. */
  readonly root: string;
  readonly reason: "none" | "other-backends";
  constructor(root: string, reason: NoS3RootModuleError["reason"]) {
    const why = reason === "other-backends" ? " (the candidates use other backends)" : "";
    super(`${root}: no root module with a backend "s3" block found${why}`);
    this.root = root;
    this.reason = reason;
  }
}

/**
 * A `-backend-config` file given for a whole tree exists nowhere: an absolute path that is missing (`missing`), or
 * a relative one found in none of the modules (`in-no-module`). An `InvalidInputError` (exit 2).
 */
export class BackendConfigFileNotFoundError extends InvalidInputError {
  /** The `-backend-config` value, as given. */
  readonly value: string;
  readonly reason: "missing" | "in-no-module";
  /** How many root modules were searched for a relative file. */
  readonly moduleCount: number;
  constructor(value: string, reason: BackendConfigFileNotFoundError["reason"], moduleCount: number) {
    const where =
      reason === "missing" ? "no such file" : `no such file in any of the ${moduleCount} root modules found`;
    super(`-backend-config=${value}: ${where}`);
    this.value = value;
    this.reason = reason;
    this.moduleCount = moduleCount;
  }
}
