/** s3.bucket-policy: GetBucketPolicy, analysed for this caller and every S3 action Terraform needs here. */
import { analyzeBucketPolicy, type PolicyRequest } from "./bucket-policy.js";
import { type CheckResult, checkResult } from "./check-log.js";
import type { BucketPolicyFacts, VerifyContext } from "./context.js";
import { callerShort, isDenied, isTransport, s3AccessDiagnosis } from "./diagnose.js";
import * as msg from "./messages/s3.js";
import type { CheckId } from "./report.js";
import { listPrefix, lockfileKey } from "./s3-common.js";
import type { Tested } from "./terraform-needs.js";

/**
 * GetBucketPolicy + analysis for every S3 action Terraform needs here. Not a Terraform call; a denial is fine.
 * No facts when the call was skipped (then s3.bucket-policy is not checked, with the reason).
 */
export async function fetchBucketPolicy(
  ctx: VerifyContext,
): Promise<{ readonly facts: BucketPolicyFacts | null; readonly skipped?: CheckResult }> {
  const r = await ctx.call("s3", "s3:GetBucketPolicy", () => ctx.aws.getBucketPolicy(ctx.s3(), ctx.settings.bucket));
  if (!r.ok) {
    // A skipped call (endpoint dead or still throttled) is not "no policy": say why it was not checked.
    if (r.skipped === undefined) return { facts: { json: null, analysis: null, error: r.error } };
    return { facts: null, skipped: checkResult("s3.bucket-policy", "not-checked", r.skipped) };
  }
  const caller = ctx.caller;
  const requests: PolicyRequest[] = [
    { action: "s3:ListBucket", prefix: listPrefix(ctx) },
    { action: "s3:GetObject", key: ctx.settings.statePath },
    { action: "s3:PutObject", key: ctx.settings.statePath },
  ];
  if (ctx.settings.useLockfile) {
    for (const action of ["s3:GetObject", "s3:PutObject", "s3:DeleteObject"])
      requests.push({ action, key: lockfileKey(ctx) });
  }
  const secureTransport = !(ctx.settings.endpoints.s3 ?? "https:").startsWith("http:");
  const analysis =
    r.value && caller
      ? analyzeBucketPolicy(r.value, caller, ctx.settings.bucket, ctx.settings.statePath, requests, { secureTransport })
      : null;
  return { facts: { json: r.value, analysis, error: null } };
}

/** The Terraform call a policy denial stops: the action on the bucket, the lockfile or the state object. */
function testedByPolicy(action: string, resource: string): Tested | undefined {
  const known = ["s3:ListBucket", "s3:GetObject", "s3:PutObject", "s3:DeleteObject"] as const;
  const iam = known.find((a) => a === action);
  if (!iam) return undefined;
  const target = !resource.includes("/") ? "listing" : resource.endsWith(".tflock") ? "lockfile" : "state";
  // A policy denial is answered as AccessDenied (what the default prefix's listing tolerates).
  return { action: iam, target, code: "AccessDenied" };
}

/**
 * s3.bucket-policy, decided from what fetchBucketPolicy found (the runner records it after the S3 checks whose
 * diagnoses the policy feeds); null when the call was skipped (already recorded as not checked).
 */
export function decideBucketPolicy(ctx: VerifyContext, p: BucketPolicyFacts | null): CheckResult | null {
  const id: CheckId = "s3.bucket-policy";
  if (!p) return null;
  if (p.error) {
    const e = p.error;
    const status = isDenied(e) ? "not-checked" : isTransport(e) || e.kind === "aborted" ? "not-checked" : "warn";
    return checkResult(id, status, isDenied(e) ? msg.POLICY_DENIED : msg.policyFailed(e.awsCode), { error: e });
  }
  const calls = ["s3:GetBucketPolicy"];
  if (p.json === null) {
    return checkResult(id, "pass", msg.NO_POLICY, { calls });
  }
  const a = p.analysis;
  if (!a) {
    return checkResult(id, "not-checked", msg.POLICY_CALLER_UNKNOWN, { calls });
  }
  if (!a.valid) {
    return checkResult(id, "warn", msg.policyUnparsable(a.error), { calls });
  }
  const lines = a.actions.map((x) =>
    msg.policyActionLine(x.action, x.resource.replace(/^arn:[^:]+:s3:::/, ""), x.decision),
  );
  const notEvaluated = [
    ...new Set(a.actions.flatMap((x) => x.notEvaluated.map((n) => `${n.statement} (${n.keys.join(", ")})`))),
  ];
  const scope = a.crossAccount === null ? msg.POLICY_SAME_ACCOUNT_ASSUMED : "";
  const notes = [...a.notes, ...(notEvaluated.length ? [msg.conditionsNotEvaluated(notEvaluated)] : [])];
  const detail = msg.policyDetail(callerShort(ctx), lines, scope, notes);
  const denied = a.actions.find((x) => x.decision === "explicit-deny" || x.decision === "implicit-deny");
  const forOthers = a.actions.find((x) => x.decision === "identity-decides" && x.allowsForOthers.length > 0);
  if (denied) {
    const tested = testedByPolicy(denied.action, denied.resource);
    return checkResult(id, "fail", detail, {
      calls,
      diagnosis: s3AccessDiagnosis(ctx, denied.action, denied.resource),
      ...(tested ? { tested } : {}),
    });
  }
  if (a.decision === "possible-deny" || forOthers) {
    const x = forOthers ?? a.actions.find((y) => y.decision === "possible-deny")!;
    return checkResult(id, "warn", detail, {
      calls,
      diagnosis: s3AccessDiagnosis(ctx, x.action, x.resource, forOthers ? msg.POLICY_IDENTITY_MAY_ALLOW : ""),
    });
  }
  return checkResult(id, "pass", detail, { calls });
}
