import type { Location } from "../location.js";
import type { Evidence } from "../trace.js";
import type { ChainProfile } from "./profile-types.js";

/** Any sso_* key selects the SSO arm of resolveCredsFromProfile (validated there). */
export function hasSso(profile: ChainProfile): boolean {
  return Boolean(
    profile.ssoSessionName ||
      profile.ssoSession ||
      profile.ssoStartUrl ||
      profile.ssoRegion ||
      profile.ssoAccountId ||
      profile.ssoRoleName,
  );
}

/** Whether one of resolveCredsFromProfile's credential arms applies to the profile. */
export function profileHasCredentials(profile: ChainProfile): boolean {
  return Boolean(
    profile.source ||
      profile.credentials ||
      profile.credentialSource ||
      profile.webIdentityTokenFile ||
      hasSso(profile) ||
      profile.credentialProcess,
  );
}

/** The profile the SDK resolves when the selected one was silently not found. */
export function emptyProfile(name: string): ChainProfile {
  return { name, sections: [], values: new Map(), clearedKeys: [] };
}

export function profileSectionEvidence(profile: ChainProfile, at: Location): Evidence {
  return profileLocationEvidence(profile.name, at);
}

export function profileLocationEvidence(profile: string, at: Location): Evidence {
  return { kind: "profile-key", profile, key: "[section]", at };
}

/** The profile's first section, as evidence (none for a profile that does not exist). */
export function firstSectionEvidence(profile: ChainProfile): Evidence[] {
  return profile.sections.slice(0, 1).map((at) => profileSectionEvidence(profile, at));
}
