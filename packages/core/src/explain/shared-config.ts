import {
  listProfileNames,
  loadSharedConfigSet,
  resolveSharedConfigProfile,
  type SharedConfigSet,
} from "../aws-files/shared-config.js";
import type { ProfileCatalog } from "../chain/profile-types.js";
import { displayPath } from "../location.js";
import type { SecretRedactor } from "../redact.js";
import type { SharedFileSelection } from "../settings/shared-file-selection.js";
import type { World } from "../world/world.js";

/** Reads the selected files through the world and merges them with Go's rules. */
export async function readSharedConfig(
  world: World,
  selection: SharedFileSelection,
  dir: string,
): Promise<SharedConfigSet> {
  const read = (files: SharedFileSelection["configFiles"]) =>
    Promise.all(
      files.map(async (f) => ({
        path: f.path,
        name: f.name,
        display: displayPath(f.path, dir, world.homeDir),
        read: await world.fs.readText(f.path),
      })),
    );
  return loadSharedConfigSet({
    configFiles: await read(selection.configFiles),
    credentialsFiles: await read(selection.credentialsFiles),
    expansionFailure: selection.expansionFailure,
  });
}

/** The merged shared config as the chain sees it. */
export function profileCatalog(shared: SharedConfigSet): ProfileCatalog {
  return {
    resolve: (name) => resolveSharedConfigProfile(shared, name),
    names: () => listProfileNames(shared),
  };
}

const SECRET_PROFILE_KEYS = new Set(["aws_secret_access_key", "aws_session_token", "aws_security_token"]);

/**
 * Secret keys of the AWS files. credential_process arguments are not registered: words like `default` or `--json`
 * would be hidden everywhere; the command line itself is only ever shown through describeCommandLine.
 */
export function addSharedConfigSecrets(redactor: SecretRedactor, shared: SharedConfigSet): void {
  for (const section of shared.sections.values()) {
    for (const [key, value] of section.values) if (SECRET_PROFILE_KEYS.has(key)) redactor.add(value.value);
  }
}
