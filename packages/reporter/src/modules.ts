import type { ModuleBase, ModuleResult, VerifyModuleResult, VerifySummary } from "@tfwhy/core";
import { countDiagnostics } from "./describe.js";

// The per-module results are core's (explainTree / verifyTree); this package renders them.
export type { ModuleBase, ModuleError, ModuleResult, VerifyModuleResult } from "@tfwhy/core";

/**
 * Every root module with an S3 backend found under a directory, in path order. The shape
 * `tfwhy explain --recursive DIR --format json` prints (see `@tfwhy/reporter/recursive.schema.json`).
 */
export interface RecursiveReport {
  readonly schemaVersion: 1;
  /** Absolute path of the directory that was searched. */
  readonly root: string;
  readonly modules: readonly ModuleResult[];
}

/**
 * Every root module with an S3 backend found under a directory, verified live, in path order. The shape
 * `tfwhy verify --recursive DIR --format json` prints (see `@tfwhy/reporter/recursive-verify.schema.json`).
 */
export interface RecursiveVerifyReport {
  readonly schemaVersion: 1;
  /** Absolute path of the directory that was searched. */
  readonly root: string;
  readonly modules: readonly VerifyModuleResult[];
  /**
   * AWS calls not sent because an identical call (same operation, target, credentials, parameters) was made for
   * another module.
   */
  readonly dedupedCalls: number;
}

/**
 * `ok`: Terraform gets past backend configuration (verify: every check passed); `fails`: it would not (verify: a
 * check failed, or Terraform fails before reaching AWS); `error`: the module was not explained or verified.
 */
export type ModuleStatus = "ok" | "fails" | "error";

export function moduleStatus(module: ModuleResult): ModuleStatus {
  if (!("explanation" in module)) return "error";
  return module.explanation.verdict.terraformFails ? "fails" : "ok";
}

export function verifyModuleStatus(module: VerifyModuleResult): ModuleStatus {
  if (!("report" in module)) return "error";
  return module.report.ok ? "ok" : "fails";
}

/** Counts for the summary line and table of a recursive verify report: modules by status, checks by result. */
export function summarizeVerifyModules(report: RecursiveVerifyReport) {
  const status: Record<ModuleStatus, number> = { ok: 0, fails: 0, error: 0 };
  const checks: { -readonly [K in keyof VerifySummary]: number } = { pass: 0, fail: 0, warn: 0, notChecked: 0 };
  for (const module of report.modules) {
    status[verifyModuleStatus(module)]++;
    if (!("report" in module)) continue;
    for (const key of Object.keys(checks) as (keyof VerifySummary)[]) checks[key] += module.report.summary[key];
  }
  return { total: report.modules.length, status, checks };
}

/** `-backend-config=env/a.hcl -backend-config=b.hcl`: the files applied to a module, as flags. */
export function backendConfigFlags(module: ModuleBase): readonly string[] {
  return module.backendConfigFiles.map((file) => `-backend-config=${file}`);
}

/** Counts for the summary line and table of a recursive report. */
export function summarizeModules(report: RecursiveReport) {
  const status: Record<ModuleStatus, number> = { ok: 0, fails: 0, error: 0 };
  for (const module of report.modules) status[moduleStatus(module)]++;
  const explained = report.modules.flatMap((m) => ("explanation" in m ? [m.explanation] : []));
  const diagnostics = countDiagnostics(explained.flatMap((e) => e.diagnostics));
  return { total: report.modules.length, status, diagnostics };
}

/** "1 root module", "57 root modules". */
export function pluralize(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? "" : "s"}`;
}
