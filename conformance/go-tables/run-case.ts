import { explainCredentials } from "../../packages/core/src/explain.js";
import { CASE_DIR, worldForCase } from "./case-world.js";
import { type CaseCheck, compareCase } from "./compare-case.js";
import type { GoTableCase } from "./go-table-case.js";

/** A compared case's outcome: its checks, or the input error tfwhy threw (itself a disagreement). */
export interface CaseResult {
  readonly checks: readonly CaseCheck[];
  readonly agree: boolean;
}

/** Explains the case's world offline and checks what the Go case asserts. */
export async function runCase(c: GoTableCase): Promise<CaseResult> {
  let checks: CaseCheck[];
  try {
    const explanation = await explainCredentials({ dir: CASE_DIR }, worldForCase(c));
    checks = compareCase(c.expect ?? {}, explanation);
  } catch (error) {
    // tfwhy rejects the input (e.g. a value it cannot read): agreement only if Go expects an error here too.
    const message = error instanceof Error ? error.message : String(error);
    checks = [{ area: "error", ok: false, go: JSON.stringify(c.expect?.error ?? null), tfwhy: `threw: ${message}` }];
  }
  return { checks, agree: checks.every((check) => check.ok) };
}
