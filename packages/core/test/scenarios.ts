import type { StepId, StepOutcome } from "../src/index.js";

/**
 * Named scenarios in the style of OpenTofu's TestBackendConfig_Authentication: a world described as data,
 * and what Terraform 1.11's S3 backend does in it (read in the public Go source, settled by conformance/ against
 * real Terraform; conformance/scenarios.ts names the Go functions).
 */
export interface Scenario {
  /** Extra lines inside `backend "s3" { … }` (bucket, key and region are added unless `bare`). */
  readonly backend?: string;
  /** Replaces the default bucket/key/region lines. */
  readonly bare?: boolean;
  readonly backendConfig?: readonly string[];
  /** Files by path: `~/…` under home, relative under the module directory. */
  readonly files?: Readonly<Record<string, string>>;
  readonly env?: Readonly<Record<string, string>>;
  readonly now?: string;
  readonly expect: Expectation;
}

export interface Expectation {
  readonly status?: "resolved" | "failed";
  readonly source?: string | null;
  readonly sourceFile?: string | null;
  readonly accessKeyId?: string | null;
  readonly profile?: string | null;
  readonly assumeRoles?: readonly string[];
  readonly terraformError?: string | null;
  readonly region?: string | null;
  readonly outcomes?: Partial<Record<StepId, StepOutcome>>;
  /** Diagnostic codes that must be present. */
  readonly diagnostics?: readonly string[];
  /** Diagnostic codes that must be absent. */
  readonly noDiagnostics?: readonly string[];
  /** Codes that must be present as info (a deliberate choice, not something to act on). */
  readonly infos?: readonly string[];
}

// Key ids: the last four characters tell sources apart (masked: first 4 + last 4).
const ENV_KEY = "AKIAENVKEY0000000001";
const DEFAULT_KEY = "AKIADEFAULT000000002";
const TEAM_KEY = "AKIATEAMKEY000000003";
const BACKEND_KEY = "AKIABACKEND000000004";
const OTHER_KEY = "AKIAOTHERKEY00000005";
const mask = (key: string) => `${key.slice(0, 4)}${"*".repeat(key.length - 8)}${key.slice(-4)}`;

const CREDS = "/home/user/.aws/credentials";
const CONFIG = "/home/user/.aws/config";
const ENV_KEYS = { AWS_ACCESS_KEY_ID: ENV_KEY, AWS_SECRET_ACCESS_KEY: "env-secret" };
const ROLE = "arn:aws:iam::111111111111:role/terraform";
const ROLE2 = "arn:aws:iam::222222222222:role/deploy";

const defaultAndTeam = `
  [default]
  aws_access_key_id = ${DEFAULT_KEY}
  aws_secret_access_key = default-secret

  [terraform]
  aws_access_key_id = ${TEAM_KEY}
  aws_secret_access_key = team-secret
`;

const NO_IMDS = { AWS_EC2_METADATA_DISABLED: "true" };

const SSO_SESSION_CONFIG = `[profile sso]\nsso_session = corp\nsso_account_id = 111111111111\nsso_role_name = Admin\n\n[sso-session corp]\nsso_region = us-east-1\nsso_start_url = https://corp.awsapps.com/start\n`;
const LEGACY_SSO_CONFIG = `[profile legacy]\nsso_start_url = https://corp.awsapps.com/start\nsso_region = us-east-1\nsso_account_id = 111111111111\nsso_role_name = Admin\n`;
/** ~/.aws/sso/cache/<sha1(session name | start URL)>.json */
const SSO_SESSION_CACHE = "~/.aws/sso/cache/ee0bfd2552fbd840c02cc48b6e823320543c450f.json";
const LEGACY_SSO_CACHE = "~/.aws/sso/cache/a51746d4aa793ae07b25e90c3a5db96fc7832bd7.json";
const ssoToken = (expiresAt: string, refreshable = false) =>
  JSON.stringify({
    accessToken: "sso-access-token",
    expiresAt,
    ...(refreshable ? { refreshToken: "r", clientId: "c", clientSecret: "s" } : {}),
  });

export const scenarios: Record<string, Scenario> = {
  // ── backend static keys (aws-sdk-go-base GetAwsConfig) ──────────────────────────────────────
  "backend static keys are used": {
    backend: `access_key = "${BACKEND_KEY}"\nsecret_key = "backend-secret"`,
    expect: {
      status: "resolved",
      source: "StaticCredentials",
      accessKeyId: mask(BACKEND_KEY),
      profile: null,
      outcomes: { "backend.static": "picked" },
    },
  },
  "backend static keys beat env keys": {
    backend: `access_key = "${BACKEND_KEY}"\nsecret_key = "backend-secret"`,
    env: ENV_KEYS,
    expect: { source: "StaticCredentials", accessKeyId: mask(BACKEND_KEY), outcomes: { "env.static": "unreached" } },
  },
  "backend static keys beat the backend profile": {
    backend: `access_key = "${BACKEND_KEY}"\nsecret_key = "backend-secret"\nprofile = "terraform"`,
    files: { "~/.aws/credentials": defaultAndTeam },
    expect: { source: "StaticCredentials", accessKeyId: mask(BACKEND_KEY) },
  },
  "backend access_key alone is an error, not a merge with the env secret": {
    backend: `access_key = "${BACKEND_KEY}"`,
    env: { AWS_SECRET_ACCESS_KEY: "env-secret" },
    expect: {
      status: "failed",
      terraformError: "retrieving credentials: static credentials are empty",
      diagnostics: ["partial-backend-static-keys"],
      outcomes: { "backend.static": "error" },
    },
  },
  "backend token alone is an error": {
    backend: `token = "backend-session-secret"`,
    env: ENV_KEYS,
    expect: { status: "failed", terraformError: "retrieving credentials: static credentials are empty" },
  },
  "backend static keys with a missing backend profile fail while loading config": {
    backend: `access_key = "${BACKEND_KEY}"\nsecret_key = "s"\nprofile = "nope"`,
    expect: { status: "failed", terraformError: "loading configuration: failed to get shared config profile, nope" },
  },
  "a lone backend access_key fails in Retrieve, before the missing profile is loaded": {
    backend: `access_key = "${BACKEND_KEY}"\nprofile = "nope"`,
    expect: {
      status: "failed",
      terraformError: "retrieving credentials: static credentials are empty",
      outcomes: { "backend.static": "error" },
      noDiagnostics: ["profile-not-found"],
    },
  },
  "a lone backend access_key fails in Retrieve, before a ~user path is expanded": {
    backend: `access_key = "${BACKEND_KEY}"\nshared_credentials_files = ["~root/creds"]`,
    expect: {
      status: "failed",
      terraformError: "retrieving credentials: static credentials are empty",
      noDiagnostics: ["shared-file-path-not-expandable"],
    },
  },
  "backend static keys with AWS_PROFILE naming a missing profile fail": {
    backend: `access_key = "${BACKEND_KEY}"\nsecret_key = "s"`,
    env: { AWS_PROFILE: "typo" },
    expect: { status: "failed", terraformError: "loading configuration: failed to get shared config profile, typo" },
  },
  "backend static keys ignore assume_role_with_web_identity": {
    backend: `access_key = "${BACKEND_KEY}"\nsecret_key = "s"\nassume_role_with_web_identity = { role_arn = "${ROLE}", web_identity_token = "tokentoken" }`,
    expect: {
      source: "StaticCredentials",
      accessKeyId: mask(BACKEND_KEY),
      diagnostics: ["assume-role-with-web-identity-ignored"],
      outcomes: { "backend.assume-role-with-web-identity": "skipped" },
    },
  },
  "backend static keys with assume_role: key known only at run time": {
    backend: `access_key = "${BACKEND_KEY}"\nsecret_key = "s"\nassume_role = { role_arn = "${ROLE}" }`,
    expect: {
      source: "StaticCredentials",
      accessKeyId: null,
      assumeRoles: [ROLE],
      outcomes: { "backend.assume-role": "applied" },
    },
  },

  // ── env keys vs profiles (aws-sdk-go-v2 resolveCredentialChain) ─────────────────────────────
  "env keys are used when nothing else is set": {
    env: ENV_KEYS,
    expect: {
      source: "EnvConfigCredentials",
      accessKeyId: mask(ENV_KEY),
      profile: null,
      outcomes: { "env.static": "picked" },
    },
  },
  "env keys beat AWS_PROFILE (Go SDK, unlike the JS SDK)": {
    env: { ...ENV_KEYS, AWS_PROFILE: "terraform" },
    files: { "~/.aws/credentials": defaultAndTeam },
    expect: {
      source: "EnvConfigCredentials",
      accessKeyId: mask(ENV_KEY),
      diagnostics: ["aws-profile-shadowed-by-env-credentials"],
      outcomes: { profile: "unreached" },
    },
  },
  "env keys beat AWS_DEFAULT_PROFILE": {
    env: { ...ENV_KEYS, AWS_DEFAULT_PROFILE: "terraform" },
    files: { "~/.aws/credentials": defaultAndTeam },
    expect: { source: "EnvConfigCredentials", accessKeyId: mask(ENV_KEY) },
  },
  "a broken [default] (only an access key) fails Terraform even when env keys would win": {
    env: ENV_KEYS,
    files: { "~/.aws/credentials": `[default]\naws_access_key_id = ${DEFAULT_KEY}\n` },
    expect: {
      status: "failed",
      terraformError:
        "error fetching config from profile, default, Error using profile: \n 2, partial credentials found for profile default\n",
    },
  },
  "AWS_PROFILE naming a missing profile fails even with env keys": {
    env: { ...ENV_KEYS, AWS_PROFILE: "nope" },
    files: { "~/.aws/credentials": defaultAndTeam },
    expect: { status: "failed", terraformError: "failed to get shared config profile, nope" },
  },
  "AWS_PROFILE=default without a [default] profile fails": {
    env: { AWS_PROFILE: "default" },
    files: { "~/.aws/credentials": `[terraform]\naws_access_key_id = ${TEAM_KEY}\naws_secret_access_key = s\n` },
    expect: { status: "failed", terraformError: "failed to get shared config profile, default" },
  },
  "env keys beat the [default] profile": {
    env: ENV_KEYS,
    files: { "~/.aws/credentials": defaultAndTeam },
    expect: {
      source: "EnvConfigCredentials",
      accessKeyId: mask(ENV_KEY),
      noDiagnostics: ["default-profile-used-while-others-exist"],
    },
  },
  "backend profile beats env keys (since 1.7)": {
    backend: `profile = "terraform"`,
    env: ENV_KEYS,
    files: { "~/.aws/credentials": defaultAndTeam },
    expect: {
      source: "SharedConfigCredentials",
      accessKeyId: mask(TEAM_KEY),
      profile: "terraform (backend)",
      diagnostics: ["env-keys-shadowed-by-backend-profile"],
      outcomes: { "env.static": "unreached", profile: "picked" },
    },
  },
  "AWS_ACCESS_KEY and AWS_SECRET_KEY are accepted as fallbacks": {
    env: { AWS_ACCESS_KEY: OTHER_KEY, AWS_SECRET_KEY: "s" },
    expect: { source: "EnvConfigCredentials", accessKeyId: mask(OTHER_KEY) },
  },
  "partial env keys are ignored and the profile is used": {
    env: { AWS_ACCESS_KEY_ID: ENV_KEY },
    files: { "~/.aws/credentials": defaultAndTeam },
    expect: {
      source: "SharedConfigCredentials",
      accessKeyId: mask(DEFAULT_KEY),
      diagnostics: ["partial-env-keys"],
      outcomes: { "env.static": "skipped" },
    },
  },
  "quoted env key is flagged": {
    env: { AWS_ACCESS_KEY_ID: `"${ENV_KEY}"`, AWS_SECRET_ACCESS_KEY: "s" },
    expect: { source: "EnvConfigCredentials", diagnostics: ["env-value-quoted"] },
  },

  // ── profile names and missing profiles (aws-sdk-go-v2 resolveConfigLoaders) ────────────────
  "default profile from the credentials file": {
    files: { "~/.aws/credentials": defaultAndTeam },
    expect: {
      source: "SharedConfigCredentials",
      sourceFile: CREDS,
      accessKeyId: mask(DEFAULT_KEY),
      profile: "default (default)",
      diagnostics: ["default-profile-used-while-others-exist"],
    },
  },
  "only a default profile: no warning about others": {
    files: { "~/.aws/credentials": `[default]\naws_access_key_id = ${DEFAULT_KEY}\naws_secret_access_key = s\n` },
    expect: { source: "SharedConfigCredentials", noDiagnostics: ["default-profile-used-while-others-exist"] },
  },
  "AWS_PROFILE selects the profile": {
    env: { AWS_PROFILE: "terraform" },
    files: { "~/.aws/credentials": defaultAndTeam },
    expect: { source: "SharedConfigCredentials", accessKeyId: mask(TEAM_KEY), profile: "terraform (AWS_PROFILE)" },
  },
  "AWS_PROFILE beats AWS_DEFAULT_PROFILE": {
    env: { AWS_PROFILE: "terraform", AWS_DEFAULT_PROFILE: "default" },
    files: { "~/.aws/credentials": defaultAndTeam },
    expect: { accessKeyId: mask(TEAM_KEY), profile: "terraform (AWS_PROFILE)" },
  },
  "AWS_DEFAULT_PROFILE selects the profile when AWS_PROFILE is unset": {
    env: { AWS_DEFAULT_PROFILE: "terraform" },
    files: { "~/.aws/credentials": defaultAndTeam },
    expect: { accessKeyId: mask(TEAM_KEY), profile: "terraform (AWS_DEFAULT_PROFILE)" },
  },
  "backend profile beats AWS_PROFILE": {
    backend: `profile = "terraform"`,
    env: { AWS_PROFILE: "default" },
    files: { "~/.aws/credentials": defaultAndTeam },
    expect: { accessKeyId: mask(TEAM_KEY), profile: "terraform (backend)" },
  },
  "missing backend profile is fatal, with the nearest name suggested": {
    backend: `profile = "terrafrom"`,
    files: { "~/.aws/credentials": defaultAndTeam },
    expect: {
      status: "failed",
      terraformError: "failed to get shared config profile, terrafrom",
      diagnostics: ["profile-not-found"],
      outcomes: { profile: "error" },
    },
  },
  "missing AWS_PROFILE is fatal": {
    env: { AWS_PROFILE: "typo", ...NO_IMDS },
    files: { "~/.aws/credentials": defaultAndTeam },
    expect: { status: "failed", terraformError: "failed to get shared config profile, typo" },
  },
  "missing AWS_DEFAULT_PROFILE is silently ignored (falls to IMDS)": {
    env: { AWS_DEFAULT_PROFILE: "typo", ...NO_IMDS },
    files: { "~/.aws/credentials": defaultAndTeam },
    expect: {
      status: "failed",
      terraformError: "No valid credential sources found",
      diagnostics: ["default-profile-env-ignored"],
      outcomes: { imds: "error" },
    },
  },
  "missing AWS_DEFAULT_PROFILE with env keys: env keys win": {
    env: { AWS_DEFAULT_PROFILE: "typo", ...ENV_KEYS },
    expect: { source: "EnvConfigCredentials", accessKeyId: mask(ENV_KEY) },
  },
  "no profile and no files: IMDS fallback": {
    expect: {
      status: "resolved",
      source: "EC2RoleProvider",
      accessKeyId: null,
      diagnostics: ["imds-fallback"],
      outcomes: { imds: "picked" },
    },
  },
  "profile without credentials falls through to IMDS": {
    backend: `profile = "regiononly"`,
    files: { "~/.aws/config": `[profile regiononly]\nregion = eu-west-1\n` },
    env: NO_IMDS,
    expect: {
      status: "failed",
      terraformError: "No valid credential sources found",
      outcomes: { profile: "skipped", imds: "error" },
    },
  },

  // ── shared files: sections, merging, INI (aws-sdk-go-v2 shared_config.go, internal/ini) ───
  "config-file profile with keys": {
    env: { AWS_PROFILE: "cfg" },
    files: { "~/.aws/config": `[profile cfg]\naws_access_key_id = ${OTHER_KEY}\naws_secret_access_key = s\n` },
    expect: { source: "SharedConfigCredentials", sourceFile: CONFIG, accessKeyId: mask(OTHER_KEY) },
  },
  "credentials file keys override config file keys for the same profile": {
    env: { AWS_PROFILE: "both" },
    files: {
      "~/.aws/config": `[profile both]\naws_access_key_id = ${OTHER_KEY}\naws_secret_access_key = s\n`,
      "~/.aws/credentials": `[both]\naws_access_key_id = ${TEAM_KEY}\naws_secret_access_key = t\n`,
    },
    expect: { sourceFile: CREDS, accessKeyId: mask(TEAM_KEY) },
  },
  "config section without the profile prefix is dropped": {
    env: { AWS_PROFILE: "noprefix" },
    files: { "~/.aws/config": `[noprefix]\naws_access_key_id = ${OTHER_KEY}\naws_secret_access_key = s\n` },
    expect: {
      status: "failed",
      terraformError: "failed to get shared config profile, noprefix",
      diagnostics: ["config-section-without-profile-prefix"],
    },
  },
  "credentials section with the profile prefix is dropped": {
    env: { AWS_PROFILE: "prefixed" },
    files: {
      "~/.aws/credentials": `[profile prefixed]\naws_access_key_id = ${OTHER_KEY}\naws_secret_access_key = s\n`,
    },
    expect: {
      status: "failed",
      terraformError: "failed to get shared config profile, prefixed",
      diagnostics: ["credentials-section-with-profile-prefix"],
    },
  },
  "[profile default] overrides [default] in the config file": {
    files: {
      "~/.aws/config": `[default]\naws_access_key_id = ${DEFAULT_KEY}\naws_secret_access_key = s\n\n[profile default]\naws_access_key_id = ${OTHER_KEY}\naws_secret_access_key = s\n`,
    },
    expect: { accessKeyId: mask(OTHER_KEY) },
  },
  "CRLF line endings and comments are handled": {
    files: {
      "~/.aws/credentials": `# team file\r\n[default]\r\naws_access_key_id = ${DEFAULT_KEY} ; inline\r\naws_secret_access_key = s\r\n`,
    },
    expect: { accessKeyId: mask(DEFAULT_KEY) },
  },
  "quoted values are unquoted": {
    files: { "~/.aws/credentials": `[default]\naws_access_key_id = "${DEFAULT_KEY}"\naws_secret_access_key = 's'\n` },
    expect: { accessKeyId: mask(DEFAULT_KEY) },
  },
  "shared_credentials_files replaces the default file": {
    backend: `shared_credentials_files = ["/team/creds"]`,
    files: {
      "~/.aws/credentials": defaultAndTeam,
      "/team/creds": `[default]\naws_access_key_id = ${OTHER_KEY}\naws_secret_access_key = s\n`,
    },
    expect: { sourceFile: "/team/creds", accessKeyId: mask(OTHER_KEY) },
  },
  "shared_credentials_files is a set: the path sorting last wins": {
    backend: `shared_credentials_files = ["/b/creds", "/a/creds"]`,
    files: {
      "/a/creds": `[default]\naws_access_key_id = ${DEFAULT_KEY}\naws_secret_access_key = s\n`,
      "/b/creds": `[default]\naws_access_key_id = ${OTHER_KEY}\naws_secret_access_key = s\n`,
    },
    expect: { sourceFile: "/b/creds", accessKeyId: mask(OTHER_KEY) },
  },
  "AWS_SHARED_CREDENTIALS_FILE beats the deprecated shared_credentials_file": {
    backend: `shared_credentials_file = "/old/creds"`,
    env: { AWS_SHARED_CREDENTIALS_FILE: "/new/creds" },
    files: {
      "/old/creds": `[default]\naws_access_key_id = ${DEFAULT_KEY}\naws_secret_access_key = s\n`,
      "/new/creds": `[default]\naws_access_key_id = ${OTHER_KEY}\naws_secret_access_key = s\n`,
    },
    expect: { sourceFile: "/new/creds", accessKeyId: mask(OTHER_KEY), diagnostics: ["attribute-deprecated"] },
  },
  "~ and $VAR are expanded in AWS_SHARED_CREDENTIALS_FILE": {
    env: { AWS_SHARED_CREDENTIALS_FILE: "~/$TEAM/creds", TEAM: "platform" },
    files: { "~/platform/creds": `[default]\naws_access_key_id = ${OTHER_KEY}\naws_secret_access_key = s\n` },
    expect: { sourceFile: "/home/user/platform/creds", accessKeyId: mask(OTHER_KEY) },
  },
  "~user in shared_credentials_files: Terraform fails expanding it, before any source": {
    backend: `shared_credentials_files = ["~root/creds"]`,
    env: ENV_KEYS,
    expect: {
      status: "failed",
      source: null,
      terraformError: "expanding shared credentials files: 1 error occurred:\n\t* cannot expand user-specific home dir",
      outcomes: { "backend.static": "skipped", profile: "error", "env.static": "unreached" },
      diagnostics: ["shared-file-path-not-expandable"],
      noDiagnostics: ["shared-file-unreadable"],
    },
  },
  "~user with backend static keys: the expansion still fails Terraform, without a prefix": {
    backend: `access_key = "${BACKEND_KEY}"\nsecret_key = "s"\nshared_credentials_file = "~root/creds"`,
    expect: {
      status: "failed",
      terraformError: "expanding shared credentials files: 1 error occurred:\n\t* cannot expand user-specific home dir",
      outcomes: { "backend.static": "unreached", profile: "error" },
      diagnostics: ["shared-file-path-not-expandable", "attribute-deprecated"],
    },
  },
  "~user in both lists: the credentials files are expanded first": {
    backend: `shared_config_files = ["~a/config", "~b/config"]`,
    env: { ...ENV_KEYS, AWS_SHARED_CREDENTIALS_FILE: "~root/creds" },
    expect: {
      status: "failed",
      terraformError: "expanding shared credentials files: 1 error occurred:\n\t* cannot expand user-specific home dir",
    },
  },
  "two ~user paths in shared_config_files: go-multierror counts both": {
    backend: `shared_config_files = ["~a/config", "~b/config"]`,
    env: ENV_KEYS,
    expect: {
      status: "failed",
      terraformError:
        "expanding shared config files: 2 errors occurred:\n\t* cannot expand user-specific home dir" +
        "\n\t* cannot expand user-specific home dir",
    },
  },
  "AWS_CONFIG_FILE is the SDK's: ~root/config is a relative path, named as written": {
    env: { AWS_CONFIG_FILE: "~root/config", AWS_PROFILE: "p" },
    files: { "~root/config": `[profile p]\naws_access_key_id = ${OTHER_KEY}\naws_secret_access_key = s\n` },
    expect: { sourceFile: "~root/config", accessKeyId: mask(OTHER_KEY) },
  },
  "a relative AWS_SHARED_CREDENTIALS_FILE is named as written": {
    env: { AWS_SHARED_CREDENTIALS_FILE: "./creds" },
    files: {
      "~/.aws/credentials": defaultAndTeam,
      creds: `[default]\naws_access_key_id = ${OTHER_KEY}\naws_secret_access_key = s\n`,
    },
    expect: { source: "SharedConfigCredentials", sourceFile: "./creds", accessKeyId: mask(OTHER_KEY) },
  },
  "a relative shared_credentials_files entry outside the module is named as written": {
    backend: `shared_credentials_files = ["../shared/creds"]`,
    files: { "/work/shared/creds": `[default]\naws_access_key_id = ${OTHER_KEY}\naws_secret_access_key = s\n` },
    expect: { source: "SharedConfigCredentials", sourceFile: "../shared/creds", accessKeyId: mask(OTHER_KEY) },
  },
  "~ in shared_credentials_files is HOME joined and cleaned": {
    backend: `shared_credentials_files = ["~/./x//creds"]`,
    files: { "~/x/creds": `[default]\naws_access_key_id = ${OTHER_KEY}\naws_secret_access_key = s\n` },
    expect: { sourceFile: "/home/user/x/creds", accessKeyId: mask(OTHER_KEY) },
  },
  "~ alone in shared_credentials_files is the home directory, which the SDK fails to read": {
    backend: `shared_credentials_files = ["~"]`,
    env: ENV_KEYS,
    files: { "~/.aws/config": "[default]\n" },
    expect: {
      status: "failed",
      terraformError: "failed to load shared config file, /home/user, read all: read /home/user: is a directory",
    },
  },
  "AWS_SHARED_CONFIG_FILE beats AWS_CONFIG_FILE": {
    env: { AWS_SHARED_CONFIG_FILE: "/tf/config", AWS_CONFIG_FILE: "/sdk/config", AWS_PROFILE: "p" },
    files: {
      "/tf/config": `[profile p]\naws_access_key_id = ${OTHER_KEY}\naws_secret_access_key = s\n`,
      "/sdk/config": `[profile p]\naws_access_key_id = ${DEFAULT_KEY}\naws_secret_access_key = s\n`,
    },
    expect: { sourceFile: "/tf/config", accessKeyId: mask(OTHER_KEY) },
  },
  "AWS_CONFIG_FILE is read by the SDK": {
    env: { AWS_CONFIG_FILE: "/sdk/config", AWS_PROFILE: "p" },
    files: { "/sdk/config": `[profile p]\naws_access_key_id = ${DEFAULT_KEY}\naws_secret_access_key = s\n` },
    expect: { sourceFile: "/sdk/config", accessKeyId: mask(DEFAULT_KEY) },
  },

  // ── profile arms (aws-sdk-go-v2 resolveCredsFromProfile) ───────────────────────────────────
  "source_profile + role_arn assumes the role with the source keys": {
    backend: `profile = "deploy"`,
    files: {
      "~/.aws/config": `[profile deploy]\nrole_arn = ${ROLE}\nsource_profile = base\n`,
      "~/.aws/credentials": `[base]\naws_access_key_id = ${OTHER_KEY}\naws_secret_access_key = s\n`,
    },
    expect: {
      source: "AssumeRoleProvider",
      accessKeyId: null,
      assumeRoles: [ROLE],
      profile: "deploy (backend)",
      outcomes: { profile: "picked", "profile.role-arn": "applied" },
    },
  },
  "profile with keys and role_arn assumes the role (Go, unlike JS and the CLI)": {
    env: { AWS_PROFILE: "keysrole" },
    files: {
      "~/.aws/credentials": `[keysrole]\naws_access_key_id = ${OTHER_KEY}\naws_secret_access_key = s\nrole_arn = ${ROLE}\n`,
    },
    expect: { source: "AssumeRoleProvider", accessKeyId: null, assumeRoles: [ROLE] },
  },
  "chained source profiles assume each role in order": {
    backend: `profile = "outer"`,
    files: {
      "~/.aws/config": `[profile outer]\nrole_arn = ${ROLE2}\nsource_profile = middle\n\n[profile middle]\nrole_arn = ${ROLE}\nsource_profile = base\n`,
      "~/.aws/credentials": `[base]\naws_access_key_id = ${OTHER_KEY}\naws_secret_access_key = s\n`,
    },
    expect: { source: "AssumeRoleProvider", assumeRoles: [ROLE, ROLE2] },
  },
  "credential_source = Environment uses the env keys as the base": {
    backend: `profile = "ci"`,
    env: ENV_KEYS,
    files: { "~/.aws/config": `[profile ci]\nrole_arn = ${ROLE}\ncredential_source = Environment\n` },
    expect: {
      source: "AssumeRoleProvider",
      assumeRoles: [ROLE],
      diagnostics: ["env-keys-shadowed-by-backend-profile"],
    },
  },
  "credential_source = Environment without env keys fails": {
    backend: `profile = "ci"`,
    files: { "~/.aws/config": `[profile ci]\nrole_arn = ${ROLE}\ncredential_source = Environment\n` },
    expect: { status: "failed", terraformError: "No valid credential sources found" },
  },
  "credential_source with an invalid value fails": {
    backend: `profile = "ci"`,
    files: { "~/.aws/config": `[profile ci]\nrole_arn = ${ROLE}\ncredential_source = Lambda\n` },
    expect: {
      status: "failed",
      terraformError: "credential_source values must be EcsContainer, Ec2InstanceMetadata, or Environment",
    },
  },
  "source_profile without role_arn is a load error": {
    backend: `profile = "bad"`,
    files: {
      "~/.aws/config": `[profile bad]\nsource_profile = base\n`,
      "~/.aws/credentials": `[base]\naws_access_key_id = ${OTHER_KEY}\naws_secret_access_key = s\n`,
    },
    expect: { status: "failed", terraformError: "credential type source_profile requires role_arn, profile bad" },
  },
  "credential_process is reported, not run": {
    backend: `profile = "proc"`,
    files: { "~/.aws/config": `[profile proc]\ncredential_process = /usr/local/bin/get-creds --account 1\n` },
    expect: { source: "ProcessProvider", accessKeyId: null, diagnostics: ["credential-process-not-run"] },
  },
  "profile keys win over credential_process in the same profile": {
    backend: `profile = "mixed"`,
    files: {
      "~/.aws/config": `[profile mixed]\naws_access_key_id = ${OTHER_KEY}\naws_secret_access_key = s\ncredential_process = /bin/false\n`,
    },
    expect: { source: "SharedConfigCredentials", accessKeyId: mask(OTHER_KEY) },
  },
  "mfa_serial can never work in the backend": {
    backend: `profile = "mfa"`,
    files: {
      "~/.aws/config": `[profile mfa]\nrole_arn = ${ROLE}\nsource_profile = base\nmfa_serial = arn:aws:iam::111111111111:mfa/alice\n`,
      "~/.aws/credentials": `[base]\naws_access_key_id = ${OTHER_KEY}\naws_secret_access_key = s\n`,
    },
    expect: {
      status: "failed",
      terraformError: "assume role with MFA enabled, but AssumeRoleTokenProvider session option not set.",
      diagnostics: ["mfa-serial-unsupported"],
    },
  },
  "profile region is never used": {
    bare: true,
    backend: `bucket = "b"\nkey = "k"\nprofile = "eu"`,
    files: {
      "~/.aws/config": `[profile eu]\nregion = eu-west-1\naws_access_key_id = ${OTHER_KEY}\naws_secret_access_key = s\n`,
    },
    expect: { region: null, terraformError: "Missing region value", diagnostics: ["region-only-in-profile"] },
  },

  // ── web identity (resolveCredentialChain, resolveCredsFromProfile, assumeRoleWithWebIdentitySchema) ───
  "env web identity is used before any profile": {
    env: { AWS_WEB_IDENTITY_TOKEN_FILE: "/var/run/token", AWS_ROLE_ARN: ROLE, AWS_PROFILE: "terraform" },
    files: { "/var/run/token": "eyJhbGciOi", "~/.aws/credentials": defaultAndTeam },
    expect: {
      source: "WebIdentityCredentials",
      accessKeyId: null,
      diagnostics: ["aws-profile-shadowed-by-env-credentials"],
      outcomes: { "env.web-identity": "picked", profile: "unreached" },
    },
  },
  "env web identity without AWS_ROLE_ARN is a hard error": {
    env: { AWS_WEB_IDENTITY_TOKEN_FILE: "/var/run/token" },
    files: { "/var/run/token": "eyJhbGciOi", "~/.aws/credentials": defaultAndTeam },
    expect: { status: "failed", terraformError: "role ARN is not set" },
  },
  "env keys beat env web identity": {
    env: { ...ENV_KEYS, AWS_WEB_IDENTITY_TOKEN_FILE: "/var/run/token", AWS_ROLE_ARN: ROLE },
    expect: { source: "EnvConfigCredentials", accessKeyId: mask(ENV_KEY) },
  },
  "profile web_identity_token_file": {
    backend: `profile = "wi"`,
    files: {
      "~/.aws/config": `[profile wi]\nrole_arn = ${ROLE}\nweb_identity_token_file = /var/run/token\n`,
      "/var/run/token": "eyJhbGciOi",
    },
    expect: { source: "WebIdentityCredentials", assumeRoles: [] },
  },
  "backend assume_role_with_web_identity replaces the chain's credentials": {
    backend: `assume_role_with_web_identity = { role_arn = "${ROLE}", web_identity_token_file = "/var/run/token" }`,
    env: ENV_KEYS,
    files: { "/var/run/token": "eyJhbGciOi" },
    expect: {
      source: "WebIdentityCredentials",
      accessKeyId: null,
      outcomes: { "env.static": "picked", "backend.assume-role-with-web-identity": "picked" },
    },
  },
  "backend web identity token file missing": {
    backend: `assume_role_with_web_identity = { role_arn = "${ROLE}", web_identity_token_file = "/var/run/none" }`,
    env: ENV_KEYS,
    expect: { status: "failed", terraformError: "Cannot assume IAM Role with web identity" },
  },
  "backend web identity replaces env web identity whose token file is missing (never retrieved)": {
    backend: `assume_role_with_web_identity = { role_arn = "${ROLE}", web_identity_token_file = "/var/run/token" }`,
    env: { AWS_WEB_IDENTITY_TOKEN_FILE: "/var/run/none", AWS_ROLE_ARN: ROLE2 },
    files: { "/var/run/token": "eyJhbGciOi" },
    expect: {
      status: "resolved",
      source: "WebIdentityCredentials",
      terraformError: null,
      outcomes: { "env.web-identity": "unreached", "backend.assume-role-with-web-identity": "picked" },
    },
  },

  // ── SSO (aws-sdk-go-v2 resolveSSOCredentials, ssocreds) ────────────────────────────────────
  "sso-session profile with a valid token": {
    backend: `profile = "sso"`,
    now: "2026-01-01T00:00:00Z",
    files: { "~/.aws/config": SSO_SESSION_CONFIG, [SSO_SESSION_CACHE]: ssoToken("2026-01-01T08:00:00Z") },
    expect: { status: "resolved", source: "SSOProvider", accessKeyId: null, profile: "sso (backend)" },
  },
  "sso-session profile with an expired token and no refresh token": {
    backend: `profile = "sso"`,
    now: "2026-01-02T00:00:00Z",
    files: { "~/.aws/config": SSO_SESSION_CONFIG, [SSO_SESSION_CACHE]: ssoToken("2026-01-01T08:00:00Z") },
    expect: {
      status: "failed",
      terraformError: "No valid credential sources found",
      diagnostics: ["sso-token-expired"],
    },
  },
  "sso-session profile with an expired but refreshable token": {
    backend: `profile = "sso"`,
    now: "2026-01-02T00:00:00Z",
    files: { "~/.aws/config": SSO_SESSION_CONFIG, [SSO_SESSION_CACHE]: ssoToken("2026-01-01T08:00:00Z", true) },
    expect: { status: "resolved", source: "SSOProvider", infos: ["sso-token-expired"] },
  },
  "sso-session profile with a missing token": {
    backend: `profile = "sso"`,
    files: { "~/.aws/config": SSO_SESSION_CONFIG },
    expect: {
      status: "failed",
      terraformError: "No valid credential sources found",
      diagnostics: ["sso-token-missing"],
    },
  },
  "sso-session section missing is a load error": {
    backend: `profile = "sso"`,
    files: { "~/.aws/config": `[profile sso]\nsso_session = nowhere\nsso_account_id = 1\nsso_role_name = r\n` },
    expect: { status: "failed", terraformError: "failed to find SSO session section, nowhere" },
  },
  "legacy SSO profile with a valid token": {
    backend: `profile = "legacy"`,
    now: "2026-01-01T00:00:00Z",
    files: { "~/.aws/config": LEGACY_SSO_CONFIG, [LEGACY_SSO_CACHE]: ssoToken("2026-01-01T08:00:00Z") },
    expect: { status: "resolved", source: "SSOProvider" },
  },
  "legacy SSO never refreshes an expired token": {
    backend: `profile = "legacy"`,
    now: "2026-01-02T00:00:00Z",
    files: { "~/.aws/config": LEGACY_SSO_CONFIG, [LEGACY_SSO_CACHE]: ssoToken("2026-01-01T08:00:00Z", true) },
    expect: { status: "failed", diagnostics: ["sso-token-expired"] },
  },
  "legacy SSO profile with a missing token": {
    backend: `profile = "legacy"`,
    files: { "~/.aws/config": LEGACY_SSO_CONFIG },
    expect: {
      status: "failed",
      terraformError: "No valid credential sources found",
      diagnostics: ["sso-token-missing"],
    },
  },

  // ── container and IMDS (resolveCredsFromProfile, aws-sdk-go-base commonLoadOptions) ────────
  "container FULL_URI on loopback": {
    env: { AWS_CONTAINER_CREDENTIALS_FULL_URI: "http://127.0.0.1:8080/creds" },
    expect: { source: "CredentialsEndpointProvider", outcomes: { container: "picked" } },
  },
  "container FULL_URI over http to a remote host is refused": {
    env: { AWS_CONTAINER_CREDENTIALS_FULL_URI: "http://creds.example.com/creds" },
    expect: {
      status: "failed",
      terraformError: 'invalid endpoint host, "creds.example.com", only loopback/ecs/eks hosts are allowed',
    },
  },
  "container RELATIVE_URI beats FULL_URI": {
    env: {
      AWS_CONTAINER_CREDENTIALS_RELATIVE_URI: "/v2/creds",
      AWS_CONTAINER_CREDENTIALS_FULL_URI: "http://creds.example.com/x",
    },
    expect: { source: "CredentialsEndpointProvider" },
  },
  "IMDS disabled by skip_metadata_api_check": {
    backend: `skip_metadata_api_check = true`,
    expect: { status: "failed", terraformError: "No valid credential sources found", outcomes: { imds: "error" } },
  },
  "IMDS disabled by AWS_EC2_METADATA_DISABLED=TRUE (case-insensitive)": {
    env: { AWS_EC2_METADATA_DISABLED: "TRUE" },
    expect: { status: "failed", terraformError: "No valid credential sources found" },
  },
  "skip_metadata_api_check = false re-enables IMDS over AWS_EC2_METADATA_DISABLED": {
    backend: `skip_metadata_api_check = false`,
    env: { AWS_EC2_METADATA_DISABLED: "true" },
    expect: { source: "EC2RoleProvider" },
  },
  "AWS_EC2_METADATA_DISABLED=1 does not disable IMDS (only true/false count)": {
    env: { AWS_EC2_METADATA_DISABLED: "1" },
    expect: { source: "EC2RoleProvider" },
  },

  // ── region (terraform PrepareConfig, aws-sdk-go-v2 resolveRegion) ──────────────────────────
  "region from AWS_REGION": {
    bare: true,
    backend: `bucket = "b"\nkey = "k"`,
    env: { ...ENV_KEYS, AWS_REGION: "eu-central-1", AWS_DEFAULT_REGION: "us-west-2" },
    expect: { region: "eu-central-1", terraformError: null },
  },
  "region from AWS_DEFAULT_REGION": {
    bare: true,
    backend: `bucket = "b"\nkey = "k"`,
    env: { ...ENV_KEYS, AWS_DEFAULT_REGION: "us-west-2" },
    expect: { region: "us-west-2" },
  },
  "region attribute beats AWS_REGION": {
    env: { ...ENV_KEYS, AWS_REGION: "eu-central-1" },
    expect: { region: "us-east-1" },
  },
  "a region attribute with a typo is Terraform's Invalid region value": {
    bare: true,
    backend: `bucket = "b"\nkey = "k"\nregion = "us-est-1"`,
    env: ENV_KEYS,
    expect: { region: null, terraformError: "Invalid region value" },
  },
  "a region Terraform 1.11's list does not have yet is rejected (ap-southeast-6)": {
    bare: true,
    backend: `bucket = "b"\nkey = "k"\nregion = "ap-southeast-6"`,
    env: ENV_KEYS,
    expect: { region: null, terraformError: "Invalid region value" },
  },
  "skip_region_validation accepts any region attribute": {
    bare: true,
    backend: `bucket = "b"\nkey = "k"\nregion = "ap-southeast-6"\nskip_region_validation = true`,
    env: ENV_KEYS,
    expect: { region: "ap-southeast-6", terraformError: null },
  },
  "AWS_REGION is never validated": {
    bare: true,
    backend: `bucket = "b"\nkey = "k"`,
    env: { ...ENV_KEYS, AWS_REGION: "mars-north-1" },
    expect: { region: "mars-north-1", terraformError: null },
  },
  "no region anywhere fails before credentials": {
    bare: true,
    backend: `bucket = "b"\nkey = "k"`,
    env: ENV_KEYS,
    expect: { region: null, terraformError: "Missing region value", diagnostics: ["region-missing"] },
  },

  // ── backend assume_role on each base (aws-sdk-go-base assumeRoleCredentialsProvider) ───────
  "backend assume_role on env keys": {
    backend: `assume_role = { role_arn = "${ROLE}" }`,
    env: ENV_KEYS,
    expect: { source: "AssumeRoleProvider", accessKeyId: null, assumeRoles: [ROLE] },
  },
  "backend assume_role on a profile role_arn": {
    backend: `profile = "deploy"\nassume_role = { role_arn = "${ROLE2}" }`,
    files: {
      "~/.aws/config": `[profile deploy]\nrole_arn = ${ROLE}\nsource_profile = base\n`,
      "~/.aws/credentials": `[base]\naws_access_key_id = ${OTHER_KEY}\naws_secret_access_key = s\n`,
    },
    expect: { source: "AssumeRoleProvider", assumeRoles: [ROLE, ROLE2] },
  },

  // ── configuration sources (terraform backendConfigOverrideBody) ────────────────────────────
  "-backend-config file sets the profile": {
    backendConfig: ["env/backend.hcl"],
    files: { "env/backend.hcl": `profile = "terraform"\n`, "~/.aws/credentials": defaultAndTeam },
    expect: { accessKeyId: mask(TEAM_KEY), profile: "terraform (backend)" },
  },
  "-backend-config key=value beats an earlier file": {
    backendConfig: ["env/backend.hcl", "profile=default"],
    files: { "env/backend.hcl": `profile = "terraform"\n`, "~/.aws/credentials": defaultAndTeam },
    expect: { accessKeyId: mask(DEFAULT_KEY), profile: "default (backend)" },
  },
  "dynamodb_table: tfwhy's info note, not a Terraform warning (1.11.4 prints none)": {
    backend: `dynamodb_table = "locks"`,
    env: ENV_KEYS,
    expect: { status: "resolved", infos: ["attribute-deprecated"] },
  },
  "top-level role_arn was removed in 1.10: Terraform fails": {
    backend: `role_arn = "${ROLE}"`,
    env: ENV_KEYS,
    expect: { status: "resolved", terraformError: "Unsupported argument", diagnostics: ["attribute-removed"] },
  },
  "an unknown attribute is Terraform's Unsupported argument": {
    backend: `profil = "terraform"`,
    env: ENV_KEYS,
    expect: { terraformError: "Unsupported argument", diagnostics: ["attribute-unsupported"] },
  },
  "an unknown attribute in the block is ignored when any -backend-config is given": {
    backend: `profil = "terraform"`,
    backendConfig: ["encrypt=true"],
    env: ENV_KEYS,
    expect: { terraformError: null, diagnostics: ["attribute-unsupported"] },
  },
  "a removed attribute in the block is ignored when -backend-config is given": {
    backend: `role_arn = "${ROLE}"`,
    backendConfig: [""],
    env: ENV_KEYS,
    expect: { terraformError: null, assumeRoles: [] },
  },
  "an unknown attribute in a -backend-config file fails": {
    backendConfig: ["extra.hcl"],
    files: { "extra.hcl": `profil = "terraform"\n` },
    env: ENV_KEYS,
    expect: { terraformError: "Unsupported argument" },
  },
  "bucket missing: Missing Required Value": {
    bare: true,
    backend: `key = "k"\nregion = "us-east-1"`,
    env: ENV_KEYS,
    expect: { terraformError: "Missing Required Value", diagnostics: ["attribute-required"] },
  },
  "the .terraform cache differs from the configuration": {
    backend: `profile = "terraform"`,
    files: {
      "~/.aws/credentials": defaultAndTeam,
      ".terraform/terraform.tfstate": JSON.stringify({
        version: 3,
        backend: { type: "s3", config: { bucket: "b", key: "k", region: "us-east-1", profile: "default" }, hash: 1 },
      }),
    },
    expect: { profile: "terraform (backend)", diagnostics: ["backend-cache-drift"] },
  },
  "shared_config_files and shared_credentials_files both set": {
    backend: `shared_config_files = ["/team/config"]\nshared_credentials_files = ["/team/credentials"]\nprofile = "team"`,
    files: {
      "/team/config": `[profile team]\nrole_arn = ${ROLE}\nsource_profile = base\n`,
      "/team/credentials": `[base]\naws_access_key_id = ${OTHER_KEY}\naws_secret_access_key = s\n`,
      "~/.aws/credentials": defaultAndTeam,
    },
    expect: { source: "AssumeRoleProvider", assumeRoles: [ROLE] },
  },
  "assume_role duration under 15 minutes: Invalid Duration": {
    backend: `assume_role = { role_arn = "${ROLE}", duration = "5m" }`,
    env: ENV_KEYS,
    expect: { terraformError: "Invalid Duration", diagnostics: ["backend-value-invalid"] },
  },
  "assume_role duration of one hour is fine": {
    backend: `assume_role = { role_arn = "${ROLE}", duration = "1h" }`,
    env: ENV_KEYS,
    expect: { terraformError: null, assumeRoles: [ROLE] },
  },
  "assume_role session_name too short: Invalid Value Length": {
    backend: `assume_role = { role_arn = "${ROLE}", session_name = "a" }`,
    env: ENV_KEYS,
    expect: { terraformError: "Invalid Value Length" },
  },
  "assume_role session_name with a space: Invalid Value": {
    backend: `assume_role = { role_arn = "${ROLE}", session_name = "a b" }`,
    env: ENV_KEYS,
    expect: { terraformError: "Invalid Value" },
  },
  "assume_role role_arn that is not an ARN: Invalid ARN": {
    backend: `assume_role = { role_arn = "terraform" }`,
    env: ENV_KEYS,
    expect: { terraformError: "Invalid ARN" },
  },
  "assume_role policy that is not JSON: Invalid JSON Document": {
    backend: `assume_role = { role_arn = "${ROLE}", policy = "{nope" }`,
    env: ENV_KEYS,
    expect: { terraformError: "Invalid JSON Document" },
  },
  "kms_key_id that is not a key id: Invalid KMS Key ID": {
    backend: `encrypt = true\nkms_key_id = "my-key"`,
    env: ENV_KEYS,
    expect: { terraformError: "Invalid KMS Key ID" },
  },
  "kms_key_id alias is fine": {
    backend: `encrypt = true\nkms_key_id = "alias/terraform"`,
    env: ENV_KEYS,
    expect: { terraformError: null },
  },
  "workspace_key_prefix with a trailing slash: Invalid Value": {
    backend: `workspace_key_prefix = "envs/"`,
    env: ENV_KEYS,
    expect: { terraformError: "Invalid Value" },
  },
  "empty bucket: Invalid Value": {
    bare: true,
    backend: `bucket = ""\nkey = "k"\nregion = "us-east-1"`,
    env: ENV_KEYS,
    expect: { terraformError: "Invalid Value" },
  },
  "an SSE-C key that is not 44 characters of base64: Invalid sse_customer_key value": {
    backend: `encrypt = true\nsse_customer_key = "short"`,
    env: ENV_KEYS,
    expect: { status: "resolved", terraformError: "Invalid sse_customer_key value" },
  },
  "a valid SSE-C key is fine": {
    backend: `encrypt = true\nsse_customer_key = "MDEyMzQ1Njc4OTAxMjM0NTY3ODkwMTIzNDU2Nzg5MDE="`,
    env: ENV_KEYS,
    expect: { terraformError: null },
  },
  "AWS_SSE_CUSTOMER_KEY with kms_key_id: Invalid encryption configuration": {
    backend: `encrypt = true\nkms_key_id = "alias/terraform"`,
    env: { ...ENV_KEYS, AWS_SSE_CUSTOMER_KEY: "abc" },
    expect: { terraformError: "Invalid encryption configuration" },
  },
  "credentials fail before the SSE-C key is checked": {
    backend: `sse_customer_key = "short"\nskip_metadata_api_check = true`,
    expect: { terraformError: "No valid credential sources found" },
  },
  "the seed story: provider block credentials are ignored, [default] is used": {
    backendConfig: ["env/backend.hcl"],
    bare: true,
    backend: "",
    files: {
      "providers.tf": `provider "aws" {\n  region  = "eu-west-1"\n  profile = "terraform"\n  assume_role {\n    role_arn = "arn:aws:iam::111111111111:role/terraform-access-role"\n  }\n}\n`,
      "env/backend.hcl": `bucket = "team-tfstate"\nkey = "app/terraform.tfstate"\nregion = "eu-west-1"\ndynamodb_table = "tf-locks"\n`,
      "~/.aws/credentials": defaultAndTeam,
    },
    expect: {
      source: "SharedConfigCredentials",
      accessKeyId: mask(DEFAULT_KEY),
      profile: "default (default)",
      diagnostics: ["provider-credentials-ignored", "default-profile-used-while-others-exist"],
    },
  },
  "a deliberate split: the backend names its own profile, the provider another (info, no fix that undoes it)": {
    backend: 'profile = "terraform"',
    files: {
      "providers.tf": 'provider "aws" {\n  region  = "eu-west-1"\n  profile = "default"\n}\n',
      "~/.aws/credentials": defaultAndTeam,
    },
    expect: { source: "SharedConfigCredentials", accessKeyId: mask(TEAM_KEY), infos: ["provider-credentials-ignored"] },
  },
  "a deliberate split: the backend's own assume_role, the provider's another role (info)": {
    backend: `assume_role = { role_arn = "${ROLE2}" }`,
    env: ENV_KEYS,
    files: {
      "providers.tf": `provider "aws" {\n  region = "eu-west-1"\n  assume_role {\n    role_arn = "${ROLE}"\n  }\n}\n`,
    },
    expect: { assumeRoles: [ROLE2], infos: ["provider-credentials-ignored"] },
  },
};
