import { UsageError } from "./usage-error.js";

/**
 * Parses `KEY=VALUE` lines, as in a `.env` file: blank lines and `#` comments are skipped, an `export ` prefix
 * is allowed, and one pair of matching quotes around the value is removed. No variable expansion. Throws a
 * `UsageError` naming `file:line` for anything else.
 */
export function parseEnvFile(text: string, file: string): Record<string, string> {
  const env: Record<string, string> = {};
  const lines = text.split(/\r?\n/);
  for (const [index, raw] of lines.entries()) {
    const line = raw.trim();
    if (line === "" || line.startsWith("#")) continue;
    const match = /^(?:export\s+)?([A-Za-z_][A-Za-z0-9_]*)\s*=(.*)$/.exec(line);
    if (match === null) {
      // Never echo the line: a malformed line is often a secret pasted on its own.
      throw new UsageError(
        `${file}:${index + 1}: expected KEY=VALUE, found ${describeMalformedLine(line)}`,
        "Each line of --env-file is KEY=VALUE, a blank line or a # comment.",
      );
    }
    env[match[1]!] = unquote(match[2]!.trim());
  }
  return env;
}

/** What a malformed line looks like, without its text: which rule it breaks and how long it is. */
function describeMalformedLine(line: string): string {
  const eq = line.indexOf("=");
  if (eq === -1) return `a line without "=" (${line.length} characters)`;
  return `an invalid variable name before "=" (${eq} characters)`;
}

function unquote(value: string): string {
  const first = value[0];
  if (value.length >= 2 && (first === '"' || first === "'") && value.endsWith(first)) return value.slice(1, -1);
  return value;
}
