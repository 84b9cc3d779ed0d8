/** A place in a file the user can open: the evidence behind every answer. */
export interface Location {
  /** As the user would type it: relative to the root module (`env/backend.hcl`) or to home (`~/.aws/config`). */
  readonly file: string;
  /** Absolute path, for tools (SARIF, editors). */
  readonly path: string;
  /** 1-based. */
  readonly line: number;
  /** 1-based, when known. */
  readonly column?: number;
}

/** `file:line`, the way people paste locations. */
export function formatLocation(at: Location): string {
  return `${at.file}:${at.line}`;
}

/**
 * Turns an absolute path into the form people recognise: relative to `baseDir` when inside it,
 * `~/…` when inside the home directory, else unchanged.
 */
export function displayPath(path: string, baseDir: string, homeDir: string): string {
  const inside = (dir: string): string | undefined => {
    const prefix = dir.endsWith("/") ? dir : `${dir}/`;
    return path.startsWith(prefix) ? path.slice(prefix.length) : undefined;
  };
  const relative = inside(baseDir);
  const fromHome = inside(homeDir);
  // The more specific directory wins: a module under ~ shows `main.tf`, a home bundled in a module shows `~/.aws/…`.
  if (relative !== undefined && (fromHome === undefined || baseDir.length >= homeDir.length)) return relative;
  if (fromHome !== undefined) return `~/${fromHome}`;
  return path;
}
