import { DIAGNOSTIC_CODES, type Explanation } from "@tfwhy/core";
import { Ajv2020 } from "ajv/dist/2020.js";
import addFormats from "ajv-formats";
import { describe, expect, it } from "vitest";
import { renderSarif, TERRAFORM_FAILS_RULE } from "../src/index.js";
import { fixtures, imdsDisabled, missingRegion, seedIncident } from "./fixtures/index.js";
import { DIR, HOME, inDir } from "./fixtures/locations.js";
import { healthyReport, ROOT, recursiveReport } from "./fixtures/recursive.js";
import sarifSchema from "./fixtures/sarif-schema-2.1.0.json" with { type: "json" };

// The vendored schema is Microsoft's draft 2020-12 copy of SARIF 2.1.0 (see fixtures/sarif-schema-2.1.0.md).
const ajv = new Ajv2020({ strict: false, allErrors: true });
addFormats.default(ajv);
const validateSarif = ajv.compile(sarifSchema);

interface SarifLog {
  version: string;
  runs: {
    tool: { driver: { name: string; version?: string; rules: { id: string; shortDescription: { text: string } }[] } };
    originalUriBaseIds?: Record<string, { uri: string }>;
    invocations: {
      executionSuccessful: boolean;
      toolExecutionNotifications?: { level: string; message: { text: string } }[];
    }[];
    results: SarifResult[];
  }[];
}
interface SarifLocation {
  physicalLocation: {
    artifactLocation: { uri: string; uriBaseId?: string };
    region: { startLine: number; startColumn?: number };
  };
}
interface SarifResult {
  ruleId: string;
  ruleIndex: number;
  level: string;
  message: { text: string };
  locations: SarifLocation[];
  relatedLocations?: (SarifLocation & { id: number })[];
}

const OPTIONS = { baseDir: DIR, toolVersion: "0.1.0" };
const parse = (sarif: string) => JSON.parse(sarif) as SarifLog;
const run = (sarif: string) => parse(sarif).runs[0]!;

describe.each(Object.entries(fixtures))("%s", (name, explanation) => {
  it("renders as SARIF", async () => {
    await expect(renderSarif(explanation, OPTIONS)).toMatchFileSnapshot(`__snapshots__/${name}.sarif`);
  });

  it("is valid SARIF 2.1.0, with or without a base directory", () => {
    for (const sarif of [renderSarif(explanation, OPTIONS), renderSarif(explanation)]) {
      expect(validateSarif(JSON.parse(sarif)), ajv.errorsText(validateSarif.errors)).toBe(true);
    }
  });

  it("has one run of tfwhy, every result located at a line, with a rule at its ruleIndex", () => {
    const log = parse(renderSarif(explanation, OPTIONS));
    expect(log.runs).toHaveLength(1);
    const { tool, results } = log.runs[0]!;
    expect(tool.driver.name).toBe("tfwhy");
    for (const result of results) {
      expect(tool.driver.rules[result.ruleIndex]?.id).toBe(result.ruleId);
      expect(result.locations).toHaveLength(1);
      // OASIS's schema requires startLine (or an offset) in every region; Microsoft's copy does not check it.
      for (const location of [...result.locations, ...(result.relatedLocations ?? [])]) {
        expect(location.physicalLocation.region.startLine).toBeGreaterThanOrEqual(1);
      }
    }
  });
});

describe("renderSarif", () => {
  it("lists every DIAGNOSTIC_CODES entry as a rule, then terraform-fails", () => {
    const rules = run(renderSarif(seedIncident)).tool.driver.rules;
    expect(rules.map((r) => r.id)).toEqual([...Object.keys(DIAGNOSTIC_CODES), TERRAFORM_FAILS_RULE]);
    expect(rules[0]?.shortDescription.text).toBe(Object.values(DIAGNOSTIC_CODES)[0]);
  });

  it("gives one result per diagnostic: level, message with its fix, repo-relative and absolute locations", () => {
    const [warning, info] = run(renderSarif(seedIncident, OPTIONS)).results;
    expect(warning).toMatchObject({
      ruleId: "provider-credentials-ignored",
      level: "warning",
      locations: [
        {
          physicalLocation: { artifactLocation: { uri: "main.tf", uriBaseId: "%SRCROOT%" }, region: { startLine: 9 } },
        },
      ],
      relatedLocations: [
        {
          id: 1,
          physicalLocation: {
            artifactLocation: { uri: "env/backend.hcl", uriBaseId: "%SRCROOT%" },
            region: { startLine: 1 },
          },
        },
      ],
    });
    expect(warning?.message.text).toMatch(
      /never reads provider blocks.* Fix: Add profile = "terraform" to env\/backend\.hcl/,
    );
    // ~/.aws/credentials is outside the repository: code scanning could not show it, so the result sits on the
    // backend block and the message names the file.
    const block = seedIncident.backend.block;
    expect(info).toMatchObject({
      ruleId: "default-profile-used-while-others-exist",
      level: "note",
      locations: [
        {
          physicalLocation: {
            artifactLocation: { uri: block.file, uriBaseId: "%SRCROOT%" },
            region: { startLine: block.line },
          },
        },
      ],
    });
    expect(info?.message.text).toMatch(/^~\/\.aws\/credentials:1: The backend falls back/);
    // Without a base directory nothing is outside: the file keeps its absolute URI.
    const [, absolute] = run(renderSarif(seedIncident)).results;
    expect(absolute?.locations[0]?.physicalLocation.artifactLocation).toEqual({
      uri: `file://${HOME}/.aws/credentials`,
    });
    expect(run(renderSarif(seedIncident, OPTIONS)).originalUriBaseIds).toEqual({
      "%SRCROOT%": { uri: `file://${DIR}/` },
    });
  });

  it("makes URIs relative to the base directory, percent-encoded, and absolute without one", () => {
    const spaced: Explanation = {
      ...seedIncident,
      diagnostics: [{ ...seedIncident.diagnostics[0]!, location: inDir("my env/a#b.tf", 2), related: [] }],
    };
    const uri = (options: Parameters<typeof renderSarif>[1]) =>
      run(renderSarif(spaced, options)).results[0]?.locations[0]?.physicalLocation.artifactLocation;
    expect(uri({ baseDir: DIR })).toEqual({ uri: "my%20env/a%23b.tf", uriBaseId: "%SRCROOT%" });
    expect(uri({ baseDir: `${DIR}/` })).toEqual({ uri: "my%20env/a%23b.tf", uriBaseId: "%SRCROOT%" });
    expect(uri({ baseDir: "/work" })).toEqual({ uri: "project/my%20env/a%23b.tf", uriBaseId: "%SRCROOT%" });
    expect(uri({ baseDir: "/work/proj" })).toEqual({ uri: `file://${DIR}/my%20env/a%23b.tf` });
    expect(uri({})).toEqual({ uri: `file://${DIR}/my%20env/a%23b.tf` });
  });

  it("locates every result under the base directory when the backend block is inside it", () => {
    for (const explanation of Object.values(fixtures)) {
      for (const result of run(renderSarif(explanation, OPTIONS)).results) {
        for (const location of [...result.locations, ...(result.relatedLocations ?? [])]) {
          expect(location.physicalLocation.artifactLocation.uriBaseId).toBe("%SRCROOT%");
        }
      }
    }
  });

  it("names related locations outside the base directory in the message instead", () => {
    const related: Explanation = {
      ...seedIncident,
      diagnostics: [
        {
          ...seedIncident.diagnostics[0]!,
          related: [{ file: "~/.aws/config", path: `${HOME}/.aws/config`, line: 4 }],
        },
      ],
    };
    const [result] = run(renderSarif(related, OPTIONS)).results;
    expect(result?.relatedLocations).toBeUndefined();
    expect(result?.message.text).toContain("See also ~/.aws/config:4.");
  });

  it("places a diagnostic without a location on the backend block, and maps info to note", () => {
    const unlocated: Explanation = {
      ...seedIncident,
      diagnostics: [{ code: "region-missing", severity: "info", message: "No region.", location: null, fix: null }],
    };
    const [result] = run(renderSarif(unlocated, OPTIONS)).results;
    expect(result).toMatchObject({ level: "note", message: { text: "No region." } });
    expect(result?.locations[0]?.physicalLocation).toEqual({
      artifactLocation: { uri: "main.tf", uriBaseId: "%SRCROOT%" },
      region: { startLine: 2 },
    });
  });

  it("reports Terraform's failure when no error diagnostic does", () => {
    const results = run(renderSarif(imdsDisabled, OPTIONS)).results;
    expect(results).toEqual([
      expect.objectContaining({
        ruleId: TERRAFORM_FAILS_RULE,
        level: "error",
        message: {
          text: expect.stringMatching(/^Terraform will fail: No valid credential sources found\. No profile applies/),
        },
      }),
    ]);
    expect(run(renderSarif(missingRegion, OPTIONS)).results.map((r) => r.ruleId)).toEqual(["region-missing"]);
  });

  it("adds a rule for a code the diagnostic catalogue lacks (a verify check's)", () => {
    const odd: Explanation = {
      ...seedIncident,
      diagnostics: [{ ...seedIncident.diagnostics[0]!, code: "verify.s3.bucket" }],
    };
    const { tool, results } = run(renderSarif(odd));
    expect(tool.driver.rules.at(-1)?.id).toBe("verify.s3.bucket");
    expect(results[0]?.ruleIndex).toBe(tool.driver.rules.length - 1);
  });

  it("carries the tool version only when given", () => {
    expect(run(renderSarif(seedIncident, OPTIONS)).tool.driver.version).toBe("0.1.0");
    expect(run(renderSarif(seedIncident)).tool.driver.version).toBeUndefined();
  });

  it("never shows an unmasked key id", () => {
    for (const explanation of Object.values(fixtures)) {
      for (const [key] of renderSarif(explanation).matchAll(/\b(?:AKIA|ASIA)[A-Z0-9*]{16}\b/g))
        expect(key).toMatch(/\*{12}/);
    }
  });
});

describe("renderSarif over several modules", () => {
  it("renders a recursive report as one run", async () => {
    await expect(renderSarif(recursiveReport, { baseDir: ROOT, toolVersion: "0.1.0" })).toMatchFileSnapshot(
      "__snapshots__/recursive.sarif",
    );
  });

  it.each([
    ["a recursive report", recursiveReport],
    ["a healthy recursive report", healthyReport],
    ["a list of explanations", Object.values(fixtures)],
  ])("is valid SARIF 2.1.0 for %s", (_name, input) => {
    const log: unknown = JSON.parse(renderSarif(input, { baseDir: ROOT }));
    expect(validateSarif(log), ajv.errorsText(validateSarif.errors)).toBe(true);
  });

  it("prefixes each message with its module and turns unexplained modules into notifications", () => {
    const { results, invocations } = run(renderSarif(recursiveReport, { baseDir: ROOT }));
    expect(results.map((r) => r.message.text.split(":")[0])).toEqual([
      "infra/dev",
      "infra/dev",
      "infra/prod",
      "legacy",
      "sandbox",
    ]);
    expect(results[0]?.locations[0]?.physicalLocation.artifactLocation).toEqual({
      uri: "infra/dev/main.tf",
      uriBaseId: "%SRCROOT%",
    });
    expect(invocations).toEqual([
      {
        executionSuccessful: true,
        toolExecutionNotifications: [
          expect.objectContaining({
            level: "error",
            message: { text: "infra/broken: main.tf:3: Unclosed configuration block" },
          }),
        ],
      },
    ]);
  });

  it("marks the execution unsuccessful when a module hit a bug", () => {
    const buggy = {
      ...healthyReport,
      modules: [{ dir: "x", backendConfigFiles: [], error: { kind: "internal" as const, message: "boom", at: null } }],
    };
    expect(run(renderSarif(buggy)).invocations[0]?.executionSuccessful).toBe(false);
  });

  it("labels a list of explanations by their directories, and a single-item list not at all", () => {
    const list = [seedIncident, { ...seedIncident, dir: "/elsewhere/mod" }];
    const texts = run(renderSarif(list, { baseDir: "/work" })).results.map((r) => r.message.text.split(":")[0]);
    expect(texts).toEqual(["project", "project", "/elsewhere/mod", "/elsewhere/mod"]);
    expect(run(renderSarif([seedIncident])).results[0]?.message.text).toMatch(/^provider "aws"/);
  });
});
