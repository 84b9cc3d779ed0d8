import { relative } from "node:path";
import type { Check, Diagnostic, Explanation, VerifyReport, World } from "@tfwhy/core";
import { codesFor, findIgnoreConfig, type IgnoreConfig, lineOf } from "./ignore-config.js";
import type { CliIo } from "./io.js";
import { UsageError } from "./usage-error.js";

const IGNORE_HINT = 'Run "tfwhy explain --help" for usage; the README lists every code.';

/** Every code --ignore and `.tfwhy.json` accept: core's diagnostic and verify check catalogues. */
export async function knownCodes(): Promise<readonly string[]> {
  const { DIAGNOSTIC_CODES, VERIFY_CHECK_CODES } = await import("@tfwhy/core");
  return [...Object.keys(DIAGNOSTIC_CODES), ...Object.keys(VERIFY_CHECK_CODES)];
}

/** The known code closest to `code` (edit distance), for "did you mean". */
export function nearestCode(code: string, known: readonly string[]): string {
  let best = known[0] ?? "";
  let bestDistance = Number.POSITIVE_INFINITY;
  for (const candidate of known) {
    const d = editDistance(code, candidate);
    if (d < bestDistance) [best, bestDistance] = [candidate, d];
  }
  return best;
}

function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    for (let j = 1; j <= b.length; j++) {
      row[j] = Math.min(previous[j]! + 1, row[j - 1]! + 1, previous[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    previous = row;
  }
  return previous[b.length]!;
}

/** Throws a UsageError for the first `--ignore` code no catalogue knows, naming the nearest known one. */
export async function checkIgnoreFlags(codes: readonly string[]): Promise<void> {
  if (codes.length === 0) return;
  const known = await knownCodes();
  const unknown = codes.find((c) => !known.includes(c));
  if (unknown === undefined) return;
  throw new UsageError(`--ignore ${unknown}: unknown code (did you mean ${nearestCode(unknown, known)}?)`, IGNORE_HINT);
}

/** Finds the nearest `.tfwhy.json` above `dir` and checks that it only names known codes. */
export async function loadIgnoreConfig(world: World, dir: string, io: CliIo): Promise<IgnoreConfig | null> {
  const shown = (path: string) => {
    const rel = relative(io.cwd, path);
    return rel.startsWith("..") ? path : rel;
  };
  const config = await findIgnoreConfig(world, dir, shown);
  if (config === null) return null;
  const all = [...config.ignore, ...config.paths.flatMap((p) => p.ignore)];
  if (all.length === 0) return config;
  const known = await knownCodes();
  const unknown = all.find((c) => !known.includes(c));
  if (unknown === undefined) return config;
  const line = lineOf(config.text, JSON.stringify(unknown));
  throw new UsageError(
    `${shown(config.file)}${line === undefined ? "" : `:${line}`}: unknown code ${JSON.stringify(unknown)} ` +
      `(did you mean ${nearestCode(unknown, known)}?)`,
    'Fix the file: see the README, "Ignoring codes".',
  );
}

/**
 * The codes ignored for one module: the --ignore flags (checked against the catalogues) and what the nearest
 * `.tfwhy.json` ignores globally and for the module's path.
 */
export async function ignoredCodes(
  flags: readonly string[],
  world: World,
  dir: string,
  io: CliIo,
): Promise<ReadonlySet<string>> {
  await checkIgnoreFlags(flags);
  const config = await loadIgnoreConfig(world, dir, io);
  return new Set([...flags, ...(config === null ? [] : codesFor(config, dir))]);
}

/** The explanation as JSON prints it (ignored diagnostics marked) and as the other formats print it (left out). */
export function applyIgnores(
  explanation: Explanation,
  codes: ReadonlySet<string>,
): { readonly marked: Explanation; readonly shown: Explanation } {
  if (codes.size === 0) return { marked: explanation, shown: explanation };
  const diagnostics = explanation.diagnostics.map((d): Diagnostic => (codes.has(d.code) ? { ...d, ignored: true } : d));
  return {
    marked: { ...explanation, diagnostics },
    shown: { ...explanation, diagnostics: diagnostics.filter((d) => !d.ignored) },
  };
}

/**
 * A verify report as JSON prints it (ignored checks and diagnostics marked) and as the other formats print it (left
 * out). In both, `summary` and `ok` count only the checks not ignored, so the exit code follows `ok`.
 */
export function applyVerifyIgnores(
  report: VerifyReport,
  codes: ReadonlySet<string>,
  checkCode: (id: Check["id"]) => string,
): { readonly marked: VerifyReport; readonly shown: VerifyReport } {
  if (codes.size === 0) return { marked: report, shown: report };
  const explanation = applyIgnores(report.explanation, codes);
  const checks = report.checks.map((c): Check => (codes.has(checkCode(c.id)) ? { ...c, ignored: true } : c));
  const kept = checks.filter((c) => !c.ignored);
  const count = (status: Check["status"]) => kept.filter((c) => c.status === status).length;
  const summary = { pass: count("pass"), fail: count("fail"), warn: count("warn"), notChecked: count("not-checked") };
  // A passing check that is ignored still passed: only failures leave the verdict.
  const ok =
    summary.fail === 0 && report.summary.pass > 0 && !report.explanation.verdict.terraformFails && !report.cancelled;
  const marked: VerifyReport = { ...report, explanation: explanation.marked, checks, summary, ok };
  return { marked, shown: { ...marked, explanation: explanation.shown, checks: kept } };
}
