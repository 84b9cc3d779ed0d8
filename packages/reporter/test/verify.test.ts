import { Ajv2020 } from "ajv/dist/2020.js";
import addFormats from "ajv-formats";
import { describe, expect, it } from "vitest";
import explainSchema from "../schema/explain.schema.json" with { type: "json" };
import verifySchema from "../schema/verify.schema.json" with { type: "json" };
import { renderVerifyJson, renderVerifyMarkdown, renderVerifySarif, renderVerifyText } from "../src/index.js";
import sarifSchema from "./fixtures/sarif-schema-2.1.0.json" with { type: "json" };
import { seedIncidentFixedVerify, seedIncidentVerify } from "./fixtures/verify.js";

const reports = { "seed-incident-verify": seedIncidentVerify, "seed-incident-fixed-verify": seedIncidentFixedVerify };
const ANSI = /\u001b\[[0-9;]*m/g;

describe.each(Object.entries(reports))("%s", (name, report) => {
  it("renders as text", async () => {
    await expect(renderVerifyText(report, { color: false })).toMatchFileSnapshot(`__snapshots__/${name}.txt`);
  });

  it("renders as text with --verbose: every check in report order", async () => {
    const verbose = renderVerifyText(report, { color: false, verbose: true });
    await expect(verbose).toMatchFileSnapshot(`__snapshots__/${name}.verbose.txt`);
    for (const check of report.checks) expect(verbose).toContain(check.detail);
  });

  it("renders as Markdown", async () => {
    await expect(renderVerifyMarkdown(report)).toMatchFileSnapshot(`__snapshots__/${name}.md`);
  });

  it("renders as JSON that validates against verify.schema.json", async () => {
    const json = renderVerifyJson(report);
    await expect(json).toMatchFileSnapshot(`__snapshots__/${name}.json`);
    const ajv = new Ajv2020({ strict: false });
    ajv.addSchema(explainSchema);
    expect(ajv.validate(verifySchema, JSON.parse(json)), ajv.errorsText()).toBe(true);
  });

  it("renders as SARIF 2.1.0", async () => {
    const sarif = renderVerifySarif(report, { baseDir: "/work/project", toolVersion: "0.1.0" });
    await expect(sarif).toMatchFileSnapshot(`__snapshots__/${name}.sarif`);
    const ajv = new Ajv2020({ strict: false });
    addFormats.default(ajv);
    expect(ajv.validate(sarifSchema, JSON.parse(sarif)), ajv.errorsText()).toBe(true);
  });

  it("colours text without changing a character of it", () => {
    expect(renderVerifyText(report, { color: true }).replace(ANSI, "")).toBe(
      renderVerifyText(report, { color: false }),
    );
  });
});

describe("verify renderers", () => {
  it("text lists the checks that did not pass, failing first, and hides the passing ones by default", () => {
    const text = renderVerifyText(seedIncidentVerify, { color: false });
    const marks = text
      .split("\n")
      .map((line) => /^ {2}(✓ pass|✗ fail|! warn|– not checked) /.exec(line)?.[1])
      .filter((mark) => mark !== undefined);
    expect(marks).toEqual(["✗ fail", "! warn", "! warn", "– not checked", "✓ pass"]);
    expect(text).toContain("  ✓ pass         3 other checks (--verbose lists each)\n");
    for (const check of seedIncidentVerify.checks.filter((c) => c.status === "pass")) {
      expect(text).not.toContain(check.detail);
    }
    expect(text).not.toContain("Why (in the order Terraform checks)");
  });

  it("Markdown puts the failing checks first and collapses the passing ones", () => {
    const markdown = renderVerifyMarkdown(seedIncidentVerify);
    expect(markdown.indexOf("| Read state | ❌ fail")).toBeLessThan(markdown.indexOf("| List workspaces | ⚠️ warn"));
    expect(markdown).toMatch(
      /<details><summary>✅ pass: 3 checks<\/summary>\n\n\| Check \|[\s\S]*\| Base credentials \|/,
    );
  });

  it("text starts with the verdict and names the failed check", () => {
    expect(renderVerifyText(seedIncidentVerify, { color: false }).split("\n")[0]).toMatch(
      /^Verify failed: 1 check failed: Read state\. /,
    );
    expect(renderVerifyText(seedIncidentFixedVerify, { color: false }).split("\n")[0]).toMatch(
      /^Verified: the backend's identity can do what Terraform needs\. /,
    );
  });

  it("a cancelled run says so first (text and Markdown), never 'Verify failed', and its JSON validates", () => {
    const checks = seedIncidentFixedVerify.checks.map((c, i) =>
      i < 3 ? c : { ...c, status: "not-checked" as const, detail: "Not checked: cancelled." },
    );
    const notChecked = checks.filter((c) => c.status === "not-checked").length;
    const cancelled = {
      ...seedIncidentFixedVerify,
      checks,
      summary: { ...seedIncidentFixedVerify.summary, notChecked },
      ok: false,
      cancelled: true as const,
    };
    const text = renderVerifyText(cancelled, { color: false });
    expect(text.split("\n")[0]).toMatch(
      new RegExp(`^Verify cancelled: interrupted before every check ran \\(${notChecked} not checked\\)\\. `),
    );
    expect(text).not.toMatch(/Verify failed/);
    expect(renderVerifyMarkdown(cancelled)).toContain(
      `**⏹️ Cancelled: interrupted before every check ran (${notChecked} not checked).**`,
    );
    const ajv = new Ajv2020({ strict: false });
    ajv.addSchema(explainSchema);
    expect(ajv.validate(verifySchema, JSON.parse(renderVerifyJson(cancelled))), ajv.errorsText()).toBe(true);
    expect(ajv.validate(verifySchema, { ...JSON.parse(renderVerifyJson(cancelled)), cancelled: false })).toBe(false);
  });

  it("SARIF has one result per failed or warning check, levels mapped", () => {
    const log = JSON.parse(renderVerifySarif(seedIncidentVerify)) as {
      runs: { results: { ruleId: string; level: string }[] }[];
    };
    const checks = log.runs[0]!.results.filter((r) => r.ruleId.startsWith("verify."));
    expect(checks.map((r) => [r.ruleId, r.level])).toEqual([
      ["verify.s3.list-workspaces", "warning"],
      ["verify.s3.state-read", "error"],
      ["verify.s3.versioning", "warning"],
    ]);
  });

  it("never renders more of a key id than the mask", () => {
    for (const report of Object.values(reports)) {
      const all = [
        renderVerifyText(report, { color: false }),
        renderVerifyMarkdown(report),
        renderVerifyJson(report),
        renderVerifySarif(report),
      ].join("\n");
      expect(all.match(/\b(AKIA|ASIA)[A-Z0-9*]{16}\b/g)?.every((k) => k.includes("************"))).toBe(true);
    }
  });
});
