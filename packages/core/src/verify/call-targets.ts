/** Where and how each call is sent: the client settings Terraform applies to its own clients, per service. */
import type { BackendSettings } from "../settings/client-settings.js";
import type { AwsCredentials, CallTarget, S3Target, SignedTarget } from "./port/aws-port.js";

/** What a target is built from: the client settings, the call budget, the run's signal, the final credentials. */
export interface TargetInputs {
  readonly settings: BackendSettings;
  readonly timeoutMs: number;
  readonly signal: AbortSignal | undefined;
  readonly credentials: AwsCredentials | null;
}

function base(r: TargetInputs, region: string, endpoint: string | undefined, cleanup = false): CallTarget {
  return {
    region,
    ...(endpoint ? { endpoint } : {}),
    maxAttempts: r.settings.maxAttempts,
    timeoutMs: r.timeoutMs,
    ...(r.signal && !cleanup ? { signal: r.signal } : {}),
  };
}

/**
 * STS client settings. The backend's own STS calls (GetCallerIdentity, assume_role, assume_role_with_web_identity)
 * use sts_region (aws-sdk-go-base clients.go stsClient). Calls made inside the SDK chain (profile role_arn, env or
 * profile web identity) use the main region; sts_region only becomes their signing region together with a custom
 * STS endpoint (aws-sdk-go-base endpoints.go credentialsEndpointResolver).
 */
export function stsTarget(r: TargetInputs, via: "backend" | "chain"): CallTarget {
  const s = r.settings;
  const region = via === "backend" || s.endpoints.sts ? (s.stsRegion ?? s.region) : s.region;
  return base(r, region, s.endpoints.sts);
}

export function signedStsTarget(r: TargetInputs, via: "backend" | "chain", credentials: AwsCredentials): SignedTarget {
  return { ...stsTarget(r, via), credentials };
}

/**
 * `cleanup`: for undoing probes; ignores the caller's AbortSignal (a Ctrl-C must still clean up) and uses the
 * clean-up's own deadline instead, when given (the per-call timeout still applies).
 */
export function s3Target(r: TargetInputs, cleanup = false, deadline?: AbortSignal): S3Target {
  return {
    ...base(r, r.settings.region, r.settings.endpoints.s3, cleanup),
    ...(cleanup && deadline ? { signal: deadline } : {}),
    credentials: r.credentials!,
    forcePathStyle: r.settings.forcePathStyle,
  };
}

export function dynamodbTarget(r: TargetInputs, cleanup = false, deadline?: AbortSignal): SignedTarget {
  return {
    ...base(r, r.settings.region, r.settings.endpoints.dynamodb, cleanup),
    ...(cleanup && deadline ? { signal: deadline } : {}),
    credentials: r.credentials!,
  };
}

export function kmsTarget(r: TargetInputs, region: string): SignedTarget {
  return { ...base(r, region, r.settings.endpoints.kms), credentials: r.credentials! };
}

export function ssoTarget(r: TargetInputs, region: string): CallTarget {
  return base(r, region, r.settings.endpoints.sso);
}
