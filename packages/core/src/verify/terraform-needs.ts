/**
 * What the chosen Terraform commands need, from the call model (calls/terraform-calls.ts): every call `init`,
 * then `plan`, then `apply` makes for this configuration, with the command it belongs to. verify judges its
 * findings against this list (model-judge.ts), so it never fails on a call Terraform does not make.
 */
import {
  type CallCommand,
  type CallSettings,
  type IamAction,
  type TerraformCall,
  terraformCalls,
} from "../calls/terraform-calls.js";

/** The last Terraform command a pipeline runs; the ones before it run too (`plan` means `init` then `plan`). */
export type TerraformOperation = "init" | "plan" | "apply";

export const TERRAFORM_OPERATIONS: readonly TerraformOperation[] = ["init", "plan", "apply"];

/** What a check stands for: an IAM action on one of the backend's objects. */
export type CallTarget = "listing" | "state" | "lockfile" | "lock-item" | "digest-item";

export interface Tested {
  /** The action, or one no Terraform call needs (removing a probe's old versions). */
  readonly action: IamAction | "s3:DeleteObjectVersion";
  readonly target: CallTarget;
  /** The AWS error code Terraform's call would get, when the check saw none itself (a policy's deny). */
  readonly code?: string;
  /** The permission the call needs besides its own action that the check found missing (S3's KMS calls). */
  readonly extra?: "kms:GenerateDataKey" | "kms:Decrypt";
}

export interface NeededCall {
  readonly command: TerraformOperation;
  readonly call: TerraformCall;
  readonly target: CallTarget;
}

/** The commands `operation` stands for, in the order a pipeline runs them. */
export function commandsUpTo(operation: TerraformOperation): readonly TerraformOperation[] {
  return TERRAFORM_OPERATIONS.slice(0, TERRAFORM_OPERATIONS.indexOf(operation) + 1);
}

/**
 * The calls of each command up to `operation`. `stateExists` null (unknown: the state read failed) takes both
 * cases, so a permission either one needs counts as needed. The state exists after `init` created a named
 * workspace, and after `apply`.
 */
export function neededCalls(
  settings: CallSettings,
  stateExists: boolean | null,
  operation: TerraformOperation,
): readonly NeededCall[] {
  const starts = stateExists === null ? [false, true] : [stateExists];
  const needed: NeededCall[] = [];
  for (const start of starts) {
    let exists = start;
    for (const command of commandsUpTo(operation)) {
      for (const call of terraformCalls({ settings, stateExists: exists, command: command as CallCommand }))
        needed.push({ command, call, target: targetOf(settings, call) });
      exists = exists || settings.workspace !== "default" || command === "apply";
    }
  }
  return needed;
}

/** Which of the backend's objects a call touches (by its resource: key, list prefix or LockID). */
export function targetOf(settings: CallSettings, call: TerraformCall): CallTarget {
  const lockId = `${settings.bucket}/${settings.statePath}`;
  if (call.operation === "ListObjectsV2") return "listing";
  if (call.resource === `${settings.statePath}.tflock`) return "lockfile";
  if (call.resource === `${lockId}-md5`) return "digest-item";
  if (call.resource === lockId) return "lock-item";
  return "state";
}

/** The calls among `needed` that test the same action on the same object as a check did. */
export function callsFor(needed: readonly NeededCall[], tested: Tested): readonly NeededCall[] {
  return needed.filter((n) => n.call.action === tested.action && n.target === tested.target);
}
