import type { BackendView } from "../backend/backend-view.js";
import { formatLocation, type Location } from "../location.js";
import type { RegionAnswer } from "../trace.js";

type Env = Readonly<Record<string, string | undefined>>;

/** Terraform's PrepareConfig texts for a missing or invalid region. */
export const MISSING_REGION = "Missing region value";
export const INVALID_REGION = "Invalid region value";

/**
 * The backend's region: the `region` attribute, then AWS_REGION, then AWS_DEFAULT_REGION (config resolveRegion).
 * The profile's region would come next in the SDK, but PrepareConfig fails first when all three are empty
 * (hashicorp/terraform#29254), so it is never used.
 * The region is unknown, not missing, when the backend's region is an expression tfwhy does not evaluate
 * (`unevaluated`: module facts' attributes set by such expressions).
 */
export function resolveRegion(
  backend: BackendView,
  env: Env,
  unevaluated: ReadonlyMap<string, Location | null>,
): RegionAnswer {
  if (unevaluated.has("region")) return unknownRegion(unevaluated.get("region") ?? null);
  const attribute = backend.string("region");
  if (attribute) {
    if (!backend.bool("skip_region_validation") && !isKnownRegion(attribute)) {
      return {
        value: null,
        from: null,
        error: {
          code: "region-invalid",
          message:
            `Invalid AWS Region: ${attribute}. Terraform 1.11 checks the region attribute against its own list ` +
            "(skip_region_validation = true turns that off; AWS_REGION is never checked).",
          terraformError: INVALID_REGION,
        },
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

function unknownRegion(at: Location | null): RegionAnswer {
  const message =
    `The region is unknown offline: region${at ? ` (${formatLocation(at)})` : ""} is an expression ` +
    "tfwhy does not evaluate; Terraform uses its value over AWS_REGION and AWS_DEFAULT_REGION.";
  return { value: null, from: "backend", at, unknown: { attributes: ["region"], message } };
}

/**
 * The regions aws-sdk-go-base (beta.62, in Terraform 1.11.4) accepts for the `region` attribute: its generated
 * partition list (internal/endpoints). Read off real Terraform 1.11.4 by trying each candidate (`Invalid region
 * value` or not); e.g. ap-southeast-6, ap-east-2 and cn-north-2 are rejected, the match is case-sensitive.
 */
const KNOWN_REGIONS: ReadonlySet<string> = new Set([
  "af-south-1",
  "ap-east-1",
  "ap-northeast-1",
  "ap-northeast-2",
  "ap-northeast-3",
  "ap-south-1",
  "ap-south-2",
  "ap-southeast-1",
  "ap-southeast-2",
  "ap-southeast-3",
  "ap-southeast-4",
  "ap-southeast-5",
  "ap-southeast-7",
  "ca-central-1",
  "ca-west-1",
  "cn-north-1",
  "cn-northwest-1",
  "eu-central-1",
  "eu-central-2",
  "eu-isoe-west-1",
  "eu-north-1",
  "eu-south-1",
  "eu-south-2",
  "eu-west-1",
  "eu-west-2",
  "eu-west-3",
  "il-central-1",
  "me-central-1",
  "me-south-1",
  "mx-central-1",
  "sa-east-1",
  "us-east-1",
  "us-east-2",
  "us-gov-east-1",
  "us-gov-west-1",
  "us-iso-east-1",
  "us-iso-west-1",
  "us-isob-east-1",
  "us-isof-east-1",
  "us-isof-south-1",
  "us-west-1",
  "us-west-2",
]);

function isKnownRegion(region: string): boolean {
  return KNOWN_REGIONS.has(region);
}
