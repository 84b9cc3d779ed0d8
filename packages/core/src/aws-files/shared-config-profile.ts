import { NestingTooDeepError } from "../errors.js";
import type { Location } from "../location.js";
import { goParseInt64 } from "./go-strconv.js";
import { goTrimSpace } from "./ini.js";
import {
  ACCESS_KEY_ID,
  SECRET_ACCESS_KEY,
  SERVICES_PREFIX,
  SESSION_TOKEN,
  SSO_SECTION_PREFIX,
} from "./shared-config-keys.js";
import type {
  ClearedKey,
  LocatedValue,
  ProfileResolution,
  SharedConfigProfile,
  SharedConfigSection,
  SharedConfigSet,
  SharedConfigSsoSession,
} from "./shared-config-types.js";

// The profile half of aws-sdk-go-v2 config v1.29.4 LoadSharedConfigProfile (config/shared_config.go):
// setFromIniSections, setFromIniSection and their validations.
import { VALUE_CHECKS } from "./shared-config-value-checks.js";
import { hasLegacySsoConfiguration } from "./sso-validation.js";

/**
 * How many `source_profile` hops tfwhy follows. Go has no limit (a cycle ends at the first revisited profile), but each
 * hop is an sts:AssumeRole call at run time and a step of the explanation: real chains have two or three.
 */
export const MAX_SOURCE_PROFILE_HOPS = 100;

/**
 * Resolves one profile as Go `setFromIniSections` does, following source_profile links (with Go's visited set,
 * so self-references and cycles end the way Go ends them) and running its load-time validations.
 * @throws NestingTooDeepError when the chain of distinct profiles is longer than {@link MAX_SOURCE_PROFILE_HOPS}.
 */
export function resolveSharedConfigProfile(set: SharedConfigSet, profileName: string): ProfileResolution {
  if (set.failure) return { state: "error", ...set.failure };
  const result = setFromIniSections(new Set(), profileName, set.sections, set.fileNames);
  if (result.ok) return { state: "found", profile: result.profile };
  if (result.notExist) return { state: "not-found", name: profileName };
  return { state: "error", message: result.message, at: result.at, crash: false };
}

/** Returns the names a profile lookup can find (sso-session and services sections excluded), sorted. */
export function listProfileNames(set: SharedConfigSet): string[] {
  return [...set.sections.keys()]
    .filter((name) => name !== "" && !name.startsWith(SSO_SECTION_PREFIX) && !name.startsWith(SERVICES_PREFIX))
    .sort();
}

/** Absolute path → the file as the Go SDK was given it (SharedConfigSet.fileNames). */
type FileNames = ReadonlyMap<string, string>;

function goName(fileNames: FileNames, path: string): string {
  return fileNames.get(path) ?? path;
}

type Draft = { -readonly [K in keyof SharedConfigProfile]: SharedConfigProfile[K] } & { clearedKeys: ClearedKey[] };

type Resolved =
  | { readonly ok: true; readonly profile: Draft }
  | { readonly ok: false; readonly notExist: boolean; readonly message: string; readonly at: Location | null };

function failed(message: string, at: Location | null): Resolved {
  return { ok: false, notExist: false, message, at };
}

// Go (*SharedConfig).setFromIniSections. `visited` is Go's `profiles` map, shared across the whole chain.
function setFromIniSections(
  visited: Set<string>,
  name: string,
  sections: ReadonlyMap<string, SharedConfigSection>,
  fileNames: FileNames,
): Resolved {
  const section = sections.get(name);
  if (!section) return { ok: false, notExist: true, message: `failed to get shared config profile, ${name}`, at: null };

  const loaded = setFromIniSection(name, section, fileNames);
  if (!loaded.ok) return failed(`error fetching config from profile, ${name}, ${loaded.message}`, loaded.at);
  const profile = loaded.profile;

  if (visited.has(name)) {
    // Second time in the chain: role options are only valid on the first reference (Go clearAssumeRoleOptions).
    clear(
      profile,
      ["roleArn", "externalId", "mfaSerial", "roleSessionName", "sourceProfileName"],
      "revisited-in-chain",
    );
  } else {
    const requiresArn = validateCredentialsRequireArn(profile);
    if (requiresArn) return requiresArn;
  }

  // A linked profile with static keys ends the chain here; its own role_arn is kept (and so assumed).
  if (visited.size !== 0 && profile.credentials) return { ok: true, profile };

  visited.add(name);

  const typeError = validateCredentialType(profile);
  if (typeError) return typeError;

  if (profile.sourceProfileName) {
    // The source profile must provide the credentials: this profile's own credential options are ignored.
    clear(
      profile,
      [
        "credentialSource",
        "credentialProcess",
        "webIdentityTokenFile",
        "credentials",
        "ssoAccountId",
        "ssoRegion",
        "ssoRoleName",
        "ssoStartUrl",
      ],
      "linked-source-profile",
    );
    const sourceName = profile.sourceProfileName.value;
    const roleArn = profile.roleArn?.value ?? "";
    // Go follows any number of distinct profiles; tfwhy stops at MAX_SOURCE_PROFILE_HOPS (`visited` holds the chain
    // so far).
    if (visited.size > MAX_SOURCE_PROFILE_HOPS) {
      throw new NestingTooDeepError("source_profile chain", MAX_SOURCE_PROFILE_HOPS, profile.sourceProfileName.at);
    }
    const source = setFromIniSections(visited, sourceName, sections, fileNames);
    if (!source.ok) {
      if (!source.notExist) return source;
      // SharedConfigAssumeRoleError wrapping SharedConfigProfileNotExistError
      return failed(
        `failed to load assume role ${roleArn}, of profile ${sourceName}, ${source.message}`,
        profile.sourceProfileName.at,
      );
    }
    if (!hasCredentials(source.profile)) {
      // SharedConfigAssumeRoleError with a nil Err: Go prints "<nil>".
      return failed(
        `failed to load assume role ${roleArn}, of profile ${sourceName}, <nil>`,
        source.profile.sections[0] ?? null,
      );
    }
    profile.source = source.profile;
  }

  // The sso-session section must exist (looked up by the trimmed name); its completeness is checked later.
  if (profile.ssoSessionName) {
    const sessionName = profile.ssoSessionName.value;
    const session = sections.get(SSO_SECTION_PREFIX + goTrimSpace(sessionName));
    if (!session) return failed(`failed to find SSO session section, ${sessionName}`, profile.ssoSessionName.at);
    const ssoSession: { -readonly [K in keyof SharedConfigSsoSession]: SharedConfigSsoSession[K] } = {
      name: sessionName,
      at: session.headers[0] ?? profile.ssoSessionName.at,
    };
    const ssoRegion = nonEmpty(session, "sso_region");
    if (ssoRegion) ssoSession.ssoRegion = ssoRegion;
    const ssoStartUrl = nonEmpty(session, "sso_start_url");
    if (ssoStartUrl) ssoSession.ssoStartUrl = ssoStartUrl;
    profile.ssoSession = ssoSession;
  }

  return { ok: true, profile };
}

// Go (*SharedConfig).setFromIniSection: reads the keys and runs the value checks that fail loading.
function setFromIniSection(
  name: string,
  section: SharedConfigSection,
  fileNames: FileNames,
): { ok: true; profile: Draft } | { ok: false; message: string; at: Location | null } {
  if (section.name.length === 0) {
    const sources = [...new Set([...section.values.values()].map((v) => goName(fileNames, v.at.path)))];
    return {
      ok: false,
      message: `parsing error : could not find profile section name after processing files: [${sources.join(" ")}]`,
      at: null,
    };
  }
  const lastError = section.errors.at(-1);
  if (lastError) {
    // Go overwrites errStatement in its loop, so only the last error survives, numbered by its position.
    return {
      ok: false,
      message: `Error using profile: \n ${section.errors.length}, ${lastError.message}\n`,
      at: lastError.at,
    };
  }
  for (const check of VALUE_CHECKS) {
    const value = section.values.get(check.key);
    if (!value) continue;
    const problem = check.problem(value.value);
    if (problem !== null)
      return { ok: false, message: `failed to load ${check.key} from shared config, ${problem}`, at: value.at };
  }

  const profile: Draft = { name, sections: section.headers, values: section.values, clearedKeys: [] };
  const fields: ReadonlyArray<readonly [StringField, string]> = [
    ["roleArn", "role_arn"],
    ["externalId", "external_id"],
    ["mfaSerial", "mfa_serial"],
    ["roleSessionName", "role_session_name"],
    ["sourceProfileName", "source_profile"],
    ["credentialSource", "credential_source"],
    ["region", "region"],
    ["ssoSessionName", "sso_session"],
    ["ssoRegion", "sso_region"],
    ["ssoStartUrl", "sso_start_url"],
    ["ssoAccountId", "sso_account_id"],
    ["ssoRoleName", "sso_role_name"],
    ["credentialProcess", "credential_process"],
    ["webIdentityTokenFile", "web_identity_token_file"],
    ["ec2MetadataServiceEndpointMode", "ec2_metadata_service_endpoint_mode"],
    ["ec2MetadataServiceEndpoint", "ec2_metadata_service_endpoint"],
    ["ec2MetadataV1Disabled", "ec2_metadata_v1_disabled"],
  ];
  for (const [field, key] of fields) {
    const value = nonEmpty(section, key);
    if (value) profile[field] = value;
  }

  // Go keeps a quirk: a non-numeric duration_seconds becomes a zero duration (which then is not applied).
  const duration = nonEmpty(section, "duration_seconds");
  if (duration) profile.durationSeconds = { ...duration, seconds: Number(goParseInt64(duration.value) ?? 0n) };

  const accessKeyId = nonEmpty(section, ACCESS_KEY_ID);
  const secretAccessKey = nonEmpty(section, SECRET_ACCESS_KEY);
  if (accessKeyId && secretAccessKey) {
    const sessionToken = nonEmpty(section, SESSION_TOKEN);
    // Go Credentials.Source: `SharedConfigCredentials: ` + the key's SourceFile, the file name as the SDK got it.
    const base = { accessKeyId, secretAccessKey, file: goName(fileNames, accessKeyId.at.path) };
    profile.credentials = sessionToken ? { ...base, sessionToken } : base;
  }
  return { ok: true, profile };
}

type StringField = {
  [K in keyof SharedConfigProfile]-?: NonNullable<SharedConfigProfile[K]> extends LocatedValue
    ? LocatedValue extends NonNullable<SharedConfigProfile[K]>
      ? K
      : never
    : never;
}[keyof SharedConfigProfile];

// Go validateCredentialsRequireARN: the first of source_profile, credential_source, web_identity_token_file needs
// role_arn.
function validateCredentialsRequireArn(profile: Draft): Resolved | null {
  const credentialKey = profile.sourceProfileName
    ? (["source_profile", profile.sourceProfileName] as const)
    : profile.credentialSource
      ? (["credential_source", profile.credentialSource] as const)
      : profile.webIdentityTokenFile
        ? (["web_identity_token_file", profile.webIdentityTokenFile] as const)
        : null;
  if (!credentialKey || profile.roleArn) return null;
  return failed(`credential type ${credentialKey[0]} requires role_arn, profile ${profile.name}`, credentialKey[1].at);
}

// Go validateCredentialType: at most one of these four (static keys and SSO are not part of it in v1.29.4).
function validateCredentialType(profile: Draft): Resolved | null {
  const kinds = [
    profile.sourceProfileName,
    profile.credentialSource,
    profile.credentialProcess,
    profile.webIdentityTokenFile,
  ].filter((value): value is LocatedValue => value !== undefined);
  if (kinds.length <= 1) return null;
  const message =
    "only one credential type may be specified per profile: " +
    "source profile, credential source, credential process, web identity token";
  return failed(message, kinds[1]?.at ?? null);
}

// Go hasCredentials
function hasCredentials(profile: SharedConfigProfile): boolean {
  return Boolean(
    profile.sourceProfileName ||
      profile.credentialSource ||
      profile.credentialProcess ||
      profile.webIdentityTokenFile ||
      profile.ssoSessionName ||
      hasLegacySsoConfiguration(profile) ||
      profile.credentials,
  );
}

const FIELD_KEYS: Readonly<Record<string, string>> = {
  roleArn: "role_arn",
  externalId: "external_id",
  mfaSerial: "mfa_serial",
  roleSessionName: "role_session_name",
  sourceProfileName: "source_profile",
  credentialSource: "credential_source",
  credentialProcess: "credential_process",
  webIdentityTokenFile: "web_identity_token_file",
  ssoAccountId: "sso_account_id",
  ssoRegion: "sso_region",
  ssoRoleName: "sso_role_name",
  ssoStartUrl: "sso_start_url",
};

function clear(profile: Draft, fields: ReadonlyArray<StringField | "credentials">, reason: ClearedKey["reason"]): void {
  for (const field of fields) {
    if (field === "credentials") {
      const credentials = profile.credentials;
      if (!credentials) continue;
      profile.clearedKeys.push({ key: ACCESS_KEY_ID, at: credentials.accessKeyId.at, reason });
      profile.clearedKeys.push({ key: SECRET_ACCESS_KEY, at: credentials.secretAccessKey.at, reason });
      if (credentials.sessionToken)
        profile.clearedKeys.push({ key: SESSION_TOKEN, at: credentials.sessionToken.at, reason });
      delete profile.credentials;
      continue;
    }
    const value = profile[field];
    if (!value) continue;
    profile.clearedKeys.push({ key: FIELD_KEYS[field] ?? field, at: value.at, reason });
    delete profile[field];
  }
}

function nonEmpty(section: SharedConfigSection, key: string): LocatedValue | undefined {
  const value = section.values.get(key);
  return value && value.value.length > 0 ? { value: value.value, at: value.at } : undefined;
}
