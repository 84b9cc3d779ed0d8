import { DEFAULT_WORKSPACE, workspaceStatePath } from "../settings/workspace.js";
import { deleteState, get, lock, put, type Step, sequence, stateMgr, unlock, workspaces } from "./call-steps.js";
import type { CallModelInput, CallRun, CallSettings, TerraformCall } from "./call-types.js";

export type {
  CallCommand,
  CallModelInput,
  CallOperation,
  CallRun,
  CallService,
  CallSettings,
  ExpectedError,
  ExtraPermission,
  HeldLock,
  IamAction,
  OnError,
  TerraformCall,
} from "./call-types.js";

/**
 * The S3 and DynamoDB calls Terraform 1.11.4's S3 backend makes for a command, in order, as data. Mirrors
 * hashicorp/terraform v1.11.4 internal/backend/remote-state/s3/backend_state.go (`Workspaces`, `StateMgr`,
 * `DeleteWorkspace`) and client.go (see call-steps.ts), and the command flow around them:
 * internal/command/meta_backend.go `selectWorkspace` (init only), internal/backend/local/backend_local.go `localRun`
 * (plan, apply: lock, refresh, unlock), internal/command/workspace_{list,new,select,delete}.go, unlock.go,
 * state_pull.go, state_push.go. Checked against real Terraform 1.11.4 by conformance/calls*.test.ts.
 */

const ok = (calls: readonly TerraformCall[]): Step => ({ calls, failure: null });

/** The named workspace of a `workspace` command, at its own path (backend_state.go `path`). */
function targetOf(input: CallModelInput): CallSettings {
  const { settings: s, targetWorkspace } = input;
  if (targetWorkspace === undefined || s.key === undefined)
    throw new Error(`terraformCalls: "${input.command}" needs targetWorkspace and settings.key`);
  return {
    ...s,
    workspace: targetWorkspace,
    statePath: workspaceStatePath(targetWorkspace, s.workspaceKeyPrefix, s.key),
  };
}

/**
 * A locked write (backend_local.go `localRun` + the apply's state write; state_push.go): lock, RefreshState, and when
 * the state changes PersistState — which first reads again when no state object was read
 * (internal/states/remote/state.go `PersistState`), and writes nothing when the state did not change — then unlock.
 */
function lockedWrite(input: CallModelInput, exists: boolean): Step {
  const { settings: s, heldLock, stateChanges = true } = input;
  const write = !exists ? [...get(s, false), ...put(s)] : stateChanges ? put(s) : [];
  return sequence(
    () => lock(s, heldLock),
    () => ok([...get(s, exists), ...write, ...unlock(s)]),
  );
}

/** The calls of one command and whether it fails. Only the paths listed on CallModelInput are modelled. */
export function terraformRun(input: CallModelInput): CallRun {
  const { settings: s, stateExists, command, heldLock } = input;
  const created = s.workspace !== DEFAULT_WORKSPACE && !stateExists;
  const exists = stateExists || created;
  const selected = () => stateMgr(s, stateExists, heldLock);
  switch (command) {
    case "init":
      // meta_backend.go: `selectWorkspace` lists, then `StateMgr`, then the state is read without a lock
      return sequence(
        () => ok([workspaces(s)]),
        selected,
        () => ok(get(s, exists)),
      );
    case "plan":
      return sequence(
        selected,
        () => lock(s, heldLock),
        () => ok([...get(s, exists), ...unlock(s)]),
      );
    case "apply":
    case "state push":
      return sequence(selected, () => lockedWrite(input, exists));
    case "state pull":
      // state_pull.go: StateMgr, RefreshState; no lock
      return sequence(selected, () => ok(get(s, exists)));
    case "force-unlock":
      // unlock.go: StateMgr, then Unlock with the given ID (every configured lock is held with it)
      return sequence(selected, () => ok(unlock(s)));
    case "workspace list":
    case "workspace select":
      // workspace_list.go / workspace_select.go: `Workspaces` only (select of an existing workspace)
      return ok([workspaces(s)]);
    case "workspace new": {
      // workspace_new.go: `Workspaces` to refuse an existing name, then `StateMgr` creates it
      const t = targetOf(input);
      return sequence(
        () => ok([workspaces(t)]),
        () => stateMgr(t, false, heldLock),
      );
    }
    case "workspace delete": {
      // workspace_delete.go: `Workspaces`, `StateMgr`, lock + RefreshState (is it empty?), unlock, then
      // backend_state.go `DeleteWorkspace` -> client.go `Delete`
      const t = targetOf(input);
      return sequence(
        () => ok([workspaces(t)]),
        () => stateMgr(t, true, heldLock),
        () => lock(t, heldLock),
        () => ok([...get(t, true), ...unlock(t), ...deleteState(t)]),
      );
    }
  }
}

/** The calls of one command, in order (terraformRun without the outcome). */
export function terraformCalls(input: CallModelInput): TerraformCall[] {
  return [...terraformRun(input).calls];
}
