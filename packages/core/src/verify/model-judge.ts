/**
 * Verify's findings judged by the call model: a failing check fails only when a call Terraform makes for the
 * chosen commands needs what it found missing, and then it names that call (the command, the step, the AWS call,
 * the IAM action, the resource). A finding no call needs, or whose call Terraform tolerates, is a warning.
 */
import { testedBy } from "./check-tested.js";
import type { Check, TerraformStep } from "./report.js";
import { callsFor, commandsUpTo, type NeededCall, type TerraformOperation, type Tested } from "./terraform-needs.js";

export interface JudgeInput {
  readonly needed: readonly NeededCall[];
  readonly operation: TerraformOperation;
  /** The ARN of a call's resource (bucket, object or table). */
  readonly arnOf: (n: NeededCall) => string;
}

/** What Terraform is doing when it makes a call, by the Go function that makes it (client.go, backend_state.go). */
const STEPS: Readonly<Record<string, string>> = {
  Workspaces: "listing the workspaces",
  get: "reading the state",
  getMD5: "reading the state's digest",
  put: "writing the state",
  putMD5: "writing the state's digest",
  lockWithFile: "acquiring the state lock",
  lockWithDynamoDB: "acquiring the state lock",
  unlockWithFile: "releasing the state lock",
  unlockWithDynamoDB: "releasing the state lock",
  getLockInfoWithFile: "reading who holds the lock",
  getLockInfoWithDynamoDB: "reading who holds the lock",
  Delete: "deleting the workspace's state",
  deleteMD5: "deleting the state's digest",
};

/** The functions of internal/backend/remote-state/s3/backend_state.go; the others are in client.go. */
const BACKEND_STATE_FUNCTIONS = new Set(["Workspaces", "StateMgr"]);

/** The Terraform step a needed call is, for the report. */
export function stepOf(n: NeededCall, arn: string, extra?: Tested["extra"]): TerraformStep {
  const { call } = n;
  return {
    command: n.command,
    step: STEPS[call.goFunction] ?? call.goFunction,
    goFunction: `${BACKEND_STATE_FUNCTIONS.has(call.goFunction) ? "backend_state.go" : "client.go"} ${call.goFunction}`,
    call: `${call.service}:${call.operation}`,
    // S3 asks KMS on the caller's behalf: the permission missing is the KMS one (the key's ARN is the resource)
    action: extra ? `${call.action} + ${extra}` : call.action,
    resource: arn,
    conditions: call.conditions,
  };
}

/** Whether Terraform stops when this call fails the way the check saw it fail. */
function stops(n: NeededCall, check: Check, tested: Tested): boolean {
  switch (n.call.onError) {
    case "fatal":
    case "absent": // only a 404 means "no state"; a check fails on anything else
      return true;
    case "tolerated":
      return false;
    case "access-denied-tolerated":
      return (check.awsError?.code ?? tested.code) !== "AccessDenied";
  }
}

/** One check judged: unchanged unless it failed and stands for a call in the model. */
export function judgeCheck(check: Check, declared: Tested | undefined, input: JudgeInput): Check {
  if (check.status !== "fail") return check;
  const tested = testedBy(check, declared);
  if (!tested) return check;
  const calls = callsFor(input.needed, tested);
  const fatal = calls.find((n) => stops(n, check, tested));
  if (fatal) return { ...check, terraform: stepOf(fatal, input.arnOf(fatal), tested.extra) };
  const ran = commandsUpTo(input.operation);
  const commands = `terraform ${listed(ran)}`;
  const plural = ran.length > 1;
  const note =
    calls.length > 0
      ? ` Terraform makes this call (${calls[0]?.call.goFunction}) but goes on when it fails, so ${commands} ` +
        `still ${plural ? "succeed" : "succeeds"}.`
      : ` Not a failure of Terraform's: ${commands} never ${plural ? "call" : "calls"} ${tested.action} on the ` +
        `${describeTarget(tested)} (Terraform 1.11.4's calls).`;
  return { ...check, status: "warn", detail: `${check.detail}${note}` };
}

function describeTarget(tested: Tested): string {
  switch (tested.target) {
    case "listing":
      return "bucket";
    case "state":
      return "state object";
    case "lockfile":
      return "lockfile";
    case "lock-item":
      return "lock item";
    case "digest-item":
      return "digest item";
  }
}

/** `init`, `init and plan`, `init, plan and apply`. */
function listed(items: readonly string[]): string {
  return items.length < 2 ? items.join("") : `${items.slice(0, -1).join(", ")} and ${items[items.length - 1]}`;
}
