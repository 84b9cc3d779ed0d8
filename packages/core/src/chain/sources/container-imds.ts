/**
 * The container credentials endpoint, then EC2 instance metadata. Mirrors aws/aws-sdk-go-v2
 * config/resolve_credentials.go resolveCredsFromProfile `default:` → resolveHTTPCredProvider /
 * resolveLocalHTTPCredProvider (RELATIVE before FULL since config v1.27.34) and resolveEC2RoleCredentials.
 */
import { envEvidence } from "../../evidence.js";
import type { Evidence, StepId } from "../../trace.js";
import type { ChainWalk } from "../chain-walk.js";
import { optional } from "../credential-plans.js";
import type { BaseCredentialPlan } from "../plan.js";
import { type DecidedOutcome, failure, NO_VALID_CREDENTIALS, picked } from "../source-outcome.js";

const CONTAINER_TITLE = "Container credentials endpoint";

/** Which step a container/IMDS answer is recorded on, and why the walk got there. */
interface Fallback {
  readonly why: string;
  readonly id: StepId;
  readonly title: string;
}

/** The last arms of resolveCredsFromProfile: container endpoint, else IMDS. */
export function containerOrImds(walk: ChainWalk, why: string): DecidedOutcome {
  const env = walk.env;
  if (env.AWS_CONTAINER_CREDENTIALS_RELATIVE_URI || env.AWS_CONTAINER_CREDENTIALS_FULL_URI) {
    return container(walk, { why, id: "container", title: CONTAINER_TITLE });
  }
  walk.recorder.skipped({
    id: "container",
    title: CONTAINER_TITLE,
    code: "container-unset",
    message: "AWS_CONTAINER_CREDENTIALS_RELATIVE_URI and _FULL_URI are not set.",
    evidence: [
      envEvidence(env, "AWS_CONTAINER_CREDENTIALS_RELATIVE_URI"),
      envEvidence(env, "AWS_CONTAINER_CREDENTIALS_FULL_URI"),
    ],
  });
  return imds(walk, { why, id: "imds", title: "EC2 instance metadata (IMDS)", evidence: [] });
}

export function container(walk: ChainWalk, { why, id, title }: Fallback): DecidedOutcome {
  const env = walk.env;
  const relative = env.AWS_CONTAINER_CREDENTIALS_RELATIVE_URI;
  const full = env.AWS_CONTAINER_CREDENTIALS_FULL_URI;
  const evidence = [
    envEvidence(env, "AWS_CONTAINER_CREDENTIALS_RELATIVE_URI"),
    envEvidence(env, "AWS_CONTAINER_CREDENTIALS_FULL_URI"),
  ];
  if (!relative && full) {
    const host = hostOf(full);
    if (host !== null && full.startsWith("http:") && !isAllowedContainerHost(host)) {
      const message =
        `AWS_CONTAINER_CREDENTIALS_FULL_URI=${full} uses plain http to ${host}; ` +
        "the Go SDK allows http only to loopback, ECS or EKS hosts.";
      walk.recorder.error({ id, title, code: "container-host-not-allowed", message, evidence });
      return failure({
        code: "container-host-not-allowed",
        message,
        terraformError: `invalid endpoint host, "${host}", only loopback/ecs/eks hosts are allowed`,
      });
    }
  }
  const endpoint = relative ? `http://169.254.170.2${relative}` : full!;
  walk.recorder.picked({
    id,
    title,
    code: "container-endpoint",
    message: `${why}: credentials come from the container endpoint ${endpoint}.`,
    evidence,
    credential: { source: "CredentialsEndpointProvider", accessKeyId: null },
  });
  return picked({
    source: "CredentialsEndpointProvider",
    accessKeyId: null,
    sourceFile: null,
    profileRoles: [],
    plan: containerPlan(walk, endpoint),
  });
}

/**
 * IMDS enable state: skip_metadata_api_check, then AWS_EC2_METADATA_DISABLED (true/false, case-insensitive),
 * else on.
 */
export function imds(
  walk: ChainWalk,
  { why, id, title, evidence: extraEvidence }: Fallback & { readonly evidence: readonly Evidence[] },
): DecidedOutcome {
  const { backend, env, recorder } = walk;
  const skip = backend.bool("skip_metadata_api_check");
  const envValue = env.AWS_EC2_METADATA_DISABLED?.toLowerCase();
  const evidence: Evidence[] = [...extraEvidence];
  if (skip !== undefined) evidence.push(backend.evidence("skip_metadata_api_check"));
  evidence.push(envEvidence(env, "AWS_EC2_METADATA_DISABLED"));
  const disabledBy =
    skip === true
      ? `skip_metadata_api_check = true (${backend.describe("skip_metadata_api_check")})`
      : skip === undefined && envValue === "true"
        ? "AWS_EC2_METADATA_DISABLED=true"
        : null;
  if (disabledBy) {
    const message = `${why}, and IMDS is disabled by ${disabledBy}: no source is left.`;
    recorder.error({ id, title, code: "imds-disabled", message, evidence });
    return failure({ code: "no-credential-source", message, terraformError: NO_VALID_CREDENTIALS });
  }
  const endpoint =
    backend.string("ec2_metadata_service_endpoint") ??
    env.AWS_EC2_METADATA_SERVICE_ENDPOINT ??
    env.AWS_METADATA_URL ??
    "http://169.254.169.254";
  const reenabled =
    skip === false && envValue === "true"
      ? " (skip_metadata_api_check = false overrides AWS_EC2_METADATA_DISABLED=true)"
      : "";
  recorder.picked({
    id,
    title,
    code: "imds-fallback",
    message:
      `${why}: Terraform asks the EC2 instance metadata service at ${endpoint}${reenabled}; ` +
      "this only works on EC2 or with a reachable metadata endpoint.",
    evidence,
    credential: { source: "EC2RoleProvider", accessKeyId: null },
  });
  recorder.diagnose({
    code: "imds-fallback",
    severity: "warning",
    message:
      `No configured source provides credentials: Terraform falls back to EC2 instance metadata (${endpoint}). ` +
      'Off EC2 it fails with "No valid credential sources found".',
    location: null,
    fix:
      'Name a profile in the backend configuration (profile = "…"), ' +
      "or export AWS_PROFILE or the AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY pair.",
  });
  return picked({
    source: "EC2RoleProvider",
    accessKeyId: null,
    sourceFile: null,
    profileRoles: [],
    plan: { kind: "imds", endpoint },
  });
}

function containerPlan(walk: ChainWalk, url: string): BaseCredentialPlan {
  return {
    kind: "container",
    url,
    ...optional("authorizationToken", walk.env.AWS_CONTAINER_AUTHORIZATION_TOKEN),
    ...optional("authorizationTokenFile", walk.env.AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE),
  };
}

function hostOf(url: string): string | null {
  try {
    return new URL(url).hostname.replace(/^\[|\]$/g, "");
  } catch {
    return null;
  }
}

/**
 * The hosts plain http may reach (config/resolve_credentials.go resolveLocalHTTPCredProvider; the endpointcreds
 * validateLocalURL rule): loopback, the ECS and EKS link-local hosts.
 */
function isAllowedContainerHost(host: string): boolean {
  if (host === "localhost" || host === "::1" || /^127\./.test(host)) return true;
  return ["169.254.170.2", "169.254.170.23", "fd00:ec2::23"].includes(host);
}
