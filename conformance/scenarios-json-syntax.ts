/**
 * Conformance scenarios for issue 13 area 1: what Terraform takes literally and what it evaluates in `.tf.json` (HCL
 * JSON syntax) against native HCL (gathered by scenarios.ts). Terraform decodes the backend block without an
 * evaluation context, and hashicorp/hcl json/structure.go expression.Value returns a JSON string verbatim then: no
 * `${…}` interpolation, no `$${` / `%%{` unescaping, no `%{…}` directives. Each profile name below exists in the
 * shared credentials file both as written and as native HCL would read it, so the key id tells which one was used.
 */
import type { Scenario } from "./harness/types.js";
import { CRED, envKeys, keys, role } from "./scenario-kit.js";

export const jsonSyntaxScenarios: readonly Scenario[] = [
  {
    name: "json-interpolation-is-literal",
    rule: "hcl json expression.Value(nil): a backend string with ${…} in main.tf.json is taken verbatim (native HCL: Variables not allowed)",
    backendJson: `"profile": "\${team}"`,
    home: { [CRED]: keys("${team}", "DOLR") + keys("team", "TEAM") },
    expect: { source: "SharedConfigCredentials", keyIdLast4: "DOLR" },
  },
  {
    name: "json-variable-reference-is-literal",
    rule: "hcl json expression.Value(nil): ${var.p} in a main.tf.json backend string is the text itself, not a variable",
    backendJson: `"profile": "\${var.p}"`,
    home: { [CRED]: keys("${var.p}", "VARP") },
    expect: { source: "SharedConfigCredentials", keyIdLast4: "VARP" },
  },
  {
    name: "json-function-call-is-literal",
    rule: 'hcl json expression.Value(nil): ${upper("a")} in a main.tf.json backend string is not called (native HCL: Function calls not allowed)',
    backendJson: `"key": "\${upper(\\"a\\")}/terraform.tfstate"`,
    env: envKeys("ENV1"),
    expect: { source: "EnvConfigCredentials", keyIdLast4: "ENV1" },
  },
  {
    name: "json-dollar-escape-is-literal",
    rule: "hcl json expression.Value(nil): $${ in a main.tf.json backend string stays $${ (native HCL unescapes it to ${)",
    backendJson: `"profile": "$\${team}"`,
    home: { [CRED]: keys("$${team}", "DDLR") + keys("${team}", "DOLR") },
    expect: { source: "SharedConfigCredentials", keyIdLast4: "DDLR" },
  },
  {
    name: "json-directive-is-literal",
    rule: "hcl json expression.Value(nil): a %{ if } directive in a main.tf.json backend string is the text itself",
    backendJson: `"profile": "%{ if true }a%{ endif }"`,
    home: { [CRED]: keys("%{ if true }a%{ endif }", "DIRC") + keys("a", "AAAA") },
    expect: { source: "SharedConfigCredentials", keyIdLast4: "DIRC" },
  },
  {
    name: "json-percent-escape-is-literal",
    rule: "hcl json expression.Value(nil): %%{ in a main.tf.json backend string stays %%{ (native HCL unescapes it to %{)",
    backendJson: `"profile": "%%{x}"`,
    home: { [CRED]: keys("%%{x}", "PCT2") + keys("%{x}", "PCT1") },
    expect: { source: "SharedConfigCredentials", keyIdLast4: "PCT2" },
  },
  {
    name: "json-backend-config-file-is-literal",
    rule: "terraform backendConfigOverrideBody: a -backend-config file named *.json is HCL JSON; its strings are verbatim too",
    backendConfigFiles: { "backend.json": `{"profile": "\${team}"}` },
    home: { [CRED]: keys("${team}", "DOLR") + keys("team", "TEAM") },
    expect: { source: "SharedConfigCredentials", keyIdLast4: "DOLR" },
  },
  {
    name: "json-tfbackend-json-file-escape-and-comment",
    rule: 'terraform backendConfigOverrideBody: dev.tfbackend.json is HCL JSON: $${ stays as written, a "//" key is a comment',
    backendConfigFiles: { "dev.tfbackend.json": `{"profile": "$\${team}", "//": "a comment"}` },
    home: { [CRED]: keys("$${team}", "DDLR") + keys("${team}", "DOLR") },
    expect: { source: "SharedConfigCredentials", keyIdLast4: "DDLR" },
  },
  {
    name: "json-bool-strings-convert",
    rule: 'terraform ConfigSchema + cty convert: "true" and "3" as JSON strings convert to the bool and number attributes',
    backendJson: `"use_path_style": "true", "max_retries": "3", "skip_requesting_account_id": "false"`,
    env: envKeys("ENV1"),
    expect: { source: "EnvConfigCredentials", keyIdLast4: "ENV1" },
  },
  {
    name: "json-bool-string-yes-fails",
    rule: 'terraform ConfigSchema + cty convert: "yes" as a JSON string is not a bool → Incorrect attribute value type',
    backendJson: `"skip_requesting_account_id": "yes"`,
    env: envKeys("ENV1"),
    expect: { error: "Incorrect attribute value type" },
  },
  {
    name: "json-null-is-unset",
    rule: "hcl json: null leaves the attribute unset (env keys are used, no profile)",
    backendJson: `"profile": null`,
    env: envKeys("ENV1"),
    expect: { source: "EnvConfigCredentials", keyIdLast4: "ENV1" },
  },
  {
    name: "json-number-for-string",
    rule: "cty convert: a JSON number given for a string attribute (profile 5) becomes the string 5",
    backendJson: `"profile": 5`,
    home: { [CRED]: keys("5", "FIVE") },
    expect: { source: "SharedConfigCredentials", keyIdLast4: "FIVE" },
  },
  {
    name: "json-assume-role-object",
    rule: 'terraform assumeRoleSchema: a JSON object is the assume_role object; a "//" key inside it is ignored',
    backendJson: `"assume_role": {"role_arn": "${role("json-role")}", "//": "a comment"}`,
    env: envKeys("ENV1"),
    expect: { source: "AssumeRoleProvider", assumedRole: role("json-role") },
  },
  {
    name: "json-shared-credentials-files-array",
    rule: "terraform ConfigSchema: a JSON array is the shared_credentials_files set",
    backendJson: `"shared_credentials_files": ["{{ROOT}}/creds"], "profile": "p"`,
    files: { creds: keys("p", "FILE") },
    expect: { source: "SharedConfigCredentials", keyIdLast4: "FILE" },
  },
  {
    name: "json-shared-credentials-files-string-fails",
    rule: "terraform ConfigSchema: a JSON string for shared_credentials_files → Incorrect attribute value type (set of string required)",
    backendJson: `"shared_credentials_files": "{{ROOT}}/creds", "profile": "p"`,
    files: { creds: keys("p", "FILE") },
    expect: { error: "Incorrect attribute value type" },
  },
  {
    name: "json-comment-key-ignored",
    rule: 'hcl json body.Content: a "//" key in the backend object is a comment, not an unsupported argument',
    backendJson: `"//": "a comment", "profile": "team"`,
    home: { [CRED]: keys("team", "TEAM") },
    expect: { source: "SharedConfigCredentials", keyIdLast4: "TEAM" },
  },
  {
    name: "json-duplicate-argument",
    rule: "hcl json body.Content: a key repeated in the backend object → Duplicate argument, at init (not at load)",
    backendJson: `"profile": "team", "profile": "other"`,
    home: { [CRED]: keys("team", "TEAM") + keys("other", "OTHR") },
    expect: { error: "Duplicate argument" },
  },
  {
    name: "json-backend-config-file-duplicate",
    rule: "hcl json body.Content: a key repeated in a JSON -backend-config file → Duplicate argument",
    backendConfigFiles: { "backend.json": `{"profile": "team", "profile": "other"}` },
    home: { [CRED]: keys("team", "TEAM") + keys("other", "OTHR") },
    expect: { error: "Duplicate argument" },
  },
  {
    name: "json-backend-config-file-unknown-key",
    rule: "hcl json body.Content: an unknown key in a JSON -backend-config file → Extraneous JSON object property (native HCL: Unsupported argument)",
    backendConfigFiles: { "backend.json": `{"profile": "team", "profil": "x"}` },
    home: { [CRED]: keys("team", "TEAM") },
    expect: { error: "Extraneous JSON object property" },
  },
  {
    name: "json-unknown-attribute-in-block",
    rule: 'hcl json body.Content: an unknown key in main.tf.json\'s backend object → Extraneous JSON object property, with "Did you mean" (native HCL: Unsupported argument)',
    backendJson: `"profil": "team"`,
    home: { [CRED]: keys("team", "TEAM") },
    expect: { error: 'No argument or block type is named "profil". Did you mean "profile"?' },
  },
];
