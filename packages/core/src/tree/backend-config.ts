import { posix } from "node:path";
import { BackendConfigFileNotFoundError } from "../errors.js";
import type { WorldFs } from "../world/world.js";

/** One module of a tree, ready to run. */
export interface ModulePlan {
  /** Absolute module directory. */
  readonly dir: string;
  /** The -backend-config values for this module: files absolute, KEY=VALUE as given. */
  readonly backendConfig: readonly string[];
  /** The files among them, relative to the module, for the report. */
  readonly backendConfigFiles: readonly string[];
}

/**
 * The -backend-config rule for a tree: KEY=VALUE (and the empty value) apply to every module; an absolute FILE
 * applies to every module and must exist; a relative FILE is looked up in each module, as Terraform would read it
 * there, and applies only to the modules that have it (it must exist in at least one).
 * Throws `BackendConfigFileNotFoundError` for a file that exists nowhere.
 */
export async function planModules(
  dirs: readonly string[],
  values: readonly string[],
  fs: WorldFs,
): Promise<ModulePlan[]> {
  const exists = async (path: string) => (await fs.readText(path)).state !== "missing";
  for (const value of values) {
    if (isFile(value) && posix.isAbsolute(value) && !(await exists(value))) {
      throw new BackendConfigFileNotFoundError(value, "missing", dirs.length);
    }
  }
  const plans: ModulePlan[] = [];
  const used = new Set<string>();
  for (const dir of dirs) {
    const backendConfig: string[] = [];
    const backendConfigFiles: string[] = [];
    for (const value of values) {
      if (!isFile(value)) {
        backendConfig.push(value);
        continue;
      }
      const path = posix.resolve(dir, value);
      if (!posix.isAbsolute(value) && !(await exists(path))) continue;
      used.add(value);
      backendConfig.push(path);
      backendConfigFiles.push(posix.relative(dir, path));
    }
    plans.push({ dir, backendConfig, backendConfigFiles });
  }
  const unused = values.find((value) => isFile(value) && !used.has(value));
  if (unused !== undefined) throw new BackendConfigFileNotFoundError(unused, "in-no-module", dirs.length);
  return plans;
}

/** Terraform reads a value without `=` as a file path; `KEY=VALUE` and the empty value are not files. */
function isFile(value: string): boolean {
  return value !== "" && !value.includes("=");
}
