/** Fixes from the disk: what explain suggests names the files and values the module already has. */
import { describe, expect, it } from "vitest";
import { explainCredentials } from "../src/index.js";
import { createFakeWorld } from "../src/testing.js";

const DIR = "/work/project";
const KEYS = { AWS_ACCESS_KEY_ID: "AKIAFIXTEST000000001", AWS_SECRET_ACCESS_KEY: "env-secret" };
const explain = (files: Record<string, string | null>, backendConfig: string[] = [], env = KEYS) =>
  explainCredentials({ dir: DIR, backendConfig }, createFakeWorld({ cwd: DIR, env, files }));

describe("fixes from the disk", () => {
  it("a missing bucket/key names the backend config files next to the module", async () => {
    const e = await explain({
      "main.tf": 'terraform {\n  backend "s3" {\n    region = "eu-west-1"\n  }\n}\n',
      "env/prod.hcl": 'bucket = "acme-state"\nkey = "prod/terraform.tfstate"\n',
      "env/notes.hcl": "this is { not backend",
      "backend/dev.tfbackend": 'bucket = "acme-dev"\n',
      ".terraform.lock.hcl": 'provider "x" {}\n',
    });
    const required = e.diagnostics.filter((d) => d.code === "attribute-required");
    expect(required).toHaveLength(2);
    expect(required[0]?.fix).toContain("-backend-config=env/prod.hcl (sets bucket and key)");
    expect(required[0]?.fix).toContain("-backend-config=backend/dev.tfbackend (sets bucket)");
    expect(required[0]?.fix).not.toContain("notes.hcl");
  });

  it("no file on disk: the generic fix", async () => {
    const e = await explain({ "main.tf": 'terraform {\n  backend "s3" {\n    region = "eu-west-1"\n  }\n}\n' });
    const fix = e.diagnostics.find((d) => d.code === "attribute-required")?.fix;
    expect(fix).toBe("Set bucket in the backend block or a -backend-config file.");
  });

  it("a missing region prefers the provider block's static region and says where it came from", async () => {
    const e = await explain(
      {
        "main.tf":
          'terraform {\n  backend "s3" {\n    bucket = "b"\n    key = "k"\n  }\n}\n\n' +
          'provider "aws" {\n  region = "eu-west-1"\n}\n',
        "~/.aws/config": "[default]\nregion = us-east-1\n",
        "~/.aws/credentials": "[default]\naws_access_key_id = AKIAFIXTEST000000002\naws_secret_access_key = x\n",
      },
      [],
      {} as typeof KEYS,
    );
    const region = e.diagnostics.find((d) => d.code === "region-only-in-profile");
    expect(region?.fix).toBe(
      'Add region = "eu-west-1" to the backend configuration (the region of provider "aws" at main.tf:9), ' +
        "or export AWS_REGION=eu-west-1.",
    );
  });

  it("no region anywhere: the fix names the provider block's region (the default block before an alias)", async () => {
    const e = await explain({
      "main.tf":
        'terraform {\n  backend "s3" {\n    bucket = "b"\n    key = "k"\n  }\n}\n\n' +
        'provider "aws" {\n  alias = "us"\n  region = "us-west-2"\n}\n\nprovider "aws" {\n  region = "eu-north-1"\n}\n',
    });
    const fix = e.diagnostics.find((d) => d.code === "region-missing")?.fix;
    expect(fix).toContain(
      'Add region = "eu-north-1" to the backend configuration (the region of provider "aws" at main.tf:14)',
    );
  });

  it("an expired, refreshable SSO token is described as expired, never as valid", async () => {
    const config =
      "[profile sso]\nsso_session = corp\nsso_account_id = 111111111111\nsso_role_name = Admin\n\n" +
      "[sso-session corp]\nsso_region = us-east-1\nsso_start_url = https://corp.awsapps.com/start\n";
    const token = JSON.stringify({
      accessToken: "sso-access-token",
      expiresAt: "2020-01-01T00:00:00Z",
      refreshToken: "r",
      clientId: "c",
      clientSecret: "s",
    });
    const e = await explain(
      {
        "main.tf": 'terraform {\n  backend "s3" {\n    bucket = "b"\n    key = "k"\n    region = "eu-west-1"\n  }\n}\n',
        "~/.aws/config": config,
        "~/.aws/sso/cache/ee0bfd2552fbd840c02cc48b6e823320543c450f.json": token,
      },
      [],
      { AWS_PROFILE: "sso" } as unknown as typeof KEYS,
    );
    const step = e.steps.find((s) => s.outcome === "picked");
    expect(step?.reason.message).toContain("the cached token expired at 2020-01-01T00:00:00.000Z");
    expect(step?.reason.message).not.toContain("valid");
    expect(e.diagnostics.find((d) => d.code === "sso-token-expired")?.severity).toBe("info");
  });

  it("dynamodb_table: an info note carrying Terraform's warning, which init prints only when it fails", async () => {
    const main = (extra: string) =>
      'terraform {\n  backend "s3" {\n    bucket = "b"\n    key = "k"\n    region = "eu-west-1"\n' +
      `    dynamodb_table = "locks"\n${extra}  }\n}\n`;
    const e = await explain({ "main.tf": main("") });
    const d = e.diagnostics.find((x) => x.code === "attribute-deprecated");
    expect(d).toMatchObject({ severity: "info", terraformWarning: "Deprecated Parameter" });
    expect(d?.message).toContain("prints only when init fails");
    // init succeeds: the warning is emitted but Terraform 1.11.4 drops it (FINDINGS.md §15).
    expect(e.verdict).toMatchObject({ terraformFails: false });
    expect(e.verdict.backendWarnings).toEqual([
      {
        summary: "Deprecated Parameter",
        detail: expect.stringContaining('The parameter "dynamodb_table" is deprecated.'),
        location: expect.objectContaining({ file: "main.tf", line: 6 }),
      },
    ]);
    // A decoding error stops before PrepareConfig: no warning at all.
    const undecodable = await explain({ "main.tf": main('    not_an_attribute = "x"\n') });
    expect(undecodable.verdict).toMatchObject({ terraformFails: true, firstError: "Unsupported argument" });
    expect(undecodable.verdict.backendWarnings).toEqual([]);
  });

  it("a -backend-config file Terraform cannot read fails the verdict as Terraform does, pointing at the file", async () => {
    const main = 'terraform {\n  backend "s3" {}\n}\n';
    const unreadable = await explain({ "main.tf": main, "env/prod.hcl": null }, ["env/prod.hcl"]);
    expect(unreadable.verdict).toMatchObject({ terraformFails: true, firstError: "Failed to read file" });
    const diagnostic = unreadable.diagnostics.find((d) => d.message.startsWith("Failed to read file"));
    expect(diagnostic?.location).toMatchObject({ file: "env/prod.hcl", line: 1 });
    expect(diagnostic?.message).toBe('Failed to read file: The file "env/prod.hcl" could not be read.');
    // A missing file's name comes from the command line: no place of its own to point at.
    const missing = await explain({ "main.tf": main }, ["env/prod.hcl"]);
    expect(missing.verdict.firstError).toBe("Failed to read file");
    expect(missing.diagnostics.find((d) => d.message.startsWith("Failed to read file"))?.location).toBeNull();
  });
});
