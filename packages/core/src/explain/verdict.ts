import type { ModuleFacts } from "../backend/module-facts.js";
import type { ModuleProblem } from "../backend/module-problems.js";
import type { ChainOutcome } from "../chain/terraform-s3.js";
import { INVALID_REGION } from "../settings/region.js";
import type { RegionAnswer, TerraformWarning, Verdict } from "../trace.js";

/** How far init gets through hashicorp/terraform internal/command/meta_backend.go backendInitFromConfig. */
type FailingStage = "decode" | "prepare-config" | "configure-region" | "configure" | null;

/**
 * The first error Terraform prints, in its own order: configuration decoding and PrepareConfig (schema, required
 * attributes, region) come before Configure (the SDK's configuration loading, credentials, then the SSE-C key checks).
 */
export function decideVerdict(module: ModuleFacts, region: RegionAnswer, chain: ChainOutcome): Verdict {
  const errors = module.problems.filter((p) => p.severity === "error");
  const warningsUpTo = (stage: FailingStage) => backendWarnings(module.problems, stage);
  const configError = errors.find((p) => p.stage !== "configure" && p.stage !== "configure-before-credentials");
  if (configError) {
    const stage = configError.stage === "decode" ? "decode" : "prepare-config";
    return { terraformFails: true, firstError: configError.terraformError, backendWarnings: warningsUpTo(stage) };
  }
  if (region.value === null && "unknown" in region)
    return { terraformFails: null, firstError: null, unknown: region.unknown, backendWarnings: warningsUpTo(null) };
  if (region.value === null) {
    // Configure validates the region first and returns at once, before its own warnings (backend.go Configure).
    const stage = region.error.terraformError === INVALID_REGION ? "configure-region" : "prepare-config";
    return { terraformFails: true, firstError: region.error.terraformError, backendWarnings: warningsUpTo(stage) };
  }
  // The SDK's configuration loading fails before any credential source is tried (aws-sdk-go-base GetAwsConfig),
  // after Configure's own warnings.
  const loadError = errors.find((p) => p.stage === "configure-before-credentials");
  if (loadError)
    return { terraformFails: true, firstError: loadError.terraformError, backendWarnings: warningsUpTo("configure") };
  if (chain.credentials.unknown) {
    return {
      terraformFails: null,
      firstError: null,
      unknown: chain.credentials.unknown,
      backendWarnings: warningsUpTo(null),
    };
  }
  if (chain.credentials.status === "failed") {
    return {
      terraformFails: true,
      firstError: chain.credentials.error?.terraformError ?? null,
      backendWarnings: warningsUpTo("configure"),
    };
  }
  const configureError = errors.find((p) => p.stage === "configure");
  if (configureError) {
    return {
      terraformFails: true,
      firstError: configureError.terraformError,
      backendWarnings: warningsUpTo("configure"),
    };
  }
  return { terraformFails: false, firstError: null, backendWarnings: warningsUpTo(null) };
}

/**
 * The backend's warnings in the stages init reaches: none when decoding fails (PrepareConfig never runs),
 * PrepareConfig's when it or Configure's region check fails, and Configure's too from then on (null: init gets
 * through Configure, so a later failure would print them all).
 */
function backendWarnings(problems: readonly ModuleProblem[], failingStage: FailingStage): TerraformWarning[] {
  if (failingStage === "decode") return [];
  const reachesConfigure = failingStage !== "prepare-config" && failingStage !== "configure-region";
  return problems
    .filter((p) => p.terraformWarning !== undefined && (p.stage !== "configure" || reachesConfigure))
    .map((p) => ({
      summary: p.terraformWarning ?? "",
      detail: p.message,
      location: p.terraformAt !== undefined ? p.terraformAt : p.at,
    }));
}
