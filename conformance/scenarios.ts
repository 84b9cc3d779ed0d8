/**
 * The conformance scenario table: each case exercises one rule of Terraform 1.11's S3 backend, read from the public
 * Go source (or a claim of that reading marked UNVERIFIED until run). Every credential source gets its own access key
 * id; the last 4 characters name the source (`ENV1` env keys, `DEF1` [default], `TEAM` the team profile, ...).
 * `expect` is what reading the source predicts; the test compares Terraform against tfwhy, the report also against
 * `expect`. Findings that settled or corrected that reading: conformance/FINDINGS.md.
 *
 * Each `rule` starts with where the rule lives (Terraform 1.11.4, aws-sdk-go-base v2.0.0-beta.62, aws-sdk-go-v2
 * config v1.29.4):
 * - `terraform <func>`: hashicorp/terraform internal/backend/remote-state/s3/backend.go (`Configure`,
 *   `PrepareConfig`, `ConfigSchema`, `assumeRoleSchema`, `assumeRoleWithWebIdentitySchema`); `client.go` and
 *   `backend_state.go` in that directory when named; `savedBackend` is internal/command/meta_backend.go,
 *   `backendConfigOverrideBody` internal/command/init.go.
 * - `aws-sdk-go-base <func>`: hashicorp/aws-sdk-go-base/v2 aws_config.go (`GetAwsConfig`,
 *   `GetAwsAccountIDAndPartition`, `commonLoadOptions`), credentials.go (`getCredentialsProvider`,
 *   `assumeRoleCredentialsProvider`), clients.go (`stsClient`), internal/expand.
 * - `aws-sdk-go-v2 <func>`: aws/aws-sdk-go-v2 config/resolve_credentials.go (`resolveCredentialChain`,
 *   `resolveCredsFromProfile`, `resolveCredsFromSource`, `credsFromAssumeRole`, `resolveSSOCredentials`,
 *   `validateSSOConfiguration`, `resolveHTTPCredProvider`), config/shared_config.go (`setFromIniSections`,
 *   `mergeSections`, `processCredentialsSections`), config/config.go (`resolveConfigLoaders`), config/provider.go
 *   (`getSharedConfigProfile`), config/resolve.go (`resolveRegion`), config/env_config.go, internal/ini, and the
 *   credentials/ssocreds, credentials/stscreds, credentials/processcreds, credentials/ec2rolecreds packages.
 */
import { createHash } from "node:crypto";
import type { FileSpec, Scenario } from "./harness/types.js";

/** A fake long-term key id whose last 4 characters name its source. */
export const key = (last4: string): string => `AKIATFWHYTEST000${last4}`;
/** Key ids the test server's stubs hand out (moto_server.py). */
export const STUB_KEYS = {
  imds: "ASIATFWHYSTUB000IMDS",
  container: "ASIATFWHYSTUB000CONT",
  sso1: "ASIATFWHYSTUB000SSO1",
  sso2: "ASIATFWHYSTUB000SSO2",
} as const;
const role = (name: string) => `arn:aws:iam::123456789012:role/${name}`;

/** `[name]` section with a key pair (secret is irrelevant: moto does not check it unless enforcing). */
function keys(section: string, last4: string, extra = ""): string {
  return `[${section}]\naws_access_key_id = ${key(last4)}\naws_secret_access_key = secret-${last4}\n${extra}`;
}
const envKeys = (last4: string) => ({ AWS_ACCESS_KEY_ID: key(last4), AWS_SECRET_ACCESS_KEY: `secret-${last4}` });

const CRED = ".aws/credentials";
const CONF = ".aws/config";

/** The SSO token cache file for a session name (sso_session form) or start URL (legacy form). */
function ssoCache(cacheKey: string, token: string, expiresAt: string): Record<string, string> {
  const sha1 = createHash("sha1").update(cacheKey).digest("hex");
  const body = { accessToken: token, expiresAt, region: "us-east-1", startUrl: "https://example.awsapps.com/start" };
  return { [`.aws/sso/cache/${sha1}.json`]: JSON.stringify(body) };
}
const SSO_SESSION_CONFIG = `[profile sso]
sso_session = my-sso
sso_account_id = 123456789012
sso_role_name = ReadOnly

[sso-session my-sso]
sso_region = us-east-1
sso_start_url = https://example.awsapps.com/start
sso_registration_scopes = sso:account:access
`;
const SSO_LEGACY_CONFIG = `[profile sso]
sso_start_url = https://example.awsapps.com/start
sso_region = us-east-1
sso_account_id = 123456789012
sso_role_name = ReadOnly
`;
const FUTURE = "2099-01-01T00:00:00Z";
const PAST = "2020-01-01T00:00:00Z";

const processScript = (last4: string): FileSpec => ({
  content: `#!/bin/sh\necho '{"Version":1,"AccessKeyId":"${key(last4)}","SecretAccessKey":"s"}'\n`,
  mode: 0o755,
});
const TOKEN = { "token.jwt": "eyJhbGciOiJub25lIn0.eyJzdWIiOiJjb25mb3JtYW5jZSJ9." };
/** IMDS switched off so fall-through ends in an error instead of the IMDS stub. */
const NO_IMDS = "skip_metadata_api_check = true";
const NO_CREDS = "No valid credential sources found";
const ALLOW_ALL = { Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: "*", Resource: "*" }] };
const S3_ONLY = { Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: "s3:*", Resource: "*" }] };

export const scenarios: readonly Scenario[] = [
  // ---------------------------------------------------------------- backend static keys (aws-sdk-go-base GetAwsConfig)
  {
    name: "static-keys-beat-everything",
    rule: "aws-sdk-go-base GetAwsConfig: backend access_key/secret_key bypass env keys, AWS_PROFILE, default profile, env web identity",
    backend: `access_key = "${key("BKND")}"\nsecret_key = "s"`,
    env: {
      ...envKeys("ENV1"),
      AWS_PROFILE: "team",
      AWS_WEB_IDENTITY_TOKEN_FILE: "{{ROOT}}/token.jwt",
      AWS_ROLE_ARN: role("wi"),
    },
    files: TOKEN,
    home: { [CRED]: keys("default", "DEF1") + keys("team", "TEAM") },
    expect: { source: "StaticCredentials", keyIdLast4: "BKND" },
  },
  {
    name: "static-access-key-only",
    rule: "aws-sdk-go-base GetAwsConfig: access_key without secret_key is an error (static credentials are empty), not a merge",
    backend: `access_key = "${key("BKND")}"`,
    home: { [CRED]: keys("default", "DEF1") },
    expect: { error: "static credentials are empty" },
  },
  {
    name: "static-token-only",
    rule: "aws-sdk-go-base GetAwsConfig: token alone selects the static branch and fails",
    backend: `token = "session-token"`,
    env: envKeys("ENV1"),
    expect: { error: "static credentials are empty" },
  },
  {
    name: "static-access-key-plus-env-secret",
    rule: "aws-sdk-go-base GetAwsConfig: backend access_key + env AWS_SECRET_ACCESS_KEY is an error, not a merge",
    backend: `access_key = "${key("BKND")}"`,
    env: { AWS_SECRET_ACCESS_KEY: "s" },
    expect: { error: "static credentials are empty" },
  },
  {
    name: "static-keys-ignore-env-session-token",
    rule: "aws-sdk-go-base GetAwsConfig: AWS_SESSION_TOKEN is not used with backend keys (requests carry no token)",
    backend: `access_key = "${key("BKND")}"\nsecret_key = "s"`,
    env: { AWS_SESSION_TOKEN: "env-session-token" },
    expect: { source: "StaticCredentials", keyIdLast4: "BKND" },
  },
  {
    name: "static-keys-missing-backend-profile",
    rule: "aws-sdk-go-base GetAwsConfig, aws-sdk-go-v2 resolveConfigLoaders: static branch still loads shared config; a missing backend profile fails with 'loading configuration: ' prefix",
    backend: `access_key = "${key("BKND")}"\nsecret_key = "s"\nprofile = "nope"`,
    expect: { error: "failed to get shared config profile, nope" },
  },
  {
    name: "static-keys-missing-AWS_PROFILE",
    rule: "aws-sdk-go-base GetAwsConfig, aws-sdk-go-v2 resolveConfigLoaders: a missing AWS_PROFILE fails even with backend static keys",
    backend: `access_key = "${key("BKND")}"\nsecret_key = "s"`,
    env: { AWS_PROFILE: "nope" },
    expect: { error: "failed to get shared config profile, nope" },
  },
  {
    name: "static-keys-plus-assume-role",
    rule: "aws-sdk-go-base assumeRoleCredentialsProvider: backend assume_role on static keys; log says StaticCredentials, S3 signed by the role",
    backend: `access_key = "${key("BKND")}"\nsecret_key = "s"\nassume_role = { role_arn = "${role("backend-role")}" }`,
    expect: { source: "StaticCredentials", initialSource: null, assumedRole: role("backend-role") },
  },
  {
    name: "static-keys-plus-web-identity-block",
    unverified: true,
    rule: "aws-sdk-go-base GetAwsConfig: assume_role_with_web_identity is silently ignored with backend static keys",
    backend: `access_key = "${key("BKND")}"\nsecret_key = "s"\nassume_role_with_web_identity = { role_arn = "${role("wi-block")}", web_identity_token_file = "{{ROOT}}/token.jwt" }`,
    files: TOKEN,
    expect: { source: "StaticCredentials", keyIdLast4: "BKND" },
  },
  {
    name: "static-keys-profile-exists",
    rule: "aws-sdk-go-base GetAwsConfig: backend keys win over an existing backend profile with keys",
    backend: `access_key = "${key("BKND")}"\nsecret_key = "s"\nprofile = "team"`,
    home: { [CRED]: keys("team", "TEAM") },
    expect: { source: "StaticCredentials", keyIdLast4: "BKND" },
  },

  // ---------------------------------------------------------------- env keys, env web identity (aws-sdk-go-v2 resolveCredentialChain)
  {
    name: "env-keys-only",
    rule: "aws-sdk-go-v2 resolveCredentialChain: env static keys → EnvConfigCredentials",
    env: envKeys("ENV1"),
    expect: { source: "EnvConfigCredentials", keyIdLast4: "ENV1" },
  },
  {
    name: "env-keys-beat-AWS_PROFILE",
    rule: "aws-sdk-go-v2 resolveCredentialChain: env keys beat AWS_PROFILE",
    env: { ...envKeys("ENV1"), AWS_PROFILE: "team" },
    home: { [CRED]: keys("team", "TEAM") },
    expect: { source: "EnvConfigCredentials", keyIdLast4: "ENV1" },
  },
  {
    name: "env-keys-beat-AWS_DEFAULT_PROFILE",
    rule: "aws-sdk-go-v2 resolveCredentialChain: env keys beat AWS_DEFAULT_PROFILE",
    env: { ...envKeys("ENV1"), AWS_DEFAULT_PROFILE: "team" },
    home: { [CRED]: keys("team", "TEAM") },
    expect: { source: "EnvConfigCredentials", keyIdLast4: "ENV1" },
  },
  {
    name: "env-keys-beat-default-profile",
    rule: "aws-sdk-go-v2 resolveCredentialChain: env keys beat [default]",
    env: envKeys("ENV1"),
    home: { [CRED]: keys("default", "DEF1") },
    expect: { source: "EnvConfigCredentials", keyIdLast4: "ENV1" },
  },
  {
    name: "backend-profile-beats-env-keys",
    rule: "aws-sdk-go-v2 resolveCredentialChain: backend profile (programmatic) skips env keys",
    backend: `profile = "team"`,
    env: envKeys("ENV1"),
    home: { [CRED]: keys("team", "TEAM") },
    expect: { source: "SharedConfigCredentials", keyIdLast4: "TEAM" },
  },
  {
    name: "env-alt-key-names",
    rule: "aws-sdk-go-v2 resolveCredentialChain: AWS_ACCESS_KEY / AWS_SECRET_KEY are accepted",
    env: { AWS_ACCESS_KEY: key("ENVA"), AWS_SECRET_KEY: "s" },
    expect: { source: "EnvConfigCredentials", keyIdLast4: "ENVA" },
  },
  {
    name: "env-access-key-without-secret",
    rule: "aws-sdk-go-v2 resolveCredentialChain: both env keys needed; a lone AWS_ACCESS_KEY_ID falls through to [default]",
    env: { AWS_ACCESS_KEY_ID: key("ENV1") },
    home: { [CRED]: keys("default", "DEF1") },
    expect: { source: "SharedConfigCredentials", keyIdLast4: "DEF1" },
  },
  {
    name: "env-keys-with-session-token",
    rule: "aws-sdk-go-v2 resolveCredentialChain: AWS_SESSION_TOKEN is sent with env keys",
    env: { ...envKeys("ENV1"), AWS_SESSION_TOKEN: "tok" },
    expect: { source: "EnvConfigCredentials", keyIdLast4: "ENV1" },
  },
  {
    name: "env-web-identity",
    rule: "aws-sdk-go-v2 resolveCredentialChain: AWS_WEB_IDENTITY_TOKEN_FILE + AWS_ROLE_ARN → WebIdentityCredentials",
    env: { AWS_WEB_IDENTITY_TOKEN_FILE: "{{ROOT}}/token.jwt", AWS_ROLE_ARN: role("wi-env") },
    files: TOKEN,
    expect: { source: "WebIdentityCredentials", assumedRole: role("wi-env") },
  },
  {
    name: "env-web-identity-without-role-arn",
    rule: "aws-sdk-go-v2 resolveCredentialChain: env web identity without AWS_ROLE_ARN is a hard error",
    env: { AWS_WEB_IDENTITY_TOKEN_FILE: "{{ROOT}}/token.jwt" },
    files: TOKEN,
    home: { [CRED]: keys("default", "DEF1") },
    expect: { error: "role ARN is not set" },
  },
  {
    name: "env-web-identity-beats-AWS_PROFILE",
    rule: "aws-sdk-go-v2 resolveCredentialChain: env web identity beats AWS_PROFILE",
    env: { AWS_WEB_IDENTITY_TOKEN_FILE: "{{ROOT}}/token.jwt", AWS_ROLE_ARN: role("wi-env"), AWS_PROFILE: "team" },
    files: TOKEN,
    home: { [CRED]: keys("team", "TEAM") },
    expect: { source: "WebIdentityCredentials", assumedRole: role("wi-env") },
  },
  {
    name: "env-keys-beat-env-web-identity",
    rule: "aws-sdk-go-v2 resolveCredentialChain: env keys beat env web identity",
    env: { ...envKeys("ENV1"), AWS_WEB_IDENTITY_TOKEN_FILE: "{{ROOT}}/token.jwt", AWS_ROLE_ARN: role("wi-env") },
    files: TOKEN,
    expect: { source: "EnvConfigCredentials", keyIdLast4: "ENV1" },
  },
  {
    name: "backend-profile-skips-env-web-identity",
    rule: "aws-sdk-go-v2 resolveCredentialChain: backend profile skips env web identity",
    backend: `profile = "team"`,
    env: { AWS_WEB_IDENTITY_TOKEN_FILE: "{{ROOT}}/token.jwt", AWS_ROLE_ARN: role("wi-env") },
    files: TOKEN,
    home: { [CRED]: keys("team", "TEAM") },
    expect: { source: "SharedConfigCredentials", keyIdLast4: "TEAM" },
  },
  {
    name: "env-web-identity-missing-token-file",
    rule: "aws-sdk-go-v2 stscreds WebIdentityRoleProvider: env web identity with a missing token file fails at retrieval",
    env: { AWS_WEB_IDENTITY_TOKEN_FILE: "{{ROOT}}/missing.jwt", AWS_ROLE_ARN: role("wi-env") },
    expect: { error: NO_CREDS },
  },

  {
    name: "credentials-file-profile-default-section-dropped",
    rule: "aws-sdk-go-v2 processCredentialsSections: [profile default] in the credentials file is dropped (only the config file strips 'profile ')",
    home: { [CRED]: keys("profile default", "PDCR") },
    expect: { source: "EC2RoleProvider", keyIdLast4: "IMDS" },
  },

  // ---------------------------------------------------------------- profile name, missing profiles (getSharedConfigProfile, resolveConfigLoaders)
  {
    name: "AWS_PROFILE-selects-profile",
    rule: "aws-sdk-go-v2 getSharedConfigProfile: AWS_PROFILE names the profile",
    env: { AWS_PROFILE: "team" },
    home: { [CRED]: keys("default", "DEF1") + keys("team", "TEAM") },
    expect: { source: "SharedConfigCredentials", keyIdLast4: "TEAM" },
  },
  {
    name: "AWS_DEFAULT_PROFILE-selects-profile",
    rule: "aws-sdk-go-v2 getSharedConfigProfile: AWS_DEFAULT_PROFILE is honoured after AWS_PROFILE",
    env: { AWS_DEFAULT_PROFILE: "team" },
    home: { [CRED]: keys("default", "DEF1") + keys("team", "TEAM") },
    expect: { source: "SharedConfigCredentials", keyIdLast4: "TEAM" },
  },
  {
    name: "AWS_PROFILE-beats-AWS_DEFAULT_PROFILE",
    rule: "aws-sdk-go-v2 getSharedConfigProfile: AWS_PROFILE before AWS_DEFAULT_PROFILE",
    env: { AWS_PROFILE: "team", AWS_DEFAULT_PROFILE: "other" },
    home: { [CRED]: keys("team", "TEAM") + keys("other", "OTHR") },
    expect: { source: "SharedConfigCredentials", keyIdLast4: "TEAM" },
  },
  {
    name: "backend-profile-beats-AWS_PROFILE",
    rule: "aws-sdk-go-v2 getSharedConfigProfile: backend profile before AWS_PROFILE",
    backend: `profile = "team"`,
    env: { AWS_PROFILE: "other" },
    home: { [CRED]: keys("team", "TEAM") + keys("other", "OTHR") },
    expect: { source: "SharedConfigCredentials", keyIdLast4: "TEAM" },
  },
  {
    name: "missing-profile-backend-attribute",
    rule: "aws-sdk-go-v2 resolveConfigLoaders: missing profile named by the backend attribute is fatal",
    backend: `profile = "nope"`,
    home: { [CRED]: keys("default", "DEF1") },
    expect: { error: "failed to get shared config profile, nope" },
  },
  {
    name: "missing-profile-AWS_PROFILE",
    rule: "aws-sdk-go-v2 resolveConfigLoaders: missing profile named by AWS_PROFILE is fatal",
    env: { AWS_PROFILE: "nope" },
    home: { [CRED]: keys("default", "DEF1") },
    expect: { error: "failed to get shared config profile, nope" },
  },
  {
    name: "missing-profile-AWS_DEFAULT_PROFILE",
    rule: "aws-sdk-go-v2 resolveConfigLoaders: missing AWS_DEFAULT_PROFILE is silently ignored; [default] is not used, chain falls to IMDS",
    env: { AWS_DEFAULT_PROFILE: "nope" },
    home: { [CRED]: keys("default", "DEF1") },
    expect: { source: "EC2RoleProvider", keyIdLast4: "IMDS" },
  },
  {
    name: "missing-profile-AWS_DEFAULT_PROFILE-no-imds",
    rule: "aws-sdk-go-v2 resolveConfigLoaders: missing AWS_DEFAULT_PROFILE, IMDS off → No valid credential sources found",
    backend: NO_IMDS,
    env: { AWS_DEFAULT_PROFILE: "nope" },
    expect: { error: NO_CREDS },
  },
  {
    name: "missing-implicit-default-falls-to-imds",
    rule: "aws-sdk-go-v2 resolveConfigLoaders: no [default] anywhere → silently ignored → IMDS (served by the loopback stub)",
    expect: { source: "EC2RoleProvider", keyIdLast4: "IMDS" },
  },
  {
    name: "backend-profile-without-credentials-falls-to-imds",
    rule: "aws-sdk-go-v2 resolveCredsFromProfile: backend profile with only region falls to container/IMDS, not to env keys",
    backend: `profile = "regiononly"`,
    env: envKeys("ENV1"),
    home: { [CONF]: "[profile regiononly]\nregion = eu-west-1\n" },
    expect: { source: "EC2RoleProvider", keyIdLast4: "IMDS" },
  },
  {
    name: "backend-profile-without-credentials-no-imds-conflict-text",
    rule: "aws-sdk-go-base getCredentialsProvider: backend profile + env keys, nothing found → error carries the 'Profile was specified along with the environment variables' text",
    backend: `profile = "regiononly"\n${NO_IMDS}`,
    env: envKeys("ENV1"),
    home: { [CONF]: "[profile regiononly]\nregion = eu-west-1\n" },
    expect: { error: NO_CREDS },
  },
  {
    name: "AWS_PROFILE-without-credentials-falls-to-imds",
    rule: "aws-sdk-go-v2 resolveCredsFromProfile: AWS_PROFILE naming a profile without credentials falls to IMDS",
    env: { AWS_PROFILE: "regiononly" },
    home: { [CONF]: "[profile regiononly]\nregion = eu-west-1\n" },
    expect: { source: "EC2RoleProvider", keyIdLast4: "IMDS" },
  },

  // ---------------------------------------------------------------- sections, merging, INI quirks (aws-sdk-go-v2 shared_config.go, internal/ini)
  {
    name: "credentials-default-beats-config-default",
    rule: "aws-sdk-go-v2 shared_config.go: credentials file merged over config file for [default]",
    home: { [CRED]: keys("default", "DEF1"), [CONF]: keys("default", "DEFC") },
    expect: { source: "SharedConfigCredentials", keyIdLast4: "DEF1" },
  },
  {
    name: "profile-default-overrides-default-in-config",
    rule: "aws-sdk-go-v2 shared_config.go: [profile default] overrides [default] in the config file",
    home: { [CONF]: `${keys("default", "DEFC")}\n${keys("profile default", "PDEF")}` },
    expect: { source: "SharedConfigCredentials", keyIdLast4: "PDEF" },
  },
  {
    name: "config-section-without-profile-prefix",
    rule: "aws-sdk-go-v2 shared_config.go: config section [team] (no 'profile ' prefix) is dropped → profile not found",
    env: { AWS_PROFILE: "team" },
    home: { [CONF]: keys("team", "TEAM") },
    expect: { error: "failed to get shared config profile, team" },
  },
  {
    name: "credentials-section-with-profile-prefix",
    rule: "aws-sdk-go-v2 shared_config.go: credentials file section [profile team] is dropped → profile not found",
    env: { AWS_PROFILE: "team" },
    home: { [CRED]: keys("profile team", "TEAM") },
    expect: { error: "failed to get shared config profile, team" },
  },
  {
    name: "profile-in-both-files-different-keys",
    rule: "aws-sdk-go-v2 shared_config.go: profile in both files, both with keys → credentials file keys, file = credentials",
    env: { AWS_PROFILE: "team" },
    home: { [CRED]: keys("team", "TMCR"), [CONF]: keys("profile team", "TMCF") },
    expect: { source: "SharedConfigCredentials", keyIdLast4: "TMCR" },
  },
  {
    name: "profile-keys-only-in-config-file",
    rule: "aws-sdk-go-v2 resolveCredsFromProfile: keys in the config file → SharedConfigCredentials: <config file>",
    env: { AWS_PROFILE: "team" },
    home: { [CONF]: keys("profile team", "TMCF") },
    expect: { source: "SharedConfigCredentials", keyIdLast4: "TMCF" },
  },
  {
    name: "profile-credentials-has-only-access-key-config-has-pair",
    rule: "aws-sdk-go-v2 shared_config.go: keys copied from credentials only if both present; lone access key in credentials → partial credentials error?",
    env: { AWS_PROFILE: "team" },
    home: { [CRED]: `[team]\naws_access_key_id = ${key("TMCR")}\n`, [CONF]: keys("profile team", "TMCF") },
    expect: { error: "partial credentials" },
  },
  {
    name: "inline-comment-with-space",
    rule: "aws-sdk-go-v2 internal/ini: ' # comment' after a value is stripped",
    home: {
      [CRED]: `[default]\naws_access_key_id = ${key("CMT1")} # rotated 2024\naws_secret_access_key = s ; note\n`,
    },
    expect: { source: "SharedConfigCredentials", keyIdLast4: "CMT1" },
  },
  {
    name: "section-line-comment-and-quotes",
    rule: "aws-sdk-go-v2 internal/ini: comment after a section header dropped; one pair of surrounding quotes removed",
    env: { AWS_PROFILE: "team" },
    home: { [CRED]: `[team] # the team account\naws_access_key_id = "${key("QUOT")}"\naws_secret_access_key = 's'\n` },
    expect: { source: "SharedConfigCredentials", keyIdLast4: "QUOT" },
  },
  {
    name: "uppercase-DEFAULT-section",
    rule: "aws-sdk-go-v2 shared_config.go: [DEFAULT] does not match the profile name default → falls to IMDS",
    home: { [CRED]: keys("DEFAULT", "DEFU") },
    expect: { source: "EC2RoleProvider", keyIdLast4: "IMDS" },
  },
  {
    name: "profile-name-case-sensitive",
    rule: "aws-sdk-go-v2 shared_config.go: section names are case-sensitive (AWS_PROFILE=Team vs [team])",
    env: { AWS_PROFILE: "Team" },
    home: { [CRED]: keys("team", "TEAM") },
    expect: { error: "failed to get shared config profile, Team" },
  },
  {
    name: "profile-prefix-extra-whitespace",
    rule: "aws-sdk-go-v2 shared_config.go: [profile    team] with several spaces still names team",
    env: { AWS_PROFILE: "team" },
    home: { [CONF]: keys("profile    team", "TMWS") },
    expect: { source: "SharedConfigCredentials", keyIdLast4: "TMWS" },
  },
  {
    name: "partial-credentials-in-profile",
    rule: "aws-sdk-go-v2 mergeSections: only aws_access_key_id in a section → partial credentials error",
    env: { AWS_PROFILE: "team" },
    home: { [CRED]: `[team]\naws_access_key_id = ${key("TEAM")}\n` },
    expect: { error: "Error using profile: 1, partial credentials found for profile team" },
  },
  {
    name: "duplicate-sections-later-wins",
    rule: "aws-sdk-go-v2 shared_config.go: duplicate sections: the later key wins",
    home: { [CRED]: keys("default", "DUP1") + keys("default", "DUP2") },
    expect: { source: "SharedConfigCredentials", keyIdLast4: "DUP2" },
  },

  // ---------------------------------------------------------------- file selection (terraform Configure, aws-sdk-go-base)
  {
    name: "shared-credentials-files-replaces-default",
    rule: "aws-sdk-go-base commonLoadOptions: shared_credentials_files replaces ~/.aws/credentials (default file not read)",
    backend: `shared_credentials_files = ["{{ROOT}}/creds"]`,
    files: { creds: keys("default", "FIL1") },
    home: { [CRED]: keys("default", "DEF1") },
    expect: { source: "SharedConfigCredentials", keyIdLast4: "FIL1" },
  },
  {
    name: "shared-credentials-files-profile-only-in-default-file",
    rule: "aws-sdk-go-base commonLoadOptions: with shared_credentials_files set, a profile only in ~/.aws/credentials is not found",
    backend: `shared_credentials_files = ["{{ROOT}}/creds"]\nprofile = "team"`,
    files: { creds: keys("default", "FIL1") },
    home: { [CRED]: keys("team", "TEAM") },
    expect: { error: "failed to get shared config profile, team" },
  },
  {
    name: "shared-credentials-files-set-order",
    rule: "terraform Configure (go-cty set order) UNVERIFIED: shared_credentials_files is a set; the path sorting last wins conflicts, not the written order",
    unverified: true,
    backend: `shared_credentials_files = ["{{ROOT}}/b-creds", "{{ROOT}}/a-creds"]`,
    files: { "a-creds": keys("default", "FILA"), "b-creds": keys("default", "FILB") },
    expect: { source: "SharedConfigCredentials", keyIdLast4: "FILB" },
  },
  {
    name: "shared-credentials-files-set-order-reversed",
    rule: "terraform Configure (go-cty set order) UNVERIFIED: same files written in the other order → same winner (set order)",
    unverified: true,
    backend: `shared_credentials_files = ["{{ROOT}}/a-creds", "{{ROOT}}/b-creds"]`,
    files: { "a-creds": keys("default", "FILA"), "b-creds": keys("default", "FILB") },
    expect: { source: "SharedConfigCredentials", keyIdLast4: "FILB" },
  },
  {
    name: "shared-config-files-set-order",
    rule: "terraform Configure (go-cty set order) UNVERIFIED: shared_config_files set order; path sorting last wins",
    unverified: true,
    backend: `shared_config_files = ["{{ROOT}}/z-config", "{{ROOT}}/m-config"]\nprofile = "team"`,
    files: { "m-config": keys("profile team", "CFGM"), "z-config": keys("profile team", "CFGZ") },
    expect: { source: "SharedConfigCredentials", keyIdLast4: "CFGZ" },
  },
  {
    name: "shared-credentials-files-tilde",
    rule: "aws-sdk-go-base internal/expand: ~ in shared_credentials_files expands to HOME",
    backend: `shared_credentials_files = ["~/custom/creds"]`,
    home: { "custom/creds": keys("default", "TILD") },
    expect: { source: "SharedConfigCredentials", keyIdLast4: "TILD" },
  },
  {
    name: "shared-credentials-files-env-var",
    rule: "aws-sdk-go-base internal/expand: $VAR in shared_credentials_files is expanded (os.ExpandEnv)",
    backend: `shared_credentials_files = ["$CREDS_DIR/creds"]`,
    env: { CREDS_DIR: "{{ROOT}}/dir" },
    files: { "dir/creds": keys("default", "EVAR") },
    expect: { source: "SharedConfigCredentials", keyIdLast4: "EVAR" },
  },
  {
    name: "env-shared-credentials-file-beats-deprecated-attribute",
    rule: "terraform Configure: AWS_SHARED_CREDENTIALS_FILE beats deprecated shared_credentials_file",
    backend: `shared_credentials_file = "{{ROOT}}/attr-creds"`,
    env: { AWS_SHARED_CREDENTIALS_FILE: "{{ROOT}}/env-creds" },
    files: { "attr-creds": keys("default", "ATTR"), "env-creds": keys("default", "ENVF") },
    expect: { source: "SharedConfigCredentials", keyIdLast4: "ENVF" },
  },
  {
    name: "deprecated-shared-credentials-file-alone",
    rule: "terraform Configure: deprecated shared_credentials_file is used when the env var is unset",
    backend: `shared_credentials_file = "{{ROOT}}/attr-creds"`,
    files: { "attr-creds": keys("default", "ATTR") },
    home: { [CRED]: keys("default", "DEF1") },
    expect: { source: "SharedConfigCredentials", keyIdLast4: "ATTR" },
  },
  {
    name: "plural-attribute-beats-env-shared-credentials-file",
    rule: "terraform Configure: shared_credentials_files beats AWS_SHARED_CREDENTIALS_FILE",
    backend: `shared_credentials_files = ["{{ROOT}}/attr-creds"]`,
    env: { AWS_SHARED_CREDENTIALS_FILE: "{{ROOT}}/env-creds" },
    files: { "attr-creds": keys("default", "ATTR"), "env-creds": keys("default", "ENVF") },
    expect: { source: "SharedConfigCredentials", keyIdLast4: "ATTR" },
  },
  {
    name: "env-shared-credentials-file-tilde",
    rule: "aws-sdk-go-base internal/expand: AWS_SHARED_CREDENTIALS_FILE is read by Terraform, so ~ is expanded",
    env: { AWS_SHARED_CREDENTIALS_FILE: "~/custom/creds" },
    home: { "custom/creds": keys("default", "TILD") },
    expect: { source: "SharedConfigCredentials", keyIdLast4: "TILD" },
  },
  {
    name: "AWS_SHARED_CONFIG_FILE-beats-AWS_CONFIG_FILE",
    rule: "terraform Configure: Terraform's AWS_SHARED_CONFIG_FILE beats AWS_CONFIG_FILE",
    env: { AWS_SHARED_CONFIG_FILE: "{{ROOT}}/tf-config", AWS_CONFIG_FILE: "{{ROOT}}/sdk-config", AWS_PROFILE: "team" },
    files: { "tf-config": keys("profile team", "TFCF"), "sdk-config": keys("profile team", "SDKC") },
    expect: { source: "SharedConfigCredentials", keyIdLast4: "TFCF" },
  },
  {
    name: "AWS_CONFIG_FILE-alone",
    rule: "aws-sdk-go-v2 env_config.go: AWS_CONFIG_FILE is read by the SDK when nothing else selects config files",
    env: { AWS_CONFIG_FILE: "{{ROOT}}/sdk-config", AWS_PROFILE: "team" },
    files: { "sdk-config": keys("profile team", "SDKC") },
    expect: { source: "SharedConfigCredentials", keyIdLast4: "SDKC" },
  },
  {
    name: "AWS_CONFIG_FILE-tilde-not-expanded",
    rule: "aws-sdk-go-v2 env_config.go: AWS_CONFIG_FILE is not ~-expanded (SDK reads it) → profile not found",
    env: { AWS_CONFIG_FILE: "~/custom/config", AWS_PROFILE: "team" },
    home: { "custom/config": keys("profile team", "SDKC") },
    expect: { error: "failed to get shared config profile, team" },
  },
  {
    name: "shared-config-files-beats-AWS_SHARED_CONFIG_FILE",
    rule: "terraform Configure: shared_config_files attribute beats AWS_SHARED_CONFIG_FILE",
    backend: `shared_config_files = ["{{ROOT}}/attr-config"]`,
    env: { AWS_SHARED_CONFIG_FILE: "{{ROOT}}/tf-config", AWS_PROFILE: "team" },
    files: { "attr-config": keys("profile team", "ATTC"), "tf-config": keys("profile team", "TFCF") },
    expect: { source: "SharedConfigCredentials", keyIdLast4: "ATTC" },
  },

  // ---------------------------------------------------------------- credential_process (aws-sdk-go-v2 resolveCredsFromProfile)
  {
    name: "credential-process",
    rule: "aws-sdk-go-v2 resolveCredsFromProfile: credential_process → ProcessProvider",
    env: { AWS_PROFILE: "proc" },
    files: { "creds.sh": processScript("PROC") },
    home: { [CONF]: "[profile proc]\ncredential_process = {{ROOT}}/creds.sh\n" },
    expect: { source: "ProcessProvider", keyIdLast4: "PROC" },
  },
  {
    name: "credential-process-fails",
    decidedAtRunTime: "the process's exit code",
    rule: "aws-sdk-go-v2 processcreds: a failing credential_process → No valid credential sources found (process provider error)",
    env: { AWS_PROFILE: "proc" },
    files: { "fail.sh": { content: "#!/bin/sh\necho boom >&2\nexit 3\n", mode: 0o755 } },
    home: { [CONF]: "[profile proc]\ncredential_process = {{ROOT}}/fail.sh\n" },
    expect: { error: NO_CREDS },
  },
  {
    name: "static-keys-beat-credential-process-in-profile",
    rule: "aws-sdk-go-v2 resolveCredsFromProfile: a profile with keys and credential_process uses the keys",
    env: { AWS_PROFILE: "proc" },
    files: { "creds.sh": processScript("PROC") },
    home: { [CONF]: keys("profile proc", "PKEY", "credential_process = {{ROOT}}/creds.sh\n") },
    expect: { source: "SharedConfigCredentials", keyIdLast4: "PKEY" },
  },

  // ---------------------------------------------------------------- profile roles (resolveCredsFromProfile, setFromIniSections)
  {
    name: "profile-role-arn-source-profile",
    rule: "aws-sdk-go-v2 resolveCredsFromProfile: AssumeRoleProvider with the source profile's keys",
    env: { AWS_PROFILE: "deploy" },
    home: {
      [CRED]: keys("base", "BASE"),
      [CONF]: `[profile deploy]\nrole_arn = ${role("deploy")}\nsource_profile = base\n`,
    },
    expect: { source: "AssumeRoleProvider", assumedRole: role("deploy") },
  },
  {
    name: "profile-credential-source-environment",
    rule: "aws-sdk-go-v2 resolveCredsFromSource: credential_source = Environment uses env keys as the base (backend profile skips the env keys)",
    backend: `profile = "envrole"`,
    env: envKeys("ENV1"),
    home: { [CONF]: `[profile envrole]\nrole_arn = ${role("envrole")}\ncredential_source = Environment\n` },
    expect: { source: "AssumeRoleProvider", assumedRole: role("envrole") },
  },
  {
    name: "profile-credential-source-environment-via-AWS_PROFILE",
    rule: "aws-sdk-go-v2 resolveCredentialChain: with AWS_PROFILE (not programmatic) env keys win before the profile's role is considered",
    env: { ...envKeys("ENV1"), AWS_PROFILE: "envrole" },
    home: { [CONF]: `[profile envrole]\nrole_arn = ${role("envrole")}\ncredential_source = Environment\n` },
    expect: { source: "EnvConfigCredentials", keyIdLast4: "ENV1" },
  },
  {
    name: "profile-credential-source-environment-no-env-keys",
    rule: "aws-sdk-go-v2 resolveCredsFromSource: credential_source = Environment without env keys fails",
    env: { AWS_PROFILE: "envrole" },
    home: { [CONF]: `[profile envrole]\nrole_arn = ${role("envrole")}\ncredential_source = Environment\n` },
    expect: { error: NO_CREDS },
  },
  {
    name: "profile-credential-source-ec2",
    rule: "aws-sdk-go-v2 resolveCredsFromSource: credential_source = Ec2InstanceMetadata uses IMDS as the base",
    env: { AWS_PROFILE: "ec2role" },
    home: { [CONF]: `[profile ec2role]\nrole_arn = ${role("ec2role")}\ncredential_source = Ec2InstanceMetadata\n` },
    expect: { source: "AssumeRoleProvider", assumedRole: role("ec2role") },
  },
  {
    name: "profile-credential-source-ecs-without-uri",
    rule: "aws-sdk-go-v2 resolveCredsFromSource UNVERIFIED: credential_source = EcsContainer with neither container URI set: error text",
    unverified: true,
    env: { AWS_PROFILE: "ecsrole" },
    home: { [CONF]: `[profile ecsrole]\nrole_arn = ${role("ecsrole")}\ncredential_source = EcsContainer\n` },
    expect: { error: "EcsContainer was specified as the credential_source" },
  },
  {
    name: "profile-credential-source-invalid",
    rule: "aws-sdk-go-v2 resolveCredsFromSource: an unknown credential_source value fails",
    env: { AWS_PROFILE: "badsrc" },
    home: { [CONF]: `[profile badsrc]\nrole_arn = ${role("badsrc")}\ncredential_source = Laptop\n` },
    expect: { error: "credential_source values must be EcsContainer, Ec2InstanceMetadata, or Environment" },
  },
  {
    name: "profile-keys-and-role-arn",
    rule: "aws-sdk-go-v2 resolveCredsFromProfile UNVERIFIED: a profile with static keys AND role_arn (no source_profile) assumes role_arn with its keys",
    unverified: true,
    env: { AWS_PROFILE: "both" },
    home: { [CRED]: keys("both", "BOTH"), [CONF]: `[profile both]\nrole_arn = ${role("both")}\n` },
    expect: { source: "AssumeRoleProvider", assumedRole: role("both") },
  },
  {
    name: "source-profile-with-keys-and-role-arn",
    rule: "aws-sdk-go-v2 setFromIniSections UNVERIFIED: a source profile with keys AND role_arn: its role is assumed too (two hops)",
    unverified: true,
    env: { AWS_PROFILE: "deploy" },
    home: {
      [CRED]: keys("base", "BASE"),
      [CONF]: `[profile deploy]\nrole_arn = ${role("deploy")}\nsource_profile = base\n\n[profile base]\nrole_arn = ${role("base-role")}\n`,
    },
    expect: { source: "AssumeRoleProvider", assumedRole: role("deploy") },
  },
  {
    name: "source-profile-self-reference",
    rule: "aws-sdk-go-v2 setFromIniSections: source_profile = itself uses the profile's own keys to assume its role_arn",
    env: { AWS_PROFILE: "self" },
    home: {
      [CRED]: keys("self", "SELF"),
      [CONF]: `[profile self]\nrole_arn = ${role("self")}\nsource_profile = self\n`,
    },
    expect: { source: "AssumeRoleProvider", assumedRole: role("self") },
  },
  {
    name: "source-profile-chain-two-roles",
    rule: "aws-sdk-go-v2 resolveCredsFromProfile: role → role → keys chain assumes both roles in order",
    env: { AWS_PROFILE: "outer" },
    home: {
      [CRED]: keys("base", "BASE"),
      [CONF]: `[profile outer]\nrole_arn = ${role("outer")}\nsource_profile = inner\n\n[profile inner]\nrole_arn = ${role("inner")}\nsource_profile = base\n`,
    },
    expect: { source: "AssumeRoleProvider", assumedRole: role("outer") },
  },
  {
    name: "source-profile-without-role-arn",
    rule: "aws-sdk-go-v2 setFromIniSections: source_profile without role_arn fails",
    env: { AWS_PROFILE: "norole" },
    home: { [CRED]: keys("base", "BASE"), [CONF]: "[profile norole]\nsource_profile = base\n" },
    expect: { error: "requires role_arn" },
  },
  {
    name: "source-profile-missing",
    rule: "aws-sdk-go-v2 setFromIniSections: a source_profile that does not exist fails",
    env: { AWS_PROFILE: "deploy" },
    home: { [CONF]: `[profile deploy]\nrole_arn = ${role("deploy")}\nsource_profile = ghost\n` },
    expect: { error: "failed to get shared config profile, ghost" },
  },
  {
    name: "profile-two-credential-types",
    rule: "aws-sdk-go-v2 setFromIniSections: source_profile + credential_process → only one credential type",
    env: { AWS_PROFILE: "two" },
    files: { "creds.sh": processScript("PROC") },
    home: {
      [CRED]: keys("base", "BASE"),
      [CONF]: `[profile two]\nrole_arn = ${role("two")}\nsource_profile = base\ncredential_process = {{ROOT}}/creds.sh\n`,
    },
    expect: { error: "only one credential type may be specified per profile" },
  },
  {
    name: "profile-mfa-serial",
    rule: "aws-sdk-go-v2 credsFromAssumeRole: a role profile with mfa_serial always fails in Terraform",
    env: { AWS_PROFILE: "mfa" },
    home: {
      [CRED]: keys("base", "BASE"),
      [CONF]: `[profile mfa]\nrole_arn = ${role("mfa")}\nsource_profile = base\nmfa_serial = arn:aws:iam::123456789012:mfa/me\n`,
    },
    expect: { error: "AssumeRoleTokenProvider session option not set" },
  },

  // ---------------------------------------------------------------- backend assume_role on each base (assumeRoleCredentialsProvider)
  {
    name: "assume-role-on-env-keys",
    rule: "aws-sdk-go-base assumeRoleCredentialsProvider, GetAwsConfig log: backend assume_role on env keys (which source does the log name?)",
    backend: `assume_role = { role_arn = "${role("backend-role")}", session_name = "conformance" }`,
    env: envKeys("ENV1"),
    expect: { source: "AssumeRoleProvider", initialSource: "EnvConfigCredentials", assumedRole: role("backend-role") },
  },
  {
    name: "assume-role-on-backend-profile",
    rule: "aws-sdk-go-base assumeRoleCredentialsProvider: backend assume_role on a backend profile",
    backend: `profile = "team"\nassume_role = { role_arn = "${role("backend-role")}" }`,
    home: { [CRED]: keys("team", "TEAM") },
    expect: {
      source: "AssumeRoleProvider",
      initialSource: "SharedConfigCredentials",
      assumedRole: role("backend-role"),
    },
  },
  {
    name: "assume-role-on-imds",
    rule: "aws-sdk-go-base assumeRoleCredentialsProvider: backend assume_role on IMDS credentials",
    backend: `assume_role = { role_arn = "${role("backend-role")}" }`,
    expect: { source: "AssumeRoleProvider", initialSource: "EC2RoleProvider", assumedRole: role("backend-role") },
  },
  {
    name: "assume-role-on-profile-role",
    rule: "aws-sdk-go-base assumeRoleCredentialsProvider: backend assume_role on top of a profile role_arn (two hops)",
    backend: `assume_role = { role_arn = "${role("backend-role")}" }`,
    env: { AWS_PROFILE: "deploy" },
    home: {
      [CRED]: keys("base", "BASE"),
      [CONF]: `[profile deploy]\nrole_arn = ${role("deploy")}\nsource_profile = base\n`,
    },
    expect: { source: "AssumeRoleProvider", initialSource: "AssumeRoleProvider", assumedRole: role("backend-role") },
  },
  {
    name: "assume-role-on-web-identity-block",
    rule: "aws-sdk-go-base getCredentialsProvider: backend assume_role on top of assume_role_with_web_identity",
    backend: `assume_role_with_web_identity = { role_arn = "${role("wi-block")}", web_identity_token_file = "{{ROOT}}/token.jwt" }\nassume_role = { role_arn = "${role("backend-role")}" }`,
    files: TOKEN,
    expect: {
      source: "AssumeRoleProvider",
      initialSource: "WebIdentityCredentials",
      assumedRole: role("backend-role"),
    },
  },
  {
    name: "assume-role-missing-role-arn",
    rule: "terraform assumeRoleSchema UNVERIFIED: assume_role without role_arn: which error appears",
    unverified: true,
    backend: `assume_role = { session_name = "x" }`,
    env: envKeys("ENV1"),
    expect: { error: "role_arn" },
  },
  {
    name: "assume-role-unknown-key-ignored",
    rule: "terraform assumeRoleSchema (cty object conversion): a key the object type does not know is dropped",
    backend: `assume_role = { role_arn = "${role("backend-role")}", foo = "x" }`,
    env: envKeys("ENV1"),
    expect: { source: "AssumeRoleProvider", initialSource: "EnvConfigCredentials", assumedRole: role("backend-role") },
  },
  {
    name: "assume-role-misspelt-key-ignored",
    rule: "terraform assumeRoleSchema (cty object conversion): a misspelt optional key is dropped, the role is assumed",
    backend: `assume_role = { role_arn = "${role("backend-role")}", sesion_name = "typo" }`,
    env: envKeys("ENV1"),
    expect: { source: "AssumeRoleProvider", initialSource: "EnvConfigCredentials", assumedRole: role("backend-role") },
  },
  {
    name: "assume-role-empty-role-arn",
    rule: "terraform PrepareConfig validateNonEmptyString: an empty role_arn is Invalid Value, not a type error",
    backend: `assume_role = { role_arn = "" }`,
    env: envKeys("ENV1"),
    expect: { error: "Invalid Value" },
  },
  {
    name: "assume-role-blank-role-arn",
    rule: "terraform PrepareConfig validateNonEmptyString: an all-whitespace role_arn is Invalid Value",
    backend: `assume_role = { role_arn = "   " }`,
    env: envKeys("ENV1"),
    expect: { error: "Invalid Value" },
  },
  {
    name: "assume-role-with-sts-region",
    rule: "aws-sdk-go-base stsClient: sts_region sets the signing region of backend STS calls",
    backend: `sts_region = "eu-central-1"\nassume_role = { role_arn = "${role("backend-role")}" }`,
    env: envKeys("ENV1"),
    expect: { source: "AssumeRoleProvider", initialSource: "EnvConfigCredentials", assumedRole: role("backend-role") },
  },

  {
    name: "assume-role-on-sso",
    rule: "aws-sdk-go-base assumeRoleCredentialsProvider: backend assume_role on SSO credentials",
    backend: `assume_role = { role_arn = "${role("backend-role")}" }`,
    env: { AWS_PROFILE: "sso" },
    moto: { ssoTokens: { "tok-valid": STUB_KEYS.sso1 } },
    home: { [CONF]: SSO_SESSION_CONFIG, ...ssoCache("my-sso", "tok-valid", FUTURE) },
    expect: { source: "AssumeRoleProvider", initialSource: "SSOProvider", assumedRole: role("backend-role") },
  },
  {
    name: "assume-role-on-credential-process",
    rule: "aws-sdk-go-base assumeRoleCredentialsProvider: backend assume_role on credential_process",
    backend: `assume_role = { role_arn = "${role("backend-role")}" }`,
    env: { AWS_PROFILE: "proc" },
    files: { "creds.sh": processScript("PROC") },
    home: { [CONF]: "[profile proc]\ncredential_process = {{ROOT}}/creds.sh\n" },
    expect: { source: "AssumeRoleProvider", initialSource: "ProcessProvider", assumedRole: role("backend-role") },
  },
  {
    name: "assume-role-on-container",
    rule: "aws-sdk-go-base assumeRoleCredentialsProvider: backend assume_role on container credentials",
    backend: `assume_role = { role_arn = "${role("backend-role")}" }`,
    env: { AWS_CONTAINER_CREDENTIALS_FULL_URI: "{{ENDPOINT}}/container-credentials" },
    expect: {
      source: "AssumeRoleProvider",
      initialSource: "CredentialsEndpointProvider",
      assumedRole: role("backend-role"),
    },
  },

  // ---------------------------------------------------------------- web identity: profile and backend block
  {
    name: "profile-web-identity",
    rule: "aws-sdk-go-v2 resolveCredsFromProfile: profile web_identity_token_file + role_arn → WebIdentityCredentials",
    env: { AWS_PROFILE: "wi" },
    files: TOKEN,
    home: { [CONF]: `[profile wi]\nrole_arn = ${role("wi-profile")}\nweb_identity_token_file = {{ROOT}}/token.jwt\n` },
    expect: { source: "WebIdentityCredentials", assumedRole: role("wi-profile") },
  },
  {
    name: "backend-web-identity-token-file",
    rule: "aws-sdk-go-base getCredentialsProvider: assume_role_with_web_identity (token file) replaces the chain's credentials",
    backend: `assume_role_with_web_identity = { role_arn = "${role("wi-block")}", web_identity_token_file = "{{ROOT}}/token.jwt" }`,
    env: envKeys("ENV1"),
    files: TOKEN,
    expect: { source: "WebIdentityCredentials", assumedRole: role("wi-block") },
  },
  {
    name: "backend-web-identity-literal-token",
    rule: "terraform assumeRoleWithWebIdentitySchema: assume_role_with_web_identity with a literal web_identity_token",
    backend: `assume_role_with_web_identity = { role_arn = "${role("wi-block")}", web_identity_token = "literal-token-value" }`,
    expect: { source: "WebIdentityCredentials", assumedRole: role("wi-block") },
  },
  {
    name: "backend-web-identity-block-on-backend-profile",
    rule: "aws-sdk-go-base getCredentialsProvider: the block replaces a backend profile's credentials (profile still loaded)",
    backend: `profile = "team"\nassume_role_with_web_identity = { role_arn = "${role("wi-block")}", web_identity_token_file = "{{ROOT}}/token.jwt" }`,
    files: TOKEN,
    home: { [CRED]: keys("team", "TEAM") },
    expect: { source: "WebIdentityCredentials", assumedRole: role("wi-block") },
  },
  {
    name: "backend-web-identity-no-role-arn-env-fallback",
    unverified: true,
    rule: "terraform Configure: no env fallback for assume_role_with_web_identity.role_arn (docs say AWS_ROLE_ARN works)",
    backend: `assume_role_with_web_identity = { web_identity_token_file = "{{ROOT}}/token.jwt" }`,
    env: { AWS_ROLE_ARN: role("wi-env") },
    files: TOKEN,
    expect: { error: "role_arn" },
  },
  {
    name: "backend-web-identity-no-token-env-fallback",
    unverified: true,
    rule: "terraform assumeRoleWithWebIdentitySchema: block without a token field fails even with AWS_WEB_IDENTITY_TOKEN_FILE set",
    backend: `assume_role_with_web_identity = { role_arn = "${role("wi-block")}" }`,
    env: { AWS_WEB_IDENTITY_TOKEN_FILE: "{{ROOT}}/token.jwt" },
    files: TOKEN,
    expect: { error: "Exactly one of web_identity_token, web_identity_token_file must be set" },
  },
  {
    name: "backend-web-identity-both-token-fields",
    rule: "terraform assumeRoleWithWebIdentitySchema: both token fields → Invalid Attribute Combination",
    backend: `assume_role_with_web_identity = { role_arn = "${role("wi-block")}", web_identity_token = "literal-token-value", web_identity_token_file = "{{ROOT}}/token.jwt" }`,
    files: TOKEN,
    expect: { error: "Invalid Attribute Combination" },
  },

  // ---------------------------------------------------------------- SSO (aws-sdk-go-v2 resolveSSOCredentials, ssocreds)
  {
    name: "sso-session-valid-token",
    rule: "aws-sdk-go-v2 resolveSSOCredentials: sso_session form with a valid cached token → SSOProvider",
    env: { AWS_PROFILE: "sso" },
    moto: { ssoTokens: { "tok-valid": STUB_KEYS.sso1 } },
    home: { [CONF]: SSO_SESSION_CONFIG, ...ssoCache("my-sso", "tok-valid", FUTURE) },
    expect: { source: "SSOProvider", keyIdLast4: "SSO1" },
  },
  {
    name: "sso-session-expired-token",
    rule: "aws-sdk-go-v2 ssocreds: sso_session form, expired token without refresh data → error",
    env: { AWS_PROFILE: "sso" },
    moto: { ssoTokens: { "tok-valid": STUB_KEYS.sso1 } },
    home: { [CONF]: SSO_SESSION_CONFIG, ...ssoCache("my-sso", "tok-valid", PAST) },
    expect: { error: NO_CREDS },
  },
  {
    name: "sso-session-missing-token",
    rule: "aws-sdk-go-v2 ssocreds: sso_session form, no cache file → error",
    env: { AWS_PROFILE: "sso" },
    home: { [CONF]: SSO_SESSION_CONFIG },
    expect: { error: NO_CREDS },
  },
  {
    name: "sso-session-token-rejected",
    decidedAtRunTime: "the SSO portal rejects the token",
    rule: "aws-sdk-go-v2 ssocreds: the portal rejects the token (401 UnauthorizedException)",
    env: { AWS_PROFILE: "sso" },
    home: { [CONF]: SSO_SESSION_CONFIG, ...ssoCache("my-sso", "tok-unknown", FUTURE) },
    expect: { error: NO_CREDS },
  },
  {
    name: "sso-legacy-valid-token",
    rule: "aws-sdk-go-v2 resolveSSOCredentials: legacy SSO form (cache key = start URL) → SSOProvider",
    env: { AWS_PROFILE: "sso" },
    moto: { ssoTokens: { "tok-legacy": STUB_KEYS.sso2 } },
    home: { [CONF]: SSO_LEGACY_CONFIG, ...ssoCache("https://example.awsapps.com/start", "tok-legacy", FUTURE) },
    expect: { source: "SSOProvider", keyIdLast4: "SSO2" },
  },
  {
    name: "sso-legacy-expired-token",
    rule: "aws-sdk-go-v2 ssocreds: legacy form never refreshes: expired token → error",
    env: { AWS_PROFILE: "sso" },
    moto: { ssoTokens: { "tok-legacy": STUB_KEYS.sso2 } },
    home: { [CONF]: SSO_LEGACY_CONFIG, ...ssoCache("https://example.awsapps.com/start", "tok-legacy", PAST) },
    expect: { error: NO_CREDS },
  },
  {
    name: "sso-legacy-missing-token",
    rule: "aws-sdk-go-v2 ssocreds: legacy form, no cache file → error",
    env: { AWS_PROFILE: "sso" },
    home: { [CONF]: SSO_LEGACY_CONFIG },
    expect: { error: NO_CREDS },
  },
  {
    name: "sso-session-section-missing",
    rule: "aws-sdk-go-v2 validateSSOConfiguration: sso_session naming a missing [sso-session] section",
    env: { AWS_PROFILE: "sso" },
    home: { [CONF]: "[profile sso]\nsso_session = ghost\nsso_account_id = 123456789012\nsso_role_name = ReadOnly\n" },
    expect: { error: "failed to find SSO session section, ghost" },
  },
  {
    name: "sso-legacy-incomplete",
    rule: "aws-sdk-go-v2 validateSSOConfiguration: legacy form missing sso_role_name",
    env: { AWS_PROFILE: "sso" },
    home: {
      [CONF]:
        "[profile sso]\nsso_start_url = https://example.awsapps.com/start\nsso_region = us-east-1\nsso_account_id = 123456789012\n",
    },
    expect: { error: "is configured to use SSO but is missing required configuration" },
  },
  {
    name: "sso-profile-with-static-keys",
    rule: "aws-sdk-go-v2 resolveCredsFromProfile: a profile with SSO settings and static keys uses the keys",
    env: { AWS_PROFILE: "sso" },
    moto: { ssoTokens: { "tok-valid": STUB_KEYS.sso1 } },
    home: { [CRED]: keys("sso", "SSOK"), [CONF]: SSO_SESSION_CONFIG, ...ssoCache("my-sso", "tok-valid", FUTURE) },
    expect: { source: "SharedConfigCredentials", keyIdLast4: "SSOK" },
  },

  // ---------------------------------------------------------------- IMDS, container endpoint
  {
    name: "imds-from-stub",
    rule: "aws-sdk-go-v2 resolveCredsFromProfile: nothing else → IMDS (ec2_metadata_service_endpoint → loopback stub)",
    env: { AWS_REGION: "us-east-1" },
    expect: { source: "EC2RoleProvider", keyIdLast4: "IMDS" },
  },
  {
    name: "imds-disabled-skip-metadata-api-check",
    rule: "aws-sdk-go-base commonLoadOptions: skip_metadata_api_check = true → No valid credential sources found",
    backend: NO_IMDS,
    expect: { error: NO_CREDS },
  },
  {
    name: "imds-disabled-env",
    rule: "aws-sdk-go-v2 env_config.go: AWS_EC2_METADATA_DISABLED=true → No valid credential sources found",
    env: { AWS_EC2_METADATA_DISABLED: "true" },
    expect: { error: NO_CREDS },
  },
  {
    name: "imds-skip-false-overrides-env-disabled",
    rule: "aws-sdk-go-base commonLoadOptions: skip_metadata_api_check = false re-enables IMDS despite AWS_EC2_METADATA_DISABLED=true",
    backend: "skip_metadata_api_check = false",
    env: { AWS_EC2_METADATA_DISABLED: "true" },
    expect: { source: "EC2RoleProvider", keyIdLast4: "IMDS" },
  },
  {
    name: "imds-disabled-env-TRUE-uppercase",
    rule: "aws-sdk-go-v2 env_config.go: AWS_EC2_METADATA_DISABLED is case-insensitive ('TRUE' disables)",
    env: { AWS_EC2_METADATA_DISABLED: "TRUE" },
    expect: { error: NO_CREDS },
  },
  {
    name: "imds-no-role",
    decidedAtRunTime: "IMDS has no role attached",
    rule: "aws-sdk-go-v2 ec2rolecreds: IMDS answers but no role is attached → No valid credential sources found",
    moto: { imds: { enabled: false } },
    expect: { error: NO_CREDS },
  },
  {
    name: "container-full-uri",
    rule: "aws-sdk-go-v2 resolveHTTPCredProvider: AWS_CONTAINER_CREDENTIALS_FULL_URI (loopback http) → CredentialsEndpointProvider",
    env: { AWS_CONTAINER_CREDENTIALS_FULL_URI: "{{ENDPOINT}}/container-credentials" },
    expect: { source: "CredentialsEndpointProvider", keyIdLast4: "CONT" },
  },
  {
    name: "container-full-uri-with-token",
    rule: "aws-sdk-go-v2 resolveHTTPCredProvider: AWS_CONTAINER_AUTHORIZATION_TOKEN is sent to the endpoint",
    env: {
      AWS_CONTAINER_CREDENTIALS_FULL_URI: "{{ENDPOINT}}/container-credentials",
      AWS_CONTAINER_AUTHORIZATION_TOKEN: "container-secret",
    },
    moto: { container: { token: "container-secret" } },
    expect: { source: "CredentialsEndpointProvider", keyIdLast4: "CONT" },
  },
  {
    name: "container-loses-to-default-profile",
    rule: "aws-sdk-go-v2 resolveCredsFromProfile: [default] with keys beats the container endpoint",
    env: { AWS_CONTAINER_CREDENTIALS_FULL_URI: "{{ENDPOINT}}/container-credentials" },
    home: { [CRED]: keys("default", "DEF1") },
    expect: { source: "SharedConfigCredentials", keyIdLast4: "DEF1" },
  },
  {
    name: "container-full-uri-non-loopback-host",
    rule: "aws-sdk-go-v2 resolveHTTPCredProvider: http FULL_URI to a non-loopback host is rejected (TEST-NET IP, no connection made)",
    env: { AWS_CONTAINER_CREDENTIALS_FULL_URI: "http://192.0.2.10/creds" },
    expect: { error: 'invalid endpoint host, "192.0.2.10", only loopback/ecs/eks hosts are allowed' },
  },
  {
    name: "container-beats-imds",
    rule: "aws-sdk-go-v2 resolveCredsFromProfile: container endpoint beats IMDS",
    env: {
      AWS_CONTAINER_CREDENTIALS_FULL_URI: "{{ENDPOINT}}/container-credentials",
      AWS_EC2_METADATA_DISABLED: "false",
    },
    expect: { source: "CredentialsEndpointProvider", keyIdLast4: "CONT" },
  },

  // ---------------------------------------------------------------- region (terraform PrepareConfig, aws-sdk-go-v2 resolveRegion)
  {
    name: "region-from-AWS_REGION",
    rule: "aws-sdk-go-v2 resolveRegion: region from AWS_REGION when the attribute is unset",
    omitDefaults: ["region"],
    env: { ...envKeys("ENV1"), AWS_REGION: "eu-west-1" },
    moto: { noDefaultBucket: true, buckets: [{ name: "tfstate", region: "eu-west-1" }] },
    expect: { source: "EnvConfigCredentials", keyIdLast4: "ENV1" },
  },
  {
    name: "region-from-AWS_DEFAULT_REGION",
    rule: "aws-sdk-go-v2 resolveRegion: region from AWS_DEFAULT_REGION",
    omitDefaults: ["region"],
    env: { ...envKeys("ENV1"), AWS_DEFAULT_REGION: "eu-west-1" },
    moto: { noDefaultBucket: true, buckets: [{ name: "tfstate", region: "eu-west-1" }] },
    expect: { source: "EnvConfigCredentials", keyIdLast4: "ENV1" },
  },
  {
    name: "region-AWS_REGION-beats-AWS_DEFAULT_REGION",
    rule: "aws-sdk-go-v2 resolveRegion: AWS_REGION before AWS_DEFAULT_REGION (signing region of S3 requests)",
    omitDefaults: ["region"],
    env: { ...envKeys("ENV1"), AWS_REGION: "eu-west-1", AWS_DEFAULT_REGION: "us-west-2" },
    moto: { noDefaultBucket: true, buckets: [{ name: "tfstate", region: "eu-west-1" }] },
    expect: { source: "EnvConfigCredentials", keyIdLast4: "ENV1" },
  },
  {
    name: "region-attribute-beats-AWS_REGION",
    rule: "aws-sdk-go-v2 resolveRegion: region attribute before AWS_REGION",
    backend: `region = "us-east-1"`,
    env: { ...envKeys("ENV1"), AWS_REGION: "eu-west-1" },
    expect: { source: "EnvConfigCredentials", keyIdLast4: "ENV1" },
  },
  {
    name: "region-only-in-profile",
    rule: "terraform PrepareConfig: profile region is never consulted → Missing region value",
    omitDefaults: ["region"],
    env: { AWS_PROFILE: "team" },
    home: { [CRED]: keys("team", "TEAM"), [CONF]: "[profile team]\nregion = us-east-1\n" },
    expect: { error: "Missing region value" },
  },
  {
    name: "region-invalid-attribute",
    rule: "terraform PrepareConfig: attribute value checked against known regions → Invalid region value",
    backend: `region = "mars-north-1"`,
    env: envKeys("ENV1"),
    expect: { error: "Invalid region value" },
  },
  {
    name: "region-attribute-typo",
    rule: "terraform PrepareConfig: a region of the right shape but not in aws-sdk-go-base's list (a typo) → Invalid region value",
    backend: `region = "us-est-1"`,
    env: envKeys("ENV1"),
    expect: { error: "Invalid region value" },
  },
  {
    name: "region-attribute-newer-than-1.11",
    rule: "terraform PrepareConfig: a real region newer than Terraform 1.11.4's list (ap-southeast-6) → Invalid region value",
    backend: `region = "ap-southeast-6"`,
    env: envKeys("ENV1"),
    expect: { error: "Invalid region value" },
  },
  {
    name: "region-skip-validation",
    rule: "terraform PrepareConfig: skip_region_validation = true accepts a region outside the list",
    backend: `region = "ap-southeast-6"\nskip_region_validation = true`,
    env: envKeys("ENV1"),
    expect: { source: "EnvConfigCredentials", keyIdLast4: "ENV1" },
  },
  {
    name: "assume-role-duration-too-short",
    rule: "terraform assumeRoleSchema: assume_role.duration outside 15m–12h → Invalid Duration (PrepareConfig)",
    backend: `assume_role = { role_arn = "arn:aws:iam::123456789012:role/backend-role", duration = "5m" }`,
    env: envKeys("ENV1"),
    expect: { error: "Invalid Duration" },
  },
  {
    name: "assume-role-session-name-invalid",
    rule: "terraform assumeRoleSchema: assume_role.session_name with characters outside =,.@- → Invalid Value",
    backend: `assume_role = { role_arn = "arn:aws:iam::123456789012:role/backend-role", session_name = "has space" }`,
    env: envKeys("ENV1"),
    expect: { error: "Invalid Value" },
  },
  {
    name: "assume-role-role-arn-not-arn",
    rule: "terraform assumeRoleSchema: assume_role.role_arn must parse as an ARN → Invalid ARN",
    backend: `assume_role = { role_arn = "backend-role" }`,
    env: envKeys("ENV1"),
    expect: { error: "Invalid ARN" },
  },
  {
    name: "kms-key-id-invalid",
    rule: "terraform ConfigSchema: kms_key_id must be a key id, multi-region id, alias or key ARN → Invalid KMS Key ID",
    backend: `encrypt = true\nkms_key_id = "my-key"`,
    env: envKeys("ENV1"),
    expect: { error: "Invalid KMS Key ID" },
  },
  {
    name: "workspace-key-prefix-trailing-slash",
    rule: "terraform ConfigSchema: workspace_key_prefix must not start or end with / → Invalid Value",
    backend: `workspace_key_prefix = "envs/"`,
    env: envKeys("ENV1"),
    expect: { error: "Invalid Value" },
  },
  {
    name: "sse-customer-key-invalid",
    rule: "terraform Configure: sse_customer_key must be 44 characters of base64; Configure reports it after resolving credentials",
    backend: `encrypt = true\nsse_customer_key = "short"`,
    env: envKeys("ENV1"),
    expect: { error: "Invalid sse_customer_key value" },
  },
  {
    name: "sse-customer-key-env-with-kms-key",
    rule: "terraform Configure: AWS_SSE_CUSTOMER_KEY conflicts with kms_key_id → Invalid encryption configuration",
    backend: `encrypt = true\nkms_key_id = "alias/terraform"`,
    env: { ...envKeys("ENV1"), AWS_SSE_CUSTOMER_KEY: "MDEyMzQ1Njc4OTAxMjM0NTY3ODkwMTIzNDU2Nzg5MDE=" },
    expect: { error: "Invalid encryption configuration" },
  },
  {
    name: "removed-role-arn-in-block",
    rule: "terraform ConfigSchema: top-level role_arn was removed in 1.10 → Unsupported argument (no -backend-config given)",
    backend: `role_arn = "${role("backend-role")}"`,
    env: envKeys("ENV1"),
    expect: { error: "Unsupported argument" },
  },
  {
    name: "unknown-attribute-in-block-ignored-with-backend-config",
    rule: "terraform backendConfigOverrideBody: with any -backend-config, Terraform decodes the block partially: unknown attributes there are ignored",
    backend: `profil = "team"`,
    backendConfigArgs: ["encrypt=true"],
    env: envKeys("ENV1"),
    expect: { source: "EnvConfigCredentials", keyIdLast4: "ENV1" },
  },
  {
    name: "region-invalid-env-not-validated",
    rule: "terraform PrepareConfig: only the attribute is validated; an unknown AWS_REGION passes validation",
    omitDefaults: ["region"],
    env: { ...envKeys("ENV1"), AWS_REGION: "mars-north-1" },
    expect: { source: "EnvConfigCredentials", keyIdLast4: "ENV1" },
  },
  {
    name: "bucket-in-other-region",
    rule: "terraform backend_state.go Workspaces UNVERIFIED: bucket in another region → 'requested bucket from ..., actual location ...' wrapping (the 301 is emulated by moto_server.py the AWS way; moto itself ignores regions)",
    unverified: true,
    env: envKeys("ENV1"),
    moto: { noDefaultBucket: true, buckets: [{ name: "tfstate", region: "eu-west-1" }] },
    expect: { error: "requested bucket from" },
  },

  // ---------------------------------------------------------------- partial configuration (terraform backendConfigOverrideBody)
  {
    name: "backend-config-file-sets-profile",
    rule: "terraform backendConfigOverrideBody: -backend-config file attributes are merged into the backend",
    backendConfigFiles: { "backend.hcl": `profile = "team"\n` },
    env: envKeys("ENV1"),
    home: { [CRED]: keys("team", "TEAM") },
    expect: { source: "SharedConfigCredentials", keyIdLast4: "TEAM" },
  },
  {
    name: "backend-config-arg-beats-file",
    rule: "terraform backendConfigOverrideBody: later -backend-config (k=v after the file) wins",
    backendConfigFiles: { "backend.hcl": `profile = "team"\n` },
    backendConfigArgs: ["profile=other"],
    home: { [CRED]: keys("team", "TEAM") + keys("other", "OTHR") },
    expect: { source: "SharedConfigCredentials", keyIdLast4: "OTHR" },
  },
  {
    name: "backend-config-file-beats-block",
    rule: "terraform backendConfigOverrideBody: -backend-config file overrides the block's attribute",
    backend: `profile = "team"`,
    backendConfigFiles: { "backend.hcl": `profile = "other"\n` },
    home: { [CRED]: keys("team", "TEAM") + keys("other", "OTHR") },
    expect: { source: "SharedConfigCredentials", keyIdLast4: "OTHR" },
  },
  {
    name: "backend-config-static-keys",
    rule: "terraform backendConfigOverrideBody, aws-sdk-go-base GetAwsConfig: static keys given with -backend-config args",
    backendConfigArgs: [`access_key=${key("BKND")}`, "secret_key=s"],
    env: envKeys("ENV1"),
    expect: { source: "StaticCredentials", keyIdLast4: "BKND" },
  },

  // ---------------------------------------------------------------- per-command re-resolution (terraform savedBackend)
  {
    name: "per-command-env-re-read",
    rule: "terraform savedBackend: env vars are read again on every command: init with env A, plan with env B → B",
    commands: [
      { command: "init", env: envKeys("ENVA") },
      { command: "plan", env: envKeys("ENVB") },
    ],
    expect: { source: "EnvConfigCredentials", keyIdLast4: "ENVB" },
  },
  {
    name: "per-command-AWS_PROFILE-then-default",
    rule: "terraform savedBackend: AWS_PROFILE at init only; plan without it uses [default]",
    home: { [CRED]: keys("default", "DEF1") + keys("team", "TEAM") },
    commands: [
      { command: "init", env: { AWS_PROFILE: "team" } },
      { command: "plan", env: {} },
    ],
    expect: { source: "SharedConfigCredentials", keyIdLast4: "DEF1" },
  },
  {
    name: "per-command-backend-profile-frozen",
    rule: "terraform savedBackend: backend attributes are frozen at init; later commands still use the backend profile",
    backendConfigArgs: ["profile=team"],
    home: { [CRED]: keys("default", "DEF1") + keys("team", "TEAM") },
    commands: ["init", "plan"],
    expect: { source: "SharedConfigCredentials", keyIdLast4: "TEAM" },
  },
  {
    name: "apply-writes-state-with-env-keys",
    rule: "terraform client.go: apply (Lock/Get/Put) signs every S3 call with the resolved credentials",
    env: envKeys("ENV1"),
    commands: ["init", "apply"],
    expect: { source: "EnvConfigCredentials", keyIdLast4: "ENV1" },
  },
  {
    name: "workspace-list-with-profile",
    rule: "terraform backend_state.go Workspaces: workspace list configures the backend and lists with the same credentials",
    env: { AWS_PROFILE: "team" },
    home: { [CRED]: keys("team", "TEAM") },
    commands: ["init", "workspace list"],
    expect: { source: "SharedConfigCredentials", keyIdLast4: "TEAM" },
  },

  // ---------------------------------------------------------------- the seed story: provider block never used (terraform Configure)
  {
    name: "seed-story-provider-profile-ignored",
    rule: 'terraform Configure (seed story): provider "aws" profile/assume_role is ignored; backend.hcl without profile → [default] (personal)',
    provider: `  profile = "terraform"\n  region  = "us-east-1"\n  assume_role {\n    role_arn = "${role("provider-role")}"\n  }`,
    backendConfigFiles: {
      "env/backend.hcl": `bucket = "tfstate"\nkey = "team/terraform.tfstate"\nregion = "us-east-1"\n`,
    },
    home: { [CRED]: keys("default", "PERS") + keys("terraform", "TEAM") },
    expect: { source: "SharedConfigCredentials", keyIdLast4: "PERS" },
  },

  // ---------------------------------------------------------------- server-side validation with moto enforcement
  {
    name: "unknown-key-enforced",
    decidedAtRunTime: "IAM rejects the key",
    rule: "aws-sdk-go-base GetAwsConfig: an unknown key fails caller-identity validation (InvalidClientTokenId)",
    env: envKeys("ENV1"),
    moto: { enforceAuth: true, users: [{ name: "alice", accessKeyId: key("ALIC") }] },
    expect: { error: "InvalidClientTokenId" },
  },
  {
    name: "enforced-valid-user-apply-lockfile",
    rule: "terraform client.go, with IAM enforcement (moto SigV4 fix in moto_server.py): a valid user lists env:/ and writes state + .tflock",
    backend: "use_lockfile = true",
    env: { AWS_ACCESS_KEY_ID: key("ALIC"), AWS_SECRET_ACCESS_KEY: "harness-secret" },
    moto: { enforceAuth: true, users: [{ name: "alice", accessKeyId: key("ALIC"), policy: ALLOW_ALL }] },
    commands: ["init", "apply"],
    expect: { source: "EnvConfigCredentials", keyIdLast4: "ALIC" },
  },
  {
    name: "enforced-wrong-secret",
    decidedAtRunTime: "IAM rejects the signature",
    rule: "aws-sdk-go-base GetAwsConfig: right key id, wrong secret → SignatureDoesNotMatch at caller-identity validation",
    env: { AWS_ACCESS_KEY_ID: key("ALIC"), AWS_SECRET_ACCESS_KEY: "not-the-secret" },
    moto: { enforceAuth: true, users: [{ name: "alice", accessKeyId: key("ALIC"), policy: ALLOW_ALL }] },
    expect: { error: "SignatureDoesNotMatch" },
  },
  {
    name: "enforced-assume-role-denied",
    decidedAtRunTime: "IAM denies sts:AssumeRole",
    rule: "aws-sdk-go-base assumeRoleCredentialsProvider: backend assume_role the caller may not assume → Cannot assume IAM Role (AccessDenied)",
    backend: `assume_role = { role_arn = "${role("locked")}" }`,
    env: { AWS_ACCESS_KEY_ID: key("ALIC"), AWS_SECRET_ACCESS_KEY: "harness-secret" },
    moto: {
      enforceAuth: true,
      users: [{ name: "alice", accessKeyId: key("ALIC"), policy: S3_ONLY }],
      roles: [{ name: "locked", policy: ALLOW_ALL }],
    },
    expect: { error: "Cannot assume IAM Role" },
  },
  {
    name: "enforced-dynamodb-denied",
    rule: "terraform client.go lockWithDynamoDB: DynamoDB lock denied → Error acquiring the state lock with AccessDeniedException (moto's 403 XML reshaped to AWS JSON)",
    backend: `dynamodb_table = "locks"`,
    env: { AWS_ACCESS_KEY_ID: key("ALIC"), AWS_SECRET_ACCESS_KEY: "harness-secret" },
    moto: {
      enforceAuth: true,
      tables: ["locks"],
      users: [{ name: "alice", accessKeyId: key("ALIC"), policy: S3_ONLY }],
    },
    commands: ["init", "plan"],
    expect: { error: "Error acquiring the state lock" },
  },
  {
    name: "dynamodb-lock-signed-by-profile",
    rule: "terraform client.go lockWithDynamoDB: DynamoDB lock calls are signed with the same credentials as S3",
    backend: `dynamodb_table = "locks"`,
    env: { AWS_PROFILE: "team" },
    moto: { tables: ["locks"] },
    home: { [CRED]: keys("team", "TEAM") },
    commands: ["init", "apply"],
    expect: { source: "SharedConfigCredentials", keyIdLast4: "TEAM" },
  },
  {
    name: "skip-credentials-validation-unknown-key",
    rule: "aws-sdk-go-base GetAwsAccountIDAndPartition: skip_credentials_validation skips GetCallerIdentity; the account lookup uses iam:GetUser",
    backend: "skip_credentials_validation = true",
    env: envKeys("ENV1"),
    expect: { source: "EnvConfigCredentials", keyIdLast4: "ENV1" },
  },
];
