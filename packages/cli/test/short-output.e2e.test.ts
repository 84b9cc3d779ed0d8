import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const bin = fileURLToPath(new URL("../dist/bin.js", import.meta.url));
const repo = fileURLToPath(new URL("../../../", import.meta.url));
const SEED = ["examples/seed-incident", "-backend-config=env/backend.hcl", "--no-env"];
const HOME = ["--home", join("examples", "seed-incident", "home")];

/** Runs the built CLI from the repository root in a clean environment (only PATH). */
function tfwhy(args: readonly string[]) {
  const result = spawnSync(process.execPath, ["--", bin, ...args], {
    cwd: repo,
    env: { PATH: process.env.PATH ?? "" },
    encoding: "utf8",
    timeout: 30_000,
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe.skipIf(!existsSync(bin))("short text output by default (the built bin)", () => {
  it("explains the seed example in at most 20 lines: identity, the provider-block cause and the fix", () => {
    const { code, stdout, stderr } = tfwhy(["explain", ...SEED, ...HOME]);
    expect({ code, stderr }).toEqual({ code: 0, stderr: "" });
    const lines = stdout.trimEnd().split("\n");
    expect(lines.length).toBeLessThanOrEqual(20);
    expect(lines[0]).toMatch(/^Terraform's S3 backend will use: profile "default" .*key AKIA\*{12}E001$/);
    expect(stdout).toContain("the S3 backend never reads provider blocks");
    expect(stdout).toContain('fix: Add profile = "terraform" to env/backend.hcl');
    expect(stdout).not.toContain("Why (in the order Terraform checks)");
    // Key ids stay masked in the short form as in the long one.
    expect(stdout).not.toMatch(/AKIA[A-Z0-9]{16}/);
  });

  it("--verbose adds the Why trace, so it is longer than the default", () => {
    const short = tfwhy(["explain", ...SEED, ...HOME])
      .stdout.trimEnd()
      .split("\n");
    const verbose = tfwhy(["explain", ...SEED, ...HOME, "--verbose"]);
    expect(verbose.code).toBe(0);
    const lines = verbose.stdout.trimEnd().split("\n");
    expect(lines.length).toBeGreaterThan(short.length);
    expect(verbose.stdout).toContain("Why (in the order Terraform checks)");
    // Everything the short form says, the verbose one says too, in the same order.
    const said = (line: string) => line !== "" && !line.startsWith("Modelled on Terraform");
    expect(lines.filter((line) => said(line) && short.includes(line))).toEqual(short.filter(said));
  });

  it("--verbose with --format json is accepted and changes nothing", () => {
    const json = tfwhy(["explain", ...SEED, ...HOME, "--format", "json"]);
    const verbose = tfwhy(["explain", ...SEED, ...HOME, "--format", "json", "-verbose"]);
    expect(verbose).toEqual(json);
    expect(json.code).toBe(0);
  });

  it("--verbose works with --recursive: the table first either way, every module only with it", () => {
    const short = tfwhy(["explain", "--recursive", "examples", "-backend-config=env/backend.hcl", "--no-env", ...HOME]);
    const verbose = tfwhy(["explain", "--recursive", "examples", "--verbose", "--no-env", ...HOME]);
    expect(short.stdout.split("\n")[0]).toMatch(/^Module +Workspace +Identity +Verdict +Top diagnostic$/);
    expect(verbose.stdout.split("\n")[0]).toMatch(/^Module +Workspace +Identity +Verdict +Top diagnostic$/);
    expect(verbose.stdout).toContain("Why (in the order Terraform checks)");
    expect(short.stdout).not.toContain("Why (in the order Terraform checks)");
  });
});

describe.skipIf(!existsSync(bin))("--recursive over a 7-module layout (the built bin)", () => {
  it("reports the warning every module shares (from ~/.aws/credentials) once, with its modules, and the table first", () => {
    const root = mkdtempSync(join(tmpdir(), "tfwhy-seven-"));
    try {
      // seven root modules with the same backend habit: no profile, so all fall back to [default] while other
      // profiles exist — one shared warning, located in the shared credentials file
      const modules = ["network", "dns", "iam", "eks", "rds", "s3", "monitoring"];
      for (const [i, name] of modules.entries()) {
        mkdirSync(join(root, "infra", name), { recursive: true });
        writeFileSync(
          join(root, "infra", name, "main.tf"),
          `terraform {\n  backend "s3" {\n    bucket = "acme-tfstate"\n    key    = "${name}/terraform.tfstate"\n` +
            `    region = "eu-west-1"\n    use_lockfile = true\n  }\n}\n# module ${i + 1}\n`,
        );
      }
      mkdirSync(join(root, "home", ".aws"), { recursive: true });
      writeFileSync(
        join(root, "home", ".aws", "credentials"),
        "[default]\naws_access_key_id = AKIAEXAMPLEDEF00001\naws_secret_access_key = not-a-secret-1\n\n" +
          "[terraform]\naws_access_key_id = AKIAEXAMPLETER00002\naws_secret_access_key = not-a-secret-2\n",
      );
      const run = tfwhy(["explain", "--recursive", join(root, "infra"), "--home", join(root, "home"), "--no-env"]);
      expect(run.stderr).toBe("");
      const shared = run.stdout.split("\n").filter((l) => l.includes("[default-profile-used-while-others-exist]"));
      expect(shared).toHaveLength(1);
      // the table comes first and lists every module
      const firstModule = Math.min(...modules.map((m) => run.stdout.indexOf(m)));
      expect(firstModule).toBeLessThan(run.stdout.indexOf("[default-profile-used-while-others-exist]"));
      for (const m of modules) expect(run.stdout).toContain(m);
      expect(run.stdout).not.toMatch(/not-a-secret/);
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });
});
