import type { Explanation } from "../../packages/core/src/trace.js";
import type { GoTableExpectation } from "./go-table-case.js";

/** One assertion of a Go case, checked against tfwhy's explanation. */
export interface CaseCheck {
  readonly area: "error" | "warnings" | "source" | "assumeRoles" | "endpoint" | "region";
  readonly ok: boolean;
  readonly go: string;
  readonly tfwhy: string;
}

const shown = (v: unknown): string => (v === null || v === undefined ? "none" : JSON.stringify(v));
/**
 * The Go tests read the URL the SDK sends to (`https://host` → `https://host/`, a scheme-less `s3.test` → `/s3.test`
 * or `s3.test/`); tfwhy reports the configured value. Slashes at either end say nothing about the choice.
 */
const withoutTrailingSlash = (url: string | null | undefined): string | null =>
  url?.replace(/\/+$/, "").replace(/^\/+/, "") ?? null;

/** The error summaries tfwhy says Terraform prints: the verdict's first error, then every diagnostic's. */
export function tfwhyErrors(explanation: Explanation): string[] {
  if (explanation.verdict.terraformFails !== true) return [];
  const summaries = explanation.diagnostics.flatMap((d) => (d.terraformError ? [d.terraformError] : []));
  return [...new Set([explanation.verdict.firstError ?? "", ...summaries].filter((s) => s !== ""))];
}

/** The warning summaries tfwhy says Terraform's backend emits (diagnostics carrying `terraformWarning`). */
export function tfwhyWarnings(explanation: Explanation): string[] {
  return explanation.diagnostics.flatMap((d) => (d.terraformWarning ? [d.terraformWarning] : []));
}

/**
 * Checks what the Go case asserts (and only that) against the explanation. The error is Go's first error summary
 * and must be among the errors tfwhy says Terraform prints (tfwhy may add errors Terraform would print later);
 * warnings compare as a multiset of summaries; the key itself is never compared (a mock server issues it).
 */
export function compareCase(expect: GoTableExpectation, explanation: Explanation): CaseCheck[] {
  const checks: CaseCheck[] = [];
  if (expect.error !== undefined) {
    const errors = tfwhyErrors(explanation);
    const ok = expect.error === null ? errors.length === 0 : errors.includes(expect.error);
    checks.push({ area: "error", ok, go: shown(expect.error), tfwhy: errors.length > 0 ? errors.join(" | ") : "none" });
  }
  if (expect.warnings !== undefined) {
    const want = [...expect.warnings].sort();
    const got = tfwhyWarnings(explanation).sort();
    checks.push({ area: "warnings", ok: shown(want) === shown(got), go: shown(want), tfwhy: shown(got) });
  }
  if (expect.source !== undefined) {
    const got = explanation.credentials.source;
    checks.push({ area: "source", ok: got === expect.source, go: expect.source, tfwhy: shown(got) });
  }
  if (expect.assumeRoles !== undefined) {
    const got = explanation.credentials.assumeRoles;
    checks.push({
      area: "assumeRoles",
      ok: shown(got) === shown(expect.assumeRoles),
      go: shown(expect.assumeRoles),
      tfwhy: shown(got),
    });
  }
  if (expect.endpoint !== undefined) {
    const got = withoutTrailingSlash(explanation.endpoints[expect.endpoint.service]?.url);
    const want = withoutTrailingSlash(expect.endpoint.url);
    checks.push({
      area: "endpoint",
      ok: got === want,
      go: `${expect.endpoint.service} ${shown(want)}`,
      tfwhy: `${expect.endpoint.service} ${shown(got)}`,
    });
  }
  if (expect.region !== undefined) {
    const got = explanation.region.value;
    checks.push({ area: "region", ok: got === expect.region, go: expect.region, tfwhy: shown(got) });
  }
  return checks;
}

/** The failed checks as one line, for a test failure or the report. */
export const describeMismatch = (checks: readonly CaseCheck[]): string =>
  checks
    .filter((c) => !c.ok)
    .map((c) => `${c.area}: Go ${c.go}, tfwhy ${c.tfwhy}`)
    .join("; ");
