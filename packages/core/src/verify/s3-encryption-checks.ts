/**
 * What Terraform does not call but a state bucket needs: default encryption, the KMS key, versioning. Each check
 * is a call through the port, then a decision from the settings and the answer to an immutable CheckResult; the
 * runner (verify.ts) records them.
 */
import type { BackendSettings } from "../settings/client-settings.js";
import type { CallResult } from "./call-gate.js";
import { type CheckResult, checkResult } from "./check-log.js";
import type { VerifyContext } from "./context.js";
import { isDenied, isTransport } from "./diagnose.js";
import { backendFixTarget } from "./identity.js";
import * as msg from "./messages/s3-encryption.js";
import type { BucketEncryptionRule, KmsKeyDescription, ObjectHead } from "./port/aws-port.js";

/** The KMS key a state write uses (or the state object's), and what names it, for kms.key. */
export interface KmsKeyInUse {
  readonly keyId: string;
  readonly role: string;
}

/**
 * s3.encryption: bucket default encryption vs. the backend's encrypt / kms_key_id (client.go put: SSE only with
 * encrypt = true). Also returns the KMS key to check next (none when the call was skipped).
 */
export async function checkEncryption(
  ctx: VerifyContext,
  stateObject: ObjectHead | null,
): Promise<{ readonly result: CheckResult; readonly kms: KmsKeyInUse | null }> {
  const s = ctx.settings;
  const r = await ctx.call("s3", "s3:GetBucketEncryption", () => ctx.aws.getBucketEncryption(ctx.s3(), s.bucket));
  const result = decideEncryption(s, backendFixTarget(ctx.explanation), r);
  if (!r.ok && r.skipped !== undefined) return { result, kms: null };
  return { result, kms: kmsKeyInUse(s, r.ok ? (r.value?.[0] ?? null) : null, stateObject) };
}

export function decideEncryption(
  s: BackendSettings,
  fixTarget: string,
  r: CallResult<readonly BucketEncryptionRule[] | null>,
): CheckResult {
  const id = "s3.encryption";
  if (!r.ok && r.skipped !== undefined) return checkResult(id, "not-checked", r.skipped);
  const bucketDefault = r.ok ? (r.value?.[0] ?? null) : null;
  const detail = msg.encryptionDetail(
    msg.backendEncryption(s.writeSse),
    msg.bucketDefaultEncryption(r.ok, bucketDefault),
  );
  const calls = ["s3:GetBucketEncryption"];
  if (s.kmsKeyId && !s.encrypt) {
    return checkResult(id, "warn", msg.kmsKeyWithoutEncrypt(detail), {
      calls,
      diagnosis: msg.kmsKeyWithoutEncryptDiagnosis(fixTarget),
    });
  }
  if (!r.ok && r.error && !isDenied(r.error)) {
    return checkResult(id, "not-checked", msg.encryptionFailed(detail, r.error.awsCode), { error: r.error });
  }
  return checkResult(id, "pass", msg.encryptionPass(detail, !r.ok), { calls });
}

/** The key S3 will use for a state write, else the state object's key (for reads). */
function kmsKeyInUse(
  s: BackendSettings,
  bucketDefault: BucketEncryptionRule | null,
  stateObject: ObjectHead | null,
): KmsKeyInUse | null {
  const writeKey =
    s.writeSse.kind === "kms"
      ? s.writeSse.kmsKeyId
      : s.writeSse.kind === "none" && bucketDefault?.algorithm.startsWith("aws:kms")
        ? (bucketDefault.kmsKeyId ?? "alias/aws/s3")
        : null;
  const keyId = writeKey ?? stateObject?.kmsKeyId ?? null;
  if (!keyId) return null;
  const role =
    writeKey === null
      ? "the state object's key"
      : s.writeSse.kind === "kms"
        ? "kms_key_id"
        : "the bucket's default key";
  return { keyId, role };
}

/** kms.key: DescribeKey on the key in use, in the key's own region when its ARN names one. */
export async function checkKmsKey(ctx: VerifyContext, key: KmsKeyInUse): Promise<CheckResult> {
  const { keyId } = key;
  if (ctx.settings.endpoints.s3 && !ctx.settings.endpoints.kms)
    return checkResult("kms.key", "not-checked", msg.kmsNoEndpoint(keyId));
  const region = /^arn:[^:]+:kms:([^:]+):/.exec(keyId)?.[1] ?? ctx.settings.region;
  const r = await ctx.call("kms", "kms:DescribeKey", () => ctx.aws.describeKey(ctx.kms(region), keyId));
  return decideKmsKey(key, region, backendFixTarget(ctx.explanation), r);
}

export function decideKmsKey(
  { keyId, role }: KmsKeyInUse,
  region: string,
  fixTarget: string,
  r: CallResult<KmsKeyDescription>,
): CheckResult {
  const id = "kms.key";
  if (r.ok) {
    const usable = r.value.state === "Enabled";
    return checkResult(id, usable ? "pass" : "fail", msg.kmsKeyFound(keyId, role, r.value), {
      calls: ["kms:DescribeKey"],
      ...(usable ? {} : { diagnosis: msg.kmsKeyUnusableDiagnosis(r.value.state) }),
    });
  }
  if (r.skipped !== undefined) return checkResult(id, "not-checked", r.skipped);
  const error = r.error;
  if (error.awsCode === "NotFoundException") {
    return checkResult(id, "fail", msg.kmsKeyMissing(keyId, role, region), {
      error,
      diagnosis: msg.kmsKeyMissingDiagnosis(keyId, role, region, fixTarget),
    });
  }
  if (isDenied(error)) return checkResult(id, "warn", msg.describeKeyDenied(keyId), { error });
  const status = isTransport(error) ? "not-checked" : "warn";
  return checkResult(id, status, msg.describeKeyFailed(keyId, error.awsCode), { error });
}

/** The bucket's versioning: null when off, undefined when unknown (skipped or denied). */
export type BucketVersioning = "Enabled" | "Suspended" | null | undefined;

/** s3.versioning, and the versioning itself (the probes' clean-up needs it). */
export async function checkVersioning(
  ctx: VerifyContext,
): Promise<{ readonly result: CheckResult; readonly versioning: BucketVersioning }> {
  const r = await ctx.call("s3", "s3:GetBucketVersioning", () =>
    ctx.aws.getBucketVersioning(ctx.s3(), ctx.settings.bucket),
  );
  return { result: decideVersioning(ctx.settings.bucket, r), versioning: r.ok ? r.value.status : undefined };
}

export function decideVersioning(
  bucket: string,
  r: CallResult<{ readonly status: "Enabled" | "Suspended" | null }>,
): CheckResult {
  const id = "s3.versioning";
  const calls = ["s3:GetBucketVersioning"];
  if (r.ok) {
    if (r.value.status === "Enabled") return checkResult(id, "pass", msg.VERSIONING_ENABLED, { calls });
    return checkResult(id, "warn", msg.versioningOff(r.value.status), {
      calls,
      diagnosis: msg.versioningOffDiagnosis(bucket),
    });
  }
  if (r.skipped !== undefined) return checkResult(id, "not-checked", r.skipped);
  const detail = isDenied(r.error) ? msg.VERSIONING_DENIED : msg.versioningFailed(r.error.awsCode);
  return checkResult(id, "not-checked", detail, { error: r.error });
}
