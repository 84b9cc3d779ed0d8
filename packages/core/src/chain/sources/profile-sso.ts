/**
 * SSO in a profile. Mirrors aws/aws-sdk-go-v2 config/resolve_credentials.go resolveSSOCredentials and
 * credentials/ssocreds sso_cached_token.go: the token cache is
 * `~/.aws/sso/cache/<sha1(session name | start URL)>.json`; the sso-session form can refresh an expired token.
 */
import { createHash } from "node:crypto";
import { validateSsoConfiguration } from "../../aws-files/shared-config.js";
import { parseSsoToken } from "../../aws-files/sso-cache.js";
import { profileKeyEvidence } from "../../evidence.js";
import type { Evidence } from "../../trace.js";
import type { ChainWalk } from "../chain-walk.js";
import { profileLocationEvidence } from "../profile-facts.js";
import type { ChainProfile } from "../profile-types.js";
import { type DecidedOutcome, failure, NO_VALID_CREDENTIALS, picked } from "../source-outcome.js";
import type { ProfileArm } from "./profile-arm.js";

export async function profileSso(walk: ChainWalk, arm: ProfileArm): Promise<DecidedOutcome> {
  const { profile, title, intro, extras } = arm;
  const { recorder } = walk;
  // resolveSSOCredentials validates first; its error surfaces from LoadDefaultConfig.
  const invalid = validateSsoConfiguration(profile);
  if (invalid) {
    const message = `${intro} is configured for SSO but incomplete: ${invalid.message}.`;
    const evidence = invalid.at ? [profileLocationEvidence(profile.name, invalid.at)] : [];
    recorder.error({ id: "profile", title, code: "sso-configuration-incomplete", message, evidence, extras });
    return failure({ code: "sso-configuration-incomplete", message, terraformError: invalid.message });
  }
  const cache = ssoCache(walk, profile);
  const { sessionForm, cacheKey, displayCache, located, login } = cache;
  const evidence: Evidence[] = located
    ? [profileKeyEvidence(profile.name, sessionForm ? "sso_session" : "sso_start_url", located.value, located.at)]
    : [];
  const read = await walk.world.fs.readText(cache.path);
  evidence.push({ kind: "file", path: displayCache, state: read.state });
  const location = located?.at ?? null;
  if (read.state !== "found") {
    const message = `${intro} uses SSO but its token cache ${displayCache} is ${read.state}.`;
    recorder.error({ id: "profile", title, code: "sso-token-missing", message, evidence, extras });
    recorder.diagnose({ code: "sso-token-missing", severity: "error", message, location, fix: `Run \`${login}\`.` });
    return failure({ code: "sso-token-missing", message, terraformError: NO_VALID_CREDENTIALS });
  }
  const token = parseSsoToken(read.text);
  const now = walk.world.clock.now();
  if (!token?.accessToken || !token.expiresAt || token.expiresAt.getTime() <= now.getTime()) {
    const canRefresh = sessionForm && token?.refreshToken && token.clientId && token.clientSecret;
    const when = token?.expiresAt ? ` at ${token.expiresAt.toISOString()}` : "";
    if (!canRefresh) {
      const message =
        `${intro} uses SSO; the cached token ${displayCache} expired${when}` +
        `${sessionForm ? " and cannot be refreshed" : " (the legacy SSO form never refreshes)"}.`;
      recorder.error({ id: "profile", title, code: "sso-token-expired", message, evidence, extras });
      recorder.diagnose({ code: "sso-token-expired", severity: "error", message, location, fix: `Run \`${login}\`.` });
      return failure({ code: "sso-token-expired", message, terraformError: NO_VALID_CREDENTIALS });
    }
    // The SDK refreshes it without the user (ssocreds SSOTokenProvider.Retrieve): nothing to act on unless it fails.
    recorder.diagnose({
      code: "sso-token-expired",
      severity: "info",
      message:
        `The cached SSO token ${displayCache} expired${when}; ` +
        "Terraform will try to refresh it with the cached refresh token.",
      location,
      fix: `If the refresh fails, run \`${login}\`.`,
    });
  }
  const form = sessionForm ? `sso_session ${cacheKey}` : "legacy sso_start_url";
  // Past this point an expired token is one the SDK refreshes: never call it valid next to the expiry warning.
  const expired = !token?.expiresAt || token.expiresAt.getTime() <= now.getTime();
  const tokenState = expired
    ? `the cached token expired${token?.expiresAt ? ` at ${token.expiresAt.toISOString()}` : ""} and is refreshed ` +
      "with its refresh token"
    : `the cached token is valid until ${token.expiresAt!.toISOString()}`;
  recorder.picked({
    id: "profile",
    title,
    code: "profile-sso",
    message: `${intro} uses SSO (${form}); ${tokenState}, and role credentials are fetched at run time.`,
    evidence,
    credential: { source: "SSOProvider", accessKeyId: null },
    extras,
  });
  return picked({
    source: "SSOProvider",
    accessKeyId: null,
    sourceFile: null,
    profileRoles: [],
    plan: {
      kind: "sso",
      cacheFile: cache.path,
      token,
      ssoRegion: profile.ssoSession?.ssoRegion?.value ?? profile.ssoRegion?.value ?? "",
      accountId: profile.ssoAccountId?.value ?? "",
      roleName: profile.ssoRoleName?.value ?? "",
    },
  });
}

/** Where the profile's SSO token is cached, and how to name it and refresh it. */
function ssoCache(walk: ChainWalk, profile: ChainProfile) {
  const sessionForm = profile.ssoSession !== undefined || profile.ssoSessionName !== undefined;
  const cacheKey = sessionForm
    ? (profile.ssoSession?.name ?? profile.ssoSessionName!.value)
    : (profile.ssoStartUrl?.value ?? "");
  const file = `${createHash("sha1").update(cacheKey).digest("hex")}.json`;
  return {
    sessionForm,
    cacheKey,
    path: `${walk.world.homeDir}/.aws/sso/cache/${file}`,
    displayCache: `~/.aws/sso/cache/${file}`,
    located: sessionForm ? (profile.ssoSessionName ?? null) : (profile.ssoStartUrl ?? null),
    login: sessionForm ? `aws sso login --sso-session ${cacheKey}` : `aws sso login --profile ${profile.name}`,
  };
}
