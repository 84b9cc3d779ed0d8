import type { Location } from "../location.js";
import type { MergedAttribute } from "./backend-view.js";
import { formatGoDuration, parseGoDuration } from "./go-duration.js";
import { isLiteralList, isLiteralRecord } from "./hcl-values.js";

/** One attribute-value error of Terraform's PrepareConfig: the summary it prints and its detail. */
export interface ValueProblem {
  readonly summary: string;
  readonly detail: string;
  readonly attribute: string;
  readonly at: Location | null;
}

const UUID = "[a-f0-9]{8}-[a-f0-9]{4}-[1-5][a-f0-9]{3}-[ab89][a-f0-9]{3}-[a-f0-9]{12}";
const MULTI_REGION_KEY = "mrk-[a-f0-9]{32}";
const ALIAS = "alias/[a-zA-Z0-9/_-]+";
// validateKMSKeyID: Go's alternation binds loosest, so this is `^uuid` OR `mrk` anywhere OR `alias$`, as written.
const KMS_KEY_ID = new RegExp(`^${UUID}|${MULTI_REGION_KEY}|${ALIAS}$`);
const KMS_KEY_RESOURCE = new RegExp(`^key/(${UUID}|${MULTI_REGION_KEY})$`);
const KMS_ALIAS_RESOURCE = new RegExp(`^(${ALIAS})$`);
const ROLE_NAME = /^[\w+=,.@-]*$/;
const EXTERNAL_ID = /^[\w+=,.@:/-]*$/;

/**
 * The value checks of Terraform 1.11's S3 backend PrepareConfig (internal/backend/remote-state/s3 validate.go and
 * the schema's validators), in schema order: the summaries are Terraform's own, so the verdict can name them.
 */
export function validateBackendValues(attributes: ReadonlyMap<string, MergedAttribute>): ValueProblem[] {
  const problems: ValueProblem[] = [];
  const add = (attribute: string, summary: string, detail: string) =>
    problems.push({ attribute, summary, detail, at: attributes.get(attribute.split(".")[0]!)?.at ?? null });
  const string = (name: string): string | undefined => {
    const value = attributes.get(name)?.value;
    return typeof value === "string" ? value : undefined;
  };

  for (const name of ["bucket", "key"]) {
    const value = string(name);
    if (value !== undefined && value.trim() === "")
      add(name, "Invalid Value", "The value cannot be empty or all whitespace");
  }
  for (const name of ["key", "workspace_key_prefix"]) {
    const value = string(name);
    if (value && (value.startsWith("/") || value.endsWith("/")))
      add(name, "Invalid Value", 'The value must not start or end with "/"');
  }
  const key = string("key");
  if (key?.includes("//")) add("key", "Invalid Value", 'Value must not contain "//"');

  const kmsKeyId = string("kms_key_id");
  if (kmsKeyId) {
    const problem = kmsKeyProblem(kmsKeyId);
    if (problem) add("kms_key_id", problem.summary, problem.detail);
  }
  const retryMode = string("retry_mode");
  if (retryMode && retryMode !== "standard" && retryMode !== "adaptive") {
    add("retry_mode", "Invalid Value", `unknown RetryMode, ${retryMode}`);
  }
  const imdsMode = string("ec2_metadata_service_endpoint_mode");
  if (imdsMode !== undefined && imdsMode !== "IPv4" && imdsMode !== "IPv6")
    add("ec2_metadata_service_endpoint_mode", "Invalid Value", "Value must be one of [IPv4, IPv6]");

  for (const block of ["assume_role", "assume_role_with_web_identity"] as const) {
    const value = attributes.get(block)?.value;
    if (!isLiteralRecord(value)) continue;
    const fields = value;
    const field = (name: string) => {
      const text = fields[name];
      return typeof text === "string" ? text : undefined;
    };
    const roleArn = field("role_arn");
    if (roleArn) {
      const problem = arnProblem(roleArn, "role/", "Invalid IAM Role ARN", "IAM Role ARN");
      if (problem) add(`${block}.role_arn`, problem.summary, problem.detail);
    }
    const duration = field("duration");
    if (duration !== undefined) {
      const parsed = parseGoDuration(duration);
      if (!parsed.ok)
        add(
          `${block}.duration`,
          "Invalid Duration",
          `The value "${duration}" cannot be parsed as a duration: ${parsed.error}`,
        );
      else if (parsed.nanoseconds < 15 * 60e9 || parsed.nanoseconds > 12 * 3600e9)
        add(
          `${block}.duration`,
          "Invalid Duration",
          `Duration must be between 15m0s and 12h0m0s, had ${formatGoDuration(parsed.nanoseconds)}`,
        );
    }
    const policy = field("policy");
    if (policy !== undefined && policy.trim() !== "") {
      const problem = policyProblem(policy);
      if (problem) add(`${block}.policy`, problem.summary, problem.detail);
    }
    const policyArns = fields.policy_arns;
    if (isLiteralList(policyArns)) {
      for (const arn of policyArns) {
        if (typeof arn !== "string") continue;
        const problem = arnProblem(arn, "policy/", "Invalid IAM Policy ARN", "IAM Policy ARN");
        if (problem) add(`${block}.policy_arns`, problem.summary, problem.detail);
      }
    }
    const names = block === "assume_role" ? ["session_name", "source_identity"] : ["session_name"];
    for (const name of names) {
      const text = field(name);
      if (text === undefined) continue;
      if (text.length < 2 || text.length > 64)
        add(`${block}.${name}`, "Invalid Value Length", `Length must be between 2 and 64, had ${text.length}`);
      else if (!ROLE_NAME.test(text))
        add(
          `${block}.${name}`,
          "Invalid Value",
          "Value can only contain letters, numbers, or the following characters: =,.@-",
        );
    }
    if (block === "assume_role") {
      const externalId = field("external_id");
      if (externalId !== undefined) {
        if (externalId.length < 2 || externalId.length > 1224)
          add(
            `${block}.external_id`,
            "Invalid Value Length",
            `Length must be between 2 and 1224, had ${externalId.length}`,
          );
        else if (!EXTERNAL_ID.test(externalId))
          add(
            `${block}.external_id`,
            "Invalid Value",
            "Value can only contain letters, numbers, or the following characters: =,.@:/-",
          );
      }
    } else {
      for (const name of ["web_identity_token", "web_identity_token_file"]) {
        const text = field(name);
        if (text !== undefined && (text.length < 4 || text.length > 20000)) {
          add(`${block}.${name}`, "Invalid Value Length", `Length must be between 4 and 20000, had ${text.length}`);
        }
      }
    }
  }
  return problems;
}

/** aws-sdk-go-v2 arn.Parse: `arn:` prefix and six `:`-separated sections; then the resource type check. */
function arnProblem(
  value: string,
  resourcePrefix: string,
  typeSummary: string,
  what: string,
): { summary: string; detail: string } | null {
  if (!value.startsWith("arn:"))
    return { summary: "Invalid ARN", detail: `The value "${value}" cannot be parsed as an ARN: arn: invalid prefix` };
  const sections = value.split(":");
  if (sections.length < 6)
    return {
      summary: "Invalid ARN",
      detail: `The value "${value}" cannot be parsed as an ARN: arn: not enough sections`,
    };
  const resource = sections.slice(5).join(":");
  if (!resource.startsWith(resourcePrefix))
    return { summary: typeSummary, detail: `Value must be a valid ${what}, got "${value}"` };
  return null;
}

/** validateKMSKey: an ARN whose resource is key/<id> or alias/<name>, else a key id, multi-region id or alias. */
function kmsKeyProblem(value: string): { summary: string; detail: string } | null {
  if (value.startsWith("arn:")) {
    const sections = value.split(":");
    const resource = sections.length >= 6 ? sections.slice(5).join(":") : null;
    if (resource === null || !(KMS_KEY_RESOURCE.test(resource) || KMS_ALIAS_RESOURCE.test(resource))) {
      return { summary: "Invalid KMS Key ARN", detail: `Value must be a valid KMS Key ARN, got "${value}"` };
    }
    return null;
  }
  return KMS_KEY_ID.test(value)
    ? null
    : { summary: "Invalid KMS Key ID", detail: `Value must be a valid KMS Key ID, got "${value}"` };
}

/** validateIAMPolicyDocument: trimmed, must start with `{` and parse as JSON. */
function policyProblem(value: string): { summary: string; detail: string } | null {
  const text = value.trim();
  if (!text.startsWith("{"))
    return { summary: "Invalid IAM Policy Document", detail: "Expected a JSON object describing the policy" };
  try {
    JSON.parse(text);
    return null;
  } catch (error) {
    return {
      summary: "Invalid JSON Document",
      detail: `The JSON document contains an error: ${error instanceof Error ? error.message : String(error)}`,
    };
  }
}
