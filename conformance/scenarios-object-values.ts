/**
 * Conformance scenarios for issue 13 areas 2 and 3 (gathered by scenarios.ts): keys an object attribute's type does
 * not know (Terraform drops them when it converts the value to the object type) and empty values inside an object
 * (PrepareConfig's validateNestedAttribute, reported at the backend block). FINDINGS.md §9.
 */
import type { Scenario } from "./harness/types.js";
import { envKeys, role } from "./scenario-kit.js";

export const objectValueScenarios: readonly Scenario[] = [
  {
    name: "assume-role-unknown-key-ignored",
    rule: "terraform assumeRoleSchema (cty object conversion): a key the object type does not know is dropped",
    backend: `assume_role = { role_arn = "${role("backend-role")}", foo = "x" }`,
    env: envKeys("ENV1"),
    expect: { source: "AssumeRoleProvider", initialSource: "EnvConfigCredentials", assumedRole: role("backend-role") },
  },
  {
    name: "assume-role-misspelt-key-ignored",
    rule: "terraform assumeRoleSchema (cty object conversion): a misspelt optional key is dropped, the role is assumed",
    backend: `assume_role = { role_arn = "${role("backend-role")}", sesion_name = "typo" }`,
    env: envKeys("ENV1"),
    expect: { source: "AssumeRoleProvider", initialSource: "EnvConfigCredentials", assumedRole: role("backend-role") },
  },
  {
    name: "assume-role-empty-role-arn",
    rule: "terraform PrepareConfig validateNonEmptyString: an empty role_arn is Invalid Value, not a type error",
    backend: `assume_role = { role_arn = "" }`,
    env: envKeys("ENV1"),
    expect: { error: "Invalid Value" },
  },
  {
    name: "assume-role-blank-role-arn",
    rule: "terraform PrepareConfig validateNonEmptyString: an all-whitespace role_arn is Invalid Value",
    backend: `assume_role = { role_arn = "   " }`,
    env: envKeys("ENV1"),
    expect: { error: "Invalid Value" },
  },
  {
    name: "endpoints-unknown-key-ignored",
    rule: "terraform endpointsSchema (cty object conversion): a key endpoints does not know (ec2) is dropped, init goes on",
    backend: 'endpoints = { s3 = "{{ENDPOINT}}", sts = "{{ENDPOINT}}", iam = "{{ENDPOINT}}", ec2 = "{{ENDPOINT}}" }',
    env: envKeys("ENV1"),
    expect: { source: "EnvConfigCredentials", keyIdLast4: "ENV1" },
  },
  {
    name: "assume-role-unknown-key-in-backend-config-file",
    rule: "terraform backendConfigOverrideBody + assumeRoleSchema: an unknown key inside assume_role from a -backend-config file is dropped too",
    backendConfigFiles: {
      "backend.hcl": `assume_role = {\n  role_arn = "${role("backend-role")}"\n  mfa_token = "x"\n}\n`,
    },
    env: envKeys("ENV1"),
    expect: { source: "AssumeRoleProvider", initialSource: "EnvConfigCredentials", assumedRole: role("backend-role") },
  },
  {
    name: "assume-role-empty-session-name",
    rule: "terraform PrepareConfig validateNestedAttribute: an empty optional string inside assume_role (session_name) is Invalid Value Length at the block",
    backend: `assume_role = { role_arn = "${role("backend-role")}", session_name = "" }`,
    env: envKeys("ENV1"),
    expect: { error: "Invalid Value Length" },
  },
];
