import type { Location } from "../location.js";
import { equalFold, sortedKeys } from "./go-strings.js";
import { type IniSection, type IniValue, parseIni } from "./ini.js";
import {
  ACCESS_KEY_ID,
  PROFILE_PREFIX,
  SECRET_ACCESS_KEY,
  SERVICES_PREFIX,
  SESSION_TOKEN,
  SSO_SECTION_PREFIX,
} from "./shared-config-keys.js";
import type {
  DroppedSection,
  LocatedMessage,
  SharedConfigFailure,
  SharedConfigSet,
  SharedConfigSetInput,
  SharedFileInput,
  SharedFileKind,
  SharedFileStatus,
  UnmergedKey,
} from "./shared-config-types.js";

// The file half of aws-sdk-go-v2 config v1.29.4 LoadSharedConfigProfile (config/shared_config.go): loadIniFiles,
// processConfigSections, processCredentialsSections and mergeSections.

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
  const fileNames = new Map<string, string>();
  for (const file of [...input.configFiles, ...input.credentialsFiles]) fileNames.set(file.path, nameOf(file));

  if (input.expansionFailure) {
    // Terraform fails in commonLoadOptions, before LoadDefaultConfig opens any file.
    for (const file of input.configFiles) files.push(status(file, "config", "not-read"));
    const { message, paths } = input.expansionFailure;
    return finish(
      new Map(),
      { message, at: paths[0]?.at ?? null, crash: false, unexpandable: paths },
      input.credentialsFiles,
    );
  }

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
    return { files, sections, dropped, unmergedKeys, failure, fileNames };
  }
}

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
        const name = nameOf(input);
        const message = `failed to load shared config file, ${name}, read all: read ${name}: is a directory`;
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

/** The file as the Go SDK was given it, which is how Go names it. */
function nameOf(input: SharedFileInput): string {
  return input.name ?? input.path;
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
          message:
            `section [${name}] is ignored: ` + `config-file profiles need the \`profile \` prefix ([profile ${name}])`,
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
        message:
          `section [${name}] is ignored: credentials-file profiles are written without the \`profile \` prefix ` +
          `([${name.slice(PROFILE_PREFIX.length)}])`,
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
