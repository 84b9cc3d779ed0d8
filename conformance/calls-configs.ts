/**
 * The configurations conformance/calls.test.ts runs: init + plan over the lock modes × state missing/existing ×
 * default/named workspace (plus workspace_key_prefix variants), then the other commands: apply, the workspace
 * commands, force-unlock, state pull/push, a held lock, the encryption settings, assume_role and the skip_* flags.
 */
import { type CallConfig, type CallStep, HELD_LOCK_ID, LOCK_MODES, type LockMode } from "./calls-support.js";

interface InitPlan {
  readonly lock: LockMode;
  readonly stateExists: boolean;
  readonly workspace: "default" | "staging";
  readonly prefix?: string;
}

function initPlan(c: InitPlan): CallConfig {
  const prefix = c.prefix === undefined ? "" : `-prefix-${c.prefix === "" ? "empty" : c.prefix}`;
  const name = `calls-${c.lock}-${c.stateExists ? "existing" : "missing"}-${c.workspace}${prefix}`;
  // init creates a missing named workspace (StateMgr), so plan starts with the state object in place
  const existsAtPlan = c.stateExists || c.workspace !== "default";
  const steps: CallStep[] = [
    { command: "init", stateExists: c.stateExists },
    { command: "plan", stateExists: existsAtPlan },
  ];
  return {
    name,
    lock: c.lock,
    workspace: c.workspace,
    ...(c.prefix === undefined ? {} : { prefix: c.prefix }),
    stateSeeded: c.stateExists,
    steps,
  };
}

const base: InitPlan[] = [];
for (const lock of Object.keys(LOCK_MODES) as LockMode[])
  for (const stateExists of [false, true])
    for (const workspace of ["default", "staging"] as const) base.push({ lock, stateExists, workspace });
base.push(
  { lock: "both", stateExists: false, workspace: "staging", prefix: "ws" },
  { lock: "both", stateExists: true, workspace: "staging", prefix: "" },
  { lock: "dynamodb", stateExists: true, workspace: "default", prefix: "ws" },
);

/** init + plan: 19 configurations. */
export const INIT_PLAN_CONFIGS: readonly CallConfig[] = base.map(initPlan);

const init = (stateExists: boolean): CallStep => ({ command: "init", stateExists });
/** A state with the same lineage as STATE and a higher serial, so `state push` accepts it. */
const PUSHED = JSON.stringify({ version: 4, terraform_version: "1.11.4", serial: 7, lineage: "calls", outputs: {} });
const SSE_C_KEY = "MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWY="; // a test key (32 bytes, base64)
const KMS_KEY = "arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-4cd5-a6ef-1234567890ab";

/** The workspace commands: list, new, list, select default, delete (the new workspace is empty). */
function workspaceLifecycle(name: string, lock: LockMode, prefix?: string): CallConfig {
  return {
    name,
    lock,
    workspace: "default",
    ...(prefix === undefined ? {} : { prefix }),
    stateSeeded: false,
    steps: [
      init(false),
      { command: "workspace list", stateExists: false },
      { command: "workspace new", args: ["staging"], stateExists: false, targetWorkspace: "staging" },
      { command: "workspace list", stateExists: true },
      { command: "workspace select", args: ["default"], stateExists: false, targetWorkspace: "default" },
      { command: "workspace delete", args: ["staging"], stateExists: false, targetWorkspace: "staging" },
    ],
  };
}

/** force-unlock of a lock held by someone else (every configured lock held with HELD_LOCK_ID). */
function forceUnlock(lock: LockMode): CallConfig {
  const seededLocks =
    lock === "both"
      ? (["lockfile", "dynamodb"] as const)
      : lock === "lockfile"
        ? ["lockfile" as const]
        : ["dynamodb" as const];
  return {
    name: `calls-force-unlock-${lock}`,
    lock,
    workspace: "default",
    stateSeeded: true,
    seededLocks,
    steps: [init(true), { command: "force-unlock", args: [HELD_LOCK_ID], stateExists: true }],
  };
}

/** plan (and apply) against a lock someone else holds: the command fails after reading the lock info. */
function heldLock(lock: LockMode, held: "lockfile" | "dynamodb"): CallConfig {
  const step = (command: "plan" | "apply"): CallStep => ({ command, stateExists: true, heldLock: held });
  return {
    name: `calls-held-${held}-${lock}`,
    lock,
    workspace: "default",
    stateSeeded: true,
    seededLocks: [held],
    steps: [init(true), step("plan"), ...(lock === "lockfile" ? [step("apply")] : [])],
  };
}

/** apply writes the state (the module's output is new); a second apply finds nothing to write. */
function apply(name: string, lock: LockMode, stateExists: boolean, extra: Partial<CallConfig> = {}): CallConfig {
  return {
    name,
    lock,
    workspace: "default",
    stateSeeded: stateExists,
    steps: [
      init(stateExists),
      { command: "apply", stateExists },
      { command: "apply", stateExists: true, stateChanges: false },
    ],
    ...extra,
  };
}

export const COMMAND_CONFIGS: readonly CallConfig[] = [
  apply("calls-apply-none-missing", "none", false),
  apply("calls-apply-dynamodb-existing", "dynamodb", true),
  apply("calls-apply-lockfile-missing-staging", "lockfile", false, {
    workspace: "staging",
    steps: [init(false), { command: "apply", stateExists: true }],
  }),
  apply("calls-apply-both-missing", "both", false),
  apply("calls-apply-both-encrypt", "both", true, { backend: "encrypt = true", sse: { kind: "aes256" } }),
  apply("calls-apply-both-kms", "both", false, {
    backend: `encrypt = true\nkms_key_id = "${KMS_KEY}"`,
    sse: { kind: "kms", kmsKeyId: KMS_KEY },
  }),
  apply("calls-apply-lockfile-sse-c", "lockfile", false, {
    backend: `encrypt = true\nsse_customer_key = "${SSE_C_KEY}"`,
    sse: { kind: "sse-c", customerKeyBase64: SSE_C_KEY },
    steps: [init(false), { command: "apply", stateExists: false }, { command: "plan", stateExists: true }],
  }),
  workspaceLifecycle("calls-workspaces-none", "none"),
  workspaceLifecycle("calls-workspaces-both", "both"),
  workspaceLifecycle("calls-workspaces-lockfile-prefix-ws", "lockfile", "ws"),
  forceUnlock("lockfile"),
  forceUnlock("dynamodb"),
  forceUnlock("both"),
  heldLock("lockfile", "lockfile"),
  heldLock("dynamodb", "dynamodb"),
  heldLock("both", "lockfile"),
  heldLock("both", "dynamodb"),
  {
    // getLockInfoWithFile reads the held lockfile WITHOUT the SSE-C headers the lock write sends
    ...heldLock("lockfile", "lockfile"),
    name: "calls-held-lockfile-sse-c",
    backend: `encrypt = true\nsse_customer_key = "${SSE_C_KEY}"`,
    sse: { kind: "sse-c", customerKeyBase64: SSE_C_KEY },
  },
  {
    name: "calls-state-pull-push-both-existing",
    lock: "both",
    workspace: "default",
    stateSeeded: true,
    moduleFiles: { "pushed.tfstate": PUSHED },
    steps: [
      init(true),
      { command: "state pull", stateExists: true },
      { command: "state push", args: ["pushed.tfstate"], stateExists: true },
      { command: "state pull", stateExists: true },
    ],
  },
  {
    name: "calls-state-pull-push-none-missing",
    lock: "none",
    workspace: "default",
    stateSeeded: false,
    moduleFiles: { "pushed.tfstate": PUSHED },
    steps: [
      init(false),
      { command: "state pull", stateExists: false },
      { command: "state push", args: ["pushed.tfstate"], stateExists: false },
    ],
  },
  {
    // the calls are signed with the role's temporary key; the S3/DynamoDB sequence is the same (STS not compared)
    name: "calls-assume-role-both",
    lock: "both",
    workspace: "default",
    stateSeeded: true,
    backend: 'assume_role = { role_arn = "arn:aws:iam::123456789012:role/calls-backend" }',
    sts: "signed-by-assumed-role",
    steps: [init(true), { command: "plan", stateExists: true }],
  },
  {
    // no STS GetCallerIdentity with these flags; S3/DynamoDB unchanged
    name: "calls-skip-flags-both",
    lock: "both",
    workspace: "default",
    stateSeeded: true,
    backend: [
      "skip_credentials_validation = true",
      "skip_requesting_account_id = true",
      "skip_metadata_api_check = true",
      "skip_region_validation = true",
      "skip_s3_checksum = true",
    ].join("\n"),
    sts: "no-sts",
    steps: [init(true), { command: "plan", stateExists: true }],
  },
];
