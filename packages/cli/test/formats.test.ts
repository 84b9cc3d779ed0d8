import type { Explanation } from "@tfwhy/core";
import { renderMarkdown, renderSarif, renderText } from "@tfwhy/reporter";
import { Ajv2020 } from "ajv/dist/2020.js";
import addFormats from "ajv-formats";
import { describe, expect, it } from "vitest";
import { imdsDisabled, missingRegion, seedIncident } from "../../reporter/test/fixtures/index.js";
import sarifSchema from "../../reporter/test/fixtures/sarif-schema-2.1.0.json" with { type: "json" };
import packageJson from "../package.json" with { type: "json" };
import { ExitCode } from "../src/exit-codes.js";
import { main } from "../src/main.js";
import { createFakeIo, type FakeIoSpec } from "./fake-io.js";

const ANSI = /\u001b\[/;
const files = { "/work/project/main.tf": 'terraform {\n  backend "s3" {}\n}\n' };

async function run(spec: Partial<FakeIoSpec> & { argv: readonly string[] }) {
  const fake = createFakeIo({ files, explain: seedIncident, ...spec });
  const code = await main(fake.io);
  return { code, ...fake, out: fake.stdout(), err: fake.stderr() };
}

/** The seed incident with only the diagnostics of the given severities. */
function withSeverities(...severities: string[]): Explanation {
  const diagnostics = seedIncident.diagnostics.filter((d) => severities.includes(d.severity));
  return { ...seedIncident, diagnostics };
}

describe("--format sarif", () => {
  it("prints SARIF 2.1.0 with paths relative to the current directory and tfwhy's version", async () => {
    const { code, out, err } = await run({ argv: ["explain", "--format", "sarif"] });
    expect({ code, err }).toEqual({ code: ExitCode.Ok, err: "" });
    expect(out).toBe(renderSarif(seedIncident, { baseDir: "/work/project", toolVersion: packageJson.version }));
    const ajv = new Ajv2020({ strict: false });
    addFormats.default(ajv);
    expect(ajv.validate(sarifSchema, JSON.parse(out)), ajv.errorsText()).toBe(true);
  });

  it("uses the directory tfwhy runs in as the base, not DIR", async () => {
    const { out } = await run({ argv: ["explain", "project", "--format=sarif"], cwd: "/work" });
    expect(out).toContain('"uri": "project/main.tf"');
  });
});

describe("--output FILE", () => {
  it("writes the report there, relative to the current directory, and leaves stdout empty", async () => {
    const { code, out, err, written } = await run({
      argv: ["explain", "--format", "markdown", "--output", "report.md"],
    });
    expect({ code, out, err }).toEqual({ code: ExitCode.Ok, out: "", err: "" });
    expect(written.get("/work/project/report.md")).toBe(renderMarkdown(seedIncident));
  });

  it("writes uncoloured text even when stdout is a terminal, unless colour is forced", async () => {
    const plain = await run({ argv: ["explain", "--output=out.txt"], stdoutIsTTY: true });
    expect(plain.written.get("/work/project/out.txt")).toBe(renderText(seedIncident, { color: false }));
    const forced = await run({ argv: ["explain", "--output=out.txt", "--color"] });
    expect(forced.written.get("/work/project/out.txt")).toMatch(ANSI);
  });

  it("--output - prints the report on stdout, coloured like stdout, and writes no file", async () => {
    const { code, out, err, written } = await run({ argv: ["explain", "--format", "markdown", "--output", "-"] });
    expect({ code, out, err }).toEqual({ code: ExitCode.Ok, out: renderMarkdown(seedIncident), err: "" });
    expect(written.size).toBe(0);
    const tty = await run({ argv: ["explain", "--output=-"], stdoutIsTTY: true });
    expect(tty.out).toBe(renderText(seedIncident, { color: true }));
    expect(tty.written.size).toBe(0);
  });

  it("still writes the report when Terraform would fail, and exits 1", async () => {
    const { code, written } = await run({ argv: ["explain", "--output", "r.txt"], explain: imdsDisabled });
    expect(code).toBe(ExitCode.TerraformFails);
    expect(written.get("/work/project/r.txt")).toMatch(/^Terraform will fail/);
  });

  it.each<[string, string[], string]>([
    [
      "a missing directory",
      ["--output", "nope/r.txt"],
      "tfwhy: cannot write the report to nope/r.txt: directory /work/project/nope does not exist",
    ],
    ["an empty name", ["--output="], "tfwhy: --output needs a file name"],
  ])("exits 2 on %s", async (_name, flags, message) => {
    const { code, out, err } = await run({ argv: ["explain", ...flags] });
    expect(code).toBe(ExitCode.Usage);
    expect(out).toBe("");
    expect(err.split("\n")[0]).toBe(message);
    expect(err.trimEnd().split("\n")).toHaveLength(2);
  });
});

describe("--fail-on", () => {
  it.each<[string, Explanation, string[], ExitCode]>([
    ["warnings, no flag", withSeverities("warning", "info"), [], ExitCode.Ok],
    [
      "warnings, --fail-on warning",
      withSeverities("warning", "info"),
      ["--fail-on", "warning"],
      ExitCode.TerraformFails,
    ],
    ["warnings, --fail-on error", withSeverities("warning", "info"), ["--fail-on=error"], ExitCode.Ok],
    ["only notes, --fail-on warning", withSeverities("info"), ["--fail-on", "warning"], ExitCode.Ok],
    [
      "an error diagnostic, --fail-on error",
      { ...withSeverities(), diagnostics: missingRegion.diagnostics },
      ["--fail-on", "error"],
      ExitCode.TerraformFails,
    ],
    ["Terraform fails, no flag", imdsDisabled, [], ExitCode.TerraformFails],
    ["Terraform fails, --fail-on error", imdsDisabled, ["--fail-on", "error"], ExitCode.TerraformFails],
  ])("%s → exit %d", async (_name, explanation, flags, expected) => {
    const { code, out } = await run({ argv: ["explain", ...flags], explain: explanation });
    expect(code).toBe(expected);
    expect(out).not.toBe("");
  });

  it("exits 2 on another value", async () => {
    const { code, err } = await run({ argv: ["explain", "--fail-on", "info"] });
    expect(code).toBe(ExitCode.Usage);
    expect(err.split("\n")[0]).toBe('tfwhy: --fail-on must be warning or error, not "info"');
  });
});

describe("--recursive on the command line", () => {
  it.each<[string[], string]>([
    [["explain", "infra", "--recursive", "."], "tfwhy: give the directory once: as --recursive . or as DIR (infra)"],
    [
      ["explain", "-chdir=infra", "--recursive", "."],
      "tfwhy: give the directory once: as --recursive . or as DIR (infra)",
    ],
    [["explain", "--recursive"], "tfwhy: --recursive needs a value"],
  ])("%j exits 2", async (argv, message) => {
    const { code, err } = await run({ argv });
    expect(code).toBe(ExitCode.Usage);
    expect(err.split("\n")[0]).toBe(message);
  });
});
