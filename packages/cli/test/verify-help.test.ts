import { spawnSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { recordFigures } from "../../../reliability/record.js";
import { VERIFY_HELP } from "../src/help.js";
import { main } from "../src/main.js";
import { createFakeIo } from "./fake-io.js";

/** verify runs code and contacts AWS: its help must say what it runs and which endpoint each call goes to. */
const bin = fileURLToPath(new URL("../dist/bin.js", import.meta.url));

function expectEndpointsExplained(help: string): void {
  const text = help.replace(/\s+/g, " ");
  // credential_process is run, as Terraform would.
  expect(text).toMatch(/RUNS the profile's credential_process command/);
  // STS calls and their endpoint settings.
  expect(text).toMatch(
    /STS GetCallerIdentity, AssumeRole, AssumeRoleWithWebIdentity: endpoints\.sts \(or sts_endpoint, AWS_ENDPOINT_URL_STS, AWS_STS_ENDPOINT\)/,
  );
  // SSO GetRoleCredentials and its endpoint settings; CreateToken is not covered by endpoints.sso, and verify never calls it.
  expect(text).toMatch(/SSO GetRoleCredentials: endpoints\.sso \(or AWS_ENDPOINT_URL_SSO\)/);
  expect(text).toMatch(
    /verify does not call SSO OIDC CreateToken\. Terraform would \(sso_session profiles\), and endpoints\.sso \/ AWS_ENDPOINT_URL_SSO do not apply to it/,
  );
  // S3, DynamoDB, KMS and IAM.
  expect(text).toMatch(/S3 endpoints\.s3 \(or endpoint, AWS_ENDPOINT_URL_S3, AWS_S3_ENDPOINT\)/);
  expect(text).toMatch(/DynamoDB the lock table: endpoints\.dynamodb/);
  expect(text).toMatch(/KMS DescribeKey of kms_key_id: AWS_ENDPOINT_URL_KMS/);
  expect(text).toMatch(/IAM never/);
}

describe("tfwhy verify --help", () => {
  it("says verify runs credential_process and which endpoint each STS, SSO, S3, DynamoDB, KMS call uses", async () => {
    const fake = createFakeIo({ argv: ["verify", "--help"] });
    expect(await main(fake.io)).toBe(0);
    expectEndpointsExplained(fake.stdout());
  });

  it("keeps to the width of the rest of the help, and the README has the same table", () => {
    const lines = VERIFY_HELP.split("\n");
    const width = Math.max(...lines.map((line) => line.length));
    expect(width).toBeLessThanOrEqual(116);
    const readme = readFileSync(fileURLToPath(new URL("../../../README.md", import.meta.url)), "utf8");
    const facts = [
      "`credential_process` command is **run**",
      "| STS `GetCallerIdentity`, `AssumeRole` (backend `assume_role` and profile `role_arn`), `AssumeRoleWithWebIdentity` | `endpoints.sts` → `sts_endpoint` → `AWS_ENDPOINT_URL_STS`",
      "| SSO `GetRoleCredentials` (SSO profiles) | `endpoints.sso` → `AWS_ENDPOINT_URL_SSO`",
      "`endpoints.sso` / `AWS_ENDPOINT_URL_SSO` do **not** apply to it",
      "| S3 (bucket, listing, state object, policy, encryption, versioning, lockfile, probes) | `endpoints.s3`",
      "| DynamoDB (lock table) | `endpoints.dynamodb`",
      "| 130 | verify was cancelled (Ctrl-C / SIGINT, or SIGTERM",
      "[docs/verify-probes.md](docs/verify-probes.md)",
    ];
    for (const fact of facts) expect(readme).toContain(fact);
    recordFigures("docs-endpoints", {
      "verify --help lines": lines.length,
      "verify --help widest line (characters)": width,
      "services with their own row in verify --help": lines.filter((line) =>
        /^ {2}(Credentials|STS|SSO|S3|DynamoDB|KMS|IAM) {2,}/.test(line),
      ).length,
      "README facts asserted": facts.length,
    });
  });

  it.runIf(existsSync(bin))("says so from the built bin too", () => {
    const result = spawnSync(process.execPath, ["--", bin, "verify", "--help"], {
      encoding: "utf8",
      env: { PATH: process.env.PATH ?? "" },
    });
    expect(result.status).toBe(0);
    expectEndpointsExplained(result.stdout);
  });
});
