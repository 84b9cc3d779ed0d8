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
      at: problem.at,
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

/**
 * Decoding the role objects: role_arn is a required attribute of both (cty object type conversion), and
 * assume_role_with_web_identity needs exactly one of its two token attributes.
 */
function roleObjectProblems(block: Location, attributes: Attributes): ModuleProblem[] {
  const problems: ModuleProblem[] = [];
  for (const name of ["assume_role", "assume_role_with_web_identity"]) {
    const value = attributes.get(name)?.value;
    if (isLiteralRecord(value) && typeof value.role_arn === "string" && value.role_arn.trim() === "") {
      // Given but empty: the object converts, then PrepareConfig's validateNonEmptyString refuses it, reported at
      // the backend block (hashicorp/terraform internal/backend/remote-state/s3/validate.go; seen on 1.11.4).
      problems.push({
        code: "backend-value-invalid",
        severity: "error",
        message: `Invalid Value: The value cannot be empty or all whitespace (${name}.role_arn).`,
        at: block,
        fix: `Set ${name}.role_arn to the role's ARN, or remove ${name}.`,
        terraformError: "Invalid Value",
      });
    } else if (isLiteralRecord(value) && !isNonEmptyString(value.role_arn)) {
      problems.push({
        code: "backend-value-invalid",
        severity: "error",
        message:
          "Incorrect attribute value type: " +
          `Inappropriate value for attribute "${name}": attribute "role_arn" is required.`,
        at: attributes.get(name)?.at ?? null,
        fix: `Add role_arn to ${name}.`,
        terraformError: "Incorrect attribute value type",
      });
    }
  }
  const webIdentity = attributes.get("assume_role_with_web_identity")?.value;
  if (isLiteralRecord(webIdentity)) {
    const tokens = ["web_identity_token", "web_identity_token_file"].filter((k) => isNonEmptyString(webIdentity[k]));
    const at = attributes.get("assume_role_with_web_identity")?.at ?? null;
    if (tokens.length === 0) {
      problems.push({
        code: "attribute-required",
        severity: "error",
        message:
          "Missing Required Value: Exactly one of web_identity_token, web_identity_token_file must be set. " +
          "(Terraform does not read AWS_WEB_IDENTITY_TOKEN_FILE or AWS_ROLE_ARN for this block.)",
        at,
        fix: "Set web_identity_token_file (or web_identity_token) in assume_role_with_web_identity.",
        terraformError: "Missing Required Value",
      });
    } else if (tokens.length === 2) {
      problems.push({
        code: "backend-value-invalid",
        severity: "error",
        message: "Invalid Attribute Combination: Only one of web_identity_token, web_identity_token_file can be set.",
        at,
        fix: "Keep only one of web_identity_token and web_identity_token_file.",
        terraformError: "Invalid Attribute Combination",
      });
    }
  }
  return problems;
}
