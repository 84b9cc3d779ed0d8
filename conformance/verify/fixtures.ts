/**
 * Building blocks of the verify conformance setups: the IAM user with a fixed key id, identity policies built
 * from the actions Terraform 1.11.4's S3 backend needs, lock modes, seeded state, held locks.
 *
 * moto 5.2.1 matches DynamoDB actions against resource `*` only (a table ARN never matches there, it does on AWS),
 * so every DynamoDB statement here uses `"Resource": "*"` (/work/shared/docs/moto-notes.md).
 */
import type { CommandSpec, MotoSetup, Scenario, TerraformCommand } from "../harness/types.js";

export const ACCOUNT = "123456789012";
export const BUCKET = "tfstate";
/** The harness's backend `key` (run-terraform.ts renderMainTf). */
export const STATE_KEY = "conformance/terraform.tfstate";
export const TABLE = "locks";
/** The pipeline user's key id: fixed, so the report is reproducible (masked wherever it is shown). */
export const USER_KEY_ID = "AKIATFWHYVERIFY00USR";
export const USER_SECRET = "verify-suite-secret";
export const USER_NAME = "pipeline";
export const USER_ARN = `arn:aws:iam::${ACCOUNT}:user/${USER_NAME}`;
export const ROLE_NAME = "tf-state";
export const ROLE_ARN = `arn:aws:iam::${ACCOUNT}:role/${ROLE_NAME}`;
/** The ID of every seeded (held) lock. */
export const HELD_LOCK_ID = "0b5e1f2a-7c3d-4e8f-9a10-b2c3d4e5f601";

export const CREDS: Readonly<Record<string, string>> = {
  AWS_ACCESS_KEY_ID: USER_KEY_ID,
  AWS_SECRET_ACCESS_KEY: USER_SECRET,
};

export type LockMode = "none" | "lockfile" | "dynamodb" | "both";
export const LOCK_MODES: readonly LockMode[] = ["none", "lockfile", "dynamodb", "both"];

/** Backend lines of a lock mode (backend.go ConfigSchema: use_lockfile, dynamodb_table). */
export function lockLines(mode: LockMode): string {
  const lines: string[] = [];
  if (mode === "lockfile" || mode === "both") lines.push("use_lockfile = true");
  if (mode === "dynamodb" || mode === "both") lines.push(`dynamodb_table = "${TABLE}"`);
  return lines.join("\n");
}

export const usesTable = (mode: LockMode): boolean => mode === "dynamodb" || mode === "both";
export const usesLockfile = (mode: LockMode): boolean => mode === "lockfile" || mode === "both";

export type S3Action = "s3:ListBucket" | "s3:GetObject" | "s3:PutObject" | "s3:DeleteObject";
export type DynamoAction = "dynamodb:GetItem" | "dynamodb:PutItem" | "dynamodb:DeleteItem";
export type Action = S3Action | DynamoAction;
export const S3_ACTIONS: readonly S3Action[] = ["s3:ListBucket", "s3:GetObject", "s3:PutObject", "s3:DeleteObject"];
export const DYNAMO_ACTIONS: readonly DynamoAction[] = ["dynamodb:GetItem", "dynamodb:PutItem", "dynamodb:DeleteItem"];

/** Terraform's permissions for a lock mode (the backend documentation's minimal policy). */
export function needed(mode: LockMode): Action[] {
  return [...S3_ACTIONS, ...(usesTable(mode) ? DYNAMO_ACTIONS : [])];
}

export interface PolicyOptions {
  /** Object ARN patterns (after `arn:aws:s3:::tfstate/`); default `*`. */
  readonly objects?: readonly string[];
  readonly extra?: readonly { readonly Effect: "Allow" | "Deny"; readonly Action: string; readonly Resource: string }[];
}

/** An identity policy granting `actions` the way the S3 backend docs scope them (bucket vs object ARNs). */
export function policy(actions: readonly string[], options: PolicyOptions = {}): unknown {
  const objects = (options.objects ?? ["*"]).map((p) => `arn:aws:s3:::${BUCKET}/${p}`);
  const statements: unknown[] = [];
  if (actions.includes("s3:ListBucket"))
    statements.push({ Effect: "Allow", Action: "s3:ListBucket", Resource: `arn:aws:s3:::${BUCKET}` });
  const objectActions = actions.filter((a) => a.startsWith("s3:") && a !== "s3:ListBucket");
  if (objectActions.length > 0) statements.push({ Effect: "Allow", Action: objectActions, Resource: objects });
  const ddb = actions.filter((a) => a.startsWith("dynamodb:"));
  if (ddb.length > 0) statements.push({ Effect: "Allow", Action: ddb, Resource: "*" }); // moto: `*` only
  statements.push(...(options.extra ?? []));
  return { Version: "2012-10-17", Statement: statements };
}

/** The pipeline user with an identity policy. */
export function user(identityPolicy: unknown): NonNullable<MotoSetup["users"]>[number] {
  return { name: USER_NAME, accessKeyId: USER_KEY_ID, secretAccessKey: USER_SECRET, policy: identityPolicy };
}

/** A small, valid state (outputs differ from the module's, so apply writes a new one). */
export const STATE_BODY = JSON.stringify({
  version: 4,
  terraform_version: "1.11.4",
  serial: 1,
  lineage: "0d6e4c1a-verify-suite",
  outputs: {},
  resources: [],
  check_results: null,
});

/** `<workspace_key_prefix>/<ws>/<key>`, `<key>` for default (backend_state.go `path`). */
export function statePath(workspace = "default"): string {
  return workspace === "default" ? STATE_KEY : `env:/${workspace}/${STATE_KEY}`;
}

/**
 * Terraform's LockInfo JSON (hashicorp/terraform v1.11.4 internal/states/statemgr/locker.go `LockInfo`; client.go
 * `Lock` sets Path to `<bucket>/<state path>`), fixed values so the report is reproducible.
 */
export function lockInfo(path = statePath()): string {
  return JSON.stringify({
    ID: HELD_LOCK_ID,
    Operation: "OperationTypeApply",
    Info: "",
    Who: "ci@runner-7",
    Version: "1.11.4",
    Created: "2026-01-01T00:00:00Z",
    Path: `${BUCKET}/${path}`,
  });
}

/** A held lockfile: `<state path>.tflock` with the lock info (client.go `lockWithFile`). */
export const heldLockfile = (path = statePath()) => ({ key: `${path}.tflock`, body: lockInfo(path) });
/** A held DynamoDB lock: LockID `<bucket>/<state path>`, Info (client.go `lockWithDynamoDB`). */
export const heldItem = (path = statePath()) => ({
  table: TABLE,
  item: { LockID: `${BUCKET}/${path}`, Info: lockInfo(path) },
});

/** One scored setup: a Terraform scenario plus what it exercises. */
export interface VerifySetup {
  readonly scenario: Scenario;
  /** One line for the report. */
  readonly exercises: string;
  /** Also run through the built CLI (child process). */
  readonly viaCli?: boolean;
  /**
   * The workspace the pipeline works in when its commands switch to one (`workspace new staging`): verify is run
   * with `workspace` (`tfwhy verify --workspace staging`), as a user would for such a pipeline.
   */
  readonly verifyWorkspace?: string;
}

export const PIPELINE: readonly TerraformCommand[] = ["init", "plan", "apply"];

export interface SetupInput {
  readonly name: string;
  readonly exercises: string;
  readonly mode: LockMode;
  readonly actions: readonly string[];
  readonly policyOptions?: PolicyOptions;
  /** Seed the default workspace's state object. */
  readonly existing?: boolean;
  readonly backend?: string;
  readonly env?: Readonly<Record<string, string>>;
  readonly moto?: MotoSetup;
  readonly files?: Scenario["files"];
  readonly commands?: readonly (TerraformCommand | CommandSpec)[];
  readonly viaCli?: boolean;
  readonly verifyWorkspace?: string;
}

/** A setup on the default bucket with the pipeline user, IAM enforced, the lock table when the mode uses one. */
export function setup(input: SetupInput): VerifySetup {
  const m = input.moto ?? {};
  const objects = [...(input.existing ? [{ key: STATE_KEY, body: STATE_BODY }] : []), ...(m.objects ?? [])];
  const backend = [lockLines(input.mode), input.backend ?? ""].filter((l) => l !== "").join("\n");
  return {
    exercises: input.exercises,
    ...(input.viaCli ? { viaCli: true } : {}),
    ...(input.verifyWorkspace ? { verifyWorkspace: input.verifyWorkspace } : {}),
    scenario: {
      name: input.name,
      rule: input.exercises,
      backend,
      env: { ...CREDS, ...input.env },
      ...(input.files ? { files: input.files } : {}),
      commands: input.commands ?? PIPELINE,
      moto: {
        ...m,
        objects,
        tables: m.tables ?? (usesTable(input.mode) ? [TABLE] : []),
        users: m.users ?? [user(policy(input.actions, input.policyOptions))],
        enforceAuth: true,
      },
    },
  };
}

export const without = (mode: LockMode, action: Action): Action[] => needed(mode).filter((a) => a !== action);
