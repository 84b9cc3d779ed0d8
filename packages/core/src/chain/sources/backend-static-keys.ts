/**
 * Backend access_key / secret_key / token. Mirrors hashicorp/aws-sdk-go-base v2 aws_config.go GetAwsConfig and
 * credentials.go getCredentialsProvider: any of the three attributes selects a StaticCredentialsProvider.
 */
import { envEvidence } from "../../evidence.js";
import { maskAccessKeyId } from "../../redact.js";
import type { StepId } from "../../trace.js";
import type { ChainWalk } from "../chain-walk.js";
import { staticPlan } from "../credential-plans.js";
import { firstSectionEvidence } from "../profile-facts.js";
import { type DecidedOutcome, failure, picked, STATIC_EMPTY } from "../source-outcome.js";
import { envKeyEvidence, envKeys } from "./env-keys.js";
import { loadSharedConfigProfile } from "./shared-config-profile.js";

const TITLE = "Backend access_key / secret_key";

/** The static-key attributes the backend sets, in schema order. */
export function backendStaticAttributes(walk: ChainWalk): string[] {
  return ["access_key", "secret_key", "token"].filter((name) => walk.backend.has(name));
}

/**
 * Any of the three attributes selects a StaticCredentialsProvider and bypasses the SDK chain entirely
 * (aws-sdk-go-base GetAwsConfig static branch). A missing access_key or secret_key fails first (Retrieve); then the
 * shared config is still loaded (LoadDefaultConfig), so a missing backend/AWS_PROFILE profile still fails, prefixed
 * `loading configuration: `.
 */
export function backendStaticKeys(walk: ChainWalk, attributes: string[]): DecidedOutcome {
  const { backend: b, recorder } = walk;
  const evidence = attributes.map((name) => b.evidence(name));
  // GetAwsConfig retrieves the static credentials first: a missing key fails there, before commonLoadOptions and
  // LoadDefaultConfig read any shared file (checked on 1.11.4: scenarios paths-*-partial-backend-static-keys*).
  if (!b.has("access_key") || !b.has("secret_key")) {
    markChainBypassed(walk, attributes);
    const missing = ["access_key", "secret_key"].filter((n) => !b.has(n));
    const message =
      `The backend sets ${attributes.join(", ")} but not ${missing.join(" or ")}; static credentials need both, ` +
      "and Terraform never completes them from the environment.";
    recorder.error({ id: "backend.static", title: TITLE, code: "backend-static-keys-partial", message, evidence });
    recorder.diagnose({
      code: "partial-backend-static-keys",
      severity: "error",
      message,
      location: b.at(attributes[0]!),
      fix:
        `Set both access_key and secret_key, or remove ${attributes.join(", ")} from the backend ` +
        "so the credential chain (profile, environment) is used.",
    });
    return failure({ code: "backend-static-keys-partial", message, terraformError: STATIC_EMPTY });
  }
  const loadFailure = loadSharedConfigProfile(walk, "loading configuration: ");
  if (loadFailure) {
    recorder.unreached({
      id: "backend.static",
      title: TITLE,
      because: "profile",
      wouldHave: "failed",
      code: "shared-config-failed-first",
      message: "Terraform fails while loading the shared config, before it uses the backend's keys.",
      evidence,
    });
    return loadFailure;
  }
  markChainBypassed(walk, attributes);
  const accessKeyId = maskAccessKeyId(b.string("access_key")!);
  recorder.picked({
    id: "backend.static",
    title: TITLE,
    code: "backend-static-keys",
    message:
      `access_key and secret_key are set in the backend (${b.describe("access_key")}); ` +
      "Terraform uses them and ignores every other source.",
    evidence,
    credential: { source: "StaticCredentials", accessKeyId },
  });
  recorder.diagnose({
    code: "backend-static-keys-bypass-chain",
    severity: "info",
    message:
      `access_key/secret_key in the backend (${b.describe("access_key")}) bypass the environment, profiles and ` +
      "web identity. They are also written to .terraform/terraform.tfstate and plan files.",
    location: b.at("access_key"),
    fix: "Prefer a profile or environment variables over keys in the backend configuration.",
  });
  return picked({
    source: "StaticCredentials",
    accessKeyId,
    sourceFile: null,
    profileRoles: [],
    plan: staticPlan(b.string("access_key")!, b.string("secret_key")!, b.string("token")),
  });
}

/** No static-key attribute: Terraform runs the SDK credential chain. */
export function recordBackendStaticKeysAbsent(walk: ChainWalk): void {
  walk.recorder.skipped({
    id: "backend.static",
    title: TITLE,
    code: "backend-static-keys-absent",
    message: "The backend sets none of access_key, secret_key and token, so Terraform runs the SDK credential chain.",
  });
}

/** Records the SDK-chain sources as unreached because backend static keys won. */
function markChainBypassed(walk: ChainWalk, attributes: string[]): void {
  const { recorder, env } = walk;
  const because: StepId = "backend.static";
  const code = "bypassed-by-backend-static-keys";
  const message = `Backend ${attributes.join("/")} bypass the SDK credential chain.`;
  const keys = envKeys(env);
  recorder.unreached({
    id: "env.static",
    title: "Environment keys",
    because,
    wouldHave: keys ? "provided" : "skipped",
    code,
    message,
    evidence: envKeyEvidence(env),
  });
  if (env.AWS_WEB_IDENTITY_TOKEN_FILE) {
    recorder.unreached({
      id: "env.web-identity",
      title: "Environment web identity",
      because,
      wouldHave: "provided",
      code,
      message,
      evidence: [envEvidence(env, "AWS_WEB_IDENTITY_TOKEN_FILE")],
    });
  }
  const profile = walk.loadedProfile;
  if (profile) {
    recorder.unreached({
      id: "profile",
      title: `Profile "${profile.name}"`,
      because,
      wouldHave: "unknown",
      code,
      message,
      evidence: firstSectionEvidence(profile),
    });
  }
  if (keys && env.AWS_SESSION_TOKEN && !walk.backend.has("token")) {
    recorder.diagnose({
      code: "backend-static-keys-bypass-chain",
      severity: "warning",
      message:
        "AWS_SESSION_TOKEN is set but ignored: with static keys in the backend, " +
        "the session token comes only from the backend's token attribute.",
      location: walk.backend.at("access_key"),
      fix: "Set token in the backend too, or remove the keys from the backend and let the environment keys be used.",
    });
  }
}
