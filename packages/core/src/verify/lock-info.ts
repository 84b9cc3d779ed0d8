/** Terraform's statemgr.LockInfo, as stored in the lock item's `Info` attribute or the `.tflock` object. */
export interface LockInfo {
  readonly id: string | null;
  readonly operation: string | null;
  readonly who: string | null;
  readonly version: string | null;
  readonly created: string | null;
  readonly path: string | null;
  readonly info: string | null;
}

/** Parses a LockInfo JSON document; null when it is not one (users sometimes find empty or truncated items). */
export function parseLockInfo(text: string | undefined): LockInfo | null {
  if (!text) return null;
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return null;
  }
  if (json === null || typeof json !== "object" || Array.isArray(json)) return null;
  const o = json as Record<string, unknown>;
  const s = (k: string) => (typeof o[k] === "string" && o[k] !== "" ? (o[k] as string) : null);
  return {
    id: s("ID"),
    operation: s("Operation"),
    who: s("Who"),
    version: s("Version"),
    created: s("Created"),
    path: s("Path"),
    info: s("Info"),
  };
}
