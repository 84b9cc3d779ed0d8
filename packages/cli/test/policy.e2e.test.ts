import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

/** `tfwhy policy` through the built bin as a child process, on examples/seed-incident (its fake home, no env). */
const bin = fileURLToPath(new URL("../dist/bin.js", import.meta.url));
const built = existsSync(bin) && existsSync(fileURLToPath(new URL("../../core/dist/index.js", import.meta.url)));
const seed = fileURLToPath(new URL("../../../examples/seed-incident", import.meta.url));
const ROLE = "arn:aws:iam::123456789012:role/terraform-access-role";
const seedArgs = (config: string) => [
  "policy",
  seed,
  `-backend-config=env/${config}`,
  "--home",
  join(seed, "home"),
  "--no-env",
];

function tfwhy(args: readonly string[]) {
  const result = spawnSync(process.execPath, ["--", bin, ...args], {
    cwd: seed,
    env: { PATH: process.env.PATH ?? "" },
    encoding: "utf8",
    timeout: 30_000,
  });
  return { code: result.status, stdout: String(result.stdout), stderr: String(result.stderr) };
}

describe.skipIf(!built)("tfwhy policy (built bin)", () => {
  it("the seed's fix: the role's policy, AssumeRole for the keys, the bucket-policy statements; no DescribeTable", () => {
    const r = tfwhy([...seedArgs("backend.fixed.hcl"), "--bucket-policy", ROLE]);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe("");
    expect(r.stdout).toContain(`Terraform signs its S3 and DynamoDB calls as: ${ROLE}`);
    expect(r.stdout).toContain(`Identity policy for ${ROLE}:`);
    expect(r.stdout).toContain(`Bucket-policy statements for ${ROLE}`);
    expect(r.stdout).toContain("dynamodb:DescribeTable is not needed: Terraform 1.11.4 never calls it.");
    expect(r.stdout).toContain('"Sid": "DynamoDbLockAndDigest"');
    expect(r.stdout).not.toContain('"dynamodb:DescribeTable"');
    expect(r.stdout).not.toContain("example-secret");
  });

  it("the seed's broken config: the policy is for the [default] keys Terraform would use, and says so", () => {
    const r = tfwhy(seedArgs("backend.hcl"));
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(
      "Terraform signs its S3 and DynamoDB calls as: SharedConfigCredentials (profile default, key AKIA************E001)",
    );
    expect(r.stdout).toContain("If you meant another, fix the configuration first.");
    expect(r.stdout).toContain('Add profile = "terraform" to env/backend.hcl');
    expect(r.stdout).not.toContain("example-secret");
  });

  it("--format json is the identity policy document alone; with --bucket-policy the bucket policy", () => {
    const identity = tfwhy([...seedArgs("backend.fixed.hcl"), "--format", "json", "--operations", "plan", "--no-lock"]);
    expect(identity.code).toBe(0);
    const document = JSON.parse(identity.stdout) as { Version: string; Statement: { Sid: string }[] };
    expect(document.Version).toBe("2012-10-17");
    expect(document.Statement.map((s) => s.Sid)).toEqual([
      "ListStateWorkspaces",
      "ReadDefaultState",
      "ReadWorkspaceStates",
      "DynamoDbStateDigest",
    ]);
    const bucket = tfwhy([
      ...seedArgs("backend.fixed.hcl"),
      "--json",
      "--workspaces",
      "default",
      "--bucket-policy",
      ROLE,
    ]);
    const bucketDocument = JSON.parse(bucket.stdout) as { Statement: { Principal?: { AWS: string } }[] };
    expect(bucketDocument.Statement.every((s) => s.Principal?.AWS === ROLE)).toBe(true);
  });

  it("--format markdown explains each statement", () => {
    const r = tfwhy([...seedArgs("backend.fixed.hcl"), "--format", "md"]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("- **ReadWriteWorkspaceStates**:");
    expect(r.stdout).toContain("- `s3:DeleteObject`: needed by `workspace delete`");
  });

  it.each([
    [["--operations", "apply"], 'tfwhy: --operations must be all or plan, not "apply"'],
    [["--workspaces", "a/b"], "tfwhy: --workspaces must be all, default or a workspace name"],
    [["--bucket-policy", "terraform-role"], "tfwhy: --bucket-policy must be an IAM principal ARN"],
    [["--format", "sarif"], "tfwhy: --format must be text, markdown or json for policy"],
    [["--write-probe"], "tfwhy: --write-probe is a verify flag: policy never calls AWS"],
    [["--ignore", "provider-credentials-ignored"], "tfwhy: --ignore is an explain and verify flag"],
  ])("usage error %j: exit 2, one line and a hint, no stack", (extra, message) => {
    const r = tfwhy([...seedArgs("backend.fixed.hcl"), ...extra]);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe("");
    expect(r.stderr.startsWith(message)).toBe(true);
    expect(r.stderr.trim().split("\n")).toHaveLength(2);
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });

  it("a policy flag on explain is a usage error; a missing -backend-config file is Terraform's error in the report", () => {
    const r = tfwhy(["explain", seed, "--no-lock"]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("--no-lock is a policy flag");
    // As for any configuration Terraform rejects: the policy is printed with Terraform's error above it.
    const missing = tfwhy(seedArgs("nope.hcl"));
    expect({ code: missing.code, stderr: missing.stderr }).toEqual({ code: 0, stderr: "" });
    expect(missing.stdout).toContain('error: Failed to read file: The file "env/nope.hcl" could not be read.');
  });

  it("--help documents the options and the exit codes", () => {
    const r = tfwhy(["policy", "--help"]);
    expect(r.code).toBe(0);
    for (const flag of ["--operations all|plan", "--no-lock", "--workspaces all|default|NAME", "--bucket-policy"])
      expect(r.stdout).toContain(flag);
    expect(r.stdout).toContain("Exit codes: 0 printed, 2 usage or input error");
  });
});
