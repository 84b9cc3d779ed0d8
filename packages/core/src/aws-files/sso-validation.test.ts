import { describe, expect, it } from "vitest";
import { resolveSharedConfigProfile, validateSsoConfiguration } from "./shared-config.js";
import { load } from "./shared-config.test-support.js";

describe("SSO validation (run by the chain when it reaches the SSO arm)", () => {
  const validate = (config: string): string | null => {
    const result = resolveSharedConfigProfile(load({ config }), "p");
    if (result.state !== "found") throw new Error(`expected a profile, got ${result.state}`);
    return validateSsoConfiguration(result.profile)?.message ?? null;
  };

  it.each([
    [
      "session without sso_start_url (TF)",
      "[profile p]\nsso_session = s\n[sso-session s]\nsso_region = us-east-1\n",
      'profile "p" is configured to use SSO but is missing required configuration: sso_start_url',
    ],
    [
      "session with neither key",
      "[profile p]\nsso_session = s\n[sso-session s]\n",
      'profile "p" is configured to use SSO but is missing required configuration: sso_region, sso_start_url',
    ],
    [
      "profile sso_region differs from the session's (TF)",
      "[profile p]\nsso_session = s\nsso_region = eu-west-1\n[sso-session s]\nsso_region = us-east-1\n" +
        "sso_start_url = https://x\n",
      'sso_region in profile "p" must match sso_region in sso-session ',
    ],
    [
      "profile sso_start_url differs from the session's",
      "[profile p]\nsso_session = s\nsso_start_url = https://y\n[sso-session s]\nsso_region = us-east-1\n" +
        "sso_start_url = https://x\n",
      'sso_start_url in profile "p" must match sso_start_url in sso-session ',
    ],
    [
      "legacy form missing three keys (TF)",
      "[profile p]\nsso_region = us-east-1\n",
      'profile "p" is configured to use SSO but is missing required configuration: sso_start_url, ' +
        "sso_account_id, sso_role_name",
    ],
    [
      "complete legacy form",
      "[profile p]\nsso_region = r\nsso_start_url = u\nsso_account_id = 1\nsso_role_name = n\n",
      null,
    ],
    [
      "complete session form",
      "[profile p]\nsso_session = s\n[sso-session s]\nsso_region = r\nsso_start_url = u\n",
      null,
    ],
  ])("%s", (_, config, expected) => {
    expect(validate(config)).toBe(expected);
  });
});
