import { goQuote } from "../aws-files/go-strings.js";
import type { Location } from "../location.js";
import type { MergedAttribute } from "./backend-view.js";
import { parseGoUrl } from "./go-url.js";
import { isLiteralRecord } from "./hcl-values.js";
import type { ModuleProblem } from "./module-problems.js";

/** aws-sdk-go-v2 feature/ec2/imds EndpointModeState.SetFromString. */
const IMDS_MODE_ERROR = "unknown EC2 IMDS endpoint mode, must be either IPv6 or IPv4";

type Attributes = ReadonlyMap<string, MergedAttribute>;
type Env = Readonly<Record<string, string | undefined>>;

/** How PrepareConfig checks an endpoint URL (hashicorp/terraform internal/backend/remote-state/s3/validate.go). */
type UrlRule = "legacy" | "valid";

/**
 * endpointsSchema (backend.go): sso must be a full URL (validateStringValidURL); the others only warn when the scheme
 * or host is missing (validateStringLegacyURL).
 */
const NESTED_ENDPOINTS: readonly (readonly [string, UrlRule])[] = [
  ["dynamodb", "legacy"],
  ["iam", "legacy"],
  ["s3", "legacy"],
  ["sso", "valid"],
  ["sts", "legacy"],
];
/** The deprecated top-level endpoint attributes, checked with validateStringLegacyURL (backend.go PrepareConfig). */
const TOP_LEVEL_ENDPOINTS = ["endpoint", "iam_endpoint", "sts_endpoint", "dynamodb_endpoint"] as const;

/**
 * The endpoint variables Configure warns about, with their replacements (backend.go Configure endpointEnvvars,
 * deprecatedEnvVarDiag).
 */
const DEPRECATED_ENDPOINT_ENV: readonly (readonly [string, string])[] = [
  ["AWS_DYNAMODB_ENDPOINT", "AWS_ENDPOINT_URL_DYNAMODB"],
  ["AWS_IAM_ENDPOINT", "AWS_ENDPOINT_URL_IAM"],
  ["AWS_S3_ENDPOINT", "AWS_ENDPOINT_URL_S3"],
  ["AWS_STS_ENDPOINT", "AWS_ENDPOINT_URL_STS"],
  ["AWS_METADATA_URL", "AWS_EC2_METADATA_SERVICE_ENDPOINT"],
];

/**
 * PrepareConfig's URL checks of the endpoint attributes and ec2_metadata_service_endpoint: "Invalid Value" errors and
 * "Complete URL Expected" warnings, at the attribute. Terraform points a nested `endpoints.*` diagnostic, and one
 * about a value from a -backend-config file, at the backend block (terraformAt; seen on Terraform 1.11.4).
 */
export function endpointPrepareConfigProblems(block: Location, attributes: Attributes): ModuleProblem[] {
  const problems: ModuleProblem[] = [];
  const endpoints = attributes.get("endpoints");
  if (isLiteralRecord(endpoints?.value)) {
    for (const [service, rule] of NESTED_ENDPOINTS) {
      const value = endpoints.value[service];
      if (typeof value === "string")
        problems.push(
          ...urlProblems(`endpoints.${service}`, value, rule, { at: endpoints.at ?? block, terraformAt: block }),
        );
    }
  }
  for (const name of [...TOP_LEVEL_ENDPOINTS, "ec2_metadata_service_endpoint"]) {
    const attribute = attributes.get(name);
    if (typeof attribute?.value !== "string") continue;
    const rule = name === "ec2_metadata_service_endpoint" ? "valid" : "legacy";
    const where = { at: attribute.at ?? block, ...(attribute.via !== "backend-block" && { terraformAt: block }) };
    problems.push(...urlProblems(name, attribute.value, rule, where));
  }
  return problems;
}

/**
 * Configure's endpoint diagnostics: a "Deprecated Environment Variable" warning for each old endpoint variable set
 * (at the backend block: wholeBodyWarningDiag), and the error aws-sdk-go-base returns for an unknown
 * AWS_EC2_METADATA_SERVICE_ENDPOINT_MODE (GetAwsConfig → commonLoadOptions → imds EndpointModeState.SetFromString,
 * which accepts IPv4/IPv6 in any case; the attribute, checked case-sensitively in PrepareConfig, wins over it).
 */
export function endpointConfigureProblems(block: Location, attributes: Attributes, env: Env): ModuleProblem[] {
  const problems: ModuleProblem[] = [];
  for (const [name, replacement] of DEPRECATED_ENDPOINT_ENV) {
    if (!env[name]) continue;
    const summary = "Deprecated Environment Variable";
    problems.push({
      code: "env-var-deprecated",
      severity: "warning",
      message:
        `${summary}: The environment variable "${name}" is deprecated. ` +
        `Use environment variable "${replacement}" instead.`,
      at: block,
      fix: `Export ${replacement} instead of ${name}.`,
      terraformError: null,
      terraformWarning: summary,
      stage: "configure",
    });
  }
  // Both fail while the SDK loads its configuration: before any credential source is tried (seen on 1.11.4).
  const error = (summary: string, fix: string): ModuleProblem => ({
    code: "backend-value-invalid",
    severity: "error",
    message: `${summary}.`,
    at: null,
    fix,
    terraformError: summary,
    stage: "configure-before-credentials",
  });
  const modeEnv = env.AWS_EC2_METADATA_SERVICE_ENDPOINT_MODE;
  if (modeEnv?.trim() && !/^(ipv4|ipv6)$/i.test(modeEnv.trim())) {
    const fix = "Export AWS_EC2_METADATA_SERVICE_ENDPOINT_MODE as IPv4 or IPv6, or unset it.";
    // Without the attribute Terraform hands the variable to aws-sdk-go-base, which refuses it; with the attribute
    // the SDK's own environment loading (config env_config.go) still reads the variable and refuses it.
    const fromSdkEnv = `invalid value for environment variable, AWS_EC2_METADATA_SERVICE_ENDPOINT_MODE=${modeEnv}`;
    const withAttribute = typeof attributes.get("ec2_metadata_service_endpoint_mode")?.value === "string";
    problems.push(error(withAttribute ? `${fromSdkEnv}, ${IMDS_MODE_ERROR}` : IMDS_MODE_ERROR, fix));
  }
  // aws-sdk-go-v2 config env_config.go setBoolPtrFromEnvVal: true or false in any case, anything else fails loading.
  const ignore = env.AWS_IGNORE_CONFIGURED_ENDPOINT_URLS;
  if (ignore && !/^(true|false)$/i.test(ignore)) {
    problems.push(
      error(
        `invalid value for environment variable, AWS_IGNORE_CONFIGURED_ENDPOINT_URLS=${ignore}, need true or false`,
        "Export AWS_IGNORE_CONFIGURED_ENDPOINT_URLS as true or false, or unset it.",
      ),
    );
  }
  return problems;
}

/** Where tfwhy shows a problem (`at`) and, when it differs, where Terraform points it (`terraformAt`). */
type Where = Pick<ModuleProblem, "at" | "terraformAt">;

function urlProblems(attribute: string, value: string, rule: UrlRule, where: Where): ModuleProblem[] {
  const url = parseGoUrl(value);
  if (!url.ok) {
    const detail = `The value ${goQuote(value)} cannot be parsed as a URL: ${url.error}`;
    return [invalidValue(attribute, detail, where, value)];
  }
  if (url.scheme !== "" && url.host !== "") return [];
  if (rule === "valid") {
    const detail = `The value must be a valid URL containing at least a scheme and hostname. Had ${goQuote(value)}`;
    return [invalidValue(attribute, detail, where, value)];
  }
  const summary = "Complete URL Expected";
  return [
    {
      code: "endpoint-url-incomplete",
      severity: "warning",
      message:
        `${summary}: The value should be a valid URL containing at least a scheme and hostname. ` +
        `Had ${goQuote(value)}. Using an incomplete URL, such as a hostname only, may work, but may have ` +
        `unexpected behavior (${attribute}).${emptyEndpointConsequence(attribute, value)}`,
      ...where,
      fix: fixFor(attribute, value),
      terraformError: null,
      terraformWarning: summary,
    },
  ];
}

function invalidValue(attribute: string, detail: string, where: Where, value: string): ModuleProblem {
  return {
    code: "backend-value-invalid",
    severity: "error",
    message: `Invalid Value: ${detail} (${attribute}).`,
    ...where,
    fix: fixFor(attribute, value),
    terraformError: "Invalid Value",
  };
}

/**
 * What an empty endpoint does beyond the warning (seen on 1.11.4, FINDINGS §12): an empty S3 or DynamoDB endpoint is
 * used as it is, so init's first call to that service fails; an empty STS, IAM or SSO endpoint is left to the SDK.
 */
function emptyEndpointConsequence(attribute: string, value: string): string {
  if (value !== "") return "";
  if (attribute === "endpoints.s3" || attribute === "endpoints.dynamodb") {
    return (
      " Terraform uses the empty endpoint as it is: its first call to that service fails " +
      '("unsupported protocol scheme").'
    );
  }
  return "";
}

function fixFor(attribute: string, value: string): string {
  const example =
    value !== "" && !value.includes("://") && !/\s/.test(value) ? `https://${value}` : "https://host:port";
  return `Write ${attribute} as a full URL with a scheme and host, e.g. ${example}.`;
}
