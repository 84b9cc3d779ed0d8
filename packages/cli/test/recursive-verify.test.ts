import {
  type AwsPort,
  InternalError,
  InvalidInputError,
  NotS3BackendError,
  type S3Target,
  type VerifyInput,
  type VerifyReport,
  type VerifyWorld,
} from "@tfwhy/core";
import { type RecursiveVerifyReport, renderRecursiveVerifyText } from "@tfwhy/reporter";
import { Ajv2020 } from "ajv/dist/2020.js";
import addFormats from "ajv-formats";
import { describe, expect, it, vi } from "vitest";
import explainSchema from "../../reporter/schema/explain.schema.json" with { type: "json" };
import recursiveVerifySchema from "../../reporter/schema/recursive-verify.schema.json" with { type: "json" };
import verifySchema from "../../reporter/schema/verify.schema.json" with { type: "json" };
import sarifSchema from "../../reporter/test/fixtures/sarif-schema-2.1.0.json" with { type: "json" };
import { seedIncidentFixedVerify, seedIncidentVerify } from "../../reporter/test/fixtures/verify.js";
import { ExitCode } from "../src/exit-codes.js";
import { VERIFY_HELP } from "../src/help.js";
import { main } from "../src/main.js";
import { createFakeIo, type FakeIoSpec } from "./fake-io.js";

const S3 = 'terraform {\n  backend "s3" {}\n}\n';

/** Four S3 root modules (one with env/backend.hcl), another backend, and directories that must be skipped. */
const files: Record<string, string> = {
  "/repo/infra/dev/main.tf": S3,
  "/repo/infra/dev/env/backend.hcl": 'bucket = "b"\n',
  "/repo/infra/prod/main.tf": S3,
  "/repo/infra/stage/main.tf": S3,
  "/repo/main.tf": S3,
  "/repo/local/main.tf": 'terraform {\n  backend "local" {}\n}\n',
  "/repo/.terraform/modules/x/main.tf": S3,
  "/repo/node_modules/pkg/main.tf": S3,
};
const MODULE_DIRS = ["/repo", "/repo/infra/dev", "/repo/infra/prod", "/repo/infra/stage"];

const KEYS = { accessKeyId: "AKIAEXAMPLE000000001", secretAccessKey: "example-secret-not-real" };

/** A verify report for a module: the fixed seed incident (every check passes), moved to `dir`. */
function passingAt(dir: string): VerifyReport {
  return { ...seedIncidentFixedVerify, explanation: { ...seedIncidentFixedVerify.explanation, dir } };
}

/**
 * A stand-in for verifyBackend that makes the calls a real one would through `world.aws`: the identity, the
 * bucket-level reads (the same for every module) and the module's own state key.
 */
async function verifyThroughPort(input: VerifyInput, world: VerifyWorld): Promise<VerifyReport> {
  const aws = world.aws!;
  const target: S3Target = {
    region: "eu-west-1",
    maxAttempts: 5,
    timeoutMs: 5000,
    credentials: KEYS,
    forcePathStyle: false,
    ...(input.signal ? { signal: input.signal } : {}),
  };
  await aws.getCallerIdentity(target);
  await aws.headBucket(target, "state");
  await aws.getBucketPolicy(target, "state");
  await aws.headObject(target, { bucket: "state", key: `${input.dir}/terraform.tfstate` });
  await aws.describeTable(target, "locks");
  if (input.writeProbe) {
    await aws.putObject(target, {
      bucket: "state",
      key: `${input.dir}/terraform.tfstate.tfwhy-probe-1`,
      body: "{}",
      checksumSha256: true,
    });
    await aws.deleteObject(target, { bucket: "state", key: `${input.dir}/terraform.tfstate.tfwhy-probe-1` });
  }
  return passingAt(input.dir);
}

/** A fake AWS port that counts the calls that reach it, per method. */
function countingPort() {
  const calls: Record<string, number> = {};
  const answers: Record<string, unknown> = {
    getCallerIdentity: { account: "123456789012", arn: "arn:aws:iam::123456789012:user/ci", userId: "AIDA" },
    headBucket: { region: "eu-west-1" },
    getBucketPolicy: null,
    headObject: { contentLength: 1, lastModified: null, serverSideEncryption: null, kmsKeyId: null },
    describeTable: {
      status: "ACTIVE",
      arn: null,
      keySchema: [{ name: "LockID", keyType: "HASH", attributeType: "S" }],
    },
    putObject: { versionId: null },
  };
  const port = new Proxy({} as AwsPort, {
    get: (_t, name: string) => async () => {
      calls[name] = (calls[name] ?? 0) + 1;
      return answers[name];
    },
  });
  return { port, calls };
}

async function run(spec: Partial<FakeIoSpec> & { argv: readonly string[] }) {
  const fake = createFakeIo({ files, cwd: "/repo", verify: verifyThroughPort, ...spec });
  const code = await main(fake.io);
  return { code, ...fake, out: fake.stdout(), err: fake.stderr() };
}

const schemaAjv = () => {
  const ajv = new Ajv2020({ strict: false });
  addFormats.default(ajv);
  ajv.addSchema(explainSchema);
  ajv.addSchema(verifySchema);
  return ajv;
};

describe("tfwhy verify --recursive", () => {
  it("verifies every S3 root module in path order, each in its own world, with the verify flags", async () => {
    const { port } = countingPort();
    const { code, verifyCalls, verifyWorlds, out } = await run({
      argv: ["verify", "--recursive", ".", "--json", "--timeout", "2", "--home", "/home/u"],
      files: { ...files, "/home/u/.aws/config": "" },
      aws: port,
    });
    expect(code).toBe(ExitCode.Ok);
    expect(verifyCalls.map((c) => c.dir).sort()).toEqual(MODULE_DIRS);
    for (const call of verifyCalls)
      expect(call).toMatchObject({ writeProbe: false, timeoutMs: 2000, signal: expect.any(AbortSignal) });
    expect(verifyWorlds.map((w) => [w.cwd, w.homeDir]).sort()).toEqual(MODULE_DIRS.map((dir) => [dir, "/home/u"]));
    const report = JSON.parse(out) as RecursiveVerifyReport;
    expect(report.root).toBe("/repo");
    expect(report.modules.map((m) => m.dir)).toEqual([".", "infra/dev", "infra/prod", "infra/stage"]);
  });

  it("gives every module the same deduping port over io.aws: shared reads are sent once, each state key is read", async () => {
    const { port, calls } = countingPort();
    const { verifyWorlds, out } = await run({ argv: ["verify", "--recursive", ".", "--json"], aws: port });
    const ports = new Set(verifyWorlds.map((w) => w.aws));
    expect(ports.size).toBe(1);
    expect([...ports][0]).not.toBe(port);
    expect(calls).toEqual({ getCallerIdentity: 1, headBucket: 1, getBucketPolicy: 1, describeTable: 1, headObject: 4 });
    // 4 modules × 4 shared calls, of which 4 were sent: 12 saved.
    expect((JSON.parse(out) as RecursiveVerifyReport).dedupedCalls).toBe(12);
  });

  it("never shares write probes: --write-probe reaches every module, and each module's PutObject/DeleteObject is sent", async () => {
    const { port, calls } = countingPort();
    const { verifyCalls } = await run({ argv: ["verify", "--recursive", ".", "--write-probe", "--json"], aws: port });
    expect(verifyCalls.every((c) => c.writeProbe === true)).toBe(true);
    expect(calls).toMatchObject({ putObject: 4, deleteObject: 4, getCallerIdentity: 1 });
  });

  it("applies a relative -backend-config file where the module has it, KEY=VALUE everywhere", async () => {
    const { verifyCalls, out } = await run({
      argv: [
        "verify",
        "--recursive",
        "infra",
        "-backend-config=env/backend.hcl",
        "-backend-config=region=eu-west-1",
        "--json",
      ],
      aws: countingPort().port,
    });
    const byDir = Object.fromEntries(verifyCalls.map((c) => [c.dir, c.backendConfig]));
    expect(byDir).toEqual({
      "/repo/infra/dev": ["/repo/infra/dev/env/backend.hcl", "region=eu-west-1"],
      "/repo/infra/prod": ["region=eu-west-1"],
      "/repo/infra/stage": ["region=eu-west-1"],
    });
    expect((JSON.parse(out) as RecursiveVerifyReport).modules.map((m) => m.backendConfigFiles)).toEqual([
      ["env/backend.hcl"],
      [],
      [],
    ]);
  });

  it("prints JSON valid against recursive-verify.schema.json, and text with one section per module and the savings", async () => {
    const json = await run({ argv: ["verify", "--recursive", ".", "--format", "json"], aws: countingPort().port });
    const ajv = schemaAjv();
    const document = JSON.parse(json.out) as RecursiveVerifyReport;
    expect(ajv.validate(recursiveVerifySchema, document), ajv.errorsText()).toBe(true);
    const text = await run({ argv: ["verify", "--recursive", "."], aws: countingPort().port });
    expect(text.out).toBe(renderRecursiveVerifyText(document, { color: false }));
    // The summary line follows the table, before any detail.
    expect(text.out.split("\n")).toContain(
      "4 root modules under /repo: 4 verified; checks: 24 passed, 0 failed, 0 warnings, 0 not checked; 12 identical AWS calls saved by deduplication",
    );
  });

  it("prints Markdown with a row per module, and valid SARIF with a result per failed check, prefixed with the module", async () => {
    const verify = (input: VerifyInput, world: VerifyWorld) =>
      input.dir === "/repo/infra/prod"
        ? { ...seedIncidentVerify, explanation: { ...seedIncidentVerify.explanation, dir: input.dir } }
        : verifyThroughPort(input, world);
    const markdown = await run({
      argv: ["verify", "--recursive", ".", "--format", "markdown"],
      verify,
      aws: countingPort().port,
    });
    expect(markdown.out.split("\n").filter((l) => l.startsWith("| `"))).toHaveLength(4);
    expect(markdown.out).toContain("**❌ Verification failed in 1 of 4.**");
    const sarif = await run({
      argv: ["verify", "--recursive", ".", "--format", "sarif"],
      verify,
      aws: countingPort().port,
    });
    const ajv = new Ajv2020({ strict: false });
    addFormats.default(ajv);
    const log = JSON.parse(sarif.out) as { runs: { results: { ruleId: string; message: { text: string } }[] }[] };
    expect(ajv.validate(sarifSchema, log), ajv.errorsText()).toBe(true);
    expect(log.runs[0]!.results.find((r) => r.ruleId === "verify.s3.state-read")?.message.text).toMatch(
      /^infra\/prod: Read state: /,
    );
  });

  it.each<
    [
      string,
      (input: VerifyInput, world: VerifyWorld) => VerifyReport | Error | Promise<VerifyReport>,
      string[],
      ExitCode,
    ]
  >([
    ["every module passes", verifyThroughPort, [], ExitCode.Ok],
    [
      "a check fails in one",
      (input, world) => (input.dir === "/repo/infra/dev" ? seedIncidentVerify : verifyThroughPort(input, world)),
      [],
      ExitCode.TerraformFails,
    ],
    [
      "a warning and --fail-on warning",
      (input) =>
        input.dir === "/repo"
          ? {
              ...passingAt("/repo"),
              checks: [...seedIncidentFixedVerify.checks, { ...seedIncidentFixedVerify.checks[0]!, status: "warn" }],
            }
          : passingAt(input.dir),
      ["--fail-on", "warning"],
      ExitCode.TerraformFails,
    ],
    [
      "one cannot be read",
      (input, world) =>
        input.dir === "/repo/infra/stage"
          ? new InvalidInputError("Unclosed configuration block")
          : verifyThroughPort(input, world),
      [],
      ExitCode.Usage,
    ],
    [
      "a bug in one",
      (input, world) => (input.dir === "/repo" ? new InternalError("boom") : verifyThroughPort(input, world)),
      [],
      ExitCode.Internal,
    ],
  ])("exit code when %s: the most serious over all modules", async (_name, verify, flags, expected) => {
    const { code, out } = await run({
      argv: ["verify", "--recursive", ".", "--json", ...flags],
      verify,
      aws: countingPort().port,
    });
    expect(code).toBe(expected);
    expect((JSON.parse(out) as RecursiveVerifyReport).modules).toHaveLength(4);
  });

  it("reports a module whose configuration cannot be read in place and drops one core finds using another backend", async () => {
    const verify = (input: VerifyInput, world: VerifyWorld) =>
      input.dir === "/repo/infra/stage"
        ? new InvalidInputError("Unclosed configuration block", {
            file: "main.tf",
            path: "/repo/infra/stage/main.tf",
            line: 3,
          })
        : input.dir === "/repo/infra/prod"
          ? new NotS3BackendError('backend "local" is not the s3 backend', { kind: "backend", type: "local" }, null)
          : verifyThroughPort(input, world);
    const { out, err } = await run({
      argv: ["verify", "--recursive", ".", "--json"],
      verify,
      aws: countingPort().port,
    });
    expect(err).toBe("");
    const report = JSON.parse(out) as RecursiveVerifyReport;
    expect(report.modules.map((m) => m.dir)).toEqual([".", "infra/dev", "infra/stage"]);
    expect(report.modules[2]).toEqual({
      dir: "infra/stage",
      backendConfigFiles: [],
      error: {
        kind: "invalid-input",
        message: "main.tf:3: Unclosed configuration block",
        at: { file: "main.tf", path: "/repo/infra/stage/main.tf", line: 3 },
      },
    });
  });

  it("verifies at most four modules at once", async () => {
    const many = Object.fromEntries(Array.from({ length: 10 }, (_, i) => [`/repo/m${i}/main.tf`, S3]));
    let running = 0;
    let peak = 0;
    const verify = async (input: VerifyInput) => {
      running++;
      peak = Math.max(peak, running);
      await new Promise((resolve) => setTimeout(resolve, 5));
      running--;
      return passingAt(input.dir);
    };
    const { code } = await run({
      argv: ["verify", "--recursive", ".", "--json"],
      files: many,
      verify,
      aws: countingPort().port,
    });
    expect(code).toBe(ExitCode.Ok);
    expect(peak).toBe(4);
  });

  it("Ctrl-C aborts every module's verify (which removes its own probes) and stops listening afterwards", async () => {
    let interrupt: (() => void) | undefined;
    let listening = false;
    const signals: AbortSignal[] = [];
    const verify = async (input: VerifyInput) => {
      signals.push(input.signal!);
      // Each module waits until it is cancelled, as verifyBackend's calls would.
      if (!input.signal!.aborted)
        await new Promise((resolve) => input.signal!.addEventListener("abort", resolve, { once: true }));
      return { ...passingAt(input.dir), ok: false };
    };
    const fake = createFakeIo({
      argv: ["verify", "--recursive", ".", "--json"],
      files,
      cwd: "/repo",
      verify,
      aws: countingPort().port,
    });
    const io = {
      ...fake.io,
      onInterrupt(handler: () => void) {
        interrupt = handler;
        listening = true;
        return () => void (listening = false);
      },
    };
    const done = main(io);
    await vi.waitFor(() => expect(signals).toHaveLength(4));
    interrupt!();
    // A cancelled run exits 130 whatever the modules found.
    expect(await done).toBe(ExitCode.Cancelled);
    expect(new Set(signals).size).toBe(1);
    expect(signals[0]!.aborted).toBe(true);
    expect(fake.stderr()).toContain("tfwhy: interrupted; removing probes…\n");
    expect(listening).toBe(false);
    expect((JSON.parse(fake.stdout()) as RecursiveVerifyReport).modules).toHaveLength(4);
  });

  describe("progress", () => {
    it("draws a `verified n/total` counter on stderr when it is a terminal, and clears it", async () => {
      const { err, out } = await run({
        argv: ["verify", "--recursive", "infra", "--json"],
        stderrIsTTY: true,
        aws: countingPort().port,
      });
      expect(err).toBe("\rverified 0/3\rverified 1/3\rverified 2/3\rverified 3/3\r            \r");
      expect(out).not.toContain("verified 0/3");
    });

    it("stays silent when stderr is not a terminal", async () => {
      const { err } = await run({
        argv: ["verify", "--recursive", "infra", "--json"],
        stderrIsTTY: false,
        stdoutIsTTY: true,
        aws: countingPort().port,
      });
      expect(err).toBe("");
    });
  });

  it("--debug prints the AWS calls sent and deduplicated per operation on stderr", async () => {
    const { err } = await run({
      argv: ["verify", "--recursive", "infra", "--json", "--debug"],
      aws: countingPort().port,
    });
    expect(err).toContain("tfwhy: AWS calls: 7 sent, 8 deduplicated (");
    expect(err).toContain("sts:GetCallerIdentity 1+2");
  });

  it.each<[string, string[], string]>([
    [
      "no S3 module under DIR",
      ["--recursive", "local"],
      'tfwhy: --recursive local: no root module with a backend "s3" block found',
    ],
    ["a missing DIR", ["--recursive", "nope"], "tfwhy: --recursive nope: no such directory"],
    [
      "a relative -backend-config in no module",
      ["--recursive", "infra", "-backend-config=env/prod.hcl"],
      "tfwhy: -backend-config=env/prod.hcl: no such file in any of the 3 root modules found",
    ],
  ])("exits 2 with one line on %s, before any AWS call", async (_name, flags, message) => {
    const { port, calls } = countingPort();
    const { code, out, err, verifyCalls } = await run({ argv: ["verify", ...flags], aws: port });
    expect(code).toBe(ExitCode.Usage);
    expect(out).toBe("");
    expect(err.split("\n")[0]).toBe(message);
    expect(verifyCalls).toEqual([]);
    expect(calls).toEqual({});
  });

  it("--help documents --recursive for verify", () => {
    expect(VERIFY_HELP).toContain("tfwhy verify --recursive DIR [options]");
    expect(VERIFY_HELP).toMatch(/--recursive DIR\s+Verify every root module/);
  });
});
