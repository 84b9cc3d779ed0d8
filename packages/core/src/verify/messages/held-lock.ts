/** The English of a held state lock (a DynamoDB lock item or a `.tflock` object): who holds it, and what to do. */
import type { LockInfo } from "../lock-info.js";
import type { Diagnosis } from "../report.js";

/** `held by bob@laptop, operation OperationTypeApply, created 2026-01-01T00:00:00Z (3 h ago), Terraform 1.11.4`. */
export function describeLock(lock: LockInfo | null, now: Date): string {
  if (!lock) return "the lock's Info is not valid lock JSON";
  const parts: string[] = [];
  parts.push(`held by ${lock.who ?? "an unknown user"}`);
  if (lock.operation) parts.push(`operation ${lock.operation}`);
  if (lock.created) parts.push(`created ${lock.created}${age(lock.created, now)}`);
  if (lock.version) parts.push(`Terraform ${lock.version}`);
  if (lock.id) parts.push(`lock ID ${lock.id}`);
  return parts.join(", ");
}

/** Builds the exact force-unlock command, run from the initialised root module. */
export function forceUnlockCommand(lock: LockInfo | null): string {
  return `terraform force-unlock ${lock?.id ?? "<LOCK_ID>"}`;
}

function age(created: string, now: Date): string {
  const t = Date.parse(created);
  if (Number.isNaN(t)) return "";
  const minutes = Math.round((now.getTime() - t) / 60_000);
  if (minutes < 0) return "";
  if (minutes < 60) return ` (${minutes} min ago)`;
  const hours = Math.round(minutes / 60);
  if (hours < 48) return ` (${hours} h ago)`;
  return ` (${Math.round(hours / 24)} days ago)`;
}

/** The cause and fix of a lock that is held right now, the same for a DynamoDB item and a `.tflock` object. */
export function heldLockDiagnosis(lock: LockInfo | null, dir: string): Diagnosis {
  return {
    cause:
      `A Terraform run ${lock?.who ? `by ${lock.who} ` : ""}holds the lock` +
      `${lock?.operation ? ` for ${lock.operation}` : ""}, or crashed or was cancelled without releasing it.`,
    fix: `If no run is in progress, run \`${forceUnlockCommand(lock)}\` in ${dir} (initialised with this backend).`,
  };
}
