/**
 * The English of a verify run as a whole: the planned checks' titles, why nothing could be checked (Terraform
 * fails offline), lock.configured, and the fallbacks for checks that never ran.
 */
import type { Diagnosis } from "../report.js";

export const NOT_CHECKED = "Not checked.";
export const CANCELLED_SKIP = "Not checked: cancelled.";

// ── Titles of the planned checks ───────────────────────────────────────────────────────────────────────────────

export const TITLES = {
  base: (source: string | null) => `Base credentials (${source ?? "none"})`,
  hop: (roleArn: string, via: "backend" | "profile") =>
    `Assume ${roleArn} (${via === "backend" ? "backend assume_role" : "profile role_arn"})`,
  callerIdentity: "Caller identity (sts:GetCallerIdentity)",
  account: "Account allowed (allowed_account_ids / forbidden_account_ids)",
  bucket: (bucket: string, region: string) =>
    `Bucket "${bucket}" exists in ${region || "the backend region"} (s3:HeadBucket)`,
  list: (prefix: string) => `List workspaces (s3:ListBucket, prefix "${prefix}")`,
  stateRead: (key: string) => `Read state "${key}" (s3:GetObject)`,
  bucketPolicy: "Bucket policy (s3:GetBucketPolicy, analysed for this caller)",
  encryption: "Encryption (encrypt, kms_key_id, bucket default)",
  kmsKey: (keyId: string) => `KMS key ${keyId} (kms:DescribeKey)`,
  versioning: "Bucket versioning (s3:GetBucketVersioning)",
  lockConfigured: "State locking configured",
  lockfile: (key: string) => `Lockfile "${key}.tflock" not held (s3:GetObject)`,
  dynamodbTable: (table: string) => `Lock table "${table}" (key schema; dynamodb:DescribeTable)`,
  dynamodbItem: (bucket: string, key: string) => `Lock item "${bucket}/${key}" not held (dynamodb:GetItem)`,
  probeStateWrite: "Write probe: s3:PutObject + s3:DeleteObject next to the state",
  probeLockfile: "Write probe: lockfile acquire + release (If-None-Match: *)",
  probeDynamoDbLock: "Write probe: DynamoDB lock acquire + release (attribute_not_exists)",
  probeKmsDataKey: (keyId: string) => `Write probe: kms:GenerateDataKey on ${keyId}`,
} as const;

// ── lock.configured ────────────────────────────────────────────────────────────────────────────────────────────

export const NO_LOCKING =
  "Neither use_lockfile nor dynamodb_table is set: Terraform does not lock the state, so two concurrent applies " +
  "can corrupt it.";

export function noLockingDiagnosis(fixTarget: string, key: string): Diagnosis {
  return {
    cause: "The backend has no state locking.",
    fix:
      `Add use_lockfile = true to ${fixTarget} (Terraform 1.10+; it needs s3:GetObject, s3:PutObject and ` +
      `s3:DeleteObject on "${key}.tflock").`,
  };
}

// ── Terraform fails before it reaches AWS ──────────────────────────────────────────────────────────────────────

export function locationUnknown(missing: string): string {
  return `${missing} is an expression tfwhy does not evaluate, so the object to check is unknown offline.`;
}

export function notCheckedBecause(message: string): string {
  return `Not checked: ${message}`;
}

export function writeAsLiteral(missing: string): string {
  return `Write ${missing} as a literal, then verify again.`;
}

export const WRITE_VALUE_AS_LITERAL = "Write the value as a literal, then verify again.";

export function attributeRequired(missing: string): string {
  return `The attribute "${missing}" is required by the backend.`;
}

export const FAILS_BEFORE_AWS = "Terraform fails before it reaches AWS";

export const SEE_DIAGNOSTICS = "See the explanation's diagnostics.";
export const SEE_STEPS = "See the explanation's steps.";

export function failsOffline(first: string, detail: string): string {
  return `Not checked: Terraform fails before it reaches AWS, with "${first}"${detail}.`;
}
