/**
 * Executes the credential plan explain chose, one source and one role hop at a time, the way aws-sdk-go-base
 * does: base provider (getCredentialsProvider / resolveCredentialChain arm), then profile role_arn hops
 * (credsFromAssumeRole, main region), then the backend's assume_role (assumeRoleCredentialsProvider, sts_region).
 * Never a JS provider chain: each source is called directly.
 */
import type { BaseCredentialPlan, RoleHop } from "../chain/plan.js";
import { maskAccessKeyId } from "../redact.js";
import type { CallResult, VerifyContext } from "./context.js";
import { credentialDiagnosis, isCredentialError, isTransport, transportDiagnosis, whyIdentity } from "./diagnose.js";
import { backendFixTarget, parseCallerArn } from "./identity.js";
import type { AwsCallError, AwsCredentials } from "./port/aws-port.js";
import type { CheckId, Diagnosis } from "./report.js";

const NO_VALID_CREDENTIALS = "No valid credential sources found";

/** Obtains the credentials Terraform would sign with; records `credentials.*`. Returns false when it cannot. */
export async function obtainCredentials(ctx: VerifyContext): Promise<boolean> {
  const plan = ctx.plan!;
  let creds = await baseCredentials(ctx, plan.base);
  if (!creds) return false;
  for (const [i, hop] of plan.roles.entries()) {
    const id: CheckId = `credentials.assume-role[${i}]`;
    const next = await assumeHop(ctx, id, hop, creds);
    if (!next) {
      ctx.skipPending(() => true, `Not checked: Terraform stops when it cannot assume ${hop.roleArn} (see ${id}).`);
      return false;
    }
    creds = next;
  }
  ctx.credentials = creds;
  return true;
}

async function baseCredentials(ctx: VerifyContext, base: BaseCredentialPlan): Promise<AwsCredentials | null> {
  const id: CheckId = "credentials.base";
  const why = whyIdentity(ctx);
  const stop = (reason: string) => ctx.skipPending((x) => x !== id, `Not checked: no credentials (${reason}).`);
  switch (base.kind) {
    case "static": {
      const creds = {
        accessKeyId: base.accessKeyId,
        secretAccessKey: base.secretAccessKey,
        ...(base.sessionToken ? { sessionToken: base.sessionToken } : {}),
      };
      ctx.record(
        id,
        "pass",
        `Static keys ${maskAccessKeyId(base.accessKeyId)}${base.sessionToken ? " with a session token" : ""}: ${why}. Nothing to fetch; the next call checks them.`,
      );
      return creds;
    }
    case "web-identity": {
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
        failBase(
          ctx,
          r,
          `Cannot assume ${base.roleArn} with the web identity token`,
          {
            cause: `sts:AssumeRoleWithWebIdentity for ${base.roleArn} failed${r.error ? ` (${r.error.awsCode}: ${r.error.message})` : ""}. The role's trust policy must trust the token's issuer (Federated principal) and match its aud/sub claims.`,
            fix: `Check the trust policy of ${base.roleArn} against the token's iss, aud and sub claims, and that the token is not expired.`,
          },
          base.fromBackend ? "Cannot assume IAM Role with web identity" : NO_VALID_CREDENTIALS,
        );
        stop("web identity failed");
        return null;
      }
      ctx.record(
        id,
        "pass",
        `Assumed ${base.roleArn} with the web identity token${r.value.assumedRoleArn ? ` (session ${r.value.assumedRoleArn})` : ""}: ${why}.`,
        { calls: ["sts:AssumeRoleWithWebIdentity"] },
      );
      return r.value;
    }
    case "sso": {
      const token = base.token?.accessToken ? { ...base.token, accessToken: base.token.accessToken } : null;
      if (!token) {
        ctx.record(id, "fail", `The SSO token cache ${base.cacheFile} is not valid JSON with an accessToken.`, {
          diagnosis: {
            cause: `Terraform reads the SSO access token from ${base.cacheFile}.`,
            fix: "Run `aws sso login` for this profile's sso_session (or start URL).",
          },
        });
        stop("no SSO token");
        return null;
      }
      if (!token.expiresAt || token.expiresAt.getTime() <= ctx.world.clock.now().getTime()) {
        ctx.record(
          id,
          "not-checked",
          `The cached SSO token expired${token.expiresAt ? ` at ${token.expiresAt.toISOString()}` : ""}. Terraform would try to refresh it through SSO OIDC (CreateToken); verify does not, because that rewrites your token cache.`,
          {
            diagnosis: {
              cause: "The SSO access token in the cache has expired.",
              fix: "Run `aws sso login` (for this profile's sso_session), then verify again.",
            },
          },
        );
        stop("the SSO token has expired");
        return null;
      }
      const r = await ctx.call("sso", "sso:GetRoleCredentials", () =>
        ctx.aws.getRoleCredentials(ctx.sso(base.ssoRegion), {
          accessToken: token.accessToken,
          accountId: base.accountId,
          roleName: base.roleName,
        }),
      );
      if (!r.ok) {
        failBase(ctx, r, `SSO GetRoleCredentials for ${base.roleName} in ${base.accountId} failed`, {
          cause: `The SSO portal refused role ${base.roleName} in account ${base.accountId}${r.error ? ` (${r.error.awsCode}: ${r.error.message})` : ""}: the token is revoked or the permission set is not assigned to you.`,
          fix: "Run `aws sso login` again, and check sso_account_id / sso_role_name in the profile against your SSO assignments.",
        });
        stop("SSO failed");
        return null;
      }
      ctx.record(
        id,
        "pass",
        `SSO role credentials for ${base.roleName} in ${base.accountId} (${maskAccessKeyId(r.value.accessKeyId)}): ${why}.`,
        { calls: ["sso:GetRoleCredentials"] },
      );
      return r.value;
    }
    case "process": {
      // --timeout bounds it when given; else 15 s (helpers may be slow to start; Go's processcreds allows 1 min).
      const timeoutMs = ctx.processTimeoutMs;
      const r = await ctx.call("credentials", "process:credential_process", () =>
        ctx.aws.processCredentials({ command: base.command, timeoutMs, ...(ctx.signal ? { signal: ctx.signal } : {}) }),
      );
      if (!r.ok) {
        failBase(ctx, r, "credential_process failed", {
          cause: `credential_process failed${r.error ? ` (${r.error.awsCode}: ${r.error.message})` : ""}. Terraform prints "process provider error: …" inside "${NO_VALID_CREDENTIALS}".`,
          fix: "Run the credential_process command by hand; it must print JSON with Version 1, AccessKeyId and SecretAccessKey, without prompting.",
        });
        stop("credential_process failed");
        return null;
      }
      ctx.record(id, "pass", `credential_process returned ${maskAccessKeyId(r.value.accessKeyId)}: ${why}.`, {
        calls: ["process:credential_process"],
      });
      return r.value;
    }
    case "container": {
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
        failBase(ctx, r, `The container credentials endpoint ${base.url} failed`, {
          cause: `${base.url} did not return credentials${r.error ? ` (${r.error.awsCode}: ${r.error.message})` : ""}.`,
          fix: "Run inside the task/pod that has the role, or unset AWS_CONTAINER_CREDENTIALS_* and configure another source.",
        });
        stop("the container endpoint failed");
        return null;
      }
      ctx.record(
        id,
        "pass",
        `The container endpoint ${base.url} returned ${maskAccessKeyId(r.value.accessKeyId)}: ${why}.`,
        { calls: ["container:GetCredentials"] },
      );
      return r.value;
    }
    case "imds": {
      const r = await ctx.call("credentials", "imds:GetCredentials", () =>
        ctx.aws.imdsCredentials({
          endpoint: base.endpoint,
          timeoutMs: ctx.timeoutMs,
          ...(ctx.signal ? { signal: ctx.signal } : {}),
        }),
      );
      if (!r.ok) {
        failBase(ctx, r, `EC2 instance metadata (${base.endpoint}) returned no role credentials`, {
          cause: `Nothing else provides credentials, so Terraform asks IMDS at ${base.endpoint}, which ${r.error ? `failed (${r.error.awsCode}: ${r.error.message})` : "did not answer"}: this only works on EC2 with an instance profile.`,
          fix: `Name a profile in ${backendFixTarget(ctx.explanation)} (profile = "…"), or export AWS_PROFILE or AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY.`,
        });
        stop("IMDS failed");
        return null;
      }
      ctx.record(
        id,
        "pass",
        `IMDS returned role ${r.value.roleName} credentials (${maskAccessKeyId(r.value.accessKeyId)}): ${why}.`,
        { calls: ["imds:GetCredentials"] },
      );
      return r.value;
    }
  }
}

function failBase(
  ctx: VerifyContext,
  r: Exclude<CallResult<unknown>, { ok: true }>,
  detail: string,
  diagnosis: Diagnosis,
  terraformError = NO_VALID_CREDENTIALS,
): void {
  const id: CheckId = "credentials.base";
  if (r.skipped !== undefined) {
    ctx.record(id, "not-checked", r.skipped);
    return;
  }
  const error = r.error;
  if (error.kind === "aborted") {
    ctx.record(id, "not-checked", "Cancelled.", { error });
    return;
  }
  ctx.record(id, "fail", `${detail}. Terraform fails with "${terraformError}".`, {
    error,
    diagnosis:
      isTransport(error) && error.operation.startsWith("sts") ? transportDiagnosis(ctx, "sts", error) : diagnosis,
  });
}

async function assumeHop(
  ctx: VerifyContext,
  id: CheckId,
  hop: RoleHop,
  creds: AwsCredentials,
): Promise<AwsCredentials | null> {
  const via = hop.via === "backend" ? "backend" : "chain";
  const r = await ctx.call("sts", "sts:AssumeRole", () =>
    ctx.aws.assumeRole(ctx.signedSts(via, creds), {
      roleArn: hop.roleArn,
      // Go defaults: stscreds `aws-go-sdk-<unixnano>` when no session name is configured.
      sessionName: hop.sessionName ?? `aws-go-sdk-${goUnixNano(ctx)}`,
      ...(hop.externalId ? { externalId: hop.externalId } : {}),
      ...(hop.durationSeconds ? { durationSeconds: hop.durationSeconds } : {}),
      ...(hop.policy ? { policy: hop.policy.trim() } : {}),
      ...(hop.policyArns ? { policyArns: hop.policyArns } : {}),
      ...(hop.tags ? { tags: hop.tags } : {}),
      ...(hop.transitiveTagKeys ? { transitiveTagKeys: hop.transitiveTagKeys } : {}),
      ...(hop.sourceIdentity ? { sourceIdentity: hop.sourceIdentity } : {}),
    }),
  );
  const source = hop.via === "backend" ? "the backend's assume_role" : "a profile's role_arn";
  const title = `Assume ${hop.roleArn} (${source})`;
  if (r.ok) {
    ctx.record(
      id,
      "pass",
      `Assumed ${hop.roleArn}${r.value.assumedRoleArn ? ` as ${r.value.assumedRoleArn}` : ""} (${source}, STS region ${ctx.signedSts(via, creds).region}).`,
      { calls: ["sts:AssumeRole"], title },
    );
    return r.value;
  }
  if (r.skipped !== undefined) {
    ctx.record(id, "not-checked", r.skipped, { title });
    return null;
  }
  const error = r.error;
  const terraformError =
    hop.via === "backend"
      ? `Cannot assume IAM Role: IAM Role (${hop.roleArn}) cannot be assumed.`
      : `failed to refresh cached credentials, operation error STS: AssumeRole`;
  let diagnosis: Diagnosis;
  if (isTransport(error)) diagnosis = transportDiagnosis(ctx, "sts", error);
  else if (isCredentialError(error)) diagnosis = credentialDiagnosis(ctx, error);
  else {
    const extras = [
      hop.tags || hop.transitiveTagKeys ? "sts:TagSession" : null,
      hop.sourceIdentity ? "sts:SetSourceIdentity" : null,
    ].filter(Boolean);
    diagnosis = {
      cause: `${describeAssumer(error)} may not assume ${hop.roleArn}: the role's trust policy does not name that principal${hop.externalId ? " (or the ExternalId condition does not match)" : ""}, or its identity policy lacks sts:AssumeRole on the role. The base credentials come from: ${whyIdentity(ctx)}.`,
      fix: `Add the caller to the Principal of ${hop.roleArn}'s trust policy and allow sts:AssumeRole${extras.length ? ` (plus ${extras.join(", ")})` : ""} on that role in the caller's identity policy; or fix role_arn in ${hop.via === "backend" ? backendFixTarget(ctx.explanation) : "the profile"}.`,
    };
  }
  ctx.record(
    id,
    error.kind === "aborted" ? "not-checked" : "fail",
    `sts:AssumeRole on ${hop.roleArn} failed (${error.awsCode}). Terraform fails with "${terraformError}".`,
    { error, diagnosis, title },
  );
  return null;
}

/** STS names the caller in its AccessDenied text: "User: arn:… is not authorized to perform: sts:AssumeRole…". */
function describeAssumer(error: AwsCallError): string {
  const m = /User: (arn:\S+) is not authorized/.exec(error.message);
  return m ? m[1]! : "The caller";
}

/** GetCallerIdentity with the final credentials (Step 5); records `sts.caller-identity`. */
export async function checkCallerIdentity(ctx: VerifyContext): Promise<boolean> {
  const id: CheckId = "sts.caller-identity";
  const creds = ctx.credentials!;
  const skip = ctx.settings.skipCredentialsValidation;
  const r = await ctx.call("sts", "sts:GetCallerIdentity", () =>
    ctx.aws.getCallerIdentity(ctx.signedSts("backend", creds)),
  );
  if (!r.ok) {
    if (r.skipped !== undefined) {
      ctx.record(id, "not-checked", r.skipped);
      return skip;
    }
    const error = r.error;
    const diagnosis = isTransport(error)
      ? transportDiagnosis(ctx, "sts", error)
      : isCredentialError(error)
        ? credentialDiagnosis(ctx, error)
        : undefined;
    if (error.kind === "aborted") {
      ctx.record(id, "not-checked", "Cancelled.", { error });
      ctx.skipPending(() => true, "Not checked: cancelled.");
      return false;
    }
    if (skip) {
      ctx.record(
        id,
        "warn",
        `sts:GetCallerIdentity failed (${error.awsCode}); skip_credentials_validation = true, so Terraform does not call it and goes on to S3 with these credentials.`,
        { error, ...(diagnosis ? { diagnosis } : {}) },
      );
      return true;
    }
    ctx.record(
      id,
      "fail",
      `sts:GetCallerIdentity failed (${error.awsCode}). Terraform fails with "validating provider credentials: retrieving caller identity from STS: operation error STS: GetCallerIdentity, … ${error.awsCode}".`,
      {
        error,
        ...(diagnosis ? { diagnosis } : {}),
      },
    );
    ctx.skipPending(
      () => true,
      "Not checked: Terraform stops at credential validation (sts:GetCallerIdentity), before any S3 call.",
    );
    return false;
  }
  const parsed = parseCallerArn(r.value.arn, ctx.plan?.roles.map((h) => h.roleArn) ?? []);
  ctx.identity = {
    accountId: r.value.account,
    arn: r.value.arn,
    kind: parsed.kind,
    roleArn: parsed.roleArn,
    sessionName: parsed.sessionName,
    accessKeyId: maskAccessKeyId(creds.accessKeyId),
    temporary: !!creds.sessionToken,
    expiresAt: creds.expiration?.toISOString() ?? null,
  };
  ctx.caller = {
    arn: r.value.arn,
    accountId: r.value.account,
    roleArn: parsed.roleArn,
    userId: r.value.userId || null,
  };
  const kind = parsed.kind === "assumed-role" ? `a session of role ${parsed.roleArn}` : parsed.kind;
  ctx.record(
    id,
    "pass",
    `Account ${r.value.account}, ${r.value.arn} (${kind}), signed with ${maskAccessKeyId(creds.accessKeyId)}, because ${whyIdentity(ctx)}.${skip ? " (Terraform itself skips this call: skip_credentials_validation = true.)" : ""}`,
    {
      calls: ["sts:GetCallerIdentity"],
    },
  );
  return true;
}

/** allowed_account_ids / forbidden_account_ids (Configure → awsbase account check). Returns false when Terraform stops. */
export function checkAccount(ctx: VerifyContext): boolean {
  const id: CheckId = "account.allowed";
  const { allowedAccountIds: allowed, forbiddenAccountIds: forbidden } = ctx.settings;
  if (allowed.length === 0 && forbidden.length === 0) return true;
  const identity = ctx.identity;
  if (!identity) {
    ctx.record(id, "not-checked", "Not checked: the account is unknown (GetCallerIdentity failed).");
    return true;
  }
  const target = backendFixTarget(ctx.explanation);
  const bad = allowed.length > 0 ? !allowed.includes(identity.accountId) : forbidden.includes(identity.accountId);
  if (!bad) {
    ctx.record(
      id,
      "pass",
      allowed.length > 0
        ? `Account ${identity.accountId} is in allowed_account_ids.`
        : `Account ${identity.accountId} is not in forbidden_account_ids.`,
    );
    return true;
  }
  ctx.record(
    id,
    "fail",
    `Account ${identity.accountId} is ${allowed.length > 0 ? `not in allowed_account_ids (${allowed.join(", ")})` : "in forbidden_account_ids"}. Terraform fails with "Invalid account ID: AWS account ID not allowed: ${identity.accountId}".`,
    {
      diagnosis: {
        cause: `The credentials belong to account ${identity.accountId} because ${whyIdentity(ctx)}.`,
        fix: `Use credentials for the intended account (profile or assume_role in ${target}), or correct ${allowed.length > 0 ? "allowed_account_ids" : "forbidden_account_ids"}.`,
      },
    },
  );
  ctx.skipPending(() => true, "Not checked: Terraform stops at the account check.");
  return false;
}

/** Reads an SSO token cache file for verify; null when it is not JSON or holds no access token. Never throws. */
/** Go's `strconv.FormatInt(time.Now().UnixNano(), 10)`, from the world's clock. */
function goUnixNano(ctx: VerifyContext): string {
  return (BigInt(ctx.world.clock.now().getTime()) * 1_000_000n).toString();
}
