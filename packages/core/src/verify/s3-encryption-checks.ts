/** What Terraform does not call but a state bucket needs: default encryption, the KMS key, versioning. */
import type { VerifyContext } from "./context.js";
import { isDenied, isTransport } from "./diagnose.js";
import { backendFixTarget } from "./identity.js";
import { TITLES } from "./messages/run.js";
import * as msg from "./messages/s3-encryption.js";
import type { ObjectHead } from "./port/aws-port.js";
import type { CheckId } from "./report.js";

/**
 * Bucket default encryption vs. the backend's encrypt / kms_key_id (client.go put: SSE only with encrypt = true),
 * then kms.key. Returns the KMS key a state write uses (or the state object's), when there is one.
 */
export async function checkEncryption(ctx: VerifyContext, stateObject: ObjectHead | null): Promise<string | null> {
  const id: CheckId = "s3.encryption";
  const s = ctx.settings;
  const r = await ctx.call("s3", "s3:GetBucketEncryption", () => ctx.aws.getBucketEncryption(ctx.s3(), s.bucket));
  if (!r.ok && r.skipped !== undefined) {
    ctx.record(id, "not-checked", r.skipped);
    return null;
  }
  const rules = r.ok ? r.value : null;
  const bucketDefault = rules?.[0] ?? null;
  const detail = msg.encryptionDetail(
    msg.backendEncryption(s.writeSse),
    msg.bucketDefaultEncryption(r.ok, bucketDefault),
  );
  const calls = ["s3:GetBucketEncryption"];
  if (s.kmsKeyId && !s.encrypt) {
    ctx.record(id, "warn", msg.kmsKeyWithoutEncrypt(detail), {
      calls,
      diagnosis: msg.kmsKeyWithoutEncryptDiagnosis(backendFixTarget(ctx.explanation)),
    });
  } else if (!r.ok && r.error && !isDenied(r.error)) {
    ctx.record(id, "not-checked", msg.encryptionFailed(detail, r.error.awsCode), { error: r.error });
  } else {
    ctx.record(id, "pass", msg.encryptionPass(detail, !r.ok), { calls });
  }
  // The key S3 will use for a state write, and the object's key for reads.
  const writeKey =
    s.writeSse.kind === "kms"
      ? s.writeSse.kmsKeyId
      : s.writeSse.kind === "none" && bucketDefault?.algorithm.startsWith("aws:kms")
        ? (bucketDefault.kmsKeyId ?? "alias/aws/s3")
        : null;
  const keyId = writeKey ?? stateObject?.kmsKeyId ?? null;
  if (keyId)
    await checkKmsKey(
      ctx,
      keyId,
      writeKey === null
        ? "the state object's key"
        : s.writeSse.kind === "kms"
          ? "kms_key_id"
          : "the bucket's default key",
    );
  return keyId;
}

async function checkKmsKey(ctx: VerifyContext, keyId: string, role: string): Promise<void> {
  const id: CheckId = "kms.key";
  ctx.expect(id, TITLES.kmsKey(keyId), "s3.encryption");
  if (ctx.settings.endpoints.s3 && !ctx.settings.endpoints.kms) {
    ctx.record(id, "not-checked", msg.kmsNoEndpoint(keyId));
    return;
  }
  const region = /^arn:[^:]+:kms:([^:]+):/.exec(keyId)?.[1] ?? ctx.settings.region;
  const r = await ctx.call("kms", "kms:DescribeKey", () => ctx.aws.describeKey(ctx.kms(region), keyId));
  if (r.ok) {
    const usable = r.value.state === "Enabled";
    ctx.record(id, usable ? "pass" : "fail", msg.kmsKeyFound(keyId, role, r.value), {
      calls: ["kms:DescribeKey"],
      ...(usable ? {} : { diagnosis: msg.kmsKeyUnusableDiagnosis(r.value.state) }),
    });
    return;
  }
  if (r.skipped !== undefined) {
    ctx.record(id, "not-checked", r.skipped);
    return;
  }
  const error = r.error;
  if (error.awsCode === "NotFoundException") {
    ctx.record(id, "fail", msg.kmsKeyMissing(keyId, role, region), {
      error,
      diagnosis: msg.kmsKeyMissingDiagnosis(keyId, role, region, backendFixTarget(ctx.explanation)),
    });
    return;
  }
  if (isDenied(error)) {
    ctx.record(id, "warn", msg.describeKeyDenied(keyId), { error });
    return;
  }
  ctx.record(id, isTransport(error) ? "not-checked" : "warn", msg.describeKeyFailed(keyId, error.awsCode), { error });
}

/** s3.versioning; returns the bucket's versioning: null when off, undefined when unknown (skipped or denied). */
export async function checkVersioning(ctx: VerifyContext): Promise<"Enabled" | "Suspended" | null | undefined> {
  const id: CheckId = "s3.versioning";
  const calls = ["s3:GetBucketVersioning"];
  const r = await ctx.call("s3", "s3:GetBucketVersioning", () =>
    ctx.aws.getBucketVersioning(ctx.s3(), ctx.settings.bucket),
  );
  if (r.ok) {
    if (r.value.status === "Enabled") ctx.record(id, "pass", msg.VERSIONING_ENABLED, { calls });
    else
      ctx.record(id, "warn", msg.versioningOff(r.value.status), {
        calls,
        diagnosis: msg.versioningOffDiagnosis(ctx.settings.bucket),
      });
    return r.value.status;
  }
  if (r.skipped !== undefined) {
    ctx.record(id, "not-checked", r.skipped);
    return undefined;
  }
  const detail = isDenied(r.error) ? msg.VERSIONING_DENIED : msg.versioningFailed(r.error.awsCode);
  ctx.record(id, "not-checked", detail, { error: r.error });
  return undefined;
}
