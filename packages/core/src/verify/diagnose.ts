/**
 * Diagnoses that join what verify saw with what explain knows: which identity signed the call, why Terraform
 * picked it (the picked step's reason), and which file to change.
 */

import type { ActionAnalysis } from "./bucket-policy.js";
import type { Service, VerifyContext } from "./context.js";
import { backendFixTarget, describeWhyThisIdentity, shortRoleName } from "./identity.js";
import type { AwsCallError } from "./port/aws-port.js";
import type { Diagnosis } from "./report.js";

/** Error codes that mean "these credentials are not valid", whatever the service. */
const CREDENTIAL_CODES = new Set([
  "InvalidClientTokenId",
  "InvalidAccessKeyId",
  "UnrecognizedClientException",
  "SignatureDoesNotMatch",
  "InvalidSignatureException",
  "ExpiredToken",
  "ExpiredTokenException",
  "TokenRefreshRequired",
  "InvalidToken",
]);

const THROTTLING_CODES = new Set([
  "Throttling",
  "ThrottlingException",
  "SlowDown",
  "TooManyRequestsException",
  "RequestLimitExceeded",
  "ProvisionedThroughputExceededException",
  "RequestThrottled",
]);

const DENIED_CODES = new Set(["AccessDenied", "AccessDeniedException", "Forbidden", "AllAccessDisabled"]);

export function isCredentialError(error: AwsCallError): boolean {
  return CREDENTIAL_CODES.has(error.awsCode);
}

/** Throttling codes, 429, and 503 (SlowDown, ServiceUnavailable): the endpoint answered, busy. */
export function isThrottled(error: AwsCallError): boolean {
  return THROTTLING_CODES.has(error.awsCode) || error.httpStatus === 429 || error.httpStatus === 503;
}

/** A throttled call, as observed: the endpoint answered (never "did not answer"), with the status and code. */
export function throttledDetail(ctx: VerifyContext, error: AwsCallError): string {
  const status = error.httpStatus ? `${error.httpStatus} ` : "";
  const until = error.budgetExhausted
    ? `on every attempt until the ${ctx.timeoutMs / 1000} s budget ran out`
    : `through all ${ctx.settings.maxAttempts} attempts`;
  return `The endpoint answered ${status}${error.awsCode} to ${error.operation} ${until} (throttled or busy); Terraform retries the same way, so try again later.`;
}

export function isDenied(error: AwsCallError): boolean {
  return DENIED_CODES.has(error.awsCode) || (error.httpStatus === 403 && !isCredentialError(error));
}

export function isTransport(error: AwsCallError): boolean {
  return error.kind === "timeout" || error.kind === "network";
}

/** "… because <why>": the picked source and the roles on top, from the explanation. */
export function whyIdentity(ctx: VerifyContext): string {
  return describeWhyThisIdentity(ctx.explanation);
}

/** Invalid, mismatched or expired credentials: say which source they came from and how to renew them. */
export function credentialDiagnosis(ctx: VerifyContext, error: AwsCallError): Diagnosis {
  const source = whyIdentity(ctx);
  const key = ctx.credentials ? ` ${maskedKey(ctx)}` : "";
  switch (error.awsCode) {
    case "InvalidClientTokenId":
    case "InvalidAccessKeyId":
    case "UnrecognizedClientException":
      return {
        cause: `AWS does not know the access key${key}: it was deleted or deactivated, belongs to another partition, or is mistyped. Terraform got it because ${source}.`,
        fix: "Create a new access key for the user (or refresh the session) and update that source; if the key is right, check that the endpoints and region point at the right partition.",
      };
    case "SignatureDoesNotMatch":
    case "InvalidSignatureException":
      return {
        cause: `The secret key does not match the access key${key} (or a proxy/clock rewrote the request). Terraform got the pair because ${source}.`,
        fix: "Copy the secret access key again into that source (no quotes or trailing spaces), or rotate the key pair.",
      };
    default:
      return {
        cause: `The session credentials${key} have expired. Terraform got them because ${source}.`,
        fix: "Refresh them (aws sso login, re-run the command that exported AWS_SESSION_TOKEN, or re-assume the role) and run again.",
      };
  }
}

/** An endpoint that refused, timed out or was cancelled. */
export function transportDiagnosis(ctx: VerifyContext, service: Service, error: AwsCallError): Diagnosis {
  const endpoint =
    service === "credentials" ? null : ctx.settings.endpoints[service as keyof typeof ctx.settings.endpoints];
  const where = endpoint
    ? `the custom ${service} endpoint ${endpoint}`
    : `the ${service.toUpperCase()} endpoint for region ${ctx.settings.region}`;
  return {
    cause: `${where} did not answer ${error.operation} (${error.awsCode}: ${error.message}); Terraform would hang or fail the same way (it retries up to max_retries = ${ctx.settings.maxAttempts} attempts).`,
    fix: endpoint
      ? `Check that ${endpoint} is reachable from here, or fix endpoints.${service} in ${backendFixTarget(ctx.explanation)}.`
      : "Check network access to AWS (proxy, VPC endpoints, firewall) and the region.",
  };
}

/**
 * A denied S3 call: the bucket policy's verdict for this action when we have one, else the identity policy.
 * Names the caller, why Terraform uses it, the IAM action and the resource.
 */
export function s3AccessDiagnosis(ctx: VerifyContext, action: string, resource: string, extraCause = ""): Diagnosis {
  const caller = ctx.callerPhrase();
  const why = whyIdentity(ctx);
  const target = backendFixTarget(ctx.explanation);
  const analysis = ctx.policy?.analysis?.actions.find((a) => a.action === action && a.resource === resource) ?? null;
  const deny = analysis?.denies[0];
  if (analysis && deny) {
    return {
      cause: `${caller} is used because ${why}. The bucket policy statement "${deny.statement}" ${deny.conditional ? "may deny (its conditions were not evaluated)" : "explicitly denies"} ${action} on ${resource}; an explicit Deny wins over any Allow.${extraCause}`,
      fix: `Ask the bucket owner to change statement "${deny.statement}" so it does not match this caller, or use a principal it exempts (for example an assume_role in ${target}).`,
    };
  }
  const others = analysis?.allowsForOthers ?? [];
  if (analysis && others.length > 0 && analysis.allows.length === 0) {
    const principals = [...new Set(others.flatMap((o) => o.principals))];
    const roles = principals.filter((p) => /:role\//.test(p));
    const named = principals
      .map((p) => (/:role\//.test(p) ? shortRoleName(p) : p.replace(/^arn:[^:]+:iam::\d+:/, "")))
      .join(", ");
    const cross =
      analysis.decision === "implicit-deny"
        ? " The bucket is in another account, so the bucket policy must allow the caller."
        : "";
    const suggestions = [
      ...providerHint(ctx),
      ...(roles[0] ? [`add assume_role = { role_arn = "${roles[0]}" } to ${target}`] : []),
      `grant ${callerShort(ctx)} ${action} on ${resource}${analysis.decision === "implicit-deny" ? " in the bucket policy" : " in its identity policy"}`,
    ];
    return {
      cause: `${caller} is used because ${why}. The bucket policy allows ${action} only to ${named} (statement "${others[0]!.statement}"), not to this caller.${cross}${extraCause}`,
      fix: `Use one of those principals or grant this one: ${suggestions.join("; or ")}.`,
    };
  }
  if (analysis?.decision === "implicit-deny") {
    return {
      cause: `${caller} is used because ${why}. The bucket is in another account and its policy does not allow ${action} to this caller; cross-account access needs both the bucket policy and the identity policy.${extraCause}`,
      fix: `Ask the bucket owner to allow ${callerShort(ctx)} ${action} on ${resource} in the bucket policy, and allow it in the caller's identity policy too.`,
    };
  }
  return {
    cause: `${caller} is used because ${why}. Its identity policy does not allow ${action} on ${resource} (or an SCP, permissions boundary, session policy or VPC endpoint policy denies it).${analysis ? "" : " The bucket policy was not available to tell more."}${extraCause}`,
    fix: `${[...providerHint(ctx), `grant ${action} on ${resource} to ${callerShort(ctx)}`].join("; or ")}.`,
  };
}

/**
 * The explain diagnostic "provider-credentials-ignored" already knows what the user probably meant: the backend
 * setting that does what the ignored provider block does. It comes first, because a wrong identity is the cause.
 */
export function providerHint(ctx: VerifyContext): string[] {
  const d = ctx.explanation.diagnostics.find((x) => x.code === "provider-credentials-ignored");
  if (!d?.fix) return [];
  const fix = lowerFirst(d.fix.replace(/\.$/, ""));
  return [
    fix.includes("provider block")
      ? fix
      : `${fix} (the provider block sets this, but the backend never reads provider blocks)`,
  ];
}

export function callerShort(ctx: VerifyContext): string {
  const id = ctx.identity;
  if (!id) return "the caller";
  if (id.kind === "assumed-role" && id.roleArn) return shortRoleName(id.roleArn);
  return id.arn.replace(/^arn:[^:]+:(iam|sts)::\d+:/, "");
}

function maskedKey(ctx: VerifyContext): string {
  const id = ctx.credentials?.accessKeyId ?? "";
  return id.length > 8 ? `${id.slice(0, 4)}${"*".repeat(id.length - 8)}${id.slice(-4)}` : "****";
}

function lowerFirst(text: string): string {
  return text.charAt(0).toLowerCase() + text.slice(1);
}

/** The policy analysis entry for one action, if any. */
export function policyFor(ctx: VerifyContext, action: string, resource: string): ActionAnalysis | null {
  return ctx.policy?.analysis?.actions.find((a) => a.action === action && a.resource === resource) ?? null;
}
