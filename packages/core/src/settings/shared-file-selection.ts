import type { BackendView } from "../backend/backend-view.js";
import type { Location } from "../location.js";
import { expandTerraformPath } from "./expand.js";

type Env = Readonly<Record<string, string | undefined>>;

/** One shared file the Go SDK will read, and why it is in the list. */
export interface SelectedFile {
  /** Absolute path (relative paths resolve against the working directory, as Go's os.Open does). */
  readonly path: string;
  /** How it was chosen: `shared_config_files`, `AWS_SHARED_CONFIG_FILE`, `AWS_CONFIG_FILE`, `default`… */
  readonly from: string;
  readonly at: Location | null;
}

export interface SharedFileSelection {
  readonly configFiles: readonly SelectedFile[];
  readonly credentialsFiles: readonly SelectedFile[];
  /** Paths Terraform could not expand (`~user/…`): Terraform fails with go-homedir's error. */
  readonly expansionErrors: readonly { readonly path: string; readonly from: string }[];
}

/**
 * Which shared files are read, in order (later files override earlier ones):
 * Terraform's `Configure` fills awsbase `SharedConfigFiles`/`SharedCredentialsFiles` from the attributes or its own
 * env vars (expanded); when that list is empty the SDK uses AWS_CONFIG_FILE / AWS_SHARED_CREDENTIALS_FILE
 * (not expanded) or `~/.aws/config` / `~/.aws/credentials` (config.LoadSharedConfigProfile defaults).
 */
export function selectSharedFiles(backend: BackendView, env: Env, homeDir: string, cwd: string): SharedFileSelection {
  const expansionErrors: { path: string; from: string }[] = [];
  const terraformList = (paths: readonly string[], from: string, at: Location | null): SelectedFile[] =>
    paths.flatMap((raw) => {
      const expanded = expandTerraformPath(raw, env, homeDir);
      if (expanded === null) {
        expansionErrors.push({ path: raw, from });
        return [];
      }
      return [{ path: absolute(expanded, cwd), from, at }];
    });

  // shared_credentials_files (a set, so sorted) > AWS_SHARED_CREDENTIALS_FILE > deprecated shared_credentials_file.
  let credentialsFiles: SelectedFile[];
  const credentialsSet = backend.stringSet("shared_credentials_files");
  if (credentialsSet && credentialsSet.length > 0) {
    credentialsFiles = terraformList(
      credentialsSet,
      "shared_credentials_files",
      backend.at("shared_credentials_files"),
    );
  } else if (env.AWS_SHARED_CREDENTIALS_FILE) {
    credentialsFiles = terraformList([env.AWS_SHARED_CREDENTIALS_FILE], "AWS_SHARED_CREDENTIALS_FILE", null);
  } else if (backend.string("shared_credentials_file")) {
    credentialsFiles = terraformList(
      [backend.string("shared_credentials_file")!],
      "shared_credentials_file",
      backend.at("shared_credentials_file"),
    );
  } else {
    credentialsFiles = [{ path: `${trimSlash(homeDir)}/.aws/credentials`, from: "default", at: null }];
  }

  let configFiles: SelectedFile[];
  const configSet = backend.stringSet("shared_config_files");
  if (configSet && configSet.length > 0) {
    configFiles = terraformList(configSet, "shared_config_files", backend.at("shared_config_files"));
  } else if (env.AWS_SHARED_CONFIG_FILE) {
    configFiles = terraformList([env.AWS_SHARED_CONFIG_FILE], "AWS_SHARED_CONFIG_FILE", null);
  } else if (env.AWS_CONFIG_FILE) {
    configFiles = [{ path: absolute(env.AWS_CONFIG_FILE, cwd), from: "AWS_CONFIG_FILE", at: null }];
  } else {
    configFiles = [{ path: `${trimSlash(homeDir)}/.aws/config`, from: "default", at: null }];
  }
  return { configFiles, credentialsFiles, expansionErrors };
}

function trimSlash(dir: string): string {
  return dir.replace(/\/$/, "");
}

function absolute(path: string, cwd: string): string {
  return path.startsWith("/") ? path : `${trimSlash(cwd)}/${path}`;
}
