import { posix } from "node:path";
import { displayPath } from "../location.js";
import type { World } from "../world/world.js";
import { parseHcl } from "./hcl.js";
import type { ModuleProblem } from "./module-problems.js";
import { checkAgainstSchema } from "./schema-check.js";

/** A backend configuration file found next to the module, and the attributes it sets. */
export interface BackendConfigCandidate {
  /** As the user would pass it: relative to the module directory (Terraform's working directory). */
  readonly file: string;
  readonly sets: ReadonlySet<string>;
}

const CANDIDATE_FILE = /^[^.].*\.(hcl|tfbackend)$/;
/** Files in these directories belong to something else (child modules, Terraform's own cache). */
const SKIPPED_DIRS = new Set(["modules", "node_modules"]);

/**
 * `*.hcl` / `*.tfbackend` files in the module directory and its direct subdirectories (env/, backend/, config/…)
 * that read as backend configuration: read through the World and parsed, never executed. A file that does not parse
 * is not a candidate.
 */
export async function findBackendConfigCandidates(world: World, dir: string): Promise<BackendConfigCandidate[]> {
  const paths: string[] = [];
  const top = await world.fs.listDir(dir);
  if (top.state !== "found") return [];
  for (const entry of top.entries) {
    if (entry.kind === "file" && CANDIDATE_FILE.test(entry.name)) paths.push(posix.join(dir, entry.name));
    if (entry.kind !== "directory" || entry.name.startsWith(".") || SKIPPED_DIRS.has(entry.name)) continue;
    const sub = await world.fs.listDir(posix.join(dir, entry.name));
    if (sub.state !== "found") continue;
    for (const child of sub.entries) {
      if (child.kind === "file" && CANDIDATE_FILE.test(child.name)) paths.push(posix.join(dir, entry.name, child.name));
    }
  }
  const candidates: BackendConfigCandidate[] = [];
  for (const path of paths) {
    const read = await world.fs.readText(path);
    if (read.state !== "found") continue;
    const file = displayPath(path, dir, world.homeDir);
    try {
      const body = await parseHcl(read.text, { file, path });
      const { attributes } = checkAgainstSchema(body, "backend-config-file");
      candidates.push({ file, sets: new Set(attributes.map((a) => a.name)) });
    } catch {
      // Not HCL tfwhy can read (or not backend configuration at all): not something to suggest.
    }
  }
  return candidates;
}

const MAX_NAMED = 3;

/**
 * The missing bucket/key fixes, naming the files next to the module that set the missing attributes (when no
 * -backend-config file was given): `-backend-config=env/prod.hcl` sets bucket and key.
 */
export function withCandidateFixes(
  problems: readonly ModuleProblem[],
  candidates: readonly BackendConfigCandidate[],
): ModuleProblem[] {
  const named = problems.flatMap((p) => (p.code === "attribute-required" && p.attribute ? [p.attribute] : []));
  const setting = candidates.filter((c) => named.some((n) => c.sets.has(n)));
  if (setting.length === 0) return [...problems];
  const described = setting.slice(0, MAX_NAMED).map((c) => {
    const sets = named.filter((n) => c.sets.has(n));
    return `-backend-config=${c.file} (sets ${sets.join(" and ")})`;
  });
  const more = setting.length > MAX_NAMED ? `, or one of ${setting.length - MAX_NAMED} more` : "";
  const fix =
    `No -backend-config file was given; ${setting.length === 1 ? "this file" : "these files"} next to the module ` +
    `${setting.length === 1 ? "sets" : "set"} it: pass ${described.join(", or ")}${more}.`;
  return problems.map((p) => (p.code === "attribute-required" ? { ...p, fix } : p));
}
