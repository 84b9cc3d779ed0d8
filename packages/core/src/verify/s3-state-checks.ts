/** The S3 calls Terraform makes on the state: the workspaces listing, the state read and the lockfile read. */
import type { CallResult } from "./call-gate.js";
import { type CheckResult, checkResult } from "./check-log.js";
import type { VerifyContext } from "./context.js";
import { callerShort, policyFor, s3AccessDiagnosis, whyIdentity } from "./diagnose.js";
import { parseLockInfo } from "./lock-info.js";
import { describeLock, heldLockDiagnosis } from "./messages/held-lock.js";
import * as msg from "./messages/s3.js";
import type { ObjectHead } from "./port/aws-port.js";
import type { Check, CheckId, Diagnosis } from "./report.js";
import { genericS3Failure, listPrefix, lockfileKey, type S3Outcome, s3Arn, s3Outcome } from "./s3-common.js";

/** StateMgr → Workspaces: ListObjectsV2 with the workspace prefix (backend_state.go). */
export async function checkList(ctx: VerifyContext): Promise<S3Outcome> {
  const id: CheckId = "s3.list-workspaces";
  const prefix = listPrefix(ctx);
  const isDefault = ctx.settings.workspaceKeyPrefix === "env:";
  const r = await ctx.call("s3", "s3:ListObjectsV2", () =>
    ctx.aws.listObjectsV2(ctx.s3(), { bucket: ctx.settings.bucket, prefix }),
  );
  if (r.ok) {
    const workspaces = workspacesFrom(r.value.keys, prefix, ctx.settings.key);
    const listed = msg.listWorks(prefix, workspaces);
    const missing = missingWorkspace(ctx, workspaces);
    if (missing) return s3Outcome(checkResult(id, missing.status, `${listed} ${missing.detail}`, missing.extra));
    return s3Outcome(checkResult(id, "pass", listed, { calls: ["s3:ListObjectsV2"] }));
  }
  if (r.skipped !== undefined) return s3Outcome(checkResult(id, "not-checked", r.skipped));
  const error = r.error;
  return genericS3Failure(ctx, id, error, () => {
    const diagnosis = s3AccessDiagnosis(ctx, "s3:ListBucket", s3Arn(ctx), msg.listPrefixCondition(prefix));
    return isDefault
      ? checkResult(id, "warn", msg.listDeniedDefaultPrefix(prefix), { error, diagnosis })
      : checkResult(id, "fail", msg.listDeniedCustomPrefix(prefix, ctx.settings.bucket), { error, diagnosis });
  });
}

/**
 * The selected workspace is not in the bucket. hashicorp/terraform internal/command/meta_backend.go selectWorkspace
 * (run by init): when "default" is the only workspace it selects "default" (writing .terraform/environment), and a
 * TF_WORKSPACE workspace is then created by backend_state.go StateMgr (Lock, Put of an empty state, Unlock); when
 * other workspaces exist, init without input fails. plan and apply skip selectWorkspace and StateMgr creates it.
 * Checked against Terraform 1.11.4 in conformance/workspaces.test.ts.
 */
function missingWorkspace(
  ctx: VerifyContext,
  others: readonly string[],
): { status: "warn" | "fail"; detail: string; extra: Pick<CheckResult, "calls" | "diagnosis"> } | null {
  const { workspace, statePath } = ctx.settings;
  if (workspace === "default" || others.includes(workspace)) return null;
  const calls = ["s3:ListObjectsV2"];
  const from = ctx.explanation.workspace.from;
  if (others.length > 0) {
    const diagnosis: Diagnosis = {
      cause: msg.workspaceMissingCause(workspace, others),
      fix: msg.workspaceMissingFix(workspace, others),
    };
    return { status: "fail", detail: msg.workspaceMissingInitFails(workspace), extra: { calls, diagnosis } };
  }
  const detail =
    from === "environment-file"
      ? msg.workspaceMissingSwitchesToDefault(workspace, ctx.settings.key)
      : msg.workspaceMissingCreated(workspace, statePath);
  return { status: "warn", detail, extra: { calls } };
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
export async function checkStateRead(
  ctx: VerifyContext,
  listing: Check | undefined,
): Promise<S3Outcome & { readonly stateObject: ObjectHead | null }> {
  const id: CheckId = "s3.state-read";
  const { bucket, statePath: key, readSse } = ctx.settings;
  const head = await ctx.call("s3", "s3:HeadObject", () => ctx.aws.headObject(ctx.s3(), { bucket, key, sse: readSse }));
  const listDenied = listing?.awsError && listing.status !== "pass";
  const none = (o: S3Outcome) => ({ ...o, stateObject: null });
  if (!head.ok) {
    if (head.skipped !== undefined) {
      return none(s3Outcome(checkResult(id, "not-checked", head.skipped)));
    }
    const error = head.error;
    if (error.httpStatus === 404) {
      return none(s3Outcome(checkResult(id, "pass", msg.noStateYet(key), { calls: ["s3:HeadObject"] })));
    }
    return none(
      genericS3Failure(ctx, id, error, () => {
        const missingHint = listDenied ? msg.MISSING_KEY_MAY_ANSWER_403 : "";
        // Without s3:ListBucket a missing key answers 403, not 404: on a first init the grant that helps is
        // s3:ListBucket (then the missing state answers 404 and Terraform starts empty), not s3:GetObject.
        const mayBeMissing = listDenied && !policyFor(ctx, "s3:GetObject", s3Arn(ctx, key))?.denies.length;
        const extraCause = mayBeMissing ? msg.MISSING_STATE_ANSWERS_403 : msg.HEAD_AUTHORISED_BY_GET;
        const access = s3AccessDiagnosis(ctx, "s3:GetObject", s3Arn(ctx, key), extraCause);
        const diagnosis = mayBeMissing
          ? { ...access, fix: access.fix + msg.alsoGrantListBucket(s3Arn(ctx), listPrefix(ctx)) }
          : access;
        return checkResult(id, "fail", msg.headObjectDenied(key, bucket, missingHint), { error, diagnosis });
      }),
    );
  }
  const found = (o: S3Outcome) => ({ ...o, stateObject: head.value });
  const get = await ctx.call("s3", "s3:GetObject", () =>
    ctx.aws.getObject(ctx.s3(), { bucket, key, range: "bytes=0-0", sse: readSse }),
  );
  const what = msg.stateObjectExists(key, head.value);
  if (get.ok) {
    return found(
      s3Outcome(checkResult(id, "pass", msg.stateReadable(what), { calls: ["s3:HeadObject", "s3:GetObject"] })),
    );
  }
  if (get.skipped !== undefined) {
    const calls = ["s3:HeadObject"];
    return found(s3Outcome(checkResult(id, "not-checked", msg.stateGetSkipped(what, get.skipped), { calls })));
  }
  const error = get.error;
  const kms = head.value.serverSideEncryption?.startsWith("aws:kms");
  return found(
    genericS3Failure(ctx, id, error, () => {
      const policy = policyFor(ctx, "s3:GetObject", s3Arn(ctx, key));
      const diagnosis: Diagnosis =
        kms && !policy?.denies.length
          ? msg.kmsDecryptDiagnosis(head.value.kmsKeyId, callerShort(ctx), whyIdentity(ctx))
          : s3AccessDiagnosis(ctx, "s3:GetObject", s3Arn(ctx, key), msg.ONLY_GET_DENIED);
      return checkResult(id, "fail", msg.getObjectDenied(what, error.awsCode), {
        error,
        calls: ["s3:HeadObject", "s3:GetObject"],
        diagnosis,
      });
    }),
  );
}

/** use_lockfile: a present `<key>.tflock` is a held (or stale) lock (client.go getLockInfoWithFile). */
export async function checkLockfile(ctx: VerifyContext, listing: Check | undefined): Promise<S3Outcome> {
  const id: CheckId = "lock.lockfile";
  const key = lockfileKey(ctx);
  const r: CallResult<{ text: string }> = await ctx.call("s3", "s3:GetObject", () =>
    ctx.aws.getObject(ctx.s3(), { bucket: ctx.settings.bucket, key }),
  );
  if (r.ok) {
    const lock = parseLockInfo(r.value.text);
    const result = checkResult(id, "fail", msg.lockfileHeld(key, describeLock(lock, ctx.world.clock.now())), {
      calls: ["s3:GetObject"],
      diagnosis: heldLockDiagnosis(lock, ctx.explanation.dir),
    });
    return s3Outcome(result);
  }
  if (r.skipped !== undefined) return s3Outcome(checkResult(id, "not-checked", r.skipped));
  const error = r.error;
  if (error.httpStatus === 404) {
    return s3Outcome(checkResult(id, "pass", msg.noLockfile(key), { calls: ["s3:GetObject"] }));
  }
  const listDenied = Boolean(listing?.awsError) && listing?.status !== "pass";
  return genericS3Failure(ctx, id, error, () => {
    // client.go lockWithFile only writes the lockfile (If-None-Match: *) and reads it when it exists: a 403 that
    // may only mean "no such key" (no s3:ListBucket) is no failure of Terraform's.
    if (listDenied && !policyFor(ctx, "s3:GetObject", s3Arn(ctx, key))?.denies.length)
      return checkResult(id, "warn", msg.lockfileMayBeMissing(key), { error });
    return checkResult(id, "fail", msg.lockfileDenied(key, listing?.status !== "pass"), {
      error,
      diagnosis: s3AccessDiagnosis(ctx, "s3:GetObject", s3Arn(ctx, key)),
    });
  });
}
