import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { isValidWorkspaceName } from "@tfwhy/core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { seedIncident } from "../../reporter/test/fixtures/index.js";
import { seedIncidentFixedVerify } from "../../reporter/test/fixtures/verify.js";
import { isWorkspaceName, parseArgs } from "../src/args.js";
import { ExitCode } from "../src/exit-codes.js";
import { main } from "../src/main.js";
import { createFakeIo } from "./fake-io.js";

const DIR = "/work/project";
const files = { [`${DIR}/main.tf`]: 'terraform {\n  backend "s3" {}\n}\n' };

describe("--workspace NAME", () => {
  it("is parsed for explain and verify, in either dash style", () => {
    for (const argv of [
      ["explain", "--workspace", "staging"],
      ["explain", "-workspace=staging"],
      ["verify", "--workspace=staging"],
    ]) {
      const invocation = parseArgs(argv);
      expect(invocation.kind === "explain" || invocation.kind === "verify").toBe(true);
      if (invocation.kind === "explain" || invocation.kind === "verify")
        expect(invocation.args.workspace).toBe("staging");
    }
    const none = parseArgs(["explain"]);
    if (none.kind === "explain") expect(none.args.workspace).toBeUndefined();
  });

  it("rejects an invalid name as a usage error (exit 2), as Terraform rejects TF_WORKSPACE", async () => {
    for (const name of ["a/b", "", "a b", "x?y", "é"]) {
      const fake = createFakeIo({ argv: ["explain", `--workspace=${name}`], cwd: DIR, files, explain: seedIncident });
      expect(await main(fake.io)).toBe(ExitCode.Usage);
      expect(fake.stderr()).toMatch(/^tfwhy: --workspace must be a valid workspace name/);
      expect(fake.calls).toHaveLength(0);
    }
  });

  it("follows core's rule exactly (the CLI keeps its own copy to load no core while parsing)", () => {
    const samples = ["staging", "a-b_c.d~e", "$&+:=@", "..", "a/b", "a;b", "a,b", "a?b", "a b", "a%b", "é", "a\tb"];
    for (const name of samples) expect(isWorkspaceName(name), name).toBe(isValidWorkspaceName(name));
    expect(isWorkspaceName("")).toBe(false);
  });

  it("is passed to explainCredentials and verifyBackend", async () => {
    const explain = createFakeIo({ argv: ["explain", "--workspace", "qa"], cwd: DIR, files, explain: seedIncident });
    await main(explain.io);
    expect(explain.calls[0]?.input).toMatchObject({ dir: DIR, workspace: "qa" });
    const verify = createFakeIo({
      argv: ["verify", "--workspace", "qa"],
      cwd: DIR,
      files,
      verify: seedIncidentFixedVerify,
    });
    await main(verify.io);
    expect(verify.verifyCalls[0]).toMatchObject({ dir: DIR, workspace: "qa" });
  });

  it("is documented in tfwhy --help and tfwhy explain --help", async () => {
    for (const argv of [["--help"], ["explain", "--help"]]) {
      const fake = createFakeIo({ argv, cwd: DIR, files });
      await main(fake.io);
      expect(fake.stdout()).toContain("--workspace NAME");
    }
  });
});

const bin = fileURLToPath(new URL("../dist/bin.js", import.meta.url));

describe.skipIf(!existsSync(bin))("the built tfwhy binary and workspaces", () => {
  let root: string;
  const write = (path: string, text: string) => {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), text);
  };
  const tfwhy = (args: string[], env: Record<string, string> = {}) => {
    const r = spawnSync(process.execPath, ["--", bin, ...args], {
      cwd: root,
      env: { PATH: process.env.PATH ?? "", ...env },
      encoding: "utf8",
      timeout: 30_000,
    });
    return { code: r.status, stdout: r.stdout, stderr: r.stderr };
  };
  const base = ["explain", "m", "--home", "home", "--no-env", "--env-file", "keys.env"];

  beforeAll(() => {
    root = mkdtempSync(join(tmpdir(), "tfwhy-ws-"));
    write(
      "m/main.tf",
      'terraform {\n  backend "s3" {\n    bucket = "b"\n    key = "app/t.tfstate"\n    region = "eu-west-1"\n' +
        '    dynamodb_table = "locks"\n  }\n}\n',
    );
    write("m/.terraform/environment", "prod\n");
    write("keys.env", "AWS_ACCESS_KEY_ID=AKIAIOSFODNN70000001\nAWS_SECRET_ACCESS_KEY=secret-one\n");
    write("staging.env", "TF_WORKSPACE=staging\n");
    write("bad.env", "TF_WORKSPACE=a/b\n");
    mkdirSync(join(root, "home"));
  });
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  it("uses the workspace in .terraform/environment and shows its state path", () => {
    const { code, stdout, stderr } = tfwhy(base);
    expect(stderr).toBe("");
    expect(code).toBe(0);
    expect(stdout).toContain(
      'State:   s3://b/env:/prod/app/t.tfstate (workspace "prod", from .terraform/environment:1)',
    );
  });

  it("TF_WORKSPACE wins over the file; --workspace wins over both (JSON)", () => {
    const staging = tfwhy([...base, "--env-file", "staging.env", "--json"]);
    expect(JSON.parse(staging.stdout).workspace).toEqual({
      name: "staging",
      from: "TF_WORKSPACE",
      statePath: "env:/staging/app/t.tfstate",
      lockId: "b/env:/staging/app/t.tfstate",
      lockfileKey: null,
    });
    const qa = tfwhy([...base, "--env-file", "staging.env", "--workspace", "qa", "--json"]);
    expect(JSON.parse(qa.stdout).workspace).toMatchObject({
      name: "qa",
      from: "option",
      statePath: "env:/qa/app/t.tfstate",
    });
  });

  it("an invalid TF_WORKSPACE is exit 2 with Terraform's error, an invalid --workspace a usage error", () => {
    const env = tfwhy([...base, "--env-file", "bad.env"]);
    expect(env.code).toBe(2);
    expect(env.stderr).toContain("Invalid workspace name set using TF_WORKSPACE");
    const flag = tfwhy([...base, "--workspace", "a/b"]);
    expect(flag.code).toBe(2);
    expect(flag.stderr).toContain("--workspace must be a valid workspace name");
    expect(flag.stderr).toContain('Run "tfwhy explain --help" for usage.');
  });
});
