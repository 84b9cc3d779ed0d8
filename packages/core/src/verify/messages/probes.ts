/**
 * The English of the write probes (probe.state-write, probe.lockfile, probe.dynamodb-lock, probe.kms-data-key)
 * and of their clean-up (probe.cleanup): details, causes and fixes, from plain values.
 */
import type { Diagnosis } from "../report.js";

export const PROBE_NOTE =
  "(it writes next to the state, so a policy that names only the exact state key denies the probe although " +
  "Terraform would work)";

export const CANCELLED_SKIP = "Not checked: cancelled.";

export const PROBES_OFF =
  "Not checked: write probes are off. With writeProbe (tfwhy verify --write-probe), verify writes and deletes a " +
  "probe object next to the state and takes and releases a probe lock with Terraform's conditions; without it " +
  "verify makes no mutating call.";

// ── probe.state-write ──────────────────────────────────────────────────────────────────────────────────────────

export function putProbe(key: string): string {
  return `PutObject of probe "${key}" ${PROBE_NOTE}`;
}

export function writeEncryption(
  sse: { readonly kind: "kms"; readonly kmsKeyId: string } | { readonly kind: "aes256" | "sse-c" | "none" },
): string {
  if (sse.kind === "none") return "";
  return ` with ${sse.kind === "kms" ? `SSE-KMS (${sse.kmsKeyId})` : sse.kind === "aes256" ? "SSE-S3" : "SSE-C"}`;
}

export function stateWriteWorks(key: string, enc: string): string {
  return (
    `PutObject of probe "${key}"${enc} works, so state writes will; ` +
    "DeleteObject removed it again (confirmed in probe.cleanup)."
  );
}

export function stateWriteWorksDeleteFailed(key: string, enc: string, awsCode: string): string {
  return (
    `PutObject of probe "${key}"${enc} works, so state writes will. Deleting the probe failed (${awsCode}); ` +
    "Terraform never deletes the state object, so it does not need s3:DeleteObject there."
  );
}

// ── probe.lockfile ─────────────────────────────────────────────────────────────────────────────────────────────

export function acquireLockfile(key: string): string {
  return `Acquiring probe lockfile "${key}" (PutObject If-None-Match: *) ${PROBE_NOTE}`;
}

export function lockfileNotReleased(key: string, awsCode: string, stateKey: string): string {
  return (
    `The probe lock "${key}" was created, but DeleteObject failed (${awsCode}): Terraform would lock and never ` +
    `unlock. use_lockfile needs s3:DeleteObject on "${stateKey}.tflock".`
  );
}

export const LOCKFILE_NOT_EXCLUSIVE =
  "A second conditional PutObject on the held probe lockfile succeeded: this store ignores If-None-Match, so S3 " +
  "locking does not exclude concurrent runs.";

export const LOCKFILE_NOT_EXCLUSIVE_DIAGNOSIS: Diagnosis = {
  cause: "The S3 endpoint does not implement conditional writes (If-None-Match: *).",
  fix: "Use dynamodb_table locking with this store, or an S3 implementation that supports conditional writes.",
};

export const LOCKFILE_READ_DENIED =
  "The probe lock works, but GetObject on it is denied: unlock reads the lockfile to compare lock IDs, so " +
  "Terraform could not unlock.";

export function lockfileWorks(key: string, refusal: string): string {
  return (
    `Probe lockfile "${key}": acquired with If-None-Match: *, a second acquire was refused${refusal}, ` +
    "read back and released."
  );
}

// ── probe.dynamodb-lock ────────────────────────────────────────────────────────────────────────────────────────

export function lockItemDenied(lockId: string): string {
  return `PutItem of probe lock "${lockId}" is denied: Terraform could not take the lock.`;
}

export function lockItemNotReleased(lockId: string, awsCode: string | undefined): string {
  return (
    `The probe lock "${lockId}" was taken, but DeleteItem failed${awsCode ? ` (${awsCode})` : ""}: ` +
    "Terraform would lock and never unlock."
  );
}

export const LOCK_ITEM_NOT_EXCLUSIVE =
  "A second conditional PutItem on the held probe lock succeeded: the condition attribute_not_exists(LockID) was " +
  "not enforced.";

export function lockItemWorks(lockId: string, refusal: string | undefined): string {
  return (
    `Probe lock "${lockId}": taken with attribute_not_exists(LockID), a second take was refused (${refusal}), ` +
    "and released."
  );
}

// ── probe.kms-data-key ─────────────────────────────────────────────────────────────────────────────────────────

export const DATA_KEY_NO_ENDPOINT =
  "Not checked: S3 uses a custom endpoint and no KMS endpoint is known (AWS_ENDPOINT_URL_KMS).";

export function dataKeyWorks(keyId: string, caller: string): string {
  return `kms:GenerateDataKey on ${keyId} works for ${caller}.`;
}

export function dataKeyDenied(keyId: string): string {
  return `kms:GenerateDataKey on ${keyId} is denied: state writes encrypted with this key fail with AccessDenied.`;
}

export function dataKeyDeniedDiagnosis(keyId: string, caller: string, why: string): Diagnosis {
  return {
    cause:
      `${caller} (used because ${why}) lacks kms:GenerateDataKey on ${keyId}, ` +
      "in its identity policy or the key policy.",
    fix: `Allow kms:GenerateDataKey and kms:Decrypt on ${keyId} for ${caller}.`,
  };
}

// ── Shared by the probes ───────────────────────────────────────────────────────────────────────────────────────

export function cancelledAfterCreate(what: string): string {
  return (
    `Cancelled after probe "${what}" was created; the clean-up removes it and says whether that is confirmed ` +
    "(probe.cleanup)."
  );
}

export function probeDenied(what: string, awsCode: string): string {
  return `${what} is denied (${awsCode}).`;
}

export function probeFailsInKms(what: string, awsCode: string, message: string): string {
  return `${what} fails in KMS (${awsCode}): ${message}`;
}

export function probeKmsDiagnosis(kmsKeyId: string | null, caller: string): Diagnosis {
  return {
    cause:
      `S3 could not encrypt with ${kmsKeyId ?? "the KMS key"} for ${caller} ` +
      "(missing key, disabled key, or no kms:GenerateDataKey).",
    fix: "Fix kms_key_id, or allow kms:GenerateDataKey and kms:Decrypt on the key for this caller.",
  };
}

// ── probe.cleanup ──────────────────────────────────────────────────────────────────────────────────────────────

export const CLEANUP_TITLE = "Write probes cleaned up";

/** How the clean-up confirmed a probe gone, or why it could not. */
export const CLEANUP = {
  noItem: "GetItem finds no item",
  noVersions: "ListObjectVersions lists no version or delete marker",
  head404: "HeadObject answers 404",
  deleteAcknowledged:
    "DeleteObject acknowledged on a bucket without versioning (HeadObject answers 403: without s3:ListBucket S3 " +
    "does not tell 404)",
  stillThere: "still there",
  stillThereAfter: (call: "DeleteItem" | "DeleteObject") => `still there after ${call} failed`,
  versionsStillThere: "versions still there",
  versionsStillThereAfterDelete: "versions still there after DeleteObject failed",
  versionsNotListed: "its versions could not be listed",
  unconfirmed: (read: "GetItem" | "HeadObject") => `${read} could not confirm its removal`,
  deleteFailedUnconfirmed: (call: string, awsCode: string, read: string) =>
    `${call} failed (${awsCode}) and ${read} could not confirm`,
  deadlinePassed: (what: string, graceMs: number) => `${what}: the clean-up deadline of ${graceMs / 1000} s passed`,
  failedWith: (what: string, reason: string) => `${what}: ${reason}`,
} as const;

export function removed(names: readonly string[]): string {
  return names.length > 0 ? `Removed, and confirmed gone: ${names.join(", ")}.` : "";
}

export function leftBehindName(name: string, versions: readonly string[], why: string): string {
  const v = versions.length > 0 ? ` (version${versions.length === 1 ? "" : "s"} ${versions.join(", ")})` : "";
  return `${name}${v}: ${why}`;
}

export function leftBehind(named: readonly string[], removedText: string): string {
  return `Left behind, or not confirmed gone: ${named.join("; ")}.${removedText ? ` ${removedText}` : ""}`;
}

export function leftBehindDiagnosis(graceMs: number, lock: boolean, commands: readonly string[]): Diagnosis {
  return {
    cause:
      "The probe's delete or the read that confirms it failed (permission, timeout, cancel, or the clean-up " +
      `deadline of ${graceMs / 1000} s).` +
      (lock ? " A leftover probe lock does not block Terraform (it uses a different key)." : ""),
    fix: `Delete it by hand; it is safe to delete: ${commands.join("; ")} (see docs/verify-probes.md).`,
  };
}

/** The AWS CLI command that removes a leftover probe object or lock item. */
export function deleteCommand(
  probe:
    | { readonly kind: "s3"; readonly bucket: string; readonly key: string }
    | { readonly kind: "dynamodb"; readonly table: string; readonly lockId: string },
  versions: readonly string[],
): string {
  if (probe.kind === "dynamodb")
    return `aws dynamodb delete-item --table-name ${probe.table} --key '{"LockID":{"S":"${probe.lockId}"}}'`;
  const base = `aws s3api delete-object --bucket ${probe.bucket} --key ${probe.key}`;
  return versions.length === 0 ? base : versions.map((v) => `${base} --version-id ${v}`).join("; ");
}

export function probeKeyDenied(what: string, code: string): string {
  return (
    `${what} was refused (${code}) on the probe's own key, but the same write on Terraform's key is allowed ` +
    "(the authorisation check above): the policy names exact keys. Terraform writes only its own keys, so this " +
    "is no failure of Terraform's; the round trip was not tested."
  );
}
