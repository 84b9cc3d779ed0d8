/**
 * Removing the probes verify armed, and confirming each one is gone: after the probes, and also after an error, a
 * timeout or a cancel (verifyBackend's finally block). Names and how to find leftovers: docs/verify-probes.md.
 */

import { type CheckResult, checkResult } from "./check-log.js";
import type { ArmedProbe, VerifyContext } from "./context.js";
import * as msg from "./messages/probes.js";
import { isAwsCallError, type ObjectVersion } from "./port/aws-port.js";
import type { Tested } from "./terraform-needs.js";

/**
 * The clean-up's own deadline: delete + confirm are two sequential calls per probe, each bounded by the per-call
 * timeout, so twice the timeout lets a slow but live store finish; at least 3 s so a short --timeout still leaves
 * time for three probes on a healthy store, and at most 30 s so a dead store cannot hold the run.
 */
export function cleanupGraceMs(timeoutMs: number): number {
  return Math.min(30_000, Math.max(3_000, 2 * timeoutMs));
}

/**
 * Removes every armed probe (also after an error, a timeout or a cancel) and reports each one as removed only when
 * a read confirmed it gone; every other probe is named as left behind, with why.
 */
export async function cleanUp(ctx: VerifyContext): Promise<CheckResult | null> {
  const armed = [...ctx.probes.values()].filter((p) => p.outcome !== "not-sent");
  if (armed.length === 0) return null;
  const graceMs = cleanupGraceMs(ctx.timeoutMs);
  const deadline = AbortSignal.timeout(graceMs);
  const removed: string[] = [];
  const left: {
    readonly probe: ArmedProbe;
    readonly why: string;
    readonly versions: readonly string[];
    readonly versionsOnly: boolean;
  }[] = [];
  for (const probe of armed) {
    const r = await removeAndConfirm(ctx, probe, deadline, graceMs);
    if (r.gone) {
      // A write AWS refused, found absent without deleting anything: nothing was written, nothing to report.
      if (probe.outcome !== "refused" || r.touched) removed.push(`${probe.name} (${r.how})`);
    } else left.push({ probe, why: r.why, versions: r.versions, versionsOnly: r.versionsOnly ?? false });
  }
  if (removed.length === 0 && left.length === 0) return null;
  const title = msg.CLEANUP_TITLE;
  const removedText = msg.removed(removed);
  if (left.length === 0) {
    return checkResult("probe.cleanup", "pass", removedText, { title });
  }
  const named = left.map(({ probe, why, versions }) => msg.leftBehindName(probe.name, versions, why));
  // Terraform's calls do not include removing old versions: a leftover that is only versions stands for none.
  const objects = left.filter((l) => !l.versionsOnly);
  const lockfile = objects.some(({ probe }) => probe.kind === "s3" && probe.key.endsWith(".tflock"));
  const lockItem = objects.some(({ probe }) => probe.kind === "dynamodb");
  const commands = left.map(({ probe, versions }) => msg.deleteCommand(probe, versions));
  // A leftover means the delete failed: Terraform's own unlock needs it for a lock probe (DeleteObject of the
  // .tflock, DeleteItem); it never deletes the state object. The call model decides (model-judge.ts), so this
  // fails here and is a warning when no command of the pipeline makes that call.
  const tested: Tested =
    objects.length === 0
      ? { action: "s3:DeleteObjectVersion", target: "state" }
      : lockItem
        ? { action: "dynamodb:DeleteItem", target: "lock-item" }
        : { action: "s3:DeleteObject", target: lockfile ? "lockfile" : "state" };
  return checkResult("probe.cleanup", "fail", msg.leftBehind(named, removedText), {
    title,
    tested,
    diagnosis: msg.leftBehindDiagnosis(graceMs, lockfile || lockItem, commands),
  });
}

/** What the clean-up found for one probe: gone (and how that was confirmed), or left (and why it may be). */
export type Removal =
  | { readonly gone: true; readonly how: string; readonly touched: boolean }
  | {
      readonly gone: false;
      readonly why: string;
      readonly versions: readonly string[];
      /** The object was deleted (a delete marker hides it); only old versions may be left. */
      readonly versionsOnly?: boolean;
    };

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
      ? msg.CLEANUP.deadlinePassed(what, graceMs)
      : msg.CLEANUP.failedWith(
          what,
          isAwsCallError(error) ? error.awsCode : error instanceof Error ? error.message : String(error),
        );
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
      if (found === null) return { gone: true, how: msg.CLEANUP.noItem, touched: touched || probe.deleted };
      return {
        gone: false,
        why: failed ? why(msg.CLEANUP.stillThereAfter("DeleteItem"), failed) : msg.CLEANUP.stillThere,
        versions: [],
      };
    } catch (e) {
      return {
        gone: false,
        why: why(
          failed
            ? msg.CLEANUP.deleteFailedUnconfirmed("DeleteItem", codeOf(failed), "GetItem")
            : msg.CLEANUP.unconfirmed("GetItem"),
          e,
        ),
        versions: [],
      };
    }
  }

  const target = ctx.s3(true, deadline);
  const { bucket, key } = probe;
  // A write S3 acknowledged without a version id went to a bucket that never had versioning (a suspended one
  // answers "null"): then a plain delete removes it for good, whatever GetBucketVersioning may not tell.
  const unversionedWrite = probe.outcome === "written" && probe.versionIds.length === 0;
  const maybeVersioned = ctx.bucketVersioning !== null && !unversionedWrite;
  let failed: unknown = null;
  let touched = probe.deleted;
  // a plain DeleteObject worked: what may be left are old versions (s3:DeleteObjectVersion), not the object
  let plainDeleted = probe.deleted;
  const del = async (versionId?: string): Promise<boolean> => {
    touched = true;
    try {
      await ctx.aws.deleteObject(target, { bucket, key, ...(versionId ? { versionId } : {}) });
      if (!versionId) plainDeleted = true;
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
      if (left.length === 0) return { gone: true, how: msg.CLEANUP.noVersions, touched: true };
      return {
        gone: false,
        why: failed ? why(msg.CLEANUP.versionsStillThereAfterDelete, failed) : msg.CLEANUP.versionsStillThere,
        versions: left.map((v) => v.versionId),
        versionsOnly: plainDeleted,
      };
    } catch (e) {
      return {
        gone: false,
        why: why(msg.CLEANUP.versionsNotListed, e),
        versions: probe.versionIds,
        versionsOnly: plainDeleted,
      };
    }
  }
  try {
    await ctx.aws.headObject(target, { bucket, key, sse: ctx.settings.readSse });
    return {
      gone: false,
      why: failed ? why(msg.CLEANUP.stillThereAfter("DeleteObject"), failed) : msg.CLEANUP.stillThere,
      versions: probe.versionIds,
    };
  } catch (e) {
    if (isAwsCallError(e) && e.httpStatus === 404) return { gone: true, how: msg.CLEANUP.head404, touched };
    // Without s3:ListBucket S3 answers 403 for a missing key: an acknowledged write to an unversioned bucket whose
    // DeleteObject was acknowledged too is gone all the same (there is no version or marker left to find).
    if (isAwsCallError(e) && e.httpStatus === 403 && plainDeleted && !failed && unversionedWrite)
      return { gone: true, how: msg.CLEANUP.deleteAcknowledged, touched };
    return {
      gone: false,
      why: why(
        failed
          ? msg.CLEANUP.deleteFailedUnconfirmed("DeleteObject", codeOf(failed), "HeadObject")
          : msg.CLEANUP.unconfirmed("HeadObject"),
        e,
      ),
      versions: probe.versionIds,
    };
  }
}

/** What a failed clean-up call answered, for the leftover's reason. */
function codeOf(failed: unknown): string {
  return isAwsCallError(failed) ? failed.awsCode : "error";
}
