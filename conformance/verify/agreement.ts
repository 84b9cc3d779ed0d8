/**
 * When does verify agree with Terraform? Pure functions, unit-tested in agreement.test.ts.
 *
 * A setup agrees when
 *   (a) verify has a failing check iff some Terraform command exited non-zero, and
 *   (b) when Terraform failed, a failing verify check names Terraform's cause: the cause is read from the first
 *       failing command's output (AWS service + operation + error code, or a Terraform message) through CAUSE_RULES,
 *       and is named when a failing check's code is one of the cause's codes (CAUSE_CODES), or its title, detail or
 *       diagnosis mentions one of the IAM actions the denied operation needs (OPERATION_ACTIONS) or, for the other
 *       causes, says it in words (CAUSE_WORDS: "table \"locks\" does not exist").
 */

/** What Terraform said it failed on, reduced to what verify must name. */
export type Cause =
  | { readonly kind: "iam"; readonly call: string; readonly actions: readonly string[] }
  | { readonly kind: "lock-held"; readonly call: string }
  | { readonly kind: "bucket-missing" }
  | { readonly kind: "table-missing" }
  | { readonly kind: "workspace-missing" }
  | { readonly kind: "assume-role-denied" };

export interface CommandOutcome {
  readonly command: string;
  readonly exitCode: number;
  /** Terraform's stdout + stderr. */
  readonly output: string;
}

/** The part of a verify check the agreement reads. */
export interface VerifyCheckView {
  readonly code: string;
  readonly status: string;
  readonly title: string;
  readonly detail: string;
  readonly diagnosis?: { readonly cause: string; readonly fix: string };
}

export interface Agreement {
  readonly agree: boolean;
  readonly terraformFailed: boolean;
  readonly verifyFailed: boolean;
  /** Terraform's cause (null when Terraform succeeded or its output matched no rule). */
  readonly cause: Cause | null;
  /** Why not, in one line ("" when they agree). */
  readonly reason: string;
}

/**
 * The IAM actions an S3/DynamoDB operation needs when it is denied. A 403 on HeadObject/GetObject is s3:GetObject,
 * or s3:ListBucket when the key is missing (AWS answers 403, not 404, to a caller without s3:ListBucket).
 */
export const OPERATION_ACTIONS: Readonly<Record<string, readonly string[]>> = {
  "S3:HeadObject": ["s3:GetObject", "s3:ListBucket"],
  "S3:GetObject": ["s3:GetObject", "s3:ListBucket"],
  "S3:PutObject": ["s3:PutObject"],
  "S3:DeleteObject": ["s3:DeleteObject"],
  "S3:ListObjectsV2": ["s3:ListBucket"],
  "DynamoDB:GetItem": ["dynamodb:GetItem"],
  "DynamoDB:PutItem": ["dynamodb:PutItem"],
  "DynamoDB:DeleteItem": ["dynamodb:DeleteItem"],
  "STS:AssumeRole": ["sts:AssumeRole"],
};

/** The verify check codes that name a non-IAM cause. */
export const CAUSE_CODES: Readonly<Record<Cause["kind"], readonly string[]>> = {
  iam: [],
  "lock-held": ["verify.lock.lockfile", "verify.lock.dynamodb-item"],
  "bucket-missing": ["verify.s3.bucket"],
  "table-missing": ["verify.lock.dynamodb-table"],
  "workspace-missing": ["verify.s3.list-workspaces", "verify.s3.state-read"],
  "assume-role-denied": ["verify.credentials.assume-role"],
};

/**
 * The Go SDK's error: `operation error S3: PutObject, https response error StatusCode: 403, RequestID: …,
 * HostID: …, api error AccessDenied: …` (Terraform's lock errors print it without `api error `).
 */
const SDK_ERROR = new RegExp(
  "operation error (\\w+): (\\w+), https response error StatusCode: (\\d+), " +
    "RequestID: \\S*?,(?: HostID: \\S*?,)? (?:api error )?(\\w+)",
);
const DENIED = /^(AccessDenied|AccessDeniedException|Forbidden)$/;
/** A condition that failed because the lock is held (client.go lockWithFile: 412; lockWithDynamoDB). */
const LOCK_HELD = /^(PreconditionFailed|ConditionalCheckFailedException)$/;

/**
 * Rules from Terraform's output (lines joined: Terraform wraps its diagnostics) to a cause; the first rule that
 * gives a cause wins. `m` is the match of `pattern`.
 */
export const CAUSE_RULES: readonly {
  readonly pattern: RegExp;
  readonly cause: (m: RegExpExecArray) => Cause | null;
}[] = [
  // meta_backend.go selectWorkspace, the !m.input branch
  { pattern: /Currently selected workspace "[^"]*" does not exist/, cause: () => ({ kind: "workspace-missing" }) },
  {
    pattern: /operation error STS: AssumeRole,.*?api error AccessDenied/,
    cause: () => ({ kind: "assume-role-denied" }),
  },
  { pattern: /NoSuchBucket|S3 bucket "[^"]*" does not exist/, cause: () => ({ kind: "bucket-missing" }) },
  { pattern: /ResourceNotFoundException/, cause: () => ({ kind: "table-missing" }) },
  {
    pattern: SDK_ERROR,
    cause: (m) => {
      const call = `${m[1]}:${m[2]}`;
      if (m[3] === "412" || LOCK_HELD.test(m[4] ?? "")) return { kind: "lock-held", call };
      const actions = OPERATION_ACTIONS[call];
      return actions && DENIED.test(m[4] ?? "") ? { kind: "iam", call, actions } : null;
    },
  },
];

/** Terraform's cause in one command's output, or null. */
export function terraformCause(output: string): Cause | null {
  const text = output.replace(/\s*\n\s*/g, " ");
  for (const rule of CAUSE_RULES) {
    const m = rule.pattern.exec(text);
    if (m) {
      const cause = rule.cause(m);
      if (cause) return cause;
    }
  }
  return null;
}

/** Words that name a non-IAM cause in a check's title, detail or diagnosis (besides its code, CAUSE_CODES). */
export const CAUSE_WORDS: Readonly<Record<Cause["kind"], RegExp | null>> = {
  iam: null,
  "lock-held": null,
  "bucket-missing": /bucket "[^"]*" does not exist|NoSuchBucket/i,
  "table-missing": /table "[^"]*" does not exist|ResourceNotFoundException/i,
  "workspace-missing": /workspace "[^"]*" does not exist/i,
  "assume-role-denied": /sts:AssumeRole/i,
};

/** Does this failing check name the cause? */
export function names(check: VerifyCheckView, cause: Cause): boolean {
  if (CAUSE_CODES[cause.kind].includes(check.code)) return true;
  const text = [check.title, check.detail, check.diagnosis?.cause ?? "", check.diagnosis?.fix ?? ""].join("\n");
  if (cause.kind === "iam") return cause.actions.some((a) => text.toLowerCase().includes(a.toLowerCase()));
  return CAUSE_WORDS[cause.kind]?.test(text) ?? false;
}

export function describeCause(cause: Cause | null): string {
  if (cause === null) return "unrecognised";
  if (cause.kind === "iam") return `${cause.call} denied (${cause.actions.join(" or ")})`;
  if (cause.kind === "lock-held") return `lock held${cause.call ? ` (${cause.call})` : ""}`;
  return cause.kind;
}

/** The agreement of one setup: Terraform's commands (in order) against verify's checks. */
export function agreement(commands: readonly CommandOutcome[], checks: readonly VerifyCheckView[]): Agreement {
  const failedCommand = commands.find((c) => c.exitCode !== 0);
  const failing = checks.filter((c) => c.status === "fail");
  const terraformFailed = failedCommand !== undefined;
  const verifyFailed = failing.length > 0;
  const cause = failedCommand ? terraformCause(failedCommand.output) : null;
  const base = { terraformFailed, verifyFailed, cause };
  const codes = failing.map((c) => c.code).join(", ");
  if (!terraformFailed && verifyFailed)
    return { ...base, agree: false, reason: `Terraform succeeded; verify failed ${codes}` };
  if (terraformFailed && !verifyFailed)
    return {
      ...base,
      agree: false,
      reason: `Terraform ${failedCommand.command} failed (${describeCause(cause)}); verify had no failing check`,
    };
  if (!terraformFailed) return { ...base, agree: true, reason: "" };
  if (cause === null)
    return { ...base, agree: false, reason: `Terraform ${failedCommand?.command} failed with an unrecognised cause` };
  if (failing.some((c) => names(c, cause))) return { ...base, agree: true, reason: "" };
  return {
    ...base,
    agree: false,
    reason:
      `Terraform ${failedCommand?.command} failed (${describeCause(cause)}); ` +
      `verify failed ${codes} without naming it`,
  };
}
