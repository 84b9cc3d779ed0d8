import type { Location } from "../location.js";
import type { FileRead } from "../world/world.js";
import type { IniIgnoredLine, IniValue } from "./ini.js";

// The shapes of aws-sdk-go-v2 `config` shared_config.go as tfwhy keeps them: files, merged sections, one profile.

/** A string read from a shared file, with where. */
export interface LocatedValue {
  readonly value: string;
  readonly at: Location;
}

/** One shared file as the caller read it (through the World): `path` is absolute, `display` is for people. */
export interface SharedFileInput {
  readonly path: string;
  /**
   * The file as the Go SDK was given it, which is how Go names it in `SharedConfigCredentials: <file>` and in its
   * errors (relative when the user wrote it relative). Defaults to `path`.
   */
  readonly name?: string;
  readonly display: string;
  readonly read: FileRead;
}

export interface SharedConfigSetInput {
  /** In Go's order: later files override earlier ones. */
  readonly configFiles: readonly SharedFileInput[];
  readonly credentialsFiles: readonly SharedFileInput[];
  /**
   * Terraform's own expansion of the file lists failed (aws-sdk-go-base commonLoadOptions): the SDK then reads no
   * file at all.
   */
  readonly expansionFailure?: ExpansionFailure | null;
}

/** A file list Terraform could not expand: Go's error text and the `~user` paths it refused. */
export interface ExpansionFailure {
  readonly message: string;
  readonly paths: readonly UnexpandablePath[];
}

/** A path as written, the attribute or env var that holds it, and where (null for an env var). */
export interface UnexpandablePath {
  readonly path: string;
  readonly from: string;
  readonly at: Location | null;
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
  /**
   * Set when Terraform failed expanding the file lists before the SDK loads anything (aws-sdk-go-base
   * commonLoadOptions): the paths it refused. Its error is printed as it is, without `loading configuration: `.
   */
  readonly unexpandable?: readonly UnexpandablePath[];
}

/** Every section of every shared file, merged the way the Go SDK merges them, plus what was lost on the way. */
export interface SharedConfigSet {
  readonly files: readonly SharedFileStatus[];
  readonly sections: ReadonlyMap<string, SharedConfigSection>;
  readonly dropped: readonly DroppedSection[];
  readonly unmergedKeys: readonly UnmergedKey[];
  readonly failure: SharedConfigFailure | null;
  /** Absolute path of each file read → the file as the Go SDK was given it (SharedFileInput.name). */
  readonly fileNames: ReadonlyMap<string, string>;
}

export interface SharedConfigCredentials {
  readonly accessKeyId: LocatedValue;
  readonly secretAccessKey: LocatedValue;
  readonly sessionToken?: LocatedValue;
  /**
   * The file holding aws_access_key_id as the Go SDK was given it: Terraform logs `SharedConfigCredentials: <file>`
   * (relative when the path was written relative; the key's `at.path` is the absolute path).
   */
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
  | {
      readonly state: "error";
      readonly message: string;
      readonly at: Location | null;
      readonly crash: boolean;
      /** Terraform's own path expansion failed before any file was read (SharedConfigFailure.unexpandable). */
      readonly unexpandable?: readonly UnexpandablePath[];
    };
