/**
 * Workspaces: which S3 keys, lockfile and DynamoDB LockID real Terraform 1.11.4 uses for a workspace, and what it
 * does with TF_WORKSPACE / `.terraform/environment` naming a workspace that does not exist or an invalid name.
 * Observed against moto on loopback through the same harness as conformance.test.ts (moto_server.py logs the
 * ListObjectsV2 `prefix` and the DynamoDB `LockID`). Each case asserts Terraform's behaviour; where TF_WORKSPACE
 * selects the workspace, tfwhy's answer is held against it too (the state object init read, or the invalid-name
 * error). Findings: conformance/FINDINGS.md section 6.
 *
 * Go functions cited (hashicorp/terraform v1.11.4): internal/command/meta.go `Workspace`, `WorkspaceOverridden`,
 * `SetWorkspace`, `errInvalidWorkspaceNameEnvVar`; internal/command/workspace_command.go `validWorkspaceName`;
 * internal/command/meta_backend.go `selectWorkspace` (called from `backend_C_r_s` only when `opts.Init`);
 * internal/backend/remote-state/s3/backend_state.go `Workspaces`, `keyEnv`, `StateMgr`, `path`, `getLockFilePath`.
 */
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, type ExpectStatic, test } from "vitest";
import {
  createNodeWorld,
  type Explanation,
  explainCredentials,
  InvalidInputError,
} from "../packages/core/src/index.js";
import { missingPrerequisite } from "./harness/prereqs.js";
import type { PreparedScenario } from "./harness/run-terraform.js";
import { cleanupScenarioDirs, observeScenario } from "./harness/run-terraform.js";
import { ServerPool } from "./harness/server.js";
import type { CommandObservation, Scenario } from "./harness/types.js";
import { key } from "./scenario-kit.js";

const KEY = "conformance/terraform.tfstate"; // the harness's backend `key`
const STATE = JSON.stringify({ version: 4, terraform_version: "1.11.4", serial: 1, lineage: "ws", outputs: {} });
const CREDS = { AWS_ACCESS_KEY_ID: key("WSP1"), AWS_SECRET_ACCESS_KEY: "secret-WSP1" };
const LOCKS = 'use_lockfile = true\ndynamodb_table = "locks"';
/** A state object, so the workspace exists (is listed by `Workspaces`). */
const existing = (...keys: string[]) => ({ objects: keys.map((k) => ({ key: k, body: STATE })), tables: ["locks"] });

/** What one command did in the bucket and the lock table. Keys are object keys (without `/tfstate/`). */
function touched(c: CommandObservation) {
  const s3 = c.requests.filter((r) => r.service === "s3");
  const keysOf = (...ops: string[]) => [
    ...new Set(s3.filter((r) => ops.includes(r.operation)).map((r) => (r.path ?? "").replace(/^\/tfstate\//, ""))),
  ];
  const ddb = c.requests.filter((r) => r.service === "dynamodb");
  return {
    listPrefixes: [...new Set(s3.filter((r) => r.operation === "ListObjectsV2").map((r) => r.prefix))],
    read: keysOf("HeadObject", "GetObject"),
    written: keysOf("PutObject"),
    deleted: keysOf("DeleteObject"),
    /** LockIDs of PutItem (lock taken or digest written). */
    ddbPut: [...new Set(ddb.filter((r) => r.operation === "PutItem").map((r) => r.lockId))],
    /** Every LockID read, written or deleted. */
    ddbAll: [...new Set(ddb.map((r) => r.lockId))],
    /** S3 operations on objects, in order, as `Op key` (to see Lock -> Get -> Put -> Unlock). */
    sequence: s3.filter((r) => r.operation !== "ListObjectsV2").map((r) => `${r.operation} ${r.path ?? ""}`),
  };
}

/** The paths Terraform uses for workspace `ws` under workspace_key_prefix `prefix` (backend_state.go `path`). */
function pathsFor(prefix: string, ws: string) {
  const state = prefix === "" ? `${ws}/${KEY}` : `${prefix}/${ws}/${KEY}`;
  return { state, lockfile: `${state}.tflock`, lockId: `tfstate/${state}`, digest: `tfstate/${state}-md5` };
}

interface Case {
  readonly scenario: Scenario;
  readonly check: (commands: readonly CommandObservation[], module: string, expect: ExpectStatic) => void;
}

/** init then plan for an existing workspace, with both locks: only that workspace's paths are touched. */
function existingWorkspaceCase(name: string, prefix: string | undefined, rule: string): Case {
  const p = pathsFor(prefix ?? "env:", "staging");
  return {
    scenario: {
      name,
      rule,
      backend: prefix === undefined ? LOCKS : `${LOCKS}\nworkspace_key_prefix = "${prefix}"`,
      env: { ...CREDS, TF_WORKSPACE: "staging" },
      moto: existing(p.state),
      commands: ["init", "plan"],
    },
    check: ([init, plan], module, expect) => {
      expect(init?.exitCode).toBe(0);
      expect(plan?.exitCode).toBe(0);
      const i = touched(init as CommandObservation);
      expect(i.listPrefixes).toEqual([prefix === undefined ? "env:/" : prefix === "" ? "" : `${prefix}/`]);
      expect(i.read).toEqual([p.state]);
      expect(i.written).toEqual([]); // init reads the workspace's state, takes no lock, writes nothing
      expect(i.ddbAll).toEqual([p.digest]);
      const q = touched(plan as CommandObservation);
      expect(q.read).toEqual([p.state, p.lockfile]);
      expect(q.written).toEqual([p.lockfile]);
      expect(q.deleted).toEqual([p.lockfile]);
      expect(q.ddbPut).toEqual([p.lockId]);
      expect(q.ddbAll.sort()).toEqual([p.lockId, p.digest].sort());
      // selectWorkspace found the workspace: .terraform/environment is not written
      expect(existsSync(join(module, ".terraform", "environment"))).toBe(false);
    },
  };
}

const envFile = (module: string) => readFileSync(join(module, ".terraform", "environment"), "utf8");
const RULE = "terraform";

const cases: Case[] = [
  // 1. default workspace_key_prefix
  existingWorkspaceCase(
    "ws-tf-workspace-default-prefix",
    undefined,
    `${RULE} backend_state.go path: TF_WORKSPACE=staging -> env:/staging/<key> (+ .tflock), LockID <bucket>/<that>`,
  ),
  // 2. custom and empty prefix
  existingWorkspaceCase(
    "ws-tf-workspace-prefix-ws",
    "ws",
    `${RULE} backend_state.go path: prefix "ws" -> ws/staging/<key>`,
  ),
  existingWorkspaceCase(
    "ws-tf-workspace-prefix-empty",
    "",
    `${RULE} Configure stringAttrDefault: workspace_key_prefix = "" is kept (not the default) -> staging/<key>`,
  ),
  // 3. .terraform/environment, trailing newline, TF_WORKSPACE overriding it
  {
    scenario: {
      name: "ws-environment-file-trailing-newline",
      rule: `${RULE} meta.go WorkspaceOverridden: .terraform/environment is read with bytes.TrimSpace`,
      backend: "use_lockfile = true",
      env: CREDS,
      files: { "module/.terraform/environment": "staging\n" },
      moto: existing(pathsFor("env:", "staging").state),
      commands: ["init", "plan"],
    },
    check: ([init, plan], module, expect) => {
      const p = pathsFor("env:", "staging");
      expect(init?.exitCode).toBe(0);
      expect(plan?.exitCode).toBe(0);
      expect(touched(init as CommandObservation).read).toEqual([p.state]);
      expect(touched(plan as CommandObservation).written).toEqual([p.lockfile]);
      expect(envFile(module)).toBe("staging\n"); // left as written
    },
  },
  {
    scenario: {
      name: "ws-tf-workspace-overrides-environment-file",
      rule: `${RULE} meta.go WorkspaceOverridden: a non-empty TF_WORKSPACE beats .terraform/environment`,
      backend: "use_lockfile = true",
      env: { ...CREDS, TF_WORKSPACE: "prod" },
      files: { "module/.terraform/environment": "staging\n" },
      moto: existing(pathsFor("env:", "staging").state, pathsFor("env:", "prod").state),
      commands: ["init", "plan"],
    },
    check: ([init, plan], module, expect) => {
      const p = pathsFor("env:", "prod");
      expect(init?.exitCode).toBe(0);
      expect(plan?.exitCode).toBe(0);
      expect(touched(init as CommandObservation).read).toEqual([p.state]);
      expect(touched(plan as CommandObservation).read).toEqual([p.state, p.lockfile]);
      expect(touched(plan as CommandObservation).written).toEqual([p.lockfile]);
      expect(envFile(module)).toBe("staging\n");
    },
  },
  // 4. a workspace that does not exist yet
  {
    scenario: {
      name: "ws-missing-tf-workspace-only-default-exists",
      rule: `${RULE} selectWorkspace: single workspace -> SetWorkspace(default); init's StateMgr(staging) creates it`,
      backend: 'use_lockfile = true\ndynamodb_table = "locks"',
      env: { ...CREDS, TF_WORKSPACE: "staging" },
      moto: { tables: ["locks"] },
      commands: ["init", "plan"],
    },
    check: ([init, plan], module, expect) => {
      const p = pathsFor("env:", "staging");
      expect(init?.exitCode).toBe(0);
      expect(init?.errors).toEqual([]);
      const i = touched(init as CommandObservation);
      expect(i.written).toEqual([p.lockfile, p.state]); // init WRITES an empty state for staging
      expect(i.ddbPut).toEqual([p.lockId, p.digest]);
      expect(i.sequence.filter((s) => !s.startsWith("HeadObject"))).toEqual([
        `PutObject /tfstate/${p.lockfile}`,
        `PutObject /tfstate/${p.state}`,
        `GetObject /tfstate/${p.lockfile}`,
        `DeleteObject /tfstate/${p.lockfile}`,
        `GetObject /tfstate/${p.state}`,
      ]);
      // selectWorkspace auto-selected the only listed workspace: the file says default, TF_WORKSPACE still wins
      expect(envFile(module)).toBe("default");
      expect(plan?.exitCode).toBe(0);
      expect(touched(plan as CommandObservation).written).toEqual([p.lockfile]); // now it exists: no second create
    },
  },
  {
    scenario: {
      name: "ws-missing-tf-workspace-other-workspaces-exist",
      rule: `${RULE} selectWorkspace: !m.input -> "Currently selected workspace %q does not exist"`,
      env: { ...CREDS, TF_WORKSPACE: "staging" },
      moto: existing(pathsFor("env:", "prod").state),
      commands: ["init"],
    },
    check: ([init], module, expect) => {
      expect(init?.exitCode).toBe(1);
      expect(init?.errors[0]?.summary).toBe('Currently selected workspace "staging" does not exist');
      const i = touched(init as CommandObservation);
      expect(i.listPrefixes).toEqual(["env:/"]);
      expect(i.sequence).toEqual([]); // fails after the listing: nothing read or written
      expect(existsSync(join(module, ".terraform", "environment"))).toBe(false);
    },
  },
  {
    scenario: {
      name: "ws-missing-environment-file-other-workspaces-exist",
      rule: `${RULE} selectWorkspace: same error when .terraform/environment names a missing workspace`,
      env: CREDS,
      files: { "module/.terraform/environment": "staging\n" },
      moto: existing(pathsFor("env:", "prod").state),
      commands: ["init"],
    },
    check: ([init], module, expect) => {
      expect(init?.exitCode).toBe(1);
      expect(init?.errors[0]?.summary).toBe('Currently selected workspace "staging" does not exist');
      expect(envFile(module)).toBe("staging\n");
    },
  },
  {
    scenario: {
      name: "ws-missing-environment-file-only-default-exists",
      rule: `${RULE} selectWorkspace: single workspace -> init rewrites .terraform/environment to default`,
      backend: "use_lockfile = true",
      env: CREDS,
      files: { "module/.terraform/environment": "staging\n" },
      commands: ["init", "plan"],
    },
    check: ([init, plan], module, expect) => {
      expect(init?.exitCode).toBe(0);
      expect(envFile(module)).toBe("default"); // silently switched to default
      expect(touched(init as CommandObservation).written).toEqual([]);
      expect(plan?.exitCode).toBe(0);
      expect(touched(plan as CommandObservation).written).toEqual([`${KEY}.tflock`]);
    },
  },
  {
    scenario: {
      name: "ws-missing-tf-workspace-at-plan",
      rule: `${RULE} StateMgr: plan (no selectWorkspace) creates a missing workspace: Lock -> Get -> Put -> Unlock`,
      backend: "use_lockfile = true",
      moto: existing(pathsFor("env:", "prod").state),
      commands: [
        { command: "init", env: { ...CREDS, TF_WORKSPACE: "prod" } },
        { command: "plan", env: { ...CREDS, TF_WORKSPACE: "nightly" } },
      ],
    },
    check: ([init, plan], _module, expect) => {
      const p = pathsFor("env:", "nightly");
      expect(init?.exitCode).toBe(0);
      expect(plan?.exitCode).toBe(0);
      expect(plan?.errors).toEqual([]);
      const q = touched(plan as CommandObservation);
      expect(q.written).toEqual([p.lockfile, p.state]);
      expect(q.sequence).toEqual([
        // StateMgr's create, under its own lock (operation "init")
        `PutObject /tfstate/${p.lockfile}`,
        `HeadObject /tfstate/${p.state}`,
        `HeadObject /tfstate/${p.state}`,
        `PutObject /tfstate/${p.state}`,
        `GetObject /tfstate/${p.lockfile}`,
        `DeleteObject /tfstate/${p.lockfile}`,
        // then plan's own lock and read
        `PutObject /tfstate/${p.lockfile}`,
        `HeadObject /tfstate/${p.state}`,
        `GetObject /tfstate/${p.state}`,
        `GetObject /tfstate/${p.lockfile}`,
        `DeleteObject /tfstate/${p.lockfile}`,
      ]);
    },
  },
  // 5. invalid TF_WORKSPACE
  ...["a/b", "a b"].map(
    (ws): Case => ({
      scenario: {
        name: `ws-invalid-tf-workspace-${ws === "a/b" ? "slash" : "space"}`,
        rule: `${RULE} meta.go Workspace: validWorkspaceName (name == url.PathEscape(name)) fails`,
        // init with the bad name; then a clean init and plan with the bad name
        commands: [
          { command: "init", env: { ...CREDS, TF_WORKSPACE: ws } },
          { command: "init", env: CREDS },
          { command: "plan", env: { ...CREDS, TF_WORKSPACE: ws } },
        ],
      },
      check: ([init, clean, plan], _module, expect) => {
        expect(clean?.exitCode).toBe(0);
        for (const c of [init, plan]) {
          expect(c?.exitCode).toBe(1);
          expect(c?.errors).toEqual([{ summary: "Invalid workspace name set using TF_WORKSPACE", detail: "" }]);
        }
        expect(touched(init as CommandObservation).listPrefixes).toEqual([]); // fails before listing workspaces
      },
    }),
  ),
  {
    scenario: {
      name: "ws-environment-file-invalid-name-not-validated",
      rule: `${RULE} meta.go Workspace: validWorkspaceName only checks TF_WORKSPACE, not .terraform/environment`,
      backend: "use_lockfile = true",
      env: CREDS,
      files: { "module/.terraform/environment": "a b\n" },
      moto: existing(pathsFor("env:", "a b").state),
      commands: ["init", "plan"],
    },
    check: ([init, plan], _module, expect) => {
      const p = pathsFor("env:", "a b");
      expect(init?.exitCode).toBe(0);
      expect(plan?.exitCode).toBe(0);
      expect(touched(init as CommandObservation).read).toEqual([p.state]);
      expect(touched(plan as CommandObservation).written).toEqual([p.lockfile]);
    },
  },
  {
    scenario: {
      name: "ws-prefix-trailing-slash-invalid",
      rule: `${RULE} PrepareConfig validateStringS3Path: workspace_key_prefix must not start or end with "/"`,
      backend: 'workspace_key_prefix = "ws/"',
      env: { ...CREDS, TF_WORKSPACE: "staging" },
      commands: ["init"],
    },
    check: ([init], _module, expect) => {
      expect(init?.exitCode).toBe(1);
      expect(init?.errors[0]?.summary).toBe("Invalid Value");
      expect(init?.output).toContain('The value must not start or end with "/"');
      expect(init?.requests.filter((r) => r.service === "s3")).toEqual([]);
    },
  },
];

const missing = missingPrerequisite();

describe.skipIf(missing !== null)("workspaces with Terraform 1.11 + moto", () => {
  let pool: ServerPool;
  beforeAll(async () => {
    pool = await ServerPool.start(3);
  });
  afterAll(async () => {
    await pool?.stop();
    cleanupScenarioDirs(process.env["TFWHY_CONFORMANCE_KEEP"] === "1");
  });

  test.concurrent.for(cases.map((c) => [c.scenario.name, c] as const))("%s", async ([, c], { expect }) => {
    const { observation, prepared } = await pool.with((server) => observeScenario(c.scenario, server));
    c.check(observation.commands, prepared.module, expect);
    const [init] = observation.commands;
    // TF_WORKSPACE is read afresh by every command; .terraform/environment may have been rewritten by init, so
    // only the TF_WORKSPACE cases are compared with tfwhy after the fact.
    if (!init || !c.scenario.env?.["TF_WORKSPACE"]) return;
    const predicted = await explainAfter(prepared);
    if (init.exitCode === 0) {
      expect(predicted).not.toBeInstanceOf(Error);
      const statePath = (predicted as Explanation).workspace.statePath;
      expect(touched(init).read).toContain(statePath);
    } else if (init.errors[0]?.summary === "Invalid workspace name set using TF_WORKSPACE") {
      expect(predicted).toBeInstanceOf(InvalidInputError);
      expect((predicted as Error).message).toMatch(/^Invalid workspace name set using TF_WORKSPACE/);
    }
  });
});

/** tfwhy's explanation for the scenario's module and environment, or the error it threw. */
async function explainAfter(prepared: PreparedScenario): Promise<Explanation | Error> {
  const world = createNodeWorld({ env: { ...prepared.lastEnv }, homeDir: prepared.home, cwd: prepared.module });
  try {
    return await explainCredentials({ dir: prepared.module, backendConfig: [...prepared.backendConfig] }, world);
  } catch (error) {
    return error as Error;
  }
}
