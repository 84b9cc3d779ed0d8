/** The English of s3.encryption, kms.key and s3.versioning: details, causes and fixes, from plain values. */
import type { Diagnosis } from "../report.js";

// ── s3.encryption and kms.key ──────────────────────────────────────────────────────────────────────────────────

export function backendEncryption(
  sse: { readonly kind: "kms"; readonly kmsKeyId: string } | { readonly kind: "aes256" | "sse-c" | "none" },
): string {
  switch (sse.kind) {
    case "kms":
      return `encrypt = true with kms_key_id ${sse.kmsKeyId}`;
    case "aes256":
      return "encrypt = true (SSE-S3, AES256)";
    case "sse-c":
      return "encrypt = true with a customer key (SSE-C)";
    default:
      return "encrypt is not set (no SSE header; the bucket default applies)";
  }
}

export function bucketDefaultEncryption(
  known: boolean,
  rule: { readonly algorithm: string; readonly kmsKeyId: string | null; readonly bucketKeyEnabled: boolean } | null,
): string {
  if (!known) return "unknown (GetBucketEncryption failed)";
  if (!rule) return "none configured";
  return (
    `${rule.algorithm}${rule.kmsKeyId ? ` with ${rule.kmsKeyId}` : ""}` +
    (rule.bucketKeyEnabled ? ", S3 Bucket Key on" : "")
  );
}

export function encryptionDetail(backendSays: string, defaultSays: string): string {
  return `Backend: ${backendSays}. Bucket default encryption: ${defaultSays}.`;
}

export function kmsKeyWithoutEncrypt(detail: string): string {
  return (
    `${detail} kms_key_id is set but encrypt is not true, so Terraform ignores kms_key_id entirely ` +
    "(client.go sends SSE headers only with encrypt = true)."
  );
}

export function kmsKeyWithoutEncryptDiagnosis(fixTarget: string): Diagnosis {
  return {
    cause: "kms_key_id takes effect only together with encrypt = true; the Terraform docs do not say so.",
    fix: `Add encrypt = true to ${fixTarget}, or remove kms_key_id.`,
  };
}

export function encryptionFailed(detail: string, awsCode: string): string {
  return `${detail} ${awsCode}.`;
}

export function encryptionPass(detail: string, denied: boolean): string {
  return `${detail}${denied ? " (s3:GetEncryptionConfiguration is denied; Terraform does not need it.)" : ""}`;
}

export function kmsNoEndpoint(keyId: string): string {
  return (
    "Not checked: S3 uses a custom endpoint and no KMS endpoint is known " +
    `(set AWS_ENDPOINT_URL_KMS to check ${keyId}).`
  );
}

export function kmsKeyFound(
  keyId: string,
  role: string,
  key: { readonly arn: string; readonly keyId: string; readonly state: string; readonly keyManager: string | null },
): string {
  return (
    `KMS key ${keyId} (${role}) is ${key.arn || key.keyId}, state ${key.state}` +
    `${key.keyManager ? `, ${key.keyManager}-managed` : ""}. ` +
    "S3 calls kms:GenerateDataKey (writes) and kms:Decrypt (reads) with the caller's permissions."
  );
}

export function kmsKeyUnusableDiagnosis(state: string): Diagnosis {
  return {
    cause: `The key is ${state}; S3 cannot encrypt or decrypt state with it.`,
    fix: "Enable the key (or cancel its deletion), or point kms_key_id at a usable key.",
  };
}

export function kmsKeyMissing(keyId: string, role: string, region: string): string {
  return (
    `KMS key ${keyId} (${role}) does not exist in ${region}: every state write fails ` +
    "(S3 returns KMS.NotFoundException), and reads of objects encrypted with it fail too."
  );
}

export function kmsKeyMissingDiagnosis(keyId: string, role: string, region: string, fixTarget: string): Diagnosis {
  return {
    cause: `${role} names ${keyId}, which KMS does not know in ${region}.`,
    fix: `Fix kms_key_id in ${fixTarget} (key ID, ARN or alias in the bucket's region), or create the key.`,
  };
}

export function describeKeyDenied(keyId: string): string {
  return (
    `kms:DescribeKey on ${keyId} is denied. Terraform does not need DescribeKey, but S3 needs ` +
    "kms:GenerateDataKey (writes) and kms:Decrypt (reads) on this key for the caller; only a write probe can tell."
  );
}

export function describeKeyFailed(keyId: string, awsCode: string): string {
  return `kms:DescribeKey on ${keyId} failed (${awsCode}).`;
}

// ── s3.versioning ──────────────────────────────────────────────────────────────────────────────────────────────

export const VERSIONING_ENABLED = "Bucket versioning is enabled: earlier state versions can be recovered.";

export function versioningOff(status: "Suspended" | null): string {
  return (
    `Bucket versioning is ${status === "Suspended" ? "suspended" : "off"}: ` +
    "an overwritten or corrupted state cannot be recovered."
  );
}

export function versioningOffDiagnosis(bucket: string): Diagnosis {
  return {
    cause: "HashiCorp recommends versioning on the state bucket.",
    fix:
      `Enable versioning on bucket "${bucket}" (aws s3api put-bucket-versioning --bucket ${bucket} ` +
      "--versioning-configuration Status=Enabled).",
  };
}

export const VERSIONING_DENIED = "Not checked: s3:GetBucketVersioning is denied (Terraform does not need it).";

export function versioningFailed(awsCode: string): string {
  return `Not checked: GetBucketVersioning failed (${awsCode}).`;
}
