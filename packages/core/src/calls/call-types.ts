import type { BackendSettings } from "../settings/client-settings.js";

/** The data the call model (terraform-calls.ts `terraformCalls`) takes and gives. */

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

/** Permissions a call needs besides its own action, which no test server shows (KMS on behalf of S3). */
export type ExtraPermission = "kms:GenerateDataKey" | "kms:Decrypt";

/**
 * How Terraform treats the call failing: `fatal` ends the command; `tolerated` is logged and ignored; `absent`
 * means a 404 is the answer "no state object" (any other error is fatal); `access-denied-tolerated` means an
 * AccessDenied is logged and the workspaces are just "default" (any other error is fatal).
 */
export type OnError = "fatal" | "tolerated" | "absent" | "access-denied-tolerated";

/**
 * The error answer a call gets in the modelled run (no field: it succeeds): `not-found` (404, no state object),
 * `precondition-failed` (412, the lockfile exists: `If-None-Match: *` failed), `conditional-check-failed` (DynamoDB
 * 400 ConditionalCheckFailedException, the lock item exists).
 */
export type ExpectedError = "not-found" | "precondition-failed" | "conditional-check-failed";

/** The commands this model covers (the workspace ones act on `CallModelInput.targetWorkspace`). */
export type CallCommand =
  | "init"
  | "plan"
  | "apply"
  | "workspace list"
  | "workspace new"
  | "workspace select"
  | "workspace delete"
  | "force-unlock"
  | "state pull"
  | "state push";

export interface TerraformCall {
  readonly service: CallService;
  readonly operation: CallOperation;
  readonly action: IamAction;
  /** The object key (S3), the list prefix (ListObjectsV2), or the LockID (DynamoDB). */
  readonly resource: string;
  /**
   * Request conditions and headers, as Terraform sends them (`If-None-Match: *`, `attribute_not_exists(LockID)`,
   * `prefix=…`, the server-side encryption headers).
   */
  readonly conditions: readonly string[];
  readonly onError: OnError;
  /** The Go function that makes the call (hashicorp/terraform internal/backend/remote-state/s3). */
  readonly goFunction: string;
  /** The error answer this run gets; absent: the call succeeds. */
  readonly expectedError?: ExpectedError;
  /** Permissions needed besides `action` (documented by AWS, not observable on the test server). */
  readonly alsoNeeds?: readonly ExtraPermission[];
}

/** The settings the calls depend on; no encryption settings means `encrypt = false`. */
export type CallSettings = Pick<
  BackendSettings,
  "bucket" | "statePath" | "workspace" | "workspaceKeyPrefix" | "dynamodbTable" | "useLockfile"
> &
  Partial<Pick<BackendSettings, "key" | "writeSse" | "readSse">>;

/** Which lock someone else holds when the command starts (`lockfile` needs use_lockfile, `dynamodb` a table). */
export type HeldLock = "lockfile" | "dynamodb";

export interface CallModelInput {
  readonly settings: CallSettings;
  /**
   * Whether the selected workspace's state object exists when the command starts. `workspace new` implies a
   * missing target and `workspace delete` an existing one; both ignore this.
   */
  readonly stateExists: boolean;
  readonly command: CallCommand;
  /** `workspace new|select|delete`: the workspace named on the command line (its path needs `settings.key`). */
  readonly targetWorkspace?: string;
  /** A lock held by someone else: the command fails. `force-unlock` ignores it (it assumes every lock held). */
  readonly heldLock?: HeldLock;
  /** `apply`, `state push`: whether the state written differs from the state read (default true). */
  readonly stateChanges?: boolean;
}

/** The calls of one command and whether the command fails (the calls stop where it fails). */
export interface CallRun {
  readonly calls: readonly TerraformCall[];
  /** Why the command fails, or null when it succeeds. */
  readonly failure: string | null;
}
