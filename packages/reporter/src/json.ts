import type { Explanation } from "@tfwhy/core";

/** Top-level keys in the order they are printed: `schemaVersion` first, the answer before the evidence. */
const KEY_ORDER = [
  "schemaVersion",
  "terraformVersion",
  "dir",
  "verdict",
  "credentials",
  "region",
  "backend",
  "endpoints",
  "steps",
  "diagnostics",
] as const satisfies readonly (keyof Explanation)[];

/**
 * Returns the explanation as the JSON document `tfwhy explain --format json` prints: two-space indented,
 * `schemaVersion` first, then a fixed top-level key order, ending with a newline. Valid against
 * `@tfwhy/reporter/schema.json`. Never colored.
 */
export function renderJson(explanation: Explanation): string {
  const ordered: Record<string, unknown> = {};
  for (const key of KEY_ORDER) ordered[key] = explanation[key];
  for (const [key, value] of Object.entries(explanation)) if (!(key in ordered)) ordered[key] = value;
  return `${JSON.stringify(ordered, null, 2)}\n`;
}
