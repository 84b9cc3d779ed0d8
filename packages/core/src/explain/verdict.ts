import type { ModuleFacts } from "../backend/module-facts.js";
import type { ChainOutcome } from "../chain/terraform-s3.js";
import type { RegionAnswer, Verdict } from "../trace.js";

/**
 * The first error Terraform prints, in its own order: configuration decoding and PrepareConfig (schema, required
 * attributes, region) come before Configure (the SDK's configuration loading, credentials, then the SSE-C key checks).
 */
export function decideVerdict(module: ModuleFacts, region: RegionAnswer, chain: ChainOutcome): Verdict {
  const errors = module.problems.filter((p) => p.severity === "error");
  const configError = errors.find((p) => p.stage === undefined);
  if (configError) return { terraformFails: true, firstError: configError.terraformError };
  if (region.value === null && "unknown" in region)
    return { terraformFails: null, firstError: null, unknown: region.unknown };
  if (region.value === null) return { terraformFails: true, firstError: region.error.terraformError };
  const loadError = errors.find((p) => p.stage === "configure-before-credentials");
  if (loadError) return { terraformFails: true, firstError: loadError.terraformError };
  if (chain.credentials.unknown) return { terraformFails: null, firstError: null, unknown: chain.credentials.unknown };
  if (chain.credentials.status === "failed")
    return { terraformFails: true, firstError: chain.credentials.error?.terraformError ?? null };
  const configureError = errors.find((p) => p.stage === "configure");
  if (configureError) return { terraformFails: true, firstError: configureError.terraformError };
  return { terraformFails: false, firstError: null };
}
