import type { Location } from "../location.js";
import type { MergedAttribute } from "./backend-view.js";
import { isLiteralList, isLiteralRecord } from "./hcl-values.js";
import { isNonEmptyString, type ModuleProblem } from "./module-problems.js";
import { validateBackendValues } from "./prepare-config.js";

/** The two attributes of a pair Terraform refuses together ("Invalid Attribute Combination"). */
const EXCLUSIVE_PAIRS: readonly (readonly [string, string])[] = [
  ["shared_credentials_file", "shared_credentials_files"],
  ["force_path_style", "use_path_style"],
  ["kms_key_id", "sse_customer_key"],
  ["allowed_account_ids", "forbidden_account_ids"],
];

/**
 * Deprecated endpoint attributes that conflict with their `endpoints.<service>` replacement ("Conflicting
 * Parameters").
 */
const ENDPOINT_ALIASES: readonly (readonly [string, string])[] = [
  ["endpoint", "s3"],
  ["dynamodb_endpoint", "dynamodb"],
  ["iam_endpoint", "iam"],
  ["sts_endpoint", "sts"],
];

type Attributes = ReadonlyMap<string, MergedAttribute>;

/**
 * Terraform's decoding of the nested role objects and its PrepareConfig checks, in that order: bucket and key are
 * required, the key has no leading/trailing `/` and no `//`, exclusive attribute pairs, endpoint conflicts.
 * `block` is the backend block, where a missing attribute is reported.
 */
export function prepareConfigProblems(
  block: Location,
  attributes: Attributes,
  unevaluated: ReadonlyMap<string, Location | null>,
): ModuleProblem[] {
  const problems: ModuleProblem[] = roleObjectProblems(block, attributes);
  const set = (name: string) => {
    const value = attributes.get(name)?.value;
    return value !== undefined && value !== null && value !== "" && !(isLiteralList(value) && value.length === 0);
  };
  for (const name of ["bucket", "key"]) {
    const value = attributes.get(name)?.value;
    // Set by an expression tfwhy does not evaluate: unknown, not missing.
    if ((value === undefined || value === null) && !unevaluated.has(name)) {
      problems.push({
        code: "attribute-required",
        severity: "error",
        message: `Missing Required Value: The attribute "${name}" is required by the backend.`,
        at: block,
        fix: `Set ${name} in the backend block or a -backend-config file.`,
        terraformError: "Missing Required Value",
        attribute: name,
      });
    }
  }
  for (const problem of validateBackendValues(attributes)) {
    problems.push({
      code: "backend-value-invalid",
      severity: "error",
      message: `${problem.summary}: ${problem.detail} (${problem.attribute}).`,
      // A nested value's diagnostic points at the backend block (Terraform 1.11.4, conformance/FINDINGS.md §14).
      at: problem.attribute.includes(".") ? block : problem.at,
      fix: `Fix ${problem.attribute} as the message says.`,
      terraformError: problem.summary,
    });
  }
  for (const [a, b] of EXCLUSIVE_PAIRS) {
    if (set(a) && set(b)) {
      problems.push({
        code: "backend-value-invalid",
        severity: "error",
        message: `Invalid Attribute Combination: Only one of ${a}, ${b} can be set.`,
        at: attributes.get(b)?.at ?? attributes.get(a)?.at ?? null,
        fix: `Remove ${a} or ${b}.`,
        terraformError: "Invalid Attribute Combination",
      });
    }
  }
  const endpoints = attributes.get("endpoints")?.value;
  for (const [old, service] of ENDPOINT_ALIASES) {
    if (set(old) && isLiteralRecord(endpoints) && isNonEmptyString(endpoints[service])) {
      problems.push({
        code: "backend-value-invalid",
        severity: "error",
        message:
          `Conflicting Parameters: The parameters "${old}" and "endpoints.${service}" ` +
          "cannot be configured together.",
        at: attributes.get(old)?.at ?? null,
        fix: `Remove ${old}; keep endpoints.${service}.`,
        terraformError: "Conflicting Parameters",
      });
    }
  }
  return problems;
}

/** The nested objects validateNestedAttribute checks, with their required attribute. */
const ROLE_OBJECTS = ["assume_role", "assume_role_with_web_identity"] as const;

/**
 * PrepareConfig's validateNestedAttribute on the role objects (hashicorp/terraform
 * internal/backend/remote-state/s3/backend.go, validators in validate.go). Terraform 1.11.4 points every nested
 * diagnostic at the backend block, not at the object's line (conformance/FINDINGS.md §9 and §14). A role_arn left
 * out fails earlier, when cty converts the object (schema.ts convertToSchemaType); `role_arn = null` converts and is
 * "Missing Required Value" here.
 */
function roleObjectProblems(block: Location, attributes: Attributes): ModuleProblem[] {
  const problems: ModuleProblem[] = [];
  const invalid = (summary: string, detail: string, path: string, fix: string): ModuleProblem => ({
    code: "backend-value-invalid",
    severity: "error",
    // A detail that already names the attribute ends in a full stop; the others get the path.
    message: detail.endsWith(".") ? `${summary}: ${detail}` : `${summary}: ${detail} (${path}).`,
    at: block,
    fix,
    terraformError: summary,
  });
  for (const name of ROLE_OBJECTS) {
    const value = attributes.get(name)?.value;
    if (!isLiteralRecord(value)) continue;
    const roleArn = value.role_arn;
    if (roleArn === null || roleArn === undefined) {
      problems.push(
        invalid(
          "Missing Required Value",
          `The attribute "${name}.role_arn" is required by the backend.`,
          `${name}.role_arn`,
          `Set ${name}.role_arn to the role's ARN, or remove ${name}.`,
        ),
      );
    } else if (typeof roleArn === "string" && roleArn.trim() === "") {
      // validateStringNotEmpty (seen on 1.11.4: `role_arn = ""` and `"  "`).
      problems.push(
        invalid(
          "Invalid Value",
          "The value cannot be empty or all whitespace",
          `${name}.role_arn`,
          `Set ${name}.role_arn to the role's ARN, or remove ${name}.`,
        ),
      );
    }
    // validateStringNotEmpty before validateIAMPolicyDocument: an empty policy is "Invalid Value".
    if (typeof value.policy === "string" && value.policy.trim() === "") {
      problems.push(
        invalid(
          "Invalid Value",
          "The value cannot be empty or all whitespace",
          `${name}.policy`,
          `Remove ${name}.policy, or set it to a JSON policy document.`,
        ),
      );
    }
  }
  const webIdentity = attributes.get("assume_role_with_web_identity")?.value;
  if (isLiteralRecord(webIdentity)) {
    // validateExactlyOneOfAttributes counts values that are not null: `web_identity_token = ""` is set, and then
    // fails its own length check (seen on 1.11.4).
    const tokens = ["web_identity_token", "web_identity_token_file"].filter(
      (k) => webIdentity[k] !== null && webIdentity[k] !== undefined,
    );
    if (tokens.length === 0) {
      problems.push({
        ...invalid(
          "Missing Required Value",
          "Exactly one of web_identity_token, web_identity_token_file must be set.",
          "assume_role_with_web_identity",
          "Set web_identity_token_file (or web_identity_token) in assume_role_with_web_identity.",
        ),
        code: "attribute-required",
        message:
          "Missing Required Value: Exactly one of web_identity_token, web_identity_token_file must be set. " +
          "(Terraform does not read AWS_WEB_IDENTITY_TOKEN_FILE or AWS_ROLE_ARN for this block.)",
        at: attributes.get("assume_role_with_web_identity")?.at ?? block,
      });
    } else if (tokens.length === 2) {
      problems.push({
        ...invalid(
          "Invalid Attribute Combination",
          "Only one of web_identity_token, web_identity_token_file can be set.",
          "assume_role_with_web_identity",
          "Keep only one of web_identity_token and web_identity_token_file.",
        ),
        at: attributes.get("assume_role_with_web_identity")?.at ?? block,
      });
    }
  }
  return problems;
}
