import { dirname, join, posix, relative, sep } from "node:path";
import type { World } from "@tfwhy/core";
import { jsonError } from "./json-error.js";
import { UsageError } from "./usage-error.js";

/** The checked-in configuration file, found upward from the module directory. */
export const CONFIG_FILE = ".tfwhy.json";

const CONFIG_HINT = 'Fix the file: see the README, "Ignoring codes", and @tfwhy/reporter/config.schema.json.';

/** One `paths` entry: codes ignored for the modules `path` matches. */
export interface PathIgnore {
  readonly path: string;
  readonly ignore: readonly string[];
}

/** A `.tfwhy.json`, read and checked for shape (codes are checked against the catalogues by the caller). */
export interface IgnoreConfig {
  /** Absolute path of the file. */
  readonly file: string;
  /** The file's text, to find the line a code is on. */
  readonly text: string;
  readonly ignore: readonly string[];
  readonly paths: readonly PathIgnore[];
}

/**
 * The nearest `.tfwhy.json` at or above `dir`: looks in each directory up to the first one that holds `.git` (the
 * repository root) or the filesystem root. Null when there is none. A file that is not valid JSON or not of the
 * documented shape is a UsageError naming the file and, where known, the line.
 */
export async function findIgnoreConfig(
  world: World,
  dir: string,
  shown: (path: string) => string,
): Promise<IgnoreConfig | null> {
  for (let current = dir; ; current = dirname(current)) {
    const list = await world.fs.listDir(current);
    const names = list.state === "found" ? new Set(list.entries.map((e) => e.name)) : new Set<string>();
    if (names.has(CONFIG_FILE)) return readIgnoreConfig(world, join(current, CONFIG_FILE), shown);
    // A worktree's .git is a file, a clone's a directory: either marks the repository root.
    if (names.has(".git") || dirname(current) === current) return null;
  }
}

async function readIgnoreConfig(world: World, file: string, shown: (path: string) => string): Promise<IgnoreConfig> {
  const read = await world.fs.readText(file);
  const name = shown(file);
  if (read.state === "missing") return { file, text: "", ignore: [], paths: [] };
  if (read.state === "unreadable") throw new UsageError(`${name}: ${read.message}`, CONFIG_HINT);
  const text = read.text;
  const invalid = jsonError(text);
  if (invalid !== null)
    throw new UsageError(`${name}:${lineAt(text, invalid.offset)}: not valid JSON: ${invalid.problem}`, CONFIG_HINT);
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    // What the scanner lets through (a bad escape): JSON.parse's own words, first line only.
    const reason = (error instanceof Error ? error.message : String(error)).split("\n", 1)[0];
    throw new UsageError(`${name}: not valid JSON: ${reason}`, CONFIG_HINT);
  }
  const fail = (what: string, key?: string): never => {
    const line = key === undefined ? undefined : lineOf(text, `"${key}"`);
    throw new UsageError(`${name}${line === undefined ? "" : `:${line}`}: ${what}`, CONFIG_HINT);
  };
  if (!isRecord(data)) return fail("must be a JSON object");
  for (const key of Object.keys(data)) {
    if (!["$schema", "ignore", "paths"].includes(key)) fail(`unknown key "${key}" (keys: ignore, paths)`, key);
  }
  const ignore = data.ignore === undefined ? [] : data.ignore;
  if (!isStringArray(ignore)) return fail('"ignore" must be an array of codes', "ignore");
  const rawPaths = data.paths === undefined ? [] : data.paths;
  if (!Array.isArray(rawPaths)) return fail('"paths" must be an array of { "path", "ignore" } objects', "paths");
  const paths = rawPaths.map((entry: unknown): PathIgnore => {
    if (!isRecord(entry) || typeof entry.path !== "string" || entry.path === "" || !isStringArray(entry.ignore))
      return fail('each "paths" entry must be { "path": "dir or glob", "ignore": ["code", …] }', "paths");
    const extra = Object.keys(entry).find((k) => k !== "path" && k !== "ignore");
    if (extra !== undefined) return fail(`unknown key "${extra}" in a "paths" entry (keys: path, ignore)`, extra);
    return { path: entry.path, ignore: entry.ignore };
  });
  return { file, text, ignore, paths };
}

/** The codes a config ignores for the module in `moduleDir`: its global list and every `paths` entry matching it. */
export function codesFor(config: IgnoreConfig, moduleDir: string): string[] {
  const rel = relative(dirname(config.file), moduleDir).split(sep).join("/") || ".";
  return [...config.ignore, ...config.paths.filter((p) => pathMatches(p.path, rel)).flatMap((p) => p.ignore)];
}

/**
 * Whether a `paths` entry matches a module directory (both relative to the config file, `/`-separated). Without
 * `*` or `?` the entry is a directory prefix; with them, a glob (`*` and `?` within a segment, `**` any segments).
 */
export function pathMatches(pattern: string, moduleRel: string): boolean {
  const clean = posix.normalize(pattern.replace(/^\.\/+/, "")).replace(/\/+$/, "") || ".";
  if (!/[*?]/.test(clean)) return clean === "." || moduleRel === clean || moduleRel.startsWith(`${clean}/`);
  return globToRegExp(clean).test(moduleRel);
}

function globToRegExp(glob: string): RegExp {
  let source = "";
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i]!;
    if (c === "*" && glob[i + 1] === "*") {
      const slash = glob[i + 2] === "/";
      source += slash ? "(?:.*/)?" : ".*";
      i += slash ? 2 : 1;
    } else if (c === "*") source += "[^/]*";
    else if (c === "?") source += "[^/]";
    else source += c.replace(/[.+^${}()|[\]\\]/g, "\\$&");
  }
  return new RegExp(`^${source}$`);
}

/** 1-based line of the first occurrence of `needle`, or undefined. */
export function lineOf(text: string, needle: string): number | undefined {
  const at = text.indexOf(needle);
  return at === -1 ? undefined : lineAt(text, at);
}

function lineAt(text: string, offset: number): number {
  return text.slice(0, offset).split("\n").length;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function isStringArray(value: unknown): value is string[] {
  return Array.isArray(value) && value.every((v) => typeof v === "string");
}
