/**
 * Runs one setup the way a pipeline would: verify first, on the freshly seeded server (without, then with write
 * probes, asserting after each that the bucket and the table are exactly as seeded: verify's probes must leave
 * nothing), then real Terraform's commands on a server reset and seeded again (harness observeScenario).
 */
import { spawn } from "node:child_process";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { type CheckId, createNodeWorld, type VerifyReport, verifyBackend } from "../../packages/core/src/index.js";
import { checkCode } from "../../packages/core/src/verify/check-code.js";
import { commandEnv, observeScenario, prepareScenario } from "../harness/run-terraform.js";
import type { TestServer } from "../harness/server.js";
import type { TerraformObservation } from "../harness/types.js";
import type { VerifyCheckView } from "./agreement.js";
import type { VerifySetup } from "./fixtures.js";

const CLI_BIN = fileURLToPath(new URL("../../packages/cli/dist/bin.js", import.meta.url));
export const VERIFY_TIMEOUT_MS = 5000;

/** What verify said, reduced to what the agreement and the report read. */
export interface VerifyRun {
  readonly ok: boolean;
  readonly checks: readonly (VerifyCheckView & { readonly id: string })[];
}

export interface CliRun {
  readonly writeProbe: boolean;
  readonly exitCode: number;
  /** Failing check codes of the JSON report. */
  readonly failing: readonly string[];
  /** The probe.cleanup check's detail ("" when absent). */
  readonly cleanupDetail: string;
}

export interface SetupRun {
  readonly verify: VerifyRun;
  readonly verifyProbe: VerifyRun;
  readonly cli: readonly CliRun[];
  /** Bucket/table contents a verify run changed (none = as seeded). */
  readonly changes: readonly Change[];
  readonly observation: TerraformObservation;
}

interface Contents {
  readonly objects: readonly { readonly bucket: string; readonly key: string }[];
  readonly items: readonly { readonly table: string; readonly item: string }[];
}

async function contents(server: TestServer): Promise<Contents> {
  const res = await fetch(`${server.endpoint}/_harness/contents`);
  if (!res.ok) throw new Error(`/_harness/contents: ${res.status} ${await res.text()}`);
  return (await res.json()) as Contents;
}

/** What a verify run changed: names (`s3://bucket/key`, `dynamodb://table/LockID`) of added and removed entries. */
export interface Change {
  readonly run: string;
  readonly added: readonly string[];
  readonly removed: readonly string[];
}

function nameOf(entry: Contents["objects"][number] | Contents["items"][number]): string {
  if ("key" in entry) return `s3://${entry.bucket}/${entry.key}`;
  const item = JSON.parse(entry.item) as { Attributes?: { LockID?: { S?: string } } };
  return `dynamodb://${entry.table.split("/").pop()}/${item.Attributes?.LockID?.S ?? "?"}`;
}

function diff(run: string, before: Contents, after: Contents): Change | null {
  const entries = (c: Contents) => new Map([...c.objects, ...c.items].map((x) => [JSON.stringify(x), nameOf(x)]));
  const a = entries(before);
  const b = entries(after);
  const added = [...new Set([...b].filter(([k]) => !a.has(k)).map(([, n]) => n))];
  const removed = [...new Set([...a].filter(([k]) => !b.has(k)).map(([, n]) => n))];
  return added.length === 0 && removed.length === 0 ? null : { run, added, removed };
}

function view(report: VerifyReport): VerifyRun {
  return {
    ok: report.ok,
    checks: report.checks.map((c) => ({
      id: c.id,
      code: checkCode(c.id),
      status: c.status,
      title: c.title,
      detail: c.detail,
      ...(c.fix !== null ? { diagnosis: { cause: c.cause ?? "", fix: c.fix } } : {}),
    })),
  };
}

/** `tfwhy verify DIR --format json` as a child process, with the scenario's environment. */
function runCli(
  dir: string,
  backendConfig: readonly string[],
  env: Record<string, string>,
  writeProbe: boolean,
): Promise<CliRun> {
  const argv = [CLI_BIN, "verify", dir, "--format", "json", "--timeout", String(VERIFY_TIMEOUT_MS / 1000)];
  for (const b of backendConfig) argv.push(`-backend-config=${b}`);
  if (writeProbe) argv.push("--write-probe");
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, argv, { cwd: dir, env, stdio: ["ignore", "pipe", "pipe"] });
    let out = "";
    let err = "";
    child.stdout.on("data", (c: Buffer) => (out += c.toString()));
    child.stderr.on("data", (c: Buffer) => (err += c.toString()));
    child.on("error", reject);
    child.on("close", (code) => {
      try {
        const report = JSON.parse(out) as { checks: { id: CheckId; status: string; detail: string }[] };
        const failing = report.checks.filter((c) => c.status === "fail").map((c) => checkCode(c.id));
        const cleanupDetail = report.checks.find((c) => c.id === "probe.cleanup")?.detail ?? "";
        resolve({ writeProbe, exitCode: code ?? -1, failing, cleanupDetail });
      } catch {
        reject(new Error(`tfwhy verify exited ${code} without a JSON report: ${err.slice(0, 500)}`));
      }
    });
  });
}

/** Verify (in-process, without and with probes; the CLI for `viaCli` setups), then Terraform. */
export async function runSetup(setup: VerifySetup, server: TestServer): Promise<SetupRun> {
  const scenario = setup.scenario;
  await server.reset();
  await server.setup(scenario.moto ?? {});
  const prepared = prepareScenario(scenario, server);
  // the environment of Terraform's first command (the pipeline's), as conformance.test.ts predict() uses it
  const first = scenario.commands?.[0];
  const vars = (typeof first === "object" ? first.env : undefined) ?? scenario.env;
  const env = commandEnv(prepared, vars, join(prepared.root, "verify-tf.log"));
  const world = createNodeWorld({ env: { ...env }, homeDir: prepared.home, cwd: prepared.module });
  const input = {
    dir: prepared.module,
    backendConfig: [...prepared.backendConfig],
    timeoutMs: VERIFY_TIMEOUT_MS,
    ...(setup.verifyWorkspace ? { workspace: setup.verifyWorkspace } : {}),
  };
  // each run is compared with the contents just before it, so a leftover is blamed on the run that left it
  let last = await contents(server);
  const changes: Change[] = [];
  const after = async (label: string) => {
    const now = await contents(server);
    const d = diff(label, last, now);
    if (d) changes.push(d);
    last = now;
  };
  const verify = view(await verifyBackend(input, world));
  await after("verify");
  const verifyProbe = view(await verifyBackend({ ...input, writeProbe: true }, world));
  await after("verify --write-probe");
  const cli: CliRun[] = [];
  if (setup.viaCli) {
    for (const writeProbe of [false, true]) {
      cli.push(await runCli(prepared.module, prepared.backendConfig, env, writeProbe));
      await after(`cli${writeProbe ? " --write-probe" : ""}`);
    }
  }
  const { observation } = await observeScenario(scenario, server);
  return { verify, verifyProbe, cli, changes, observation };
}
