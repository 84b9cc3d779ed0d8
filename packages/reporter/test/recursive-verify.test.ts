import { Ajv2020 } from "ajv/dist/2020.js";
import addFormats from "ajv-formats";
import { describe, expect, it } from "vitest";
import explainSchema from "../schema/explain.schema.json" with { type: "json" };
import recursiveSchema from "../schema/recursive.schema.json" with { type: "json" };
import recursiveVerifySchema from "../schema/recursive-verify.schema.json" with { type: "json" };
import verifySchema from "../schema/verify.schema.json" with { type: "json" };
import {
  type RecursiveVerifyReport,
  renderRecursiveVerifyJson,
  renderRecursiveVerifyMarkdown,
  renderRecursiveVerifySarif,
  renderRecursiveVerifyText,
  renderVerifyJson,
  renderVerifyText,
} from "../src/index.js";
import { healthyVerifyReport, recursiveVerifyReport } from "./fixtures/recursive-verify.js";
import sarifSchema from "./fixtures/sarif-schema-2.1.0.json" with { type: "json" };

const ANSI = /\u001b\[[0-9;]*m/g;
const ajv = new Ajv2020({ strict: true, allowUnionTypes: true, allErrors: true });
addFormats.default(ajv);
ajv.addSchema(explainSchema);
ajv.addSchema(verifySchema);
const validate = ajv.compile(recursiveVerifySchema);

describe("a recursive verify report", () => {
  it("renders as text", async () => {
    await expect(renderRecursiveVerifyText(recursiveVerifyReport, { color: false })).toMatchFileSnapshot(
      "__snapshots__/recursive-verify.txt",
    );
  });

  it("renders as Markdown", async () => {
    await expect(renderRecursiveVerifyMarkdown(recursiveVerifyReport)).toMatchFileSnapshot(
      "__snapshots__/recursive-verify.md",
    );
  });

  it("renders as JSON", async () => {
    await expect(renderRecursiveVerifyJson(recursiveVerifyReport)).toMatchFileSnapshot(
      "__snapshots__/recursive-verify.json",
    );
  });

  it("renders as SARIF 2.1.0", async () => {
    const sarif = renderRecursiveVerifySarif(recursiveVerifyReport, { baseDir: "/work/repo", toolVersion: "0.1.0" });
    await expect(sarif).toMatchFileSnapshot("__snapshots__/recursive-verify.sarif");
    const sarifAjv = new Ajv2020({ strict: false });
    addFormats.default(sarifAjv);
    expect(sarifAjv.validate(sarifSchema, JSON.parse(sarif)), sarifAjv.errorsText()).toBe(true);
  });

  it("colours text without changing a character of it", () => {
    const colored = renderRecursiveVerifyText(recursiveVerifyReport, { color: true });
    expect(colored).toMatch(ANSI);
    expect(colored.replace(ANSI, "")).toBe(renderRecursiveVerifyText(recursiveVerifyReport, { color: false }));
  });
});

describe("renderRecursiveVerifyText", () => {
  const text = renderRecursiveVerifyText(recursiveVerifyReport, { color: false });
  const SUMMARY =
    "3 root modules under /work/repo: 1 verified, 1 failed, 1 could not be verified; checks: 9 passed, 1 failed, 2 warnings, 1 not checked; 7 identical AWS calls saved by deduplication";

  it("starts with the table and the summary line", () => {
    const lines = text.split("\n");
    expect(lines[0]).toMatch(/^Module +Workspace +Identity +Verdict +Top finding$/);
    expect(lines[2]).toMatch(
      /^infra\/dev +default +arn:aws:iam::123456789012:user\/alice-personal +✗ Read state failed +✗ Read state \(\+2\)$/,
    );
    expect(lines[3]).toMatch(/^infra\/prod +default +arn:aws:sts::.* +✓ verified +/);
    expect(lines.slice(4, 6)).toEqual(["", SUMMARY]);
  });

  it("prints the shared offline diagnostics once, with their modules, then only the modules that need action", () => {
    expect(text.split("\n").filter((line) => line.includes("[provider-credentials-ignored]"))).toHaveLength(1);
    expect(text).toContain("    modules: infra/dev, infra/prod\n");
    expect(text.split("\n").filter((line) => line.startsWith("── "))).toEqual([
      "── infra/broken",
      "── infra/dev  -backend-config=env/backend.hcl",
    ]);
    expect(text).toContain("── infra/broken\nCould not verify this module: main.tf:3: Unclosed configuration block\n");
    expect(text.trimEnd().split("\n").at(-1)).toBe("Nothing more to do in: infra/prod (--verbose for every module)");
  });

  it("with verbose, follows the table with every module's full verify report", async () => {
    const verbose = renderRecursiveVerifyText(recursiveVerifyReport, { color: false, verbose: true });
    await expect(verbose).toMatchFileSnapshot("__snapshots__/recursive-verify.verbose.txt");
    const dev = recursiveVerifyReport.modules[1]!;
    expect(
      "report" in dev &&
        verbose.includes(
          `── infra/dev  -backend-config=env/backend.hcl\n${renderVerifyText(dev.report, { color: false, verbose: true })}`,
        ),
    ).toBe(true);
    expect(verbose.split("\n").slice(4, 6)).toEqual(["", SUMMARY]);
  });

  it("says so when every module is verified", () => {
    const lines = renderRecursiveVerifyText(healthyVerifyReport, { color: false }).split("\n");
    expect(lines).toContain(
      "2 root modules under /work/repo: 2 verified; checks: 12 passed, 0 failed, 0 warnings, 0 not checked; 1 identical AWS call saved by deduplication",
    );
  });
});

describe("renderRecursiveVerifyMarkdown", () => {
  const markdown = renderRecursiveVerifyMarkdown(recursiveVerifyReport);

  it("leads with one verdict line, the totals and a summary table of every module", () => {
    expect(markdown).toContain("**❌ Verification failed in 1 of 3; 1 could not be verified.**");
    expect(markdown).toContain(
      "\n\nChecks over all modules: 9 passed, 1 failed, 2 warnings, 1 not checked; 7 identical AWS calls saved by deduplication.\n\n",
    );
    const rows = markdown.split("\n").filter((line) => /^\| `/.test(line));
    expect(rows).toEqual([
      "| `infra/broken` | ⚠️ not verified | main.tf:3: Unclosed configuration block |  |",
      "| `infra/dev` | ❌ failed | `arn:aws:iam::123456789012:user/alice-personal` | ✅ 3 · ❌ 1 · ⚠️ 2 · 1 not checked |",
      expect.stringMatching(
        /^\| `infra\/prod` \| ✅ verified \| `arn:aws:sts::123456789012:assumed-role\/terraform-access-role\/[^`]+` \| ✅ 6 \|$/,
      ),
    ]);
  });

  it("puts each module's report in <details>, open where it failed, with its own fixes", () => {
    expect(markdown).toContain(
      "<details open>\n<summary>❌ <code>infra/dev</code></summary>\n\n`-backend-config=env/backend.hcl`\n\n**❌ 1 check failed: Read state.**",
    );
    expect(markdown).toContain("<details>\n<summary>✅ <code>infra/prod</code></summary>");
    expect(markdown).toContain(
      "<details open>\n<summary>⚠️ <code>infra/broken</code></summary>\n\n**⚠️ Could not verify this module:** main.tf:3: Unclosed configuration block",
    );
    expect(markdown.match(/#### What to change/g)).toHaveLength(1);
    expect(markdown.match(/<details/g)?.length).toBe(markdown.match(/<\/details>/g)?.length);
    expect(markdown).not.toMatch(/<\/summary>\n[^\n]/);
  });

  it("is deterministic, without terminal escapes, and all green when every module is verified", () => {
    expect(renderRecursiveVerifyMarkdown(structuredClone(recursiveVerifyReport))).toBe(markdown);
    expect(markdown).not.toMatch(/\u001b/);
    expect(renderRecursiveVerifyMarkdown(healthyVerifyReport)).toContain(
      "**✅ Every check passed in all 2 root modules.**",
    );
  });
});

describe("renderRecursiveVerifySarif", () => {
  it("prefixes each check result with its module and reports the unreadable module as a notification", () => {
    const log = JSON.parse(renderRecursiveVerifySarif(recursiveVerifyReport, { baseDir: "/work/repo" })) as {
      runs: {
        results: { ruleId: string; level: string; message: { text: string } }[];
        invocations: { toolExecutionNotifications: { message: { text: string } }[] }[];
      }[];
    };
    const run = log.runs[0]!;
    const failed = run.results.filter((r) => r.ruleId === "verify.s3.state-read");
    expect(failed).toHaveLength(1);
    expect(failed[0]).toMatchObject({
      level: "error",
      message: { text: expect.stringMatching(/^infra\/dev: Read state: /) },
    });
    expect(run.invocations[0]!.toolExecutionNotifications.map((n) => n.message.text)).toEqual([
      "infra/broken: main.tf:3: Unclosed configuration block",
    ]);
  });
});

describe("recursive-verify.schema.json", () => {
  it("accepts the rendered JSON of every fixture, with each report as renderVerifyJson prints it", () => {
    for (const report of [recursiveVerifyReport, healthyVerifyReport]) {
      const document = JSON.parse(renderRecursiveVerifyJson(report)) as { modules: { report?: unknown }[] };
      expect(validate(document), ajv.errorsText(validate.errors)).toBe(true);
      report.modules.forEach((module, i) => {
        if ("report" in module)
          expect(document.modules[i]!.report).toEqual(JSON.parse(renderVerifyJson(module.report)));
      });
    }
  });

  it("prints schemaVersion first, dedupedCalls last, and a trailing newline", () => {
    const json = renderRecursiveVerifyJson(recursiveVerifyReport);
    expect(Object.keys(JSON.parse(json) as object)).toEqual(["schemaVersion", "root", "modules", "dedupedCalls"]);
    expect(json.endsWith('  "dedupedCalls": 7\n}\n')).toBe(true);
  });

  const broken = (edit: (doc: any) => void): unknown => {
    const doc = JSON.parse(renderRecursiveVerifyJson(recursiveVerifyReport));
    edit(doc);
    return doc;
  };

  it.each<[string, unknown]>([
    ["a module with both a report and an error", broken((d) => (d.modules[1].error = d.modules[0].error))],
    [
      "a module with an explanation instead of a report",
      broken(
        (d) => (d.modules[1] = { ...d.modules[1], explanation: d.modules[1].report.explanation, report: undefined }),
      ),
    ],
    ["a missing dedupedCalls", broken((d) => delete d.dedupedCalls)],
    ["a negative dedupedCalls", broken((d) => (d.dedupedCalls = -1))],
    ["an invalid report inside", broken((d) => (d.modules[1].report.checks[0].status = "maybe"))],
    ["an invalid explanation inside a report", broken((d) => (d.modules[1].report.explanation.schemaVersion = 2))],
    ["an unknown top-level field", broken((d) => (d.generatedAt = "now"))],
  ])("rejects %s", (_name, doc) => {
    expect(validate(JSON.parse(JSON.stringify(doc)))).toBe(false);
  });

  it("describes modules the way recursive.schema.json does, and matches the RecursiveVerifyReport type", () => {
    for (const def of ["Dir", "BackendConfigFiles"] as const)
      expect(recursiveVerifySchema.$defs[def]).toEqual(recursiveSchema.$defs[def]);
    const { description: _a, ...verifyError } = recursiveVerifySchema.$defs.ModuleError;
    const { description: _b, ...explainError } = recursiveSchema.$defs.ModuleError;
    expect({ ...verifyError, properties: { ...verifyError.properties, kind: {}, message: {} } }).toEqual({
      ...explainError,
      properties: { ...explainError.properties, kind: {}, message: {} },
    });
    expect(verifyError.properties.kind.enum).toEqual(explainError.properties.kind.enum);
    const module: RecursiveVerifyReport["modules"][number] = recursiveVerifyReport.modules[1]!;
    expect(Object.keys(module).sort()).toEqual(
      Object.keys(recursiveVerifySchema.$defs.VerifiedModule.properties).sort(),
    );
    expect(Object.keys(recursiveVerifyReport).sort()).toEqual([...recursiveVerifySchema.required].sort());
  });
});
