/**
 * Conformance scenarios for the warnings Terraform prints during init and plan, compared both ways with tfwhy's
 * Terraform-worded warnings (issue 13; gathered by scenarios.ts). Terraform 1.11.4 prints the backend's PrepareConfig
 * and Configure warnings only when init then fails at PrepareConfig or Configure (FINDINGS.md §15).
 */
import type { Scenario } from "./harness/types.js";
import { envKeys, NO_CREDS, NO_IMDS } from "./scenario-kit.js";

/** A backend line that makes PrepareConfig fail after its warnings (issue 13 area 3: Invalid Value). */
const PREPARE_FAILS = 'assume_role = { role_arn = "" }';

export const warningScenarios: readonly Scenario[] = [
  {
    name: "warnings-deprecated-dropped-on-success",
    rule: "terraform meta_backend.go backendInitFromConfig: a successful init and plan print none of PrepareConfig's deprecation warnings",
    backend: 'dynamodb_table = "locks"\nforce_path_style = true\nuse_path_style = null',
    moto: { tables: ["locks"] },
    env: envKeys("ENV1"),
    commands: ["init", "plan"],
  },
  {
    name: "warnings-deprecated-printed-when-prepare-fails",
    rule: "terraform PrepareConfig deprecatedAttrDiag: Deprecated Parameter is printed, at the attribute, when PrepareConfig fails",
    backend: `dynamodb_table = "locks"\n${PREPARE_FAILS}`,
    env: envKeys("ENV1"),
    expect: { error: "Invalid Value" },
  },
  {
    name: "warnings-two-deprecated-folded",
    rule: "terraform PrepareConfig deprecatedAttrDiag: two Deprecated Parameter warnings fold into one with '(and one more similar warning elsewhere)'",
    backend: `dynamodb_table = "locks"\nshared_credentials_file = "{{HOME}}/.aws/credentials"\n${PREPARE_FAILS}`,
    env: envKeys("ENV1"),
    expect: { error: "Invalid Value" },
  },
  {
    name: "warnings-deprecated-printed-when-credentials-fail",
    rule: "terraform Configure: PrepareConfig's warnings are printed when Configure then fails on credentials",
    backend: `dynamodb_table = "locks"\n${NO_IMDS}`,
    expect: { error: NO_CREDS },
  },
  {
    name: "warnings-none-when-decoding-fails",
    rule: "terraform backendInitFromConfig: a decoding error (Unsupported argument) stops before PrepareConfig, so no warning",
    backend: 'dynamodb_table = "locks"\nnot_an_attribute = "x"',
    env: envKeys("ENV1"),
    expect: { error: "Unsupported argument" },
  },
  {
    name: "warnings-none-when-state-fails",
    rule: "terraform init: a failure after Configure (the bucket does not exist) prints no backend warning",
    backend: 'dynamodb_table = "locks"',
    backendConfigArgs: ["bucket=no-such-bucket"],
    env: envKeys("ENV1"),
  },
  {
    name: "warnings-deprecated-in-backend-config-file",
    rule: "terraform PrepareConfig deprecatedAttrDiag: a deprecated attribute from a -backend-config file, when PrepareConfig fails",
    backendConfigFiles: { "backend.hcl": 'dynamodb_table = "locks"\n' },
    backend: PREPARE_FAILS,
    env: envKeys("ENV1"),
    expect: { error: "Invalid Value" },
  },
  {
    name: "warnings-missing-region",
    rule: "terraform PrepareConfig: Missing region value is a PrepareConfig error, so the deprecation warning is printed with it",
    backend: 'dynamodb_table = "locks"',
    omitDefaults: ["region"],
    env: envKeys("ENV1"),
    expect: { error: "Missing region value" },
  },
  {
    name: "warnings-force-path-style-with-use-path-style",
    rule: "terraform PrepareConfig validateAttributesConflict: force_path_style with use_path_style is Invalid Attribute Combination, printed after its Deprecated Parameter",
    backend: "force_path_style = true",
    env: envKeys("ENV1"),
    expect: { error: "Invalid Attribute Combination" },
  },
  {
    name: "warnings-endpoint-conflicts-with-endpoints-s3",
    rule: "terraform PrepareConfig: the deprecated endpoint with endpoints.s3 is Conflicting Parameters, printed after its Deprecated Parameter",
    backend: 'endpoint = "{{ENDPOINT}}"',
    env: envKeys("ENV1"),
    expect: { error: "Conflicting Parameters" },
  },
  {
    name: "warnings-deprecated-from-argument",
    rule: "terraform PrepareConfig deprecatedAttrDiag: a deprecated attribute from -backend-config=KEY=VALUE is reported at the backend block",
    backendConfigArgs: ["dynamodb_table=locks"],
    backend: PREPARE_FAILS,
    env: envKeys("ENV1"),
    expect: { error: "Invalid Value" },
  },
];
