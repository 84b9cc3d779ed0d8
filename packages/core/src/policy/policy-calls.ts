/**
 * Every S3/DynamoDB call the chosen Terraform commands make for a backend, from the call model
 * (calls/terraform-calls.ts `terraformRun`): the calls of each command in the default workspace and, unless only
 * `default` is asked for, in another workspace, over both starting states (state object missing or there) and
 * both lock answers (free or held). The identity policy grants exactly the union of these calls.
 */
import {
  type CallCommand,
  type CallModelInput,
  type CallSettings,
  type HeldLock,
  type TerraformCall,
  terraformRun,
} from "../calls/terraform-calls.js";
import { DEFAULT_WORKSPACE, workspaceStatePath } from "../settings/workspace.js";
import type { PolicyOperations } from "./policy-types.js";

/** Stands for "any workspace" while the model runs; its paths become `*` in the policy (policy-resources.ts). */
export const ANY_WORKSPACE = "TFWHYANYWORKSPACE";

/** The settings the policy needs: the call model's, with the configured `key` (the default workspace's path). */
export type PolicyCallSettings = Omit<CallSettings, "key" | "workspace" | "statePath"> & { readonly key: string };

export interface PolicyCallChoice {
  readonly operations: PolicyOperations;
  /** false: `plan`/`apply` with `-lock=false`. */
  readonly lock: boolean;
  /** The other workspace the commands run in (ANY_WORKSPACE for all), or null for `default` only. */
  readonly workspace: string | null;
}

/** One call and the command that makes it. */
export interface NeededPolicyCall {
  readonly command: CallCommand;
  readonly call: TerraformCall;
}

/** The commands a pipeline runs, in the order the policy lists them. */
export function policyCommands(choice: PolicyCallChoice): readonly CallCommand[] {
  if (choice.operations === "plan") return ["init", "plan"];
  const workspace: CallCommand[] =
    choice.workspace === null ? [] : ["workspace new", "workspace select", "workspace delete"];
  return [
    "init",
    "plan",
    "apply",
    "workspace list",
    ...workspace,
    ...(choice.lock ? (["force-unlock"] as const) : []),
    "state pull",
    "state push",
  ];
}

/** The lock calls of `localRun` (internal/backend/local/backend_local.go), which `-lock=false` leaves out. */
const LOCAL_RUN_LOCK_FUNCTIONS = new Set([
  "lockWithFile",
  "lockWithDynamoDB",
  "getLockInfoWithFile",
  "getLockInfoWithDynamoDB",
  "unlockWithFile",
  "unlockWithDynamoDB",
]);
const TAKES_LOCK_FLAG = new Set<CallCommand>(["plan", "apply"]);

function selectedIn(s: PolicyCallSettings, workspace: string): CallSettings {
  return { ...s, workspace, statePath: workspaceStatePath(workspace, s.workspaceKeyPrefix, s.key) };
}

/** The model's inputs for one command in one workspace: both starting states, free and held locks. */
function inputsFor(command: CallCommand, settings: CallSettings, choice: PolicyCallChoice): CallModelInput[] {
  const named = settings.workspace !== DEFAULT_WORKSPACE;
  // A workspace other than default is created by init (TF_WORKSPACE) or `workspace new`, and then exists; a
  // plan-only pipeline never creates one (StateMgr of a missing workspace writes its state).
  const starts = named && (command !== "init" || choice.operations === "plan") ? [true] : [false, true];
  const held: (HeldLock | undefined)[] = [undefined];
  if (choice.lock && settings.useLockfile) held.push("lockfile");
  if (choice.lock && settings.dynamodbTable) held.push("dynamodb");
  const inputs: CallModelInput[] = [];
  for (const stateExists of starts)
    for (const heldLock of command === "force-unlock" ? [undefined] : held)
      inputs.push({ settings, stateExists, command, ...(heldLock === undefined ? {} : { heldLock }) });
  return inputs;
}

/** The workspace commands act on the other workspace from `default` (workspace_new.go, _select.go, _delete.go). */
function workspaceCommandInput(command: CallCommand, s: PolicyCallSettings, target: string): CallModelInput {
  return {
    settings: { ...selectedIn(s, DEFAULT_WORKSPACE), key: s.key },
    stateExists: true,
    command,
    targetWorkspace: target,
  };
}

/** The model's inputs for one command: the workspace commands from `default`, the others in each workspace. */
function commandInputs(command: CallCommand, settings: PolicyCallSettings, choice: PolicyCallChoice): CallModelInput[] {
  const other = choice.workspace;
  switch (command) {
    case "workspace new":
    case "workspace delete":
      return other === null ? [] : [workspaceCommandInput(command, settings, other)];
    case "workspace select":
      // `select` of the other workspace, and back to `default`
      return [DEFAULT_WORKSPACE, ...(other === null ? [] : [other])].map((target) =>
        workspaceCommandInput(command, settings, target),
      );
    default: {
      const workspaces = [DEFAULT_WORKSPACE, ...(other === null ? [] : [other])];
      return workspaces.flatMap((w) => inputsFor(command, selectedIn(settings, w), choice));
    }
  }
}

/** Every call the chosen commands make, each with its command; duplicates are kept (the caller groups them). */
export function policyCalls(settings: PolicyCallSettings, choice: PolicyCallChoice): readonly NeededPolicyCall[] {
  const needed: NeededPolicyCall[] = [];
  for (const command of policyCommands(choice)) {
    for (const input of commandInputs(command, settings, choice)) {
      for (const call of terraformRun(input).calls) {
        if (!choice.lock && TAKES_LOCK_FLAG.has(command) && LOCAL_RUN_LOCK_FUNCTIONS.has(call.goFunction)) continue;
        needed.push({ command, call });
      }
    }
  }
  return needed;
}
