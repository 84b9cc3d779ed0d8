import type { BackendView } from "../chain/backend-view.js";
import type { RegionAnswer } from "../trace.js";

type Env = Readonly<Record<string, string | undefined>>;

/** Terraform's PrepareConfig texts for a missing or invalid region. */
export const MISSING_REGION = "Missing region value";
export const INVALID_REGION = "Invalid region value";

/**
 * The backend's region: the `region` attribute, then AWS_REGION, then AWS_DEFAULT_REGION (config resolveRegion).
 * The profile's region would come next in the SDK, but PrepareConfig fails first when all three are empty
 * (hashicorp/terraform#29254), so it is never used.
 */
export function resolveRegion(backend: BackendView, env: Env): RegionAnswer {
  const attribute = backend.string("region");
  if (attribute) {
    if (!backend.bool("skip_region_validation") && !looksLikeAwsRegion(attribute)) {
      return {
        value: null,
        from: null,
        error: { code: "region-invalid", message: `The region attribute "${attribute}" is not an AWS region.`, terraformError: INVALID_REGION },
      };
    }
    return { value: attribute, from: "backend", at: backend.at("region") };
  }
  if (env.AWS_REGION) return { value: env.AWS_REGION, from: "AWS_REGION", at: null };
  if (env.AWS_DEFAULT_REGION) return { value: env.AWS_DEFAULT_REGION, from: "AWS_DEFAULT_REGION", at: null };
  return {
    value: null,
    from: null,
    error: {
      code: "region-missing",
      message: 'The "region" attribute or the "AWS_REGION" or "AWS_DEFAULT_REGION" environment variables must be set.',
      terraformError: MISSING_REGION,
    },
  };
}

/**
 * aws-sdk-go-base checks the attribute against its partition region list; the shape of every AWS region
 * (aws, aws-cn, aws-us-gov, iso partitions) is `<area>-<direction>-<n>`.
 */
function looksLikeAwsRegion(region: string): boolean {
  return /^[a-z]{2}(-gov|-iso[a-z]?)?-[a-z]+-\d+$/.test(region);
}
