/**
 * Conformance scenarios for issue 14 area 2: PrepareConfig validation of nested values (assume_role,
 * assume_role_with_web_identity) and the exact diagnostic each gives (gathered by scenarios.ts). Rules: terraform
 * `PrepareConfig` → `validateNestedAttribute` with `assumeRoleSchema` / `assumeRoleWithWebIdentitySchema`
 * (backend.go) and the validators in validate.go. One bad value per scenario: Go walks the nested attributes in map
 * order, so with two errors their order varies.
 */
import type { Scenario } from "./harness/types.js";
import { envKeys, role } from "./scenario-kit.js";

const ENV = envKeys("ENV1");
const R = role("backend-role");
const WI = (extra: string) =>
  `assume_role_with_web_identity = { role_arn = "${role("wi-block")}", web_identity_token = "literal-token-value"${extra} }`;

export const prepareConfigScenarios: readonly Scenario[] = [
  {
    name: "assume-role-null-role-arn",
    rule: "terraform validateNestedAttribute: role_arn = null converts, then is a Missing Required Value",
    backend: `assume_role = { role_arn = null }`,
    env: ENV,
    expect: { error: "Missing Required Value" },
  },
  {
    name: "assume-role-empty-policy",
    rule: 'terraform assumeRoleSchema: policy = "" fails validateStringNotEmpty → Invalid Value',
    backend: `assume_role = { role_arn = "${R}", policy = "" }`,
    env: ENV,
    expect: { error: "Invalid Value" },
  },
  {
    name: "assume-role-policy-not-json-object",
    rule: "terraform validateIAMPolicyDocument: a policy that is not a JSON object → Invalid IAM Policy Document",
    backend: `assume_role = { role_arn = "${R}", policy = "s3:*" }`,
    env: ENV,
    expect: { error: "Invalid IAM Policy Document" },
  },
  {
    name: "assume-role-duration-unit-days",
    rule: "terraform validateDuration: Go time.ParseDuration has no d unit → Invalid Duration",
    backend: `assume_role = { role_arn = "${R}", duration = "1d" }`,
    env: ENV,
    expect: { error: "Invalid Duration" },
  },
  {
    name: "assume-role-duration-ten-minutes",
    rule: "terraform validateDurationBetween: below 15m → Invalid Duration",
    backend: `assume_role = { role_arn = "${R}", duration = "10m" }`,
    env: ENV,
    expect: { error: "Invalid Duration" },
  },
  {
    name: "assume-role-duration-compound-ok",
    rule: "terraform validateDuration: 1h30m parses and is in range; AssumeRole gets 5400 seconds",
    backend: `assume_role = { role_arn = "${R}", duration = "1h30m" }`,
    env: ENV,
    expect: { source: "AssumeRoleProvider", assumedRole: R },
  },
  {
    name: "assume-role-external-id-too-short",
    rule: "terraform assumeRoleSchema: external_id of 1 character → Invalid Value Length",
    backend: `assume_role = { role_arn = "${R}", external_id = "x" }`,
    env: ENV,
    expect: { error: "Invalid Value Length" },
  },
  {
    name: "assume-role-external-id-bad-character",
    rule: "terraform assumeRoleSchema: external_id with a space → Invalid Value (charset)",
    backend: `assume_role = { role_arn = "${R}", external_id = "has space" }`,
    env: ENV,
    expect: { error: "Invalid Value" },
  },
  {
    name: "assume-role-session-name-slash",
    rule: "terraform assumeRoleNameValidator: session_name with / → Invalid Value (external_id allows /, session_name not)",
    backend: `assume_role = { role_arn = "${R}", session_name = "ci/run" }`,
    env: ENV,
    expect: { error: "Invalid Value" },
  },
  {
    name: "assume-role-policy-arns-role-arn",
    rule: "terraform validateSetStringElements(validateIAMPolicyARN): a role ARN in policy_arns → Invalid IAM Policy ARN",
    backend: `assume_role = { role_arn = "${R}", policy_arns = ["${R}"] }`,
    env: ENV,
    expect: { error: "Invalid IAM Policy ARN" },
  },
  {
    name: "assume-role-tags-number-value",
    rule: "terraform assumeRoleSchema: tags is map(string); a number converts to a string; validateMap checks nothing",
    backend: `assume_role = { role_arn = "${R}", tags = { team = 42 }, transitive_tag_keys = ["team"] }`,
    env: ENV,
    expect: { source: "AssumeRoleProvider", assumedRole: R },
  },
  {
    name: "assume-role-tags-not-a-map",
    rule: 'terraform assumeRoleSchema: tags = "x" fails cty conversion → Incorrect attribute value type',
    backend: `assume_role = { role_arn = "${R}", tags = "team" }`,
    env: ENV,
    expect: { error: "Incorrect attribute value type" },
  },
  {
    name: "web-identity-null-role-arn",
    rule: "terraform validateNestedAttribute: assume_role_with_web_identity.role_arn = null → Missing Required Value",
    backend: `assume_role_with_web_identity = { role_arn = null, web_identity_token = "literal-token-value" }`,
    expect: { error: "Missing Required Value" },
  },
  {
    name: "web-identity-empty-literal-token",
    rule: 'terraform validateExactlyOneOfAttributes: web_identity_token = "" is set (not null), then fails its length check',
    backend: `assume_role_with_web_identity = { role_arn = "${role("wi-block")}", web_identity_token = "" }`,
    expect: { error: "Invalid Value Length" },
  },
  {
    name: "web-identity-empty-policy",
    rule: 'terraform assumeRoleWithWebIdentitySchema: policy = "" → Invalid Value',
    backend: WI(`, policy = ""`),
    expect: { error: "Invalid Value" },
  },
  {
    name: "web-identity-duration-too-long",
    rule: "terraform validateDurationBetween: 13h is above 12h → Invalid Duration",
    backend: WI(`, duration = "13h"`),
    expect: { error: "Invalid Duration" },
  },
  {
    name: "web-identity-session-name-too-long",
    rule: "terraform assumeRoleNameValidator: a 65-character session_name → Invalid Value Length",
    backend: WI(`, session_name = "${"s".repeat(65)}"`),
    expect: { error: "Invalid Value Length" },
  },
  {
    name: "web-identity-external-id-ignored",
    rule: "terraform assumeRoleWithWebIdentitySchema: external_id is not an attribute of the block; the key is dropped",
    backend: WI(`, external_id = "x"`),
    expect: { source: "WebIdentityCredentials", assumedRole: role("wi-block") },
  },
];
