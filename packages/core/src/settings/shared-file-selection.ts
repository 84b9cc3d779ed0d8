import type { ExpansionFailure, UnexpandablePath } from "../aws-files/shared-config-types.js";
import type { BackendView } from "../backend/backend-view.js";
import type { Location } from "../location.js";
import { CANNOT_EXPAND_USER_HOME, expandTerraformPath } from "./expand.js";

type Env = Readonly<Record<string, string | undefined>>;

/** One shared file the Go SDK will read, and why it is in the list. */
export interface SelectedFile {
  /**
   * The file as the Go SDK is given it, so as Terraform names it in `SharedConfigCredentials: <file>` and in the
   * SDK's errors: after Terraform's own expansion, and relative when written relative.
   */
  readonly name: string;
  /** Absolute path, for reading: a relative name resolves against Terraform's working directory (the root module). */
  readonly path: string;
  /** How it was chosen: `shared_config_files`, `AWS_SHARED_CONFIG_FILE`, `AWS_CONFIG_FILE`, `default`… */
  readonly from: string;
  readonly at: Location | null;
}

/**
 * Terraform stops before the SDK reads any shared file (aws-sdk-go-base Config.ResolveSharedCredentialsFiles):
 * `message` is Go's error as Terraform prints it, `paths` the `~user` paths of that list, in the list's order.
 */
export type SharedFileExpansionFailure = ExpansionFailure;

export interface SharedFileSelection {
  readonly configFiles: readonly SelectedFile[];
  readonly credentialsFiles: readonly SelectedFile[];
  /** Null unless a list Terraform expands holds a `~user` path: then Terraform fails with this error. */
  readonly expansionFailure: SharedFileExpansionFailure | null;
}

/**
 * Which shared files are read, in order (later files override earlier ones):
 * Terraform's `Configure` fills awsbase `SharedConfigFiles`/`SharedCredentialsFiles` from the attributes or its own
 * env vars (expanded); when that list is empty the SDK uses AWS_CONFIG_FILE / AWS_SHARED_CREDENTIALS_FILE
 * (not expanded) or `~/.aws/config` / `~/.aws/credentials` (config.LoadSharedConfigProfile defaults).
 * `workingDir` is Terraform's working directory: the root module (`-chdir` or where it runs).
 */
export function selectSharedFiles(
  backend: BackendView,
  env: Env,
  homeDir: string,
  workingDir: string,
): SharedFileSelection {
  const failures: { credentials: UnexpandablePath[]; config: UnexpandablePath[] } = { credentials: [], config: [] };
  const terraformList = (
    list: "credentials" | "config",
    paths: readonly string[],
    from: string,
    at: Location | null,
  ): SelectedFile[] =>
    paths.flatMap((raw) => {
      const name = expandTerraformPath(raw, env, homeDir);
      if (name === null) {
        failures[list].push({ path: raw, from, at });
        return [];
      }
      return [{ name, path: resolveAgainst(workingDir, name), from, at }];
    });
  const sdkFile = (name: string, from: string): SelectedFile => ({
    name,
    path: resolveAgainst(workingDir, name),
    from,
    at: null,
  });

  // shared_credentials_files (a set, so sorted) > AWS_SHARED_CREDENTIALS_FILE > deprecated shared_credentials_file.
  let credentialsFiles: SelectedFile[];
  const credentialsSet = backend.stringSet("shared_credentials_files");
  if (credentialsSet && credentialsSet.length > 0) {
    credentialsFiles = terraformList(
      "credentials",
      credentialsSet,
      "shared_credentials_files",
      backend.at("shared_credentials_files"),
    );
  } else if (env.AWS_SHARED_CREDENTIALS_FILE) {
    credentialsFiles = terraformList(
      "credentials",
      [env.AWS_SHARED_CREDENTIALS_FILE],
      "AWS_SHARED_CREDENTIALS_FILE",
      null,
    );
  } else if (backend.string("shared_credentials_file")) {
    credentialsFiles = terraformList(
      "credentials",
      [backend.string("shared_credentials_file")!],
      "shared_credentials_file",
      backend.at("shared_credentials_file"),
    );
  } else {
    credentialsFiles = [sdkFile(`${trimSlash(homeDir)}/.aws/credentials`, "default")];
  }

  let configFiles: SelectedFile[];
  const configSet = backend.stringSet("shared_config_files");
  if (configSet && configSet.length > 0) {
    configFiles = terraformList("config", configSet, "shared_config_files", backend.at("shared_config_files"));
  } else if (env.AWS_SHARED_CONFIG_FILE) {
    configFiles = terraformList("config", [env.AWS_SHARED_CONFIG_FILE], "AWS_SHARED_CONFIG_FILE", null);
  } else if (env.AWS_CONFIG_FILE) {
    // The SDK reads AWS_CONFIG_FILE itself (config/env_config.go): no $VAR or ~ expansion, `~/x` is a relative path.
    configFiles = [sdkFile(env.AWS_CONFIG_FILE, "AWS_CONFIG_FILE")];
  } else {
    configFiles = [sdkFile(`${trimSlash(homeDir)}/.aws/config`, "default")];
  }
  // aws-sdk-go-base commonLoadOptions expands the credentials files first: their error is the one Terraform prints.
  const expansionFailure =
    failures.credentials.length > 0
      ? expansionError("expanding shared credentials files", failures.credentials)
      : failures.config.length > 0
        ? expansionError("expanding shared config files", failures.config)
        : null;
  return { configFiles, credentialsFiles, expansionFailure };
}

// Config.ResolveSharedCredentialsFiles wraps expand.FilePaths' go-multierror (ListFormatFunc, trailing blank lines
// dropped).
function expansionError(prefix: string, paths: UnexpandablePath[]): SharedFileExpansionFailure {
  const count = paths.length === 1 ? "1 error occurred:" : `${paths.length} errors occurred:`;
  const bullets = paths.map(() => `\n\t* ${CANNOT_EXPAND_USER_HOME}`).join("");
  return { message: `${prefix}: ${count}${bullets}`, paths };
}

function trimSlash(dir: string): string {
  return dir.replace(/\/$/, "");
}

/**
 * Where the SDK's os.Open finds `name`: relative names are relative to the working directory. Not normalized, so
 * `missing/../creds` stays missing as the kernel sees it; an empty name stays empty (nothing to open).
 */
function resolveAgainst(workingDir: string, name: string): string {
  if (name === "" || name.startsWith("/")) return name;
  return `${trimSlash(workingDir)}/${name}`;
}
