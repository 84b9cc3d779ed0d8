/** sts.caller-identity and account.allowed: who the backend signs as, and whether Terraform accepts that account. */
import { maskAccessKeyId } from "../redact.js";
import type { PolicyCaller } from "./bucket-policy.js";
import { type CheckResult, checkResult } from "./check-log.js";
import type { VerifyContext } from "./context.js";
import { credentialDiagnosis, isCredentialError, isTransport, transportDiagnosis, whyIdentity } from "./diagnose.js";
import { backendFixTarget, parseCallerArn } from "./identity.js";
import * as msg from "./messages/credentials.js";
import type { AwsCredentials } from "./port/aws-port.js";
import type { CheckId, VerifiedIdentity } from "./report.js";

/**
 * sts.caller-identity, what it established, and whether Terraform goes on; `stopAll`: the reason every other
 * check is not checked (Terraform stops at validation, or the run was cancelled).
 */
export interface CallerIdentityOutcome {
  readonly result: CheckResult;
  readonly proceed: boolean;
  readonly stopAll?: string;
  readonly identity: VerifiedIdentity | null;
  readonly caller: PolicyCaller | null;
}

/** GetCallerIdentity with the final credentials (aws-sdk-go-base GetAwsAccountIDAndPartition). */
export async function checkCallerIdentity(ctx: VerifyContext, creds: AwsCredentials): Promise<CallerIdentityOutcome> {
  const unknown = (result: CheckResult, proceed: boolean, stopAll?: string): CallerIdentityOutcome => ({
    result,
    proceed,
    ...(stopAll !== undefined ? { stopAll } : {}),
    identity: null,
    caller: null,
  });
  const id: CheckId = "sts.caller-identity";
  const skip = ctx.settings.skipCredentialsValidation;
  const r = await ctx.call("sts", "sts:GetCallerIdentity", () =>
    ctx.aws.getCallerIdentity(ctx.signedSts("backend", creds)),
  );
  if (!r.ok) {
    if (r.skipped !== undefined) {
      return unknown(checkResult(id, "not-checked", r.skipped), skip);
    }
    const error = r.error;
    const diagnosis = isTransport(error)
      ? transportDiagnosis(ctx, "sts", error)
      : isCredentialError(error)
        ? credentialDiagnosis(ctx, error)
        : undefined;
    if (error.kind === "aborted") {
      return unknown(checkResult(id, "not-checked", msg.CANCELLED, { error }), false, msg.CANCELLED_SKIP);
    }
    if (skip) {
      const extra = { error, ...(diagnosis ? { diagnosis } : {}) };
      return unknown(checkResult(id, "warn", msg.callerIdentitySkipped(error.awsCode), extra), true);
    }
    const extra = { error, ...(diagnosis ? { diagnosis } : {}) };
    const result = checkResult(id, "fail", msg.callerIdentityFailed(error.awsCode), extra);
    return unknown(result, false, msg.STOPS_AT_VALIDATION);
  }
  const parsed = parseCallerArn(r.value.arn, ctx.plan?.roles.map((h) => h.roleArn) ?? []);
  const identity: VerifiedIdentity = {
    accountId: r.value.account,
    arn: r.value.arn,
    kind: parsed.kind,
    roleArn: parsed.roleArn,
    sessionName: parsed.sessionName,
    accessKeyId: maskAccessKeyId(creds.accessKeyId),
    temporary: !!creds.sessionToken,
    expiresAt: creds.expiration?.toISOString() ?? null,
  };
  const caller: PolicyCaller = {
    arn: r.value.arn,
    accountId: r.value.account,
    roleArn: parsed.roleArn,
    userId: r.value.userId || null,
  };
  const kind = parsed.kind === "assumed-role" ? `a session of role ${parsed.roleArn}` : parsed.kind;
  const detail = msg.callerIdentity({
    account: r.value.account,
    arn: r.value.arn,
    kind,
    maskedKey: maskAccessKeyId(creds.accessKeyId),
    why: whyIdentity(ctx),
    skipped: skip,
  });
  const result = checkResult(id, "pass", detail, { calls: ["sts:GetCallerIdentity"] });
  return { result, proceed: true, identity, caller };
}

/**
 * account.allowed: allowed_account_ids / forbidden_account_ids (Configure → awsbase account check), decided from
 * the settings and the caller's identity; null when neither list is set. A fail means Terraform stops there.
 */
export function checkAccount(ctx: VerifyContext, identity: VerifiedIdentity | null): CheckResult | null {
  const id: CheckId = "account.allowed";
  const { allowedAccountIds: allowed, forbiddenAccountIds: forbidden } = ctx.settings;
  if (allowed.length === 0 && forbidden.length === 0) return null;
  if (!identity) return checkResult(id, "not-checked", msg.ACCOUNT_UNKNOWN);
  const target = backendFixTarget(ctx.explanation);
  const byAllowList = allowed.length > 0;
  const bad = byAllowList ? !allowed.includes(identity.accountId) : forbidden.includes(identity.accountId);
  if (!bad) return checkResult(id, "pass", msg.accountAllowed(identity.accountId, byAllowList));
  return checkResult(id, "fail", msg.accountRefused(identity.accountId, allowed), {
    diagnosis: msg.accountRefusedDiagnosis(identity.accountId, whyIdentity(ctx), target, byAllowList),
  });
}
