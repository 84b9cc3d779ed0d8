/**
 * Opt-in write probes: the writes Terraform makes, on probe keys next to the state (never the state key or the
 * real lock), with the same headers and conditions, always undone. Each probe is armed in ctx.probes BEFORE its
 * write is sent (a write whose answer never came may still have landed), so verifyBackend removes it, and confirms
 * it is gone, even after an error, a timeout or a cancel. Names and how to find leftovers: docs/verify-probes.md.
 */
import { randomUUID } from "node:crypto";
import type { ArmedProbe, CallResult, VerifyContext } from "./context.js";
import { callerShort, isDenied, s3AccessDiagnosis, whyIdentity } from "./diagnose.js";
import { dynamoAccessDiagnosis, failGeneric, lockId } from "./lock-checks.js";
import { AwsCallError, isAwsCallError, type ObjectVersion } from "./port/aws-port.js";
import type { CheckId } from "./report.js";
import { s3Arn } from "./s3-common.js";

const PROBE_NOTE =
  "(it writes next to the state, so a policy that names only the exact state key denies the probe although Terraform would work)";

/** Probe names: `<key>.tfwhy-probe-<random>`; lock probes add `.tflock` or use that as the LockID path. */
export function probeSuffix(): string {
  return `.tfwhy-probe-${randomUUID().slice(0, 8)}`;
}

export async function runProbes(ctx: VerifyContext): Promise<void> {
  const suffix = probeSuffix();
  await probeStateWrite(ctx, `${ctx.settings.key}${suffix}`);
  if (ctx.settings.useLockfile && !ctx.aborted) await probeLockfile(ctx, `${ctx.settings.key}${suffix}.tflock`, suffix);
  if (ctx.settings.dynamodbTable && !ctx.aborted) await probeDynamoDbLock(ctx, `${lockId(ctx)}${suffix}`, suffix);
  if (ctx.kmsKeyId && !ctx.aborted) await probeKmsDataKey(ctx, ctx.kmsKeyId);
  if (ctx.aborted) ctx.skipPending((id) => id.startsWith("probe."), "Not checked: cancelled.");
}

/** Terraform's lock body (statemgr.LockInfo), marked as a probe so nobody mistakes it for a real lock. */
function probeLockInfo(ctx: VerifyContext, path: string): string {
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
async function probeStateWrite(ctx: VerifyContext, key: string): Promise<void> {
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
  if (!put.ok)
    return probeFailed(ctx, id, put, "s3:PutObject", s3Arn(ctx, s.key), `PutObject of probe "${key}" ${PROBE_NOTE}`);
  if (ctx.aborted) return cancelledAfterCreate(ctx, id, key);
  const del = await removeObject(ctx, probe);
  const enc =
    s.writeSse.kind === "none"
      ? ""
      : ` with ${s.writeSse.kind === "kms" ? `SSE-KMS (${s.writeSse.kmsKeyId})` : s.writeSse.kind === "aes256" ? "SSE-S3" : "SSE-C"}`;
  if (del === true) {
    ctx.record(
      id,
      "pass",
      `PutObject of probe "${key}"${enc} works, so state writes will; DeleteObject removed it again (confirmed in probe.cleanup).`,
      { calls: ["s3:PutObject", "s3:DeleteObject"] },
    );
  } else {
    ctx.record(
      id,
      "pass",
      `PutObject of probe "${key}"${enc} works, so state writes will. Deleting the probe failed (${del.awsCode}); Terraform never deletes the state object, so it does not need s3:DeleteObject there.`,
      { calls: ["s3:PutObject", "s3:DeleteObject"] },
    );
  }
}

/**
 * use_lockfile: PutObject If-None-Match: * (lockWithFile), a second one that must fail with 412 (the store honours
 * conditional writes), GetObject (unlock compares IDs), DeleteObject (unlockWithFile).
 */
async function probeLockfile(ctx: VerifyContext, key: string, suffix: string): Promise<void> {
  const id: CheckId = "probe.lockfile";
  const s = ctx.settings;
  const body = probeLockInfo(ctx, `${s.bucket}/${s.key}${suffix}`);
  const put = () =>
    ctx.aws.putObject(ctx.s3(), {
      bucket: s.bucket,
      key,
      body,
      sse: s.writeSse,
      ...(s.acl ? { acl: s.acl } : {}),
      checksumSha256: !s.skipS3Checksum,
      ifNoneMatch: "*",
    });
  const lockTarget = s3Arn(ctx, `${s.key}.tflock`);
  const probe = ctx.armProbe({ kind: "s3", bucket: s.bucket, key });
  const first = await ctx.call("s3", "s3:PutObject", put);
  ctx.settleProbe(probe, first);
  if (!first.ok)
    return probeFailed(
      ctx,
      id,
      first,
      "s3:PutObject",
      lockTarget,
      `Acquiring probe lockfile "${key}" (PutObject If-None-Match: *) ${PROBE_NOTE}`,
    );
  if (ctx.aborted) return cancelledAfterCreate(ctx, id, key);
  const calls = ["s3:PutObject", "s3:PutObject", "s3:GetObject", "s3:DeleteObject"];

  const second = await ctx.call("s3", "s3:PutObject", put);
  // A store that ignores If-None-Match wrote a second version: the clean-up must remove it too.
  if (second.ok) ctx.settleProbe(probe, second);
  const exclusive = !second.ok && second.error?.httpStatus === 412;
  const read = await ctx.call("s3", "s3:GetObject", () => ctx.aws.getObject(ctx.s3(), { bucket: s.bucket, key }));
  const del = await removeObject(ctx, probe);

  if (del !== true) {
    ctx.record(
      id,
      "fail",
      `The probe lock "${key}" was created, but DeleteObject failed (${del.awsCode}): Terraform would lock and never unlock. use_lockfile needs s3:DeleteObject on "${s.key}.tflock".`,
      {
        calls,
        error: del,
        diagnosis: s3AccessDiagnosis(ctx, "s3:DeleteObject", lockTarget),
      },
    );
    return;
  }
  if (second.ok) {
    ctx.record(
      id,
      "fail",
      "A second conditional PutObject on the held probe lockfile succeeded: this store ignores If-None-Match, so S3 locking does not exclude concurrent runs.",
      {
        calls,
        diagnosis: {
          cause: "The S3 endpoint does not implement conditional writes (If-None-Match: *).",
          fix: `Use dynamodb_table locking with this store, or an S3 implementation that supports conditional writes.`,
        },
      },
    );
    return;
  }
  if (!read.ok && read.error && isDenied(read.error)) {
    ctx.record(
      id,
      "fail",
      `The probe lock works, but GetObject on it is denied: unlock reads the lockfile to compare lock IDs, so Terraform could not unlock.`,
      { calls, error: read.error, diagnosis: s3AccessDiagnosis(ctx, "s3:GetObject", lockTarget) },
    );
    return;
  }
  ctx.record(
    id,
    "pass",
    `Probe lockfile "${key}": acquired with If-None-Match: *, a second acquire was refused${exclusive ? " (412 PreconditionFailed)" : ` (${second.ok ? "" : (second.error?.awsCode ?? second.skipped)})`}, read back and released.`,
    { calls },
  );
}

/** dynamodb_table: PutItem attribute_not_exists(LockID) twice (the second must fail), GetItem, DeleteItem. */
async function probeDynamoDbLock(ctx: VerifyContext, probeLockId: string, suffix: string): Promise<void> {
  const id: CheckId = "probe.dynamodb-lock";
  const table = ctx.settings.dynamodbTable!;
  const info = probeLockInfo(ctx, `${ctx.settings.bucket}/${ctx.settings.key}${suffix}`);
  const put = () => ctx.aws.putLockItem(ctx.dynamodb(), { table, lockId: probeLockId, info });
  const probe = ctx.armProbe({ kind: "dynamodb", table, lockId: probeLockId });
  const first = await ctx.call("dynamodb", "dynamodb:PutItem", put);
  ctx.settleProbe(probe, first);
  if (!first.ok) {
    if (first.error && isDenied(first.error)) {
      ctx.record(id, "fail", `PutItem of probe lock "${probeLockId}" is denied: Terraform could not take the lock.`, {
        error: first.error,
        diagnosis: dynamoAccessDiagnosis(ctx, "dynamodb:PutItem", null),
      });
    } else if (first.error) failGeneric(ctx, id, first.error);
    else ctx.record(id, "not-checked", first.skipped);
    return;
  }
  if (ctx.aborted) return cancelledAfterCreate(ctx, id, probeLockId);
  const calls = ["dynamodb:PutItem", "dynamodb:PutItem", "dynamodb:GetItem", "dynamodb:DeleteItem"];
  const second = await ctx.call("dynamodb", "dynamodb:PutItem", put);
  await ctx.call("dynamodb", "dynamodb:GetItem", () => ctx.aws.getItem(ctx.dynamodb(), { table, lockId: probeLockId }));
  const del = await ctx.call("dynamodb", "dynamodb:DeleteItem", () =>
    ctx.aws.deleteItem(ctx.dynamodb(), { table, lockId: probeLockId }),
  );
  if (del.ok) probe.deleted = true;
  if (!del.ok) {
    ctx.record(
      id,
      "fail",
      `The probe lock "${probeLockId}" was taken, but DeleteItem failed${del.error ? ` (${del.error.awsCode})` : ""}: Terraform would lock and never unlock.`,
      {
        calls,
        ...(del.error ? { error: del.error } : {}),
        diagnosis: dynamoAccessDiagnosis(ctx, "dynamodb:DeleteItem", null),
      },
    );
    return;
  }
  if (second.ok) {
    ctx.record(
      id,
      "fail",
      "A second conditional PutItem on the held probe lock succeeded: the condition attribute_not_exists(LockID) was not enforced.",
      { calls },
    );
    return;
  }
  ctx.record(
    id,
    "pass",
    `Probe lock "${probeLockId}": taken with attribute_not_exists(LockID), a second take was refused (${second.error?.awsCode ?? second.skipped}), and released.`,
    { calls },
  );
}

/** What S3 asks KMS for on a state write, done directly: kms:GenerateDataKey with the caller's permissions. */
async function probeKmsDataKey(ctx: VerifyContext, keyId: string): Promise<void> {
  const id: CheckId = "probe.kms-data-key";
  ctx.expect(
    id,
    `Write probe: kms:GenerateDataKey on ${keyId}`,
    ctx.settings.dynamodbTable
      ? "probe.dynamodb-lock"
      : ctx.settings.useLockfile
        ? "probe.lockfile"
        : "probe.state-write",
  );
  if (ctx.settings.endpoints.s3 && !ctx.settings.endpoints.kms) {
    ctx.record(
      id,
      "not-checked",
      "Not checked: S3 uses a custom endpoint and no KMS endpoint is known (AWS_ENDPOINT_URL_KMS).",
    );
    return;
  }
  const region = /^arn:[^:]+:kms:([^:]+):/.exec(keyId)?.[1] ?? ctx.settings.region;
  const r = await ctx.call("kms", "kms:GenerateDataKey", () => ctx.aws.generateDataKey(ctx.kms(region), keyId));
  if (r.ok) {
    ctx.record(id, "pass", `kms:GenerateDataKey on ${keyId} works for ${callerShort(ctx)}.`, {
      calls: ["kms:GenerateDataKey"],
    });
    return;
  }
  if (r.skipped !== undefined) {
    ctx.record(id, "not-checked", r.skipped);
    return;
  }
  if (isDenied(r.error)) {
    ctx.record(
      id,
      "fail",
      `kms:GenerateDataKey on ${keyId} is denied: state writes encrypted with this key fail with AccessDenied.`,
      {
        error: r.error,
        diagnosis: {
          cause: `${callerShort(ctx)} (used because ${whyIdentity(ctx)}) lacks kms:GenerateDataKey on ${keyId}, in its identity policy or the key policy.`,
          fix: `Allow kms:GenerateDataKey and kms:Decrypt on ${keyId} for ${callerShort(ctx)}.`,
        },
      },
    );
    return;
  }
  failGeneric(ctx, id, r.error);
}

/**
 * Deletes a probe object during the probe (what Terraform's unlock does, and a test of s3:DeleteObject). On a
 * versioned bucket each version the probe wrote is deleted for good; without s3:DeleteObjectVersion that fails and
 * a plain DeleteObject is tried, which leaves a delete marker over the version (the clean-up then lists versions).
 */
async function removeObject(ctx: VerifyContext, probe: ArmedProbe): Promise<true | AwsCallError> {
  if (probe.kind !== "s3") throw new Error("removeObject: not an S3 probe");
  const { bucket, key } = probe;
  const r = await ctx.call("s3", "s3:DeleteObject", async () => {
    try {
      if (probe.versionIds.length === 0) throw new Error("no version id");
      for (const versionId of probe.versionIds) await ctx.aws.deleteObject(ctx.s3(), { bucket, key, versionId });
    } catch {
      await ctx.aws.deleteObject(ctx.s3(), { bucket, key });
      if (ctx.bucketVersioning !== null) probe.markerMayHide = true;
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

/** What the clean-up found for one probe: gone (and how that was confirmed), or left (and why it may be). */
export type Removal =
  | { readonly gone: true; readonly how: string; readonly touched: boolean }
  | { readonly gone: false; readonly why: string; readonly versions: readonly string[] };

/**
 * Removes one armed probe and confirms it is gone, within the clean-up's own `deadline`. Deleting a name that does
 * not exist is harmless, so a probe whose write never answered is deleted too. Confirmation: GetItem finds no
 * item; HeadObject answers 404 when every delete named a version (or the bucket is unversioned); otherwise (a
 * delete marker may hide a version) ListObjectVersions lists nothing under the key. Anything else is a leftover.
 */
export async function removeAndConfirm(
  ctx: VerifyContext,
  probe: ArmedProbe,
  deadline: AbortSignal,
  graceMs: number,
): Promise<Removal> {
  if (probe.outcome !== "refused") return removeOnce(ctx, probe, deadline, graceMs);
  // Refused: look first. Present anyway (an earlier attempt of the SDK's retries landed): remove it like any other.
  const looked = await removeOnce(ctx, probe, deadline, graceMs);
  if (looked.gone || deadline.aborted) return looked;
  probe.outcome = "sent";
  return removeOnce(ctx, probe, deadline, graceMs);
}

async function removeOnce(
  ctx: VerifyContext,
  probe: ArmedProbe,
  deadline: AbortSignal,
  graceMs: number,
): Promise<Removal> {
  const why = (what: string, error: unknown): string =>
    deadline.aborted
      ? `${what}: the clean-up deadline of ${graceMs / 1000} s passed`
      : `${what}: ${isAwsCallError(error) ? error.awsCode : error instanceof Error ? error.message : String(error)}`;
  if (probe.kind === "dynamodb") {
    const target = ctx.dynamodb(true, deadline);
    const item = { table: probe.table, lockId: probe.lockId };
    let failed: unknown = null;
    const touched = probe.outcome !== "refused" && !probe.deleted;
    if (touched) {
      await ctx.aws.deleteItem(target, item).catch((e: unknown) => {
        failed = e;
      });
    }
    try {
      const found = await ctx.aws.getItem(target, item);
      if (found === null) return { gone: true, how: "GetItem finds no item", touched: touched || probe.deleted };
      return {
        gone: false,
        why: failed ? why("still there after DeleteItem failed", failed) : "still there",
        versions: [],
      };
    } catch (e) {
      return {
        gone: false,
        why: why(
          failed
            ? `DeleteItem failed (${isAwsCallError(failed) ? failed.awsCode : "error"}) and GetItem could not confirm`
            : "GetItem could not confirm its removal",
          e,
        ),
        versions: [],
      };
    }
  }

  const target = ctx.s3(true, deadline);
  const { bucket, key } = probe;
  const maybeVersioned = ctx.bucketVersioning !== null;
  let failed: unknown = null;
  let touched = probe.deleted;
  const del = async (versionId?: string): Promise<boolean> => {
    touched = true;
    try {
      await ctx.aws.deleteObject(target, { bucket, key, ...(versionId ? { versionId } : {}) });
      return true;
    } catch (e) {
      failed = e;
      return false;
    }
  };
  // Exactly this key: the prefix also matches `<probe>.tflock`.
  const list = async (): Promise<readonly ObjectVersion[]> =>
    (await ctx.aws.listObjectVersions(target, { bucket, prefix: key })).filter((v) => v.key === key);
  const plainDelete = async () => {
    await del();
    if (maybeVersioned) probe.markerMayHide = true;
  };

  if (probe.outcome !== "refused" && !probe.deleted) {
    let ids = [...probe.versionIds];
    if (ids.length === 0 && maybeVersioned) {
      // The answer (with its version id) never came: find the versions by listing; a plain delete if that fails.
      try {
        ids = (await list()).map((v) => v.versionId);
        if (ids.length === 0) touched = true; // looked: nothing landed
      } catch {
        ids = [];
        await plainDelete();
      }
    } else if (ids.length === 0) await plainDelete();
    for (const id of ids) if (!(await del(id))) await plainDelete();
  }

  if (probe.markerMayHide) {
    try {
      let left = await list();
      for (const v of left) await del(v.versionId); // our delete marker, and the version it hides
      if (left.length > 0) left = await list();
      if (left.length === 0)
        return { gone: true, how: "ListObjectVersions lists no version or delete marker", touched: true };
      return {
        gone: false,
        why: failed ? why("versions still there after DeleteObject failed", failed) : "versions still there",
        versions: left.map((v) => v.versionId),
      };
    } catch (e) {
      return { gone: false, why: why("its versions could not be listed", e), versions: probe.versionIds };
    }
  }
  try {
    await ctx.aws.headObject(target, { bucket, key, sse: ctx.settings.readSse });
    return {
      gone: false,
      why: failed ? why("still there after DeleteObject failed", failed) : "still there",
      versions: probe.versionIds,
    };
  } catch (e) {
    if (isAwsCallError(e) && e.httpStatus === 404) return { gone: true, how: "HeadObject answers 404", touched };
    return {
      gone: false,
      why: why(
        failed
          ? `DeleteObject failed (${isAwsCallError(failed) ? failed.awsCode : "error"}) and HeadObject could not confirm`
          : "HeadObject could not confirm its removal",
        e,
      ),
      versions: probe.versionIds,
    };
  }
}

function cancelledAfterCreate(ctx: VerifyContext, id: CheckId, what: string): void {
  ctx.record(
    id,
    "not-checked",
    `Cancelled after probe "${what}" was created; the clean-up removes it and says whether that is confirmed (probe.cleanup).`,
  );
}

function probeFailed(
  ctx: VerifyContext,
  id: CheckId,
  r: Exclude<CallResult<unknown>, { ok: true }>,
  action: string,
  resource: string,
  what: string,
): void {
  if (r.skipped !== undefined) {
    ctx.record(id, "not-checked", r.skipped);
    return;
  }
  const error = r.error;
  if (isDenied(error)) {
    ctx.record(id, "fail", `${what} is denied (${error.awsCode}).`, {
      error,
      diagnosis: s3AccessDiagnosis(ctx, action, resource),
    });
    return;
  }
  if (/^KMS\.|KMS/i.test(error.awsCode) || /kms/i.test(error.message)) {
    ctx.record(id, "fail", `${what} fails in KMS (${error.awsCode}): ${error.message}`, {
      error,
      diagnosis: {
        cause: `S3 could not encrypt with ${ctx.kmsKeyId ?? "the KMS key"} for ${callerShort(ctx)} (missing key, disabled key, or no kms:GenerateDataKey).`,
        fix: "Fix kms_key_id, or allow kms:GenerateDataKey and kms:Decrypt on the key for this caller.",
      },
    });
    return;
  }
  failGeneric(ctx, id, error);
}
