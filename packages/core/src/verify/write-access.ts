/**
 * Authorisation checks that cannot write: do Terraform's writes have the permissions they need, on the real keys,
 * without --write-probe? Each request carries a guard that makes an authorised request fail before it changes
 * anything (port putObjectAccess / deleteObjectAccess / putItemAccess / deleteItemAccess), and AWS authorises a
 * request before it tests the guard, so AccessDenied is the answer Terraform's own write would get. A key is checked
 * only when the run knows whether it exists, so that even a store ignoring the guards overwrites nothing; what such a
 * store wrote on an absent key is armed as a probe and removed by the clean-up.
 */
import { type CheckResult, checkResult } from "./check-log.js";
import type { CallResult, VerifyContext } from "./context.js";
import { isDenied, s3AccessDiagnosis } from "./diagnose.js";
import { dynamoAccessDiagnosis, genericFailure, lockId } from "./lock-checks.js";
import * as msg from "./messages/write-access.js";
import type { AccessAnswer } from "./port/aws-port.js";
import type { CheckId } from "./report.js";
import { lockfileKey, s3Arn } from "./s3-common.js";
import type { Tested } from "./terraform-needs.js";

/** One guarded call and what it stands for. */
interface Attempt {
  readonly what: string;
  readonly tested: Tested;
  readonly result: CallResult<AccessAnswer>;
  readonly denied: () => CheckResult["diagnosis"];
}

/** The first attempt that did not pass decides the check; all passing: pass. */
function decide(ctx: VerifyContext, id: CheckId, attempts: readonly Attempt[], notes: readonly string[]): CheckResult {
  const calls = attempts.map((a) => (a.result.ok ? a.tested.action : (a.result.error?.operation ?? a.tested.action)));
  for (const a of attempts) {
    const r = a.result;
    if (r.ok) continue;
    if (r.skipped !== undefined) return checkResult(id, "not-checked", r.skipped, { calls });
    if (isDenied(r.error)) {
      const diagnosis = a.denied();
      return checkResult(id, "fail", msg.denied(a.what, r.error.awsCode), {
        calls,
        error: r.error,
        tested: a.tested,
        ...(diagnosis ? { diagnosis } : {}),
      });
    }
    return { ...genericFailure(ctx, id, r.error), calls, tested: a.tested };
  }
  const detail = [msg.allowed(attempts.map((a) => a.what).join("; ")), ...notes].join(" ");
  return checkResult(id, "pass", detail, { calls });
}

/** s3.state-write-access: client.go put's PutObject on the state key, with its headers. */
export async function checkStateWriteAccess(ctx: VerifyContext, exists: boolean | null): Promise<CheckResult> {
  const id: CheckId = "s3.state-write-access";
  if (exists === null) return checkResult(id, "not-checked", msg.STATE_UNKNOWN);
  const s = ctx.settings;
  const key = s.statePath;
  const result = await ctx.call("s3", "s3:PutObject", () =>
    ctx.aws.putObjectAccess(ctx.s3(), {
      bucket: s.bucket,
      key,
      exists,
      sse: s.writeSse,
      ...(s.acl ? { acl: s.acl } : {}),
    }),
  );
  const notes = written(ctx, result, key, exists) ? [msg.storeIgnoredGuards(key)] : [];
  return decide(
    ctx,
    id,
    [
      {
        what: `PutObject "${key}"`,
        tested: { action: "s3:PutObject", target: "state" },
        result,
        denied: () => s3AccessDiagnosis(ctx, "s3:PutObject", s3Arn(ctx, key)),
      },
    ],
    notes,
  );
}

/**
 * lock.lockfile-access: lockWithFile's PutObject and unlockWithFile's DeleteObject on `<state>.tflock`, when the
 * lockfile is known to be absent (`absent` false: held, reported by lock.lockfile; null: unknown).
 */
export async function checkLockfileAccess(ctx: VerifyContext, absent: boolean | null): Promise<CheckResult> {
  const id: CheckId = "lock.lockfile-access";
  if (absent === null) return checkResult(id, "not-checked", msg.LOCKFILE_UNKNOWN);
  if (!absent) return checkResult(id, "not-checked", msg.LOCKFILE_HELD);
  const bucket = ctx.settings.bucket;
  const key = lockfileKey(ctx);
  const put = await ctx.call("s3", "s3:PutObject", () =>
    ctx.aws.putObjectAccess(ctx.s3(), { bucket, key, exists: false, sse: ctx.settings.writeSse }),
  );
  const notes = written(ctx, put, key, false) ? [msg.storeIgnoredGuards(key)] : [];
  const del = await ctx.call("s3", "s3:DeleteObject", () => ctx.aws.deleteObjectAccess(ctx.s3(), { bucket, key }));
  if (del.ok && del.value === "written") notes.push(msg.storeIgnoredDeleteGuard(key));
  const arn = s3Arn(ctx, key);
  return decide(
    ctx,
    id,
    [
      {
        what: `PutObject "${key}"`,
        tested: { action: "s3:PutObject", target: "lockfile" },
        result: put,
        denied: () => s3AccessDiagnosis(ctx, "s3:PutObject", arn),
      },
      {
        what: `DeleteObject "${key}"`,
        tested: { action: "s3:DeleteObject", target: "lockfile" },
        result: del,
        denied: () => s3AccessDiagnosis(ctx, "s3:DeleteObject", arn),
      },
    ],
    notes,
  );
}

/**
 * lock.dynamodb-access: lockWithDynamoDB's PutItem and unlockWithDynamoDB's DeleteItem on the lock item, when it is
 * known to be absent (lock.dynamodb-item found no item).
 */
export async function checkDynamoDbAccess(ctx: VerifyContext, absent: boolean): Promise<CheckResult> {
  const id: CheckId = "lock.dynamodb-access";
  if (!absent) return checkResult(id, "not-checked", msg.LOCKFILE_HELD.replace("the lockfile is", "a lock item is"));
  const table = ctx.settings.dynamodbTable!;
  const item = lockId(ctx);
  const put = await ctx.call("dynamodb", "dynamodb:PutItem", () =>
    ctx.aws.putItemAccess(ctx.dynamodb(), { table, lockId: item }),
  );
  if (put.ok && put.value === "written") {
    const probe = ctx.armProbe({ kind: "dynamodb", table, lockId: item });
    probe.outcome = "written";
    return checkResult(id, "fail", msg.ITEM_WRITTEN, { diagnosis: msg.itemWrittenDiagnosis() });
  }
  const del = await ctx.call("dynamodb", "dynamodb:DeleteItem", () =>
    ctx.aws.deleteItemAccess(ctx.dynamodb(), { table, lockId: item }),
  );
  return decide(
    ctx,
    id,
    [
      {
        what: `PutItem "${item}"`,
        tested: { action: "dynamodb:PutItem", target: "lock-item" },
        result: put,
        denied: () => dynamoAccessDiagnosis(ctx, "dynamodb:PutItem", null),
      },
      {
        what: `DeleteItem "${item}"`,
        tested: { action: "dynamodb:DeleteItem", target: "lock-item" },
        result: del,
        denied: () => dynamoAccessDiagnosis(ctx, "dynamodb:DeleteItem", null),
      },
    ],
    [],
  );
}

/** A store that ignored the guards wrote an empty object: arm it (absent before) so the clean-up removes it. */
function written(ctx: VerifyContext, r: CallResult<AccessAnswer>, key: string, existed: boolean): boolean {
  if (!r.ok || r.value !== "written") return false;
  if (!existed) ctx.armProbe({ kind: "s3", bucket: ctx.settings.bucket, key }).outcome = "written";
  return true;
}
