import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import packageJson from "../package.json" with { type: "json" };

const cliDist = fileURLToPath(new URL("../dist/", import.meta.url));
const bin = join(cliDist, "bin.js");
const coreDist = fileURLToPath(new URL("../../core/dist/index.js", import.meta.url));
const built = existsSync(bin);
const coreExplains = existsSync(coreDist) && readFileSync(coreDist, "utf8").includes("explainCredentials");
const BUILD = "cd /work/main && pnpm -r --filter ./packages/** run build";

/** Runs the built CLI as `node [flags] -- bin.js …` (the `--` keeps --env-file from Node) in a clean environment (only PATH, plus `env`), from `cwd`. */
function tfwhy(args: string[], options: { cwd?: string; env?: Record<string, string>; node?: string[] } = {}) {
  const result = spawnSync(process.execPath, [...(options.node ?? []), "--", bin, ...args], {
    cwd: options.cwd ?? process.cwd(),
    env: { PATH: process.env.PATH ?? "", ...options.env },
    encoding: "utf8",
    timeout: 30_000,
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe.skipIf(!built)("the built tfwhy binary", () => {
  it("prints its version and exits 0", () => {
    const { code, stdout, stderr } = tfwhy(["--version"]);
    expect({ code, stdout, stderr }).toEqual({ code: 0, stdout: `tfwhy ${packageJson.version}\n`, stderr: "" });
  });

  it("exits 2 on an unknown flag with one line and a hint, no stack", () => {
    const { code, stdout, stderr } = tfwhy(["explain", "--nope"]);
    expect(code).toBe(2);
    expect(stdout).toBe("");
    expect(stderr).toBe('tfwhy: unknown flag --nope\nRun "tfwhy explain --help" for usage.\n');
  });

  it("exits 2 on an --operation verify cannot judge for, with one line and a hint", () => {
    const { code, stdout, stderr } = tfwhy(["verify", "--operation", "destroy"]);
    expect({ code, stdout }).toEqual({ code: 2, stdout: "" });
    expect(stderr).toBe(
      'tfwhy: --operation must be init, plan or apply, not "destroy"\nRun "tfwhy verify --help" for usage.\n',
    );
    expect(tfwhy(["explain", "--operation", "plan"]).stderr.split("\n")[0]).toBe(
      "tfwhy: --operation is a verify flag: explain never calls AWS",
    );
  });

  it("exits 2 on an unknown command, listing the commands", () => {
    const { code, stderr } = tfwhy(["deploy"]);
    expect(code).toBe(2);
    expect(stderr.split("\n")[0]).toBe('tfwhy: unknown command "deploy" (commands: explain, verify, policy)');
  });

  it("bundles no AWS SDK on the explain path", () => {
    for (const file of readdirSync(cliDist).filter((f) => f.endsWith(".js"))) {
      expect(readFileSync(join(cliDist, file), "utf8"), file).not.toMatch(/@aws-sdk\//);
    }
  });
});

describe.skipIf(!built || !coreExplains)("the built tfwhy binary explaining the seed incident", () => {
  let root: string;
  const write = (path: string, text: string) => {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), text);
  };

  beforeAll(() => {
    root = mkdtempSync(join(tmpdir(), "tfwhy-e2e-"));
    write(
      "project/main.tf",
      'terraform {\n  backend "s3" {\n    use_lockfile = true\n  }\n}\n\nprovider "aws" {\n  profile = "terraform"\n}\n',
    );
    write(
      "project/env/backend.hcl",
      'bucket = "acme-tfstate"\nkey    = "network/terraform.tfstate"\nregion = "eu-west-1"\n',
    );
    write(
      "home/.aws/credentials",
      "[default]\naws_access_key_id = AKIAIOSFODNN70000001\naws_secret_access_key = secret-one\n\n[terraform]\naws_access_key_id = AKIAIOSFODNN70000002\naws_secret_access_key = secret-two\n",
    );
    write("ci.env", "AWS_PROFILE=terraform\n");
    // A module hook that makes any import of the AWS SDK fail: explain must not need it.
    write(
      "no-aws-sdk-hooks.mjs",
      'export async function resolve(specifier, context, next) {\n  if (specifier.startsWith("@aws-sdk/")) throw new Error(`AWS SDK imported: ${specifier}`);\n  return next(specifier, context);\n}\n',
    );
    write(
      "no-aws-sdk.mjs",
      'import { register } from "node:module";\nregister("./no-aws-sdk-hooks.mjs", import.meta.url);\n',
    );
  });
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  it("uses [default] and says so first; relative paths as Terraform resolves them", () => {
    const { code, stdout, stderr } = tfwhy(
      ["explain", "project", "-backend-config=env/backend.hcl", "--home", "home", "--no-env"],
      { cwd: root },
    );
    expect(stderr).toBe("");
    expect(code).toBe(0);
    expect(stdout.split("\n")[0]).toMatch(/^Terraform's S3 backend will use: profile "default" /);
    expect(stdout).not.toMatch(/\u001b\[/);
    expect(stdout).not.toContain("secret-one");
  });

  it("imports no AWS SDK on the explain path", () => {
    const node = ["--import", pathToFileURL(join(root, "no-aws-sdk.mjs")).href];
    const { code, stderr } = tfwhy(
      ["explain", "project", "-backend-config=env/backend.hcl", "--home", "home", "--no-env"],
      { cwd: root, node },
    );
    expect(stderr).toBe("");
    expect(code).toBe(0);
  });

  it("-chdir and --env-file: AWS_PROFILE from the file picks profile terraform, as JSON", () => {
    const { code, stdout } = tfwhy(
      [
        "-chdir=project",
        "explain",
        "-backend-config",
        "env/backend.hcl",
        "--home",
        "home",
        "--no-env",
        "--env-file",
        "ci.env",
        "-json",
      ],
      { cwd: root },
    );
    expect(code).toBe(0);
    const explanation = JSON.parse(stdout) as {
      schemaVersion: number;
      credentials: { profile: { name: string; from: string } };
    };
    expect(Object.keys(explanation)[0]).toBe("schemaVersion");
    expect(explanation.credentials.profile).toEqual({ name: "terraform", from: "AWS_PROFILE" });
  });

  it("colours only when asked, NO_COLOR winning over FORCE_COLOR", () => {
    const args = ["explain", "project", "-backend-config=env/backend.hcl", "--home", "home", "--no-env"];
    expect(tfwhy(args, { cwd: root, env: { FORCE_COLOR: "1" } }).stdout).toMatch(/\u001b\[/);
    expect(tfwhy(args, { cwd: root, env: { FORCE_COLOR: "1", NO_COLOR: "1" } }).stdout).not.toMatch(/\u001b\[/);
  });

  it("--fail-on warning exits 1 for the ignored provider profile, and still prints the report", () => {
    const args = ["explain", "project", "-backend-config=env/backend.hcl", "--home", "home", "--no-env"];
    expect(tfwhy([...args, "--fail-on", "error"], { cwd: root }).code).toBe(0);
    const { code, stdout } = tfwhy([...args, "--fail-on", "warning"], { cwd: root });
    expect(code).toBe(1);
    expect(stdout).toContain("[provider-credentials-ignored]");
  });

  it("--format sarif --output writes SARIF to the file and nothing to stdout", () => {
    const args = [
      "explain",
      "project",
      "-backend-config=env/backend.hcl",
      "--home",
      "home",
      "--no-env",
      "--format",
      "sarif",
      "--output",
      "r.sarif",
    ];
    const { code, stdout, stderr } = tfwhy(args, { cwd: root });
    expect({ code, stdout, stderr }).toEqual({ code: 0, stdout: "", stderr: "" });
    const sarif = JSON.parse(readFileSync(join(root, "r.sarif"), "utf8")) as {
      version: string;
      runs: { results: { ruleId: string }[] }[];
    };
    expect(sarif.version).toBe("2.1.0");
    expect(sarif.runs[0]?.results.map((r) => r.ruleId)).toContain("provider-credentials-ignored");
    expect(readFileSync(join(root, "r.sarif"), "utf8")).toContain('"uri": "project/main.tf"');
  });

  it("a missing -backend-config file is Terraform's own error (Failed to read file): exit 1, the report leads with it", () => {
    const { code, stdout, stderr } = tfwhy(
      ["explain", "project", "-backend-config=env/nope.hcl", "--home", "home", "--no-env"],
      { cwd: root },
    );
    expect({ code, stderr }).toEqual({ code: 1, stderr: "" });
    expect(stdout.split("\n")[0]).toBe("Terraform will fail: Failed to read file");
    expect(stdout).toContain('The file "env/nope.hcl" could not be read.');
  });
});

describe.runIf(!built || !coreExplains)("the built tfwhy binary", () => {
  it.skip(`skipped: ${built ? "packages/core/dist has no explainCredentials yet" : "packages/cli/dist/bin.js is missing"}; build with: ${BUILD}`, () => {});
});
