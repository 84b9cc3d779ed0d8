/**
 * Which statement of a backend policy grants an action on a resource: for a fix that quotes the missing statement
 * (verify, when a check fails). IAM's matching, as far as the policy uses it: `*` in an ARN matches any characters.
 */
import type { ExplainedStatement, PrincipalPolicy } from "./policy-types.js";

/** The statement, and its JSON as it appears in the policy document. */
export interface GrantingStatement {
  readonly sid: string;
  readonly statement: ExplainedStatement;
  readonly json: string;
}

function arnMatches(pattern: string, arn: string): boolean {
  const escaped = pattern.replace(/[.+?^${}()|[\]\\]/g, "\\$&").replaceAll("*", ".*");
  return new RegExp(`^${escaped}$`).test(arn);
}

/**
 * The statement of `policy` whose Action holds `action` and whose Resource matches `resource` (an ARN: the
 * bucket, an object `arn:aws:s3:::bucket/key`, a table, a key), or null when the policy grants no such thing.
 */
export function statementGranting(policy: PrincipalPolicy, action: string, resource: string): GrantingStatement | null {
  for (const explained of policy.statements) {
    const { Action, Resource, Sid } = explained.statement;
    if (!Action.includes(action)) continue;
    const resources = typeof Resource === "string" ? [Resource] : Resource;
    if (resources.some((pattern) => arnMatches(pattern, resource)))
      return { sid: Sid, statement: explained, json: JSON.stringify(explained.statement, null, 2) };
  }
  return null;
}
