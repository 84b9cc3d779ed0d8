import { describe, expect, it } from "vitest";
import { explainCredentials } from "../src/index.js";
import { createFakeWorld } from "../src/testing.js";

// tfwhy run from the repository root about infra/: Terraform would run in infra/ (cd or -chdir), so a relative shared
// file name is relative to infra/, and Terraform logs it as written.
const MAIN_TF = 'terraform {\n  backend "s3" {\n    bucket = "b"\n    key = "k"\n    region = "us-east-1"\n  }\n}\n';
const KEY = "AKIARELATIVE00000007";
const creds = `[default]\naws_access_key_id = ${KEY}\naws_secret_access_key = s\n`;

describe("relative shared file names (Terraform's working directory is the root module)", () => {
  it("reads AWS_SHARED_CREDENTIALS_FILE=creds from the module, not from where tfwhy runs", async () => {
    const world = createFakeWorld({
      cwd: "/repo",
      env: { AWS_SHARED_CREDENTIALS_FILE: "creds" },
      files: { "infra/main.tf": MAIN_TF, "infra/creds": creds, creds: "[default]\n" },
    });
    const { credentials, steps } = await explainCredentials({ dir: "infra" }, world);
    expect(credentials).toMatchObject({ source: "SharedConfigCredentials", sourceFile: "creds" });
    expect(credentials.accessKeyId).toBe("AKIA************0007");
    // The absolute path stays available in the picked step's evidence.
    const picked = steps.find((step) => step.outcome === "picked");
    const paths = picked?.evidence.flatMap((e) => ("at" in e && e.at ? [e.at.path] : [])) ?? [];
    expect(paths).toContain("/repo/infra/creds");
  });

  it("reads a relative AWS_WEB_IDENTITY_TOKEN_FILE from the module too", async () => {
    const env = { AWS_WEB_IDENTITY_TOKEN_FILE: "token.jwt", AWS_ROLE_ARN: "arn:aws:iam::123456789012:role/ci" };
    const inModule = createFakeWorld({
      cwd: "/repo",
      env,
      files: { "infra/main.tf": MAIN_TF, "infra/token.jwt": "t" },
    });
    expect((await explainCredentials({ dir: "infra" }, inModule)).credentials).toMatchObject({
      status: "resolved",
      source: "WebIdentityCredentials",
    });
    // Only beside tfwhy, not in the module: Terraform would not find it.
    const besideTfwhy = createFakeWorld({ cwd: "/repo", env, files: { "infra/main.tf": MAIN_TF, "token.jwt": "t" } });
    const { steps } = await explainCredentials({ dir: "infra" }, besideTfwhy);
    expect(steps.find((step) => step.id === "env.web-identity")?.outcome).not.toBe("picked");
  });

  it("names a relative directory in the SDK's read error as written", async () => {
    const world = createFakeWorld({
      cwd: "/repo",
      env: { AWS_SHARED_CREDENTIALS_FILE: "aws", AWS_ACCESS_KEY_ID: KEY, AWS_SECRET_ACCESS_KEY: "s" },
      files: { "infra/main.tf": MAIN_TF, "infra/aws/credentials": creds },
    });
    const { verdict } = await explainCredentials({ dir: "infra" }, world);
    expect(verdict).toEqual({
      terraformFails: true,
      firstError: "failed to load shared config file, aws, read all: read aws: is a directory",
      backendWarnings: [],
    });
  });

  it("explains a ~user path with where it was written, and no secret", async () => {
    const world = createFakeWorld({
      env: { AWS_ACCESS_KEY_ID: KEY, AWS_SECRET_ACCESS_KEY: "env-secret" },
      files: {
        "main.tf": MAIN_TF.replace(
          'region = "us-east-1"',
          'region = "us-east-1"\n    shared_config_files = ["~ops/config"]',
        ),
      },
    });
    const explanation = await explainCredentials({ dir: "." }, world);
    const diagnostic = explanation.diagnostics.find((d) => d.code === "shared-file-path-not-expandable");
    expect(diagnostic).toMatchObject({ severity: "error", location: { file: "main.tf", line: 6 } });
    expect(diagnostic?.message).toContain("~ops/config (shared_config_files, main.tf:6)");
    expect(explanation.credentials.error).toMatchObject({ code: "shared-file-path-not-expandable" });
    expect(JSON.stringify(explanation)).not.toContain("env-secret");
    expect(JSON.stringify(explanation)).not.toContain(KEY);
  });
});
