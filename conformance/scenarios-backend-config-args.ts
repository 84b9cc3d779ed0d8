/**
 * Conformance scenarios for issue 13 area 5: malformed `-backend-config=KEY=VALUE` values (gathered by scenarios.ts).
 * terraform backendConfigOverrideBody (internal/command/init.go) + configValueFromCLI (internal/command/meta_config.go):
 * a primitive attribute converts the string, any other attribute parses it as one HCL expression evaluated without
 * variables; every error is reported, and init stops before decoding the backend block.
 */
import type { Scenario } from "./harness/types.js";
import { envKeys } from "./scenario-kit.js";

export const backendConfigArgScenarios: readonly Scenario[] = [
  {
    name: "bad-backend-config-list-missing-comma",
    rule: "hashicorp/hcl hclsyntax parseTupleCons: two items with no comma → Missing item separator",
    backendConfigArgs: ["shared_credentials_files=[a b]"],
    env: envKeys("ENV1"),
    expect: { error: "Missing item separator" },
  },
  {
    name: "bad-backend-config-object-missing-comma",
    rule: "hashicorp/hcl hclsyntax parseObjectCons: two attributes with no comma or newline → Missing attribute separator",
    backendConfigArgs: ['assume_role={role_arn="arn:aws:iam::123456789012:role/r" session_name="s"}'],
    env: envKeys("ENV1"),
    expect: { error: "Missing attribute separator" },
  },
  {
    name: "bad-backend-config-list-given-bare-path",
    rule: "terraform configValueFromCLI: a set attribute given a bare path is parsed as HCL → Invalid expression",
    backendConfigArgs: ["shared_credentials_files=/x/creds"],
    env: envKeys("ENV1"),
    expect: { error: "Invalid expression" },
  },
  {
    name: "bad-backend-config-list-given-home-path",
    rule: "terraform configValueFromCLI: ~/creds for a set attribute → Unsupported operator (bitwise NOT)",
    backendConfigArgs: ["shared_credentials_files=~/creds"],
    env: envKeys("ENV1"),
    expect: { error: "Unsupported operator" },
  },
  {
    name: "bad-backend-config-list-given-quoted-string",
    rule: 'terraform configValueFromCLI: "/x" parses, then the decode wants a set → Incorrect attribute value type',
    backendConfigArgs: ['shared_credentials_files="/x/creds"'],
    env: envKeys("ENV1"),
    expect: { error: "Incorrect attribute value type" },
  },
  {
    name: "bad-backend-config-list-unterminated",
    rule: 'terraform configValueFromCLI: ["/x" → Unterminated tuple constructor expression',
    backendConfigArgs: ['shared_credentials_files=["/x/creds"'],
    env: envKeys("ENV1"),
    expect: { error: "Unterminated tuple constructor expression" },
  },
  {
    name: "bad-backend-config-object-given-arn",
    rule: "terraform configValueFromCLI: an object attribute given a role ARN parses `arn` and stops → Extra characters after expression",
    backendConfigArgs: ["assume_role=arn:aws:iam::123456789012:role/x"],
    env: envKeys("ENV1"),
    expect: { error: "Extra characters after expression" },
  },
  {
    name: "bad-backend-config-object-given-nothing",
    rule: "terraform configValueFromCLI: assume_role= (empty) → Missing expression",
    backendConfigArgs: ["assume_role="],
    env: envKeys("ENV1"),
    expect: { error: "Missing expression" },
  },
  {
    name: "bad-backend-config-object-given-name",
    rule: "terraform configValueFromCLI: endpoints=s3 parses as a variable, evaluated without any → Variables not allowed",
    backendConfigArgs: ["endpoints=s3"],
    env: envKeys("ENV1"),
    expect: { error: "Variables not allowed" },
  },
  {
    name: "bad-backend-config-bool-given-yes",
    rule: "terraform configValueFromCLI: a bool given yes fails the string conversion → Invalid backend configuration value",
    backendConfigArgs: ["use_path_style=yes"],
    env: envKeys("ENV1"),
    expect: { error: "Invalid backend configuration value" },
  },
  {
    name: "bad-backend-config-number-given-text",
    rule: "terraform configValueFromCLI: a number given abc → Invalid backend configuration value (a number is required)",
    backendConfigArgs: ["max_retries=abc"],
    env: envKeys("ENV1"),
    expect: { error: "a number is required" },
  },
  {
    name: "bad-backend-config-key-without-value",
    rule: "terraform backendConfigOverrideBody: a value without = is a file name → Failed to read file",
    backendConfigArgs: ["bucket"],
    env: envKeys("ENV1"),
    expect: { error: "Failed to read file" },
  },
  {
    name: "bad-backend-config-unknown-key",
    rule: "terraform backendConfigOverrideBody: a name the schema lacks → Invalid backend configuration argument",
    backendConfigArgs: ["nonsense=1"],
    env: envKeys("ENV1"),
    expect: { error: "Invalid backend configuration argument" },
  },
  {
    name: "bad-backend-config-before-block-error",
    rule: "terraform initBackend: the -backend-config errors are printed and init stops before the block is decoded (its Variables not allowed is never printed)",
    backend: "profile = var.p",
    backendConfigArgs: ["use_path_style=yes", "assume_role=arn:aws:iam::123456789012:role/x"],
    env: envKeys("ENV1"),
    expect: { error: "Invalid backend configuration value" },
  },
  {
    name: "bad-backend-config-empty-among-others",
    rule: 'terraform backendConfigOverrideBody: -backend-config="" clears the overrides only alone; among others it is a file name, "." after normalizePath → Failed to read file',
    backendConfigArgs: ["", "encrypt=true"],
    env: envKeys("ENV1"),
    expect: { error: 'The file "." could not be read.' },
  },
  {
    name: "bad-backend-config-object-unterminated",
    rule: 'terraform configValueFromCLI: assume_role={role_arn="…" without its brace → Unterminated object constructor expression',
    backendConfigArgs: ['assume_role={role_arn="arn:aws:iam::123456789012:role/x"'],
    env: envKeys("ENV1"),
    expect: { error: "Unterminated object constructor expression" },
  },
];
