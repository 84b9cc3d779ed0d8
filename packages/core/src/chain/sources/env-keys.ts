/**
 * Environment keys. Mirrors aws/aws-sdk-go-v2 config/resolve_credentials.go resolveCredentialChain
 * `case envConfig.Credentials.HasKeys():` both keys non-empty (AWS_ACCESS_KEY_ID|AWS_ACCESS_KEY,
 * AWS_SECRET_ACCESS_KEY|AWS_SECRET_KEY; config/env_config.go NewEnvConfig).
 */
import { envEvidence } from "../../evidence.js";
import { maskAccessKeyId } from "../../redact.js";
import type { Evidence } from "../../trace.js";
import type { Env } from "../chain-input.js";
import type { ChainWalk } from "../chain-walk.js";
import { staticPlan } from "../credential-plans.js";
import type { BaseCredentialPlan } from "../plan.js";
import { picked, SKIPPED, type SourceOutcome } from "../source-outcome.js";
import { markProfileUnreached } from "../unreached.js";

const TITLE = "Environment keys";

export interface EnvKeys {
  readonly accessKeyId: string;
  readonly accessKeyVar: string;
  readonly secretVar: string;
}

/** The environment key pair the Go SDK reads (first non-empty of each alias pair), or null when incomplete. */
export function envKeys(env: Env): EnvKeys | null {
  const accessKeyVar = env.AWS_ACCESS_KEY_ID ? "AWS_ACCESS_KEY_ID" : env.AWS_ACCESS_KEY ? "AWS_ACCESS_KEY" : null;
  const secretVar = env.AWS_SECRET_ACCESS_KEY ? "AWS_SECRET_ACCESS_KEY" : env.AWS_SECRET_KEY ? "AWS_SECRET_KEY" : null;
  if (!accessKeyVar || !secretVar) return null;
  return { accessKeyId: env[accessKeyVar]!, accessKeyVar, secretVar };
}

export function envKeyEvidence(env: Env): Evidence[] {
  const names = ["AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY"];
  if (env.AWS_ACCESS_KEY) names.push("AWS_ACCESS_KEY");
  if (env.AWS_SECRET_KEY) names.push("AWS_SECRET_KEY");
  if (env.AWS_SESSION_TOKEN) names.push("AWS_SESSION_TOKEN");
  return names.map((n) => envEvidence(env, n));
}

/** The plan for the environment key pair; only called once envKeys found one. */
export function envStaticPlan(env: Env): BaseCredentialPlan {
  const keys = envKeys(env)!;
  return staticPlan(keys.accessKeyId, env[keys.secretVar]!, env.AWS_SESSION_TOKEN);
}

/** Environment keys win over every profile, AWS_PROFILE included; a partial pair is ignored. */
export function environmentKeys(walk: ChainWalk): SourceOutcome {
  const { recorder, env } = walk;
  const keys = envKeys(env);
  if (!keys) {
    skipEnvKeys(walk);
    return SKIPPED;
  }
  const name = walk.profileName;
  const accessKeyId = maskAccessKeyId(keys.accessKeyId);
  recorder.picked({
    id: "env.static",
    title: TITLE,
    code: "env-keys-set",
    message:
      `${keys.accessKeyVar} and ${keys.secretVar} are both set` +
      `${env.AWS_SESSION_TOKEN ? " (with AWS_SESSION_TOKEN)" : ""}.`,
    evidence: envKeyEvidence(env),
    credential: { source: "EnvConfigCredentials", accessKeyId },
  });
  diagnoseQuotedEnv(walk, [keys.accessKeyVar, keys.secretVar]);
  markProfileUnreached(
    walk,
    "env.static",
    "Environment keys win over every profile, including AWS_PROFILE, in the Go SDK.",
  );
  if (name.from === "AWS_PROFILE" || name.from === "AWS_DEFAULT_PROFILE") {
    recorder.diagnose({
      code: "aws-profile-shadowed-by-env-credentials",
      severity: "warning",
      message:
        `${name.from}=${name.name} is set but ignored: environment keys (${keys.accessKeyVar}, ${accessKeyId}) ` +
        "win over it in Terraform's Go SDK (the AWS CLI and JS SDK would use the profile).",
      location: null,
      fix:
        `Set profile = "${name.name}" in the backend configuration (it beats environment keys), ` +
        `or unset ${keys.accessKeyVar}/${keys.secretVar}.`,
    });
  }
  return picked({
    source: "EnvConfigCredentials",
    accessKeyId,
    sourceFile: null,
    profileRoles: [],
    plan: envStaticPlan(env),
  });
}

function skipEnvKeys(walk: ChainWalk): void {
  const { recorder, env } = walk;
  const access = env.AWS_ACCESS_KEY_ID || env.AWS_ACCESS_KEY;
  const secret = env.AWS_SECRET_ACCESS_KEY || env.AWS_SECRET_KEY;
  if (access || secret) {
    const set = access ? "an access key id" : "a secret key";
    const missing = access ? "AWS_SECRET_ACCESS_KEY" : "AWS_ACCESS_KEY_ID";
    const message = `Only ${set} is in the environment (${missing} is missing); the Go SDK ignores a partial pair.`;
    recorder.skipped({
      id: "env.static",
      title: TITLE,
      code: "env-keys-partial",
      message,
      evidence: envKeyEvidence(env),
    });
    recorder.diagnose({
      code: "partial-env-keys",
      severity: "warning",
      message,
      location: null,
      fix: `Set ${missing} as well, or unset the other one.`,
    });
    return;
  }
  recorder.skipped({
    id: "env.static",
    title: TITLE,
    code: "env-keys-unset",
    message: "AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY are not set.",
    evidence: envKeyEvidence(env),
  });
}

function diagnoseQuotedEnv(walk: ChainWalk, names: string[]): void {
  for (const name of names) {
    const value = walk.env[name] ?? "";
    if (/^["']|["']$/.test(value)) {
      walk.recorder.diagnose({
        code: "env-value-quoted",
        severity: "warning",
        message: `${name} starts or ends with a quote character; AWS will reject the key.`,
        location: null,
        fix: `Export ${name} without quotes (e.g. use jq -r).`,
      });
    }
  }
}

/**
 * resolveCredentialChain `case sharedProfileSet:` only a programmatic profile (the backend attribute) counts;
 * AWS_PROFILE from the environment does not (getAWSConfigSources → "other" sources only). The environment
 * sources are recorded as shadowed by it.
 */
export function markEnvShadowedByBackendProfile(walk: ChainWalk): void {
  const { recorder, env, backend } = walk;
  const name = walk.profileName;
  const keys = envKeys(env);
  const code = "shadowed-by-backend-profile";
  const message =
    `The backend sets profile = "${name.name}" (${backend.describe("profile")}), ` +
    "which the Go SDK resolves before environment credentials.";
  recorder.unreached({
    id: "env.static",
    title: TITLE,
    because: "profile",
    wouldHave: keys ? "provided" : "skipped",
    code,
    message,
    evidence: envKeyEvidence(env),
  });
  if (keys) {
    recorder.diagnose({
      code: "env-keys-shadowed-by-backend-profile",
      severity: "warning",
      message:
        `AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY are set but ignored: the backend's profile = "${name.name}" ` +
        `(${backend.describe("profile")}) takes precedence. ` +
        `Terraform builds a "Configuration conflict" warning for this and then discards it.`,
      location: backend.at("profile"),
      fix:
        "Unset the environment keys, or remove profile from the backend " +
        "if the environment keys are the ones to use.",
    });
  }
  if (env.AWS_WEB_IDENTITY_TOKEN_FILE) {
    recorder.unreached({
      id: "env.web-identity",
      title: "Environment web identity",
      because: "profile",
      wouldHave: "provided",
      code,
      message,
      evidence: [envEvidence(env, "AWS_WEB_IDENTITY_TOKEN_FILE")],
    });
  }
}
