import { caseId, caseUrl, type GoTableCase } from "./go-table-case.js";
import { KNOWN_DISAGREEMENTS, type KnownDisagreement } from "./known-disagreements.js";

const cell = (s: string): string => s.replaceAll("|", "\\|").replaceAll("\n", " ");

/** Per Go test function: cases ported, compared, agreeing, skipped. */
export interface TableCounts {
  readonly goTest: string;
  readonly ported: number;
  readonly compared: number;
  readonly agreeing: number;
  readonly skipped: number;
}

/**
 * Counts from the data alone: go-tables.test.ts fails unless every compared case outside KNOWN_DISAGREEMENTS
 * agrees and every listed one disagrees, so a green suite makes these numbers true (and the section deterministic).
 */
export function countByTable(
  cases: readonly GoTableCase[],
  known: Readonly<Record<string, KnownDisagreement>> = KNOWN_DISAGREEMENTS,
): TableCounts[] {
  const byTest = new Map<string, GoTableCase[]>();
  for (const c of cases) byTest.set(c.goTest, [...(byTest.get(c.goTest) ?? []), c]);
  return [...byTest].map(([goTest, list]) => {
    const compared = list.filter((c) => !c.skip);
    return {
      goTest,
      ported: list.length,
      compared: compared.length,
      agreeing: compared.filter((c) => !(caseId(c) in known)).length,
      skipped: list.length - compared.length,
    };
  });
}

/** The `## Terraform's own test tables` section of docs/conformance.md. */
export function renderGoTablesSection(
  cases: readonly GoTableCase[],
  known: Readonly<Record<string, KnownDisagreement>> = KNOWN_DISAGREEMENTS,
): string {
  const counts = countByTable(cases, known);
  const total = counts.reduce(
    (sum, t) => ({
      ported: sum.ported + t.ported,
      compared: sum.compared + t.compared,
      agreeing: sum.agreeing + t.agreeing,
      skipped: sum.skipped + t.skipped,
    }),
    { ported: 0, compared: 0, agreeing: 0, skipped: 0 },
  );
  const lines = [
    "## Terraform's own test tables",
    "",
    "The S3 backend's Go test tables of hashicorp/terraform v1.11.4 (`internal/backend/remote-state/s3/`",
    "`backend_complete_test.go`, `backend_test.go`, and the SSO tables of aws-sdk-go-base `configtesting/config.go` they",
    "run) and aws-sdk-go-base v2.0.0-beta.62's `TestGetAwsConfig` (through the backend block), ported as data by",
    "`conformance/go-tables/generate_cases.py` and run offline by `conformance/go-tables.test.ts`: only what each Go case",
    "asserts and tfwhy can decide without a server is compared (credentials source, role chain, error and warning",
    "summaries, endpoint, region), never a key a mock issues. Where real Terraform contradicts its test, Terraform wins.",
    "",
    `- Cases: **${total.ported}** ported, ${total.compared} compared, **${total.agreeing}/${total.compared}** agree, ${total.skipped} skipped`,
    "",
    "| Go test | Ported | Compared | Agree | Skipped |",
    "|---|---|---|---|---|",
    ...counts.map((t) => `| ${t.goTest} | ${t.ported} | ${t.compared} | ${t.agreeing} | ${t.skipped} |`),
    "",
    "### Skipped cases",
    "",
  ];
  const skipped = cases.filter((c) => c.skip);
  const reasons = new Map<string, number>();
  for (const c of skipped) reasons.set(c.skip ?? "", (reasons.get(c.skip ?? "") ?? 0) + 1);
  for (const [reason, n] of reasons) lines.push(`- ${n} × ${cell(reason)}`);
  if (skipped.length > 0) lines.push("");
  if (skipped.length === 0) lines.push("None.");
  for (const c of skipped) lines.push(`- [${cell(caseId(c))}](${caseUrl(c)}): ${cell(c.skip ?? "")}`);
  lines.push("", "### Known disagreements", "");
  const byId = new Map(cases.map((c) => [caseId(c), c]));
  const entries = Object.entries(known);
  if (entries.length === 0) lines.push("None.");
  for (const [id, k] of entries) {
    const c = byId.get(id);
    const link = c ? `[${cell(id)}](${caseUrl(c)})` : cell(id);
    lines.push(`- ${link} (area ${k.area}): ${cell(k.reason)}`);
  }
  const partial = new Map<string, Set<string>>();
  for (const c of cases) {
    for (const note of [c.expect?.notCompared, c.expect?.decidedByMock]) {
      if (note) partial.set(c.goTest, (partial.get(c.goTest) ?? new Set()).add(note));
    }
  }
  if (partial.size > 0) {
    lines.push("", "### Assertions of compared cases left out", "");
    for (const [goTest, notes] of partial) lines.push(`- ${goTest}: ${cell([...notes].join("; "))}`);
  }
  const overridden = cases.filter((c) => c.expect?.terraformOverrides);
  if (overridden.length > 0) {
    lines.push("", "### Where real Terraform overrides its own test", "");
    for (const c of overridden)
      lines.push(`- [${cell(caseId(c))}](${caseUrl(c)}): ${cell(c.expect?.terraformOverrides ?? "")}`);
  }
  return `${lines.join("\n")}\n`;
}
