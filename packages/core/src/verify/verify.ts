import { type ExplainInput, explainWithPlan } from "../explain.js";
import type { Explanation } from "../trace.js";
import { createNodeWorld } from "../world/node-world.js";
import type { World } from "../world/world.js";
import { type ArmedProbe, VerifyContext } from "./context.js";
import { checkAccount, checkCallerIdentity, obtainCredentials } from "./credentials.js";
import { backendFixTarget } from "./identity.js";
import { runDynamoDbChecks } from "./lock-checks.js";
import type { AwsPort } from "./port/aws-port.js";
import { recordSecrets } from "./port/secret-recording-port.js";
import { removeAndConfirm } from "./probe-cleanup.js";
import { runProbes } from "./probes.js";
import { type Diagnosis, summarizeChecks, type VerifyReport } from "./report.js";
import { runS3Checks } from "./s3-checks.js";
import { listPrefix } from "./s3-common.js";
import { createSdkAwsPort } from "./sdk-aws-port.js";

export interface VerifyInput extends ExplainInput {
  /**
   * Opt in to mutating probes: PutObject + DeleteObject of `<key>.tfwhy-probe-<random>`, a probe lockfile and/or a
   * probe DynamoDB lock item taken and released with Terraform's conditions. Never the real state or lock; always
   * cleaned up. Without it verify makes no mutating call at all.
   */
  readonly writeProbe?: boolean;
  /** Budget per AWS call, retries included (default 5000 ms), and of credential_process (default 15 000 ms). */
  readonly timeoutMs?: number;
  /** Cancels the run (e.g. Ctrl-C); probes created so far are still removed. */
  readonly signal?: AbortSignal;
}

/** A World plus, optionally, the AWS port (default: createSdkAwsPort(), which loads the AWS SDK lazily). */
export type VerifyWorld = World & { readonly aws?: AwsPort };

export const DEFAULT_VERIFY_TIMEOUT_MS = 5000;

/**
 * Verifies the S3 backend live: obtains the credentials explain says Terraform will use (each source and role hop
 * is a check), then makes the read-only calls Terraform makes (and a few it does not, to explain failures), and,
 * with `writeProbe`, the writes and lock round trips on probe keys. Every failure is a check result with the AWS
 * error and a diagnosis that names the identity, why Terraform uses it, and what to change; nothing throws for an
 * AWS answer. Throws InvalidInputError only when the configuration cannot be read (as explainCredentials does).
 *
 * @example
 * const report = await verifyBackend({ dir: "infra/prod", backendConfig: ["env/backend.hcl"] });
 * for (const check of report.checks) console.log(check.status, check.title, check.diagnosis?.fix ?? "");
 */
export async function verifyBackend(input: VerifyInput, world: VerifyWorld = createNodeWorld()): Promise<VerifyReport> {
  const { explanation, plan, settings, redactor } = await explainWithPlan(input, world);
  const aws = recordSecrets(world.aws ?? createSdkAwsPort({ env: world.env }), redactor);
  const ctx = new VerifyContext({
    explanation,
    plan,
    settings,
    world,
    aws,
    timeoutMs: input.timeoutMs ?? DEFAULT_VERIFY_TIMEOUT_MS,
    writeProbe: input.writeProbe ?? false,
    signal: input.signal,
    ...(input.timeoutMs !== undefined ? { processTimeoutMs: input.timeoutMs } : {}),
  });
  planChecks(ctx);
  try {
    await run(ctx);
  } finally {
    await cleanUp(ctx);
  }
  ctx.skipPending(() => true, ctx.aborted ? "Not checked: cancelled." : "Not checked.");
  const checks = ctx.ordered();
  const summary = summarizeChecks(checks);
  // AWS answers and errors may quote what was sent; every secret seen on the way is hidden once more.
  return redactor.redactDeep({
    schemaVersion: 1,
    explanation,
    identity: ctx.identity,
    writeProbe: ctx.writeProbe,
    checks,
    summary,
    ok: summary.fail === 0 && summary.pass > 0 && !explanation.verdict.terraformFails && !ctx.aborted,
    ...(ctx.aborted ? { cancelled: true as const } : {}),
  } satisfies VerifyReport);
}

async function run(ctx: VerifyContext): Promise<void> {
  const blocker = offlineBlocker(ctx);
  if (blocker) {
    ctx.skipPending(() => true, blocker.reason, blocker.diagnosis);
    return;
  }
  if (!(await obtainCredentials(ctx))) return;
  if (!(await checkCallerIdentity(ctx))) return;
  if (!checkAccount(ctx)) return;
  await runS3Checks(ctx);
  if (ctx.settings.dynamodbTable && !ctx.aborted) await runDynamoDbChecks(ctx);
  if (!ctx.settings.dynamodbTable && !ctx.settings.useLockfile) {
    ctx.record(
      "lock.configured",
      "warn",
      "Neither use_lockfile nor dynamodb_table is set: Terraform does not lock the state, so two concurrent applies can corrupt it.",
      {
        diagnosis: {
          cause: "The backend has no state locking.",
          fix: `Add use_lockfile = true to ${backendFixTarget(ctx.explanation)} (Terraform 1.10+; it needs s3:GetObject, s3:PutObject and s3:DeleteObject on "${ctx.settings.key}.tflock").`,
        },
      },
    );
  }
  if (ctx.aborted) return;
  if (ctx.writeProbe) await runProbes(ctx);
  else
    ctx.skipPending(
      (id) => id.startsWith("probe."),
      "Not checked: write probes are off. With writeProbe (tfwhy verify --write-probe), verify writes and deletes a probe object next to the state and takes and releases a probe lock with Terraform's conditions; without it verify makes no mutating call.",
    );
}

/** Terraform fails before it makes any AWS call: configuration, region or credentials (explain's verdict). */
function offlineBlocker(ctx: VerifyContext): { reason: string; diagnosis?: Diagnosis } | null {
  const e = ctx.explanation;
  const missing = !e.backend.bucket ? "bucket" : !e.backend.key ? "key" : null;
  if (!e.verdict.terraformFails && ctx.plan && e.region.value !== null && !missing) return null;
  const unknownLocation = missing && e.backend.unevaluated?.includes(missing);
  if (unknownLocation && e.verdict.terraformFails !== true) {
    const message = `${missing} is an expression tfwhy does not evaluate, so the object to check is unknown offline.`;
    return {
      reason: `Not checked: ${message}`,
      diagnosis: { cause: message, fix: `Write ${missing} as a literal, then verify again.` },
    };
  }
  if (e.verdict.terraformFails === null && e.verdict.unknown) {
    return {
      reason: `Not checked: ${e.verdict.unknown.message}`,
      diagnosis: { cause: e.verdict.unknown.message, fix: "Write the value as a literal, then verify again." },
    };
  }
  const first =
    e.verdict.firstError ??
    e.credentials.error?.terraformError ??
    (missing ? `The attribute "${missing}" is required by the backend.` : "Terraform fails before it reaches AWS");
  const detail =
    e.credentials.error && e.credentials.error.terraformError === first ? ` (${e.credentials.error.message})` : "";
  const d = e.diagnostics.find((x) => x.severity === "error");
  const diagnosis = d
    ? { cause: d.message, fix: d.fix ?? "See the explanation's diagnostics." }
    : e.credentials.error
      ? { cause: e.credentials.error.message, fix: "See the explanation's steps." }
      : undefined;
  return {
    reason: `Not checked: Terraform fails before it reaches AWS, with "${first}"${detail}.`,
    ...(diagnosis ? { diagnosis } : {}),
  };
}

/** The checks this configuration calls for, in report order. */
function planChecks(ctx: VerifyContext): void {
  const s = ctx.settings;
  ctx.expect("credentials.base", `Base credentials (${ctx.explanation.credentials.source ?? "none"})`);
  for (const [i, hop] of (ctx.plan?.roles ?? []).entries()) {
    ctx.expect(
      `credentials.assume-role[${i}]`,
      `Assume ${hop.roleArn} (${hop.via === "backend" ? "backend assume_role" : "profile role_arn"})`,
    );
  }
  ctx.expect("sts.caller-identity", "Caller identity (sts:GetCallerIdentity)");
  if (s.allowedAccountIds.length || s.forbiddenAccountIds.length)
    ctx.expect("account.allowed", "Account allowed (allowed_account_ids / forbidden_account_ids)");
  ctx.expect("s3.bucket", `Bucket "${s.bucket}" exists in ${s.region || "the backend region"} (s3:HeadBucket)`);
  ctx.expect("s3.list-workspaces", `List workspaces (s3:ListBucket, prefix "${listPrefix(ctx)}")`);
  ctx.expect("s3.state-read", `Read state "${s.key}" (s3:GetObject)`);
  ctx.expect("s3.bucket-policy", "Bucket policy (s3:GetBucketPolicy, analysed for this caller)");
  ctx.expect("s3.encryption", "Encryption (encrypt, kms_key_id, bucket default)");
  if (s.writeSse.kind === "kms") ctx.expect("kms.key", `KMS key ${s.writeSse.kmsKeyId} (kms:DescribeKey)`);
  ctx.expect("s3.versioning", "Bucket versioning (s3:GetBucketVersioning)");
  if (!s.dynamodbTable && !s.useLockfile) ctx.expect("lock.configured", "State locking configured");
  if (s.useLockfile) ctx.expect("lock.lockfile", `Lockfile "${s.key}.tflock" not held (s3:GetObject)`);
  if (s.dynamodbTable) {
    ctx.expect("lock.dynamodb-table", `Lock table "${s.dynamodbTable}" (key schema; dynamodb:DescribeTable)`);
    ctx.expect("lock.dynamodb-item", `Lock item "${s.bucket}/${s.key}" not held (dynamodb:GetItem)`);
  }
  ctx.expect("probe.state-write", "Write probe: s3:PutObject + s3:DeleteObject next to the state");
  if (s.useLockfile) ctx.expect("probe.lockfile", "Write probe: lockfile acquire + release (If-None-Match: *)");
  if (s.dynamodbTable)
    ctx.expect("probe.dynamodb-lock", "Write probe: DynamoDB lock acquire + release (attribute_not_exists)");
  if (s.writeSse.kind === "kms")
    ctx.expect("probe.kms-data-key", `Write probe: kms:GenerateDataKey on ${s.writeSse.kmsKeyId}`);
}

/**
 * The clean-up's own deadline: delete + confirm are two sequential calls per probe, each bounded by the per-call
 * timeout, so twice the timeout lets a slow but live store finish; at least 3 s so a short --timeout still leaves
 * time for three probes on a healthy store, and at most 30 s so a dead store cannot hold the run.
 */
export function cleanupGraceMs(timeoutMs: number): number {
  return Math.min(30_000, Math.max(3_000, 2 * timeoutMs));
}

/**
 * Removes every armed probe (also after an error, a timeout or a cancel) and reports each one as removed only when
 * a read confirmed it gone; every other probe is named as left behind, with why.
 */
async function cleanUp(ctx: VerifyContext): Promise<void> {
  const armed = [...ctx.probes.values()].filter((p) => p.outcome !== "not-sent");
  if (armed.length === 0) return;
  const graceMs = cleanupGraceMs(ctx.timeoutMs);
  const deadline = AbortSignal.timeout(graceMs);
  const removed: string[] = [];
  const left: { readonly probe: ArmedProbe; readonly why: string; readonly versions: readonly string[] }[] = [];
  for (const probe of armed) {
    const r = await removeAndConfirm(ctx, probe, deadline, graceMs);
    if (r.gone) {
      // A write AWS refused, found absent without deleting anything: nothing was written, nothing to report.
      if (probe.outcome !== "refused" || r.touched) removed.push(`${probe.name} (${r.how})`);
    } else left.push({ probe, why: r.why, versions: r.versions });
  }
  if (removed.length === 0 && left.length === 0) return;
  const title = "Write probes cleaned up";
  const removedText = removed.length > 0 ? `Removed, and confirmed gone: ${removed.join(", ")}.` : "";
  if (left.length === 0) {
    ctx.record("probe.cleanup", "pass", removedText, { title });
    return;
  }
  const named = left.map(
    ({ probe, why, versions }) =>
      `${probe.name}${versions.length > 0 ? ` (version${versions.length === 1 ? "" : "s"} ${versions.join(", ")})` : ""}: ${why}`,
  );
  const lock = left.some(({ probe }) => probe.kind === "dynamodb" || probe.key.endsWith(".tflock"));
  ctx.record(
    "probe.cleanup",
    "fail",
    `Left behind, or not confirmed gone: ${named.join("; ")}.${removedText ? ` ${removedText}` : ""}`,
    {
      title,
      diagnosis: {
        cause: `The probe's delete or the read that confirms it failed (permission, timeout, cancel, or the clean-up deadline of ${graceMs / 1000} s).${lock ? " A leftover probe lock does not block Terraform (it uses a different key)." : ""}`,
        fix: `Delete it by hand; it is safe to delete: ${left.map(({ probe, versions }) => deleteCommand(probe, versions)).join("; ")} (see docs/verify-probes.md).`,
      },
    },
  );
}

/** The AWS CLI command that removes a leftover probe. */
function deleteCommand(probe: ArmedProbe, versions: readonly string[]): string {
  if (probe.kind === "dynamodb")
    return `aws dynamodb delete-item --table-name ${probe.table} --key '{"LockID":{"S":"${probe.lockId}"}}'`;
  const base = `aws s3api delete-object --bucket ${probe.bucket} --key ${probe.key}`;
  return versions.length === 0 ? base : versions.map((v) => `${base} --version-id ${v}`).join("; ");
}
