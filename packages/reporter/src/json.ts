import type { Explanation } from "@tfwhy/core";
import type { RecursiveReport } from "./modules.js";

/** Top-level keys in the order they are printed: `schemaVersion` first, the answer before the evidence. */
const KEY_ORDER = [
  "schemaVersion",
  "terraformVersion",
  "dir",
  "verdict",
  "credentials",
  "region",
  "backend",
  "workspace",
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
  return `${JSON.stringify(orderExplanation(explanation), null, 2)}\n`;
}

/**
 * Returns a recursive report as the JSON document `tfwhy explain --recursive DIR --format json` prints:
 * `{ schemaVersion, root, modules: [{ dir, backendConfigFiles, explanation | error }] }`, each explanation in
 * `renderJson`'s key order. Valid against `@tfwhy/reporter/recursive.schema.json`.
 */
export function renderRecursiveJson(report: RecursiveReport): string {
  const modules = report.modules.map((module) =>
    "explanation" in module
      ? {
          dir: module.dir,
          backendConfigFiles: module.backendConfigFiles,
          explanation: orderExplanation(module.explanation),
        }
      : { dir: module.dir, backendConfigFiles: module.backendConfigFiles, error: module.error },
  );
  return `${JSON.stringify({ schemaVersion: report.schemaVersion, root: report.root, modules }, null, 2)}\n`;
}

function orderExplanation(explanation: Explanation): Record<string, unknown> {
  const ordered: Record<string, unknown> = {};
  for (const key of KEY_ORDER) ordered[key] = explanation[key];
  for (const [key, value] of Object.entries(explanation)) if (!(key in ordered)) ordered[key] = value;
  return ordered;
}
