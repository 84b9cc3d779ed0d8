import { describe, expect, it } from "vitest";
import { explainCredentials } from "../../packages/core/src/explain.js";
import { CASE_DIR, hcl, mainTfFor, worldForCase } from "./case-world.js";
import { compareCase, describeMismatch, tfwhyWarnings } from "./compare-case.js";
import { caseId, caseUrl, type GoTableCase } from "./go-table-case.js";
import { countByTable, renderGoTablesSection } from "./report.js";

const base = { bucket: "b", key: "k", region: "us-east-1" };
const NO_IMDS = { AWS_EC2_METADATA_DISABLED: "true" };
const explain = (c: GoTableCase) => explainCredentials({ dir: CASE_DIR }, worldForCase(c));
const portCase = (over: Partial<GoTableCase>): GoTableCase => ({
  goTest: "TestX",
  name: "a case",
  repo: "hashicorp/terraform",
  ref: "v1.11.4",
  path: "internal/backend/remote-state/s3/backend_test.go",
  line: 12,
  backend: base,
  env: NO_IMDS,
  files: {},
  expect: {},
  ...over,
});

describe("case world", () => {
  it("renders the Go config map as a backend block, nested objects and lists as HCL", () => {
    const tf = mainTfFor({
      bucket: "b",
      encrypt: true,
      assume_role: { role_arn: "arn:x", tags: { A: "1" } },
      files: ["/f"],
      profile: null,
    });
    expect(tf).toContain('    bucket = "b"\n    encrypt = true\n');
    expect(tf).toContain('assume_role = {\n      role_arn = "arn:x"\n      tags = {\n        A = "1"\n      }\n    }');
    expect(tf).toContain('files = ["/f"]');
    expect(tf).toContain("profile = null");
  });

  it("escapes template sequences so a Go string stays a literal", () => {
    expect(hcl("${TMPDIR}/x and %{if}")).toBe('"$${TMPDIR}/x and %%{if}"');
  });

  it("gives the case's env and files, and nothing else, to the world", async () => {
    const world = worldForCase(portCase({ files: { "/tmp/f": "x" }, env: { A: "1" } }));
    expect(world.env).toEqual({ A: "1" });
    expect(await world.fs.readText("/tmp/f")).toEqual({ state: "found", text: "x" });
    expect((await world.fs.readText("/home/user/.aws/credentials")).state).toBe("missing");
  });
});

describe("compareCase", () => {
  it("checks only what the Go case asserts", async () => {
    const explanation = await explain(portCase({ backend: { ...base, access_key: "AKIAX", secret_key: "s" } }));
    expect(compareCase({}, explanation)).toEqual([]);
    const checks = compareCase({ source: "StaticCredentials", error: null, region: "us-east-1" }, explanation);
    expect(checks.map((c) => [c.area, c.ok])).toEqual([
      ["error", true],
      ["source", true],
      ["region", true],
    ]);
  });

  it("an expected error must be among the errors tfwhy says Terraform prints; no error expected means none", async () => {
    const explanation = await explain(portCase({}));
    expect(compareCase({ error: "No valid credential sources found" }, explanation)[0]?.ok).toBe(true);
    const wrong = compareCase({ error: null, source: "EnvConfigCredentials" }, explanation);
    expect(wrong.map((c) => c.ok)).toEqual([false, false]);
    expect(describeMismatch(wrong)).toBe(
      "error: Go none, tfwhy No valid credential sources found; source: Go EnvConfigCredentials, tfwhy none",
    );
  });

  it("compares the role chain, outermost first, and never the key", async () => {
    const explanation = await explain(
      portCase({
        backend: { ...base, access_key: "AKIAX", secret_key: "s", assume_role: { role_arn: "arn:aws:iam::1:role/r" } },
      }),
    );
    expect(compareCase({ assumeRoles: ["arn:aws:iam::1:role/r"] }, explanation)[0]?.ok).toBe(true);
    expect(compareCase({ assumeRoles: [] }, explanation)[0]?.ok).toBe(false);
  });

  it("ignores the slashes the SDK adds around an endpoint URL, and treats no override as null", async () => {
    const explanation = await explain(
      portCase({
        backend: {
          ...base,
          access_key: "AKIAX",
          secret_key: "s",
          endpoints: { s3: "s3.test", dynamodb: "https://d.test" },
        },
      }),
    );
    expect(compareCase({ endpoint: { service: "s3", url: "/s3.test" } }, explanation)[0]?.ok).toBe(true);
    expect(compareCase({ endpoint: { service: "dynamodb", url: "https://d.test/" } }, explanation)[0]?.ok).toBe(true);
    expect(compareCase({ endpoint: { service: "iam", url: null } }, explanation)[0]?.ok).toBe(true);
    expect(compareCase({ endpoint: { service: "iam", url: "https://iam.test" } }, explanation)[0]?.ok).toBe(false);
  });

  it("compares warnings as a multiset of the summaries carried by terraformWarning", async () => {
    const explanation = await explain(portCase({ backend: { ...base, access_key: "AKIAX", secret_key: "s" } }));
    expect(tfwhyWarnings(explanation)).toEqual([]);
    expect(compareCase({ warnings: [] }, explanation)[0]?.ok).toBe(true);
    expect(compareCase({ warnings: ["Deprecated Parameter"] }, explanation)[0]?.ok).toBe(false);
  });
});

describe("report", () => {
  const cases = [
    portCase({ name: "agrees" }),
    portCase({ name: "disagrees" }),
    portCase({ name: "proxy", skip: "outside the domain" }),
    portCase({ goTest: "TestY", name: "other", line: 40 }),
  ];
  const known = { "TestX/disagrees": { area: 5 as const, reason: "no warning yet" } };

  it("counts per Go test function: ported, compared, agreeing, skipped", () => {
    expect(countByTable(cases, known)).toEqual([
      { goTest: "TestX", ported: 3, compared: 2, agreeing: 1, skipped: 1 },
      { goTest: "TestY", ported: 1, compared: 1, agreeing: 1, skipped: 0 },
    ]);
  });

  it("lists skipped cases and known disagreements with links to the Go line, and is deterministic", () => {
    const text = renderGoTablesSection(cases, known);
    expect(text).toContain("**4** ported, 3 compared, **2/3** agree, 1 skipped");
    expect(text).toContain(`- [TestX/proxy](${caseUrl(cases[2] as GoTableCase)}): outside the domain`);
    expect(text).toContain("(area 5): no warning yet");
    expect(caseId(cases[3] as GoTableCase)).toBe("TestY/other");
    expect(caseUrl(cases[3] as GoTableCase)).toBe(
      "https://github.com/hashicorp/terraform/blob/v1.11.4/internal/backend/remote-state/s3/backend_test.go#L40",
    );
    expect(renderGoTablesSection(cases, known)).toBe(text);
  });
});
