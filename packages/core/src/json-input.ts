/** The outcome of reading JSON from input: the value, or where it broke (never the parser's excerpt of the text). */
export type JsonInput =
  | { readonly ok: true; readonly value: unknown }
  | { readonly ok: false; readonly line: number | null; readonly column: number | null };

/**
 * JSON.parse for input files (backend cache, SSO cache, credential_process output, lock info). V8's error message
 * quotes an excerpt of the text, which may hold a secret, so it is dropped: only the position survives.
 */
export function parseJsonInput(text: string): JsonInput {
  try {
    return { ok: true, value: JSON.parse(text) as unknown };
  } catch (error) {
    const message = error instanceof Error ? error.message : "";
    const position = /at position (\d+)/.exec(message);
    if (position) {
      const offset = Number(position[1]);
      const before = text.slice(0, offset);
      const line = before.split("\n").length;
      return { ok: false, line, column: offset - before.lastIndexOf("\n") };
    }
    const lineColumn = /line (\d+) column (\d+)/.exec(message);
    if (lineColumn) return { ok: false, line: Number(lineColumn[1]), column: Number(lineColumn[2]) };
    return { ok: false, line: null, column: null };
  }
}

/** ` at line L, column C` for a failed read, or nothing when the position is unknown. */
export function describeJsonPosition(failed: { readonly line: number | null; readonly column: number | null }): string {
  return failed.line === null ? "" : ` at line ${failed.line}, column ${failed.column}`;
}
