import type { Location } from "../location.js";
import { goQuote } from "./go-strings.js";
import { SSO_SECTION_PREFIX } from "./shared-config-keys.js";
import type { SharedConfigProfile } from "./shared-config-types.js";

/**
 * Returns Go's error when the profile's SSO settings are incomplete, else null. Go runs this only when the chain
 * reaches the SSO arm (resolve_credentials.go resolveSSOCredentials → validateSSOConfiguration), not at load time.
 */
export function validateSsoConfiguration(
  profile: SharedConfigProfile,
): { readonly message: string; readonly at: Location | null } | null {
  const at = profile.ssoSessionName?.at ?? profile.sections[0] ?? null;
  if (profile.ssoSessionName) {
    // validateSSOTokenProviderConfiguration
    const session = profile.ssoSession;
    const missing: string[] = [];
    if (!session) missing.push(SSO_SECTION_PREFIX);
    else {
      if (!session.ssoRegion) missing.push("sso_region");
      if (!session.ssoStartUrl) missing.push("sso_start_url");
    }
    if (missing.length > 0) return { message: ssoMissingMessage(profile.name, missing), at: session?.at ?? at };
    if (profile.ssoRegion && profile.ssoRegion.value !== session?.ssoRegion?.value) {
      const message = `sso_region in profile ${goQuote(profile.name)} must match sso_region in ${SSO_SECTION_PREFIX}`;
      return { message, at: profile.ssoRegion.at };
    }
    if (profile.ssoStartUrl && profile.ssoStartUrl.value !== session?.ssoStartUrl?.value) {
      const message =
        `sso_start_url in profile ${goQuote(profile.name)} ` + `must match sso_start_url in ${SSO_SECTION_PREFIX}`;
      return { message, at: profile.ssoStartUrl.at };
    }
    return null;
  }
  if (hasLegacySsoConfiguration(profile)) {
    // validateLegacySSOConfiguration
    const missing: string[] = [];
    if (!profile.ssoRegion) missing.push("sso_region");
    if (!profile.ssoStartUrl) missing.push("sso_start_url");
    if (!profile.ssoAccountId) missing.push("sso_account_id");
    if (!profile.ssoRoleName) missing.push("sso_role_name");
    if (missing.length > 0) return { message: ssoMissingMessage(profile.name, missing), at };
  }
  return null;
}

// Go hasLegacySSOConfiguration
export function hasLegacySsoConfiguration(profile: SharedConfigProfile): boolean {
  return Boolean(profile.ssoRegion || profile.ssoAccountId || profile.ssoStartUrl || profile.ssoRoleName);
}

function ssoMissingMessage(profile: string, missing: readonly string[]): string {
  const names = missing.join(", ");
  return `profile ${goQuote(profile)} is configured to use SSO but is missing required configuration: ${names}`;
}
