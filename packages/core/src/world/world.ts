/**
 * The one door to the outside world. Core never touches `process`, `node:fs` or the clock directly:
 * everything it reads comes through a `World`, so tests describe a world instead of mocking modules.
 */
export interface World {
  /** A snapshot of the environment (never `process.env` itself: nothing in core may mutate it). */
  readonly env: Readonly<Record<string, string | undefined>>;
  /** What Go's `os.UserHomeDir()` would return for Terraform (used for `~` and the default `~/.aws/*`). */
  readonly homeDir: string;
  /** The working directory relative paths are resolved against (Terraform resolves them against its cwd). */
  readonly cwd: string;
  readonly fs: WorldFs;
  readonly clock: { now(): Date };
}

export interface WorldFs {
  /** Missing is an answer, not an exception; unreadable (EACCES, EISDIR…) is a different answer. */
  readText(path: string): Promise<FileRead>;
  /** Entries of a directory, sorted by name. */
  listDir(path: string): Promise<DirList>;
}

export type FileRead =
  | { readonly state: "found"; readonly text: string }
  | { readonly state: "missing" }
  | { readonly state: "unreadable"; readonly message: string };

export interface DirEntry {
  readonly name: string;
  readonly kind: "file" | "directory" | "symlink" | "other";
}

export type DirList =
  | { readonly state: "found"; readonly entries: readonly DirEntry[] }
  | { readonly state: "missing" }
  | { readonly state: "unreadable"; readonly message: string };
