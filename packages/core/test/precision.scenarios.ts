/**
 * The precision corpus: realistic setups, and exactly which diagnostics fire at warning or error severity on each.
 * A warning is something a person would act on; a deliberate choice (a backend/provider split, aws-vault keys, a
 * refreshable SSO token) is at most info.
 */
export interface CorpusSetup {
  /** The module's main.tf (the backend block and any provider blocks). */
  readonly mainTf: string;
  /** Files by path: `~/…` under home, relative under the module directory. */
  readonly files?: Readonly<Record<string, string>>;
  readonly env?: Readonly<Record<string, string>>;
  readonly backendConfig?: readonly string[];
  /** Codes at warning or error severity, sorted: exactly these and no others. */
  readonly actionable: readonly string[];
  /** Codes that must be present as info. */
  readonly infos?: readonly string[];
}

const backend = (...lines: string[]) =>
  `terraform {\n  backend "s3" {\n${lines.map((l) => `    ${l}`).join("\n")}\n  }\n}\n`;
const STATE = ['bucket = "acme-state"', 'key = "app/terraform.tfstate"', 'region = "eu-west-1"'];
const provider = (...lines: string[]) => `\nprovider "aws" {\n${lines.map((l) => `  ${l}`).join("\n")}\n}\n`;

const KEY = (tag: string) => `AKIA${tag.padEnd(12, "0")}0001`;
const TEAM_CREDS = `[default]\naws_access_key_id = ${KEY("PERSONAL")}\naws_secret_access_key = default-secret\n\n[dev]\naws_access_key_id = ${KEY("DEV")}\naws_secret_access_key = profile-secret\n\n[ops]\naws_access_key_id = ${KEY("OPS")}\naws_secret_access_key = profile-secret\n`;
const DEV_OPS_CREDS = `[dev]\naws_access_key_id = ${KEY("DEV")}\naws_secret_access_key = profile-secret\n\n[ops]\naws_access_key_id = ${KEY("OPS")}\naws_secret_access_key = profile-secret\n`;
const ROLE = "arn:aws:iam::111111111111:role/terraform";
const ROLE_CONFIG = `[profile deploy]\nrole_arn = ${ROLE}\nsource_profile = dev\nregion = eu-west-1\n`;
const SSO_CONFIG = `[profile sso]\nsso_session = corp\nsso_account_id = 111111111111\nsso_role_name = Admin\nregion = eu-west-1\n\n[sso-session corp]\nsso_region = eu-west-1\nsso_start_url = https://corp.awsapps.com/start\n`;
const SSO_CACHE = "~/.aws/sso/cache/ee0bfd2552fbd840c02cc48b6e823320543c450f.json";
const ssoToken = (expiresAt: string, refreshable: boolean) =>
  JSON.stringify({
    accessToken: "sso-access-token",
    expiresAt,
    ...(refreshable ? { refreshToken: "r", clientId: "c", clientSecret: "s" } : {}),
  });
const ENV_KEYS = { AWS_ACCESS_KEY_ID: KEY("CI"), AWS_SECRET_ACCESS_KEY: "env-secret" };
const SESSION_KEYS = { ...ENV_KEYS, AWS_SESSION_TOKEN: "session-secret" };
const NO_IMDS = { AWS_EC2_METADATA_DISABLED: "true" };

export const corpus: Record<string, CorpusSetup> = {
  "seed before the fix: [default] used, the provider's profile and role ignored": {
    mainTf:
      backend() +
      provider('region = "eu-west-1"', 'profile = "terraform-access"', `assume_role {`, `  role_arn = "${ROLE}"`, "}"),
    backendConfig: ["env/backend.hcl"],
    files: {
      "env/backend.hcl": `${STATE.join("\n")}\ndynamodb_table = "terraform-locks"\nencrypt = true\n`,
      "~/.aws/config": `[default]\nregion = us-east-1\n\n[profile terraform]\nrole_arn = ${ROLE}\nsource_profile = terraform-access\n`,
      "~/.aws/credentials": `[default]\naws_access_key_id = ${KEY("PERSONAL")}\naws_secret_access_key = default-secret\n\n[terraform-access]\naws_access_key_id = ${KEY("TEAM")}\naws_secret_access_key = team-secret\n`,
    },
    actionable: ["default-profile-used-while-others-exist", "provider-credentials-ignored"],
    infos: ["attribute-deprecated"],
  },
  "seed after the fix: profile terraform assumes the provider's role": {
    mainTf:
      backend() +
      provider('region = "eu-west-1"', 'profile = "terraform-access"', `assume_role {`, `  role_arn = "${ROLE}"`, "}"),
    backendConfig: ["env/backend.hcl"],
    files: {
      "env/backend.hcl": `${STATE.join("\n")}\ndynamodb_table = "terraform-locks"\nprofile = "terraform"\n`,
      "~/.aws/config": `[default]\nregion = us-east-1\n\n[profile terraform]\nrole_arn = ${ROLE}\nsource_profile = terraform-access\n`,
      "~/.aws/credentials": `[default]\naws_access_key_id = ${KEY("PERSONAL")}\naws_secret_access_key = default-secret\n\n[terraform-access]\naws_access_key_id = ${KEY("TEAM")}\naws_secret_access_key = team-secret\n`,
    },
    actionable: [],
  },
  "deliberate split: backend profile dev, provider profile ops": {
    mainTf: backend(...STATE, 'profile = "dev"') + provider('region = "eu-west-1"', 'profile = "ops"'),
    files: { "~/.aws/credentials": DEV_OPS_CREDS },
    actionable: [],
    infos: ["provider-credentials-ignored"],
  },
  "deliberate split: backend profile, provider assumes a deploy role": {
    mainTf:
      backend(...STATE, 'profile = "dev"') +
      provider('region = "eu-west-1"', "assume_role {", '  role_arn = "arn:aws:iam::222222222222:role/deploy"', "}"),
    files: { "~/.aws/credentials": DEV_OPS_CREDS },
    actionable: [],
    infos: ["provider-credentials-ignored"],
  },
  "deliberate split: backend assume_role, provider another role": {
    mainTf:
      backend(...STATE, `assume_role = { role_arn = "${ROLE}" }`) +
      provider("assume_role {", '  role_arn = "arn:aws:iam::222222222222:role/deploy"', "}"),
    env: ENV_KEYS,
    actionable: [],
    infos: ["provider-credentials-ignored"],
  },
  "CI with env keys, no ~/.aws": {
    mainTf: backend(...STATE, "use_lockfile = true") + provider('region = "eu-west-1"'),
    env: ENV_KEYS,
    actionable: [],
  },
  "CI with env session keys and AWS_REGION, partial backend via -backend-config": {
    mainTf: backend() + provider('region = "eu-west-1"'),
    backendConfig: ["backend/ci.tfbackend"],
    files: { "backend/ci.tfbackend": 'bucket = "acme-state"\nkey = "ci/terraform.tfstate"\nuse_lockfile = true\n' },
    env: { ...SESSION_KEYS, AWS_REGION: "eu-west-1" },
    actionable: [],
  },
  "CI with GitHub OIDC (AWS_ROLE_ARN + token file)": {
    mainTf: backend(...STATE, "use_lockfile = true"),
    files: { "/tmp/token": "eyJhbGciOiJSUzI1NiJ9.e30.sig" },
    env: { AWS_ROLE_ARN: ROLE, AWS_WEB_IDENTITY_TOKEN_FILE: "/tmp/token", AWS_REGION: "eu-west-1" },
    actionable: [],
  },
  "SSO user with a valid token (AWS_PROFILE)": {
    mainTf: backend(...STATE, "use_lockfile = true"),
    files: { "~/.aws/config": SSO_CONFIG, [SSO_CACHE]: ssoToken("2026-01-01T08:00:00Z", true) },
    env: { AWS_PROFILE: "sso" },
    actionable: [],
  },
  "SSO user whose access token expired but refreshes (sso-session)": {
    mainTf: backend(...STATE, "use_lockfile = true"),
    files: { "~/.aws/config": SSO_CONFIG, [SSO_CACHE]: ssoToken("2025-12-31T20:00:00Z", true) },
    env: { AWS_PROFILE: "sso" },
    actionable: [],
    infos: ["sso-token-expired"],
  },
  "SSO user with an expired token and no refresh token": {
    mainTf: backend(...STATE, "use_lockfile = true"),
    files: { "~/.aws/config": SSO_CONFIG, [SSO_CACHE]: ssoToken("2025-12-31T20:00:00Z", false) },
    env: { AWS_PROFILE: "sso" },
    actionable: ["sso-token-expired"],
  },
  "SSO profile named in the backend, provider the same profile": {
    mainTf: backend(...STATE, 'profile = "sso"', "use_lockfile = true") + provider('profile = "sso"'),
    files: { "~/.aws/config": SSO_CONFIG, [SSO_CACHE]: ssoToken("2026-01-01T08:00:00Z", true) },
    actionable: [],
  },
  "aws-vault exec dev: session keys in the environment, provider profile dev": {
    mainTf: backend(...STATE, "use_lockfile = true") + provider('region = "eu-west-1"', 'profile = "dev"'),
    files: { "~/.aws/config": `[profile dev]\nregion = eu-west-1\n` },
    env: { ...SESSION_KEYS, AWS_VAULT: "dev", AWS_REGION: "eu-west-1" },
    actionable: [],
  },
  "aws-vault exec dev: session keys, no provider profile": {
    mainTf: backend(...STATE, "use_lockfile = true") + provider('region = "eu-west-1"'),
    files: { "~/.aws/config": `[profile dev]\nregion = eu-west-1\n\n[profile ops]\nregion = eu-west-1\n` },
    env: { ...SESSION_KEYS, AWS_VAULT: "dev", AWS_REGION: "eu-west-1" },
    actionable: [],
  },
  "Granted assume ops: session keys and GRANTED_* vars, provider profile ops": {
    mainTf: backend(...STATE, "use_lockfile = true") + provider('profile = "ops"'),
    files: { "~/.aws/config": `[profile ops]\nregion = eu-west-1\n` },
    env: { ...SESSION_KEYS, GRANTED_AWS_ROLE_PROFILE: "ops", GRANTED_SSO: "false", AWS_REGION: "eu-west-1" },
    actionable: [],
  },
  "role profile named in the backend": {
    mainTf: backend(...STATE, 'profile = "deploy"', "use_lockfile = true"),
    files: { "~/.aws/config": ROLE_CONFIG, "~/.aws/credentials": DEV_OPS_CREDS },
    actionable: [],
  },
  "role profile through AWS_PROFILE, provider the same profile": {
    mainTf: backend(...STATE, "use_lockfile = true") + provider('profile = "deploy"'),
    files: { "~/.aws/config": ROLE_CONFIG, "~/.aws/credentials": DEV_OPS_CREDS },
    env: { AWS_PROFILE: "deploy" },
    actionable: [],
  },
  "credential_process profile": {
    mainTf: backend(...STATE, 'profile = "vault"', "use_lockfile = true"),
    files: { "~/.aws/config": "[profile vault]\ncredential_process = /usr/local/bin/creds --json\n" },
    actionable: [],
  },
  "several profiles, AWS_PROFILE picks one": {
    mainTf: backend(...STATE, "use_lockfile = true") + provider('region = "eu-west-1"'),
    files: { "~/.aws/credentials": TEAM_CREDS },
    env: { AWS_PROFILE: "ops" },
    actionable: [],
  },
  "several profiles, nothing names one: [default] is used": {
    mainTf: backend(...STATE, "use_lockfile = true"),
    files: { "~/.aws/credentials": TEAM_CREDS },
    actionable: ["default-profile-used-while-others-exist"],
  },
  "single [default] profile only": {
    mainTf: backend(...STATE, "use_lockfile = true"),
    files: {
      "~/.aws/credentials": `[default]\naws_access_key_id = ${KEY("ONLY")}\naws_secret_access_key = default-secret\n`,
    },
    actionable: [],
  },
  "no locking configured (a person should add use_lockfile)": {
    mainTf: backend(...STATE),
    env: ENV_KEYS,
    actionable: [],
  },
  "dynamodb_table locking: tfwhy's note, not a warning": {
    mainTf: backend(...STATE, 'dynamodb_table = "locks"'),
    env: ENV_KEYS,
    actionable: [],
    infos: ["attribute-deprecated"],
  },
  "no credentials anywhere off EC2": {
    mainTf: backend(...STATE, "use_lockfile = true"),
    env: NO_IMDS,
    actionable: [],
  },
  "provider profile only, backend falls back to env keys (a real mistake)": {
    mainTf: backend(...STATE, "use_lockfile = true") + provider('profile = "ops"'),
    files: { "~/.aws/credentials": DEV_OPS_CREDS },
    env: ENV_KEYS,
    actionable: ["provider-credentials-ignored"],
  },
  "missing region, provider says eu-west-1, [default] says us-east-1": {
    mainTf: backend('bucket = "acme-state"', 'key = "k"', "use_lockfile = true") + provider('region = "eu-west-1"'),
    files: { "~/.aws/config": "[default]\nregion = us-east-1\n", "~/.aws/credentials": TEAM_CREDS },
    actionable: ["default-profile-used-while-others-exist", "region-only-in-profile"],
  },
  "partial backend with env/prod.hcl on disk, none given": {
    mainTf: backend('region = "eu-west-1"'),
    files: { "env/prod.hcl": 'bucket = "acme-state"\nkey = "prod/terraform.tfstate"\n' },
    env: ENV_KEYS,
    actionable: ["attribute-required", "attribute-required"],
  },
};
