/**
 * Which Terraform call a failing check stands for: the IAM action and the backend object it tested. Checks that
 * cannot tell from their id say so in CheckResult.tested (the probe clean-up); the rest follow from the id and the
 * AWS call that failed. Checks outside the call model (credentials, caller identity, bucket policy, encryption
 * settings) stand for no single call and are judged as they are.
 */
import type { IamAction } from "../calls/terraform-calls.js";
import type { Check, CheckId } from "./report.js";
import type { CallTarget, Tested } from "./terraform-needs.js";

const ON_LISTING: Tested = { action: "s3:ListBucket", target: "listing" };
const READ_STATE: Tested = { action: "s3:GetObject", target: "state" };
const WRITE_STATE: Tested = { action: "s3:PutObject", target: "state" };
const TAKE_LOCKFILE: Tested = { action: "s3:PutObject", target: "lockfile" };
const TAKE_LOCK_ITEM: Tested = { action: "dynamodb:PutItem", target: "lock-item" };

/** The action of the AWS call that failed (`s3:GetObject` for a HeadObject: IAM has no s3:HeadObject). */
function failedAction(check: Check): IamAction | null {
  const op = check.awsError?.operation;
  if (op === undefined) return null;
  if (op === "s3:HeadObject") return "s3:GetObject";
  const known: readonly IamAction[] = [
    "s3:ListBucket",
    "s3:GetObject",
    "s3:PutObject",
    "s3:DeleteObject",
    "dynamodb:GetItem",
    "dynamodb:PutItem",
    "dynamodb:DeleteItem",
  ];
  return known.find((a) => a === op) ?? null;
}

const onTarget = (check: Check, target: CallTarget, otherwise: Tested): Tested => {
  const action = failedAction(check);
  return action ? { action, target } : otherwise;
};

const BY_ID: Partial<Record<CheckId, (check: Check) => Tested>> = {
  // a missing or unreachable bucket: Terraform's first call, the workspace listing, fails on it
  "s3.bucket": () => ON_LISTING,
  "s3.list-workspaces": () => ON_LISTING,
  "s3.state-read": () => READ_STATE,
  // a KMS key the state object was written with must decrypt it: the read of the state fails
  "kms.key": () => ({ ...READ_STATE, extra: "kms:Decrypt" }),
  // a lockfile in place makes lockWithFile's conditional PutObject fail (412)
  "lock.lockfile": (c) => onTarget(c, "lockfile", TAKE_LOCKFILE),
  // a missing table (or a wrong key schema) fails lockWithDynamoDB's PutItem
  "lock.dynamodb-table": () => TAKE_LOCK_ITEM,
  // held: the PutItem fails; denied: the GetItem Terraform's unlock makes
  "lock.dynamodb-item": (c) => onTarget(c, "lock-item", TAKE_LOCK_ITEM),
  "probe.state-write": () => WRITE_STATE,
  // S3 asks KMS for a data key on each state write
  "probe.kms-data-key": () => ({ ...WRITE_STATE, extra: "kms:GenerateDataKey" }),
  "probe.lockfile": (c) => onTarget(c, "lockfile", TAKE_LOCKFILE),
  "probe.dynamodb-lock": (c) => onTarget(c, "lock-item", TAKE_LOCK_ITEM),
};

/** The call a check stands for, or null when it stands for none (judged as it is). */
export function testedBy(check: Check, declared: Tested | undefined): Tested | null {
  if (declared) return declared;
  return BY_ID[check.id]?.(check) ?? null;
}
