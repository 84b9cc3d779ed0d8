import { posix } from "node:path";
import { InvalidInputError } from "../errors.js";
import { displayPath, type Location } from "../location.js";
import type { WorkspaceAnswer, WorkspaceOrigin } from "../trace.js";
import type { World } from "../world/world.js";

/** The workspace Terraform works in, and where that choice came from. */
export interface WorkspaceSelection {
  readonly name: string;
  readonly from: WorkspaceOrigin;
  /** The environment file, when the name came from it. */
  readonly at?: Location;
}

/** hashicorp/terraform internal/backend/backend.go DefaultStateName. */
export const DEFAULT_WORKSPACE = "default";

/**
 * hashicorp/terraform internal/command/meta.go errInvalidWorkspaceNameEnvVar ("Invalid workspace name set using
 * TF_WORKSPACE"), with the name and the rule added.
 */
export function invalidWorkspaceMessage(name: string, via: string): string {
  return (
    `Invalid workspace name set using ${via}: ${JSON.stringify(name)} ` +
    "(a workspace name must stay the same when URL-path-escaped: letters, digits and - _ . ~ $ & + : = @)"
  );
}

/**
 * hashicorp/terraform internal/command/workspace_command.go validWorkspaceName: `url.PathEscape(name) == name`.
 * Go's net/url shouldEscape (encodePathSegment) leaves letters, digits, `-_.~` and `$&+:=@` alone; everything
 * else (`/`, `;`, `,`, `?`, spaces, `%`, non-ASCII…) is escaped, so a name holding it is invalid.
 */
export function isValidWorkspaceName(name: string): boolean {
  return /^[A-Za-z0-9\-_.~$&+:=@]*$/.test(name);
}

/**
 * The selected workspace, as hashicorp/terraform internal/command/meta.go Workspace() and WorkspaceOverridden()
 * choose it: an override (tfwhy's `--workspace`, which stands in for TF_WORKSPACE), else TF_WORKSPACE when
 * non-empty (validated: an invalid name is Terraform's error), else the `environment` file in the data dir
 * (TF_DATA_DIR when set, else `.terraform`, relative to the module dir) with surrounding whitespace trimmed
 * (bytes.TrimSpace), else `default`. Terraform does not validate the file's name, and an unreadable file is the
 * default workspace (it only logs the error).
 *
 * Throws `InvalidInputError` for an invalid TF_WORKSPACE or override.
 */
export async function selectWorkspace(world: World, dir: string, override?: string): Promise<WorkspaceSelection> {
  if (override !== undefined) {
    if (override === "" || !isValidWorkspaceName(override)) {
      throw new InvalidInputError(invalidWorkspaceMessage(override, "--workspace"));
    }
    return { name: override, from: "option" };
  }
  const fromEnv = world.env.TF_WORKSPACE;
  if (fromEnv !== undefined && fromEnv !== "") {
    if (!isValidWorkspaceName(fromEnv)) throw new InvalidInputError(invalidWorkspaceMessage(fromEnv, "TF_WORKSPACE"));
    return { name: fromEnv, from: "TF_WORKSPACE" };
  }
  const dataDir = world.env.TF_DATA_DIR ? world.env.TF_DATA_DIR : ".terraform";
  // hashicorp/terraform internal/backend/local/backend.go DefaultWorkspaceFile = "environment".
  const path = posix.resolve(dir, dataDir, "environment");
  const read = await world.fs.readText(path);
  const name = read.state === "found" ? read.text.trim() : "";
  if (name === "") return { name: DEFAULT_WORKSPACE, from: "default" };
  return { name, from: "environment-file", at: { file: displayPath(path, dir, world.homeDir), path, line: 1 } };
}

/** Go's path.Clean: `.` and `..` resolved lexically, repeated and trailing slashes dropped, "" is ".". */
export function goPathClean(p: string): string {
  if (p === "") return ".";
  const rooted = p.startsWith("/");
  const out: string[] = [];
  for (const part of p.split("/")) {
    if (part === "" || part === ".") continue;
    if (part === "..") {
      if (out.length > 0 && out[out.length - 1] !== "..") out.pop();
      else if (!rooted) out.push("..");
      continue;
    }
    out.push(part);
  }
  const joined = out.join("/");
  if (rooted) return `/${joined}`;
  return joined === "" ? "." : joined;
}

/** Go's path.Join: the non-empty elements joined by `/` and cleaned; "" when all are empty. */
export function goPathJoin(...elements: readonly string[]): string {
  const kept = elements.filter((e) => e !== "");
  return kept.length === 0 ? "" : goPathClean(kept.join("/"));
}

/**
 * The state object's key for a workspace (hashicorp/terraform internal/backend/remote-state/s3/backend_state.go
 * path): the default workspace uses `key` as is; workspace W uses path.Join(workspace_key_prefix, W, key).
 */
export function workspaceStatePath(workspace: string, workspaceKeyPrefix: string, key: string): string {
  return workspace === DEFAULT_WORKSPACE ? key : goPathJoin(workspaceKeyPrefix, workspace, key);
}

/**
 * The DynamoDB lock item's LockID for a state path (hashicorp/terraform internal/backend/remote-state/s3/client.go
 * lockPath: `<bucket>/<path>`; the digest item is that plus `-md5`).
 */
export function lockIdFor(bucket: string, statePath: string): string {
  return `${bucket}/${statePath}`;
}

/** The lockfile's key for a state path (client.go: `<path>.tflock`). */
export function lockfileKeyFor(statePath: string): string {
  return `${statePath}.tflock`;
}

/** The selection plus the paths Terraform would use for it; paths are null when bucket or key are not known. */
export function describeWorkspace(
  selection: WorkspaceSelection,
  backend: {
    readonly bucket: string | null;
    readonly key: string | null;
    readonly workspaceKeyPrefix: string;
    readonly dynamodbTable: string | null;
    readonly useLockfile: boolean;
  },
): WorkspaceAnswer {
  const { bucket, key } = backend;
  const statePath = key === null ? null : workspaceStatePath(selection.name, backend.workspaceKeyPrefix, key);
  return {
    name: selection.name,
    from: selection.from,
    ...(selection.at ? { at: selection.at } : {}),
    statePath,
    lockId: statePath !== null && bucket !== null && backend.dynamodbTable ? lockIdFor(bucket, statePath) : null,
    lockfileKey: statePath !== null && backend.useLockfile ? lockfileKeyFor(statePath) : null,
  };
}
