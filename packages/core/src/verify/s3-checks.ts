/**
 * Read-only S3 checks, in the order Terraform touches the bucket: workspaces listing (StateMgr → ListObjectsV2),
 * state read (RefreshState → HeadObject, GetObject), then what Terraform does not call but users need to know
 * (bucket region, bucket policy, default encryption, versioning, a held lockfile).
 */

import { analyzeBucketPolicy, type PolicyDecision, type PolicyRequest } from "./bucket-policy.js";
import type { CallResult, VerifyContext } from "./context.js";
import {
  callerShort,
  credentialDiagnosis,
  isCredentialError,
  isDenied,
  isThrottled,
  isTransport,
  policyFor,
  s3AccessDiagnosis,
  throttledDetail,
  transportDiagnosis,
  whyIdentity,
} from "./diagnose.js";
import { backendFixTarget, describeRegionOrigin } from "./identity.js";
import { describeLock, heldLockDiagnosis, parseLockInfo } from "./lock-info.js";
import type { AwsCallError } from "./port/aws-port.js";
import type { CheckId, Diagnosis } from "./report.js";

const S3_CHECKS: readonly CheckId[] = [
  "s3.bucket",
  "s3.list-workspaces",
  "s3.state-read",
  "s3.bucket-policy",
  "s3.encryption",
  "kms.key",
  "s3.versioning",
  "lock.lockfile",
  "probe.state-write",
  "probe.lockfile",
  "probe.kms-data-key",
];

export function isS3Check(id: CheckId): boolean {
  return S3_CHECKS.includes(id);
}

/** The ARN of an object (or the bucket) as IAM policies name it. */
export function s3Arn(ctx: VerifyContext, key?: string): string {
  const partition = /^arn:([^:]+):/.exec(ctx.identity?.arn ?? "")?.[1] ?? "aws";
  return key === undefined
    ? `arn:${partition}:s3:::${ctx.settings.bucket}`
    : `arn:${partition}:s3:::${ctx.settings.bucket}/${key}`;
}

export function listPrefix(ctx: VerifyContext): string {
  // backend_state.go Workspaces: prefix "<workspace_key_prefix>/", or "" when the prefix is empty.
  return ctx.settings.workspaceKeyPrefix === "" ? "" : `${ctx.settings.workspaceKeyPrefix}/`;
}

export function lockfileKey(ctx: VerifyContext): string {
  return `${ctx.settings.key}.tflock`;
}

export async function runS3Checks(ctx: VerifyContext): Promise<void> {
  if (!(await checkBucket(ctx))) return;
  await fetchBucketPolicy(ctx);
  await checkList(ctx);
  await checkStateRead(ctx);
  recordBucketPolicy(ctx);
  await checkEncryption(ctx);
  await checkVersioning(ctx);
  if (ctx.settings.useLockfile) await checkLockfile(ctx);
}

/**
 * HeadBucket: not a Terraform call, but the cheapest way to learn that the bucket is missing or lives in another
 * region (x-amz-bucket-region, also sent with 301 and 403). Returns false when no other S3 check can work.
 */
async function checkBucket(ctx: VerifyContext): Promise<boolean> {
  const id: CheckId = "s3.bucket";
  const { bucket, region } = ctx.settings;
  const r = await ctx.call("s3", "s3:HeadBucket", () => ctx.aws.headBucket(ctx.s3(), bucket));
  const actual = r.ok ? r.value.region : (r.error?.bucketRegion ?? null);
  if (actual && actual !== region) {
    ctx.record(
      id,
      "fail",
      `Bucket "${bucket}" is in ${actual}, but the backend's region is ${region} (from ${describeRegionOrigin(ctx.explanation)}). Terraform fails with 'requested bucket from "${region}", actual location "${actual}"'.`,
      {
        calls: ["s3:HeadBucket"],
        ...(r.ok ? {} : { error: r.error! }),
        diagnosis: regionDiagnosis(ctx, actual),
      },
    );
    ctx.skipPending((x) => isS3Check(x), `Not checked: every S3 call is redirected to ${actual} (see s3.bucket).`);
    return false;
  }
  if (r.ok) {
    ctx.record(id, "pass", `Bucket "${bucket}" exists${actual ? ` in ${actual}` : ""} and answers HeadBucket.`, {
      calls: ["s3:HeadBucket"],
    });
    return true;
  }
  if (r.skipped !== undefined) {
    ctx.skipPending((x) => isS3Check(x), r.skipped);
    return false;
  }
  const error = r.error;
  if (error.httpStatus === 301) {
    ctx.record(
      id,
      "fail",
      `S3 redirects bucket "${bucket}" to another region (301), but did not say which. The backend's region is ${region} (from ${describeRegionOrigin(ctx.explanation)}).`,
      { error, diagnosis: regionDiagnosis(ctx, null) },
    );
    ctx.skipPending((x) => isS3Check(x), "Not checked: every S3 call is redirected (see s3.bucket).");
    return false;
  }
  if (error.httpStatus === 404 || error.awsCode === "NoSuchBucket") {
    ctx.record(
      id,
      "fail",
      `Bucket "${bucket}" does not exist${ctx.settings.endpoints.s3 ? ` at ${ctx.settings.endpoints.s3}` : ""}. Terraform fails with 'S3 bucket "${bucket}" does not exist.'`,
      {
        error,
        diagnosis: {
          cause: `No bucket named "${bucket}" exists (bucket names are global; region ${region} from ${describeRegionOrigin(ctx.explanation)}).`,
          fix: `Create the bucket, or fix bucket = "…" in ${backendFixTarget(ctx.explanation)}${ctx.explanation.backend.attributes.find((a) => a.name === "bucket")?.at ? ` (${atOf(ctx, "bucket")})` : ""}.`,
        },
      },
    );
    ctx.skipPending((x) => isS3Check(x), `Not checked: bucket "${bucket}" does not exist.`);
    return false;
  }
  return handleGenericS3Failure(ctx, id, error, {
    denied: () => {
      ctx.record(
        id,
        "warn",
        `HeadBucket on "${bucket}" is denied (it needs s3:ListBucket). Terraform never calls HeadBucket, so the listing and state checks below decide.`,
        { error },
      );
      return true;
    },
  });
}

/** Shared handling of credential, transport, throttling and cancel failures; `denied` handles 403s. */
function handleGenericS3Failure(
  ctx: VerifyContext,
  id: CheckId,
  error: AwsCallError,
  on: { denied: () => boolean },
): boolean {
  if (error.kind === "aborted") {
    ctx.record(id, "not-checked", "Cancelled.", { error });
    return false;
  }
  if (isCredentialError(error)) {
    ctx.record(id, "fail", `S3 rejects the credentials (${error.awsCode}).`, {
      error,
      diagnosis: credentialDiagnosis(ctx, error),
    });
    ctx.skipPending((x) => isS3Check(x), `Not checked: S3 rejects these credentials (see ${id}).`);
    return false;
  }
  if (isTransport(error)) {
    ctx.record(id, "fail", `The S3 endpoint did not answer ${error.operation} (${error.awsCode}).`, {
      error,
      diagnosis: transportDiagnosis(ctx, "s3", error),
    });
    ctx.skipPending(
      (x) => isS3Check(x),
      `Not checked: the S3 endpoint did not answer ${error.operation} (${error.awsCode}: ${error.message}).`,
    );
    return false;
  }
  if (isThrottled(error)) {
    ctx.record(id, "warn", throttledDetail(ctx, error), { error });
    return true;
  }
  if (isDenied(error)) return on.denied();
  ctx.record(id, "fail", `${error.operation} failed: ${error.awsCode} (${error.message}).`, { error });
  return true;
}

/** GetBucketPolicy + analysis for every S3 action Terraform needs here. Not a Terraform call; a denial is fine. */
async function fetchBucketPolicy(ctx: VerifyContext): Promise<void> {
  ctx.expect("s3.bucket-policy", "Bucket policy (s3:GetBucketPolicy, analysed for this caller)");
  const r = await ctx.call("s3", "s3:GetBucketPolicy", () => ctx.aws.getBucketPolicy(ctx.s3(), ctx.settings.bucket));
  if (!r.ok) {
    // A skipped call (endpoint dead or still throttled) is not "no policy": say why it was not checked.
    if (r.skipped !== undefined) ctx.record("s3.bucket-policy", "not-checked", r.skipped);
    else ctx.policy = { json: null, analysis: null, error: r.error };
    return;
  }
  const caller = ctx.caller;
  const requests: PolicyRequest[] = [
    { action: "s3:ListBucket", prefix: listPrefix(ctx) },
    { action: "s3:GetObject", key: ctx.settings.key },
    { action: "s3:PutObject", key: ctx.settings.key },
  ];
  if (ctx.settings.useLockfile) {
    for (const action of ["s3:GetObject", "s3:PutObject", "s3:DeleteObject"])
      requests.push({ action, key: lockfileKey(ctx) });
  }
  const secureTransport = !(ctx.settings.endpoints.s3 ?? "https:").startsWith("http:");
  const analysis =
    r.value && caller
      ? analyzeBucketPolicy(r.value, caller, ctx.settings.bucket, ctx.settings.key, requests, { secureTransport })
      : null;
  ctx.policy = { json: r.value, analysis, error: null };
}

const DECISION_TEXT: Record<PolicyDecision, string> = {
  allowed: "is allowed by the bucket policy",
  "identity-decides": "is left to the identity policy",
  "possible-deny": "may be denied (conditions not evaluated)",
  "explicit-deny": "is explicitly denied",
  "implicit-deny": "is not allowed (cross-account, no Allow for this caller)",
};

function recordBucketPolicy(ctx: VerifyContext): void {
  const id: CheckId = "s3.bucket-policy";
  const p = ctx.policy;
  if (!p) return;
  if (p.error) {
    const e = p.error;
    const status = isDenied(e) ? "not-checked" : isTransport(e) || e.kind === "aborted" ? "not-checked" : "warn";
    ctx.record(
      id,
      status,
      isDenied(e)
        ? "Not checked: s3:GetBucketPolicy is denied. Terraform does not need it; the bucket owner can tell whether the policy names this caller."
        : `Not checked: GetBucketPolicy failed (${e.awsCode}).`,
      { error: e },
    );
    return;
  }
  if (p.json === null) {
    ctx.record(
      id,
      "pass",
      "The bucket has no bucket policy: access is decided by the caller's identity policy alone.",
      { calls: ["s3:GetBucketPolicy"] },
    );
    return;
  }
  const a = p.analysis;
  if (!a) {
    ctx.record(
      id,
      "not-checked",
      "The bucket has a policy, but the caller is unknown (GetCallerIdentity failed), so it was not analysed.",
      { calls: ["s3:GetBucketPolicy"] },
    );
    return;
  }
  if (!a.valid) {
    ctx.record(id, "warn", `The bucket policy could not be parsed (${a.error}).`, { calls: ["s3:GetBucketPolicy"] });
    return;
  }
  const lines = a.actions.map(
    (x) => `${x.action} on ${x.resource.replace(/^arn:[^:]+:s3:::/, "")} ${DECISION_TEXT[x.decision]}`,
  );
  const notEvaluated = [
    ...new Set(a.actions.flatMap((x) => x.notEvaluated.map((n) => `${n.statement} (${n.keys.join(", ")})`))),
  ];
  const scope = a.crossAccount === null ? " The bucket is assumed to be in the caller's account." : "";
  const notes = [...a.notes, ...(notEvaluated.length ? [`Conditions not evaluated: ${notEvaluated.join("; ")}.`] : [])];
  const detail = `For ${callerShort(ctx)}: ${lines.join("; ")}.${scope}${notes.length ? ` ${notes.join(" ")}` : ""}`;
  const denied = a.actions.find((x) => x.decision === "explicit-deny" || x.decision === "implicit-deny");
  const forOthers = a.actions.find((x) => x.decision === "identity-decides" && x.allowsForOthers.length > 0);
  if (denied) {
    ctx.record(id, "fail", detail, {
      calls: ["s3:GetBucketPolicy"],
      diagnosis: s3AccessDiagnosis(ctx, denied.action, denied.resource),
    });
  } else if (a.decision === "possible-deny" || forOthers) {
    const x = forOthers ?? a.actions.find((y) => y.decision === "possible-deny")!;
    ctx.record(id, "warn", detail, {
      calls: ["s3:GetBucketPolicy"],
      diagnosis: s3AccessDiagnosis(
        ctx,
        x.action,
        x.resource,
        forOthers
          ? " In the same account the identity policy may still allow it; the S3 checks show whether it does."
          : "",
      ),
    });
  } else {
    ctx.record(id, "pass", detail, { calls: ["s3:GetBucketPolicy"] });
  }
}

/** StateMgr → Workspaces: ListObjectsV2 with the workspace prefix (backend_state.go). */
async function checkList(ctx: VerifyContext): Promise<void> {
  const id: CheckId = "s3.list-workspaces";
  const prefix = listPrefix(ctx);
  const isDefault = ctx.settings.workspaceKeyPrefix === "env:";
  const r = await ctx.call("s3", "s3:ListObjectsV2", () =>
    ctx.aws.listObjectsV2(ctx.s3(), { bucket: ctx.settings.bucket, prefix }),
  );
  if (r.ok) {
    const workspaces = workspacesFrom(r.value.keys, prefix, ctx.settings.key);
    ctx.record(
      id,
      "pass",
      `ListObjectsV2 with prefix "${prefix}" works${workspaces.length ? `; other workspaces: ${workspaces.join(", ")}` : "; no other workspaces"}.`,
      { calls: ["s3:ListObjectsV2"] },
    );
    return;
  }
  if (r.skipped !== undefined) {
    ctx.record(id, "not-checked", r.skipped);
    return;
  }
  handleGenericS3Failure(ctx, id, r.error, {
    denied: () => {
      const diagnosis = s3AccessDiagnosis(
        ctx,
        "s3:ListBucket",
        s3Arn(ctx),
        prefix ? ` ListObjectsV2 sends prefix "${prefix}"; an s3:prefix condition must allow exactly that.` : "",
      );
      if (isDefault) {
        ctx.record(
          id,
          "warn",
          `ListObjectsV2 with prefix "${prefix}" is denied. Terraform 1.7.2+ tolerates this for the default workspace_key_prefix (workspaces then show only "default"), but without s3:ListBucket a missing state object answers 403 instead of 404, so the first init on a new key fails.`,
          { error: r.error, diagnosis },
        );
      } else {
        ctx.record(
          id,
          "fail",
          `ListObjectsV2 with prefix "${prefix}" is denied. With a custom workspace_key_prefix Terraform fails every command with 'Unable to list objects in S3 bucket "${ctx.settings.bucket}" with prefix "${prefix}"'.`,
          { error: r.error, diagnosis },
        );
      }
      return true;
    },
  });
}

/** Keys `<prefix><W>/<key>` name workspace W (backend_state.go Workspaces keyEnv). */
function workspacesFrom(keys: readonly string[], prefix: string, stateKey: string): string[] {
  const names = new Set<string>();
  for (const k of keys) {
    if (!k.startsWith(prefix)) continue;
    const rest = k.slice(prefix.length);
    const cut = rest.indexOf("/");
    if (cut > 0 && rest.slice(cut + 1) === stateKey) names.add(rest.slice(0, cut));
  }
  return [...names].sort();
}

/** RefreshState → Get: HeadObject (404 = no state), then a 1-byte GetObject, which also needs kms:Decrypt. */
async function checkStateRead(ctx: VerifyContext): Promise<void> {
  const id: CheckId = "s3.state-read";
  const { bucket, key, readSse } = ctx.settings;
  const head = await ctx.call("s3", "s3:HeadObject", () => ctx.aws.headObject(ctx.s3(), { bucket, key, sse: readSse }));
  const listDenied =
    ctx.checks.find((c) => c.id === "s3.list-workspaces")?.awsError &&
    ctx.checks.find((c) => c.id === "s3.list-workspaces")?.status !== "pass";
  if (!head.ok) {
    if (head.skipped !== undefined) {
      ctx.record(id, "not-checked", head.skipped);
      return;
    }
    const error = head.error;
    if (error.httpStatus === 404) {
      ctx.record(id, "pass", `No state object at "${key}" yet: the first terraform init starts with empty state.`, {
        calls: ["s3:HeadObject"],
      });
      return;
    }
    handleGenericS3Failure(ctx, id, error, {
      denied: () => {
        const missingHint = listDenied
          ? " Without s3:ListBucket, S3 also answers 403 for a key that does not exist, so this may only mean there is no state yet, but Terraform fails either way."
          : "";
        ctx.record(
          id,
          "fail",
          `HeadObject on "${key}" is denied (403). Terraform fails with 'Error refreshing state: Unable to access object "${key}" in S3 bucket "${bucket}": operation error S3: HeadObject, https response error StatusCode: 403, … api error Forbidden: Forbidden'.${missingHint}`,
          {
            error,
            diagnosis: s3AccessDiagnosis(
              ctx,
              "s3:GetObject",
              s3Arn(ctx, key),
              " HeadObject is authorised by s3:GetObject.",
            ),
          },
        );
        return true;
      },
    });
    return;
  }
  ctx.stateObject = head.value;
  const get = await ctx.call("s3", "s3:GetObject", () =>
    ctx.aws.getObject(ctx.s3(), { bucket, key, range: "bytes=0-0", sse: readSse }),
  );
  const size = head.value.contentLength === null ? "" : `${head.value.contentLength} bytes, `;
  const enc = head.value.serverSideEncryption
    ? `, ${head.value.serverSideEncryption}${head.value.kmsKeyId ? ` with ${head.value.kmsKeyId}` : ""}`
    : "";
  const what = `State object "${key}" exists (${size}last modified ${head.value.lastModified ?? "?"}${enc})`;
  if (get.ok) {
    ctx.record(id, "pass", `${what} and is readable.`, { calls: ["s3:HeadObject", "s3:GetObject"] });
    return;
  }
  if (get.skipped !== undefined) {
    ctx.record(id, "not-checked", `${what}; ${get.skipped}`, { calls: ["s3:HeadObject"] });
    return;
  }
  const error = get.error;
  const kms = head.value.serverSideEncryption?.startsWith("aws:kms");
  handleGenericS3Failure(ctx, id, error, {
    denied: () => {
      const policy = policyFor(ctx, "s3:GetObject", s3Arn(ctx, key));
      const diagnosis: Diagnosis =
        kms && !policy?.denies.length
          ? {
              cause: `HeadObject works but GetObject is denied: the object is encrypted with KMS key ${head.value.kmsKeyId ?? "(bucket default)"}, and ${callerShort(ctx)} (used because ${whyIdentity(ctx)}) probably lacks kms:Decrypt on it (in IAM or in the key policy).`,
              fix: `Allow kms:Decrypt (reads) and kms:GenerateDataKey (writes) on ${head.value.kmsKeyId ?? "the bucket's KMS key"} for ${callerShort(ctx)}, in its identity policy and the key policy.`,
            }
          : s3AccessDiagnosis(
              ctx,
              "s3:GetObject",
              s3Arn(ctx, key),
              " HeadObject succeeded, so something denies only the GET (a bucket policy Deny, or KMS).",
            );
      ctx.record(
        id,
        "fail",
        `${what}, but GetObject is denied (${error.awsCode}). Terraform fails with 'Error refreshing state: … operation error S3: GetObject, … api error ${error.awsCode}'.`,
        { error, calls: ["s3:HeadObject", "s3:GetObject"], diagnosis },
      );
      return true;
    },
  });
}

/** Bucket default encryption vs. the backend's encrypt / kms_key_id (client.go put: SSE only with encrypt = true). */
async function checkEncryption(ctx: VerifyContext): Promise<void> {
  const id: CheckId = "s3.encryption";
  const s = ctx.settings;
  const r = await ctx.call("s3", "s3:GetBucketEncryption", () => ctx.aws.getBucketEncryption(ctx.s3(), s.bucket));
  if (!r.ok && r.skipped !== undefined) {
    ctx.record(id, "not-checked", r.skipped);
    return;
  }
  const rules = r.ok ? r.value : null;
  const bucketDefault = rules?.[0] ?? null;
  const backendSays =
    s.writeSse.kind === "kms"
      ? `encrypt = true with kms_key_id ${s.writeSse.kmsKeyId}`
      : s.writeSse.kind === "aes256"
        ? "encrypt = true (SSE-S3, AES256)"
        : s.writeSse.kind === "sse-c"
          ? "encrypt = true with a customer key (SSE-C)"
          : "encrypt is not set (no SSE header; the bucket default applies)";
  const defaultSays = !r.ok
    ? "unknown (GetBucketEncryption failed)"
    : bucketDefault
      ? `${bucketDefault.algorithm}${bucketDefault.kmsKeyId ? ` with ${bucketDefault.kmsKeyId}` : ""}${bucketDefault.bucketKeyEnabled ? ", S3 Bucket Key on" : ""}`
      : "none configured";
  const detail = `Backend: ${backendSays}. Bucket default encryption: ${defaultSays}.`;
  const calls = ["s3:GetBucketEncryption"];
  if (s.kmsKeyId && !s.encrypt) {
    ctx.record(
      id,
      "warn",
      `${detail} kms_key_id is set but encrypt is not true, so Terraform ignores kms_key_id entirely (client.go sends SSE headers only with encrypt = true).`,
      {
        calls,
        diagnosis: {
          cause: "kms_key_id takes effect only together with encrypt = true; the Terraform docs do not say so.",
          fix: `Add encrypt = true to ${backendFixTarget(ctx.explanation)}, or remove kms_key_id.`,
        },
      },
    );
  } else if (!r.ok && r.error && !isDenied(r.error)) {
    ctx.record(id, "not-checked", `${detail} ${r.error.awsCode}.`, { error: r.error });
  } else {
    ctx.record(
      id,
      "pass",
      `${detail}${!r.ok ? " (s3:GetEncryptionConfiguration is denied; Terraform does not need it.)" : ""}`,
      { calls },
    );
  }
  // The key S3 will use for a state write, and the object's key for reads.
  const writeKey =
    s.writeSse.kind === "kms"
      ? s.writeSse.kmsKeyId
      : s.writeSse.kind === "none" && bucketDefault?.algorithm.startsWith("aws:kms")
        ? (bucketDefault.kmsKeyId ?? "alias/aws/s3")
        : null;
  const keyId = writeKey ?? ctx.stateObject?.kmsKeyId ?? null;
  if (keyId)
    await checkKmsKey(
      ctx,
      keyId,
      writeKey === null
        ? "the state object's key"
        : s.writeSse.kind === "kms"
          ? "kms_key_id"
          : "the bucket's default key",
    );
}

async function checkKmsKey(ctx: VerifyContext, keyId: string, role: string): Promise<void> {
  const id: CheckId = "kms.key";
  ctx.kmsKeyId = keyId;
  ctx.expect(id, `KMS key ${keyId} (kms:DescribeKey)`, "s3.encryption");
  if (ctx.settings.endpoints.s3 && !ctx.settings.endpoints.kms) {
    ctx.record(
      id,
      "not-checked",
      `Not checked: S3 uses a custom endpoint and no KMS endpoint is known (set AWS_ENDPOINT_URL_KMS to check ${keyId}).`,
    );
    return;
  }
  const region = /^arn:[^:]+:kms:([^:]+):/.exec(keyId)?.[1] ?? ctx.settings.region;
  const r = await ctx.call("kms", "kms:DescribeKey", () => ctx.aws.describeKey(ctx.kms(region), keyId));
  if (r.ok) {
    const usable = r.value.state === "Enabled";
    ctx.record(
      id,
      usable ? "pass" : "fail",
      `KMS key ${keyId} (${role}) is ${r.value.arn || r.value.keyId}, state ${r.value.state}${r.value.keyManager ? `, ${r.value.keyManager}-managed` : ""}. S3 calls kms:GenerateDataKey (writes) and kms:Decrypt (reads) with the caller's permissions.`,
      {
        calls: ["kms:DescribeKey"],
        ...(usable
          ? {}
          : {
              diagnosis: {
                cause: `The key is ${r.value.state}; S3 cannot encrypt or decrypt state with it.`,
                fix: "Enable the key (or cancel its deletion), or point kms_key_id at a usable key.",
              },
            }),
      },
    );
    return;
  }
  if (r.skipped !== undefined) {
    ctx.record(id, "not-checked", r.skipped);
    return;
  }
  const error = r.error;
  if (error.awsCode === "NotFoundException") {
    ctx.record(
      id,
      "fail",
      `KMS key ${keyId} (${role}) does not exist in ${region}: every state write fails (S3 returns KMS.NotFoundException), and reads of objects encrypted with it fail too.`,
      {
        error,
        diagnosis: {
          cause: `${role} names ${keyId}, which KMS does not know in ${region}.`,
          fix: `Fix kms_key_id in ${backendFixTarget(ctx.explanation)} (key ID, ARN or alias in the bucket's region), or create the key.`,
        },
      },
    );
    return;
  }
  if (isDenied(error)) {
    ctx.record(
      id,
      "warn",
      `kms:DescribeKey on ${keyId} is denied. Terraform does not need DescribeKey, but S3 needs kms:GenerateDataKey (writes) and kms:Decrypt (reads) on this key for the caller; only a write probe can tell.`,
      { error },
    );
    return;
  }
  ctx.record(
    id,
    isTransport(error) ? "not-checked" : "warn",
    `kms:DescribeKey on ${keyId} failed (${error.awsCode}).`,
    {
      error,
    },
  );
}

async function checkVersioning(ctx: VerifyContext): Promise<void> {
  const id: CheckId = "s3.versioning";
  const r = await ctx.call("s3", "s3:GetBucketVersioning", () =>
    ctx.aws.getBucketVersioning(ctx.s3(), ctx.settings.bucket),
  );
  if (r.ok) {
    ctx.bucketVersioning = r.value.status;
    if (r.value.status === "Enabled")
      ctx.record(id, "pass", "Bucket versioning is enabled: earlier state versions can be recovered.", {
        calls: ["s3:GetBucketVersioning"],
      });
    else
      ctx.record(
        id,
        "warn",
        `Bucket versioning is ${r.value.status === "Suspended" ? "suspended" : "off"}: an overwritten or corrupted state cannot be recovered.`,
        {
          calls: ["s3:GetBucketVersioning"],
          diagnosis: {
            cause: "HashiCorp recommends versioning on the state bucket.",
            fix: `Enable versioning on bucket "${ctx.settings.bucket}" (aws s3api put-bucket-versioning --bucket ${ctx.settings.bucket} --versioning-configuration Status=Enabled).`,
          },
        },
      );
    return;
  }
  if (r.skipped !== undefined) {
    ctx.record(id, "not-checked", r.skipped);
    return;
  }
  ctx.record(
    id,
    "not-checked",
    isDenied(r.error)
      ? "Not checked: s3:GetBucketVersioning is denied (Terraform does not need it)."
      : `Not checked: GetBucketVersioning failed (${r.error.awsCode}).`,
    { error: r.error },
  );
}

/** use_lockfile: a present `<key>.tflock` is a held (or stale) lock (client.go getLockInfoWithFile). */
async function checkLockfile(ctx: VerifyContext): Promise<void> {
  const id: CheckId = "lock.lockfile";
  const key = lockfileKey(ctx);
  const r: CallResult<{ text: string }> = await ctx.call("s3", "s3:GetObject", () =>
    ctx.aws.getObject(ctx.s3(), { bucket: ctx.settings.bucket, key }),
  );
  if (r.ok) {
    const lock = parseLockInfo(r.value.text);
    ctx.record(
      id,
      "fail",
      `Lockfile "${key}" exists: the state is locked, ${describeLock(lock, ctx.world.clock.now())}. Every plan/apply fails with "Error acquiring the state lock" (PreconditionFailed) until it is released.`,
      {
        calls: ["s3:GetObject"],
        diagnosis: heldLockDiagnosis(lock, ctx.explanation.dir),
      },
    );
    return;
  }
  if (r.skipped !== undefined) {
    ctx.record(id, "not-checked", r.skipped);
    return;
  }
  const error = r.error;
  if (error.httpStatus === 404) {
    ctx.record(id, "pass", `No lockfile "${key}": the state is not locked.`, { calls: ["s3:GetObject"] });
    return;
  }
  handleGenericS3Failure(ctx, id, error, {
    denied: () => {
      ctx.record(
        id,
        "fail",
        `GetObject on "${key}" is denied. use_lockfile needs s3:GetObject, s3:PutObject and s3:DeleteObject on "${key}" (unlock reads the lockfile to compare lock IDs).${ctx.checks.find((c) => c.id === "s3.list-workspaces")?.status !== "pass" ? " Without s3:ListBucket a missing lockfile also answers 403." : ""}`,
        {
          error,
          diagnosis: s3AccessDiagnosis(ctx, "s3:GetObject", s3Arn(ctx, key)),
        },
      );
      return true;
    },
  });
}

function regionDiagnosis(ctx: VerifyContext, actual: string | null): Diagnosis {
  const r = ctx.explanation.region;
  const origin = describeRegionOrigin(ctx.explanation);
  const to = actual ?? "<the bucket's region>";
  const fix =
    r.value !== null && r.from === "backend"
      ? `Set region = "${to}" ${r.at ? `at ${r.at.file}:${r.at.line}` : `in ${backendFixTarget(ctx.explanation)}`} (the DynamoDB table must be in that region too).`
      : r.value !== null && r.from !== null
        ? `Add region = "${to}" to ${backendFixTarget(ctx.explanation)}, or export ${r.from}=${to}.`
        : `Set region = "${to}".`;
  return {
    cause: `The backend addresses the bucket in ${ctx.settings.region}, taken from ${origin}${actual ? `, but the bucket is in ${actual}` : ""}.`,
    fix,
  };
}

function atOf(ctx: VerifyContext, name: string): string {
  const at = ctx.explanation.backend.attributes.find((a) => a.name === name)?.at;
  return at ? `${at.file}:${at.line}` : name;
}
