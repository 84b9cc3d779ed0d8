import type { SseHeaders } from "../settings/client-settings.js";
import { DEFAULT_WORKSPACE, lockfileKeyFor, lockIdFor } from "../settings/workspace.js";
import type {
  CallOperation,
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
 * The building blocks of the call model: the S3/DynamoDB calls of one backend operation each, mirroring
 * hashicorp/terraform v1.11.4 internal/backend/remote-state/s3/client.go and backend_state.go.
 */

/** Calls made so far, and why the command stops there (null: it goes on). */
export interface Step {
  readonly calls: readonly TerraformCall[];
  readonly failure: string | null;
}

const ok = (calls: readonly TerraformCall[]): Step => ({ calls, failure: null });

/** Runs the steps in order and stops after the first that fails (Terraform returns the error). */
export function sequence(...steps: readonly (() => Step)[]): Step {
  const calls: TerraformCall[] = [];
  for (const step of steps) {
    const next = step();
    calls.push(...next.calls);
    if (next.failure !== null) return { calls, failure: next.failure };
  }
  return ok(calls);
}

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

const failing = (call: TerraformCall, expectedError: ExpectedError): TerraformCall => ({ ...call, expectedError });
const needing = (call: TerraformCall, alsoNeeds: readonly ExtraPermission[]): TerraformCall =>
  alsoNeeds.length === 0 ? call : { ...call, alsoNeeds };

/** The SSE-C key header pair is sent but never shown: it is the key. */
export const SSE_C_KEY_HEADERS = "x-amz-server-side-encryption-customer-key(-MD5): <sse_customer_key>";

/** The encryption headers of a PutObject (client.go `put`, `lockWithFile`) or an SSE-C read (`get`). */
export function sseHeaders(sse: SseHeaders | undefined): string[] {
  switch (sse?.kind ?? "none") {
    case "aes256":
      return ["x-amz-server-side-encryption: AES256"];
    case "kms":
      return [
        "x-amz-server-side-encryption: aws:kms",
        `x-amz-server-side-encryption-aws-kms-key-id: ${sse?.kind === "kms" ? sse.kmsKeyId : ""}`,
      ];
    case "sse-c":
      return ["x-amz-server-side-encryption-customer-algorithm: AES256", SSE_C_KEY_HEADERS];
    default:
      return [];
  }
}

/**
 * With SSE-KMS, S3 asks KMS on the caller's behalf: writing needs `kms:GenerateDataKey`, reading the object back
 * `kms:Decrypt` (AWS S3 User Guide, "Using server-side encryption with AWS KMS keys (SSE-KMS)", Permissions). Not
 * observable on moto (S3 never calls KMS there; shared/docs/moto-notes.md).
 */
const kmsWrite = (s: CallSettings): ExtraPermission[] => (s.writeSse?.kind === "kms" ? ["kms:GenerateDataKey"] : []);
const kmsRead = (s: CallSettings): ExtraPermission[] => (s.writeSse?.kind === "kms" ? ["kms:Decrypt"] : []);

/**
 * backend_state.go `Workspaces`: one listing of `<workspace_key_prefix>/` (or the whole bucket when it is ""). With
 * the default prefix `env:` an AccessDenied is tolerated (Terraform 1.7.2+; see conformance/FINDINGS.md); with any
 * other prefix the listing must work.
 */
export function workspaces(settings: CallSettings): TerraformCall {
  const prefix = settings.workspaceKeyPrefix === "" ? "" : `${settings.workspaceKeyPrefix}/`;
  const onError = settings.workspaceKeyPrefix === "env:" ? "access-denied-tolerated" : "fatal";
  return s3("ListObjectsV2", "s3:ListBucket", prefix, "Workspaces", onError, [`prefix=${prefix}`]);
}

const lockId = (s: CallSettings) => lockIdFor(s.bucket, s.statePath);
const lockfile = (s: CallSettings) => lockfileKeyFor(s.statePath);

/**
 * client.go `Get` -> `get`: HeadObject (a 404 is "no state"), GetObject only when the object exists, both with the
 * SSE-C headers when set; then with a DynamoDB table `getMD5` (a failure is logged, not returned).
 */
export function get(s: CallSettings, exists: boolean): TerraformCall[] {
  const sse = sseHeaders(s.readSse);
  const head = s3("HeadObject", "s3:GetObject", s.statePath, "get", "absent", sse);
  const calls = [exists ? head : failing(head, "not-found")];
  if (exists) calls.push(needing(s3("GetObject", "s3:GetObject", s.statePath, "get", "fatal", sse), kmsRead(s)));
  if (s.dynamodbTable) calls.push(ddb("GetItem", "dynamodb:GetItem", `${lockId(s)}-md5`, "getMD5", "tolerated"));
  return calls;
}

/**
 * client.go `Put` -> `put`: PutObject of the state with the encryption headers, then with a DynamoDB table
 * `putMD5`, whose PutItem failure is only logged ("failed to record state serial").
 */
export function put(s: CallSettings): TerraformCall[] {
  const write = s3("PutObject", "s3:PutObject", s.statePath, "put", "fatal", sseHeaders(s.writeSse));
  const calls = [needing(write, kmsWrite(s))];
  if (s.dynamodbTable) calls.push(ddb("PutItem", "dynamodb:PutItem", `${lockId(s)}-md5`, "putMD5", "tolerated"));
  return calls;
}

/**
 * client.go `Delete`: DeleteObject of the state, then with a DynamoDB table `deleteMD5` (its error is logged).
 */
export function deleteState(s: CallSettings): TerraformCall[] {
  const calls = [s3("DeleteObject", "s3:DeleteObject", s.statePath, "Delete")];
  if (s.dynamodbTable)
    calls.push(ddb("DeleteItem", "dynamodb:DeleteItem", `${lockId(s)}-md5`, "deleteMD5", "tolerated"));
  return calls;
}

/** client.go `unlockWithFile`: GetObject to compare the lock ID (SSE-C headers when set), then DeleteObject. */
function unlockFile(s: CallSettings): TerraformCall[] {
  return [
    needing(s3("GetObject", "s3:GetObject", lockfile(s), "unlockWithFile", "fatal", sseHeaders(s.readSse)), kmsRead(s)),
    s3("DeleteObject", "s3:DeleteObject", lockfile(s), "unlockWithFile"),
  ];
}

/** client.go `unlockWithDynamoDB`: GetItem (`getLockInfoWithDynamoDB`) to compare the lock ID, then DeleteItem. */
function unlockItem(s: CallSettings): TerraformCall[] {
  return [
    ddb("GetItem", "dynamodb:GetItem", lockId(s), "unlockWithDynamoDB"),
    ddb("DeleteItem", "dynamodb:DeleteItem", lockId(s), "unlockWithDynamoDB"),
  ];
}

const HELD = "the state is locked (Error acquiring the state lock)";

/**
 * client.go `Lock`: `lockWithFile` (use_lockfile) first, then `lockWithDynamoDB` (dynamodb_table). A held lockfile
 * answers 412 and Terraform reads it for the lock info (`getLockInfoWithFile`: GetObject WITHOUT the SSE-C headers;
 * its failure only joins the lock error). A held DynamoDB lock answers ConditionalCheckFailed and Terraform reads the
 * item (`getLockInfoWithDynamoDB`); with both locks it then releases its lockfile (`unlockWithFile`).
 */
export function lock(s: CallSettings, held: HeldLock | undefined): Step {
  const calls: TerraformCall[] = [];
  if (s.useLockfile) {
    const conditions = ["If-None-Match: *", ...sseHeaders(s.writeSse)];
    const putLock = needing(
      s3("PutObject", "s3:PutObject", lockfile(s), "lockWithFile", "fatal", conditions),
      kmsWrite(s),
    );
    if (held === "lockfile") {
      const info = needing(
        s3("GetObject", "s3:GetObject", lockfile(s), "getLockInfoWithFile", "tolerated"),
        kmsRead(s),
      );
      return { calls: [failing(putLock, "precondition-failed"), info], failure: HELD };
    }
    calls.push(putLock);
  }
  if (s.dynamodbTable) {
    const conditions = ["attribute_not_exists(LockID)"];
    const putItem = ddb("PutItem", "dynamodb:PutItem", lockId(s), "lockWithDynamoDB", "fatal", conditions);
    if (held === "dynamodb") {
      const info = ddb("GetItem", "dynamodb:GetItem", lockId(s), "getLockInfoWithDynamoDB", "tolerated");
      const release = s.useLockfile ? unlockFile(s) : [];
      return { calls: [...calls, failing(putItem, "conditional-check-failed"), info, ...release], failure: HELD };
    }
    calls.push(putItem);
  }
  return ok(calls);
}

/** client.go `Unlock`: the lockfile first, then the DynamoDB item. */
export function unlock(s: CallSettings): TerraformCall[] {
  return [...(s.useLockfile ? unlockFile(s) : []), ...(s.dynamodbTable ? unlockItem(s) : [])];
}

/**
 * backend_state.go `StateMgr`: lists the workspaces; a workspace not listed (never `default`) is created under a
 * lock: RefreshState, then PersistState of an empty state, whose first write reads the state again
 * (internal/states/remote/state.go `PersistState` refreshes when nothing was read), then the write, the unlock.
 */
export function stateMgr(s: CallSettings, exists: boolean, held: HeldLock | undefined): Step {
  const listed = ok([workspaces(s)]);
  if (s.workspace === DEFAULT_WORKSPACE || exists) return listed;
  return sequence(
    () => listed,
    () => lock(s, held),
    () => ok([...get(s, false), ...get(s, false), ...put(s), ...unlock(s)]),
  );
}
