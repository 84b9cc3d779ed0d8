/**
 * The English of the credential checks (credentials.base, credentials.assume-role[i], sts.caller-identity,
 * account.allowed): details, causes and fixes, from plain values.
 */
import type { Diagnosis } from "../report.js";

export const NO_VALID_CREDENTIALS = "No valid credential sources found";

export function noCredentialsSkip(reason: string): string {
  return `Not checked: no credentials (${reason}).`;
}

export function stopsAtHop(roleArn: string, id: string): string {
  return `Not checked: Terraform stops when it cannot assume ${roleArn} (see ${id}).`;
}

/** ` (AccessDenied: …)` when the call answered with an error, else nothing. */
function answered(error: { readonly awsCode: string; readonly message: string } | undefined): string {
  return error ? ` (${error.awsCode}: ${error.message})` : "";
}

type MaybeError = { readonly awsCode: string; readonly message: string } | undefined;

// ── credentials.base ───────────────────────────────────────────────────────────────────────────────────────────

export function staticKeys(maskedKey: string, withToken: boolean, why: string): string {
  return (
    `Static keys ${maskedKey}${withToken ? " with a session token" : ""}: ${why}. ` +
    "Nothing to fetch; the next call checks them."
  );
}

export function webIdentityFailed(roleArn: string): string {
  return `Cannot assume ${roleArn} with the web identity token`;
}

export function webIdentityDiagnosis(roleArn: string, error: MaybeError): Diagnosis {
  return {
    cause:
      `sts:AssumeRoleWithWebIdentity for ${roleArn} failed${answered(error)}. The role's trust policy must trust ` +
      "the token's issuer (Federated principal) and match its aud/sub claims.",
    fix:
      `Check the trust policy of ${roleArn} against the token's iss, aud and sub claims, ` +
      "and that the token is not expired.",
  };
}

export const WEB_IDENTITY_TERRAFORM_ERROR = "Cannot assume IAM Role with web identity";

export function webIdentityAssumed(roleArn: string, session: string | undefined, why: string): string {
  return `Assumed ${roleArn} with the web identity token${session ? ` (session ${session})` : ""}: ${why}.`;
}

export function ssoTokenInvalid(cacheFile: string): string {
  return `The SSO token cache ${cacheFile} is not valid JSON with an accessToken.`;
}

export function ssoTokenInvalidDiagnosis(cacheFile: string): Diagnosis {
  return {
    cause: `Terraform reads the SSO access token from ${cacheFile}.`,
    fix: "Run `aws sso login` for this profile's sso_session (or start URL).",
  };
}

export function ssoTokenExpired(expiresAt: Date | null): string {
  return (
    `The cached SSO token expired${expiresAt ? ` at ${expiresAt.toISOString()}` : ""}. Terraform would try to ` +
    "refresh it through SSO OIDC (CreateToken); verify does not, because that rewrites your token cache."
  );
}

export const SSO_TOKEN_EXPIRED_DIAGNOSIS: Diagnosis = {
  cause: "The SSO access token in the cache has expired.",
  fix: "Run `aws sso login` (for this profile's sso_session), then verify again.",
};

export function ssoFailed(roleName: string, accountId: string): string {
  return `SSO GetRoleCredentials for ${roleName} in ${accountId} failed`;
}

export function ssoDiagnosis(roleName: string, accountId: string, error: MaybeError): Diagnosis {
  return {
    cause:
      `The SSO portal refused role ${roleName} in account ${accountId}${answered(error)}: ` +
      "the token is revoked or the permission set is not assigned to you.",
    fix:
      "Run `aws sso login` again, and check sso_account_id / sso_role_name in the profile against your SSO " +
      "assignments.",
  };
}

export function ssoCredentials(roleName: string, accountId: string, maskedKey: string, why: string): string {
  return `SSO role credentials for ${roleName} in ${accountId} (${maskedKey}): ${why}.`;
}

export const PROCESS_FAILED = "credential_process failed";

export function processDiagnosis(error: MaybeError): Diagnosis {
  return {
    cause:
      `credential_process failed${answered(error)}. ` +
      `Terraform prints "process provider error: …" inside "${NO_VALID_CREDENTIALS}".`,
    fix:
      "Run the credential_process command by hand; it must print JSON with Version 1, AccessKeyId and " +
      "SecretAccessKey, without prompting.",
  };
}

export function processCredentials(maskedKey: string, why: string): string {
  return `credential_process returned ${maskedKey}: ${why}.`;
}

export function containerFailed(url: string): string {
  return `The container credentials endpoint ${url} failed`;
}

export function containerDiagnosis(url: string, error: MaybeError): Diagnosis {
  return {
    cause: `${url} did not return credentials${answered(error)}.`,
    fix:
      "Run inside the task/pod that has the role, or unset AWS_CONTAINER_CREDENTIALS_* and configure another " +
      "source.",
  };
}

export function containerCredentials(url: string, maskedKey: string, why: string): string {
  return `The container endpoint ${url} returned ${maskedKey}: ${why}.`;
}

export function imdsFailed(endpoint: string): string {
  return `EC2 instance metadata (${endpoint}) returned no role credentials`;
}

export function imdsDiagnosis(endpoint: string, error: MaybeError, fixTarget: string): Diagnosis {
  return {
    cause:
      `Nothing else provides credentials, so Terraform asks IMDS at ${endpoint}, which ` +
      `${error ? `failed (${error.awsCode}: ${error.message})` : "did not answer"}: ` +
      "this only works on EC2 with an instance profile.",
    fix:
      `Name a profile in ${fixTarget} (profile = "…"), ` +
      "or export AWS_PROFILE or AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY.",
  };
}

export function imdsCredentials(roleName: string, maskedKey: string, why: string): string {
  return `IMDS returned role ${roleName} credentials (${maskedKey}): ${why}.`;
}

export const CANCELLED = "Cancelled.";

export function baseFailed(detail: string, terraformError: string): string {
  return `${detail}. Terraform fails with "${terraformError}".`;
}

// ── credentials.assume-role[i] ─────────────────────────────────────────────────────────────────────────────────

export function hopSource(via: "backend" | "profile"): string {
  return via === "backend" ? "the backend's assume_role" : "a profile's role_arn";
}

export function hopTitle(roleArn: string, source: string): string {
  return `Assume ${roleArn} (${source})`;
}

export function hopAssumed(roleArn: string, assumedRoleArn: string | undefined, source: string, region: string) {
  return `Assumed ${roleArn}${assumedRoleArn ? ` as ${assumedRoleArn}` : ""} (${source}, STS region ${region}).`;
}

export function hopTerraformError(via: "backend" | "profile", roleArn: string): string {
  return via === "backend"
    ? `Cannot assume IAM Role: IAM Role (${roleArn}) cannot be assumed.`
    : "failed to refresh cached credentials, operation error STS: AssumeRole";
}

export function hopDeniedDiagnosis(p: {
  readonly assumer: string;
  readonly roleArn: string;
  readonly externalId: boolean;
  readonly why: string;
  readonly extraActions: readonly string[];
  readonly fixIn: string;
}): Diagnosis {
  return {
    cause:
      `${p.assumer} may not assume ${p.roleArn}: the role's trust policy does not name that principal` +
      `${p.externalId ? " (or the ExternalId condition does not match)" : ""}, or its identity policy lacks ` +
      `sts:AssumeRole on the role. The base credentials come from: ${p.why}.`,
    fix:
      `Add the caller to the Principal of ${p.roleArn}'s trust policy and allow sts:AssumeRole` +
      `${p.extraActions.length ? ` (plus ${p.extraActions.join(", ")})` : ""} on that role in the caller's ` +
      `identity policy; or fix role_arn in ${p.fixIn}.`,
  };
}

export function hopFailed(roleArn: string, awsCode: string, terraformError: string): string {
  return `sts:AssumeRole on ${roleArn} failed (${awsCode}). Terraform fails with "${terraformError}".`;
}

// ── sts.caller-identity ────────────────────────────────────────────────────────────────────────────────────────

export const CANCELLED_SKIP = "Not checked: cancelled.";

export function callerIdentitySkipped(awsCode: string): string {
  return (
    `sts:GetCallerIdentity failed (${awsCode}); skip_credentials_validation = true, so Terraform does not call ` +
    "it and goes on to S3 with these credentials."
  );
}

export function callerIdentityFailed(awsCode: string): string {
  return (
    `sts:GetCallerIdentity failed (${awsCode}). Terraform fails with "validating provider credentials: ` +
    `retrieving caller identity from STS: operation error STS: GetCallerIdentity, … ${awsCode}".`
  );
}

export const STOPS_AT_VALIDATION =
  "Not checked: Terraform stops at credential validation (sts:GetCallerIdentity), before any S3 call.";

export function callerIdentity(p: {
  readonly account: string;
  readonly arn: string;
  readonly kind: string;
  readonly maskedKey: string;
  readonly why: string;
  readonly skipped: boolean;
}): string {
  return (
    `Account ${p.account}, ${p.arn} (${p.kind}), signed with ${p.maskedKey}, because ${p.why}.` +
    (p.skipped ? " (Terraform itself skips this call: skip_credentials_validation = true.)" : "")
  );
}

// ── account.allowed ────────────────────────────────────────────────────────────────────────────────────────────

export const ACCOUNT_UNKNOWN = "Not checked: the account is unknown (GetCallerIdentity failed).";

export function accountAllowed(accountId: string, byAllowList: boolean): string {
  return byAllowList
    ? `Account ${accountId} is in allowed_account_ids.`
    : `Account ${accountId} is not in forbidden_account_ids.`;
}

export function accountRefused(accountId: string, allowed: readonly string[]): string {
  const where = allowed.length > 0 ? `not in allowed_account_ids (${allowed.join(", ")})` : "in forbidden_account_ids";
  return (
    `Account ${accountId} is ${where}. ` +
    `Terraform fails with "Invalid account ID: AWS account ID not allowed: ${accountId}".`
  );
}

export function accountRefusedDiagnosis(accountId: string, why: string, fixTarget: string, byAllowList: boolean) {
  return {
    cause: `The credentials belong to account ${accountId} because ${why}.`,
    fix:
      `Use credentials for the intended account (profile or assume_role in ${fixTarget}), ` +
      `or correct ${byAllowList ? "allowed_account_ids" : "forbidden_account_ids"}.`,
  } satisfies Diagnosis;
}

export const STOPS_AT_ACCOUNT = "Not checked: Terraform stops at the account check.";
