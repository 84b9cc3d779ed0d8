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
   * When Terraform reports it (hashicorp/terraform internal/command/meta_backend.go backendInitFromConfig): `decode`
   * while decoding the block against the schema (hcldec.Decode), absent in PrepareConfig, `configure` in Configure
   * (the SSE-C key checks, the deprecated endpoint environment variables), `configure-before-credentials` in
   * Configure while the SDK loads its configuration, before any credential source is tried (an invalid
   * AWS_EC2_METADATA_SERVICE_ENDPOINT_MODE or AWS_IGNORE_CONFIGURED_ENDPOINT_URLS).
   */
  readonly stage?: "decode" | "configure" | "configure-before-credentials";
  /**
   * Where Terraform points its diagnostic, when that is not `at`: PrepareConfig's attribute paths resolve only to
   * attributes written in the backend block itself, so a value from a -backend-config file or a nested key is
   * reported at the `backend "s3"` block (seen on 1.11.4, conformance/FINDINGS.md §15).
   */
  readonly terraformAt?: Location | null;
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
  "duplicate-argument": "backend-value-invalid",
  "invalid-cli-expression": "backend-value-invalid",
  "file-unreadable": "backend-value-invalid",
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
        stage: "decode",
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
      stage: "decode",
    };
  });
  for (const d of backend.deprecated) {
    // PrepareConfig deprecatedAttrDiag (hashicorp/terraform internal/backend/remote-state/s3/backend.go): a warning
    // Terraform 1.11.4 prints only when init then fails; on success it drops it (FINDINGS.md §8, §15).
    const { warning } = d;
    problems.push({
      code: "attribute-deprecated",
      severity: "info",
      message: warning
        ? `${warning.detail} (Terraform's "Warning: ${warning.summary}", which Terraform 1.11.4 prints only when ` +
          "init fails.)"
        : `tfwhy note: "${d.attribute}" is marked deprecated in Terraform 1.11's backend schema (Terraform 1.11.4 ` +
          `prints no warning for it); ${d.replacement} is its replacement.`,
      at: d.at,
      fix: `Use ${d.replacement} instead of ${d.attribute}.`,
      terraformError: null,
      ...(warning && {
        terraformWarning: warning.summary,
        ...(!(d.via === "backend-block" && !d.attribute.includes(".")) && { terraformAt: backend.block }),
      }),
    });
  }
  return problems;
}

export function isNonEmptyString(value: unknown): value is string {
  return typeof value === "string" && value !== "";
}
