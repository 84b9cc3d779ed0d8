import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { type Figure, recordFigures } from "../../../reliability/record.js";

/**
 * Records figures for an item that two test files measure (env-file-node: the built bin in bin-env-file.e2e.test.ts,
 * the npm- and pnpm-installed bin in pack-check.test.ts): keeps the figures the other one already recorded.
 */
export function mergeFigures(item: string, figures: Readonly<Record<string, Figure>>): void {
  let earlier: Record<string, Figure> = {};
  try {
    const file = fileURLToPath(new URL(`../../../reliability/.results/${item}.json`, import.meta.url));
    earlier = (JSON.parse(readFileSync(file, "utf8")) as { figures?: Record<string, Figure> }).figures ?? {};
  } catch {
    // Nothing recorded yet.
  }
  recordFigures(item, { ...earlier, ...figures });
}
