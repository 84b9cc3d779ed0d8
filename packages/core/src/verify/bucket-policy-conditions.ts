/** The bucket-policy conditions verify can evaluate for certain (bucket-policy.ts analyzeBucketPolicy). */

import { lastSegment, parseIamArn, wildcard } from "./bucket-policy-helpers.js";
import type { PolicyAnalysisOptions, PolicyCaller, PolicyRequest } from "./bucket-policy-types.js";

/** A statement's Condition block: operator → condition key → values. */
export type PolicyCondition = Readonly<Record<string, Readonly<Record<string, readonly string[]>>>>;

// ── Conditions ──────────────────────────────────────────────────────────────────────────────────────────────

const EVALUATED_OPERATORS = new Set([
  "StringEquals",
  "StringNotEquals",
  "StringEqualsIgnoreCase",
  "StringNotEqualsIgnoreCase",
  "StringLike",
  "StringNotLike",
  "ArnEquals",
  "ArnNotEquals",
  "ArnLike",
  "ArnNotLike",
  "Bool",
]);

/**
 * Evaluates only what we know for certain: aws:PrincipalArn, aws:PrincipalAccount, aws:userid, aws:username,
 * aws:SecureTransport (when told) and s3:prefix (ListObjectsV2's prefix). Keys within a block are ANDed, values
 * ORed (negated operators: none may match), as IAM does. Anything else makes the statement "unknown".
 */
export function evaluateCondition(
  condition: PolicyCondition | null,
  caller: PolicyCaller,
  request: PolicyRequest,
  options: PolicyAnalysisOptions,
): { result: boolean | "unknown"; unknownKeys: string[] } {
  if (!condition) return { result: true, unknownKeys: [] };
  const context = new Map<string, string>([
    ["aws:principalarn", caller.roleArn ?? caller.arn],
    ["aws:principalaccount", caller.accountId],
  ]);
  if (caller.userId) context.set("aws:userid", caller.userId);
  const user = parseIamArn(caller.arn);
  if (user?.type === "user") context.set("aws:username", lastSegment(user.name));
  if (options.secureTransport !== undefined) context.set("aws:securetransport", String(options.secureTransport));
  if (request.prefix !== undefined) context.set("s3:prefix", request.prefix);

  const unknownKeys: string[] = [];
  let result: boolean | "unknown" = true;
  for (const [operator, block] of Object.entries(condition)) {
    for (const [conditionKey, values] of Object.entries(block)) {
      const value = context.get(conditionKey.toLowerCase());
      if (!EVALUATED_OPERATORS.has(operator) || value === undefined) {
        unknownKeys.push(`${operator} ${conditionKey}`);
        if (result === true) result = "unknown";
        continue;
      }
      if (!testOperator(operator, value, values)) result = false;
    }
  }
  return { result, unknownKeys };
}

function testOperator(operator: string, value: string, values: readonly string[]): boolean {
  const negated = operator.includes("Not");
  const any = (f: (v: string) => boolean) => values.some(f);
  let hit: boolean;
  switch (operator.replace("Not", "")) {
    case "StringEquals":
    case "ArnEquals":
      hit = any((v) => v === value);
      break;
    case "StringEqualsIgnoreCase":
      hit = any((v) => v.toLowerCase() === value.toLowerCase());
      break;
    case "StringLike":
    case "ArnLike":
      hit = any((v) => wildcard(v, value, false));
      break;
    case "Bool":
      hit = any((v) => v.toLowerCase() === value.toLowerCase());
      break;
    default:
      hit = false;
  }
  return negated ? !hit : hit;
}
