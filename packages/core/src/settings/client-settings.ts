import type { BackendView } from "../backend/backend-view.js";
import type { Explanation } from "../trace.js";
import { type ProfileEndpointSettings, sdkEndpoint } from "./endpoints.js";

/**
 * The server-side encryption headers Terraform sends (hashicorp/terraform internal/backend/remote-state/s3/client.go:
 * put, get, lockWithFile).
 */
export type SseHeaders =
  | { readonly kind: "none" }
  | { readonly kind: "aes256" }
  | { readonly kind: "kms"; readonly kmsKeyId: string }
  | { readonly kind: "sse-c"; readonly customerKeyBase64: string };

/** Settings Terraform applies to its clients, resolved once from the explanation and the merged backend. */
export interface BackendSettings {
  readonly bucket: string;
  /** The configured `key`: the default workspace's state path. */
  readonly key: string;
  readonly workspaceKeyPrefix: string;
  /** The selected workspace. */
  readonly workspace: string;
  /**
   * The state object's key for the selected workspace (backend_state.go path): what Terraform reads, writes and
   * locks (LockID `<bucket>/<statePath>`, lockfile `<statePath>.tflock`).
   */
  readonly statePath: string;
  readonly region: string;
  /** `sts_region`, when set. */
  readonly stsRegion: string | null;
  readonly endpoints: Readonly<Partial<Record<"s3" | "sts" | "dynamodb" | "sso" | "kms", string>>>;
  readonly maxAttempts: number;
  readonly forcePathStyle: boolean;
  readonly dynamodbTable: string | null;
  readonly useLockfile: boolean;
  readonly encrypt: boolean;
  readonly kmsKeyId: string | null;
  /** Headers a state write sends (client.go put). */
  readonly writeSse: SseHeaders;
  /** Headers a state read sends: SSE-C only (client.go get). */
  readonly readSse: SseHeaders;
  readonly acl: string | null;
  readonly skipS3Checksum: boolean;
  readonly skipCredentialsValidation: boolean;
  readonly allowedAccountIds: readonly string[];
  readonly forbiddenAccountIds: readonly string[];
}

/**
 * The settings Terraform's Configure applies to its clients, from the explanation and the merged attributes;
 * `profile` holds the selected profile's endpoint settings (for KMS, which only the SDK resolves).
 */
export function resolveClientSettings(
  explanation: Explanation,
  backend: BackendView,
  env: Readonly<Record<string, string | undefined>>,
  profile: ProfileEndpointSettings | null = null,
): BackendSettings {
  const configured = explanation.endpoints;
  const b = explanation.backend;
  // client.go put: SSE only with encrypt = true; kms_key_id, else SSE-C (attribute or AWS_SSE_CUSTOMER_KEY), else
  // AES256.
  const customerKey = backend.string("sse_customer_key") ?? env.AWS_SSE_CUSTOMER_KEY;
  const writeSse: SseHeaders = !b.encrypt
    ? { kind: "none" }
    : b.kmsKeyId
      ? { kind: "kms", kmsKeyId: b.kmsKeyId }
      : customerKey
        ? { kind: "sse-c", customerKeyBase64: customerKey }
        : { kind: "aes256" };
  const readSse: SseHeaders = writeSse.kind === "sse-c" ? writeSse : { kind: "none" };
  // max_retries is passed as RetryMaxAttempts (default 5); only 0 lets AWS_MAX_ATTEMPTS through (Terraform hands it
  // to aws-sdk-go-base's Config.MaxRetries; checked on Terraform 1.11.4).
  const maxRetries = Number(backend.string("max_retries") ?? "5");
  const maxAttempts =
    Number.isFinite(maxRetries) && maxRetries > 0
      ? maxRetries
      : Number(env.AWS_MAX_ATTEMPTS) > 0
        ? Number(env.AWS_MAX_ATTEMPTS)
        : 3;
  // explanation.endpoints already holds Terraform's chains and the SDK's configured endpoints (AWS_ENDPOINT_URL,
  // the shared config); KMS, which Terraform never calls, only has the SDK's.
  const endpoints: Record<string, string> = {};
  // From the unredacted explanation: the rendered one shows endpoints with URL user-info hidden.
  for (const [service, url] of [
    ["s3", configured.s3?.url],
    ["sts", configured.sts?.url],
    ["dynamodb", configured.dynamodb?.url],
    ["sso", configured.sso?.url],
    ["kms", sdkEndpoint("kms", env, profile)?.url],
  ] as const) {
    if (url) endpoints[service] = url;
  }
  return {
    bucket: b.bucket ?? "",
    key: b.key ?? "",
    workspaceKeyPrefix: b.workspaceKeyPrefix,
    workspace: explanation.workspace.name,
    statePath: explanation.workspace.statePath ?? b.key ?? "",
    region: explanation.region.value ?? "",
    stsRegion: backend.string("sts_region") ?? null,
    endpoints,
    maxAttempts,
    forcePathStyle: b.usePathStyle,
    dynamodbTable: b.dynamodbTable,
    useLockfile: b.useLockfile,
    encrypt: b.encrypt,
    kmsKeyId: b.kmsKeyId,
    writeSse,
    readSse,
    acl: backend.string("acl") ?? null,
    skipS3Checksum: backend.bool("skip_s3_checksum") ?? false,
    skipCredentialsValidation: backend.bool("skip_credentials_validation") ?? false,
    allowedAccountIds: backend.stringSet("allowed_account_ids") ?? [],
    forbiddenAccountIds: backend.stringSet("forbidden_account_ids") ?? [],
  };
}
