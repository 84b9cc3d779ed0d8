/**
 * The shared config profile. Mirrors aws/aws-sdk-go-v2 config/resolve_credentials.go resolveCredsFromProfile:
 * the first matching arm gives the base credentials, then the profile's role_arn (if any) is assumed on top.
 */
import { profileKeyEvidence } from "../../evidence.js";
import { formatLocation } from "../../location.js";
import { maskAccessKeyId } from "../../redact.js";
import type { ChainWalk } from "../chain-walk.js";
import { staticPlan } from "../credential-plans.js";
import { firstSectionEvidence, hasSso } from "../profile-facts.js";
import { describeProfileOrigin } from "../profile-name.js";
import type { ChainProfile } from "../profile-types.js";
import { type DecidedOutcome, picked } from "../source-outcome.js";
import { containerOrImds } from "./container-imds.js";
import type { ProfileArm } from "./profile-arm.js";
import { profileCredentialSource } from "./profile-credential-source.js";
import { profileRoleArn } from "./profile-role-arn.js";
import { profileSso } from "./profile-sso.js";
import { profileWebIdentity } from "./profile-web-identity.js";

/**
 * The profile's role_arn is assumed on top of its arm's credentials also when the profile has its own keys.
 * `chain` holds the profiles already walked through source_profile, outermost first.
 */
export async function resolveCredsFromProfile(
  walk: ChainWalk,
  profile: ChainProfile,
  chain: string[],
): Promise<DecidedOutcome> {
  const arm = profileArm(walk, profile, chain);
  let base: DecidedOutcome;
  if (profile.source) {
    base = await resolveCredsFromProfile(walk, profile.source, [...chain, profile.name]);
  } else if (profile.credentials) {
    base = profileStaticKeys(walk, arm);
  } else if (profile.credentialSource) {
    base = profileCredentialSource(walk, arm);
  } else if (profile.webIdentityTokenFile) {
    // Web identity returns directly: the profile's role_arn is the web-identity role, not a layer on top.
    return profileWebIdentity(walk, arm);
  } else if (hasSso(profile)) {
    base = await profileSso(walk, arm);
  } else if (profile.credentialProcess) {
    base = profileCredentialProcess(walk, arm);
  } else {
    base = profileWithoutCredentials(walk, arm, chain.length === 0);
  }
  if (base.kind === "failure" || !profile.roleArn) return base;
  return profileRoleArn(walk, profile, base.credentials);
}

function profileArm(walk: ChainWalk, profile: ChainProfile, chain: string[]): ProfileArm {
  const hops = [...chain, profile.name];
  const origin = describeProfileOrigin(walk.profileName);
  const via = hops
    .slice(0, -1)
    .map((h) => `"${h}"`)
    .join(" → ");
  return {
    profile,
    title: `Profile "${hops[0]}"`,
    intro:
      hops.length === 1
        ? `Profile "${profile.name}" (from ${origin})`
        : `Source profile "${profile.name}" (via ${via})`,
    extras: hops.length > 1 ? { profileChain: hops } : {},
  };
}

/** aws_access_key_id / aws_secret_access_key (resolveCredsFromProfile `case sharedConfig.Credentials.HasKeys()`). */
function profileStaticKeys(walk: ChainWalk, { profile, title, intro, extras }: ProfileArm): DecidedOutcome {
  const c = profile.credentials!;
  const accessKeyId = maskAccessKeyId(c.accessKeyId.value);
  walk.recorder.picked({
    id: "profile",
    title,
    code: "profile-static-keys",
    message: `${intro} has aws_access_key_id at ${formatLocation(c.accessKeyId.at)}.`,
    evidence: [
      profileKeyEvidence(profile.name, "aws_access_key_id", c.accessKeyId.value, c.accessKeyId.at),
      profileKeyEvidence(profile.name, "aws_secret_access_key", "", c.secretAccessKey.at),
    ],
    credential: { source: "SharedConfigCredentials", accessKeyId },
    extras,
  });
  return picked({
    source: "SharedConfigCredentials",
    accessKeyId,
    sourceFile: c.file,
    profileRoles: [],
    plan: staticPlan(c.accessKeyId.value, c.secretAccessKey.value, c.sessionToken?.value),
  });
}

/** credential_process (config.resolveCredsFromProfile `case len(sharedConfig.CredentialProcess) > 0:`). */
function profileCredentialProcess(walk: ChainWalk, { profile, title, intro, extras }: ProfileArm): DecidedOutcome {
  const p = profile.credentialProcess!;
  walk.recorder.picked({
    id: "profile",
    title,
    code: "profile-credential-process",
    message: `${intro} runs credential_process (${formatLocation(p.at)}); its output is only known at run time.`,
    evidence: [profileKeyEvidence(profile.name, "credential_process", p.value, p.at)],
    credential: { source: "ProcessProvider", accessKeyId: null },
    extras,
  });
  walk.recorder.diagnose({
    code: "credential-process-not-run",
    severity: "info",
    message: `credential_process of profile "${profile.name}" is not executed by explain; verify runs it.`,
    location: p.at,
    fix: null,
  });
  return picked({
    source: "ProcessProvider",
    accessKeyId: null,
    sourceFile: null,
    profileRoles: [],
    plan: { kind: "process", command: p.value },
  });
}

/** No arm applies (config.resolveCredsFromProfile `default:`): the container endpoint or IMDS. */
function profileWithoutCredentials(walk: ChainWalk, arm: ProfileArm, selected: boolean): DecidedOutcome {
  const { profile, title, intro } = arm;
  if (walk.loadedProfile && selected) {
    const found = walk.loadedProfile.sections.length > 0;
    walk.recorder.skipped({
      id: "profile",
      title,
      code: found ? "profile-has-no-credentials" : "profile-absent",
      message: found
        ? `${intro} exists but holds no credentials; the Go SDK falls through to the container endpoint or IMDS.`
        : `${intro} does not exist; the Go SDK ignores that and falls through.`,
      evidence: firstSectionEvidence(profile),
    });
  } else if (selected) {
    walk.recorder.skipped({
      id: "profile",
      title,
      code: "profile-absent",
      message: `${intro} does not exist; the Go SDK ignores that and falls through.`,
    });
  }
  return containerOrImds(walk, profile.sections.length > 0 ? `${intro} holds no credentials` : "no profile applies");
}
