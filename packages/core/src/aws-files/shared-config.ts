import { NestingTooDeepError } from "../errors.js";
import type { Location } from "../location.js";
import type { FileRead } from "../world/world.js";
import { goParseInt64 } from "./go-strconv.js";
import { goTrimSpace, type IniIgnoredLine, type IniSection, type IniValue, parseIni } from "./ini.js";

/**
 * Mirrors aws-sdk-go-v2 `config` v1.29.4 `shared_config.go` (Terraform 1.11.2+): which sections of the shared
 * config and credentials files survive, how files merge, and how one profile resolves (`LoadSharedConfigProfile`).
 * Error texts are Go's, byte for byte; most were checked against Terraform 1.11.4 itself.
 */

/** A string read from a shared file, with where. */
export interface LocatedValue {
  readonly value: string;
  readonly at: Location;
}

/** One shared file as the caller read it (through the World): `path` is absolute, `display` is for people. */
export interface SharedFileInput {
  readonly path: string;
  readonly display: string;
  readonly read: FileRead;
}

export interface SharedConfigSetInput {
  /** In Go's order: later files override earlier ones. */
  readonly configFiles: readonly SharedFileInput[];
  readonly credentialsFiles: readonly SharedFileInput[];
}

export type SharedFileKind = "config" | "credentials";

export interface SharedFileStatus {
  readonly kind: SharedFileKind;
  readonly path: string;
  readonly display: string;
  /**
   * loaded; missing and unreadable are skipped silently, as Go does (`ini.UnableToReadFile`); failed stops loading
   * (a directory, or a line that makes Go panic); not-read: after a failure, Go reads no further file.
   */
  readonly state: "loaded" | "missing" | "unreadable" | "failed" | "not-read";
  /** Why it is unreadable or failed. */
  readonly message?: string;
  /** Lines that contributed nothing (see IniIgnoredLineReason). */
  readonly ignoredLines: readonly IniIgnoredLine[];
}

/** A section after Go's merge (Go `ini.Section`). */
export interface SharedConfigSection {
  /** Go's name after processing: `default`, `x` (from `[profile x]`), `sso-session s`, `services s`. */
  readonly name: string;
  /** Every header that contributed, across files, in load order. */
  readonly headers: readonly Location[];
  readonly values: ReadonlyMap<string, IniValue>;
  /** Go `Section.Errors` (only `partial credentials found for profile …`); the last one is reported. */
  readonly errors: readonly LocatedMessage[];
}

export interface LocatedMessage {
  readonly message: string;
  readonly at: Location;
}

export type DroppedSectionReason =
  /** `[foo]` in a config file: Go keeps only `default`, `profile …`, `sso-session …` and `services …`. */
  | "config-section-without-profile-prefix"
  /** `[profile foo]` in a credentials file. */
  | "credentials-section-with-profile-prefix"
  /** `[default]` (or any section) discarded whole because `[profile default]` renames onto it. */
  | "replaced-by-profile-section";

export interface DroppedSection {
  readonly kind: SharedFileKind;
  /** The section's name as Go saw it when dropping it (`foo`, `profile foo`, `default`). */
  readonly name: string;
  readonly headers: readonly Location[];
  readonly reason: DroppedSectionReason;
  /** One sentence for people. */
  readonly message: string;
}

/** A key a later file defines for an existing section, which Go's `mergeSections` does not copy. */
export interface UnmergedKey {
  /** The section name at merge time (`profile x` when two config files merge, `x` for credentials over config). */
  readonly section: string;
  readonly key: string;
  readonly at: Location;
  /** partial-static-keys: access key, secret and token are copied only when both keys are in that section. */
  readonly reason: "not-in-merge-list" | "partial-static-keys";
}

/** Loading stops before any profile is read; Terraform fails with `message` whatever the profile. */
export interface SharedConfigFailure {
  readonly message: string;
  readonly at: Location | null;
  /** Terraform panics (crash banner) rather than printing an error. */
  readonly crash: boolean;
}

/** Every section of every shared file, merged the way the Go SDK merges them, plus what was lost on the way. */
export interface SharedConfigSet {
  readonly files: readonly SharedFileStatus[];
  readonly sections: ReadonlyMap<string, SharedConfigSection>;
  readonly dropped: readonly DroppedSection[];
  readonly unmergedKeys: readonly UnmergedKey[];
  readonly failure: SharedConfigFailure | null;
}

export interface SharedConfigCredentials {
  readonly accessKeyId: LocatedValue;
  readonly secretAccessKey: LocatedValue;
  readonly sessionToken?: LocatedValue;
  /** Absolute path of the file holding aws_access_key_id: Terraform logs `SharedConfigCredentials: <file>`. */
  readonly file: string;
}

export interface SharedConfigSsoSession {
  /** The profile's `sso_session` value. */
  readonly name: string;
  readonly ssoRegion?: LocatedValue;
  readonly ssoStartUrl?: LocatedValue;
  /** The `[sso-session …]` header. */
  readonly at: Location;
}

/** A key Go read and then cleared while linking profiles. */
export interface ClearedKey {
  readonly key: string;
  readonly at: Location;
  /**
   * linked-source-profile: this profile has `source_profile`, so its own credential keys are ignored
   * (Go clearCredentialOptions). revisited-in-chain: the profile is reached again through a source_profile loop, so
   * its role keys are ignored and it only supplies credentials (Go clearAssumeRoleOptions).
   */
  readonly reason: "linked-source-profile" | "revisited-in-chain";
}

/**
 * One profile as Go's `SharedConfig` holds it after `setFromIniSections`. A field is absent when the key is missing
 * or empty (Go tests `len(x) != 0`); `values` keeps every raw key for evidence.
 */
export interface SharedConfigProfile {
  readonly name: string;
  /** The section headers that define it, config and/or credentials files. */
  readonly sections: readonly Location[];
  readonly values: ReadonlyMap<string, IniValue>;
  /** Only when both keys are non-empty (Go `Credentials.HasKeys`). */
  readonly credentials?: SharedConfigCredentials;
  readonly roleArn?: LocatedValue;
  readonly sourceProfileName?: LocatedValue;
  /** The linked source_profile, resolved the same way (recursive). */
  readonly source?: SharedConfigProfile;
  readonly credentialSource?: LocatedValue;
  readonly webIdentityTokenFile?: LocatedValue;
  readonly roleSessionName?: LocatedValue;
  readonly externalId?: LocatedValue;
  readonly mfaSerial?: LocatedValue;
  /** `seconds` is Go's `strconv.ParseInt(v, 0, 64)`, or 0 when that fails (Go keeps a 0 duration then). */
  readonly durationSeconds?: LocatedValue & { readonly seconds: number };
  readonly credentialProcess?: LocatedValue;
  readonly ssoSessionName?: LocatedValue;
  readonly ssoSession?: SharedConfigSsoSession;
  readonly ssoStartUrl?: LocatedValue;
  readonly ssoRegion?: LocatedValue;
  readonly ssoAccountId?: LocatedValue;
  readonly ssoRoleName?: LocatedValue;
  readonly region?: LocatedValue;
  readonly ec2MetadataServiceEndpoint?: LocatedValue;
  /** Validated at load: IPv4 or IPv6, any case. */
  readonly ec2MetadataServiceEndpointMode?: LocatedValue;
  /** Go reads it as a bool: `true` (any case) disables the IMDSv1 fallback, anything else is false. */
  readonly ec2MetadataV1Disabled?: LocatedValue;
  readonly clearedKeys: readonly ClearedKey[];
}

export type ProfileResolution =
  | { readonly state: "found"; readonly profile: SharedConfigProfile }
  /** `failed to get shared config profile, <name>`: fatal only when the profile was named explicitly. */
  | { readonly state: "not-found"; readonly name: string }
  /** Go's exact error text; `crash` when Terraform panics instead. */
  | { readonly state: "error"; readonly message: string; readonly at: Location | null; readonly crash: boolean };

const PROFILE_PREFIX = "profile ";
const SSO_SECTION_PREFIX = "sso-session ";
const SERVICES_PREFIX = "services ";
const ACCESS_KEY_ID = "aws_access_key_id";
const SECRET_ACCESS_KEY = "aws_secret_access_key";
const SESSION_TOKEN = "aws_session_token";

// Go mergeSections `stringKeys` in config v1.29.4 (auth_scheme_preference and login_session came later: neither
// string is in the Terraform 1.11.4 binary).
const MERGED_STRING_KEYS: ReadonlySet<string> = new Set([
  "role_arn",
  "source_profile",
  "credential_source",
  "external_id",
  "mfa_serial",
  "role_session_name",
  "region",
  "endpoint_discovery_enabled",
  "credential_process",
  "web_identity_token_file",
  "s3_use_arn_region",
  "s3_disable_multiregion_access_points",
  "ec2_metadata_service_endpoint_mode",
  "ec2_metadata_service_endpoint",
  "ec2_metadata_v1_disabled",
  "use_dualstack_endpoint",
  "use_fips_endpoint",
  "defaults_mode",
  "retry_mode",
  "ca_bundle",
  "duration_seconds",
  "max_attempts",
  "sso_session",
  "sso_account_id",
  "sso_region",
  "sso_role_name",
  "sso_start_url",
]);

interface MutableSection {
  name: string;
  headers: Location[];
  values: Map<string, IniValue>;
  errors: LocatedMessage[];
}

type Sections = Map<string, MutableSection>;

/**
 * Reads the shared files the way Go `LoadSharedConfigProfile` does before it looks at any profile: `loadIniFiles`
 * (config), `processConfigSections`, `loadIniFiles` (credentials), `processCredentialsSections`, then
 * `mergeSections` (credentials over config). Records every dropped section and unmerged key.
 */
export function loadSharedConfigSet(input: SharedConfigSetInput): SharedConfigSet {
  const files: SharedFileStatus[] = [];
  const dropped: DroppedSection[] = [];
  const unmergedKeys: UnmergedKey[] = [];

  const config = loadIniFiles(input.configFiles, "config", files, unmergedKeys);
  if (config.failure) return finish(config.sections, config.failure, input.credentialsFiles);
  const renameFailure = processConfigSections(config.sections, dropped);
  if (renameFailure) return finish(config.sections, renameFailure, input.credentialsFiles);

  const credentials = loadIniFiles(input.credentialsFiles, "credentials", files, unmergedKeys);
  if (credentials.failure) return finish(config.sections, credentials.failure, []);
  processCredentialsSections(credentials.sections, dropped);

  mergeSections(config.sections, credentials.sections, unmergedKeys);
  return finish(config.sections, null, []);

  function finish(
    sections: Sections,
    failure: SharedConfigFailure | null,
    unread: readonly SharedFileInput[],
  ): SharedConfigSet {
    for (const file of unread) files.push(status(file, "credentials", "not-read"));
    return { files, sections, dropped, unmergedKeys, failure };
  }
}

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
  const result = setFromIniSections(new Set(), profileName, set.sections);
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

const MAX_SUGGESTED_NAME_LENGTH = 128;

/**
 * Returns the candidate closest to `name` by edit distance (case-insensitive), or null when none is close enough
 * to be a plausible typo. Ties go to the earlier candidate.
 */
export function nearestName(name: string, candidates: readonly string[]): string | null {
  // Edit distance costs |name| × |candidate|: a 200 KB profile name against 200 KB section names took minutes.
  // Names that long are not typos of each other; neither are names whose lengths differ by more than the limit.
  if (name.length > MAX_SUGGESTED_NAME_LENGTH) return null;
  const limit = Math.max(1, Math.floor(name.length / 3));
  const lowered = name.toLowerCase();
  let best: { name: string; distance: number } | null = null;
  for (const candidate of candidates) {
    if (candidate.length > MAX_SUGGESTED_NAME_LENGTH) continue;
    const other = candidate.toLowerCase();
    if (Math.abs(other.length - lowered.length) > limit) continue;
    const distance = editDistance(lowered, other);
    if (distance <= limit && (best === null || distance < best.distance)) best = { name: candidate, distance };
  }
  return best?.name ?? null;
}

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
      const message = `sso_start_url in profile ${goQuote(profile.name)} must match sso_start_url in ${SSO_SECTION_PREFIX}`;
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

// ---------------------------------------------------------------------------------------------------------------
// Loading and merging files
// ---------------------------------------------------------------------------------------------------------------

// Go loadIniFiles: unreadable files are skipped; any other error stops loading with SharedConfigLoadError.
function loadIniFiles(
  inputs: readonly SharedFileInput[],
  kind: SharedFileKind,
  files: SharedFileStatus[],
  unmergedKeys: UnmergedKey[],
): { sections: Sections; failure: SharedConfigFailure | null } {
  const merged: Sections = new Map();
  for (const [index, input] of inputs.entries()) {
    const read = input.read;
    if (read.state === "missing") {
      files.push(status(input, kind, "missing"));
      continue;
    }
    if (read.state === "unreadable") {
      // os.Open succeeds on a directory, so Go fails in io.ReadAll instead of skipping the file (checked on 1.11.4).
      if (read.message === "is a directory") {
        files.push(status(input, kind, "failed", read.message));
        markNotRead(inputs.slice(index + 1), kind, files);
        const message = `failed to load shared config file, ${input.path}, read all: read ${input.path}: is a directory`;
        return { sections: merged, failure: { message, at: null, crash: false } };
      }
      files.push(status(input, kind, "unreadable", read.message));
      continue;
    }
    const document = parseIni(read.text, { path: input.path, display: input.display });
    if (document.crash) {
      files.push({ ...status(input, kind, "failed", document.crash.message), ignoredLines: document.ignoredLines });
      markNotRead(inputs.slice(index + 1), kind, files);
      return { sections: merged, failure: { message: document.crash.message, at: document.crash.at, crash: true } };
    }
    files.push({ ...status(input, kind, "loaded"), ignoredLines: document.ignoredLines });
    mergeSections(merged, sectionsOf(document.sections.values()), unmergedKeys);
  }
  return { sections: merged, failure: null };
}

function sectionsOf(sections: Iterable<IniSection>): Sections {
  const result: Sections = new Map();
  for (const section of sections) {
    result.set(section.name, {
      name: section.name,
      headers: [...section.headers],
      values: new Map(section.values),
      errors: [],
    });
  }
  return result;
}

// Go mergeSections: a new section is taken whole; an existing one only takes the static keys (both or none) and a
// fixed list of string keys. The partial-credentials error is attached here and replaces the destination's errors.
function mergeSections(dst: Sections, src: Sections, unmergedKeys: UnmergedKey[]): void {
  for (const name of sortedKeys(src)) {
    const source = src.get(name);
    if (!source) continue;
    const hasAccessKey = source.values.has(ACCESS_KEY_ID);
    const hasSecret = source.values.has(SECRET_ACCESS_KEY);
    let errors = source.errors;
    if (hasAccessKey !== hasSecret) {
      const lone = source.values.get(hasAccessKey ? ACCESS_KEY_ID : SECRET_ACCESS_KEY);
      if (lone) errors = [...errors, { message: `partial credentials found for profile ${name}`, at: lone.at }];
    }
    const target = dst.get(name);
    if (!target) {
      dst.set(name, { name: source.name, headers: [...source.headers], values: new Map(source.values), errors });
      continue;
    }
    target.errors = errors; // "errors should be overriden if any"
    target.headers.push(...source.headers);
    const staticKeys = hasAccessKey && hasSecret;
    for (const [key, value] of source.values) {
      const isStaticKey = key === ACCESS_KEY_ID || key === SECRET_ACCESS_KEY || key === SESSION_TOKEN;
      if (isStaticKey ? staticKeys : MERGED_STRING_KEYS.has(key)) {
        // ini.NewStringValue: a merged value is a plain string, sub-properties are not carried over.
        target.values.set(key, { value: value.value, subProperties: null, at: value.at });
      } else {
        unmergedKeys.push({
          section: name,
          key,
          at: value.at,
          reason: isStaticKey ? "partial-static-keys" : "not-in-merge-list",
        });
      }
    }
  }
}

// Go processConfigSections + renameProfileSection, over a sorted snapshot of the names (order matters: a renamed
// section replaces any section already holding the short name, and is then skipped).
function processConfigSections(sections: Sections, dropped: DroppedSection[]): SharedConfigFailure | null {
  const skip = new Set<string>();
  for (const name of sortedKeys(sections)) {
    if (skip.has(name)) continue;
    if (name.startsWith(PROFILE_PREFIX)) {
      const section = sections.get(name);
      if (!section) {
        const message =
          "failed to rename profile section, error processing profiles within the shared configuration files";
        return { message, at: null, crash: false };
      }
      sections.delete(name);
      const shortName = name.slice(PROFILE_PREFIX.length);
      const replaced = sections.get(shortName);
      if (replaced) {
        sections.delete(shortName);
        dropped.push({
          kind: "config",
          name: shortName,
          headers: replaced.headers,
          reason: "replaced-by-profile-section",
          message: `section [${shortName}] is ignored: [${name}] is also defined, and the Go SDK keeps only that one`,
        });
      }
      section.name = shortName;
      sections.set(shortName, section);
      skip.add(shortName);
    } else if (name.startsWith(SSO_SECTION_PREFIX) || name.startsWith(SERVICES_PREFIX) || equalFold(name, "default")) {
      // kept as is
    } else {
      const section = sections.get(name);
      sections.delete(name);
      if (section) {
        dropped.push({
          kind: "config",
          name,
          headers: section.headers,
          reason: "config-section-without-profile-prefix",
          message: `section [${name}] is ignored: config-file profiles need the \`profile \` prefix ([profile ${name}])`,
        });
      }
    }
  }
  return null;
}

// Go processCredentialsSections: `[profile x]` is invalid in a credentials file and dropped.
function processCredentialsSections(sections: Sections, dropped: DroppedSection[]): void {
  for (const name of sortedKeys(sections)) {
    if (!name.startsWith(PROFILE_PREFIX)) continue;
    const section = sections.get(name);
    sections.delete(name);
    if (section) {
      dropped.push({
        kind: "credentials",
        name,
        headers: section.headers,
        reason: "credentials-section-with-profile-prefix",
        message: `section [${name}] is ignored: credentials-file profiles are written without the \`profile \` prefix ([${name.slice(PROFILE_PREFIX.length)}])`,
      });
    }
  }
}

function status(
  input: SharedFileInput,
  kind: SharedFileKind,
  state: SharedFileStatus["state"],
  message?: string,
): SharedFileStatus {
  const base = { kind, path: input.path, display: input.display, state, ignoredLines: [] };
  return message === undefined ? base : { ...base, message };
}

function markNotRead(inputs: readonly SharedFileInput[], kind: SharedFileKind, files: SharedFileStatus[]): void {
  for (const input of inputs) files.push(status(input, kind, "not-read"));
}

// ---------------------------------------------------------------------------------------------------------------
// Resolving a profile
// ---------------------------------------------------------------------------------------------------------------

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
): Resolved {
  const section = sections.get(name);
  if (!section) return { ok: false, notExist: true, message: `failed to get shared config profile, ${name}`, at: null };

  const loaded = setFromIniSection(name, section);
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
    // Go follows any number of distinct profiles; tfwhy stops at MAX_SOURCE_PROFILE_HOPS (`visited` holds the chain so far).
    if (visited.size > MAX_SOURCE_PROFILE_HOPS) {
      throw new NestingTooDeepError("source_profile chain", MAX_SOURCE_PROFILE_HOPS, profile.sourceProfileName.at);
    }
    const source = setFromIniSections(visited, sourceName, sections);
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
): { ok: true; profile: Draft } | { ok: false; message: string; at: Location | null } {
  if (section.name.length === 0) {
    const sources = [...new Set([...section.values.values()].map((v) => v.at.path))];
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
    const base = { accessKeyId, secretAccessKey, file: accessKeyId.at.path };
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

// The fatal value checks of setFromIniSection in config v1.29.4, in Go's order (texts checked on Terraform 1.11.4).
const VALUE_CHECKS: ReadonlyArray<{ readonly key: string; readonly problem: (value: string) => string | null }> = [
  {
    // imds.EndpointModeState.SetFromString
    key: "ec2_metadata_service_endpoint_mode",
    problem: (v) =>
      v === "" || equalFold(v, "IPv4") || equalFold(v, "IPv6")
        ? null
        : "unknown EC2 IMDS endpoint mode, must be either IPv6 or IPv4",
  },
  {
    // aws.DefaultsMode.SetFromString
    key: "defaults_mode",
    problem: (v) =>
      v === "" ||
      ["auto", "cross-region", "in-region", "legacy", "mobile", "standard"].some((mode) => equalFold(v, mode))
        ? null
        : `invalid value: ${v}`,
  },
  {
    // updateInt
    key: "max_attempts",
    problem: (v) => (goParseInt64(v) !== null ? null : `invalid value max_attempts=${v}, expect integer`),
  },
  {
    // aws.ParseRetryMode: exact, lower case only
    key: "retry_mode",
    problem: (v) => (v === "standard" || v === "adaptive" ? null : `unknown RetryMode, ${v}`),
  },
  {
    key: "disable_request_compression",
    problem: (v) =>
      v === "true" || v === "false"
        ? null
        : `invalid value for shared config profile field, disable_request_compression=${v}, need true or false`,
  },
  {
    key: "request_min_compression_size_bytes",
    problem: (v) => {
      const size = goParseInt64(v);
      if (size === null) return `invalid value for min request compression size bytes ${v}, need int64`;
      return size < 0n || size > 10485760n
        ? `invalid range for min request compression size bytes ${size}, must be within 0 and 10485760 inclusively`
        : null;
    },
  },
  {
    key: "account_id_endpoint_mode",
    problem: (v) =>
      ["preferred", "required", "disabled"].includes(v)
        ? null
        : `invalid value for shared config profile field, account_id_endpoint_mode=${v}, must be preferred/required/disabled`,
  },
  {
    key: "request_checksum_calculation",
    problem: (v) =>
      ["when_supported", "when_required"].includes(v.toLowerCase())
        ? null
        : `invalid value for shared config profile field, request_checksum_calculation=${v}, must be when_supported/when_required`,
  },
  {
    key: "response_checksum_validation",
    problem: (v) =>
      ["when_supported", "when_required"].includes(v.toLowerCase())
        ? null
        : `invalid value for shared config profile field, response_checksum_validation=${v}, must be when_supported/when_required`,
  },
];

// Go validateCredentialsRequireARN: the first of source_profile, credential_source, web_identity_token_file needs role_arn.
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
    "only one credential type may be specified per profile: source profile, credential source, credential process, web identity token";
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

// Go hasLegacySSOConfiguration
function hasLegacySsoConfiguration(profile: SharedConfigProfile): boolean {
  return Boolean(profile.ssoRegion || profile.ssoAccountId || profile.ssoStartUrl || profile.ssoRoleName);
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

function ssoMissingMessage(profile: string, missing: readonly string[]): string {
  return `profile ${goQuote(profile)} is configured to use SSO but is missing required configuration: ${missing.join(", ")}`;
}

// Go's %q for the printable strings profile names are; JSON escaping matches it for quotes and backslashes.
function goQuote(s: string): string {
  return JSON.stringify(s);
}

// Go strings.EqualFold, for the ASCII words compared here.
function equalFold(a: string, b: string): boolean {
  return a.toLowerCase() === b.toLowerCase();
}

// Go Sections.List: sort.Strings (byte order; UTF-16 order agrees for the BMP text profile names use).
function sortedKeys(map: ReadonlyMap<string, unknown>): string[] {
  return [...map.keys()].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}

function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      const substitution = (previous[j - 1] ?? 0) + (a[i - 1] === b[j - 1] ? 0 : 1);
      current.push(Math.min((previous[j] ?? 0) + 1, (current[j - 1] ?? 0) + 1, substitution));
    }
    previous = current;
  }
  return previous[b.length] ?? 0;
}
