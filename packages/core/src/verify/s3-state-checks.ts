/** The S3 calls Terraform makes on the state: the workspaces listing, the state read and the lockfile read. */
import type { CallResult, VerifyContext } from "./context.js";
import { callerShort, policyFor, s3AccessDiagnosis, whyIdentity } from "./diagnose.js";
import { parseLockInfo } from "./lock-info.js";
import { describeLock, heldLockDiagnosis } from "./messages/held-lock.js";
import * as msg from "./messages/s3.js";
import type { ObjectHead } from "./port/aws-port.js";
import type { CheckId, Diagnosis } from "./report.js";
import { handleGenericS3Failure, listPrefix, lockfileKey, s3Arn } from "./s3-common.js";

/** StateMgr → Workspaces: ListObjectsV2 with the workspace prefix (backend_state.go). */
export async function checkList(ctx: VerifyContext): Promise<void> {
  const id: CheckId = "s3.list-workspaces";
  const prefix = listPrefix(ctx);
  const isDefault = ctx.settings.workspaceKeyPrefix === "env:";
  const r = await ctx.call("s3", "s3:ListObjectsV2", () =>
    ctx.aws.listObjectsV2(ctx.s3(), { bucket: ctx.settings.bucket, prefix }),
  );
  if (r.ok) {
    const workspaces = workspacesFrom(r.value.keys, prefix, ctx.settings.key);
    ctx.record(id, "pass", msg.listWorks(prefix, workspaces), { calls: ["s3:ListObjectsV2"] });
    return;
  }
  if (r.skipped !== undefined) {
    ctx.record(id, "not-checked", r.skipped);
    return;
  }
  handleGenericS3Failure(ctx, id, r.error, {
    denied: () => {
      const diagnosis = s3AccessDiagnosis(ctx, "s3:ListBucket", s3Arn(ctx), msg.listPrefixCondition(prefix));
      if (isDefault) {
        ctx.record(id, "warn", msg.listDeniedDefaultPrefix(prefix), { error: r.error, diagnosis });
      } else {
        ctx.record(id, "fail", msg.listDeniedCustomPrefix(prefix, ctx.settings.bucket), {
          error: r.error,
          diagnosis,
        });
      }
      return true;
    },
  });
}

/** Keys `<prefix><W>/<key>` name workspace W (backend_state.go Workspaces keyEnv). */
function workspacesFrom(keys: readonly string[], prefix: string, stateKey: string): string[] {
  const names = new Set<string>();
  for (const k of keys) {
    if (!k.startsWith(prefix)) continue;
    const rest = k.slice(prefix.length);
    const cut = rest.indexOf("/");
    if (cut > 0 && rest.slice(cut + 1) === stateKey) names.add(rest.slice(0, cut));
  }
  return [...names].sort();
}

/**
 * RefreshState → Get: HeadObject (404 = no state), then a 1-byte GetObject, which also needs kms:Decrypt.
 * Returns the state object's head when it exists.
 */
export async function checkStateRead(ctx: VerifyContext): Promise<ObjectHead | null> {
  const id: CheckId = "s3.state-read";
  const { bucket, key, readSse } = ctx.settings;
  const head = await ctx.call("s3", "s3:HeadObject", () => ctx.aws.headObject(ctx.s3(), { bucket, key, sse: readSse }));
  const listDenied =
    ctx.checks.find((c) => c.id === "s3.list-workspaces")?.awsError &&
    ctx.checks.find((c) => c.id === "s3.list-workspaces")?.status !== "pass";
  if (!head.ok) {
    if (head.skipped !== undefined) {
      ctx.record(id, "not-checked", head.skipped);
      return null;
    }
    const error = head.error;
    if (error.httpStatus === 404) {
      ctx.record(id, "pass", msg.noStateYet(key), { calls: ["s3:HeadObject"] });
      return null;
    }
    handleGenericS3Failure(ctx, id, error, {
      denied: () => {
        const missingHint = listDenied ? msg.MISSING_KEY_MAY_ANSWER_403 : "";
        ctx.record(id, "fail", msg.headObjectDenied(key, bucket, missingHint), {
          error,
          diagnosis: s3AccessDiagnosis(ctx, "s3:GetObject", s3Arn(ctx, key), msg.HEAD_AUTHORISED_BY_GET),
        });
        return true;
      },
    });
    return null;
  }
  const get = await ctx.call("s3", "s3:GetObject", () =>
    ctx.aws.getObject(ctx.s3(), { bucket, key, range: "bytes=0-0", sse: readSse }),
  );
  const what = msg.stateObjectExists(key, head.value);
  if (get.ok) {
    ctx.record(id, "pass", msg.stateReadable(what), { calls: ["s3:HeadObject", "s3:GetObject"] });
    return head.value;
  }
  if (get.skipped !== undefined) {
    ctx.record(id, "not-checked", msg.stateGetSkipped(what, get.skipped), { calls: ["s3:HeadObject"] });
    return head.value;
  }
  const error = get.error;
  const kms = head.value.serverSideEncryption?.startsWith("aws:kms");
  handleGenericS3Failure(ctx, id, error, {
    denied: () => {
      const policy = policyFor(ctx, "s3:GetObject", s3Arn(ctx, key));
      const diagnosis: Diagnosis =
        kms && !policy?.denies.length
          ? msg.kmsDecryptDiagnosis(head.value.kmsKeyId, callerShort(ctx), whyIdentity(ctx))
          : s3AccessDiagnosis(ctx, "s3:GetObject", s3Arn(ctx, key), msg.ONLY_GET_DENIED);
      ctx.record(id, "fail", msg.getObjectDenied(what, error.awsCode), {
        error,
        calls: ["s3:HeadObject", "s3:GetObject"],
        diagnosis,
      });
      return true;
    },
  });
  return head.value;
}

/** use_lockfile: a present `<key>.tflock` is a held (or stale) lock (client.go getLockInfoWithFile). */
export async function checkLockfile(ctx: VerifyContext): Promise<void> {
  const id: CheckId = "lock.lockfile";
  const key = lockfileKey(ctx);
  const r: CallResult<{ text: string }> = await ctx.call("s3", "s3:GetObject", () =>
    ctx.aws.getObject(ctx.s3(), { bucket: ctx.settings.bucket, key }),
  );
  if (r.ok) {
    const lock = parseLockInfo(r.value.text);
    ctx.record(id, "fail", msg.lockfileHeld(key, describeLock(lock, ctx.world.clock.now())), {
      calls: ["s3:GetObject"],
      diagnosis: heldLockDiagnosis(lock, ctx.explanation.dir),
    });
    return;
  }
  if (r.skipped !== undefined) {
    ctx.record(id, "not-checked", r.skipped);
    return;
  }
  const error = r.error;
  if (error.httpStatus === 404) {
    ctx.record(id, "pass", msg.noLockfile(key), { calls: ["s3:GetObject"] });
    return;
  }
  handleGenericS3Failure(ctx, id, error, {
    denied: () => {
      const listFailed = ctx.checks.find((c) => c.id === "s3.list-workspaces")?.status !== "pass";
      ctx.record(id, "fail", msg.lockfileDenied(key, listFailed), {
        error,
        diagnosis: s3AccessDiagnosis(ctx, "s3:GetObject", s3Arn(ctx, key)),
      });
      return true;
    },
  });
}
