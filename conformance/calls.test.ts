/**
 * The call model (packages/core/src/calls/terraform-calls.ts `terraformCalls`) held against real Terraform 1.11.4:
 * for each configuration — lock mode (none, dynamodb_table, use_lockfile, both) × the selected workspace's state
 * object missing or existing × the default workspace or TF_WORKSPACE=staging, plus workspace_key_prefix variants —
 * `init` then `plan` run against moto on loopback, and each command's S3/DynamoDB request log must equal the
 * model's calls for that command.
 *
 * What is compared, per command: the ordered list of (service, operation, resource) tuples, where resource is the
 * object key without the `/tfstate/` bucket path (HeadObject, GetObject, PutObject, DeleteObject), the `prefix` of
 * ListObjectsV2, and the `LockID` of DynamoDB GetItem/PutItem/DeleteItem. STS and any other service are ignored.
 * The order is compared exactly: Terraform makes these calls one after another (no goroutines in client.go or
 * backend_state.go), and repeated runs gave the same order. Also: every request moto answered with 404 is a call the
 * model marks `absent` (HeadObject of a missing state), and every other request succeeded.
 *
 * With TF_WORKSPACE=staging and no state object, `staging` is not listed, so init's `StateMgr` creates it (the only
 * listed workspace is default, so `selectWorkspace` lets it through); plan then finds it existing.
 */
import { afterAll, beforeAll, describe, test } from "vitest";
import { type CallSettings, type TerraformCall, terraformCalls } from "../packages/core/src/calls/terraform-calls.js";
import { missingPrerequisite } from "./harness/prereqs.js";
import { cleanupScenarioDirs, observeScenario } from "./harness/run-terraform.js";
import { ServerPool } from "./harness/server.js";
import type { CommandObservation, RequestRecord, Scenario } from "./harness/types.js";
import { key } from "./scenarios.js";

const BUCKET = "tfstate"; // the harness's backend `bucket` and `key`
const KEY = "conformance/terraform.tfstate";
const STATE = JSON.stringify({ version: 4, terraform_version: "1.11.4", serial: 1, lineage: "calls", outputs: {} });
const CREDS = { AWS_ACCESS_KEY_ID: key("CAL1"), AWS_SECRET_ACCESS_KEY: "secret-CAL1" };

const LOCK_MODES = {
  none: { backend: "", dynamodbTable: null, useLockfile: false },
  dynamodb: { backend: 'dynamodb_table = "locks"', dynamodbTable: "locks", useLockfile: false },
  lockfile: { backend: "use_lockfile = true", dynamodbTable: null, useLockfile: true },
  both: { backend: 'use_lockfile = true\ndynamodb_table = "locks"', dynamodbTable: "locks", useLockfile: true },
} as const;
type LockMode = keyof typeof LOCK_MODES;

interface Config {
  readonly lock: LockMode;
  readonly stateExists: boolean;
  readonly workspace: "default" | "staging";
  /** undefined: not set (Terraform's default "env:"). */
  readonly prefix?: string;
}

/** The model's settings for a configuration (backend_state.go `path`). */
function settingsFor(c: Config): CallSettings {
  const prefix = c.prefix ?? "env:";
  const statePath = c.workspace === "default" ? KEY : [prefix, c.workspace, KEY].filter((p) => p !== "").join("/");
  const { dynamodbTable, useLockfile } = LOCK_MODES[c.lock];
  return { bucket: BUCKET, statePath, workspace: c.workspace, workspaceKeyPrefix: prefix, dynamodbTable, useLockfile };
}

function nameOf(c: Config): string {
  const prefix = c.prefix === undefined ? "" : `-prefix-${c.prefix === "" ? "empty" : c.prefix}`;
  return `calls-${c.lock}-${c.stateExists ? "existing" : "missing"}-${c.workspace}${prefix}`;
}

function scenarioFor(c: Config): Scenario {
  const prefixLine = c.prefix === undefined ? "" : `\nworkspace_key_prefix = "${c.prefix}"`;
  return {
    name: nameOf(c),
    rule: "terraform backend_state.go StateMgr/Workspaces, client.go Get/Put/Lock/Unlock: the calls of init and plan",
    backend: `${LOCK_MODES[c.lock].backend}${prefixLine}`,
    env: c.workspace === "default" ? CREDS : { ...CREDS, TF_WORKSPACE: c.workspace },
    moto: {
      tables: ["locks"],
      objects: c.stateExists ? [{ key: settingsFor(c).statePath, body: STATE }] : [],
    },
    commands: ["init", "plan"],
  };
}

type Tuple = readonly [service: string, operation: string, resource: string];

/** The logged S3/DynamoDB requests of one command as (service, operation, resource) tuples. */
function observedTuples(requests: readonly RequestRecord[]): Tuple[] {
  return callRequests(requests).map((r) => {
    const resource =
      r.service === "dynamodb"
        ? (r.lockId ?? "")
        : r.operation === "ListObjectsV2"
          ? (r.prefix ?? "")
          : (r.path ?? "").replace(/^\/tfstate\//, "");
    return [r.service ?? "", r.operation, resource] as const;
  });
}

const callRequests = (requests: readonly RequestRecord[]) =>
  requests.filter((r) => r.service === "s3" || r.service === "dynamodb");

const modelTuples = (calls: readonly TerraformCall[]): Tuple[] =>
  calls.map((c) => [c.service, c.operation, c.resource] as const);

const configs: Config[] = [];
for (const lock of Object.keys(LOCK_MODES) as LockMode[])
  for (const stateExists of [false, true])
    for (const workspace of ["default", "staging"] as const) configs.push({ lock, stateExists, workspace });
configs.push(
  { lock: "both", stateExists: false, workspace: "staging", prefix: "ws" },
  { lock: "both", stateExists: true, workspace: "staging", prefix: "" },
  { lock: "dynamodb", stateExists: true, workspace: "default", prefix: "ws" },
);

const missing = missingPrerequisite();

describe.skipIf(missing !== null)("Terraform's S3/DynamoDB calls with Terraform 1.11 + moto", () => {
  let pool: ServerPool;
  beforeAll(async () => {
    pool = await ServerPool.start(4);
  });
  afterAll(async () => {
    await pool?.stop();
    cleanupScenarioDirs(process.env["TFWHY_CONFORMANCE_KEEP"] === "1");
  });

  test.concurrent.for(configs.map((c) => [nameOf(c), c] as const))("%s", async ([, c], { expect }) => {
    const { observation } = await pool.with((server) => observeScenario(scenarioFor(c), server));
    const [init, plan] = observation.commands as CommandObservation[];
    const settings = settingsFor(c);
    // init creates a missing named workspace (StateMgr), so plan starts with the state object in place
    const existsAtPlan = c.stateExists || c.workspace !== "default";
    const expected = [
      { observed: init, calls: terraformCalls({ settings, stateExists: c.stateExists, command: "init" }) },
      { observed: plan, calls: terraformCalls({ settings, stateExists: existsAtPlan, command: "plan" }) },
    ];
    for (const { observed, calls } of expected) {
      expect(observed?.exitCode, observed?.output).toBe(0);
      const requests = callRequests(observed?.requests ?? []);
      const log = requests.map((r) => `${r.operation} ${r.status ?? "?"} ${r.error ?? ""}`).join("; ");
      expect(observedTuples(requests), log).toEqual(modelTuples(calls));
      // a 404 only where the model says "absent"; everything else answered 2xx
      requests.forEach((r, i) => {
        if (r.status === 404) expect(calls[i]?.onError).toBe("absent");
        else expect(r.status ?? 0).toBeLessThan(300);
      });
    }
  });
});
