/**
 * What conformance/calls.test.ts needs besides the configurations: a configuration's scenario and model input, the
 * request log as (service, operation, resource) tuples and as request conditions, and the comparison of one command.
 *
 * What is compared, per command: the ordered list of (service, operation, resource) tuples, where resource is the
 * object key without the `/tfstate/` bucket path (HeadObject, GetObject, PutObject, DeleteObject), the `prefix` of
 * ListObjectsV2, and the `LockID` of DynamoDB GetItem/PutItem/DeleteItem; STS and any other service are ignored.
 * Then each request's status against the model's `expectedError` (none: 2xx), and the conditions and headers each
 * request sent (`If-None-Match`, `ConditionExpression`, `prefix`, the encryption headers) against the model's.
 */
import type { ExpectStatic } from "vitest";
import { SSE_C_KEY_HEADERS } from "../packages/core/src/calls/call-steps.js";
import {
  type CallCommand,
  type CallSettings,
  type HeldLock,
  type TerraformCall,
  terraformRun,
} from "../packages/core/src/calls/terraform-calls.js";
import type { SseHeaders } from "../packages/core/src/settings/client-settings.js";
import type { CommandObservation, CommandSpec, MotoSetup, RequestRecord, Scenario } from "./harness/types.js";
import { key } from "./scenario-kit.js";

export const BUCKET = "tfstate"; // the harness's backend `bucket` and `key`
export const KEY = "conformance/terraform.tfstate";
export const STATE = JSON.stringify({
  version: 4,
  terraform_version: "1.11.4",
  serial: 1,
  lineage: "calls",
  outputs: {},
});
const CREDS = { AWS_ACCESS_KEY_ID: key("CAL1"), AWS_SECRET_ACCESS_KEY: "secret-CAL1" };
/** The ID of a lock someone else holds (statemgr.LockInfo, as client.go `lockWithFile`/`lockWithDynamoDB` store it). */
export const HELD_LOCK_ID = "5b0e2c44-1d2f-4c3e-9a8b-7c6d5e4f3a21";

export const LOCK_MODES = {
  none: { backend: "", dynamodbTable: null, useLockfile: false },
  dynamodb: { backend: 'dynamodb_table = "locks"', dynamodbTable: "locks", useLockfile: false },
  lockfile: { backend: "use_lockfile = true", dynamodbTable: null, useLockfile: true },
  both: { backend: 'use_lockfile = true\ndynamodb_table = "locks"', dynamodbTable: "locks", useLockfile: true },
} as const;
export type LockMode = keyof typeof LOCK_MODES;

/** One command of a configuration and what the model is told about it. */
export interface CallStep {
  readonly command: CallCommand;
  /** The command's arguments (workspace name, lock ID, state file). */
  readonly args?: readonly string[];
  /** Whether the selected workspace's state object exists when the command starts. */
  readonly stateExists: boolean;
  readonly targetWorkspace?: string;
  readonly heldLock?: HeldLock;
  readonly stateChanges?: boolean;
}

export interface CallConfig {
  readonly name: string;
  readonly lock: LockMode;
  readonly workspace: "default" | "staging";
  /** undefined: not set (Terraform's default "env:"). */
  readonly prefix?: string;
  /** More backend lines (encryption, assume_role, skip_* flags). */
  readonly backend?: string;
  /** The encryption headers these lines make Terraform send (settings/client-settings.ts `writeSse`). */
  readonly sse?: SseHeaders;
  /** The selected workspace's state object exists before the first command. */
  readonly stateSeeded: boolean;
  /** Locks someone else holds before the first command, with HELD_LOCK_ID. */
  readonly seededLocks?: readonly HeldLock[];
  /** Files under the module dir (a state file to push). */
  readonly moduleFiles?: Readonly<Record<string, string>>;
  readonly steps: readonly CallStep[];
  /** What to check on STS (not compared with the model): the calls are signed by the assumed role, or no STS call. */
  readonly sts?: "signed-by-assumed-role" | "no-sts";
}

/** The model's settings for a configuration (backend_state.go `path`). */
export function settingsFor(c: CallConfig): CallSettings {
  const prefix = c.prefix ?? "env:";
  const statePath = c.workspace === "default" ? KEY : [prefix, c.workspace, KEY].filter((p) => p !== "").join("/");
  const { dynamodbTable, useLockfile } = LOCK_MODES[c.lock];
  const writeSse = c.sse ?? { kind: "none" };
  const readSse: SseHeaders = writeSse.kind === "sse-c" ? writeSse : { kind: "none" };
  return {
    bucket: BUCKET,
    key: KEY,
    statePath,
    workspace: c.workspace,
    workspaceKeyPrefix: prefix,
    dynamodbTable,
    useLockfile,
    writeSse,
    readSse,
  };
}

/** statemgr.LockInfo as JSON (internal/states/statemgr/locker.go), the way Terraform stores a held lock. */
function lockInfo(path: string): string {
  return JSON.stringify({
    ID: HELD_LOCK_ID,
    Operation: "OperationTypeApply",
    Info: "",
    Who: "someone@elsewhere",
    Version: "1.11.4",
    Created: "2026-01-01T00:00:00Z",
    Path: path,
  });
}

export function scenarioFor(c: CallConfig): Scenario {
  const s = settingsFor(c);
  const lockPath = `${BUCKET}/${s.statePath}`;
  const locks = c.seededLocks ?? [];
  const objects = [
    ...(c.stateSeeded ? [{ key: s.statePath, body: STATE }] : []),
    ...(locks.includes("lockfile") ? [{ key: `${s.statePath}.tflock`, body: lockInfo(lockPath) }] : []),
  ];
  const items = locks.includes("dynamodb")
    ? [{ table: "locks", item: { LockID: lockPath, Info: lockInfo(lockPath) } }]
    : [];
  const moto: MotoSetup = { tables: ["locks"], objects, items };
  const prefixLine = c.prefix === undefined ? "" : `\nworkspace_key_prefix = "${c.prefix}"`;
  const commands: CommandSpec[] = c.steps.map((step) =>
    step.args === undefined ? { command: step.command } : { command: step.command, args: step.args },
  );
  return {
    name: c.name,
    rule: "terraform backend_state.go StateMgr/Workspaces/DeleteWorkspace, client.go Get/Put/Delete/Lock/Unlock",
    backend: `${LOCK_MODES[c.lock].backend}${prefixLine}\n${c.backend ?? ""}`,
    env: c.workspace === "default" ? CREDS : { ...CREDS, TF_WORKSPACE: c.workspace },
    moto,
    commands,
    files: Object.fromEntries(Object.entries(c.moduleFiles ?? {}).map(([name, text]) => [`module/${name}`, text])),
  };
}

type Tuple = readonly [service: string, operation: string, resource: string];

const callRequests = (requests: readonly RequestRecord[]) =>
  requests.filter((r) => r.service === "s3" || r.service === "dynamodb");

function resourceOf(r: RequestRecord): string {
  if (r.service === "dynamodb") return r.lockId ?? "";
  if (r.operation === "ListObjectsV2") return r.prefix ?? "";
  return (r.path ?? "").replace(/^\/tfstate\//, "");
}

const tupleOf = (r: RequestRecord): Tuple => [r.service ?? "", r.operation, resourceOf(r)];

/** The conditions and headers a logged request sent, in the model's words. */
function conditionsOf(r: RequestRecord): string[] {
  const out: string[] = [];
  if (r.operation === "ListObjectsV2") out.push(`prefix=${r.prefix ?? ""}`);
  if (r.condition) out.push(r.condition);
  if (r.ifNoneMatch) out.push(`If-None-Match: ${r.ifNoneMatch}`);
  if (r.sse) out.push(`x-amz-server-side-encryption: ${r.sse}`);
  if (r.sseKmsKeyId) out.push(`x-amz-server-side-encryption-aws-kms-key-id: ${r.sseKmsKeyId}`);
  if (r.sseCustomerAlgorithm) out.push(`x-amz-server-side-encryption-customer-algorithm: ${r.sseCustomerAlgorithm}`);
  if (r.sseCustomerKey) out.push(SSE_C_KEY_HEADERS);
  return out.sort();
}

/** An answer the AWS SDK retries (aws-sdk-go-v2 retry.DefaultRetryables): 5xx, 429, throttling, no answer. */
function retryable(r: RequestRecord): boolean {
  if (r.status === undefined) return true;
  return r.status >= 500 || r.status === 429 || /throttl/i.test(r.error ?? "");
}

/**
 * Drops a request the SDK retried: one immediately repeated (same service, operation, resource) whose first copy
 * got a retryable answer. A repeat after a success is a call of its own and stays (and fails the comparison).
 */
export function dropSdkRetries(requests: readonly RequestRecord[]): RequestRecord[] {
  return requests.filter((r, i) => {
    const next = requests[i + 1];
    return !(next && retryable(r) && tupleOf(next).join("\n") === tupleOf(r).join("\n"));
  });
}

const STATUS: Readonly<Record<NonNullable<TerraformCall["expectedError"]>, number>> = {
  "not-found": 404,
  "precondition-failed": 412,
  "conditional-check-failed": 400,
};

/** The model's input for one step of a configuration. */
export function runFor(c: CallConfig, step: CallStep) {
  const { command, stateExists, targetWorkspace, heldLock, stateChanges } = step;
  return terraformRun({
    settings: settingsFor(c),
    command,
    stateExists,
    ...(targetWorkspace === undefined ? {} : { targetWorkspace }),
    ...(heldLock === undefined ? {} : { heldLock }),
    ...(stateChanges === undefined ? {} : { stateChanges }),
  });
}

/** Holds one command's request log against the model's run of it. */
export function checkCommand(expect: ExpectStatic, c: CallConfig, step: CallStep, observed: CommandObservation): void {
  const run = runFor(c, step);
  const what = `${c.name} / ${step.command}`;
  if (run.failure === null) expect(observed.exitCode, `${what}: ${observed.output}`).toBe(0);
  else expect(observed.exitCode, `${what} should fail: ${run.failure}`).not.toBe(0);
  const requests = dropSdkRetries(callRequests(observed.requests));
  const log = requests.map((r) => `${r.operation} ${resourceOf(r)} ${r.status ?? "?"} ${r.error ?? ""}`).join("; ");
  expect(requests.map(tupleOf), `${what}: ${log}`).toEqual(run.calls.map((k) => [k.service, k.operation, k.resource]));
  requests.forEach((r, i) => {
    const call = run.calls[i];
    const expected = call?.expectedError;
    if (expected === undefined) expect(r.status ?? 0, `${what} #${i} ${r.operation}: ${log}`).toBeLessThan(300);
    else expect(r.status, `${what} #${i} ${r.operation} (${expected}): ${log}`).toBe(STATUS[expected]);
    if (expected === "conditional-check-failed") expect(r.error).toContain("ConditionalCheckFailedException");
    expect(conditionsOf(r), `${what} #${i} ${r.operation} conditions`).toEqual([...(call?.conditions ?? [])].sort());
  });
}

/** The STS side of a configuration: who signed the S3/DynamoDB calls, and whether STS was called at all. */
export function checkSts(expect: ExpectStatic, c: CallConfig, observed: CommandObservation): void {
  const sts = observed.requests.filter((r) => r.service === "sts");
  if (c.sts === "no-sts")
    expect(
      sts.map((r) => r.operation),
      c.name,
    ).toEqual([]);
  if (c.sts === "signed-by-assumed-role") {
    const issued = new Set(sts.filter((r) => r.operation === "AssumeRole").map((r) => r.issuedKeyId));
    const signers = new Set(callRequests(observed.requests).map((r) => r.keyId));
    expect(issued.size, c.name).toBeGreaterThan(0);
    for (const k of signers) expect(issued.has(k ?? undefined), `${c.name}: ${k} signed`).toBe(true);
  }
}
