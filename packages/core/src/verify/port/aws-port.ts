/**
 * The AWS calls verify makes, named after the operations, returning domain data. Every call either resolves or
 * throws an AwsCallError; the verifier turns those into check results. The default implementation is
 * createSdkAwsPort() (sdk-aws-port.ts), which loads the AWS SDK lazily; tests may inject their own.
 */

import type { RoleHop } from "../../chain/plan.js";
import { TfwhyError } from "../../errors.js";

/** Credentials in memory only: never put into a report (see maskAccessKeyId). */
export interface AwsCredentials {
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
  readonly sessionToken?: string;
  readonly expiration?: Date;
}

/** Where and how one call is sent: the settings Terraform applies to its own clients. */
export interface CallTarget {
  readonly region: string;
  /** Custom endpoint URL (backend `endpoints.*`, deprecated `*_endpoint` or `AWS_ENDPOINT_URL_*`). */
  readonly endpoint?: string;
  /** Terraform's `max_retries`, which the Go SDK uses as RetryMaxAttempts (so it counts attempts). */
  readonly maxAttempts: number;
  /** Whole-call budget, retries included. */
  readonly timeoutMs: number;
  readonly signal?: AbortSignal;
}

export interface SignedTarget extends CallTarget {
  readonly credentials: AwsCredentials;
}

export interface S3Target extends SignedTarget {
  /** `use_path_style` (or the deprecated `force_path_style`). */
  readonly forcePathStyle: boolean;
}

export type { SseHeaders } from "../../settings/client-settings.js";

import type { SseHeaders } from "../../settings/client-settings.js";

export interface CallerIdentity {
  readonly account: string;
  readonly arn: string;
  readonly userId: string;
}

/** One sts:AssumeRole call: a role hop of the plan, with the session name settled. */
export type AssumeRoleParams = Omit<RoleHop, "via" | "sessionName"> & { readonly sessionName: string };

export interface AssumeRoleWithWebIdentityParams {
  readonly roleArn: string;
  readonly sessionName: string;
  readonly webIdentityToken: string;
  readonly durationSeconds?: number;
  readonly policy?: string;
  readonly policyArns?: readonly string[];
}

/** What a role call returns: the temporary credentials and the session's ARN. */
export interface RoleCredentials extends AwsCredentials {
  readonly assumedRoleArn?: string;
}

export interface ObjectHead {
  readonly contentLength: number | null;
  readonly lastModified: string | null;
  readonly serverSideEncryption: string | null;
  readonly kmsKeyId: string | null;
}

export interface ObjectBody extends ObjectHead {
  readonly text: string;
}

/** One entry of ListObjectVersions: a version or a delete marker. */
export interface ObjectVersion {
  readonly key: string;
  /** `null` is S3's own "null" version of an unversioned (or suspended) bucket. */
  readonly versionId: string;
  readonly deleteMarker: boolean;
}

export interface BucketEncryptionRule {
  /** `AES256`, `aws:kms`, `aws:kms:dsse`. */
  readonly algorithm: string;
  readonly kmsKeyId: string | null;
  readonly bucketKeyEnabled: boolean;
}

export interface TableDescription {
  readonly status: string;
  readonly arn: string | null;
  readonly keySchema: readonly {
    readonly name: string;
    readonly keyType: "HASH" | "RANGE";
    readonly attributeType: string | null;
  }[];
}

export interface KmsKeyDescription {
  readonly keyId: string;
  readonly arn: string;
  /** `Enabled`, `Disabled`, `PendingDeletion`, … */
  readonly state: string;
  readonly keyManager: string | null;
}

/** What an authorisation check that cannot write found: allowed, or (a store ignoring its guards) written. */
export type AccessAnswer = "allowed" | "written";

/**
 * The only door to AWS. Methods throw AwsCallError (never an SDK error) and honour `target.timeoutMs` and
 * `target.signal`. Credential-source calls (process, container, IMDS, SSO) are here too: they are I/O.
 */
export interface AwsPort {
  // STS / SSO / credential sources
  getCallerIdentity(target: SignedTarget): Promise<CallerIdentity>;
  assumeRole(target: SignedTarget, params: AssumeRoleParams): Promise<RoleCredentials>;
  /** Unsigned, like the Go SDK's call (the STS client has no credentials). */
  assumeRoleWithWebIdentity(target: CallTarget, params: AssumeRoleWithWebIdentityParams): Promise<RoleCredentials>;
  /** SSO portal GetRoleCredentials with the cached access token; `target.region` is the sso_region. */
  getRoleCredentials(
    target: CallTarget,
    params: { readonly accessToken: string; readonly accountId: string; readonly roleName: string },
  ): Promise<AwsCredentials>;
  /** Runs `credential_process` the way the Go SDK does (`sh -c`), parses its JSON. */
  processCredentials(params: {
    readonly command: string;
    readonly timeoutMs: number;
    readonly signal?: AbortSignal;
  }): Promise<AwsCredentials>;
  /** ECS/EKS container credentials endpoint. */
  containerCredentials(params: {
    readonly url: string;
    readonly authorizationToken?: string;
    readonly timeoutMs: number;
    readonly signal?: AbortSignal;
  }): Promise<AwsCredentials>;
  /** EC2 instance metadata role credentials (IMDSv2 token, then v1 fallback). */
  imdsCredentials(params: {
    readonly endpoint: string;
    readonly timeoutMs: number;
    readonly signal?: AbortSignal;
  }): Promise<AwsCredentials & { readonly roleName: string }>;

  // S3
  /** Resolves with the bucket's region when S3 says it (x-amz-bucket-region). */
  headBucket(target: S3Target, bucket: string): Promise<{ readonly region: string | null }>;
  listObjectsV2(
    target: S3Target,
    params: { readonly bucket: string; readonly prefix: string; readonly maxKeys?: number },
  ): Promise<{ readonly keys: readonly string[]; readonly truncated: boolean }>;
  headObject(
    target: S3Target,
    params: { readonly bucket: string; readonly key: string; readonly sse?: SseHeaders },
  ): Promise<ObjectHead>;
  /** `range` is an HTTP Range value such as `bytes=0-0`. */
  getObject(
    target: S3Target,
    params: { readonly bucket: string; readonly key: string; readonly range?: string; readonly sse?: SseHeaders },
  ): Promise<ObjectBody>;
  /** The policy document, or null when the bucket has none (NoSuchBucketPolicy). */
  getBucketPolicy(target: S3Target, bucket: string): Promise<string | null>;
  getBucketVersioning(target: S3Target, bucket: string): Promise<{ readonly status: "Enabled" | "Suspended" | null }>;
  /** The default-encryption rules, or null when none is configured. */
  getBucketEncryption(target: S3Target, bucket: string): Promise<readonly BucketEncryptionRule[] | null>;
  /** Write probe only. `ifNoneMatch: "*"` is the lockfile's conditional create (lockWithFile). */
  putObject(
    target: S3Target,
    params: {
      readonly bucket: string;
      readonly key: string;
      readonly body: string;
      readonly sse?: SseHeaders;
      readonly acl?: string;
      readonly checksumSha256: boolean;
      readonly ifNoneMatch?: "*";
    },
  ): Promise<{ readonly versionId: string | null }>;
  /**
   * Write probe clean-up only. With `versionId` (a versioned bucket) the probe's version is removed for good
   * (s3:DeleteObjectVersion) instead of being hidden behind a delete marker.
   */
  deleteObject(
    target: S3Target,
    params: { readonly bucket: string; readonly key: string; readonly versionId?: string },
  ): Promise<void>;
  /**
   * An authorisation check that cannot write (read-only verify): PutObject of an empty body with a Content-MD5 that
   * does not match it, the headers a state write sends, and a precondition that fails: `If-Match` an ETag no object
   * has when the key is absent (`exists: false`), `If-None-Match: *` when it is there. S3 authorises first
   * (AccessDenied: thrown), then fails the precondition (404 NoSuchKey, 412) or the digest (400 BadDigest):
   * "allowed". "written" only from a store that honours neither guard (on an absent key: the caller removes it).
   */
  putObjectAccess(
    target: S3Target,
    params: {
      readonly bucket: string;
      readonly key: string;
      readonly exists: boolean;
      readonly sse?: SseHeaders;
      readonly acl?: string;
    },
  ): Promise<AccessAnswer>;
  /**
   * An authorisation check that cannot delete: DeleteObject with `If-Match` an ETag no object has (S3 conditional
   * deletes): AccessDenied is thrown; 404 NoSuchKey or 412 means "allowed". "written": the store ignored the
   * condition (on a key the caller knows is absent, so nothing was removed).
   */
  deleteObjectAccess(
    target: S3Target,
    params: { readonly bucket: string; readonly key: string },
  ): Promise<AccessAnswer>;
  /**
   * Write probe clean-up only (s3:ListBucketVersions): the versions and delete markers whose key starts with
   * `prefix`, to find a probe version whose PutObject answer never came and to confirm none is left.
   */
  listObjectVersions(
    target: S3Target,
    params: { readonly bucket: string; readonly prefix: string },
  ): Promise<readonly ObjectVersion[]>;

  // DynamoDB
  /** Not a call Terraform makes: verify uses it only to check the key schema. */
  describeTable(target: SignedTarget, table: string): Promise<TableDescription>;
  /** The item's string attributes, or null when there is no such item. */
  getItem(
    target: SignedTarget,
    params: { readonly table: string; readonly lockId: string },
  ): Promise<Readonly<Record<string, string>> | null>;
  /** Write probe only: PutItem with `attribute_not_exists(LockID)` like Terraform's lock. */
  putLockItem(
    target: SignedTarget,
    params: { readonly table: string; readonly lockId: string; readonly info: string },
  ): Promise<void>;
  /** Write probe clean-up only. */
  deleteItem(target: SignedTarget, params: { readonly table: string; readonly lockId: string }): Promise<void>;
  /**
   * Authorisation checks that cannot write: PutItem / DeleteItem of `lockId` with a condition that never holds
   * (`attribute_exists(LockID) AND attribute_not_exists(LockID)`). DynamoDB authorises first (AccessDenied:
   * thrown), then answers ConditionalCheckFailedException: "allowed".
   */
  putItemAccess(
    target: SignedTarget,
    params: { readonly table: string; readonly lockId: string },
  ): Promise<AccessAnswer>;
  deleteItemAccess(
    target: SignedTarget,
    params: { readonly table: string; readonly lockId: string },
  ): Promise<AccessAnswer>;

  // KMS
  describeKey(target: SignedTarget, keyId: string): Promise<KmsKeyDescription>;
  /** Write probe only (not mutating, but it is what a state write makes S3 do on your behalf). */
  generateDataKey(target: SignedTarget, keyId: string): Promise<void>;
}

/** What kind of failure a call ended in, beyond AWS's own error code. */
export type AwsFailureKind = "aws" | "timeout" | "network" | "aborted" | "invalid-response";

/**
 * A failed AWS call: JSON-safe fields plus the original error as `cause`. A TfwhyError with code `aws-call`; what
 * AWS (or the transport) answered is `awsCode`. Verify never lets one escape: each becomes a check result.
 */
export class AwsCallError extends TfwhyError {
  override readonly name = "AwsCallError";
  readonly operation: string;
  /**
   * AWS error code (`AccessDenied`, `NoSuchBucket`), or `Timeout`/`NetworkError`/`Aborted` for transport failures.
   * Reports show it as `awsError.code`.
   */
  readonly awsCode: string;
  readonly httpStatus: number | null;
  readonly requestId: string | null;
  readonly kind: AwsFailureKind;
  /** x-amz-bucket-region on S3 errors (301/403 HeadBucket), when present. */
  readonly bucketRegion: string | null;
  /** The call's budget ran out while the endpoint kept answering this error (e.g. 503 SlowDown on every retry). */
  readonly budgetExhausted: boolean;
  constructor(
    fields: {
      readonly operation: string;
      readonly awsCode: string;
      readonly message: string;
      readonly httpStatus?: number | null;
      readonly requestId?: string | null;
      readonly kind?: AwsFailureKind;
      readonly bucketRegion?: string | null;
      readonly budgetExhausted?: boolean;
    },
    options?: ErrorOptions,
  ) {
    super("aws-call", fields.message, options);
    this.operation = fields.operation;
    this.awsCode = fields.awsCode;
    this.httpStatus = fields.httpStatus ?? null;
    this.requestId = fields.requestId ?? null;
    this.kind = fields.kind ?? "aws";
    this.bucketRegion = fields.bucketRegion ?? null;
    this.budgetExhausted = fields.budgetExhausted ?? false;
  }
}

export function isAwsCallError(error: unknown): error is AwsCallError {
  return error instanceof AwsCallError;
}
