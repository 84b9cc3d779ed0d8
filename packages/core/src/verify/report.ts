import type { Explanation } from "../trace.js";

/** pass: works as Terraform needs. fail: Terraform will fail (or misbehave). warn: works, with a risk worth knowing. */
export type CheckStatus = "pass" | "fail" | "warn" | "not-checked";

/** The AWS error a check ran into, JSON-safe. Transport failures use `Timeout`, `NetworkError`, `Aborted`. */
export interface CheckAwsError {
  /** The call, e.g. `s3:HeadObject`. */
  readonly operation: string;
  readonly code: string;
  readonly httpStatus: number | null;
  readonly requestId: string | null;
  readonly message: string;
}

/** Why it fails, in terms of the explanation (which identity, from where), and what to change. */
export interface Diagnosis {
  readonly cause: string;
  readonly fix: string;
}

/**
 * Stable, dotted check ids. `credentials.assume-role[i]` has one entry per role hop (profile role_arn hops,
 * then the backend's assume_role), in the order Terraform assumes them.
 */
export type CheckId =
  | "credentials.base"
  | `credentials.assume-role[${number}]`
  | "sts.caller-identity"
  | "account.allowed"
  | "s3.bucket"
  | "s3.list-workspaces"
  | "s3.state-read"
  | "s3.state-write-access"
  | "s3.bucket-policy"
  | "s3.encryption"
  | "kms.key"
  | "s3.versioning"
  | "lock.configured"
  | "lock.lockfile"
  | "lock.lockfile-access"
  | "lock.dynamodb-table"
  | "lock.dynamodb-item"
  | "lock.dynamodb-access"
  | "probe.state-write"
  | "probe.lockfile"
  | "probe.dynamodb-lock"
  | "probe.kms-data-key"
  | "probe.cleanup";

/**
 * The Terraform call a failing check stands for, from the call model (calls/terraform-calls.ts): the command and
 * step that would fail, the AWS call, the IAM action it needs and the resource.
 */
export interface TerraformStep {
  /** The first command of the pipeline that would fail. */
  readonly command: "init" | "plan" | "apply";
  /** What Terraform is doing, e.g. `acquiring the state lock`. */
  readonly step: string;
  /** The file and Go function that make the call (hashicorp/terraform internal/backend/remote-state/s3), e.g.
   * `client.go lockWithDynamoDB`. */
  readonly goFunction: string;
  /** The API call, e.g. `dynamodb:PutItem`. */
  readonly call: string;
  /** The IAM action it needs, e.g. `dynamodb:PutItem`. */
  readonly action: string;
  readonly resource: string;
  /** Conditions Terraform sends with it (`If-None-Match: *`, `attribute_not_exists(LockID)`, `prefix=env:/`). */
  readonly conditions: readonly string[];
}

export interface Check {
  readonly id: CheckId;
  readonly title: string;
  readonly status: CheckStatus;
  /** The AWS calls this check made, in order (`s3:HeadObject`, `s3:GetObject`). */
  readonly calls: readonly string[];
  /** What was observed, one or two sentences. */
  readonly detail: string;
  readonly awsError?: CheckAwsError;
  /**
   * Why it fails or warns, in terms of the explanation (which identity, from where); null when there is nothing to
   * explain. Same place and type as an explain Diagnostic's `fix`: every finding's fix is `fix`.
   */
  readonly cause: string | null;
  /** What to change; null when nothing is to change (a passing check) or nothing tfwhy can name. */
  readonly fix: string | null;
  /** Failing checks only: the Terraform call that would fail, from the call model. */
  readonly terraform?: TerraformStep;
  /** Set by the CLI when `--ignore` or a `.tfwhy.json` suppresses the check's code; core never sets it. */
  readonly ignored?: true;
}

/** The identity the backend's requests are signed with, as STS reports it. */
export interface VerifiedIdentity {
  readonly accountId: string;
  readonly arn: string;
  /** `user`, `assumed-role` (a role session), `root`, `federated-user`, or `other`. */
  readonly kind: "user" | "assumed-role" | "root" | "federated-user" | "other";
  /** For role sessions: the role's ARN (with its path when the plan names it). */
  readonly roleArn: string | null;
  readonly sessionName: string | null;
  /** Masked like aws-sdk-go-base logs it. */
  readonly accessKeyId: string;
  readonly temporary: boolean;
  readonly expiresAt: string | null;
}

export interface VerifySummary {
  readonly pass: number;
  readonly fail: number;
  readonly warn: number;
  readonly notChecked: number;
}

/** The result of verifyBackend(): JSON-safe, no secrets (key ids masked). */
export interface VerifyReport {
  readonly schemaVersion: 1;
  /** The last Terraform command the checks were judged for (`plan`: init then plan). */
  readonly operation: "init" | "plan" | "apply";
  readonly explanation: Explanation;
  readonly identity: VerifiedIdentity | null;
  /** Whether mutating probes ran (PutObject/DeleteObject on probe keys, lock acquire/release on probe locks). */
  readonly writeProbe: boolean;
  readonly checks: readonly Check[];
  readonly summary: VerifySummary;
  /** No check failed. */
  readonly ok: boolean;
  /**
   * Present when the run was cancelled (Ctrl-C, the caller's signal): unrun checks are not-checked; probes were
   * still cleaned up.
   */
  readonly cancelled?: true;
}

export function summarizeChecks(checks: readonly Check[]): VerifySummary {
  const count = (status: CheckStatus) => checks.filter((c) => c.status === status).length;
  return { pass: count("pass"), fail: count("fail"), warn: count("warn"), notChecked: count("not-checked") };
}
