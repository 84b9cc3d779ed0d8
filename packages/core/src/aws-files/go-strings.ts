// Go's text rules the shared-config code relies on.

// Go's %q for the printable strings profile names are; JSON escaping matches it for quotes and backslashes.
export function goQuote(s: string): string {
  return JSON.stringify(s);
}

// Go strings.EqualFold, for the ASCII words compared here.
export function equalFold(a: string, b: string): boolean {
  return a.toLowerCase() === b.toLowerCase();
}

// Go Sections.List: sort.Strings (byte order; UTF-16 order agrees for the BMP text profile names use).
export function sortedKeys(map: ReadonlyMap<string, unknown>): string[] {
  return [...map.keys()].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}
