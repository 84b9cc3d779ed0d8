import type { BackendSettings } from "../settings/client-settings.js";

/**
 * The S3 and DynamoDB calls Terraform 1.11.4's S3 backend makes for a command, in order, as data. Mirrors
 * hashicorp/terraform v1.11.4 internal/backend/remote-state/s3/backend_state.go (`Workspaces`, `StateMgr`) and
 * client.go (`Get`/`get`, `Put`, `Lock` -> `lockWithFile`, `lockWithDynamoDB`, `Unlock`, `getMD5`, `putMD5`), and
 * the command flow around them: internal/command/meta_backend.go `selectWorkspace` (init only) and
 * internal/backend/local/backend_local.go `localRun` (plan: lock, refresh, unlock). Checked against real Terraform
 * 1.11.4 by conformance/calls.test.ts.
 */

export type CallService = "s3" | "dynamodb";

export type CallOperation =
  | "ListObjectsV2"
  | "HeadObject"
  | "GetObject"
  | "PutObject"
  | "DeleteObject"
  | "GetItem"
  | "PutItem"
  | "DeleteItem";

export type IamAction =
  | "s3:ListBucket"
  | "s3:GetObject"
  | "s3:PutObject"
  | "s3:DeleteObject"
  | "dynamodb:GetItem"
  | "dynamodb:PutItem"
  | "dynamodb:DeleteItem";

/**
 * How Terraform treats the call failing: `fatal` ends the command; `tolerated` is logged and ignored; `absent`
 * means a 404 is the answer "no state object" (any other error is fatal); `access-denied-tolerated` means an
 * AccessDenied is logged and the workspaces are just "default" (any other error is fatal).
 */
export type OnError = "fatal" | "tolerated" | "absent" | "access-denied-tolerated";

/** The commands this model covers. */
export type CallCommand = "init" | "plan";

export interface TerraformCall {
  readonly service: CallService;
  readonly operation: CallOperation;
  readonly action: IamAction;
  /** The object key (S3), the list prefix (ListObjectsV2), or the LockID (DynamoDB). */
  readonly resource: string;
  /** Request conditions, as Terraform sends them (`If-None-Match: *`, `attribute_not_exists(LockID)`, prefix=…). */
  readonly conditions: readonly string[];
  readonly onError: OnError;
  /** The Go function that makes the call (hashicorp/terraform internal/backend/remote-state/s3). */
  readonly goFunction: string;
}

/** The settings the calls depend on. */
export type CallSettings = Pick<
  BackendSettings,
  "bucket" | "statePath" | "workspace" | "workspaceKeyPrefix" | "dynamodbTable" | "useLockfile"
>;

export interface CallModelInput {
  readonly settings: CallSettings;
  /** Whether the selected workspace's state object exists when the command starts. */
  readonly stateExists: boolean;
  readonly command: CallCommand;
}

const DEFAULT_WORKSPACE = "default";

/** A call of `service`; most fail the command (`fatal`) and send no condition. */
const callOf =
  (service: CallService) =>
  (
    operation: CallOperation,
    action: IamAction,
    resource: string,
    goFunction: string,
    onError: OnError = "fatal",
    conditions: readonly string[] = [],
  ): TerraformCall => ({ service, operation, action, resource, conditions, onError, goFunction });
const s3 = callOf("s3");
const ddb = callOf("dynamodb");

/**
 * backend_state.go `Workspaces`: one listing of `<workspace_key_prefix>/` (or the whole bucket when it is ""). With
 * the default prefix `env:` an AccessDenied is tolerated (Terraform 1.7.2+; see conformance/FINDINGS.md); with any
 * other prefix the listing must work.
 */
function workspaces(settings: CallSettings): TerraformCall {
  const prefix = settings.workspaceKeyPrefix === "" ? "" : `${settings.workspaceKeyPrefix}/`;
  const onError = settings.workspaceKeyPrefix === "env:" ? "access-denied-tolerated" : "fatal";
  return s3("ListObjectsV2", "s3:ListBucket", prefix, "Workspaces", onError, [`prefix=${prefix}`]);
}

const lockId = (s: CallSettings) => `${s.bucket}/${s.statePath}`;
const lockfile = (s: CallSettings) => `${s.statePath}.tflock`;

/**
 * client.go `Get` -> `get`: HeadObject (a 404 is "no state"), GetObject only when the object exists, then with a
 * DynamoDB table `getMD5` (a failure is logged, not returned).
 */
function get(s: CallSettings, exists: boolean): TerraformCall[] {
  const calls = [s3("HeadObject", "s3:GetObject", s.statePath, "get", "absent")];
  if (exists) calls.push(s3("GetObject", "s3:GetObject", s.statePath, "get"));
  if (s.dynamodbTable) calls.push(ddb("GetItem", "dynamodb:GetItem", `${lockId(s)}-md5`, "getMD5", "tolerated"));
  return calls;
}

/** client.go `Put`: PutObject of the state, then with a DynamoDB table `putMD5` (its failure fails the write). */
function put(s: CallSettings): TerraformCall[] {
  const calls = [s3("PutObject", "s3:PutObject", s.statePath, "put")];
  if (s.dynamodbTable) calls.push(ddb("PutItem", "dynamodb:PutItem", `${lockId(s)}-md5`, "putMD5"));
  return calls;
}

/** client.go `Lock`: `lockWithFile` (use_lockfile) first, then `lockWithDynamoDB` (dynamodb_table). */
function lock(s: CallSettings): TerraformCall[] {
  const calls: TerraformCall[] = [];
  if (s.useLockfile)
    calls.push(s3("PutObject", "s3:PutObject", lockfile(s), "lockWithFile", "fatal", ["If-None-Match: *"]));
  if (s.dynamodbTable)
    calls.push(
      ddb("PutItem", "dynamodb:PutItem", lockId(s), "lockWithDynamoDB", "fatal", ["attribute_not_exists(LockID)"]),
    );
  return calls;
}

/**
 * client.go `Unlock`: the lockfile first (`unlockWithFile`: GetObject to compare the lock ID, then DeleteObject),
 * then the DynamoDB item (`unlockWithDynamoDB`: GetItem to compare, then DeleteItem).
 */
function unlock(s: CallSettings): TerraformCall[] {
  const calls: TerraformCall[] = [];
  if (s.useLockfile)
    calls.push(
      s3("GetObject", "s3:GetObject", lockfile(s), "unlockWithFile"),
      s3("DeleteObject", "s3:DeleteObject", lockfile(s), "unlockWithFile"),
    );
  if (s.dynamodbTable)
    calls.push(
      ddb("GetItem", "dynamodb:GetItem", lockId(s), "unlockWithDynamoDB"),
      ddb("DeleteItem", "dynamodb:DeleteItem", lockId(s), "unlockWithDynamoDB"),
    );
  return calls;
}

/**
 * backend_state.go `StateMgr`: lists the workspaces; a workspace not listed (never `default`) is created under a
 * lock: RefreshState, then PersistState of an empty state, whose first write reads the state again
 * (internal/states/remote/state.go `PersistState` checks for a state written meanwhile), then the write, the unlock.
 */
function stateMgr(s: CallSettings, exists: boolean): TerraformCall[] {
  const calls = [workspaces(s)];
  if (s.workspace === DEFAULT_WORKSPACE || exists) return calls;
  return [...calls, ...lock(s), ...get(s, false), ...get(s, false), ...put(s), ...unlock(s)];
}

/**
 * The calls of one command, in order. `init` (meta_backend.go): `selectWorkspace` lists the workspaces, then
 * `StateMgr`, then the state is read without a lock. `plan` (backend_local.go `localRun`): `StateMgr`, then lock,
 * read, unlock. Only the paths where every call succeeds; the workspace must exist or be creatable (init fails when
 * the selected workspace is missing and others exist: not modelled here).
 */
export function terraformCalls(input: CallModelInput): TerraformCall[] {
  const { settings: s, stateExists, command } = input;
  const created = s.workspace !== DEFAULT_WORKSPACE && !stateExists;
  const existsAfterStateMgr = stateExists || created;
  if (command === "init") return [workspaces(s), ...stateMgr(s, stateExists), ...get(s, existsAfterStateMgr)];
  return [...stateMgr(s, stateExists), ...lock(s), ...get(s, existsAfterStateMgr), ...unlock(s)];
}
