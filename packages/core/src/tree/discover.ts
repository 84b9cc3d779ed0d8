import { posix } from "node:path";
import type { WorldFs } from "../world/world.js";
import type { SkippedDirectory } from "./types.js";

export interface Discovery {
  /** Absolute directories whose configuration mentions `backend "s3"`, sorted. */
  readonly modules: readonly string[];
  /** Directories that could not be listed, with why. */
  readonly unreadable: readonly SkippedDirectory[];
}

/**
 * Finds the directories under `root` (itself included) that look like root modules with an S3 backend: a `.tf`
 * file containing `backend "s3" {` (or `backend s3 {`), or a `.tf.json` file mentioning `"backend"` and `"s3"`.
 * A cheap text test: explaining decides for real, and a module found using another backend is dropped then.
 *
 * Skips `node_modules` and every hidden directory (`.terraform`, `.git`, `.terragrunt-cache`…). Follows symlinked
 * directories once each: each directory is entered once by its real path, and symlinks are followed only after
 * every real directory, so a module is listed under its real path and a symlink loop ends at once. A world
 * without `realpath` has its symlinked directories left alone (nothing else could stop a loop).
 */
export async function findRootModules(root: string, fs: WorldFs): Promise<Discovery> {
  const realpath = fs.realpath?.bind(fs);
  const modules: string[] = [];
  const unreadable: SkippedDirectory[] = [];
  const seen = new Set<string>();
  const queue: string[] = [root];
  const symlinks: string[] = [];
  for (let next = 0; next < queue.length || symlinks.length > 0; ) {
    const dir = next < queue.length ? queue[next++]! : symlinks.shift()!;
    const real = realpath === undefined ? posix.normalize(dir) : await realpath(dir);
    if (real === null || seen.has(real)) continue;
    seen.add(real);
    const list = await fs.listDir(dir);
    if (list.state !== "found") {
      // A symlink to a file lands here too: not worth a warning.
      if (list.state === "unreadable" && list.notADirectory !== true) {
        unreadable.push({ path: dir, message: list.message });
      }
      continue;
    }
    let isModule = false;
    for (const entry of list.entries) {
      const path = posix.join(dir, entry.name);
      if (isConfigFile(entry.name) && (entry.kind === "file" || entry.kind === "symlink")) {
        isModule ||= await mentionsS3Backend(fs, path);
      } else if (entry.kind === "directory" && !isSkippedDirectory(entry.name)) {
        queue.push(path);
      } else if (entry.kind === "symlink" && realpath !== undefined && !isSkippedDirectory(entry.name)) {
        symlinks.push(path);
      }
    }
    if (isModule) modules.push(dir);
  }
  return { modules: modules.sort(), unreadable };
}

function isSkippedDirectory(name: string): boolean {
  return name.startsWith(".") || name === "node_modules";
}

/** Terraform's configuration files: `.tf` / `.tf.json`, not hidden or editor backups (configs.IsIgnoredFile). */
function isConfigFile(name: string): boolean {
  if (name.startsWith(".") || name.endsWith("~") || (name.startsWith("#") && name.endsWith("#"))) return false;
  return name.endsWith(".tf") || name.endsWith(".tf.json");
}

const HCL_S3_BACKEND = /\bbackend\s+(?:"s3"|s3)\s*\{/;

async function mentionsS3Backend(fs: WorldFs, path: string): Promise<boolean> {
  const read = await fs.readText(path);
  // An unreadable file makes the directory a candidate: explaining it then reports the problem for that module.
  if (read.state === "unreadable") return true;
  if (read.state === "missing") return false;
  if (path.endsWith(".tf.json")) return read.text.includes('"backend"') && /"s3"\s*:/.test(read.text);
  return HCL_S3_BACKEND.test(read.text);
}
