/** The English of the authorisation checks that cannot write (write-access.ts). */
import type { Diagnosis } from "../report.js";

export const TITLES = {
  stateWrite: (key: string) => `Write the state "${key}" (s3:PutObject; authorisation only, writes nothing)`,
  lockfile: (key: string) =>
    `Take and release the lockfile "${key}.tflock" (s3:PutObject, s3:DeleteObject; authorisation only)`,
  dynamodb: (lockId: string) =>
    `Take and release the lock item "${lockId}" (dynamodb:PutItem, dynamodb:DeleteItem; authorisation only)`,
} as const;

export const HOW =
  "Checked with requests that cannot write: a precondition that fails (If-Match an ETag no object has, or " +
  "If-None-Match: * on an existing key) and a body digest that does not match; for DynamoDB a condition that " +
  "never holds. AWS authorises a request before it tests these, so AccessDenied means the permission is missing.";

export function allowed(what: string): string {
  return `${what}: allowed. ${HOW}`;
}

export function denied(what: string, code: string): string {
  return `${what}: denied (${code}). ${HOW}`;
}

export const STATE_UNKNOWN =
  "Not checked: whether the state object exists is unknown (its read failed), and the check must not risk " +
  "writing over it.";

export const LOCKFILE_UNKNOWN =
  "Not checked: whether the lockfile exists is unknown (its read failed), and the check must not risk writing " +
  "over a lock.";

export const LOCKFILE_HELD = "Not checked: the lockfile is there (a held lock, reported above).";

export function storeIgnoredGuards(key: string): string {
  return (
    `The store accepted a write that AWS would refuse (it ignores If-Match and Content-MD5): an empty "${key}" ` +
    "was written and is removed by the probe clean-up. Terraform's lockfile needs conditional writes."
  );
}

export function storeIgnoredDeleteGuard(key: string): string {
  return (
    `The store accepted a delete of "${key}" although its If-Match could not hold (it ignores conditional ` +
    "deletes); the key was absent, so nothing was removed."
  );
}

export const ITEM_WRITTEN =
  "DynamoDB accepted a write whose condition can never hold: this table does not evaluate conditions as AWS does.";

export function itemWrittenDiagnosis(): Diagnosis {
  return {
    cause: "The lock table's endpoint ignores ConditionExpression: Terraform's lock (attribute_not_exists) is unsafe.",
    fix: "Use a DynamoDB endpoint that evaluates conditions (AWS), or use_lockfile = true.",
  };
}
