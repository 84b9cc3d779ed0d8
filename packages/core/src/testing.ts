import { posix } from "node:path";
import type { DirEntry, DirList, FileRead, World } from "./world/world.js";

export interface FakeWorldSpec {
  /** Environment variables; nothing from the real environment leaks in. */
  readonly env?: Readonly<Record<string, string | undefined>>;
  /** Files by path. `~/…` is under `homeDir`; relative paths are under `cwd`. `null` marks an unreadable file. */
  readonly files?: Readonly<Record<string, string | null>>;
  readonly homeDir?: string;
  readonly cwd?: string;
  /** ISO timestamp the clock reports. */
  readonly now?: string;
}

/**
 * A world made of plain data, for tests and for explaining someone else's setup. Every path it does not
 * list is missing, so a test can never read the developer's real `~/.aws`.
 */
export function createFakeWorld(spec: FakeWorldSpec = {}): World {
  const homeDir = spec.homeDir ?? "/home/user";
  const cwd = spec.cwd ?? "/work/project";
  const files = new Map<string, string | null>();
  for (const [path, text] of Object.entries(spec.files ?? {})) {
    files.set(absolutize(path, homeDir, cwd), text === null ? null : dedentIfTemplate(text));
  }
  const now = new Date(spec.now ?? "2026-01-01T00:00:00.000Z");
  return {
    env: { ...(spec.env ?? {}) },
    homeDir,
    cwd,
    clock: { now: () => now },
    fs: {
      async readText(path: string): Promise<FileRead> {
        const text = files.get(posix.normalize(path));
        if (text === undefined) {
          return isDirectory(files, path) ? { state: "unreadable", message: "is a directory" } : { state: "missing" };
        }
        if (text === null) return { state: "unreadable", message: "permission denied" };
        return { state: "found", text };
      },
      async listDir(path: string): Promise<DirList> {
        const dir = posix.normalize(path).replace(/\/$/, "");
        const names = new Map<string, DirEntry["kind"]>();
        for (const file of files.keys()) {
          if (!file.startsWith(`${dir}/`)) continue;
          const rest = file.slice(dir.length + 1);
          const slash = rest.indexOf("/");
          names.set(slash === -1 ? rest : rest.slice(0, slash), slash === -1 ? "file" : "directory");
        }
        if (names.size === 0) return { state: "missing" };
        const entries = [...names].map(([name, kind]) => ({ name, kind })).sort((a, b) => (a.name < b.name ? -1 : 1));
        return { state: "found", entries };
      },
      async realpath(path: string): Promise<string | null> {
        // No symlinks here: a path is its own real path when it exists.
        const normalized = posix.normalize(path);
        return files.has(normalized) || isDirectory(files, normalized) ? normalized : null;
      },
    },
  };
}

function absolutize(path: string, homeDir: string, cwd: string): string {
  if (path === "~" || path.startsWith("~/")) return posix.normalize(posix.join(homeDir, path.slice(1)));
  return posix.normalize(posix.isAbsolute(path) ? path : posix.join(cwd, path));
}

function isDirectory(files: Map<string, string | null>, path: string): boolean {
  const dir = `${posix.normalize(path).replace(/\/$/, "")}/`;
  for (const file of files.keys()) if (file.startsWith(dir)) return true;
  return false;
}

/** Lets tests write indented template literals: strips the common leading indentation and the first/last blank line. */
function dedentIfTemplate(text: string): string {
  if (!text.startsWith("\n")) return text;
  const lines = text
    .slice(1)
    .replace(/\n[ \t]*$/, "\n")
    .split("\n");
  const indents = lines.filter((l) => l.trim() !== "").map((l) => /^[ \t]*/.exec(l)![0].length);
  const cut = indents.length ? Math.min(...indents) : 0;
  return lines.map((l) => l.slice(cut)).join("\n");
}
