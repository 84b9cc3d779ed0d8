import { describe, expect, it } from "vitest";
import { explainCredentials } from "../src/index.js";
import { DIR, worldFor } from "./scenario-world.js";
import { scenarios } from "./scenarios.js";
import { summarize } from "./summarize.js";

describe("explainCredentials: Terraform 1.11 S3 backend scenarios", () => {
  for (const [name, scenario] of Object.entries(scenarios)) {
    it(name, async () => {
      const explanation = await explainCredentials(
        { dir: DIR, backendConfig: scenario.backendConfig ?? [] },
        worldFor(scenario),
      );
      const summary = summarize(explanation);
      const { diagnostics, noDiagnostics, infos, outcomes, ...fields } = scenario.expect;
      expect(summary).toMatchObject(fields);
      if (outcomes) expect(summary.outcomes).toMatchObject(outcomes);
      for (const code of diagnostics ?? []) expect(summary.diagnostics).toContain(code);
      for (const code of noDiagnostics ?? []) expect(summary.diagnostics).not.toContain(code);
      for (const code of infos ?? []) expect(summary.infos).toContain(code);
      // Secrets never appear in the explanation.
      expect(JSON.stringify(explanation)).not.toMatch(
        /env-secret|default-secret|team-secret|backend-secret|session-secret|sso-access-token|eyJhbGciOi|profile-secret/,
      );
    });
  }
});
