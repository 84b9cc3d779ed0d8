/**
 * credentials.base: the base provider Terraform picks (aws-sdk-go-base getCredentialsProvider /
 * resolveCredentialChain arm), called directly, one function per source.
 */
import type { BaseCredentialPlan } from "../chain/plan.js";
import { maskAccessKeyId } from "../redact.js";
import type { CallResult } from "./call-gate.js";
import { type CheckResult, checkResult } from "./check-log.js";
import type { VerifyContext } from "./context.js";
import { isTransport, transportDiagnosis, whyIdentity } from "./diagnose.js";
import { backendFixTarget } from "./identity.js";
import * as msg from "./messages/credentials.js";
import type { AwsCredentials } from "./port/aws-port.js";
import type { CheckId, Diagnosis } from "./report.js";

const ID: CheckId = "credentials.base";

type Plan<K extends BaseCredentialPlan["kind"]> = Extract<BaseCredentialPlan, { kind: K }>;

/**
 * credentials.base, and the credentials when the source gave them; else why not (the runner then skips every
 * other check: Terraform has no credentials).
 */
export type BaseOutcome =
  | { readonly result: CheckResult; readonly credentials: AwsCredentials; readonly stopReason?: undefined }
  | { readonly result: CheckResult; readonly credentials: null; readonly stopReason: string };

/** Obtains the base credentials from the source the plan names. */
export async function baseCredentials(ctx: VerifyContext, base: BaseCredentialPlan): Promise<BaseOutcome> {
  switch (base.kind) {
    case "static":
      return staticCredentials(ctx, base);
    case "web-identity":
      return webIdentityCredentials(ctx, base);
    case "sso":
      return ssoCredentials(ctx, base);
    case "process":
      return processCredentials(ctx, base);
    case "container":
      return containerCredentials(ctx, base);
    case "imds":
      return imdsCredentials(ctx, base);
  }
}

function stop(result: CheckResult, stopReason: string): BaseOutcome {
  return { result, credentials: null, stopReason };
}

function got(result: CheckResult, credentials: AwsCredentials): BaseOutcome {
  return { result, credentials };
}

function staticCredentials(ctx: VerifyContext, base: Plan<"static">): BaseOutcome {
  const creds = {
    accessKeyId: base.accessKeyId,
    secretAccessKey: base.secretAccessKey,
    ...(base.sessionToken ? { sessionToken: base.sessionToken } : {}),
  };
  const masked = maskAccessKeyId(base.accessKeyId);
  return got(checkResult(ID, "pass", msg.staticKeys(masked, !!base.sessionToken, whyIdentity(ctx))), creds);
}

async function webIdentityCredentials(ctx: VerifyContext, base: Plan<"web-identity">): Promise<BaseOutcome> {
  const why = whyIdentity(ctx);
  const token = base.token;
  const target = ctx.stsTarget(base.fromBackend ? "backend" : "chain");
  const sessionName = base.sessionName ?? goUnixNano(ctx);
  const r = await ctx.call("sts", "sts:AssumeRoleWithWebIdentity", () =>
    ctx.aws.assumeRoleWithWebIdentity(target, {
      roleArn: base.roleArn,
      sessionName,
      webIdentityToken: token,
    }),
  );
  if (!r.ok) {
    return stop(
      failBase(
        ctx,
        r,
        msg.webIdentityFailed(base.roleArn),
        msg.webIdentityDiagnosis(base.roleArn, r.error),
        base.fromBackend ? msg.WEB_IDENTITY_TERRAFORM_ERROR : msg.NO_VALID_CREDENTIALS,
      ),
      "web identity failed",
    );
  }
  const result = checkResult(ID, "pass", msg.webIdentityAssumed(base.roleArn, r.value.assumedRoleArn, why), {
    calls: ["sts:AssumeRoleWithWebIdentity"],
  });
  return got(result, r.value);
}

async function ssoCredentials(ctx: VerifyContext, base: Plan<"sso">): Promise<BaseOutcome> {
  const why = whyIdentity(ctx);
  const token = base.token?.accessToken ? { ...base.token, accessToken: base.token.accessToken } : null;
  if (!token) {
    const result = checkResult(ID, "fail", msg.ssoTokenInvalid(base.cacheFile), {
      diagnosis: msg.ssoTokenInvalidDiagnosis(base.cacheFile),
    });
    return stop(result, "no SSO token");
  }
  if (!token.expiresAt || token.expiresAt.getTime() <= ctx.world.clock.now().getTime()) {
    const result = checkResult(ID, "not-checked", msg.ssoTokenExpired(token.expiresAt ?? null), {
      diagnosis: msg.SSO_TOKEN_EXPIRED_DIAGNOSIS,
    });
    return stop(result, "the SSO token has expired");
  }
  const r = await ctx.call("sso", "sso:GetRoleCredentials", () =>
    ctx.aws.getRoleCredentials(ctx.sso(base.ssoRegion), {
      accessToken: token.accessToken,
      accountId: base.accountId,
      roleName: base.roleName,
    }),
  );
  if (!r.ok) {
    return stop(
      failBase(
        ctx,
        r,
        msg.ssoFailed(base.roleName, base.accountId),
        msg.ssoDiagnosis(base.roleName, base.accountId, r.error),
      ),
      "SSO failed",
    );
  }
  const masked = maskAccessKeyId(r.value.accessKeyId);
  const result = checkResult(ID, "pass", msg.ssoCredentials(base.roleName, base.accountId, masked, why), {
    calls: ["sso:GetRoleCredentials"],
  });
  return got(result, r.value);
}

async function processCredentials(ctx: VerifyContext, base: Plan<"process">): Promise<BaseOutcome> {
  const why = whyIdentity(ctx);
  // --timeout bounds it when given; else 15 s (helpers may be slow to start; Go's processcreds allows 1 min).
  const timeoutMs = ctx.processTimeoutMs;
  const r = await ctx.call("credentials", "process:credential_process", () =>
    ctx.aws.processCredentials({ command: base.command, timeoutMs, ...(ctx.signal ? { signal: ctx.signal } : {}) }),
  );
  if (!r.ok) {
    return stop(failBase(ctx, r, msg.PROCESS_FAILED, msg.processDiagnosis(r.error)), "credential_process failed");
  }
  const result = checkResult(ID, "pass", msg.processCredentials(maskAccessKeyId(r.value.accessKeyId), why), {
    calls: ["process:credential_process"],
  });
  return got(result, r.value);
}

async function containerCredentials(ctx: VerifyContext, base: Plan<"container">): Promise<BaseOutcome> {
  const why = whyIdentity(ctx);
  let authorizationToken = base.authorizationToken;
  if (!authorizationToken && base.authorizationTokenFile) {
    const read = await ctx.world.fs.readText(base.authorizationTokenFile);
    if (read.state === "found") authorizationToken = read.text.trim();
  }
  const r = await ctx.call("credentials", "container:GetCredentials", () =>
    ctx.aws.containerCredentials({
      url: base.url,
      ...(authorizationToken ? { authorizationToken } : {}),
      timeoutMs: ctx.timeoutMs,
      ...(ctx.signal ? { signal: ctx.signal } : {}),
    }),
  );
  if (!r.ok) {
    return stop(
      failBase(ctx, r, msg.containerFailed(base.url), msg.containerDiagnosis(base.url, r.error)),
      "the container endpoint failed",
    );
  }
  const result = checkResult(
    ID,
    "pass",
    msg.containerCredentials(base.url, maskAccessKeyId(r.value.accessKeyId), why),
    {
      calls: ["container:GetCredentials"],
    },
  );
  return got(result, r.value);
}

async function imdsCredentials(ctx: VerifyContext, base: Plan<"imds">): Promise<BaseOutcome> {
  const why = whyIdentity(ctx);
  const r = await ctx.call("credentials", "imds:GetCredentials", () =>
    ctx.aws.imdsCredentials({
      endpoint: base.endpoint,
      timeoutMs: ctx.timeoutMs,
      ...(ctx.signal ? { signal: ctx.signal } : {}),
    }),
  );
  if (!r.ok) {
    const diagnosis = msg.imdsDiagnosis(base.endpoint, r.error, backendFixTarget(ctx.explanation));
    return stop(failBase(ctx, r, msg.imdsFailed(base.endpoint), diagnosis), "IMDS failed");
  }
  const result = checkResult(
    ID,
    "pass",
    msg.imdsCredentials(r.value.roleName, maskAccessKeyId(r.value.accessKeyId), why),
    {
      calls: ["imds:GetCredentials"],
    },
  );
  return got(result, r.value);
}

function failBase(
  ctx: VerifyContext,
  r: Exclude<CallResult<unknown>, { ok: true }>,
  detail: string,
  diagnosis: Diagnosis,
  terraformError = msg.NO_VALID_CREDENTIALS,
): CheckResult {
  if (r.skipped !== undefined) return checkResult(ID, "not-checked", r.skipped);
  const error = r.error;
  if (error.kind === "aborted") return checkResult(ID, "not-checked", msg.CANCELLED, { error });
  return checkResult(ID, "fail", msg.baseFailed(detail, terraformError), {
    error,
    diagnosis:
      isTransport(error) && error.operation.startsWith("sts") ? transportDiagnosis(ctx, "sts", error) : diagnosis,
  });
}

/** Go's `strconv.FormatInt(time.Now().UnixNano(), 10)`, from the world's clock. */
export function goUnixNano(ctx: VerifyContext): string {
  return (BigInt(ctx.world.clock.now().getTime()) * 1_000_000n).toString();
}
