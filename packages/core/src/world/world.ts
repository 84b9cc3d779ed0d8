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
  /**
   * The canonical path (symlinks resolved), or null when it does not exist. Lets a search of a directory tree
   * enter each directory once; a world without it has its symlinked directories left unsearched.
   */
  realpath?(path: string): Promise<string | null>;
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
  | {
      readonly state: "unreadable";
      readonly message: string;
      /** The path is a file (or a symlink to one): set so callers need not read `message`. */
      readonly notADirectory?: true;
    };
