/**
 * The English of the diagnoses every check shares (diagnose.ts): invalid credentials, an endpoint that did not
 * answer, throttling, a denied S3 call, and the endpoint-skip reasons of the run's context.
 */
import type { Diagnosis, VerifiedIdentity } from "../report.js";

/** The caller, as a phrase: `user/terraform-access (arn:aws:iam::…)`, `a session of role/R (arn:aws:sts::…)`. */
export function callerPhrase(id: VerifiedIdentity | null): string {
  if (!id) return "the caller";
  const short =
    id.kind === "assumed-role" && id.roleArn
      ? `a session of ${id.roleArn.replace(/^arn:[^:]+:iam::\d+:/, "")}`
      : id.arn.replace(/^arn:[^:]+:(iam|sts)::\d+:/, "");
  return `${short} (${id.arn})`;
}

export function throttledDetail(status: string, awsCode: string, operation: string, until: string): string {
  return (
    `The endpoint answered ${status}${awsCode} to ${operation} ${until} (throttled or busy); ` +
    "Terraform retries the same way, so try again later."
  );
}

export function budgetRanOut(timeoutMs: number): string {
  return `until the ${timeoutMs / 1000} s budget ran out`;
}

export function everyAttemptUntilBudget(timeoutMs: number): string {
  return `on every attempt ${budgetRanOut(timeoutMs)}`;
}

export function allAttempts(maxAttempts: number): string {
  return `through all ${maxAttempts} attempts`;
}

export function unknownKey(key: string, source: string): Diagnosis {
  return {
    cause:
      `AWS does not know the access key${key}: it was deleted or deactivated, belongs to another partition, or ` +
      `is mistyped. Terraform got it because ${source}.`,
    fix:
      "Create a new access key for the user (or refresh the session) and update that source; if the key is " +
      "right, check that the endpoints and region point at the right partition.",
  };
}

export function wrongSecret(key: string, source: string): Diagnosis {
  return {
    cause:
      `The secret key does not match the access key${key} (or a proxy/clock rewrote the request). ` +
      `Terraform got the pair because ${source}.`,
    fix: "Copy the secret access key again into that source (no quotes or trailing spaces), or rotate the key pair.",
  };
}

export function expiredSession(key: string, source: string): Diagnosis {
  return {
    cause: `The session credentials${key} have expired. Terraform got them because ${source}.`,
    fix:
      "Refresh them (aws sso login, re-run the command that exported AWS_SESSION_TOKEN, or re-assume the role) " +
      "and run again.",
  };
}

export function endpointWhere(service: string, endpoint: string | null | undefined, region: string): string {
  return endpoint
    ? `the custom ${service} endpoint ${endpoint}`
    : `the ${service.toUpperCase()} endpoint for region ${region}`;
}

export function transportDiagnosis(p: {
  readonly where: string;
  readonly operation: string;
  readonly awsCode: string;
  readonly message: string;
  readonly maxAttempts: number;
  readonly service: string;
  readonly endpoint: string | null | undefined;
  readonly fixTarget: string;
}): Diagnosis {
  return {
    cause:
      `${p.where} did not answer ${p.operation} (${p.awsCode}: ${p.message}); Terraform would hang or fail the ` +
      `same way (it retries up to max_retries = ${p.maxAttempts} attempts).`,
    fix: p.endpoint
      ? `Check that ${p.endpoint} is reachable from here, or fix endpoints.${p.service} in ${p.fixTarget}.`
      : "Check network access to AWS (proxy, VPC endpoints, firewall) and the region.",
  };
}

// ── A denied S3 call ───────────────────────────────────────────────────────────────────────────────────────────

export interface DeniedCall {
  readonly caller: string;
  readonly why: string;
  readonly action: string;
  readonly resource: string;
  readonly extraCause: string;
}

export function deniedByStatement(
  d: DeniedCall,
  statement: string,
  conditional: boolean,
  fixTarget: string,
): Diagnosis {
  return {
    cause:
      `${d.caller} is used because ${d.why}. The bucket policy statement "${statement}" ` +
      `${conditional ? "may deny (its conditions were not evaluated)" : "explicitly denies"} ${d.action} on ` +
      `${d.resource}; an explicit Deny wins over any Allow.${d.extraCause}`,
    fix:
      `Ask the bucket owner to change statement "${statement}" so it does not match this caller, or use a ` +
      `principal it exempts (for example an assume_role in ${fixTarget}).`,
  };
}

export const CROSS_ACCOUNT_NEEDS_BUCKET_POLICY =
  " The bucket is in another account, so the bucket policy must allow the caller.";

export function assumeRoleSuggestion(roleArn: string, fixTarget: string): string {
  return `add assume_role = { role_arn = "${roleArn}" } to ${fixTarget}`;
}

export function grantSuggestion(caller: string, action: string, resource: string, inBucketPolicy: boolean): string {
  const where = inBucketPolicy ? " in the bucket policy" : " in its identity policy";
  return `grant ${caller} ${action} on ${resource}${where}`;
}

export function allowedOnlyToOthers(d: DeniedCall, named: string, statement: string, cross: string): string {
  return (
    `${d.caller} is used because ${d.why}. The bucket policy allows ${d.action} only to ${named} ` +
    `(statement "${statement}"), not to this caller.${cross}${d.extraCause}`
  );
}

export function useThoseOrGrant(suggestions: readonly string[]): string {
  return `Use one of those principals or grant this one: ${suggestions.join("; or ")}.`;
}

export function crossAccountDenied(d: DeniedCall, callerShort: string): Diagnosis {
  return {
    cause:
      `${d.caller} is used because ${d.why}. The bucket is in another account and its policy does not allow ` +
      `${d.action} to this caller; cross-account access needs both the bucket policy and the identity ` +
      `policy.${d.extraCause}`,
    fix:
      `Ask the bucket owner to allow ${callerShort} ${d.action} on ${d.resource} in the bucket policy, and ` +
      "allow it in the caller's identity policy too.",
  };
}

export function identityPolicyDenies(
  d: DeniedCall,
  policyKnown: boolean,
  callerShort: string,
  hints: readonly string[],
): Diagnosis {
  return {
    cause:
      `${d.caller} is used because ${d.why}. Its identity policy does not allow ${d.action} on ${d.resource} ` +
      "(or an SCP, permissions boundary, session policy or VPC endpoint policy denies it)." +
      `${policyKnown ? "" : " The bucket policy was not available to tell more."}${d.extraCause}`,
    fix: `${[...hints, `grant ${d.action} on ${d.resource} to ${callerShort}`].join("; or ")}.`,
  };
}

export function providerHintSuffix(fix: string): string {
  return `${fix} (the provider block sets this, but the backend never reads provider blocks)`;
}

// ── Endpoints the run stops asking (context.ts) ────────────────────────────────────────────────────────────────

export function stillThrottled(status: number | null, awsCode: string, operation: string, until: string): string {
  return (
    `Not checked: the endpoint answered ${status ? `${status} ` : ""}${awsCode} to ${operation} ${until} ` +
    "(throttled or busy)."
  );
}

export function endpointDead(url: string | null, operation: string, awsCode: string, message: string): string {
  return `Not checked: ${url ?? "the credential source"} did not answer ${operation} (${awsCode}: ${message}).`;
}

export function defaultEndpoint(service: string): string {
  return `the default ${service.toUpperCase()} endpoint`;
}

export const CANCELLED_BEFORE_CALL = "Cancelled before this call.";
