/**
 * Terraform 1.11.4's own S3-backend test tables, ported as data (conformance/go-tables/), run offline against
 * explainCredentials: one test per compared case, checking only what the Go case asserts and tfwhy can decide
 * without a server. Needs neither Terraform nor moto.
 */
import { describe, expect, it } from "vitest";
import { ALL_GO_TABLE_CASES } from "./go-tables/all-cases.js";
import { describeMismatch } from "./go-tables/compare-case.js";
import { caseId, caseUrl } from "./go-tables/go-table-case.js";
import { KNOWN_DISAGREEMENTS } from "./go-tables/known-disagreements.js";
import { runCase } from "./go-tables/run-case.js";

const ALL_CASES = ALL_GO_TABLE_CASES;

describe("Go test tables (Terraform 1.11.4 S3 backend)", () => {
  for (const c of ALL_CASES) {
    const id = caseId(c);
    if (c.skip) {
      it.skip(`${id} — skipped: ${c.skip}`, () => {});
      continue;
    }
    const known = KNOWN_DISAGREEMENTS[id];
    it(id, async () => {
      const result = await runCase(c);
      if (known) {
        expect(result.agree, `stale entry: remove it (${id} now agrees; ${caseUrl(c)})`).toBe(false);
      } else {
        expect(result.agree, `${describeMismatch(result.checks)} — ${caseUrl(c)}`).toBe(true);
      }
    });
  }

  it("every known disagreement names a ported, compared case", () => {
    const compared = new Set(ALL_CASES.filter((c) => !c.skip).map(caseId));
    expect(Object.keys(KNOWN_DISAGREEMENTS).filter((id) => !compared.has(id))).toEqual([]);
  });
});
