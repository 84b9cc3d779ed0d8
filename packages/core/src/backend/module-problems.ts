import type { Location } from "../location.js";
import type { DiagnosticCode } from "../reasons.js";
import type { Severity } from "../trace.js";
import type { BackendSchemaProblem, S3BackendConfig } from "./backend-config.js";

/** A problem Terraform reports while decoding or preparing the backend configuration. */
export interface ModuleProblem {
  readonly code: DiagnosticCode;
  readonly severity: Severity;
  readonly message: string;
  readonly at: Location | null;
  readonly fix: string | null;
  /** For errors: the summary Terraform prints. */
  readonly terraformError: string | null;
  /**
   * For a warning Terraform's backend itself emits (PrepareConfig or Configure diagnostics): its summary, e.g.
   * `Deprecated Parameter`. Terraform 1.11.4 prints these only when init then fails (verdict.ts decides which).
   */
  readonly terraformWarning?: string;
  /**
   * When Terraform reports it: while decoding/preparing the configuration (unset), in Configure after the
   * credentials were resolved (the SSE-C key checks), or in Configure while the SDK loads its configuration, before
   * any credential source is tried (an invalid AWS_EC2_METADATA_SERVICE_ENDPOINT_MODE).
   */
  readonly stage?: "configure" | "configure-before-credentials";
  /** For a missing required attribute: its name. */
  readonly attribute?: string;
}

const PROBLEM_CODES: Record<BackendSchemaProblem["code"], DiagnosticCode> = {
  "unsupported-argument": "attribute-unsupported",
  "unsupported-block": "attribute-unsupported",
  "invalid-cli-argument": "attribute-unsupported",
  "removed-argument": "attribute-removed",
  "invalid-cli-value": "backend-value-invalid",
  "invalid-value-type": "backend-value-invalid",
  "variables-not-allowed": "backend-value-invalid",
  "functions-not-allowed": "backend-value-invalid",
  "expression-not-evaluated": "backend-value-not-evaluated",
};

/** Schema problems Terraform stops ignoring only when no -backend-config is given. */
const IGNORED_WITH_OVERRIDES = new Set<BackendSchemaProblem["code"]>([
  "unsupported-argument",
  "removed-argument",
  "unsupported-block",
]);

/** The schema problems and deprecations of the merged configuration, as module problems. */
export function schemaProblems(backend: S3BackendConfig, hasOverrides: boolean): ModuleProblem[] {
  const problems: ModuleProblem[] = backend.schemaProblems.map((p) => {
    // With any -backend-config (even an empty one) Terraform decodes the block with PartialContent, so unknown
    // and removed attributes there are silently dropped (checked on 1.11.4); in a -backend-config file they fail.
    if (hasOverrides && p.via === "backend-block" && IGNORED_WITH_OVERRIDES.has(p.code)) {
      return {
        code: PROBLEM_CODES[p.code],
        severity: "warning",
        message:
          `${p.summary} (ignored): ${p.detail} Terraform silently ignores it here because -backend-config is given; ` +
          "without -backend-config the same block fails.",
        at: p.at,
        fix: p.hint ?? `Remove ${p.attribute} from the backend block.`,
        terraformError: null,
      };
    }
    // Terraform accepts constant expressions tfwhy does not evaluate: not an error, just unknown to us.
    const fatal = p.code !== "expression-not-evaluated";
    return {
      code: PROBLEM_CODES[p.code],
      severity: fatal ? "error" : "warning",
      message: `${p.summary}: ${p.detail}`,
      at: p.at,
      fix: p.hint,
      terraformError: fatal ? p.summary : null,
    };
  });
  for (const d of backend.deprecated) {
    // Terraform's own warning text only where PrepareConfig prints it; otherwise tfwhy's note, as info.
    problems.push({
      code: "attribute-deprecated",
      severity: d.warning ? "warning" : "info",
      message: d.warning
        ? `${d.warning.summary}: ${d.warning.detail}`
        : `tfwhy note: "${d.attribute}" is marked deprecated in Terraform 1.11's backend schema (Terraform 1.11.4 ` +
          `prints no warning for it); ${d.replacement} is its replacement.`,
      at: d.at,
      fix: `Use ${d.replacement} instead of ${d.attribute}.`,
      terraformError: null,
    });
  }
  return problems;
}

export function isNonEmptyString(value: unknown): value is string {
  return typeof value === "string" && value !== "";
}
