import { Ajv2020 } from "ajv/dist/2020.js";
import { describe, expect, it } from "vitest";
import explainSchema from "../schema/explain.schema.json" with { type: "json" };
import recursiveSchema from "../schema/recursive.schema.json" with { type: "json" };
import {
  type RecursiveReport,
  renderRecursiveJson,
  renderRecursiveMarkdown,
  renderRecursiveText,
} from "../src/index.js";
import { GITHUB_COMMENT_LIMIT } from "../src/markdown.js";
import { imdsDisabled } from "./fixtures/imds-disabled.js";
import { at, healthyReport, ROOT, recursiveReport } from "./fixtures/recursive.js";
import { sourceProfileAssumeRole } from "./fixtures/source-profile-assume-role.js";

const ANSI = /\u001b\[[0-9;]*m/g;
const ajv = new Ajv2020({ strict: true, allowUnionTypes: true, allErrors: true });
ajv.addSchema(explainSchema);
const validate = ajv.compile(recursiveSchema);

describe("a recursive report", () => {
  it("renders as text", async () => {
    await expect(renderRecursiveText(recursiveReport, { color: false })).toMatchFileSnapshot(
      "__snapshots__/recursive.txt",
    );
  });

  it("renders as Markdown", async () => {
    await expect(renderRecursiveMarkdown(recursiveReport)).toMatchFileSnapshot("__snapshots__/recursive.md");
  });

  it("renders as JSON", async () => {
    await expect(renderRecursiveJson(recursiveReport)).toMatchFileSnapshot("__snapshots__/recursive.json");
  });

  it("colours text without changing a character of it", () => {
    const colored = renderRecursiveText(recursiveReport, { color: true });
    expect(colored).toMatch(ANSI);
    expect(colored.replace(ANSI, "")).toBe(renderRecursiveText(recursiveReport, { color: false }));
  });
});

describe("renderRecursiveText", () => {
  const SUMMARY =
    "5 root modules under /work/repo: 2 OK, 2 Terraform would fail, 1 could not be explained; 1 error, 2 warnings, 1 note";

  it("starts with the table, one row per module, then the summary line", () => {
    const lines = renderRecursiveText(recursiveReport, { color: false }).split("\n");
    expect(lines[0]).toMatch(/^Module +Workspace +Identity +Verdict +Top diagnostic$/);
    expect(lines.slice(1, 6).map((line) => line.split(" ")[0])).toEqual([
      "infra/broken",
      "infra/dev",
      "infra/prod",
      "legacy",
      "sandbox",
    ]);
    expect(lines[2]).toMatch(/^infra\/dev +default +profile "default" +✓ OK +! provider-credentials-ignored \(\+1\)$/);
    expect(lines[4]).toContain("✗ Missing region value");
    expect(lines.slice(6, 8)).toEqual(["", SUMMARY]);
  });

  it("then details only for the modules that need action, short, without the Why trace", () => {
    const text = renderRecursiveText(recursiveReport, { color: false });
    const headers = text.split("\n").filter((line) => line.startsWith("── "));
    expect(headers).toEqual([
      "── infra/broken",
      "── infra/dev  -backend-config=env/backend.hcl",
      "── infra/prod",
      "── legacy",
      "── sandbox",
    ]);
    expect(text).toContain("── infra/broken\nCould not explain this module: main.tf:3: Unclosed configuration block\n");
    expect(text).not.toContain("Why (in the order Terraform checks)");
  });

  it("prints a diagnostic several modules share once, with the modules it affects", () => {
    const text = renderRecursiveText(healthyReport, { color: false });
    const deprecated = text.split("\n").filter((line) => line.includes("[attribute-deprecated]"));
    expect(deprecated).toHaveLength(1);
    expect(text).toMatch(
      /Shared by several modules \(1\)\n {2}! .*\[attribute-deprecated\]\n.*fix: .*\n {4}modules: \., infra\/prod\n/,
    );
    // Nothing else is left to act on in either module: no per-module details.
    expect(text).not.toContain("── ");
    expect(text.trimEnd().split("\n").at(-1)).toBe("Nothing more to do in: ., infra/prod (--verbose for every module)");
  });

  it("says so when every module resolves", () => {
    const text = renderRecursiveText(healthyReport, { color: false });
    expect(text.split("\n")).toContain("2 root modules under /work/repo: 2 OK; 2 warnings");
  });

  it("with verbose, follows the table with every module in full", async () => {
    const text = renderRecursiveText(recursiveReport, { color: false, verbose: true });
    await expect(text).toMatchFileSnapshot("__snapshots__/recursive.verbose.txt");
    expect(text.split("\n").slice(6, 8)).toEqual(["", SUMMARY]);
    expect(text.split("\n").filter((line) => line.startsWith("── "))).toHaveLength(5);
    expect(text.split("Why (in the order Terraform checks)")).toHaveLength(5);
  });
});

describe("renderRecursiveMarkdown", () => {
  const markdown = renderRecursiveMarkdown(recursiveReport);

  it("leads with one verdict line and a summary table of every module", () => {
    expect(markdown).toContain("**❌ Terraform would fail in 2 of 5; 1 could not be explained.**");
    const rows = markdown.split("\n").filter((line) => /^\| `/.test(line));
    expect(rows).toHaveLength(5);
    expect(rows[1]).toBe("| `infra/dev` | ✅ resolves | profile `default` | `eu-west-1` | ⚠️ 1 · ℹ️ 1 |");
    expect(rows[0]).toBe("| `infra/broken` | ⚠️ not explained | main.tf:3: Unclosed configuration block |  |  |");
  });

  it("puts each module in <details>, open where something is wrong", () => {
    expect(markdown).toContain("<details>\n<summary>✅ <code>infra/dev</code></summary>");
    expect(markdown).toContain("<details open>\n<summary>❌ <code>sandbox</code></summary>");
    expect(markdown).toContain("<details open>\n<summary>⚠️ <code>infra/broken</code></summary>");
    // GFM renders Markdown inside <details> only after a blank line; every block is separated by one.
    expect(markdown).not.toMatch(/<\/summary>\n[^\n]/);
    expect(markdown.match(/<details/g)?.length).toBe(markdown.match(/<\/details>/g)?.length);
  });

  it("is deterministic and has no terminal escapes", () => {
    expect(renderRecursiveMarkdown(structuredClone(recursiveReport))).toBe(markdown);
    expect(markdown).not.toMatch(/\u001b/);
  });

  it("is all green when every module resolves", () => {
    expect(renderRecursiveMarkdown(healthyReport)).toContain(
      "**✅ Terraform's S3 backend finds credentials and a region in all 2 root modules.**",
    );
  });
});

describe("recursive.schema.json", () => {
  it("accepts the rendered JSON of every recursive fixture", () => {
    for (const report of [recursiveReport, healthyReport]) {
      const document: unknown = JSON.parse(renderRecursiveJson(report));
      expect(validate(document), ajv.errorsText(validate.errors)).toBe(true);
    }
  });

  it("prints schemaVersion first and a trailing newline", () => {
    const json = renderRecursiveJson(recursiveReport);
    expect(json.startsWith('{\n  "schemaVersion": 1,\n  "root": "/work/repo",\n')).toBe(true);
    expect(json.endsWith("}\n")).toBe(true);
  });

  const broken = (edit: (doc: any) => void): unknown => {
    const doc = JSON.parse(renderRecursiveJson(recursiveReport));
    edit(doc);
    return doc;
  };

  it.each<[string, unknown]>([
    ["a module with both an explanation and an error", broken((d) => (d.modules[1].error = d.modules[0].error))],
    ["a module with neither", broken((d) => delete d.modules[1].explanation)],
    ["a module without dir", broken((d) => delete d.modules[0].dir)],
    ["an unknown error kind", broken((d) => (d.modules[0].error.kind = "crash"))],
    ["an invalid explanation inside", broken((d) => (d.modules[1].explanation.schemaVersion = 2))],
    ["an unknown top-level field", broken((d) => (d.generatedAt = "now"))],
  ])("rejects %s", (_name, doc) => {
    expect(validate(doc)).toBe(false);
  });

  it("matches the RecursiveReport type's module keys", () => {
    const module: RecursiveReport["modules"][number] = recursiveReport.modules[1]!;
    expect(Object.keys(module).sort()).toEqual(["backendConfigFiles", "dir", "explanation"]);
    expect(Object.keys(recursiveSchema.$defs.ExplainedModule.properties).sort()).toEqual([
      "backendConfigFiles",
      "dir",
      "explanation",
    ]);
  });
});

describe("a recursive Markdown report too long for a GitHub PR comment", () => {
  const many = (count: number, problem: (i: number) => boolean): RecursiveReport => ({
    schemaVersion: 1,
    root: ROOT,
    modules: Array.from({ length: count }, (_, i) => {
      const dir = `stacks/s${String(i).padStart(3, "0")}`;
      return { dir, backendConfigFiles: [], explanation: at(dir, problem(i) ? imdsDisabled : sourceProfileAssumeRole) };
    }),
  });

  it("keeps the whole summary table and the failing modules' details, and says what it left out", () => {
    const report = many(120, (i) => i % 40 === 0);
    const markdown = renderRecursiveMarkdown(report);
    expect(markdown.length).toBeLessThanOrEqual(GITHUB_COMMENT_LIMIT);
    for (const module of report.modules) expect(markdown).toContain(`\`${module.dir}\``);
    expect(markdown).toContain("Details of 117 modules where Terraform succeeds are left out");
    expect(markdown.match(/<summary>\S+ <code>stacks\//g)?.length).toBe(3);
  });

  it("drops every module's details when even the failing ones do not fit", () => {
    const markdown = renderRecursiveMarkdown(many(300, () => true));
    expect(markdown.length).toBeLessThanOrEqual(GITHUB_COMMENT_LIMIT);
    expect(markdown).toContain("Per-module details are left out");
  });

  it("leaves a report that fits untouched", () => {
    expect(renderRecursiveMarkdown(recursiveReport)).not.toContain("left out to stay under");
  });
});
