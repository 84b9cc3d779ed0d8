/** The run's checks judged by the call model for the chosen commands (model-judge.ts), in report order. */
import type { VerifyContext } from "./context.js";
import { credentialStep } from "./credential-steps.js";
import { tableArn } from "./lock-checks.js";
import { judgeCheck } from "./model-judge.js";
import { policyFor, withGrantingStatement } from "./policy-fix.js";
import type { Check } from "./report.js";
import { s3Arn } from "./s3-common.js";
import { type NeededCall, neededCalls, type TerraformOperation } from "./terraform-needs.js";

/** Whether the selected workspace's state object exists: known from the state read, else null. */
function stateExists(ctx: VerifyContext): boolean | null {
  if (ctx.stateObject) return true;
  return ctx.checks.find((c) => c.id === "s3.state-read")?.status === "pass" ? false : null;
}

export function judgeByModel(ctx: VerifyContext, operation: TerraformOperation): Check[] {
  const needed = neededCalls(ctx.settings, stateExists(ctx), operation);
  const arnOf = (n: NeededCall) =>
    n.call.service === "dynamodb" ? tableArn(ctx) : n.target === "listing" ? s3Arn(ctx) : s3Arn(ctx, n.call.resource);
  const policy = policyFor(ctx, operation);
  return ctx.ordered().map((check) => {
    const judged = judgeCheck(check, ctx.tested.get(check.id), { needed, operation, arnOf });
    if (judged.status !== "fail" || judged.terraform) return withGrantingStatement(judged, policy);
    const step = credentialStep(judged, ctx.plan);
    return step ? { ...judged, terraform: step } : judged;
  });
}
