/** sts.caller-identity and account.allowed: who the backend signs as, and whether Terraform accepts that account. */
import { maskAccessKeyId } from "../redact.js";
import type { PolicyCaller } from "./bucket-policy.js";
import { type CheckResult, checkResult } from "./check-log.js";
import type { VerifyContext } from "./context.js";
import { credentialDiagnosis, isCredentialError, isTransport, transportDiagnosis, whyIdentity } from "./diagnose.js";
import { backendFixTarget, parseCallerArn } from "./identity.js";
import * as msg from "./messages/credentials.js";
import type { CheckId, VerifiedIdentity } from "./report.js";

/** What GetCallerIdentity established, and whether Terraform goes on (false: it stops at validation). */
export interface CallerIdentityOutcome {
  readonly proceed: boolean;
  readonly identity: VerifiedIdentity | null;
  readonly caller: PolicyCaller | null;
}

/** GetCallerIdentity with the final credentials (Step 5); records `sts.caller-identity`. */
export async function checkCallerIdentity(ctx: VerifyContext): Promise<CallerIdentityOutcome> {
  const unknown = (proceed: boolean): CallerIdentityOutcome => ({ proceed, identity: null, caller: null });
  const id: CheckId = "sts.caller-identity";
  const creds = ctx.credentials!;
  const skip = ctx.settings.skipCredentialsValidation;
  const r = await ctx.call("sts", "sts:GetCallerIdentity", () =>
    ctx.aws.getCallerIdentity(ctx.signedSts("backend", creds)),
  );
  if (!r.ok) {
    if (r.skipped !== undefined) {
      ctx.record(id, "not-checked", r.skipped);
      return unknown(skip);
    }
    const error = r.error;
    const diagnosis = isTransport(error)
      ? transportDiagnosis(ctx, "sts", error)
      : isCredentialError(error)
        ? credentialDiagnosis(ctx, error)
        : undefined;
    if (error.kind === "aborted") {
      ctx.record(id, "not-checked", msg.CANCELLED, { error });
      ctx.skipPending(() => true, msg.CANCELLED_SKIP);
      return unknown(false);
    }
    if (skip) {
      ctx.record(id, "warn", msg.callerIdentitySkipped(error.awsCode), { error, ...(diagnosis ? { diagnosis } : {}) });
      return unknown(true);
    }
    ctx.record(id, "fail", msg.callerIdentityFailed(error.awsCode), { error, ...(diagnosis ? { diagnosis } : {}) });
    ctx.skipPending(() => true, msg.STOPS_AT_VALIDATION);
    return unknown(false);
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
  ctx.record(id, "pass", detail, { calls: ["sts:GetCallerIdentity"] });
  return { proceed: true, identity, caller };
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
