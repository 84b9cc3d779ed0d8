/**
 * The backend's assume_role_with_web_identity as the base source (issue 14 area 1): it replaces a chain that would
 * fail only at retrieval, never one that fails while LoadDefaultConfig loads (hashicorp/aws-sdk-go-base v2
 * credentials.go getCredentialsProvider). Each case was run on Terraform 1.11.4 (conformance/scenarios-web-identity.ts).
 */
import { describe, expect, it } from "vitest";
import { DIR, worldFor } from "../../../test/scenario-world.js";
import type { Scenario } from "../../../test/scenarios.js";
import { summarize } from "../../../test/summarize.js";
import { explainCredentials } from "../../index.js";

const ROLE = "arn:aws:iam::111111111111:role/wi-block";
const ENV_ROLE = "arn:aws:iam::111111111111:role/wi-env";
const TOKEN = "eyJhbGciOiJub25lIn0.e30.";
const BLOCK = `assume_role_with_web_identity = { role_arn = "${ROLE}", web_identity_token_file = "/var/run/token" }`;
const NO_IMDS = "skip_metadata_api_check = true";

async function explain(scenario: Omit<Scenario, "expect">) {
  const explanation = await explainCredentials({ dir: DIR, backendConfig: [] }, worldFor({ ...scenario, expect: {} }));
  expect(JSON.stringify(explanation)).not.toContain(TOKEN);
  return { explanation, summary: summarize(explanation) };
}

describe("backend assume_role_with_web_identity as the base source", () => {
  it("is the only source when the chain has none (IMDS off): the IMDS failure is never retrieved", async () => {
    const { explanation, summary } = await explain({
      backend: `${NO_IMDS}\n${BLOCK}`,
      files: { "/var/run/token": TOKEN },
    });
    expect(summary).toMatchObject({ status: "resolved", source: "WebIdentityCredentials", terraformError: null });
    expect(summary.outcomes).toMatchObject({ imds: "unreached", "backend.assume-role-with-web-identity": "picked" });
    const imds = explanation.steps.find((s) => s.id === "imds")!;
    expect(imds).toMatchObject({
      reason: { code: "replaced-by-backend-web-identity" },
      unreachedBecause: "backend.assume-role-with-web-identity",
      wouldHave: "failed",
    });
  });

  it("replaces env web identity whose token file is missing", async () => {
    const { summary } = await explain({
      backend: `${NO_IMDS}\n${BLOCK}`,
      env: { AWS_WEB_IDENTITY_TOKEN_FILE: "/var/run/missing", AWS_ROLE_ARN: ENV_ROLE },
      files: { "/var/run/token": TOKEN },
    });
    expect(summary).toMatchObject({ status: "resolved", source: "WebIdentityCredentials", terraformError: null });
    expect(summary.outcomes).toMatchObject({ "env.web-identity": "unreached", container: "unreached" });
  });

  it("replaces a profile's web identity whose token file is missing", async () => {
    const { summary } = await explain({
      backend: `${NO_IMDS}\nprofile = "wi"\n${BLOCK}`,
      files: {
        "~/.aws/config": `[profile wi]\nrole_arn = ${ENV_ROLE}\nweb_identity_token_file = /var/run/missing\n`,
        "/var/run/token": TOKEN,
      },
    });
    expect(summary).toMatchObject({ status: "resolved", source: "WebIdentityCredentials", terraformError: null });
    expect(summary.outcomes).toMatchObject({ profile: "unreached" });
  });

  it("replaces an expired SSO token; the SSO error becomes information", async () => {
    const { summary } = await explain({
      backend: `${NO_IMDS}\nprofile = "sso"\n${BLOCK}`,
      now: "2026-01-02T00:00:00Z",
      files: {
        "~/.aws/config":
          "[profile sso]\nsso_start_url = https://example.awsapps.com/start\nsso_region = us-east-1\n" +
          "sso_account_id = 123456789012\nsso_role_name = ReadOnly\n",
        "/var/run/token": TOKEN,
      },
    });
    expect(summary).toMatchObject({ status: "resolved", source: "WebIdentityCredentials", terraformError: null });
    expect(summary.infos).toContain("sso-token-missing");
  });

  it("does not replace env web identity without AWS_ROLE_ARN: LoadDefaultConfig fails first", async () => {
    const { summary } = await explain({
      backend: `${NO_IMDS}\n${BLOCK}`,
      env: { AWS_WEB_IDENTITY_TOKEN_FILE: "/var/run/token" },
      files: { "/var/run/token": TOKEN },
    });
    expect(summary).toMatchObject({ status: "failed", terraformError: "role ARN is not set" });
  });

  it("does not replace a backend profile that does not exist: LoadDefaultConfig fails first", async () => {
    const { summary } = await explain({
      backend: `${NO_IMDS}\nprofile = "nope"\n${BLOCK}`,
      files: { "~/.aws/config": "[profile other]\nregion = us-east-1\n", "/var/run/token": TOKEN },
    });
    expect(summary).toMatchObject({ status: "failed", terraformError: "failed to get shared config profile, nope" });
  });

  it("fails on its own missing token file, even with a readable AWS_WEB_IDENTITY_TOKEN_FILE", async () => {
    const { summary } = await explain({
      backend: `${NO_IMDS}\nassume_role_with_web_identity = { role_arn = "${ROLE}", web_identity_token_file = "/var/run/missing" }`,
      env: { AWS_WEB_IDENTITY_TOKEN_FILE: "/var/run/token", AWS_ROLE_ARN: ENV_ROLE },
      files: { "/var/run/token": TOKEN },
    });
    expect(summary).toMatchObject({ status: "failed", terraformError: "Cannot assume IAM Role with web identity" });
  });

  it("fails on its own missing token file when the chain would have failed too", async () => {
    const { summary } = await explain({
      backend: `${NO_IMDS}\nassume_role_with_web_identity = { role_arn = "${ROLE}", web_identity_token_file = "/var/run/missing" }`,
    });
    expect(summary).toMatchObject({ status: "failed", terraformError: "Cannot assume IAM Role with web identity" });
    expect(summary.outcomes).toMatchObject({ imds: "unreached", "backend.assume-role-with-web-identity": "error" });
  });

  it("reads ~/ in its token file from the home directory", async () => {
    const { summary } = await explain({
      backend: `${NO_IMDS}\nassume_role_with_web_identity = { role_arn = "${ROLE}", web_identity_token_file = "~/token" }`,
      files: { "~/token": TOKEN },
    });
    expect(summary).toMatchObject({ status: "resolved", source: "WebIdentityCredentials" });
  });

  it("never replaces the failure of backend static keys (the static branch never reads the block)", async () => {
    const { summary } = await explain({
      backend: `${NO_IMDS}\naccess_key = "AKIABACKEND000000004"\n${BLOCK}`,
      files: { "/var/run/token": TOKEN },
    });
    expect(summary.status).toBe("failed");
    expect(summary.source).toBeNull();
  });

  it("without the block, env web identity's missing token file still fails at retrieval", async () => {
    const { summary } = await explain({
      backend: NO_IMDS,
      env: { AWS_WEB_IDENTITY_TOKEN_FILE: "/var/run/missing", AWS_ROLE_ARN: ENV_ROLE },
    });
    expect(summary).toMatchObject({ status: "failed", terraformError: "No valid credential sources found" });
    expect(summary.outcomes).toMatchObject({ "env.web-identity": "error" });
  });
});
