/**
 * Figures for docs/reliability.md, written by the tests that measure them.
 *
 * Each reliability test calls `recordFigures(item, figures)` with what it actually measured (inputs tried, faults
 * injected, interrupts sent, time bounds observed, leftovers). The figures land in `reliability/.results/<item>.json`
 * (git-ignored, so `pnpm test` leaves the tree clean); `pnpm reliability` runs the long versions of the tests and
 * regenerates docs/reliability.md from those files (scripts/reliability-report.mjs).
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

/** One figure: a count, a duration in ms, or a short text. */
export type Figure = number | string | boolean;

const RESULTS_DIR = join(dirname(fileURLToPath(import.meta.url)), ".results");

/** True when the long versions of the reliability tests should run (`pnpm reliability`, `TFWHY_LONG=1`). */
export const LONG_RUN = process.env["TFWHY_LONG"] === "1";

/**
 * Records (replaces) the figures of one reliability item. `item` is a stable id listed in
 * scripts/reliability-report.mjs; `figures` keys are human-readable labels.
 */
export function recordFigures(item: string, figures: Readonly<Record<string, Figure>>): void {
  mkdirSync(RESULTS_DIR, { recursive: true });
  const file = join(RESULTS_DIR, `${item}.json`);
  const body = { item, long: LONG_RUN, recordedAt: new Date().toISOString(), figures };
  writeFileSync(file, `${JSON.stringify(body, null, 2)}\n`);
}
