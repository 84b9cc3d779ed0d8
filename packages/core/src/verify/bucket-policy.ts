/**
 * A focused, pure evaluator of one S3 bucket policy against one caller: which statements explicitly deny the
 * calls Terraform makes, which allow them, and which allow only *other* principals. It follows the AWS policy
 * evaluation logic for resource policies (explicit Deny wins; same account: an identity-policy Allow suffices
 * unless denied; cross account: both the identity policy and the bucket policy must allow), but only evaluates
 * the condition keys it can know for sure; every other condition is reported as not evaluated.
 */

import { evaluateCondition, type PolicyCondition } from "./bucket-policy-conditions.js";
import { isObject, lastSegment, parseIamArn, partitionOf, strings, wildcard } from "./bucket-policy-helpers.js";
import type { PolicyAnalysisOptions, PolicyCaller, PolicyRequest } from "./bucket-policy-types.js";
import * as msg from "./messages/policy.js";

/**
 * explicit-deny: a Deny statement applies. possible-deny: a Deny applies unless a condition we do not evaluate
 * says otherwise. allowed: the bucket policy allows the caller. identity-decides: the bucket policy neither
 * allows nor denies; in the same account the caller's identity policy decides. implicit-deny: cross-account
 * and the bucket policy does not allow the caller, so the call is denied whatever the identity policy says.
 */
export type PolicyDecision = "explicit-deny" | "possible-deny" | "allowed" | "identity-decides" | "implicit-deny";

export type { PolicyAnalysisOptions, PolicyCaller, PolicyRequest } from "./bucket-policy-types.js";

export interface StatementRef {
  /** `Sid`, or `statement #n` (1-based). */
  readonly statement: string;
  readonly effect: "Allow" | "Deny";
}

export interface ActionAnalysis {
  readonly action: string;
  readonly resource: string;
  readonly decision: PolicyDecision;
  /** Deny statements that apply (or may apply, when conditions were not evaluated). */
  readonly denies: readonly (StatementRef & { readonly conditional: boolean })[];
  /** Allow statements that name the caller (or everyone, or the caller's account). */
  readonly allows: readonly (StatementRef & { readonly viaAccount: boolean; readonly conditional: boolean })[];
  /** Allow statements covering this action and resource whose principals do not include the caller. */
  readonly allowsForOthers: readonly (StatementRef & { readonly principals: readonly string[] })[];
  /** Conditions left unevaluated, per statement. */
  readonly notEvaluated: readonly (StatementRef & { readonly keys: readonly string[] })[];
}

export interface BucketPolicyAnalysis {
  readonly valid: boolean;
  readonly error: string | null;
  /** null: the bucket's account is unknown and assumed to be the caller's. */
  readonly crossAccount: boolean | null;
  readonly actions: readonly ActionAnalysis[];
  /** Observations that are not decisions (NotPrincipal quirks, unsupported elements). */
  readonly notes: readonly string[];
  /** The worst decision over all actions. */
  readonly decision: PolicyDecision;
}

interface Statement {
  readonly ref: StatementRef;
  readonly principal: PrincipalSpec;
  readonly actions: { readonly not: boolean; readonly patterns: readonly string[] };
  readonly resources: { readonly not: boolean; readonly patterns: readonly string[] } | null;
  readonly condition: PolicyCondition | null;
}

type PrincipalSpec = {
  readonly not: boolean;
  readonly everyone: boolean;
  readonly aws: readonly string[];
  readonly other: readonly string[];
} | null;

const DECISION_RANK: Record<PolicyDecision, number> = {
  allowed: 0,
  "identity-decides": 1,
  "possible-deny": 2,
  "implicit-deny": 3,
  "explicit-deny": 4,
};

/**
 * Analyses `policyJson` (what GetBucketPolicy returns) for `caller` calling `requests` on `bucket`/`key`.
 * Pure: no I/O, no clock.
 *
 * @example
 * analyzeBucketPolicy(policy, { arn: "arn:aws:iam::111122223333:user/terraform-access", accountId: "111122223333" },
 *   "tfstate", "prod/terraform.tfstate", ["s3:ListBucket", "s3:GetObject", "s3:PutObject"]);
 */
export function analyzeBucketPolicy(
  policyJson: string,
  caller: PolicyCaller,
  bucket: string,
  key: string,
  requests: readonly (string | PolicyRequest)[],
  options: PolicyAnalysisOptions = {},
): BucketPolicyAnalysis {
  const crossAccount = options.bucketAccountId ? options.bucketAccountId !== caller.accountId : null;
  const partition = options.partition ?? partitionOf(caller.arn);
  let statements: Statement[];
  const notes: string[] = [];
  try {
    statements = parseStatements(JSON.parse(policyJson), notes);
  } catch (error) {
    return {
      valid: false,
      error: error instanceof Error ? error.message : String(error),
      crossAccount,
      actions: [],
      notes,
      decision: "identity-decides",
    };
  }

  const actions = requests.map((r) => {
    const request: PolicyRequest = typeof r === "string" ? (isBucketAction(r) ? { action: r } : { action: r, key }) : r;
    const resource =
      request.key === undefined ? `arn:${partition}:s3:::${bucket}` : `arn:${partition}:s3:::${bucket}/${request.key}`;
    return analyzeAction(statements, caller, request, resource, crossAccount === true, options, notes);
  });
  const decision = actions.reduce<PolicyDecision>(
    (worst, a) => (DECISION_RANK[a.decision] > DECISION_RANK[worst] ? a.decision : worst),
    "allowed",
  );
  return {
    valid: true,
    error: null,
    crossAccount,
    actions,
    notes: [...new Set(notes)],
    decision: actions.length ? decision : "identity-decides",
  };
}

/** Bucket-level S3 actions Terraform's backend needs (the rest are object-level). */
function isBucketAction(action: string): boolean {
  return /^s3:(ListBucket|GetBucket\w*|ListBucketVersions)$/i.test(action);
}

function analyzeAction(
  statements: readonly Statement[],
  caller: PolicyCaller,
  request: PolicyRequest,
  resource: string,
  crossAccount: boolean,
  options: PolicyAnalysisOptions,
  notes: string[],
): ActionAnalysis {
  const denies: (StatementRef & { conditional: boolean })[] = [];
  const allows: (StatementRef & { viaAccount: boolean; conditional: boolean })[] = [];
  const allowsForOthers: (StatementRef & { principals: readonly string[] })[] = [];
  const notEvaluated: (StatementRef & { keys: readonly string[] })[] = [];

  for (const s of statements) {
    if (!matchesAction(s.actions, request.action) || !matchesResource(s.resources, resource)) continue;
    const principal = matchPrincipal(s.principal, caller, s.ref, notes);
    if (principal === "no") {
      if (s.ref.effect === "Allow" && s.principal)
        allowsForOthers.push({ ...s.ref, principals: describePrincipals(s.principal) });
      continue;
    }
    const condition = evaluateCondition(s.condition, caller, request, options);
    if (condition.result === false) continue;
    const conditional = condition.result === "unknown";
    if (conditional) notEvaluated.push({ ...s.ref, keys: condition.unknownKeys });
    if (s.ref.effect === "Deny") denies.push({ ...s.ref, conditional });
    else allows.push({ ...s.ref, viaAccount: principal === "account", conditional });
  }

  let decision: PolicyDecision;
  const certainAllow = allows.some((a) => !a.conditional && !a.viaAccount);
  if (denies.some((d) => !d.conditional)) decision = "explicit-deny";
  else if (denies.length > 0) decision = "possible-deny";
  else if (crossAccount)
    decision = certainAllow || allows.some((a) => a.viaAccount && !a.conditional) ? "allowed" : "implicit-deny";
  else decision = certainAllow ? "allowed" : "identity-decides";
  return { action: request.action, resource, decision, denies, allows, allowsForOthers, notEvaluated };
}

// ── Parsing ─────────────────────────────────────────────────────────────────────────────────────────────────

function parseStatements(document: unknown, notes: string[]): Statement[] {
  if (!isObject(document)) throw new Error(msg.NOT_A_JSON_OBJECT);
  const raw = document.Statement;
  const list = Array.isArray(raw) ? raw : raw === undefined ? [] : [raw];
  return list.map((s, i): Statement => {
    if (!isObject(s)) throw new Error(msg.statementNotAnObject(i));
    const effect = s.Effect === "Deny" ? "Deny" : s.Effect === "Allow" ? "Allow" : null;
    if (!effect) throw new Error(msg.statementWithoutEffect(i));
    const ref: StatementRef = { statement: typeof s.Sid === "string" && s.Sid ? s.Sid : msg.statementName(i), effect };
    const principal =
      s.Principal !== undefined
        ? parsePrincipal(s.Principal, false)
        : s.NotPrincipal !== undefined
          ? parsePrincipal(s.NotPrincipal, true)
          : null;
    if (!principal) notes.push(msg.noPrincipal(ref.statement));
    const actions =
      s.Action !== undefined
        ? { not: false, patterns: strings(s.Action) }
        : { not: true, patterns: strings(s.NotAction) };
    const resources =
      s.Resource !== undefined
        ? { not: false, patterns: strings(s.Resource) }
        : s.NotResource !== undefined
          ? { not: true, patterns: strings(s.NotResource) }
          : null;
    const condition = isObject(s.Condition) ? parseCondition(s.Condition) : null;
    return { ref, principal, actions, resources, condition };
  });
}

function parsePrincipal(value: unknown, not: boolean): PrincipalSpec {
  if (value === "*") return { not, everyone: true, aws: [], other: [] };
  if (!isObject(value)) return { not, everyone: false, aws: [], other: [] };
  const aws = value.AWS === undefined ? [] : strings(value.AWS);
  const other = Object.entries(value)
    .filter(([type]) => type !== "AWS")
    .flatMap(([type, v]) => strings(v).map((p) => `${type}:${p}`));
  return { not, everyone: aws.includes("*"), aws: aws.filter((p) => p !== "*"), other };
}

function parseCondition(value: Record<string, unknown>): Record<string, Record<string, string[]>> {
  const out: Record<string, Record<string, string[]>> = {};
  for (const [operator, block] of Object.entries(value)) {
    if (!isObject(block)) continue;
    out[operator] = {};
    for (const [conditionKey, v] of Object.entries(block)) out[operator][conditionKey] = strings(v);
  }
  return out;
}

// ── Matching ────────────────────────────────────────────────────────────────────────────────────────────────

function matchesAction(spec: Statement["actions"], action: string): boolean {
  const hit = spec.patterns.some((p) => wildcard(p, action, true));
  return spec.not ? !hit : hit;
}

function matchesResource(spec: Statement["resources"], resource: string): boolean {
  if (!spec) return false;
  const hit = spec.patterns.some((p) => wildcard(p, resource, false));
  return spec.not ? !hit : hit;
}

/**
 * yes: the statement names the caller (or everyone). account: it names the caller's account, which for an
 * Allow delegates to the account's identity policies. no: it does not apply to the caller.
 */
function matchPrincipal(
  spec: PrincipalSpec,
  caller: PolicyCaller,
  ref: StatementRef,
  notes: string[],
): "yes" | "account" | "no" {
  if (!spec) return "no";
  if (spec.not) {
    // NotPrincipal: everyone except the listed principals. AWS evaluates a role session by its session ARN, so
    // listing only the role ARN does not exempt the session, and an account ARN exempts only the account's root
    // principal, not its users and roles (IAM docs, "NotPrincipal with Deny").
    const exempt = spec.aws.some((p) => principalIs(p, caller, true) === "yes");
    if (!exempt && caller.roleArn && spec.aws.some((p) => sameRole(p, caller.roleArn!))) {
      notes.push(msg.notPrincipalRoleOnly(ref.statement, caller.roleArn, caller.arn));
    }
    return exempt ? "no" : "yes";
  }
  if (spec.everyone) return "yes";
  let best: "yes" | "account" | "no" = "no";
  for (const p of spec.aws) {
    const m = principalIs(p, caller, false);
    if (m === "yes") return "yes";
    if (m === "account") best = "account";
  }
  return best;
}

/** One AWS principal value against the caller. `exactSession`: NotPrincipal needs the session ARN itself. */
function principalIs(principal: string, caller: PolicyCaller, exactSession: boolean): "yes" | "account" | "no" {
  if (principal === caller.accountId || principal === `arn:${partitionOf(caller.arn)}:iam::${caller.accountId}:root`)
    return "account";
  if (principal === caller.arn) return "yes";
  // Unique ids: users `AIDA…`, roles `AROA…` (the session's UserId is `AROA…:session`).
  if (caller.userId && (principal === caller.userId || principal === caller.userId.split(":")[0]))
    return exactSession && caller.roleArn ? "no" : "yes";
  const p = parseIamArn(principal);
  const c = parseIamArn(caller.arn);
  if (!p || !c || p.account !== c.account) return "no";
  // Names are unique per account whatever the path; the session ARN never shows the role's path.
  if (p.type === "user" && c.type === "user" && lastSegment(p.name) === lastSegment(c.name)) return "yes";
  if (!exactSession && p.type === "role" && caller.roleArn && sameRole(principal, caller.roleArn)) return "yes";
  if (p.type === "assumed-role" && c.type === "assumed-role" && p.name === c.name) return "yes";
  return "no";
}

function sameRole(principal: string, roleArn: string): boolean {
  const p = parseIamArn(principal);
  const r = parseIamArn(roleArn);
  return (
    !!p &&
    !!r &&
    p.type === "role" &&
    r.type === "role" &&
    p.account === r.account &&
    lastSegment(p.name) === lastSegment(r.name)
  );
}

function describePrincipals(spec: NonNullable<PrincipalSpec>): string[] {
  return [...(spec.everyone ? ["*"] : []), ...spec.aws, ...spec.other];
}
