/**
 * Opt-in write probes: the writes Terraform makes, on probe keys next to the state (never the state key or the
 * real lock), with the same headers and conditions, always undone. Each probe is armed in ctx.probes BEFORE its
 * write is sent (a write whose answer never came may still have landed), so verifyBackend removes it, and confirms
 * it is gone, even after an error, a timeout or a cancel. Names and how to find leftovers: docs/verify-probes.md.
 */
import { randomUUID } from "node:crypto";
import { type CheckResult, checkResult } from "./check-log.js";
import type { ArmedProbe, CallResult, VerifyContext } from "./context.js";
import { callerShort, isDenied, s3AccessDiagnosis, whyIdentity } from "./diagnose.js";
import { genericFailure } from "./lock-checks.js";
import * as msg from "./messages/probes.js";
import { AwsCallError } from "./port/aws-port.js";
import type { CheckId } from "./report.js";
import { s3Arn } from "./s3-common.js";

/** Probe names: `<key>.tfwhy-probe-<random>`; lock probes add `.tflock` or use that as the LockID path. */
export function probeSuffix(): string {
  return `.tfwhy-probe-${randomUUID().slice(0, 8)}`;
}

/** Terraform's lock body (statemgr.LockInfo), marked as a probe so nobody mistakes it for a real lock. */
export function probeLockInfo(ctx: VerifyContext, path: string): string {
  return JSON.stringify({
    ID: randomUUID(),
    Operation: "tfwhy-verify-write-probe",
    Info: "tfwhy verify --write-probe; safe to delete",
    Who: "tfwhy",
    Version: "1.11",
    Created: ctx.world.clock.now().toISOString(),
    Path: path,
  });
}

/** PutObject like client.go put (ContentType, SHA256 checksum, SSE, ACL), then DeleteObject. */
export async function probeStateWrite(ctx: VerifyContext, key: string): Promise<CheckResult> {
  const id: CheckId = "probe.state-write";
  const s = ctx.settings;
  const probe = ctx.armProbe({ kind: "s3", bucket: s.bucket, key });
  const put = await ctx.call("s3", "s3:PutObject", () =>
    ctx.aws.putObject(ctx.s3(), {
      bucket: s.bucket,
      key,
      body: probeLockInfo(ctx, `${s.bucket}/${key}`),
      sse: s.writeSse,
      ...(s.acl ? { acl: s.acl } : {}),
      checksumSha256: !s.skipS3Checksum,
    }),
  );
  ctx.settleProbe(probe, put);
  if (!put.ok) return probeFailed(ctx, id, put, "s3:PutObject", s3Arn(ctx, s.statePath), msg.putProbe(key));
  if (ctx.aborted) return cancelledAfterCreate(id, key);
  const del = await removeObject(ctx, probe);
  const enc = msg.writeEncryption(s.writeSse);
  const detail = del === true ? msg.stateWriteWorks(key, enc) : msg.stateWriteWorksDeleteFailed(key, enc, del.awsCode);
  return checkResult(id, "pass", detail, { calls: ["s3:PutObject", "s3:DeleteObject"] });
}

/** What S3 asks KMS for on a state write, done directly: kms:GenerateDataKey with the caller's permissions. */
export async function probeKmsDataKey(ctx: VerifyContext, keyId: string): Promise<CheckResult> {
  const id: CheckId = "probe.kms-data-key";
  if (ctx.settings.endpoints.s3 && !ctx.settings.endpoints.kms) {
    return checkResult(id, "not-checked", msg.DATA_KEY_NO_ENDPOINT);
  }
  const region = /^arn:[^:]+:kms:([^:]+):/.exec(keyId)?.[1] ?? ctx.settings.region;
  const r = await ctx.call("kms", "kms:GenerateDataKey", () => ctx.aws.generateDataKey(ctx.kms(region), keyId));
  if (r.ok) {
    return checkResult(id, "pass", msg.dataKeyWorks(keyId, callerShort(ctx)), {
      calls: ["kms:GenerateDataKey"],
    });
  }
  if (r.skipped !== undefined) {
    return checkResult(id, "not-checked", r.skipped);
  }
  if (isDenied(r.error)) {
    return checkResult(id, "fail", msg.dataKeyDenied(keyId), {
      error: r.error,
      diagnosis: msg.dataKeyDeniedDiagnosis(keyId, callerShort(ctx), whyIdentity(ctx)),
    });
  }
  return genericFailure(ctx, id, r.error);
}

/**
 * Deletes a probe object during the probe (what Terraform's unlock does, and a test of s3:DeleteObject). On a
 * versioned bucket each version the probe wrote is deleted for good; without s3:DeleteObjectVersion that fails and
 * a plain DeleteObject is tried, which leaves a delete marker over the version (the clean-up then lists versions).
 */
export async function removeObject(ctx: VerifyContext, probe: ArmedProbe): Promise<true | AwsCallError> {
  if (probe.kind !== "s3") throw new Error("removeObject: not an S3 probe");
  const { bucket, key } = probe;
  const r = await ctx.call("s3", "s3:DeleteObject", async () => {
    try {
      if (probe.versionIds.length === 0) throw new Error("no version id");
      for (const versionId of probe.versionIds) await ctx.aws.deleteObject(ctx.s3(), { bucket, key, versionId });
    } catch {
      await ctx.aws.deleteObject(ctx.s3(), { bucket, key });
      // A write acknowledged without a version id went to a bucket that never had versioning: no marker to hide.
      const unversionedWrite = probe.outcome === "written" && probe.versionIds.length === 0;
      if (ctx.bucketVersioning !== null && !unversionedWrite) probe.markerMayHide = true;
    }
  });
  if (r.ok) {
    probe.deleted = true;
    return true;
  }
  return (
    r.error ??
    new AwsCallError({ operation: "s3:DeleteObject", awsCode: "Skipped", kind: "aborted", message: r.skipped })
  );
}

export function cancelledAfterCreate(id: CheckId, what: string): CheckResult {
  return checkResult(id, "not-checked", msg.cancelledAfterCreate(what));
}

/** The authorisation check on the real key a probe stands in for. */
const REAL_KEY_CHECK: Partial<Record<CheckId, CheckId>> = {
  "probe.state-write": "s3.state-write-access",
  "probe.lockfile": "lock.lockfile-access",
  "probe.dynamodb-lock": "lock.dynamodb-access",
};

/** Whether the write the probe stands in for passed its authorisation check on the real key. */
export function realKeyAllowed(ctx: VerifyContext, probe: CheckId): boolean {
  const real = REAL_KEY_CHECK[probe];
  return real !== undefined && ctx.checks.some((c) => c.id === real && c.status === "pass");
}

export function probeFailed(
  ctx: VerifyContext,
  id: CheckId,
  r: Exclude<CallResult<unknown>, { ok: true }>,
  action: string,
  resource: string,
  what: string,
): CheckResult {
  if (r.skipped !== undefined) {
    return checkResult(id, "not-checked", r.skipped);
  }
  const error = r.error;
  if (isDenied(error) && realKeyAllowed(ctx, id)) {
    // A policy naming exact keys: the probe's own key is refused, Terraform's real one is not.
    return checkResult(id, "warn", msg.probeKeyDenied(what, error.awsCode), { error });
  }
  if (isDenied(error)) {
    return checkResult(id, "fail", msg.probeDenied(what, error.awsCode), {
      error,
      diagnosis: s3AccessDiagnosis(ctx, action, resource),
    });
  }
  if (/^KMS\.|KMS/i.test(error.awsCode) || /kms/i.test(error.message)) {
    return checkResult(id, "fail", msg.probeFailsInKms(what, error.awsCode, error.message), {
      error,
      diagnosis: msg.probeKmsDiagnosis(ctx.kmsKeyId, callerShort(ctx)),
    });
  }
  return genericFailure(ctx, id, error);
}
