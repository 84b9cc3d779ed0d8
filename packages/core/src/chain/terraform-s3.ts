import { createHash } from "node:crypto";
import { nearestName, validateSsoConfiguration } from "../aws-files/shared-config.js";
import { parseSsoToken } from "../aws-files/sso-cache.js";
import type { BackendView } from "../backend/backend-view.js";
import { envEvidence, profileKeyEvidence } from "../evidence.js";
import { formatLocation, type Location } from "../location.js";
import { maskAccessKeyId } from "../redact.js";
import type { CredentialsAnswer, CredentialsSourceName, Evidence, StepId } from "../trace.js";
import type { World } from "../world/world.js";
import type { BaseCredentialPlan, CredentialPlan, RoleHop } from "./plan.js";
import { describeProfileOrigin, type ProfileName, resolveProfileName } from "./profile-name.js";
import type { ChainProfile, ProfileCatalog } from "./profile-types.js";
import { TraceBuilder } from "./trace-builder.js";

type Env = Readonly<Record<string, string | undefined>>;

export interface ChainInput {
  readonly backend: BackendView;
  readonly env: Env;
  readonly profiles: ProfileCatalog;
  /** For reading SSO caches and web-identity token files; and the clock for token expiry. */
  readonly world: World;
  /** Terraform's path expansion for paths it reads itself ($VAR, then ~). */
  readonly expandPath: (path: string) => string;
}

export interface ChainOutcome {
  readonly steps: TraceBuilder["steps"];
  readonly diagnostics: TraceBuilder["diagnostics"];
  readonly credentials: CredentialsAnswer;
  readonly profileName: ProfileName;
  /** The profile the SDK chain loaded (also when it did not provide the credentials), for region diagnostics. */
  readonly profile: ChainProfile | null;
  /** How to obtain the chosen credentials at run time (secrets in memory only); null when Terraform fails. */
  readonly plan: CredentialPlan | null;
}

/** Terraform's summary lines (aws-sdk-go-base errors.go, Terraform backend diagnostics). */
const NO_VALID_CREDENTIALS = "No valid credential sources found";
const STATIC_EMPTY = "retrieving credentials: static credentials are empty";

interface Failure {
  readonly code: string;
  readonly message: string;
  readonly terraformError: string;
}

/** The base credentials a branch ended with, before any role layer. */
interface Base {
  readonly source: CredentialsSourceName;
  readonly accessKeyId: string | null;
  readonly sourceFile: string | null;
  /** Profile role_arn hops assumed on top, innermost first. */
  readonly profileRoles: RoleHop[];
  /** How verify obtains the base credentials at run time. */
  readonly plan: BaseCredentialPlan;
}

/**
 * Walks the credential chain of Terraform 1.11's S3 backend: aws-sdk-go-base `GetAwsConfig` /
 * `getCredentialsProvider` around aws-sdk-go-v2 `config.resolveCredentialChain` and `resolveCredsFromProfile`,
 * then the backend's own `assume_role_with_web_identity` and `assume_role`. Every source Terraform would look at
 * becomes a step, in the order Terraform looks at it.
 */
export async function walkTerraformChain(input: ChainInput): Promise<ChainOutcome> {
  return new ChainWalk(input).run();
}

class ChainWalk {
  private readonly t = new TraceBuilder();
  private readonly backend: BackendView;
  private readonly env: Env;
  private readonly profileName: ProfileName;
  private loadedProfile: ChainProfile | null = null;
  private plan: CredentialPlan | null = null;

  constructor(private readonly input: ChainInput) {
    this.backend = input.backend;
    this.env = input.env;
    this.profileName = resolveProfileName(input.backend, input.env);
  }

  async run(): Promise<ChainOutcome> {
    const staticAttributes = ["access_key", "secret_key", "token"].filter((name) => this.backend.has(name));
    const base = staticAttributes.length > 0 ? this.staticBranch(staticAttributes) : await this.chainBranch();
    this.markRemainingUnreached(isFailure(base) ? "failed" : "provided");
    if (isFailure(base)) return this.outcome(this.failed(base));

    const webIdentity = await this.backendWebIdentity(staticAttributes.length > 0);
    if (webIdentity && isFailure(webIdentity)) return this.outcome(this.failed(webIdentity));
    const effectiveBase = webIdentity ?? base;
    const backendRole = this.backendAssumeRole();
    const hops = [...effectiveBase.profileRoles, ...(backendRole ? [backendRole] : [])];
    this.plan = { base: effectiveBase.plan, roles: hops };
    this.diagnoseDefaultProfile(effectiveBase);
    // `Retrieved credentials` logs the assume-role provider's source when a backend assume_role sits on a chain
    // source, but the static provider's when it sits on backend keys (checked against Terraform 1.11.4).
    const source = backendRole && staticAttributes.length === 0 ? "AssumeRoleProvider" : effectiveBase.source;
    return this.outcome({
      status: "resolved",
      source,
      sourceFile: effectiveBase.sourceFile,
      accessKeyId: hops.length > 0 ? null : effectiveBase.accessKeyId,
      profile: this.profileInvolved(effectiveBase),
      assumeRoles: hops.map((hop) => hop.roleArn),
    });
  }

  private failed(error: Failure): CredentialsAnswer {
    const profile =
      this.profileName.from === "default" && !this.loadedProfile
        ? null
        : { name: this.profileName.name, from: this.profileName.from };
    return { status: "failed", source: null, sourceFile: null, accessKeyId: null, profile, assumeRoles: [], error };
  }

  private outcome(credentials: CredentialsAnswer): ChainOutcome {
    return {
      steps: this.t.steps,
      diagnostics: this.t.diagnostics,
      credentials,
      profileName: this.profileName,
      profile: this.loadedProfile,
      plan: this.plan,
    };
  }

  // ── Step 1: backend access_key / secret_key / token ────────────────────────────────────────────────────────

  /**
   * Any of the three attributes selects a StaticCredentialsProvider and bypasses the SDK chain entirely
   * (aws-sdk-go-base GetAwsConfig static branch). Shared config is still loaded (LoadDefaultConfig), so a missing
   * backend/AWS_PROFILE profile still fails, prefixed `loading configuration: `.
   */
  private staticBranch(attributes: string[]): Base | Failure {
    const b = this.backend;
    const evidence = attributes.map((name) => b.evidence(name));
    const loadFailure = this.loadProfile("loading configuration: ");
    const title = "Backend access_key / secret_key";
    if (loadFailure) {
      this.t.unreached(
        "backend.static",
        title,
        "profile",
        "failed",
        "shared-config-failed-first",
        `Terraform fails while loading the shared config, before it uses the backend's keys.`,
        evidence,
      );
      return loadFailure;
    }
    this.markChainBypassed(attributes);
    if (!b.has("access_key") || !b.has("secret_key")) {
      const missing = ["access_key", "secret_key"].filter((n) => !b.has(n));
      const message = `The backend sets ${attributes.join(", ")} but not ${missing.join(" or ")}; static credentials need both, and Terraform never completes them from the environment.`;
      this.t.error("backend.static", title, "backend-static-keys-partial", message, evidence);
      this.t.diagnose(
        "partial-backend-static-keys",
        "error",
        message,
        b.at(attributes[0]!),
        `Set both access_key and secret_key, or remove ${attributes.join(", ")} from the backend so the credential chain (profile, environment) is used.`,
      );
      return { code: "backend-static-keys-partial", message, terraformError: STATIC_EMPTY };
    }
    const accessKeyId = maskAccessKeyId(b.string("access_key")!);
    this.t.picked(
      "backend.static",
      title,
      "backend-static-keys",
      `access_key and secret_key are set in the backend (${b.describe("access_key")}); Terraform uses them and ignores every other source.`,
      evidence,
      { source: "StaticCredentials", accessKeyId },
    );
    this.t.diagnose(
      "backend-static-keys-bypass-chain",
      "info",
      `access_key/secret_key in the backend (${b.describe("access_key")}) bypass the environment, profiles and web identity. They are also written to .terraform/terraform.tfstate and plan files.`,
      b.at("access_key"),
      "Prefer a profile or environment variables over keys in the backend configuration.",
    );
    return {
      source: "StaticCredentials",
      accessKeyId,
      sourceFile: null,
      profileRoles: [],
      plan: staticPlan(b.string("access_key")!, b.string("secret_key")!, b.string("token")),
    };
  }

  /** Records the SDK-chain sources as unreached because backend static keys won. */
  private markChainBypassed(attributes: string[]): void {
    const because: StepId = "backend.static";
    const why = `Backend ${attributes.join("/")} bypass the SDK credential chain.`;
    const envKeys = this.envKeys();
    this.t.unreached(
      "env.static",
      "Environment keys",
      because,
      envKeys ? "provided" : "skipped",
      "bypassed-by-backend-static-keys",
      why,
      this.envKeyEvidence(),
    );
    if (this.env.AWS_WEB_IDENTITY_TOKEN_FILE) {
      this.t.unreached(
        "env.web-identity",
        "Environment web identity",
        because,
        "provided",
        "bypassed-by-backend-static-keys",
        why,
        [envEvidence(this.env, "AWS_WEB_IDENTITY_TOKEN_FILE")],
      );
    }
    const profile = this.loadedProfile;
    if (profile) {
      this.t.unreached(
        "profile",
        `Profile "${profile.name}"`,
        because,
        "unknown",
        "bypassed-by-backend-static-keys",
        why,
        profile.sections.slice(0, 1).map((at) => profileSectionEvidence(profile, at)),
      );
    }
    if (envKeys && this.env.AWS_SESSION_TOKEN && !this.backend.has("token")) {
      this.t.diagnose(
        "backend-static-keys-bypass-chain",
        "warning",
        "AWS_SESSION_TOKEN is set but ignored: with static keys in the backend, the session token comes only from the backend's token attribute.",
        this.backend.at("access_key"),
        "Set token in the backend too, or remove the keys from the backend and let the environment keys be used.",
      );
    }
  }

  // ── Step 2: the SDK chain (config.resolveCredentialChain) ───────────────────────────────────────────────────

  private async chainBranch(): Promise<Base | Failure> {
    this.t.skipped(
      "backend.static",
      "Backend access_key / secret_key",
      "backend-static-keys-absent",
      "The backend sets none of access_key, secret_key and token, so Terraform runs the SDK credential chain.",
    );
    const loadFailure = this.loadProfile("");
    if (loadFailure) return loadFailure;
    const name = this.profileName;

    // resolveCredentialChain `case sharedProfileSet:` only a programmatic profile (the backend attribute) counts;
    // AWS_PROFILE from the environment does not (getAWSConfigSources → "other" sources only).
    if (name.from === "backend") {
      const envKeys = this.envKeys();
      const why = `The backend sets profile = "${name.name}" (${this.backend.describe("profile")}), which the Go SDK resolves before environment credentials.`;
      this.t.unreached(
        "env.static",
        "Environment keys",
        "profile",
        envKeys ? "provided" : "skipped",
        "shadowed-by-backend-profile",
        why,
        this.envKeyEvidence(),
      );
      if (envKeys) {
        this.t.diagnose(
          "env-keys-shadowed-by-backend-profile",
          "warning",
          `AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY are set but ignored: the backend's profile = "${name.name}" (${this.backend.describe("profile")}) takes precedence. Terraform builds a "Configuration conflict" warning for this and then discards it.`,
          this.backend.at("profile"),
          "Unset the environment keys, or remove profile from the backend if the environment keys are the ones to use.",
        );
      }
      if (this.env.AWS_WEB_IDENTITY_TOKEN_FILE) {
        this.t.unreached(
          "env.web-identity",
          "Environment web identity",
          "profile",
          "provided",
          "shadowed-by-backend-profile",
          why,
          [envEvidence(this.env, "AWS_WEB_IDENTITY_TOKEN_FILE")],
        );
      }
      return this.resolveFromProfile(this.loadedProfile!, []);
    }

    // `case envConfig.Credentials.HasKeys():` both keys non-empty (AWS_ACCESS_KEY_ID|AWS_ACCESS_KEY, AWS_SECRET_ACCESS_KEY|AWS_SECRET_KEY).
    const envKeys = this.envKeys();
    if (envKeys) {
      const accessKeyId = maskAccessKeyId(envKeys.accessKeyId);
      this.t.picked(
        "env.static",
        "Environment keys",
        "env-keys-set",
        `${envKeys.accessKeyVar} and ${envKeys.secretVar} are both set${this.env.AWS_SESSION_TOKEN ? " (with AWS_SESSION_TOKEN)" : ""}.`,
        this.envKeyEvidence(),
        { source: "EnvConfigCredentials", accessKeyId },
      );
      this.diagnoseQuotedEnv([envKeys.accessKeyVar, envKeys.secretVar]);
      this.markProfileUnreached(
        "env.static",
        "Environment keys win over every profile, including AWS_PROFILE, in the Go SDK.",
      );
      if (name.from === "AWS_PROFILE" || name.from === "AWS_DEFAULT_PROFILE") {
        this.t.diagnose(
          "aws-profile-shadowed-by-env-credentials",
          "warning",
          `${name.from}=${name.name} is set but ignored: environment keys (${envKeys.accessKeyVar}, ${accessKeyId}) win over it in Terraform's Go SDK (the AWS CLI and JS SDK would use the profile).`,
          null,
          `Set profile = "${name.name}" in the backend configuration (it beats environment keys), or unset ${envKeys.accessKeyVar}/${envKeys.secretVar}.`,
        );
      }
      return {
        source: "EnvConfigCredentials",
        accessKeyId,
        sourceFile: null,
        profileRoles: [],
        plan: this.envStaticPlan(),
      };
    }
    this.skipEnvKeys();

    // `case len(envConfig.WebIdentityTokenFilePath) > 0:` env web identity, before any profile.
    const tokenFile = this.env.AWS_WEB_IDENTITY_TOKEN_FILE;
    if (tokenFile) return this.envWebIdentity(tokenFile);
    this.t.skipped(
      "env.web-identity",
      "Environment web identity",
      "env-web-identity-unset",
      "AWS_WEB_IDENTITY_TOKEN_FILE is not set.",
      [envEvidence(this.env, "AWS_WEB_IDENTITY_TOKEN_FILE")],
    );

    // `default:` resolveCredsFromProfile with the loaded profile, or an empty one when it was silently not found.
    return this.resolveFromProfile(this.loadedProfile ?? emptyProfile(name.name), []);
  }

  /**
   * Loads the selected profile like LoadDefaultConfig does. A missing profile is fatal only when strict;
   * every other load error (validation, partial keys) is fatal in any branch.
   */
  private loadProfile(prefix: string): Failure | null {
    const name = this.profileName;
    const resolution = this.input.profiles.resolve(name.name);
    const title = `Profile "${name.name}"`;
    if (resolution.state === "found") {
      this.loadedProfile = resolution.profile;
      return null;
    }
    if (resolution.state === "error") {
      const where = resolution.at ? ` (${formatLocation(resolution.at)})` : "";
      const message = resolution.crash
        ? `Terraform crashes while reading the shared files${where}: a value that is a lone quote character makes the Go INI parser panic.`
        : `Profile "${name.name}" cannot be loaded${where}: ${resolution.message}`;
      this.t.error(
        "profile",
        title,
        resolution.crash ? "shared-file-crash" : "profile-invalid",
        message,
        resolution.at ? [profileLocationEvidence(name.name, resolution.at)] : [],
      );
      this.t.diagnose(
        resolution.crash ? "shared-file-crash" : "profile-invalid",
        "error",
        message,
        resolution.at,
        resolution.crash
          ? "Remove the lone quote or quote the whole value."
          : `Fix profile "${name.name}" as the message says.`,
      );
      return { code: "profile-invalid", message, terraformError: `${prefix}${resolution.message}` };
    }
    if (!name.strict) {
      if (name.from === "AWS_DEFAULT_PROFILE") {
        this.t.diagnose(
          "default-profile-env-ignored",
          "warning",
          `AWS_DEFAULT_PROFILE=${name.name} names a profile that does not exist; Terraform silently ignores it and falls through to the remaining sources.${this.suggestion(name.name)}`,
          null,
          `Create profile "${name.name}", fix the name, or use AWS_PROFILE (which fails loudly when the profile is missing).`,
        );
      }
      return null;
    }
    const available = this.input.profiles.names();
    const message = `Profile "${name.name}" (from ${describeProfileOrigin(name)}) exists in no shared config or credentials file.${available.length ? ` Available: ${available.join(", ")}.` : " No profiles are defined."}${this.suggestion(name.name)}`;
    this.t.error(
      "profile",
      title,
      "profile-not-found",
      message,
      name.from === "backend" ? [this.backend.evidence("profile")] : [envEvidence(this.env, "AWS_PROFILE")],
    );
    this.t.diagnose(
      "profile-not-found",
      "error",
      message,
      name.at,
      this.nearest(name.name)
        ? `Use profile "${this.nearest(name.name)}", or add a [profile ${name.name}] section.`
        : `Add a [profile ${name.name}] section to ~/.aws/config or [${name.name}] to ~/.aws/credentials.`,
    );
    return {
      code: "profile-not-found",
      message,
      terraformError: `${prefix}failed to get shared config profile, ${name.name}`,
    };
  }

  private suggestion(name: string): string {
    const nearest = this.nearest(name);
    return nearest ? ` Did you mean "${nearest}"?` : "";
  }

  private nearest(name: string): string | undefined {
    return nearestName(name, this.input.profiles.names()) ?? undefined;
  }

  private async envWebIdentity(tokenFile: string): Promise<Base | Failure> {
    const evidence = [
      envEvidence(this.env, "AWS_WEB_IDENTITY_TOKEN_FILE"),
      envEvidence(this.env, "AWS_ROLE_ARN"),
      envEvidence(this.env, "AWS_ROLE_SESSION_NAME"),
    ];
    const title = "Environment web identity";
    const roleArn = this.env.AWS_ROLE_ARN;
    if (!roleArn) {
      const message =
        "AWS_WEB_IDENTITY_TOKEN_FILE is set but AWS_ROLE_ARN is not; the Go SDK stops here instead of falling through to profiles.";
      this.t.error("env.web-identity", title, "env-web-identity-role-missing", message, evidence);
      this.markProfileUnreached("env.web-identity", "Environment web identity is chosen before any profile.");
      return { code: "env-web-identity-role-missing", message, terraformError: "role ARN is not set" };
    }
    this.markProfileUnreached(
      "env.web-identity",
      "Environment web identity is chosen before any profile, including AWS_PROFILE.",
    );
    if (this.profileName.from === "AWS_PROFILE") {
      this.t.diagnose(
        "aws-profile-shadowed-by-env-credentials",
        "warning",
        `AWS_PROFILE=${this.profileName.name} is set but ignored: AWS_WEB_IDENTITY_TOKEN_FILE wins over it in Terraform's Go SDK.`,
        null,
        `Set profile = "${this.profileName.name}" in the backend configuration, or unset AWS_WEB_IDENTITY_TOKEN_FILE.`,
      );
    }
    // The token file is read at Retrieve time, unexpanded (stscreds.IdentityTokenFile).
    const read = await this.input.world.fs.readText(absolute(tokenFile, this.input.world.cwd));
    if (read.state !== "found") {
      const message = `AWS_WEB_IDENTITY_TOKEN_FILE=${tokenFile} is ${read.state === "missing" ? "missing" : "unreadable"}; Terraform fails when it reads the token.`;
      this.t.error("env.web-identity", title, "web-identity-token-file-missing", message, evidence);
      return { code: "web-identity-token-file-missing", message, terraformError: NO_VALID_CREDENTIALS };
    }
    this.t.picked(
      "env.web-identity",
      title,
      "env-web-identity",
      `AWS_WEB_IDENTITY_TOKEN_FILE and AWS_ROLE_ARN are set: Terraform calls sts:AssumeRoleWithWebIdentity for ${roleArn}.`,
      evidence,
      { source: "WebIdentityCredentials", accessKeyId: null },
      { roleArn },
    );
    return {
      source: "WebIdentityCredentials",
      accessKeyId: null,
      sourceFile: null,
      profileRoles: [],
      plan: {
        kind: "web-identity",
        roleArn,
        tokenFile: absolute(tokenFile, this.input.world.cwd),
        token: read.text.trim(),
        ...optional("sessionName", this.env.AWS_ROLE_SESSION_NAME),
        fromBackend: false,
      },
    };
  }

  // ── resolveCredsFromProfile ──────────────────────────────────────────────────────────────────────────────────

  /**
   * Mirrors config.resolveCredsFromProfile: the first matching arm gives the base credentials, then the
   * profile's role_arn (if any) is assumed on top of them — also on a profile that has its own keys.
   */
  private async resolveFromProfile(profile: ChainProfile, chain: string[]): Promise<Base | Failure> {
    const hops = [...chain, profile.name];
    const title = `Profile "${hops[0]}"`;
    const origin = describeProfileOrigin(this.profileName);
    const intro =
      hops.length === 1
        ? `Profile "${profile.name}" (from ${origin})`
        : `Source profile "${profile.name}" (via ${hops
            .slice(0, -1)
            .map((h) => `"${h}"`)
            .join(" → ")})`;
    const extras = hops.length > 1 ? { profileChain: hops } : {};
    let base: Base | Failure;

    if (profile.source) {
      base = await this.resolveFromProfile(profile.source, hops);
    } else if (profile.credentials) {
      const c = profile.credentials;
      const accessKeyId = maskAccessKeyId(c.accessKeyId.value);
      this.t.picked(
        "profile",
        title,
        "profile-static-keys",
        `${intro} has aws_access_key_id at ${formatLocation(c.accessKeyId.at)}.`,
        [
          profileKeyEvidence(profile.name, "aws_access_key_id", c.accessKeyId.value, c.accessKeyId.at),
          profileKeyEvidence(profile.name, "aws_secret_access_key", "", c.secretAccessKey.at),
        ],
        { source: "SharedConfigCredentials", accessKeyId },
        extras,
      );
      base = {
        source: "SharedConfigCredentials",
        accessKeyId,
        sourceFile: c.file,
        profileRoles: [],
        plan: staticPlan(c.accessKeyId.value, c.secretAccessKey.value, c.sessionToken?.value),
      };
    } else if (profile.credentialSource) {
      base = this.credentialSource(profile, title, intro, extras);
    } else if (profile.webIdentityTokenFile) {
      // Web identity returns directly: the profile's role_arn is the web-identity role, not a layer on top.
      return this.profileWebIdentity(profile, title, intro, extras);
    } else if (hasSso(profile)) {
      base = await this.sso(profile, title, intro, extras);
    } else if (profile.credentialProcess) {
      const p = profile.credentialProcess;
      this.t.picked(
        "profile",
        title,
        "profile-credential-process",
        `${intro} runs credential_process (${formatLocation(p.at)}); its output is only known at run time.`,
        [profileKeyEvidence(profile.name, "credential_process", p.value, p.at)],
        { source: "ProcessProvider", accessKeyId: null },
        extras,
      );
      this.t.diagnose(
        "credential-process-not-run",
        "info",
        `credential_process of profile "${profile.name}" is not executed by explain; verify runs it.`,
        p.at,
        null,
      );
      base = {
        source: "ProcessProvider",
        accessKeyId: null,
        sourceFile: null,
        profileRoles: [],
        plan: { kind: "process", command: p.value },
      };
    } else {
      if (this.loadedProfile && hops.length === 1) {
        const found = this.loadedProfile.sections.length > 0;
        this.t.skipped(
          "profile",
          title,
          found ? "profile-has-no-credentials" : "profile-absent",
          found
            ? `${intro} exists but holds no credentials; the Go SDK falls through to the container endpoint or IMDS.`
            : `${intro} does not exist; the Go SDK ignores that and falls through.`,
          profile.sections.slice(0, 1).map((at) => profileSectionEvidence(profile, at)),
        );
      } else if (hops.length === 1) {
        this.t.skipped(
          "profile",
          title,
          "profile-absent",
          `${intro} does not exist; the Go SDK ignores that and falls through.`,
        );
      }
      base = this.containerOrImds(profile.sections.length > 0 ? `${intro} holds no credentials` : `no profile applies`);
    }
    if (isFailure(base)) return base;

    if (profile.roleArn) {
      const role = profile.roleArn;
      if (profile.mfaSerial) {
        const message = `Profile "${profile.name}" sets mfa_serial (${formatLocation(profile.mfaSerial.at)}): Terraform cannot prompt for an MFA code, so this role can never be assumed by the S3 backend.`;
        this.t.error(
          "profile.role-arn",
          `role_arn of "${profile.name}"`,
          "mfa-serial-unsupported",
          message,
          [profileKeyEvidence(profile.name, "mfa_serial", profile.mfaSerial.value, profile.mfaSerial.at)],
          { roleArn: role.value },
        );
        this.t.diagnose(
          "mfa-serial-unsupported",
          "error",
          message,
          profile.mfaSerial.at,
          "Get MFA-backed session credentials first (aws-vault, granted, `aws sts get-session-token`) and export them, or use a credential_process that handles MFA.",
        );
        return {
          code: "mfa-serial-unsupported",
          message,
          terraformError: "assume role with MFA enabled, but AssumeRoleTokenProvider session option not set.",
        };
      }
      this.t.applied(
        "profile.role-arn",
        `role_arn of "${profile.name}"`,
        "profile-role-arn",
        `Profile "${profile.name}" sets role_arn (${formatLocation(role.at)}): the Go SDK assumes it on top of the credentials above${profile.credentials ? " (even though the profile has its own keys)" : ""}.`,
        [profileKeyEvidence(profile.name, "role_arn", role.value, role.at)],
        role.value,
      );
      return {
        source: "AssumeRoleProvider",
        accessKeyId: null,
        sourceFile: null,
        profileRoles: [...base.profileRoles, profileRoleHop(profile)],
        plan: base.plan,
      };
    }
    return base;
  }

  /** credential_source (config.resolveCredsFromSource). */
  private credentialSource(profile: ChainProfile, title: string, intro: string, extras: object): Base | Failure {
    const cs = profile.credentialSource!;
    const evidence = [profileKeyEvidence(profile.name, "credential_source", cs.value, cs.at)];
    switch (cs.value) {
      case "Environment": {
        const keys = this.envKeys();
        if (!keys) {
          const message = `${intro} uses credential_source = Environment (${formatLocation(cs.at)}) but AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY are not both set.`;
          this.t.error(
            "profile",
            title,
            "credential-source-environment-empty",
            message,
            [...evidence, ...this.envKeyEvidence()],
            extras,
          );
          return { code: "credential-source-environment-empty", message, terraformError: NO_VALID_CREDENTIALS };
        }
        const accessKeyId = maskAccessKeyId(keys.accessKeyId);
        this.t.picked(
          "profile",
          title,
          "credential-source-environment",
          `${intro} takes its base keys from the environment (credential_source = Environment).`,
          [...evidence, ...this.envKeyEvidence()],
          { source: "EnvConfigCredentials", accessKeyId },
          extras,
        );
        return {
          source: "EnvConfigCredentials",
          accessKeyId,
          sourceFile: null,
          profileRoles: [],
          plan: this.envStaticPlan(),
        };
      }
      case "Ec2InstanceMetadata":
        return this.imds(
          `${intro} uses credential_source = Ec2InstanceMetadata (${formatLocation(cs.at)})`,
          "profile",
          title,
          evidence,
        );
      case "EcsContainer": {
        if (!this.env.AWS_CONTAINER_CREDENTIALS_RELATIVE_URI && !this.env.AWS_CONTAINER_CREDENTIALS_FULL_URI) {
          const goMessage =
            "EcsContainer was specified as the credential_source, but neither 'AWS_CONTAINER_CREDENTIALS_RELATIVE_URI' or AWS_CONTAINER_CREDENTIALS_FULL_URI' was set";
          const message = `${intro} uses credential_source = EcsContainer but no container credentials variable is set.`;
          this.t.error("profile", title, "credential-source-container-unset", message, evidence, extras);
          return { code: "credential-source-container-unset", message, terraformError: goMessage };
        }
        return this.container(`${intro} uses credential_source = EcsContainer`, "profile", title);
      }
      default: {
        const message = `${intro} has credential_source = ${cs.value} (${formatLocation(cs.at)}); only Environment, Ec2InstanceMetadata and EcsContainer are valid.`;
        this.t.error("profile", title, "credential-source-invalid", message, evidence, extras);
        return {
          code: "credential-source-invalid",
          message,
          terraformError: "credential_source values must be EcsContainer, Ec2InstanceMetadata, or Environment",
        };
      }
    }
  }

  private async profileWebIdentity(
    profile: ChainProfile,
    title: string,
    intro: string,
    extras: object,
  ): Promise<Base | Failure> {
    const file = profile.webIdentityTokenFile!;
    const evidence = [profileKeyEvidence(profile.name, "web_identity_token_file", file.value, file.at)];
    const read = await this.input.world.fs.readText(absolute(file.value, this.input.world.cwd));
    if (read.state !== "found") {
      const message = `${intro} reads its web identity token from ${file.value} (${formatLocation(file.at)}), which is ${read.state}.`;
      this.t.error("profile", title, "web-identity-token-file-missing", message, evidence, extras);
      return { code: "web-identity-token-file-missing", message, terraformError: NO_VALID_CREDENTIALS };
    }
    this.t.picked(
      "profile",
      title,
      "profile-web-identity",
      `${intro} assumes ${profile.roleArn?.value ?? "its role_arn"} with the web identity token in ${file.value}.`,
      evidence,
      { source: "WebIdentityCredentials", accessKeyId: null },
      { ...extras, ...(profile.roleArn ? { roleArn: profile.roleArn.value } : {}) },
    );
    return {
      source: "WebIdentityCredentials",
      accessKeyId: null,
      sourceFile: null,
      profileRoles: [],
      plan: {
        kind: "web-identity",
        roleArn: profile.roleArn?.value ?? "",
        tokenFile: absolute(file.value, this.input.world.cwd),
        token: read.text.trim(),
        ...optional("sessionName", profile.roleSessionName?.value),
        fromBackend: false,
      },
    };
  }

  /**
   * SSO (config.resolveSSOCredentials, credentials/ssocreds): the token cache is
   * `~/.aws/sso/cache/<sha1(session name | start URL)>.json`; the sso-session form can refresh an expired token.
   */
  private async sso(profile: ChainProfile, title: string, intro: string, extras: object): Promise<Base | Failure> {
    // resolveSSOCredentials validates first; its error surfaces from LoadDefaultConfig.
    const invalid = validateSsoConfiguration(profile);
    if (invalid) {
      const message = `${intro} is configured for SSO but incomplete: ${invalid.message}.`;
      this.t.error(
        "profile",
        title,
        "sso-configuration-incomplete",
        message,
        invalid.at ? [profileLocationEvidence(profile.name, invalid.at)] : [],
        extras,
      );
      return { code: "sso-configuration-incomplete", message, terraformError: invalid.message };
    }
    const sessionForm = profile.ssoSession !== undefined || profile.ssoSessionName !== undefined;
    const cacheKey = sessionForm
      ? (profile.ssoSession?.name ?? profile.ssoSessionName!.value)
      : (profile.ssoStartUrl?.value ?? "");
    const cachePath = `${this.input.world.homeDir}/.aws/sso/cache/${createHash("sha1").update(cacheKey).digest("hex")}.json`;
    const displayCache = `~/.aws/sso/cache/${createHash("sha1").update(cacheKey).digest("hex")}.json`;
    const located = sessionForm ? (profile.ssoSessionName ?? null) : (profile.ssoStartUrl ?? null);
    const evidence: Evidence[] = located
      ? [profileKeyEvidence(profile.name, sessionForm ? "sso_session" : "sso_start_url", located.value, located.at)]
      : [];
    const login = sessionForm ? `aws sso login --sso-session ${cacheKey}` : `aws sso login --profile ${profile.name}`;
    const read = await this.input.world.fs.readText(cachePath);
    evidence.push({ kind: "file", path: displayCache, state: read.state });
    if (read.state !== "found") {
      const message = `${intro} uses SSO but its token cache ${displayCache} is ${read.state}.`;
      this.t.error("profile", title, "sso-token-missing", message, evidence, extras);
      this.t.diagnose("sso-token-missing", "error", message, located?.at ?? null, `Run \`${login}\`.`);
      return { code: "sso-token-missing", message, terraformError: NO_VALID_CREDENTIALS };
    }
    const token = parseSsoToken(read.text);
    const now = this.input.world.clock.now();
    if (!token?.accessToken || !token.expiresAt || token.expiresAt.getTime() <= now.getTime()) {
      const canRefresh = sessionForm && token?.refreshToken && token.clientId && token.clientSecret;
      const when = token?.expiresAt ? ` at ${token.expiresAt.toISOString()}` : "";
      if (!canRefresh) {
        const message = `${intro} uses SSO; the cached token ${displayCache} expired${when}${sessionForm ? " and cannot be refreshed" : " (the legacy SSO form never refreshes)"}.`;
        this.t.error("profile", title, "sso-token-expired", message, evidence, extras);
        this.t.diagnose("sso-token-expired", "error", message, located?.at ?? null, `Run \`${login}\`.`);
        return { code: "sso-token-expired", message, terraformError: NO_VALID_CREDENTIALS };
      }
      this.t.diagnose(
        "sso-token-expired",
        "warning",
        `The cached SSO token ${displayCache} expired${when}; Terraform will try to refresh it with the cached refresh token.`,
        located?.at ?? null,
        `If the refresh fails, run \`${login}\`.`,
      );
    }
    this.t.picked(
      "profile",
      title,
      "profile-sso",
      `${intro} uses SSO (${sessionForm ? `sso_session ${cacheKey}` : "legacy sso_start_url"}); the cached token is valid${token?.expiresAt ? ` until ${token.expiresAt.toISOString()}` : ""}, and role credentials are fetched at run time.`,
      evidence,
      { source: "SSOProvider", accessKeyId: null },
      extras,
    );
    return {
      source: "SSOProvider",
      accessKeyId: null,
      sourceFile: null,
      profileRoles: [],
      plan: {
        kind: "sso",
        cacheFile: cachePath,
        token,
        ssoRegion: profile.ssoSession?.ssoRegion?.value ?? profile.ssoRegion?.value ?? "",
        accountId: profile.ssoAccountId?.value ?? "",
        roleName: profile.ssoRoleName?.value ?? "",
      },
    };
  }

  /** Arms C7–C9: container endpoint (RELATIVE before FULL since config v1.27.34), else IMDS. */
  private containerOrImds(why: string): Base | Failure {
    if (this.env.AWS_CONTAINER_CREDENTIALS_RELATIVE_URI || this.env.AWS_CONTAINER_CREDENTIALS_FULL_URI) {
      return this.container(why, "container", "Container credentials endpoint");
    }
    this.t.skipped(
      "container",
      "Container credentials endpoint",
      "container-unset",
      "AWS_CONTAINER_CREDENTIALS_RELATIVE_URI and _FULL_URI are not set.",
      [
        envEvidence(this.env, "AWS_CONTAINER_CREDENTIALS_RELATIVE_URI"),
        envEvidence(this.env, "AWS_CONTAINER_CREDENTIALS_FULL_URI"),
      ],
    );
    return this.imds(why, "imds", "EC2 instance metadata (IMDS)", []);
  }

  private container(why: string, id: StepId, title: string): Base | Failure {
    const relative = this.env.AWS_CONTAINER_CREDENTIALS_RELATIVE_URI;
    const full = this.env.AWS_CONTAINER_CREDENTIALS_FULL_URI;
    const evidence = [
      envEvidence(this.env, "AWS_CONTAINER_CREDENTIALS_RELATIVE_URI"),
      envEvidence(this.env, "AWS_CONTAINER_CREDENTIALS_FULL_URI"),
    ];
    if (!relative && full) {
      const host = hostOf(full);
      if (host !== null && full.startsWith("http:") && !isAllowedContainerHost(host)) {
        const message = `AWS_CONTAINER_CREDENTIALS_FULL_URI=${full} uses plain http to ${host}; the Go SDK allows http only to loopback, ECS or EKS hosts.`;
        this.t.error(id, title, "container-host-not-allowed", message, evidence);
        return {
          code: "container-host-not-allowed",
          message,
          terraformError: `invalid endpoint host, "${host}", only loopback/ecs/eks hosts are allowed`,
        };
      }
    }
    const endpoint = relative ? `http://169.254.170.2${relative}` : full!;
    this.t.picked(
      id,
      title,
      "container-endpoint",
      `${why}: credentials come from the container endpoint ${endpoint}.`,
      evidence,
      { source: "CredentialsEndpointProvider", accessKeyId: null },
    );
    return {
      source: "CredentialsEndpointProvider",
      accessKeyId: null,
      sourceFile: null,
      profileRoles: [],
      plan: this.containerPlan(endpoint),
    };
  }

  /** IMDS enable state: skip_metadata_api_check, then AWS_EC2_METADATA_DISABLED (true/false, case-insensitive), else on. */
  private imds(why: string, id: StepId, title: string, extraEvidence: readonly Evidence[]): Base | Failure {
    const skip = this.backend.bool("skip_metadata_api_check");
    const envValue = this.env.AWS_EC2_METADATA_DISABLED?.toLowerCase();
    const evidence: Evidence[] = [...extraEvidence];
    if (skip !== undefined) evidence.push(this.backend.evidence("skip_metadata_api_check"));
    evidence.push(envEvidence(this.env, "AWS_EC2_METADATA_DISABLED"));
    const disabledBy =
      skip === true
        ? `skip_metadata_api_check = true (${this.backend.describe("skip_metadata_api_check")})`
        : skip === undefined && envValue === "true"
          ? "AWS_EC2_METADATA_DISABLED=true"
          : null;
    if (disabledBy) {
      const message = `${why}, and IMDS is disabled by ${disabledBy}: no source is left.`;
      this.t.error(id, title, "imds-disabled", message, evidence);
      return { code: "no-credential-source", message, terraformError: NO_VALID_CREDENTIALS };
    }
    const endpoint =
      this.backend.string("ec2_metadata_service_endpoint") ??
      this.env.AWS_EC2_METADATA_SERVICE_ENDPOINT ??
      this.env.AWS_METADATA_URL ??
      "http://169.254.169.254";
    const reenabled =
      skip === false && envValue === "true"
        ? " (skip_metadata_api_check = false overrides AWS_EC2_METADATA_DISABLED=true)"
        : "";
    this.t.picked(
      id,
      title,
      "imds-fallback",
      `${why}: Terraform asks the EC2 instance metadata service at ${endpoint}${reenabled}; this only works on EC2 or with a reachable metadata endpoint.`,
      evidence,
      { source: "EC2RoleProvider", accessKeyId: null },
    );
    this.t.diagnose(
      "imds-fallback",
      "warning",
      `No configured source provides credentials: Terraform falls back to EC2 instance metadata (${endpoint}). Off EC2 it fails with "No valid credential sources found".`,
      null,
      'Name a profile in the backend configuration (profile = "…"), or export AWS_PROFILE or the AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY pair.',
    );
    return {
      source: "EC2RoleProvider",
      accessKeyId: null,
      sourceFile: null,
      profileRoles: [],
      plan: { kind: "imds", endpoint },
    };
  }

  // ── Backend role blocks ─────────────────────────────────────────────────────────────────────────────────────

  /**
   * `assume_role_with_web_identity` replaces the chain's credentials (getCredentialsProvider); it is read only in
   * the chain branch, so with backend static keys it is silently ignored.
   */
  private async backendWebIdentity(staticBranch: boolean): Promise<Base | Failure | null> {
    const block = this.backend.object("assume_role_with_web_identity");
    if (!block) return null;
    const title = "Backend assume_role_with_web_identity";
    const evidence = [this.backend.evidence("assume_role_with_web_identity")];
    const roleArn = typeof block.role_arn === "string" ? block.role_arn : "";
    if (staticBranch) {
      this.t.skipped(
        "backend.assume-role-with-web-identity",
        title,
        "ignored-with-backend-static-keys",
        "Backend static keys are set, so Terraform never reads assume_role_with_web_identity.",
        evidence,
      );
      this.t.diagnose(
        "assume-role-with-web-identity-ignored",
        "warning",
        `assume_role_with_web_identity (${this.backend.describe("assume_role_with_web_identity")}) is silently ignored because access_key/secret_key/token are set in the backend.`,
        this.backend.at("assume_role_with_web_identity"),
        "Remove the static keys from the backend, or remove the web identity block.",
      );
      return null;
    }
    const tokenFile = typeof block.web_identity_token_file === "string" ? block.web_identity_token_file : "";
    // The file is read here once; verify signs with what was read (the plan carries it).
    let fileToken = "";
    if (tokenFile && typeof block.web_identity_token !== "string") {
      const read = await this.input.world.fs.readText(absolute(this.input.expandPath(tokenFile), this.input.world.cwd));
      if (read.state === "found") fileToken = read.text.trim();
      else {
        const message = `assume_role_with_web_identity reads its token from ${tokenFile}, which is ${read.state}.`;
        this.t.error(
          "backend.assume-role-with-web-identity",
          title,
          "web-identity-token-file-missing",
          message,
          evidence,
          { roleArn },
        );
        return {
          code: "web-identity-token-file-missing",
          message,
          terraformError: "Cannot assume IAM Role with web identity",
        };
      }
    }
    this.t.picked(
      "backend.assume-role-with-web-identity",
      title,
      "backend-web-identity",
      `The backend's assume_role_with_web_identity (${this.backend.describe("assume_role_with_web_identity")}) replaces the credentials above: Terraform calls sts:AssumeRoleWithWebIdentity for ${roleArn}.`,
      evidence,
      { source: "WebIdentityCredentials", accessKeyId: null },
      { roleArn },
    );
    return {
      source: "WebIdentityCredentials",
      accessKeyId: null,
      sourceFile: null,
      profileRoles: [],
      plan: this.backendWebIdentityPlan(block, roleArn, tokenFile, fileToken),
    };
  }

  /** The backend's single `assume_role` object, assumed last (assumeRoleCredentialsProvider). */
  private backendAssumeRole(): RoleHop | null {
    const block = this.backend.object("assume_role");
    if (!block || typeof block.role_arn !== "string" || block.role_arn === "") return null;
    this.t.applied(
      "backend.assume-role",
      "Backend assume_role",
      "backend-assume-role",
      `The backend's assume_role (${this.backend.describe("assume_role")}) assumes ${block.role_arn} with the credentials above.`,
      [this.backend.evidence("assume_role")],
      block.role_arn,
    );
    return backendRoleHop(block);
  }

  private envStaticPlan(): BaseCredentialPlan {
    const keys = this.envKeys()!;
    return staticPlan(keys.accessKeyId, this.env[keys.secretVar]!, this.env.AWS_SESSION_TOKEN);
  }

  private containerPlan(url: string): BaseCredentialPlan {
    return {
      kind: "container",
      url,
      ...optional("authorizationToken", this.env.AWS_CONTAINER_AUTHORIZATION_TOKEN),
      ...optional("authorizationTokenFile", this.env.AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE),
    };
  }

  private backendWebIdentityPlan(
    block: { readonly [key: string]: unknown },
    roleArn: string,
    tokenFile: string,
    fileToken: string,
  ): BaseCredentialPlan {
    const literal = typeof block.web_identity_token === "string" ? block.web_identity_token : undefined;
    return {
      kind: "web-identity",
      roleArn,
      ...(literal
        ? { token: literal }
        : { token: fileToken, tokenFile: absolute(this.input.expandPath(tokenFile), this.input.world.cwd) }),
      ...optional("sessionName", typeof block.session_name === "string" ? block.session_name : undefined),
      fromBackend: true,
    };
  }

  // ── helpers ─────────────────────────────────────────────────────────────────────────────────────────────────

  private envKeys(): { accessKeyId: string; accessKeyVar: string; secretVar: string } | null {
    const accessKeyVar = this.env.AWS_ACCESS_KEY_ID
      ? "AWS_ACCESS_KEY_ID"
      : this.env.AWS_ACCESS_KEY
        ? "AWS_ACCESS_KEY"
        : null;
    const secretVar = this.env.AWS_SECRET_ACCESS_KEY
      ? "AWS_SECRET_ACCESS_KEY"
      : this.env.AWS_SECRET_KEY
        ? "AWS_SECRET_KEY"
        : null;
    if (!accessKeyVar || !secretVar) return null;
    return { accessKeyId: this.env[accessKeyVar]!, accessKeyVar, secretVar };
  }

  private envKeyEvidence(): Evidence[] {
    const names = ["AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY"];
    if (this.env.AWS_ACCESS_KEY) names.push("AWS_ACCESS_KEY");
    if (this.env.AWS_SECRET_KEY) names.push("AWS_SECRET_KEY");
    if (this.env.AWS_SESSION_TOKEN) names.push("AWS_SESSION_TOKEN");
    return names.map((n) => envEvidence(this.env, n));
  }

  private skipEnvKeys(): void {
    const access = this.env.AWS_ACCESS_KEY_ID || this.env.AWS_ACCESS_KEY;
    const secret = this.env.AWS_SECRET_ACCESS_KEY || this.env.AWS_SECRET_KEY;
    if (access || secret) {
      const set = access ? "an access key id" : "a secret key";
      const missing = access ? "AWS_SECRET_ACCESS_KEY" : "AWS_ACCESS_KEY_ID";
      const message = `Only ${set} is in the environment (${missing} is missing); the Go SDK ignores a partial pair.`;
      this.t.skipped("env.static", "Environment keys", "env-keys-partial", message, this.envKeyEvidence());
      this.t.diagnose("partial-env-keys", "warning", message, null, `Set ${missing} as well, or unset the other one.`);
      return;
    }
    this.t.skipped(
      "env.static",
      "Environment keys",
      "env-keys-unset",
      "AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY are not set.",
      this.envKeyEvidence(),
    );
  }

  /**
   * Every base source Terraform never got to, so the trace lists all of them: after the source that provided
   * credentials (or stopped Terraform), the rest of Go's order is unreached.
   */
  private markRemainingUnreached(how: "provided" | "failed"): void {
    const order: { id: StepId; title: string }[] = [
      { id: "env.static", title: "Environment keys" },
      { id: "env.web-identity", title: "Environment web identity" },
      { id: "profile", title: `Profile "${this.profileName.name}"` },
      { id: "container", title: "Container credentials endpoint" },
      { id: "imds", title: "EC2 instance metadata (IMDS)" },
    ];
    const decisive = [...this.t.steps].reverse().find((s) => s.outcome === "picked" || s.outcome === "error");
    if (!decisive) return;
    const seen = new Set(this.t.steps.map((s) => s.id));
    for (const { id, title } of order) {
      if (seen.has(id)) continue;
      const verb = how === "provided" ? "already provided the credentials" : "already stopped Terraform";
      this.t.unreached(
        id,
        title,
        decisive.id,
        "unknown",
        "earlier-source-decided",
        `${decisive.title} ${verb}; Terraform never looks here.`,
      );
    }
  }

  private markProfileUnreached(because: StepId, why: string): void {
    const profile = this.loadedProfile;
    const name = this.profileName;
    const wouldHave = profile ? (profileHasCredentials(profile) ? "provided" : "skipped") : "skipped";
    const evidence = profile ? profile.sections.slice(0, 1).map((at) => profileSectionEvidence(profile, at)) : [];
    this.t.unreached(
      "profile",
      `Profile "${name.name}"`,
      because,
      wouldHave,
      "profile-not-reached",
      `${why} Profile "${name.name}" (from ${describeProfileOrigin(name)}) is not used.`,
      evidence,
    );
  }

  private diagnoseQuotedEnv(names: string[]): void {
    for (const name of names) {
      const value = this.env[name] ?? "";
      if (/^["']|["']$/.test(value)) {
        this.t.diagnose(
          "env-value-quoted",
          "warning",
          `${name} starts or ends with a quote character; AWS will reject the key.`,
          null,
          `Export ${name} without quotes (e.g. use jq -r).`,
        );
      }
    }
  }

  private diagnoseDefaultProfile(base: Base): void {
    const name = this.profileName;
    const fromProfile =
      ["SharedConfigCredentials", "AssumeRoleProvider", "SSOProvider", "ProcessProvider"].includes(base.source) &&
      this.profileUsed;
    if (name.from !== "default" || !fromProfile) return;
    const others = this.input.profiles.names().filter((n) => n !== "default");
    if (others.length === 0) return;
    const at = this.loadedProfile?.credentials?.accessKeyId.at ?? this.loadedProfile?.sections[0] ?? null;
    this.t.diagnose(
      "default-profile-used-while-others-exist",
      "warning",
      `Terraform will use the [default] profile because neither the backend nor AWS_PROFILE names one, although other profiles exist (${others.join(", ")}).`,
      at,
      `If one of them was meant, add profile = "${others[0]}" (or the right one) to the backend configuration, or export AWS_PROFILE.`,
    );
  }

  private get profileUsed(): boolean {
    return (
      this.t.steps.some((s) => s.id === "profile" && s.outcome === "picked") ||
      this.t.steps.some((s) => s.id === "profile.role-arn")
    );
  }

  private profileInvolved(base: Base): CredentialsAnswer["profile"] {
    const name = this.profileName;
    if (this.profileUsed) return { name: name.name, from: name.from };
    if (name.from === "backend" && base.source !== "StaticCredentials") return { name: name.name, from: name.from };
    return null;
  }
}

function staticPlan(
  accessKeyId: string,
  secretAccessKey: string,
  sessionToken: string | undefined,
): BaseCredentialPlan {
  return { kind: "static", accessKeyId, secretAccessKey, ...optional("sessionToken", sessionToken) };
}

/** `{ key: value }` when value is a non-empty string, else `{}` (exactOptionalPropertyTypes-friendly). */
function optional<K extends string>(key: K, value: string | undefined): { [P in K]?: string } {
  return value ? ({ [key]: value } as { [P in K]?: string }) : {};
}

function profileRoleHop(profile: ChainProfile): RoleHop {
  const seconds = profile.durationSeconds?.seconds;
  return {
    roleArn: profile.roleArn!.value,
    via: "profile",
    ...optional("sessionName", profile.roleSessionName?.value),
    ...optional("externalId", profile.externalId?.value),
    // credsFromAssumeRole: applied only when duration/1min > 15 (integer division).
    ...(seconds && Math.floor(seconds / 60) > 15 ? { durationSeconds: seconds } : {}),
  };
}

function backendRoleHop(block: { readonly [key: string]: unknown }): RoleHop {
  const str = (k: string) => (typeof block[k] === "string" && block[k] !== "" ? (block[k] as string) : undefined);
  const strings = (k: string) =>
    Array.isArray(block[k]) ? (block[k] as unknown[]).filter((x): x is string => typeof x === "string") : undefined;
  const tags =
    block.tags && typeof block.tags === "object" && !Array.isArray(block.tags)
      ? (block.tags as Record<string, string>)
      : undefined;
  const duration = str("duration") ? parseGoDuration(str("duration")!) : undefined;
  return {
    roleArn: str("role_arn")!,
    via: "backend",
    ...optional("sessionName", str("session_name")),
    ...optional("externalId", str("external_id")),
    ...optional("policy", str("policy")?.trim()),
    ...optional("sourceIdentity", str("source_identity")),
    ...(duration ? { durationSeconds: duration } : {}),
    ...(strings("policy_arns")?.length ? { policyArns: strings("policy_arns")! } : {}),
    ...(tags ? { tags } : {}),
    ...(strings("transitive_tag_keys")?.length ? { transitiveTagKeys: strings("transitive_tag_keys")! } : {}),
  };
}

/** Go time.ParseDuration for the forms Terraform accepts here (`1h`, `90m`, `1h30m`, `3600s`); seconds. */
export function parseGoDuration(text: string): number | undefined {
  const units: Record<string, number> = { h: 3600, m: 60, s: 1, ms: 0.001 };
  let total = 0;
  const re = /(\d+(?:\.\d+)?)(ms|h|m|s)/gy;
  let consumed = 0;
  for (let match = re.exec(text); match !== null; match = re.exec(text)) {
    total += Number(match[1]) * units[match[2]!]!;
    consumed = re.lastIndex;
  }
  return consumed === text.length && consumed > 0 ? Math.floor(total) : undefined;
}

function isFailure(result: Base | Failure): result is Failure {
  return "terraformError" in result;
}

function hasSso(profile: ChainProfile): boolean {
  return Boolean(
    profile.ssoSessionName ||
      profile.ssoSession ||
      profile.ssoStartUrl ||
      profile.ssoRegion ||
      profile.ssoAccountId ||
      profile.ssoRoleName,
  );
}

function profileHasCredentials(profile: ChainProfile): boolean {
  return Boolean(
    profile.source ||
      profile.credentials ||
      profile.credentialSource ||
      profile.webIdentityTokenFile ||
      hasSso(profile) ||
      profile.credentialProcess,
  );
}

function emptyProfile(name: string): ChainProfile {
  return { name, sections: [], values: new Map(), clearedKeys: [] };
}

function profileSectionEvidence(profile: ChainProfile, at: Location): Evidence {
  return { kind: "profile-key", profile: profile.name, key: "[section]", at };
}

function profileLocationEvidence(profile: string, at: Location): Evidence {
  return { kind: "profile-key", profile, key: "[section]", at };
}

function absolute(path: string, cwd: string): string {
  return path.startsWith("/") ? path : `${cwd.replace(/\/$/, "")}/${path}`;
}

function hostOf(url: string): string | null {
  try {
    return new URL(url).hostname.replace(/^\[|\]$/g, "");
  } catch {
    return null;
  }
}

/** endpointcreds validateLocalURL: loopback, the ECS and EKS link-local hosts. */
function isAllowedContainerHost(host: string): boolean {
  if (host === "localhost" || host === "::1" || /^127\./.test(host)) return true;
  return ["169.254.170.2", "169.254.170.23", "fd00:ec2::23"].includes(host);
}
