import { describe, expect, it } from "vitest";
import { explainCredentials } from "../src/index.js";
import { createFakeWorld } from "../src/testing.js";
import { type Scenario, scenarios } from "./scenarios.js";
import { summarize } from "./summarize.js";

const DIR = "/work/project";

function worldFor(scenario: Scenario) {
  const lines = scenario.bare ? [] : ['bucket = "b"', 'key = "k"', 'region = "us-east-1"'];
  if (scenario.backend) lines.push(...scenario.backend.split("\n"));
  const mainTf = `terraform {\n  backend "s3" {\n${lines.map((l) => `    ${l}`).join("\n")}\n  }\n}\n`;
  return createFakeWorld({
    cwd: DIR,
    env: scenario.env ?? {},
    files: { "main.tf": mainTf, ...scenario.files },
    ...(scenario.now ? { now: scenario.now } : {}),
  });
}

describe("explainCredentials: Terraform 1.11 S3 backend scenarios", () => {
  for (const [name, scenario] of Object.entries(scenarios)) {
    it(name, async () => {
      const explanation = await explainCredentials(
        { dir: DIR, backendConfig: scenario.backendConfig ?? [] },
        worldFor(scenario),
      );
      const summary = summarize(explanation);
      const { diagnostics, noDiagnostics, outcomes, ...fields } = scenario.expect;
      expect(summary).toMatchObject(fields);
      if (outcomes) expect(summary.outcomes).toMatchObject(outcomes);
      for (const code of diagnostics ?? []) expect(summary.diagnostics).toContain(code);
      for (const code of noDiagnostics ?? []) expect(summary.diagnostics).not.toContain(code);
      // Secrets never appear in the explanation.
      expect(JSON.stringify(explanation)).not.toMatch(
        /env-secret|default-secret|team-secret|backend-secret|session-secret|sso-access-token|eyJhbGciOi|profile-secret/,
      );
    });
  }
});
