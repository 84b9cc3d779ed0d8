/** The lock probes: Terraform's lock round trips (lockfile, DynamoDB item) on probe names, with its conditions. */
import { type CheckResult, checkResult } from "./check-log.js";
import type { VerifyContext } from "./context.js";
import { isDenied, s3AccessDiagnosis } from "./diagnose.js";
import { dynamoAccessDiagnosis, genericFailure, lockId } from "./lock-checks.js";
import * as msg from "./messages/probes.js";
import { cancelledAfterCreate, probeFailed, probeLockInfo, realKeyAllowed, removeObject } from "./probes.js";
import type { CheckId } from "./report.js";
import { s3Arn } from "./s3-common.js";

/**
 * use_lockfile: PutObject If-None-Match: * (lockWithFile), a second one that must fail with 412 (the store honours
 * conditional writes), GetObject (unlock compares IDs), DeleteObject (unlockWithFile).
 */
export async function probeLockfile(ctx: VerifyContext, key: string, suffix: string): Promise<CheckResult> {
  const id: CheckId = "probe.lockfile";
  const s = ctx.settings;
  const body = probeLockInfo(ctx, `${s.bucket}/${s.statePath}${suffix}`);
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
  const lockTarget = s3Arn(ctx, `${s.statePath}.tflock`);
  const probe = ctx.armProbe({ kind: "s3", bucket: s.bucket, key });
  const first = await ctx.call("s3", "s3:PutObject", put);
  ctx.settleProbe(probe, first);
  if (!first.ok) return probeFailed(ctx, id, first, "s3:PutObject", lockTarget, msg.acquireLockfile(key));
  if (ctx.aborted) return cancelledAfterCreate(id, key);
  const calls = ["s3:PutObject", "s3:PutObject", "s3:GetObject", "s3:DeleteObject"];

  const second = await ctx.call("s3", "s3:PutObject", put);
  // A store that ignores If-None-Match wrote a second version: the clean-up must remove it too.
  if (second.ok) ctx.settleProbe(probe, second);
  const exclusive = !second.ok && second.error?.httpStatus === 412;
  const read = await ctx.call("s3", "s3:GetObject", () => ctx.aws.getObject(ctx.s3(), { bucket: s.bucket, key }));
  const del = await removeObject(ctx, probe);

  if (del !== true) {
    return checkResult(id, "fail", msg.lockfileNotReleased(key, del.awsCode, s.statePath), {
      calls,
      error: del,
      diagnosis: s3AccessDiagnosis(ctx, "s3:DeleteObject", lockTarget),
    });
  }
  if (second.ok) {
    return checkResult(id, "fail", msg.LOCKFILE_NOT_EXCLUSIVE, {
      calls,
      diagnosis: msg.LOCKFILE_NOT_EXCLUSIVE_DIAGNOSIS,
    });
  }
  if (!read.ok && read.error && isDenied(read.error)) {
    return checkResult(id, "fail", msg.LOCKFILE_READ_DENIED, {
      calls,
      error: read.error,
      diagnosis: s3AccessDiagnosis(ctx, "s3:GetObject", lockTarget),
    });
  }
  const refusal = exclusive
    ? " (412 PreconditionFailed)"
    : ` (${second.ok ? "" : (second.error?.awsCode ?? second.skipped)})`;
  return checkResult(id, "pass", msg.lockfileWorks(key, refusal), { calls });
}

/** dynamodb_table: PutItem attribute_not_exists(LockID) twice (the second must fail), GetItem, DeleteItem. */
export async function probeDynamoDbLock(ctx: VerifyContext, probeLockId: string, suffix: string): Promise<CheckResult> {
  const id: CheckId = "probe.dynamodb-lock";
  const table = ctx.settings.dynamodbTable!;
  const info = probeLockInfo(ctx, `${lockId(ctx)}${suffix}`);
  const put = () => ctx.aws.putLockItem(ctx.dynamodb(), { table, lockId: probeLockId, info });
  const probe = ctx.armProbe({ kind: "dynamodb", table, lockId: probeLockId });
  const first = await ctx.call("dynamodb", "dynamodb:PutItem", put);
  ctx.settleProbe(probe, first);
  if (!first.ok) {
    if (first.error && isDenied(first.error) && realKeyAllowed(ctx, id)) {
      return checkResult(id, "warn", msg.probeKeyDenied(msg.lockItemDenied(probeLockId), first.error.awsCode), {
        error: first.error,
      });
    }
    if (first.error && isDenied(first.error)) {
      return checkResult(id, "fail", msg.lockItemDenied(probeLockId), {
        error: first.error,
        diagnosis: dynamoAccessDiagnosis(ctx, "dynamodb:PutItem", null),
      });
    }
    if (first.error) return genericFailure(ctx, id, first.error);
    return checkResult(id, "not-checked", first.skipped);
  }
  if (ctx.aborted) return cancelledAfterCreate(id, probeLockId);
  const calls = ["dynamodb:PutItem", "dynamodb:PutItem", "dynamodb:GetItem", "dynamodb:DeleteItem"];
  const second = await ctx.call("dynamodb", "dynamodb:PutItem", put);
  await ctx.call("dynamodb", "dynamodb:GetItem", () => ctx.aws.getItem(ctx.dynamodb(), { table, lockId: probeLockId }));
  const del = await ctx.call("dynamodb", "dynamodb:DeleteItem", () =>
    ctx.aws.deleteItem(ctx.dynamodb(), { table, lockId: probeLockId }),
  );
  if (del.ok) probe.deleted = true;
  if (!del.ok) {
    return checkResult(id, "fail", msg.lockItemNotReleased(probeLockId, del.error?.awsCode), {
      calls,
      ...(del.error ? { error: del.error } : {}),
      diagnosis: dynamoAccessDiagnosis(ctx, "dynamodb:DeleteItem", null),
    });
  }
  if (second.ok) {
    return checkResult(id, "fail", msg.LOCK_ITEM_NOT_EXCLUSIVE, { calls });
  }
  return checkResult(id, "pass", msg.lockItemWorks(probeLockId, second.error?.awsCode ?? second.skipped), { calls });
}
