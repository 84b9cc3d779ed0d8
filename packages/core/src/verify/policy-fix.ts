/**
 * A failing check's fix quotes the statement of `tfwhy policy` (policy/derive-policy.ts) that grants what the
 * Terraform call needs: the missing permission as a statement to paste, for the principal Terraform signs with.
 */
import { identityOf } from "../policy/backend-policy.js";
import { derivePolicy } from "../policy/derive-policy.js";
import type { BackendPolicy } from "../policy/policy-types.js";
import { statementGranting } from "../policy/statement-for.js";
import type { VerifyContext } from "./context.js";
import type { Check } from "./report.js";
import type { TerraformOperation } from "./terraform-needs.js";

const DENIED = new Set(["AccessDenied", "AccessDeniedException", "Forbidden"]);

/** The policy for this backend and the commands verify judged for (every workspace, as `tfwhy policy` gives it). */
export function policyFor(ctx: VerifyContext, operation: TerraformOperation): BackendPolicy {
  const identity = identityOf(ctx.explanation, ctx.plan);
  return derivePolicy(ctx.settings, identity, { operations: operation === "apply" ? "all" : "plan" });
}

/** The check with the granting statement added to its fix, when it failed on a denial of a call the policy grants. */
export function withGrantingStatement(check: Check, policy: BackendPolicy): Check {
  const step = check.terraform;
  if (check.status !== "fail" || !step || check.fix === null) return check;
  const denied = check.awsError ? DENIED.has(check.awsError.code) : check.id === "s3.bucket-policy";
  if (!denied) return check;
  const action = step.action.split(" + ")[0] ?? step.action;
  const granting = statementGranting(policy.identity, action, step.resource);
  if (!granting) return check;
  const statement = JSON.stringify(granting.statement.statement);
  return {
    ...check,
    fix: `${check.fix} The statement \`tfwhy policy\` gives for it (Sid ${granting.sid}): ${statement}`,
  };
}
