/** The results file the test writes and generate-report.ts reads (conformance/.results/results.json). */
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import type { Comparison } from "./compare.js";
import type { Expectation, RequestRecord, TerraformObservation, TerraformWarningSeen } from "./types.js";

export const RESULTS_PATH = join(dirname(fileURLToPath(import.meta.url)), "..", ".results", "results.json");

/** tfwhy's answer, condensed (null in observe-only mode or when explainCredentials threw). */
export interface PredictionSummary {
  readonly status: string;
  readonly source: string | null;
  readonly sourceFile: string | null;
  readonly accessKeyId: string | null;
  readonly profile: string | null;
  readonly assumeRoles: readonly string[];
  readonly region: string | null;
  readonly error: string | null;
  readonly threw?: string;
}

export interface ScenarioResult {
  readonly name: string;
  readonly rule: string;
  readonly unverified: boolean;
  /** Set when the scenario is observed only (the outcome is decided at run time, see Scenario.decidedAtRunTime). */
  readonly decidedAtRunTime: string | null;
  readonly expect: Expectation | null;
  /** Observation without the bulky per-command output. */
  readonly observation: Omit<TerraformObservation, "commands"> & {
    readonly commands: readonly {
      command: string;
      exitCode: number;
      durationMs: number;
      credentialsSources: readonly string[];
      warnings: readonly TerraformWarningSeen[];
      requests: readonly RequestRecord[];
    }[];
  };
  readonly contradictions: readonly string[];
  readonly prediction: PredictionSummary | null;
  readonly comparison: Comparison | null;
}

export interface ResultsFile {
  readonly generatedAt: string;
  readonly terraform: string;
  readonly moto: string;
  readonly mode: "observe" | "compare";
  readonly durationMs: number;
  readonly results: readonly ScenarioResult[];
}

export function writeResults(file: ResultsFile, path = RESULTS_PATH): void {
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, `${JSON.stringify(file, null, 2)}\n`);
}

export function readResults(path = RESULTS_PATH): ResultsFile {
  return JSON.parse(readFileSync(path, "utf8")) as ResultsFile;
}
