import type { Location } from "../location.js";
import type { BackendValueOrigin } from "../trace.js";
import type { BackendAttribute } from "./backend-attribute.js";
import type { BackendDeprecationNote } from "./schema.js";

/** The merged `backend "s3"` configuration. */
export interface S3BackendConfig {
  /** The `backend "s3"` block (in an override file when one replaced it). */
  readonly block: Location;
  /** Every attribute set after merging the block with the `-backend-config` arguments, sorted by name. */
  readonly attributes: readonly BackendAttribute[];
  /** What Terraform would reject, collected rather than thrown so the caller can report it with its location. */
  readonly schemaProblems: readonly BackendSchemaProblem[];
  /** Deprecated attributes that are set (non-null), with Terraform's warning. */
  readonly deprecated: readonly BackendDeprecation[];
  /** A lone `-backend-config=""`: Terraform's explicit "no overrides". */
  readonly overridesCleared: boolean;
}

/** Kinds of backend configuration Terraform rejects (or tfwhy cannot read). */
export type BackendProblemCode =
  | "unsupported-argument"
  | "removed-argument"
  | "unsupported-block"
  | "invalid-cli-argument"
  | "invalid-cli-value"
  | "invalid-value-type"
  | "variables-not-allowed"
  | "functions-not-allowed"
  | "expression-not-evaluated"
  | "duplicate-argument"
  | "invalid-cli-expression"
  | "file-unreadable";

/** A configuration error Terraform reports, in Terraform's words. */
export interface BackendSchemaProblem {
  readonly code: BackendProblemCode;
  /** The attribute (or block type) concerned. */
  readonly attribute: string;
  readonly via: BackendValueOrigin;
  readonly at: Location | null;
  /**
   * Terraform's diagnostic summary, e.g. `Unsupported argument`. `expression-not-evaluated` is tfwhy's own limit,
   * not a Terraform error.
   */
  readonly summary: string;
  /** Terraform's diagnostic detail. */
  readonly detail: string;
  /** What tfwhy adds, e.g. where a removed attribute went; null when nothing. */
  readonly hint: string | null;
}

/** A deprecated attribute that is set. */
export interface BackendDeprecation {
  /** Dotted for nested attributes: `endpoints.dynamodb`. */
  readonly attribute: string;
  readonly replacement: string;
  /** Terraform's warning, or null when Terraform prints none (see {@link BackendDeprecationNote}). */
  readonly warning: BackendDeprecationNote["warning"];
  readonly via: BackendValueOrigin;
  readonly at: Location | null;
}
