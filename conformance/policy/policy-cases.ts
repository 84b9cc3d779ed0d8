/**
 * The configurations conformance/policy.test.ts runs: the generated policy (core's `derivePolicy`, the pure part of
 * `backendPolicy`) for the harness's backend, attached as the ONLY policy of an IAM user, and the Terraform commands
 * that user runs. Also the rewrite of the policy for moto (moto-notes.md): moto matches DynamoDB actions only
 * against `Resource: "*"`, so DynamoDB statements get `*` there (on AWS the table ARN works; the identity policy
 * keeps it). moto ignores the condition key it has no value for (`dynamodb:LeadingKeys`), so the
 * condition stays as generated but is not proven here.
 */
import { derivePolicy, type PolicySettings } from "../../packages/core/src/policy/derive-policy.js";
import type { BackendPolicy, PolicyDocument, PolicyOptions } from "../../packages/core/src/policy/policy-types.js";
import { BUCKET, HELD_LOCK_ID, KEY, LOCK_MODES, type LockMode, STATE } from "../calls-support.js";
import type { CommandSpec, MotoSetup, Scenario } from "../harness/types.js";
import { key } from "../scenario-kit.js";

export const USER_KEY = key("POL1");
const SECRET = "harness-secret";
export const WORKSPACE = "staging";

export type Variant = "default-only" | "workspaces" | "plan-only" | "plan-only-no-lock" | "assume-role";

/** The role of the assume-role variant: the user assumes it (backend `assume_role`), the role signs S3/DynamoDB. */
export const ROLE_ARN = "arn:aws:iam::123456789012:role/terraform";

export interface PolicyCase {
  readonly name: string;
  readonly lock: LockMode;
  readonly variant: Variant;
  readonly options: PolicyOptions;
  readonly policy: BackendPolicy;
  readonly commands: readonly CommandSpec[];
  /** The index of the first command expected to fail (plan-only: apply), or null when all pass. */
  readonly expectFailureAt: number | null;
}

export function settingsFor(lock: LockMode): PolicySettings {
  const { dynamodbTable, useLockfile } = LOCK_MODES[lock];
  return {
    bucket: BUCKET,
    key: KEY,
    workspaceKeyPrefix: "env:",
    dynamodbTable,
    useLockfile,
    writeSse: { kind: "none" },
    readSse: { kind: "none" },
    region: "us-east-1",
    kmsKeyId: null,
    acl: null,
  };
}

const OPTIONS: Readonly<Record<Variant, PolicyOptions>> = {
  "default-only": { workspaces: "default" },
  workspaces: { workspaces: "all" },
  "plan-only": { operations: "plan", workspaces: "default" },
  "plan-only-no-lock": { operations: "plan", lock: false, workspaces: "default" },
  "assume-role": { workspaces: "default" },
};

/**
 * The full run: init, force-unlock of a stale lock (seeded with HELD_LOCK_ID; not without a lock), plan, apply,
 * and with workspaces: workspace new, apply in it, workspace select default, workspace delete.
 */
function fullRun(lock: LockMode, workspaces: boolean): CommandSpec[] {
  return [
    { command: "init" },
    ...(lock === "none" ? [] : [{ command: "force-unlock" as const, args: [HELD_LOCK_ID] }]),
    { command: "plan" },
    { command: "apply" },
    ...(workspaces
      ? [
          { command: "workspace new" as const, args: [WORKSPACE] },
          { command: "apply" as const },
          { command: "workspace select" as const, args: ["default"] },
          { command: "workspace delete" as const, args: [WORKSPACE] },
        ]
      : []),
  ];
}

function commandsFor(lock: LockMode, variant: Variant): CommandSpec[] {
  if (variant === "plan-only") return [{ command: "init" }, { command: "plan" }, { command: "apply" }];
  if (variant === "plan-only-no-lock")
    return [{ command: "init" }, { command: "plan", args: ["-lock=false"] }, { command: "apply" }];
  return fullRun(lock, variant === "workspaces");
}

export function policyCase(lock: LockMode, variant: Variant): PolicyCase {
  const options = OPTIONS[variant];
  const roles =
    variant === "assume-role"
      ? [{ roleArn: ROLE_ARN, via: "backend" as const, tags: false, sourceIdentity: false }]
      : [];
  const identity = { base: `EnvConfigCredentials (key ${USER_KEY})`, roles, unknown: null };
  const planOnly = variant.startsWith("plan-only");
  return {
    name: `policy-${lock}-${variant}`,
    lock,
    variant,
    options,
    policy: derivePolicy(settingsFor(lock), identity, options),
    commands: commandsFor(lock, variant),
    expectFailureAt: planOnly ? 2 : null,
  };
}

export const PASS_CASES: readonly PolicyCase[] = [
  ...(Object.keys(LOCK_MODES) as LockMode[]).flatMap((lock) =>
    (["default-only", "workspaces", "plan-only"] as const).map((variant) => policyCase(lock, variant)),
  ),
  policyCase("lockfile", "plan-only-no-lock"),
  policyCase("dynamodb", "plan-only-no-lock"),
  policyCase("both", "plan-only-no-lock"),
  policyCase("both", "assume-role"),
];

/** The documents attached: the identity policy (the role's, when a role is assumed) and the user's AssumeRole. */
export interface AttachedPolicies {
  readonly identity: PolicyDocument;
  /** The base user's policy when a role is assumed (sts:AssumeRole). */
  readonly assumeRole?: PolicyDocument;
}

export function generated(c: PolicyCase): AttachedPolicies {
  const hop = c.policy.assumeRole[0];
  return hop === undefined
    ? { identity: c.policy.identity.document }
    : { identity: c.policy.identity.document, assumeRole: hop.document };
}

/** The policy as attached on moto: DynamoDB statements on `*` (moto matches DynamoDB actions only against `*`). */
export function forMoto(document: PolicyDocument): PolicyDocument {
  return {
    ...document,
    Statement: document.Statement.map((s) =>
      s.Action.some((a) => a.startsWith("dynamodb:")) ? { ...s, Resource: "*" } : s,
    ),
  };
}

/** The document without one action (a statement left with none is dropped). */
export function without(document: PolicyDocument, sid: string, action: string): PolicyDocument {
  const Statement = document.Statement.map((s) =>
    s.Sid === sid ? { ...s, Action: s.Action.filter((a) => a !== action) } : s,
  ).filter((s) => s.Action.length > 0);
  return { ...document, Statement };
}

/** The role trusts the user by ARN (moto compares the caller's ARN with the Principal; it does not expand `root`). */
const TRUST = {
  Version: "2012-10-17",
  Statement: [
    { Effect: "Allow", Principal: { AWS: "arn:aws:iam::123456789012:user/terraform" }, Action: "sts:AssumeRole" },
  ],
};

/** statemgr.LockInfo JSON (hashicorp/terraform v1.11.4 internal/states/statemgr/locker.go), a stale lock. */
function staleLock(path: string): string {
  return JSON.stringify({
    ID: HELD_LOCK_ID,
    Operation: "OperationTypeApply",
    Info: "",
    Who: "gone@elsewhere",
    Version: "1.11.4",
    Created: "2026-01-01T00:00:00Z",
    Path: path,
  });
}

/**
 * The scenario: a user whose only policy is the identity policy (or, with a role, the AssumeRole policy, and the
 * role has the identity policy); the stale lock (and, plan-only, the state) seeded.
 */
export function scenarioFor(c: PolicyCase, attached: AttachedPolicies, name = c.name): Scenario {
  const { dynamodbTable, useLockfile } = LOCK_MODES[c.lock];
  const lockPath = `${BUCKET}/${KEY}`;
  const planOnly = c.variant.startsWith("plan-only");
  const stale = !planOnly && c.lock !== "none";
  const userPolicy = attached.assumeRole ?? forMoto(attached.identity);
  const moto: MotoSetup = {
    tables: dynamodbTable ? [dynamodbTable] : [],
    objects: [
      ...(planOnly ? [{ key: KEY, body: STATE }] : []),
      ...(stale && useLockfile ? [{ key: `${KEY}.tflock`, body: staleLock(lockPath) }] : []),
    ],
    items:
      stale && dynamodbTable ? [{ table: dynamodbTable, item: { LockID: lockPath, Info: staleLock(lockPath) } }] : [],
    // A document left with no statement (a mutation removed the last action) is no policy at all.
    users: [
      {
        name: "terraform",
        accessKeyId: USER_KEY,
        secretAccessKey: SECRET,
        ...(userPolicy.Statement.length === 0 ? {} : { policy: userPolicy }),
      },
    ],
    roles:
      attached.assumeRole === undefined
        ? []
        : [{ name: "terraform", trust: TRUST, policy: forMoto(attached.identity) }],
    enforceAuth: true,
  };
  const assume = attached.assumeRole === undefined ? "" : `\nassume_role = { role_arn = "${ROLE_ARN}" }`;
  return {
    name,
    rule: "the generated least-privilege policy (packages/core/src/policy) is enough, and each action is needed",
    backend: `${LOCK_MODES[c.lock].backend}${assume}`,
    env: { AWS_ACCESS_KEY_ID: USER_KEY, AWS_SECRET_ACCESS_KEY: SECRET },
    moto,
    commands: c.commands,
  };
}
