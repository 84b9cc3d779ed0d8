import { type ExplainInput, type Explanation, InternalError, InvalidInputError, NotS3BackendError } from "@tfwhy/core";
import { type RecursiveReport, renderRecursiveJson, renderRecursiveText } from "@tfwhy/reporter";
import { Ajv2020 } from "ajv/dist/2020.js";
import { describe, expect, it } from "vitest";
import explainSchema from "../../reporter/schema/explain.schema.json" with { type: "json" };
import recursiveSchema from "../../reporter/schema/recursive.schema.json" with { type: "json" };
import { imdsDisabled, seedIncident } from "../../reporter/test/fixtures/index.js";
import { ExitCode } from "../src/exit-codes.js";
import { main } from "../src/main.js";
import { createFakeIo, type FakeIoSpec } from "./fake-io.js";

const S3 = 'terraform {\n  backend "s3" {}\n}\n';

/** A repository: four S3 root modules (one .tf.json), other backends, and directories that must be skipped. */
const files: Record<string, string> = {
  "/repo/infra/dev/main.tf": S3,
  "/repo/infra/dev/env/backend.hcl": 'bucket = "b"\n',
  "/repo/infra/prod/main.tf": S3,
  "/repo/infra/prod/modules/vpc/main.tf": 'variable "cidr" {}\n',
  "/repo/json/main.tf.json": '{ "terraform": { "backend": { "s3": { "bucket": "b" } } } }',
  "/repo/main.tf": "terraform {\n  backend s3 {\n  }\n}\n",
  "/repo/local/main.tf": 'terraform {\n  backend "local" {}\n}\n',
  "/repo/commented/main.tf": '# backend "s3" {}\nterraform {\n  backend "local" {}\n}\n',
  "/repo/.terraform/modules/x/main.tf": S3,
  "/repo/.git/objects/main.tf": S3,
  "/repo/node_modules/pkg/main.tf": S3,
  "/repo/notes/main.tf.bak": S3,
  "/repo/notes/.hidden.tf": S3,
  "/home/user/.aws/credentials": "[default]\n",
};

/** The explanation for each module dir; commented/ really uses the local backend, as core finds. */
function explainByDir(input: ExplainInput): Explanation | Error {
  if (input.dir === "/repo/commented")
    return new NotS3BackendError('backend "local" is not the s3 backend', { kind: "backend", type: "local" }, null);
  if (input.dir === "/repo/infra/prod") return imdsDisabled;
  return { ...seedIncident, dir: input.dir };
}

async function run(spec: Partial<FakeIoSpec> & { argv: readonly string[] }) {
  const fake = createFakeIo({ files, cwd: "/repo", explain: explainByDir, ...spec });
  const code = await main(fake.io);
  return { code, ...fake, out: fake.stdout(), err: fake.stderr() };
}

describe("tfwhy explain --recursive", () => {
  it("explains every S3 root module in path order, skipping other backends, hidden dirs and node_modules", async () => {
    const { calls, out } = await run({ argv: ["explain", "--recursive", ".", "--json"] });
    expect(calls.map((c) => c.input.dir)).toEqual([
      "/repo",
      "/repo/commented",
      "/repo/infra/dev",
      "/repo/infra/prod",
      "/repo/json",
    ]);
    const report = JSON.parse(out) as RecursiveReport;
    expect(report.root).toBe("/repo");
    expect(report.modules.map((m) => m.dir)).toEqual([".", "infra/dev", "infra/prod", "json"]);
  });

  it("explains each module in its own world: Terraform's working directory is the module", async () => {
    const { calls } = await run({
      argv: ["explain", "--recursive", "infra", "--home", "/home/user", "--no-env"],
      env: { AWS_PROFILE: "x" },
    });
    expect(calls.map((c) => [c.world.cwd, c.world.homeDir, c.world.env])).toEqual([
      ["/repo/infra/dev", "/home/user", {}],
      ["/repo/infra/prod", "/home/user", {}],
    ]);
  });

  it("applies a relative -backend-config file where the module has it, KEY=VALUE everywhere", async () => {
    const { calls, out } = await run({
      argv: [
        "explain",
        "--recursive",
        "infra",
        "-backend-config=env/backend.hcl",
        "-backend-config=region=eu-west-1",
        "--json",
      ],
    });
    expect(calls.map((c) => c.input)).toEqual([
      { dir: "/repo/infra/dev", backendConfig: ["/repo/infra/dev/env/backend.hcl", "region=eu-west-1"] },
      { dir: "/repo/infra/prod", backendConfig: ["region=eu-west-1"] },
    ]);
    const report = JSON.parse(out) as RecursiveReport;
    expect(report.modules.map((m) => m.backendConfigFiles)).toEqual([["env/backend.hcl"], []]);
  });

  it("prints JSON valid against recursive.schema.json, and text with one section per module", async () => {
    const json = await run({ argv: ["explain", "--recursive", ".", "--format", "json"] });
    const ajv = new Ajv2020({ strict: true, allowUnionTypes: true });
    ajv.addSchema(explainSchema);
    expect(ajv.validate(recursiveSchema, JSON.parse(json.out)), ajv.errorsText()).toBe(true);
    const text = await run({ argv: ["explain", "--recursive", "."] });
    expect(text.out).toBe(renderRecursiveText(JSON.parse(json.out) as RecursiveReport, { color: false }));
  });

  it("reports a module that cannot be read in place, explains the others, and exits 2", async () => {
    const explain = (input: ExplainInput) =>
      input.dir === "/repo/json"
        ? new InvalidInputError("Unclosed configuration block", {
            file: "main.tf.json",
            path: "/repo/json/main.tf.json",
            line: 1,
          })
        : explainByDir(input);
    const { code, out, err } = await run({ argv: ["explain", "--recursive", ".", "--json"], explain });
    expect(err).toBe("");
    expect(code).toBe(ExitCode.Usage);
    const report = JSON.parse(out) as RecursiveReport;
    expect(report.modules.find((m) => m.dir === "json")).toEqual({
      dir: "json",
      backendConfigFiles: [],
      error: {
        kind: "invalid-input",
        message: "main.tf.json:1: Unclosed configuration block",
        at: { file: "main.tf.json", path: "/repo/json/main.tf.json", line: 1 },
      },
    });
    expect(report.modules.filter((m) => "explanation" in m)).toHaveLength(3);
  });

  it("reports a bug in one module as an internal error there, and exits 3", async () => {
    const explain = (input: ExplainInput) =>
      input.dir === "/repo" ? new InternalError("walk failed") : explainByDir(input);
    const { code, out } = await run({ argv: ["explain", "--recursive", ".", "--json"], explain });
    expect(code).toBe(ExitCode.Internal);
    expect((JSON.parse(out) as RecursiveReport).modules[0]).toMatchObject({
      dir: ".",
      error: { kind: "internal", message: "internal error: walk failed" },
    });
  });

  it.each<[string, string[], (input: ExplainInput) => Explanation | Error, ExitCode]>([
    ["all modules resolve", ["infra/dev"], explainByDir, ExitCode.Ok],
    ["Terraform fails in one", ["infra"], explainByDir, ExitCode.TerraformFails],
    ["a warning and --fail-on warning", ["infra/dev", "--fail-on", "warning"], explainByDir, ExitCode.TerraformFails],
    ["a warning and --fail-on error", ["infra/dev", "--fail-on", "error"], explainByDir, ExitCode.Ok],
  ])("exit code when %s", async (_name, flags, explain, expected) => {
    const [dir, ...rest] = flags;
    const { code } = await run({ argv: ["explain", "--recursive", dir!, ...rest], explain });
    expect(code).toBe(expected);
  });

  it.each<[string, string[], string]>([
    [
      "no S3 module under DIR",
      ["--recursive", "local"],
      'tfwhy: --recursive local: no root module with a backend "s3" block found',
    ],
    [
      "only other backends after all",
      ["--recursive", "commented"],
      'tfwhy: --recursive commented: no root module with a backend "s3" block found (the candidates use other backends)',
    ],
    ["a missing DIR", ["--recursive", "nope"], "tfwhy: --recursive nope: no such directory"],
    [
      "a relative -backend-config in no module",
      ["--recursive", "infra", "-backend-config=env/prod.hcl"],
      "tfwhy: -backend-config=env/prod.hcl: no such file in any of the 2 root modules found",
    ],
    [
      "a missing absolute -backend-config",
      ["--recursive", "infra", "-backend-config=/etc/b.hcl"],
      "tfwhy: -backend-config=/etc/b.hcl: no such file",
    ],
  ])("exits 2 with one line on %s", async (_name, flags, message) => {
    const { code, out, err } = await run({ argv: ["explain", ...flags] });
    expect(code).toBe(ExitCode.Usage);
    expect(out).toBe("");
    expect(err.split("\n")[0]).toBe(message);
    expect(err.trimEnd().split("\n")).toHaveLength(2);
  });

  it("writes the combined report to --output", async () => {
    const { out, written } = await run({ argv: ["explain", "--recursive", ".", "--json", "--output", "/repo/r.json"] });
    expect(out).toBe("");
    const report = JSON.parse(written.get("/repo/r.json")!) as RecursiveReport;
    expect(written.get("/repo/r.json")).toBe(renderRecursiveJson(report));
  });

  it("explains at most four modules at once", async () => {
    const many = Object.fromEntries(
      Array.from({ length: 12 }, (_, i) => [`/repo/m${String(i).padStart(2, "0")}/main.tf`, S3]),
    );
    const fake = createFakeIo({ argv: ["explain", "--recursive", "/repo", "--json"], files: many, cwd: "/repo" });
    let running = 0;
    let peak = 0;
    const io = {
      ...fake.io,
      explain: async (input: ExplainInput) => {
        running++;
        peak = Math.max(peak, running);
        await new Promise((resolve) => setTimeout(resolve, 5));
        running--;
        return { ...seedIncident, dir: input.dir };
      },
    };
    expect(await main(io)).toBe(ExitCode.Ok);
    expect(peak).toBe(4);
    expect((JSON.parse(fake.stdout()) as RecursiveReport).modules.map((m) => m.dir)).toEqual(
      Object.keys(many).map((f) => f.slice(6, 9)),
    );
  });

  describe("progress", () => {
    it("draws a counter on stderr when it is a terminal, and clears it", async () => {
      const { err, out } = await run({ argv: ["explain", "--recursive", "infra", "--json"], stderrIsTTY: true });
      expect(err).toBe("\rexplained 0/2\rexplained 1/2\rexplained 2/2\r             \r");
      expect(out).not.toContain("explained");
    });

    it("stays silent when stderr is not a terminal", async () => {
      const { err } = await run({
        argv: ["explain", "--recursive", "infra", "--json"],
        stderrIsTTY: false,
        stdoutIsTTY: true,
      });
      expect(err).toBe("");
    });
  });
});
