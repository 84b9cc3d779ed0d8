/**
 * Diagnoses that join what verify saw with what explain knows: which identity signed the call, why Terraform
 * picked it (the picked step's reason), and which file to change.
 */

import type { ActionAnalysis } from "./bucket-policy.js";
import type { Service, VerifyContext } from "./context.js";
import { backendFixTarget, describeWhyThisIdentity, shortRoleName } from "./identity.js";
import * as msg from "./messages/diagnose.js";
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

const DENIED_CODES = new Set(["AccessDenied", "AccessDeniedException", "Forbidden", "AllAccessDisabled"]);

export function isCredentialError(error: AwsCallError): boolean {
  return CREDENTIAL_CODES.has(error.awsCode);
}

/** A throttled call, as observed: the endpoint answered (never "did not answer"), with the status and code. */
export function throttledDetail(ctx: VerifyContext, error: AwsCallError): string {
  const status = error.httpStatus ? `${error.httpStatus} ` : "";
  const until = error.budgetExhausted
    ? msg.everyAttemptUntilBudget(ctx.timeoutMs)
    : msg.allAttempts(ctx.settings.maxAttempts);
  return msg.throttledDetail(status, error.awsCode, error.operation, until);
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
      return msg.unknownKey(key, source);
    case "SignatureDoesNotMatch":
    case "InvalidSignatureException":
      return msg.wrongSecret(key, source);
    default:
      return msg.expiredSession(key, source);
  }
}

/** An endpoint that refused, timed out or was cancelled. */
export function transportDiagnosis(ctx: VerifyContext, service: Service, error: AwsCallError): Diagnosis {
  const endpoint =
    service === "credentials" ? null : ctx.settings.endpoints[service as keyof typeof ctx.settings.endpoints];
  return msg.transportDiagnosis({
    where: msg.endpointWhere(service, endpoint, ctx.settings.region),
    operation: error.operation,
    awsCode: error.awsCode,
    message: error.message,
    maxAttempts: ctx.settings.maxAttempts,
    service,
    endpoint,
    fixTarget: backendFixTarget(ctx.explanation),
  });
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
  const denied: msg.DeniedCall = { caller, why, action, resource, extraCause };
  if (analysis && deny) return msg.deniedByStatement(denied, deny.statement, deny.conditional, target);
  const others = analysis?.allowsForOthers ?? [];
  if (analysis && others.length > 0 && analysis.allows.length === 0) {
    const principals = [...new Set(others.flatMap((o) => o.principals))];
    const roles = principals.filter((p) => /:role\//.test(p));
    const named = principals
      .map((p) => (/:role\//.test(p) ? shortRoleName(p) : p.replace(/^arn:[^:]+:iam::\d+:/, "")))
      .join(", ");
    const crossAccount = analysis.decision === "implicit-deny";
    const suggestions = [
      ...providerHint(ctx),
      ...(roles[0] ? [msg.assumeRoleSuggestion(roles[0], target)] : []),
      msg.grantSuggestion(callerShort(ctx), action, resource, crossAccount),
    ];
    const cross = crossAccount ? msg.CROSS_ACCOUNT_NEEDS_BUCKET_POLICY : "";
    return {
      cause: msg.allowedOnlyToOthers(denied, named, others[0]!.statement, cross),
      fix: msg.useThoseOrGrant(suggestions),
    };
  }
  if (analysis?.decision === "implicit-deny") return msg.crossAccountDenied(denied, callerShort(ctx));
  return msg.identityPolicyDenies(denied, analysis !== null, callerShort(ctx), providerHint(ctx));
}

/**
 * The explain diagnostic "provider-credentials-ignored" already knows what the user probably meant: the backend
 * setting that does what the ignored provider block does. It comes first, because a wrong identity is the cause.
 */
export function providerHint(ctx: VerifyContext): string[] {
  const d = ctx.explanation.diagnostics.find((x) => x.code === "provider-credentials-ignored");
  if (!d?.fix) return [];
  const fix = lowerFirst(d.fix.replace(/\.$/, ""));
  return [fix.includes("provider block") ? fix : msg.providerHintSuffix(fix)];
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
