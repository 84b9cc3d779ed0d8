/**
 * The verify conformance setups: each is a pipeline (`terraform init`, `plan`, `apply` unless said otherwise) run
 * by an IAM user with a fixed key id against moto with IAM enforced. Terraform decides; verify is held against it
 * (verify-conformance.test.ts). Excluded setups (moto cannot represent them) are listed with their reason.
 *
 * Terraform rules cited: hashicorp/terraform v1.11.4 internal/backend/remote-state/s3/backend_state.go
 * (`Workspaces`: AccessDenied on ListObjectsV2 tolerated with the default prefix; `StateMgr`, `path`), client.go
 * (`Get`, `Put`, `Lock`, `lockWithFile`, `lockWithDynamoDB`, `Unlock`, `getMD5`, `putMD5`),
 * internal/command/meta_backend.go (`selectWorkspace`).
 */
import {
  type Action,
  BUCKET,
  CREDS,
  heldItem,
  heldLockfile,
  LOCK_MODES,
  type LockMode,
  needed,
  policy,
  ROLE_ARN,
  ROLE_NAME,
  STATE_BODY,
  STATE_KEY,
  setup,
  statePath,
  USER_ARN,
  user,
  usesLockfile,
  usesTable,
  type VerifySetup,
  without,
} from "./fixtures.js";

const EVERY = "every permission Terraform needs";
const existingTag = (existing: boolean) => (existing ? "existing" : "fresh");

/** A fully-permitted pipeline per lock mode, on a first run (no state) and with a state. */
function baselines(): VerifySetup[] {
  return LOCK_MODES.flatMap((mode) =>
    [false, true].map((existing) =>
      setup({
        name: `baseline-${mode}-${existingTag(existing)}`,
        exercises: `lock ${mode}, state ${existing ? "exists" : "missing (first init)"}, ${EVERY}`,
        mode,
        existing,
        actions: needed(mode),
        viaCli: mode === "both" && existing,
      }),
    ),
  );
}

/**
 * Which (lock mode, state exists) each missing permission is run in: where Terraform calls it
 * (s3:DeleteObject only unlocks a lockfile; DynamoDB actions only with a table), plus one control where it does not.
 */
const MISSING: readonly { readonly action: Action; readonly runs: readonly [LockMode, boolean][] }[] = [
  {
    action: "s3:ListBucket",
    runs: [
      ["none", false],
      ["none", true],
      ["lockfile", false],
      ["lockfile", true],
      ["dynamodb", true],
      ["both", false],
    ],
  },
  {
    action: "s3:GetObject",
    runs: [
      ["none", false],
      ["none", true],
      ["lockfile", false],
      ["lockfile", true],
      ["dynamodb", true],
    ],
  },
  {
    action: "s3:PutObject",
    runs: [
      ["none", false],
      ["none", true],
      ["lockfile", true],
      ["dynamodb", true],
    ],
  },
  {
    action: "s3:DeleteObject",
    runs: [
      ["none", true],
      ["lockfile", false],
      ["lockfile", true],
      ["both", true],
    ],
  },
  {
    action: "dynamodb:GetItem",
    runs: [
      ["dynamodb", false],
      ["dynamodb", true],
      ["both", true],
    ],
  },
  {
    action: "dynamodb:PutItem",
    runs: [
      ["dynamodb", false],
      ["dynamodb", true],
      ["both", false],
    ],
  },
  {
    action: "dynamodb:DeleteItem",
    runs: [
      ["dynamodb", false],
      ["dynamodb", true],
      ["both", true],
    ],
  },
];

function missingPermissions(): VerifySetup[] {
  return MISSING.flatMap(({ action, runs }) =>
    runs.map(([mode, existing]) => {
      const used = action !== "s3:DeleteObject" || usesLockfile(mode);
      return setup({
        name: `missing-${action.replace(":", "-")}-${mode}-${existingTag(existing)}`,
        exercises:
          `no ${action}, lock ${mode}, state ${existing ? "exists" : "missing"}` +
          (used ? "" : ` (control: Terraform never calls ${action} here)`),
        mode,
        existing,
        actions: without(mode, action),
        viaCli: action === "s3:PutObject" && mode === "none" && existing,
      });
    }),
  );
}

function heldLocks(): VerifySetup[] {
  const held = (mode: LockMode) => ({
    objects: [{ key: STATE_KEY, body: STATE_BODY }, ...(usesLockfile(mode) ? [heldLockfile()] : [])],
    ...(usesTable(mode) ? { items: [heldItem()] } : {}),
  });
  return (["lockfile", "dynamodb", "both"] as const).map((mode) =>
    setup({
      name: `held-lock-${mode}`,
      exercises: `lock ${mode} held by another run (lock ID ${"0b5e1f2a…"}), state exists`,
      mode,
      actions: needed(mode),
      moto: held(mode),
      viaCli: mode === "dynamodb",
    }),
  );
}

const WS_STATE = (ws: string) => ({ key: statePath(ws), body: STATE_BODY });

function workspaces(): VerifySetup[] {
  const mode: LockMode = "both";
  const all = needed(mode);
  const staging = { ...CREDS, TF_WORKSPACE: "staging" };
  return [
    setup({
      name: "ws-tf-workspace-existing",
      exercises: "TF_WORKSPACE=staging, the workspace exists (env:/staging/<key>)",
      mode,
      actions: all,
      env: staging,
      moto: { objects: [WS_STATE("staging")] },
    }),
    setup({
      name: "ws-tf-workspace-missing-only-default",
      exercises: "TF_WORKSPACE=staging missing, no other workspace: init creates it (meta_backend.go selectWorkspace)",
      mode,
      actions: all,
      env: staging,
    }),
    setup({
      name: "ws-tf-workspace-missing-others-exist",
      exercises:
        'TF_WORKSPACE=staging missing, workspace prod exists: "Currently selected workspace ... does not exist"',
      mode,
      actions: all,
      env: staging,
      moto: { objects: [WS_STATE("prod")] },
    }),
    setup({
      name: "ws-environment-file-selects",
      exercises: ".terraform/environment selects staging, which exists",
      mode,
      actions: all,
      files: { "module/.terraform/environment": "staging" },
      moto: { objects: [WS_STATE("staging")] },
    }),
    setup({
      name: "ws-policy-default-key-only",
      exercises: "TF_WORKSPACE=staging exists; the policy allows objects under the default key only",
      mode,
      actions: all,
      env: staging,
      policyOptions: { objects: [`${STATE_KEY}`, `${STATE_KEY}.tflock`] },
      moto: { objects: [WS_STATE("staging")] },
    }),
    setup({
      name: "ws-policy-env-paths-only",
      exercises: "default workspace; the policy allows objects under env:/ only",
      mode,
      actions: all,
      existing: true,
      policyOptions: { objects: ["env:/*"] },
    }),
    setup({
      name: "ws-new-in-pipeline",
      exercises: "init, workspace new staging, apply: every permission on every key",
      mode,
      actions: all,
      existing: true,
      commands: ["init", { command: "workspace new", args: ["staging"] }, "apply"],
      verifyWorkspace: "staging",
    }),
    setup({
      name: "ws-new-in-pipeline-default-key-only",
      exercises: "init, workspace new staging, apply; the policy allows objects under the default key only",
      mode,
      actions: all,
      existing: true,
      policyOptions: { objects: [`${STATE_KEY}`, `${STATE_KEY}.tflock`] },
      commands: ["init", { command: "workspace new", args: ["staging"] }, "apply"],
      verifyWorkspace: "staging",
    }),
  ];
}

/** The backend assumes ROLE_ARN; the user may only assume it. */
function assumeRole(name: string, exercises: string, userActions: string[], roleActions: readonly Action[]) {
  const trust = {
    Version: "2012-10-17",
    Statement: [{ Effect: "Allow", Principal: { AWS: USER_ARN }, Action: "sts:AssumeRole" }],
  };
  const userPolicy = {
    Version: "2012-10-17",
    // sts:GetCallerIdentity is always allowed; it keeps the statement list non-empty when sts:AssumeRole is left out
    Statement: [...userActions, "sts:GetCallerIdentity"].map((a) => ({
      Effect: "Allow",
      Action: a,
      Resource: a === "sts:AssumeRole" ? ROLE_ARN : "*",
    })),
  };
  return setup({
    name,
    exercises,
    mode: "lockfile",
    actions: [],
    existing: true,
    backend: `assume_role = { role_arn = "${ROLE_ARN}" }`,
    moto: {
      users: [user(userPolicy)],
      roles: [{ name: ROLE_NAME, trust, policy: policy(roleActions) }],
    },
  });
}

function misc(): VerifySetup[] {
  const all = needed("lockfile");
  return [
    assumeRole("assume-role-ok", "backend assume_role; the role has every permission", ["sts:AssumeRole"], all),
    assumeRole(
      "assume-role-role-lacks-put",
      "backend assume_role; the role lacks s3:PutObject",
      ["sts:AssumeRole"],
      all.filter((a) => a !== "s3:PutObject"),
    ),
    assumeRole("assume-role-caller-denied", "backend assume_role; the caller lacks sts:AssumeRole", [], all),
    setup({
      name: "exact-key-policy",
      exercises: "lockfile; the policy allows objects on the state key and its .tflock only (least privilege)",
      mode: "lockfile",
      actions: all,
      existing: true,
      policyOptions: { objects: [STATE_KEY, `${STATE_KEY}.tflock`] },
    }),
    setup({
      name: "versioned-bucket",
      exercises: "versioned bucket, lockfile, state exists, every permission Terraform needs",
      mode: "lockfile",
      actions: all,
      existing: true,
      moto: { versionedBuckets: [BUCKET] },
    }),
    setup({
      name: "bucket-policy-deny-put",
      exercises: "bucket policy denies s3:PutObject (moto applies it to every caller), no lock, state exists",
      mode: "none",
      actions: needed("none"),
      existing: true,
      moto: {
        bucketPolicies: [
          {
            bucket: BUCKET,
            policy: {
              Version: "2012-10-17",
              Statement: [
                { Effect: "Deny", Principal: "*", Action: "s3:PutObject", Resource: `arn:aws:s3:::${BUCKET}/*` },
              ],
            },
          },
        ],
      },
    }),
    setup({
      name: "bucket-missing",
      exercises: "the bucket does not exist",
      mode: "lockfile",
      actions: all,
      moto: { noDefaultBucket: true },
    }),
    setup({
      name: "table-missing",
      exercises: "dynamodb_table names a table that does not exist, state exists",
      mode: "dynamodb",
      actions: needed("dynamodb"),
      existing: true,
      moto: { tables: [] },
    }),
  ];
}

export const SETUPS: readonly VerifySetup[] = [
  ...baselines(),
  ...missingPermissions(),
  ...heldLocks(),
  ...workspaces(),
  ...misc(),
];

/** Setups moto cannot represent: listed in the report, not scored. */
export const EXCLUDED: readonly { readonly name: string; readonly reason: string }[] = [
  {
    name: "bucket-policy-allow-other-principal",
    reason:
      "moto never grants through a bucket policy Allow and applies a Deny to every caller whatever its Principal, " +
      "so a policy that treats two principals differently cannot be observed",
  },
  {
    name: "sse-kms-key-permissions",
    reason: "S3 never calls KMS on moto: an SSE-KMS write succeeds whatever the caller may do with the key",
  },
  {
    name: "bucket-in-other-region",
    reason: "moto serves a bucket from any region (no 301 PermanentRedirect unless the harness fakes it)",
  },
  {
    name: "dynamodb-table-arn-scoped-policy",
    reason: "moto matches DynamoDB actions against resource `*` only; a table-ARN-scoped grant never matches there",
  },
];
