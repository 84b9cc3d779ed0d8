/**
 * PrepareConfig's validation of the nested role objects (issue 14 area 2): the diagnostic Terraform 1.11.4 prints
 * for each bad value and where it points (the backend block, line 2 here). Every case was run on Terraform 1.11.4
 * (conformance/scenarios-prepare-config.ts).
 */
import { describe, expect, it } from "vitest";
import { DIR, worldFor } from "../../test/scenario-world.js";
import { explainCredentials } from "../index.js";

const ROLE = "arn:aws:iam::111111111111:role/terraform";
const ENV_KEYS = { AWS_ACCESS_KEY_ID: "AKIAENVKEY0000000001", AWS_SECRET_ACCESS_KEY: "env-secret" };
const WI = (extra: string) =>
  `assume_role_with_web_identity = { role_arn = "${ROLE}", web_identity_token = "literal-token-value"${extra} }`;
/** The line of `backend "s3" {` in the scenario world's main.tf. */
const BLOCK_LINE = 2;

async function firstError(backend: string) {
  const explanation = await explainCredentials(
    { dir: DIR, backendConfig: [] },
    worldFor({ backend, env: ENV_KEYS, expect: {} }),
  );
  const errors = explanation.diagnostics.filter((d) => d.severity === "error");
  expect(JSON.stringify(explanation)).not.toMatch(/env-secret|literal-token-value/);
  return { summary: explanation.verdict.firstError, first: errors[0], explanation };
}

describe("PrepareConfig: nested values of assume_role and assume_role_with_web_identity", () => {
  const cases: [string, string, string, string][] = [
    [
      "role_arn = null",
      `assume_role = { role_arn = null }`,
      "Missing Required Value",
      'The attribute "assume_role.role_arn" is required',
    ],
    [
      "web identity role_arn = null",
      `assume_role_with_web_identity = { role_arn = null, web_identity_token = "literal-token-value" }`,
      "Missing Required Value",
      'The attribute "assume_role_with_web_identity.role_arn" is required',
    ],
    [
      "an empty role_arn",
      `assume_role = { role_arn = "" }`,
      "Invalid Value",
      "cannot be empty or all whitespace (assume_role.role_arn)",
    ],
    [
      "an empty policy",
      `assume_role = { role_arn = "${ROLE}", policy = "" }`,
      "Invalid Value",
      "cannot be empty or all whitespace (assume_role.policy)",
    ],
    ["a blank web identity policy", WI(`, policy = "  "`), "Invalid Value", "(assume_role_with_web_identity.policy)"],
    [
      "a policy that is not a JSON object",
      `assume_role = { role_arn = "${ROLE}", policy = "s3:*" }`,
      "Invalid IAM Policy Document",
      "(assume_role.policy)",
    ],
    [
      "a duration in days",
      `assume_role = { role_arn = "${ROLE}", duration = "1d" }`,
      "Invalid Duration",
      '"1d" cannot be parsed as a duration: time: unknown unit "d" in duration "1d"',
    ],
    [
      "a duration below 15m",
      `assume_role = { role_arn = "${ROLE}", duration = "10m" }`,
      "Invalid Duration",
      "between 15m0s and 12h0m0s, had 10m0s",
    ],
    [
      "a web identity duration above 12h",
      WI(`, duration = "13h"`),
      "Invalid Duration",
      "between 15m0s and 12h0m0s, had 13h0m0s",
    ],
    [
      "an external_id of one character",
      `assume_role = { role_arn = "${ROLE}", external_id = "x" }`,
      "Invalid Value Length",
      "between 2 and 1224, had 1",
    ],
    [
      "an external_id with a space",
      `assume_role = { role_arn = "${ROLE}", external_id = "has space" }`,
      "Invalid Value",
      "=,.@:/-",
    ],
    [
      "a session_name with /",
      `assume_role = { role_arn = "${ROLE}", session_name = "ci/run" }`,
      "Invalid Value",
      "=,.@-",
    ],
    [
      "a 65-character web identity session_name",
      WI(`, session_name = "${"s".repeat(65)}"`),
      "Invalid Value Length",
      "between 2 and 64, had 65",
    ],
    [
      "a role ARN in policy_arns",
      `assume_role = { role_arn = "${ROLE}", policy_arns = ["${ROLE}"] }`,
      "Invalid IAM Policy ARN",
      "valid IAM Policy ARN",
    ],
    [
      "an empty web_identity_token (set, so not Missing Required Value)",
      `assume_role_with_web_identity = { role_arn = "${ROLE}", web_identity_token = "" }`,
      "Invalid Value Length",
      "between 4 and 20000, had 0",
    ],
  ];
  for (const [name, backend, summary, detail] of cases) {
    it(`${name} → ${summary} at the backend block`, async () => {
      const result = await firstError(backend);
      expect(result.summary).toBe(summary);
      expect(result.first?.message).toContain(detail);
      expect(result.first?.location?.line).toBe(BLOCK_LINE);
    });
  }

  it("an empty web_identity_token next to a token file is an Invalid Attribute Combination", async () => {
    const result = await firstError(
      `assume_role_with_web_identity = { role_arn = "${ROLE}", web_identity_token = "", web_identity_token_file = "/t" }`,
    );
    expect(result.summary).toBe("Invalid Attribute Combination");
  });

  it("role_arn left out is a type error when the object converts, at the object's line", async () => {
    const result = await firstError(`assume_role = { duration = "1h" }`);
    expect(result.summary).toBe("Incorrect attribute value type");
    expect(result.first?.message).toContain('attribute "role_arn" is required');
  });

  it('tags = "x" is a type error; a number in tags converts to a string and passes', async () => {
    expect((await firstError(`assume_role = { role_arn = "${ROLE}", tags = "team" }`)).summary).toBe(
      "Incorrect attribute value type",
    );
    const ok = await firstError(
      `assume_role = { role_arn = "${ROLE}", tags = { team = 42 }, transitive_tag_keys = ["team"] }`,
    );
    expect(ok.summary).toBeNull();
    expect(ok.explanation.credentials).toMatchObject({ status: "resolved", assumeRoles: [ROLE] });
  });

  it("1h30m is a valid duration; external_id in the web identity block is dropped, not refused", async () => {
    expect((await firstError(`assume_role = { role_arn = "${ROLE}", duration = "1h30m" }`)).summary).toBeNull();
    const dropped = await firstError(WI(`, external_id = "x"`));
    expect(dropped.summary).toBeNull();
    expect(dropped.explanation.credentials).toMatchObject({ status: "resolved", source: "WebIdentityCredentials" });
  });
});
