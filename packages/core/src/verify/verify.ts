import type { CredentialPlan } from "../chain/plan.js";
import { type ExplainInput, explainWithPlan } from "../explain.js";
import { createNodeWorld } from "../world/node-world.js";
import type { World } from "../world/world.js";
import { baseCredentials } from "./base-credentials.js";
import type { CheckResult } from "./check-log.js";
import { VerifyContext } from "./context.js";
import { assumeHop } from "./credentials.js";
import { backendFixTarget } from "./identity.js";
import { checkAccount, checkCallerIdentity } from "./identity-checks.js";
import { judgeByModel } from "./judge-run.js";
import { checkDynamoDbLock, lockId } from "./lock-checks.js";
import { probeDynamoDbLock, probeLockfile } from "./lock-probes.js";
import { noCredentialsSkip, STOPS_AT_ACCOUNT, stopsAtHop } from "./messages/credentials.js";
import { PROBES_OFF } from "./messages/probes.js";
import * as msg from "./messages/run.js";
import { TITLES as ACCESS_TITLES } from "./messages/write-access.js";
import type { AwsCredentials, AwsPort } from "./port/aws-port.js";
import { createSdkAwsPort } from "./port/sdk-aws-port.js";
import { recordSecrets } from "./port/secret-recording-port.js";
import { cleanUp } from "./probe-cleanup.js";
import { probeKmsDataKey, probeStateWrite, probeSuffix } from "./probes.js";
import { type CheckId, type Diagnosis, summarizeChecks, type VerifyReport } from "./report.js";
import { checkBucket } from "./s3-checks.js";
import { isS3Check, listPrefix, type S3Outcome } from "./s3-common.js";
import { checkEncryption, checkKmsKey, checkVersioning } from "./s3-encryption-checks.js";
import { decideBucketPolicy, fetchBucketPolicy } from "./s3-policy-check.js";
import { checkList, checkLockfile, checkStateRead } from "./s3-state-checks.js";
import type { TerraformOperation } from "./terraform-needs.js";
import { checkDynamoDbAccess, checkLockfileAccess, checkStateWriteAccess } from "./write-access.js";

export interface VerifyInput extends ExplainInput {
  /**
   * Opt in to mutating probes: PutObject + DeleteObject of `<key>.tfwhy-probe-<random>`, a probe lockfile and/or a
   * probe DynamoDB lock item taken and released with Terraform's conditions. Never the real state or lock; always
   * cleaned up. Without it verify writes nothing: Terraform's writes are checked for authorisation on the real keys
   * with requests that cannot write (write-access.ts).
   */
  readonly writeProbe?: boolean;
  /** Budget per AWS call, retries included (default 5000 ms), and of credential_process (default 15 000 ms). */
  readonly timeoutMs?: number;
  /** Cancels the run (e.g. Ctrl-C); probes created so far are still removed. */
  readonly signal?: AbortSignal;
  /**
   * The last Terraform command the pipeline runs (default `apply`: init, plan and apply; `plan` for plan-only
   * pipelines). A finding fails only when a call of these commands needs it (the call model); otherwise it warns.
   */
  readonly operation?: TerraformOperation;
  /**
   * Progress: called with the check about to run (the first planned check not recorded yet), at the start and after
   * each check is recorded. For display only; the report does not depend on it.
   */
  readonly onCheck?: (id: CheckId, title: string) => void;
}

/** A World plus, optionally, the AWS port (default: createSdkAwsPort(), which loads the AWS SDK lazily). */
export type VerifyWorld = World & { readonly aws?: AwsPort };

export const DEFAULT_VERIFY_TIMEOUT_MS = 5000;

export { cleanupGraceMs } from "./probe-cleanup.js";

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
  const onCheck = input.onCheck;
  if (onCheck) {
    let last: CheckId | undefined;
    const announce = () => {
      const next = ctx.planned.find((p) => !ctx.isRecorded(p.id));
      // Each check once: recording another one (out of plan order) does not announce it again.
      if (next && next.id !== last) onCheck(next.id, next.title);
      last = next?.id;
    };
    ctx.onRecorded = announce;
    announce();
  }
  try {
    await run(ctx);
  } finally {
    const cleanup = await cleanUp(ctx);
    if (cleanup) ctx.add(cleanup);
  }
  ctx.skipPending(() => true, ctx.aborted ? msg.CANCELLED_SKIP : msg.NOT_CHECKED);
  const operation = input.operation ?? "apply";
  const checks = judgeByModel(ctx, operation);
  const summary = summarizeChecks(checks);
  // AWS answers and errors may quote what was sent; every secret seen on the way is hidden once more.
  return redactor.redactDeep({
    schemaVersion: 1,
    operation,
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
  const credentials = await obtainCredentials(ctx, ctx.plan!);
  if (!credentials) return;
  ctx.credentials = credentials;
  const who = await checkCallerIdentity(ctx, credentials);
  ctx.add(who.result);
  if (who.stopAll !== undefined) ctx.skipPending(() => true, who.stopAll);
  ctx.identity = who.identity;
  ctx.caller = who.caller;
  if (!who.proceed) return;
  const account = checkAccount(ctx, ctx.identity);
  if (account) ctx.add(account);
  if (account?.status === "fail") {
    ctx.skipPending(() => true, STOPS_AT_ACCOUNT);
    return;
  }
  await runS3Checks(ctx);
  if (ctx.settings.dynamodbTable && !ctx.aborted) {
    for (const r of await checkDynamoDbLock(ctx)) ctx.add(r);
    const item = ctx.checks.find((c) => c.id === "lock.dynamodb-item");
    if (item && item.status !== "not-checked" && !ctx.aborted) {
      ctx.add(await checkDynamoDbAccess(ctx, item.status === "pass"));
    }
  }
  if (!ctx.settings.dynamodbTable && !ctx.settings.useLockfile) {
    ctx.record("lock.configured", "warn", msg.NO_LOCKING, {
      diagnosis: msg.noLockingDiagnosis(backendFixTarget(ctx.explanation), ctx.settings.statePath),
    });
  }
  if (ctx.aborted) return;
  if (ctx.writeProbe) {
    await runProbes(ctx, (result) => ctx.add(result));
    if (ctx.aborted) ctx.skipPending((id) => id.startsWith("probe."), msg.CANCELLED_SKIP);
  } else ctx.skipPending((id) => id.startsWith("probe."), PROBES_OFF);
}

/**
 * The credentials Terraform would sign with, the way aws-sdk-go-base obtains them: the base source, then each role
 * hop on top (credentials.ts). Null, with every later check skipped, when Terraform stops on the way.
 */
async function obtainCredentials(ctx: VerifyContext, plan: CredentialPlan): Promise<AwsCredentials | null> {
  const base = await baseCredentials(ctx, plan.base);
  ctx.add(base.result);
  if (!base.credentials) {
    ctx.skipPending((id) => id !== "credentials.base", noCredentialsSkip(base.stopReason));
    return null;
  }
  let credentials = base.credentials;
  for (const [i, hop] of plan.roles.entries()) {
    const id: CheckId = `credentials.assume-role[${i}]`;
    const next = await assumeHop(ctx, id, hop, credentials);
    ctx.add(next.result);
    if (!next.credentials) {
      ctx.skipPending(() => true, stopsAtHop(hop.roleArn, id));
      return null;
    }
    credentials = next.credentials;
  }
  return credentials;
}

/**
 * The S3 checks, in the order Terraform touches the bucket. What one check learns (the policy, the state object,
 * the KMS key, versioning) is kept here, on the context, for the checks and probes after it.
 */
async function runS3Checks(ctx: VerifyContext): Promise<void> {
  const record = <O extends S3Outcome>(o: O): O => {
    if (o.result) ctx.add(o.result);
    if (o.skipS3 !== undefined) ctx.skipPending(isS3Check, o.skipS3);
    return o;
  };
  if (!record(await checkBucket(ctx)).proceed) return;
  const fetched = await fetchBucketPolicy(ctx);
  if (fetched.skipped) ctx.add(fetched.skipped);
  ctx.policy = fetched.facts;
  record(await checkList(ctx));
  const listing = () => ctx.checks.find((c) => c.id === "s3.list-workspaces");
  ctx.stateObject = record(await checkStateRead(ctx, listing())).stateObject;
  const read = ctx.checks.find((c) => c.id === "s3.state-read");
  const exists = ctx.stateObject ? true : read?.status === "pass" ? false : null;
  if (!ctx.aborted) ctx.add(await checkStateWriteAccess(ctx, exists));
  const policy = decideBucketPolicy(ctx, ctx.policy);
  if (policy) ctx.add(policy);
  const encryption = await checkEncryption(ctx, ctx.stateObject);
  ctx.add(encryption.result);
  if (encryption.kms) {
    ctx.kmsKeyId = encryption.kms.keyId;
    ctx.expect("kms.key", msg.TITLES.kmsKey(encryption.kms.keyId), "s3.encryption");
    ctx.add(await checkKmsKey(ctx, encryption.kms));
  }
  const versioning = await checkVersioning(ctx);
  ctx.add(versioning.result);
  ctx.bucketVersioning = versioning.versioning;
  if (ctx.settings.useLockfile) {
    const lockfile = record(await checkLockfile(ctx, listing())).result;
    const absent = lockfile?.status === "pass" ? true : lockfile?.status === "fail" && !lockfile.error ? false : null;
    if (!ctx.aborted) ctx.add(await checkLockfileAccess(ctx, absent));
  }
}

/**
 * The probes this configuration calls for, one after the other (none once the run is cancelled); each result is
 * recorded through `record` as soon as its probe ends.
 */
async function runProbes(ctx: VerifyContext, record: (result: CheckResult) => void): Promise<void> {
  const suffix = probeSuffix();
  record(await probeStateWrite(ctx, `${ctx.settings.statePath}${suffix}`));
  if (ctx.settings.useLockfile && !ctx.aborted)
    record(await probeLockfile(ctx, `${ctx.settings.statePath}${suffix}.tflock`, suffix));
  if (ctx.settings.dynamodbTable && !ctx.aborted)
    record(await probeDynamoDbLock(ctx, `${lockId(ctx)}${suffix}`, suffix));
  if (ctx.kmsKeyId && !ctx.aborted) {
    ctx.expect("probe.kms-data-key", msg.TITLES.probeKmsDataKey(ctx.kmsKeyId), kmsProbeAfter(ctx));
    record(await probeKmsDataKey(ctx, ctx.kmsKeyId));
  }
}

/** Where probe.kms-data-key goes in the report: after the last lock probe, else after the state write. */
function kmsProbeAfter(ctx: VerifyContext): CheckId {
  return ctx.settings.dynamodbTable
    ? "probe.dynamodb-lock"
    : ctx.settings.useLockfile
      ? "probe.lockfile"
      : "probe.state-write";
}

/** Terraform fails before it makes any AWS call: configuration, region or credentials (explain's verdict). */
function offlineBlocker(ctx: VerifyContext): { reason: string; diagnosis?: Diagnosis } | null {
  const e = ctx.explanation;
  const missing = !e.backend.bucket ? "bucket" : !e.backend.key ? "key" : null;
  if (!e.verdict.terraformFails && ctx.plan && e.region.value !== null && !missing) return null;
  const unknownLocation = missing && e.backend.unevaluated?.includes(missing);
  if (unknownLocation && e.verdict.terraformFails !== true) {
    const message = msg.locationUnknown(missing);
    return { reason: msg.notCheckedBecause(message), diagnosis: { cause: message, fix: msg.writeAsLiteral(missing) } };
  }
  if (e.verdict.terraformFails === null && e.verdict.unknown) {
    return {
      reason: msg.notCheckedBecause(e.verdict.unknown.message),
      diagnosis: { cause: e.verdict.unknown.message, fix: msg.WRITE_VALUE_AS_LITERAL },
    };
  }
  const first =
    e.verdict.firstError ??
    e.credentials.error?.terraformError ??
    (missing ? msg.attributeRequired(missing) : msg.FAILS_BEFORE_AWS);
  const detail =
    e.credentials.error && e.credentials.error.terraformError === first ? ` (${e.credentials.error.message})` : "";
  const d = e.diagnostics.find((x) => x.severity === "error");
  const diagnosis = d
    ? { cause: d.message, fix: d.fix ?? msg.SEE_DIAGNOSTICS }
    : e.credentials.error
      ? { cause: e.credentials.error.message, fix: msg.SEE_STEPS }
      : undefined;
  return {
    reason: msg.failsOffline(first, detail),
    ...(diagnosis ? { diagnosis } : {}),
  };
}

/** The checks this configuration calls for, in report order. */
function planChecks(ctx: VerifyContext): void {
  const s = ctx.settings;
  const t = msg.TITLES;
  ctx.expect("credentials.base", t.base(baseSourceName(ctx)));
  for (const [i, hop] of (ctx.plan?.roles ?? []).entries())
    ctx.expect(`credentials.assume-role[${i}]`, t.hop(hop.roleArn, hop.via));
  ctx.expect("sts.caller-identity", t.callerIdentity);
  if (s.allowedAccountIds.length || s.forbiddenAccountIds.length) ctx.expect("account.allowed", t.account);
  ctx.expect("s3.bucket", t.bucket(s.bucket, s.region));
  ctx.expect("s3.list-workspaces", t.list(listPrefix(ctx)));
  ctx.expect("s3.state-read", t.stateRead(s.statePath));
  ctx.expect("s3.state-write-access", ACCESS_TITLES.stateWrite(s.statePath));
  ctx.expect("s3.bucket-policy", t.bucketPolicy);
  ctx.expect("s3.encryption", t.encryption);
  if (s.writeSse.kind === "kms") ctx.expect("kms.key", t.kmsKey(s.writeSse.kmsKeyId));
  ctx.expect("s3.versioning", t.versioning);
  if (!s.dynamodbTable && !s.useLockfile) ctx.expect("lock.configured", t.lockConfigured);
  if (s.useLockfile) {
    ctx.expect("lock.lockfile", t.lockfile(s.statePath));
    ctx.expect("lock.lockfile-access", ACCESS_TITLES.lockfile(s.statePath));
  }
  if (s.dynamodbTable) {
    ctx.expect("lock.dynamodb-table", t.dynamodbTable(s.dynamodbTable));
    ctx.expect("lock.dynamodb-item", t.dynamodbItem(s.bucket, s.statePath));
    ctx.expect("lock.dynamodb-access", ACCESS_TITLES.dynamodb(`${s.bucket}/${s.statePath}`));
  }
  ctx.expect("probe.state-write", t.probeStateWrite);
  if (s.useLockfile) ctx.expect("probe.lockfile", t.probeLockfile);
  if (s.dynamodbTable) ctx.expect("probe.dynamodb-lock", t.probeDynamoDbLock);
  if (s.writeSse.kind === "kms") ctx.expect("probe.kms-data-key", t.probeKmsDataKey(s.writeSse.kmsKeyId));
}

/**
 * The source of the base credentials. With role hops the explanation's source is the last hop
 * (AssumeRoleProvider); the base step names what the roles are assumed from.
 */
function baseSourceName(ctx: VerifyContext): string | null {
  const plan = ctx.plan;
  if (!plan || plan.roles.length === 0) return ctx.explanation.credentials.source;
  return BASE_KIND_NAMES[plan.base.kind];
}

const BASE_KIND_NAMES: Record<CredentialPlan["base"]["kind"], string> = {
  static: "static keys",
  "web-identity": "web identity token",
  sso: "SSO",
  process: "credential_process",
  container: "container credentials",
  imds: "EC2 instance metadata",
};
