import { readdir, readFile, realpath } from "node:fs/promises";
import { homedir } from "node:os";
import type { DirEntry, DirList, FileRead, World } from "./world.js";

/** The real world: the only module in core that touches `process`, `node:fs` or `node:os`. */
export function createNodeWorld(overrides: Partial<World> = {}): World {
  return {
    env: { ...process.env },
    homeDir: homedir(),
    cwd: process.cwd(),
    fs: { readText: readTextFromDisk, listDir: listDirFromDisk, realpath: realpathOnDisk },
    clock: { now: () => new Date() },
    ...overrides,
  };
}

async function readTextFromDisk(path: string): Promise<FileRead> {
  try {
    return { state: "found", text: await readFile(path, "utf8") };
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === "ENOENT" || code === "ENOTDIR") return { state: "missing" };
    return { state: "unreadable", message: describeFsError(error) };
  }
}

async function listDirFromDisk(path: string): Promise<DirList> {
  try {
    const dirents = await readdir(path, { withFileTypes: true });
    const entries: DirEntry[] = dirents
      .map(
        (d) =>
          ({
            name: d.name,
            kind: d.isFile() ? "file" : d.isDirectory() ? "directory" : d.isSymbolicLink() ? "symlink" : "other",
          }) satisfies DirEntry,
      )
      .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    return { state: "found", entries };
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === "ENOENT") return { state: "missing" };
    if (code === "ENOTDIR") return { state: "unreadable", message: describeFsError(error), notADirectory: true };
    return { state: "unreadable", message: describeFsError(error) };
  }
}

async function realpathOnDisk(path: string): Promise<string | null> {
  try {
    return await realpath(path);
  } catch {
    return null;
  }
}

function describeFsError(error: unknown): string {
  const e = error as NodeJS.ErrnoException;
  switch (e.code) {
    case "EACCES":
    case "EPERM":
      return "permission denied";
    case "EISDIR":
      return "is a directory";
    case "ENOTDIR":
      return "not a directory";
    default:
      return e.code ?? String(e.message);
  }
}
