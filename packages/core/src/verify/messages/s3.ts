/**
 * The English of the S3 checks (s3.bucket, s3.list-workspaces, s3.state-read, s3.bucket-policy, lock.lockfile):
 * details, causes and fixes, from plain values. The decisions live in the check modules; what users read lives
 * here. s3.encryption, kms.key and s3.versioning: s3-encryption.ts.
 */
import type { PolicyDecision } from "../bucket-policy.js";
import type { Diagnosis } from "../report.js";

// ── s3.bucket ──────────────────────────────────────────────────────────────────────────────────────────────────

export function bucketInOtherRegion(bucket: string, actual: string, region: string, regionOrigin: string): string {
  return (
    `Bucket "${bucket}" is in ${actual}, but the backend's region is ${region} (from ${regionOrigin}). ` +
    `Terraform fails with 'requested bucket from "${region}", actual location "${actual}"'.`
  );
}

export function bucketRedirectedTo(actual: string): string {
  return `Not checked: every S3 call is redirected to ${actual} (see s3.bucket).`;
}

export function bucketExists(bucket: string, actual: string | null): string {
  return `Bucket "${bucket}" exists${actual ? ` in ${actual}` : ""} and answers HeadBucket.`;
}

export function bucketRedirectedUnknown(bucket: string, region: string, regionOrigin: string): string {
  return (
    `S3 redirects bucket "${bucket}" to another region (301), but did not say which. ` +
    `The backend's region is ${region} (from ${regionOrigin}).`
  );
}

export const BUCKET_REDIRECTED = "Not checked: every S3 call is redirected (see s3.bucket).";

export function bucketMissing(bucket: string, endpoint: string | undefined): string {
  return (
    `Bucket "${bucket}" does not exist${endpoint ? ` at ${endpoint}` : ""}. ` +
    `Terraform fails with 'S3 bucket "${bucket}" does not exist.'`
  );
}

export function bucketMissingDiagnosis(
  bucket: string,
  region: string,
  regionOrigin: string,
  fixTarget: string,
  bucketAt: string | null,
): Diagnosis {
  return {
    cause: `No bucket named "${bucket}" exists (bucket names are global; region ${region} from ${regionOrigin}).`,
    fix: `Create the bucket, or fix bucket = "…" in ${fixTarget}${bucketAt ? ` (${bucketAt})` : ""}.`,
  };
}

export function bucketMissingSkip(bucket: string): string {
  return `Not checked: bucket "${bucket}" does not exist.`;
}

export function headBucketDenied(bucket: string): string {
  return (
    `HeadBucket on "${bucket}" is denied (it needs s3:ListBucket). ` +
    "Terraform never calls HeadBucket, so the listing and state checks below decide."
  );
}

/** The bucket is addressed in the wrong region: where the region came from, and where to change it. */
export function regionDiagnosis(
  region: string,
  regionOrigin: string,
  actual: string | null,
  fixAt:
    | { readonly kind: "backend"; readonly at: string | null; readonly fixTarget: string }
    | {
        readonly kind: "env";
        readonly variable: string;
        readonly fixTarget: string;
      }
    | null,
): Diagnosis {
  const to = actual ?? "<the bucket's region>";
  const fix =
    fixAt?.kind === "backend"
      ? `Set region = "${to}" ${fixAt.at ? `at ${fixAt.at}` : `in ${fixAt.fixTarget}`} ` +
        "(the DynamoDB table must be in that region too)."
      : fixAt?.kind === "env"
        ? `Add region = "${to}" to ${fixAt.fixTarget}, or export ${fixAt.variable}=${to}.`
        : `Set region = "${to}".`;
  return {
    cause:
      `The backend addresses the bucket in ${region}, taken from ${regionOrigin}` +
      `${actual ? `, but the bucket is in ${actual}` : ""}.`,
    fix,
  };
}

// ── Failures every S3 check shares ─────────────────────────────────────────────────────────────────────────────

export const CANCELLED = "Cancelled.";

export function s3RejectsCredentials(awsCode: string): string {
  return `S3 rejects the credentials (${awsCode}).`;
}

export function s3RejectsCredentialsSkip(id: string): string {
  return `Not checked: S3 rejects these credentials (see ${id}).`;
}

export function s3DidNotAnswer(operation: string, awsCode: string): string {
  return `The S3 endpoint did not answer ${operation} (${awsCode}).`;
}

export function s3DidNotAnswerSkip(operation: string, awsCode: string, message: string): string {
  return `Not checked: the S3 endpoint did not answer ${operation} (${awsCode}: ${message}).`;
}

export function callFailed(operation: string, awsCode: string, message: string): string {
  return `${operation} failed: ${awsCode} (${message}).`;
}

// ── s3.bucket-policy ───────────────────────────────────────────────────────────────────────────────────────────

export const DECISION_TEXT: Record<PolicyDecision, string> = {
  allowed: "is allowed by the bucket policy",
  "identity-decides": "is left to the identity policy",
  "possible-deny": "may be denied (conditions not evaluated)",
  "explicit-deny": "is explicitly denied",
  "implicit-deny": "is not allowed (cross-account, no Allow for this caller)",
};

export const POLICY_DENIED =
  "Not checked: s3:GetBucketPolicy is denied. " +
  "Terraform does not need it; the bucket owner can tell whether the policy names this caller.";

export function policyFailed(awsCode: string): string {
  return `Not checked: GetBucketPolicy failed (${awsCode}).`;
}

export const NO_POLICY = "The bucket has no bucket policy: access is decided by the caller's identity policy alone.";

export const POLICY_CALLER_UNKNOWN =
  "The bucket has a policy, but the caller is unknown (GetCallerIdentity failed), so it was not analysed.";

export function policyUnparsable(error: string | null | undefined): string {
  return `The bucket policy could not be parsed (${error}).`;
}

export function policyActionLine(action: string, bucketResource: string, decision: PolicyDecision): string {
  return `${action} on ${bucketResource} ${DECISION_TEXT[decision]}`;
}

export function conditionsNotEvaluated(statements: readonly string[]): string {
  return `Conditions not evaluated: ${statements.join("; ")}.`;
}

export const POLICY_SAME_ACCOUNT_ASSUMED = " The bucket is assumed to be in the caller's account.";

export function policyDetail(caller: string, lines: readonly string[], scope: string, notes: readonly string[]) {
  return `For ${caller}: ${lines.join("; ")}.${scope}${notes.length ? ` ${notes.join(" ")}` : ""}`;
}

export const POLICY_IDENTITY_MAY_ALLOW =
  " In the same account the identity policy may still allow it; the S3 checks show whether it does.";

// ── s3.list-workspaces ─────────────────────────────────────────────────────────────────────────────────────────

export function listWorks(prefix: string, workspaces: readonly string[]): string {
  const others = workspaces.length ? `; other workspaces: ${workspaces.join(", ")}` : "; no other workspaces";
  return `ListObjectsV2 with prefix "${prefix}" works${others}.`;
}

export function workspaceMissingInitFails(workspace: string): string {
  return (
    `Workspace "${workspace}" does not exist: terraform init fails with ` +
    `'Currently selected workspace "${workspace}" does not exist'.`
  );
}

export function workspaceMissingCause(workspace: string, others: readonly string[]): string {
  return (
    `The selected workspace "${workspace}" has no state in the bucket, and other workspaces exist ` +
    `(${others.join(", ")}): init only picks a workspace for you when "default" is the only one.`
  );
}

export function workspaceMissingFix(workspace: string, others: readonly string[]): string {
  return (
    `Create it with \`terraform workspace new ${workspace}\`, or select an existing one ` +
    `(${["default", ...others].join(", ")}).`
  );
}

export function workspaceMissingCreated(workspace: string, statePath: string): string {
  return (
    `Workspace "${workspace}" does not exist yet: terraform init (and plan or apply) creates it, ` +
    `writing an empty state at "${statePath}" under the state lock, so it needs s3:PutObject on that key.`
  );
}

export function workspaceMissingSwitchesToDefault(workspace: string, key: string): string {
  return (
    `Workspace "${workspace}" from .terraform/environment does not exist: terraform init switches to ` +
    `"default" (rewriting the file) and uses the state at "${key}".`
  );
}

export function listPrefixCondition(prefix: string): string {
  return prefix ? ` ListObjectsV2 sends prefix "${prefix}"; an s3:prefix condition must allow exactly that.` : "";
}

export function listDeniedDefaultPrefix(prefix: string): string {
  return (
    `ListObjectsV2 with prefix "${prefix}" is denied. Terraform 1.7.2+ tolerates this for the default ` +
    'workspace_key_prefix (workspaces then show only "default"), but without s3:ListBucket a missing state ' +
    "object answers 403 instead of 404, so the first init on a new key fails."
  );
}

export function listDeniedCustomPrefix(prefix: string, bucket: string): string {
  return (
    `ListObjectsV2 with prefix "${prefix}" is denied. With a custom workspace_key_prefix Terraform fails every ` +
    `command with 'Unable to list objects in S3 bucket "${bucket}" with prefix "${prefix}"'.`
  );
}

// ── s3.state-read ──────────────────────────────────────────────────────────────────────────────────────────────

export function noStateYet(key: string): string {
  return `No state object at "${key}" yet: the first terraform init starts with empty state.`;
}

export const MISSING_KEY_MAY_ANSWER_403 =
  " Without s3:ListBucket, S3 also answers 403 for a key that does not exist, so this may only mean there is no " +
  "state yet, but Terraform fails either way.";

export function headObjectDenied(key: string, bucket: string, missingHint: string): string {
  return (
    `HeadObject on "${key}" is denied (403). Terraform fails with 'Error refreshing state: Unable to access ` +
    `object "${key}" in S3 bucket "${bucket}": operation error S3: HeadObject, https response error ` +
    `StatusCode: 403, … api error Forbidden: Forbidden'.${missingHint}`
  );
}

export const HEAD_AUTHORISED_BY_GET = " HeadObject is authorised by s3:GetObject.";

export function stateObjectExists(
  key: string,
  head: {
    readonly contentLength: number | null;
    readonly lastModified: string | null;
    readonly serverSideEncryption: string | null;
    readonly kmsKeyId: string | null;
  },
): string {
  const size = head.contentLength === null ? "" : `${head.contentLength} bytes, `;
  const enc = head.serverSideEncryption
    ? `, ${head.serverSideEncryption}${head.kmsKeyId ? ` with ${head.kmsKeyId}` : ""}`
    : "";
  return `State object "${key}" exists (${size}last modified ${head.lastModified ?? "?"}${enc})`;
}

export function stateReadable(what: string): string {
  return `${what} and is readable.`;
}

export function stateGetSkipped(what: string, skipped: string): string {
  return `${what}; ${skipped}`;
}

export function kmsDecryptDiagnosis(kmsKeyId: string | null, caller: string, why: string): Diagnosis {
  return {
    cause:
      `HeadObject works but GetObject is denied: the object is encrypted with KMS key ` +
      `${kmsKeyId ?? "(bucket default)"}, and ${caller} (used because ${why}) probably lacks kms:Decrypt on it ` +
      "(in IAM or in the key policy).",
    fix:
      "Allow kms:Decrypt (reads) and kms:GenerateDataKey (writes) on " +
      `${kmsKeyId ?? "the bucket's KMS key"} for ${caller}, in its identity policy and the key policy.`,
  };
}

export const ONLY_GET_DENIED =
  " HeadObject succeeded, so something denies only the GET (a bucket policy Deny, or KMS).";

export function getObjectDenied(what: string, awsCode: string): string {
  return (
    `${what}, but GetObject is denied (${awsCode}). Terraform fails with 'Error refreshing state: … ` +
    `operation error S3: GetObject, … api error ${awsCode}'.`
  );
}

// ── lock.lockfile ──────────────────────────────────────────────────────────────────────────────────────────────

export function lockfileHeld(key: string, lock: string): string {
  return (
    `Lockfile "${key}" exists: the state is locked, ${lock}. Every plan/apply fails with ` +
    '"Error acquiring the state lock" (PreconditionFailed) until it is released.'
  );
}

export function noLockfile(key: string): string {
  return `No lockfile "${key}": the state is not locked.`;
}

export function lockfileMayBeMissing(key: string): string {
  return (
    `GetObject on "${key}" answers 403. Without s3:ListBucket S3 answers 403 for a key that does not exist, so ` +
    "this most likely means no lock is held: Terraform only writes the lockfile (If-None-Match: *) and reads it " +
    "when it exists. --write-probe takes and releases a probe lockfile to prove locking works."
  );
}

export const MISSING_STATE_ANSWERS_403 =
  " HeadObject is authorised by s3:GetObject; and without s3:ListBucket S3 answers 403 instead of 404 for a state " +
  "object that does not exist yet, so a first init fails even with s3:GetObject.";

export function alsoGrantListBucket(bucketArn: string, _prefix: string): string {
  // Without an s3:prefix condition: whether a prefix-limited listing counts for the 404 is not documented.
  return (
    ` If the state does not exist yet, grant s3:ListBucket on ${bucketArn} (without an s3:prefix condition): ` +
    "a missing state then answers 404."
  );
}

export function lockfileDenied(key: string, listFailed: boolean): string {
  return (
    `GetObject on "${key}" is denied. use_lockfile needs s3:GetObject, s3:PutObject and s3:DeleteObject on ` +
    `"${key}" (unlock reads the lockfile to compare lock IDs).` +
    (listFailed ? " Without s3:ListBucket a missing lockfile also answers 403." : "")
  );
}
