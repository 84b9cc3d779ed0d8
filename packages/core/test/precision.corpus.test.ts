import { describe, expect, it } from "vitest";
import { explainCredentials } from "../src/index.js";
import { createFakeWorld } from "../src/testing.js";
import { corpus } from "./precision.scenarios.js";

const DIR = "/work/project";

describe("precision corpus: warnings only where a person would act", () => {
  it("holds at least 20 setups", () => {
    expect(Object.keys(corpus).length).toBeGreaterThanOrEqual(20);
  });
  for (const [name, setup] of Object.entries(corpus)) {
    it(name, async () => {
      const world = createFakeWorld({
        cwd: DIR,
        env: setup.env ?? {},
        files: { "main.tf": setup.mainTf, ...setup.files },
      });
      const explanation = await explainCredentials({ dir: DIR, backendConfig: setup.backendConfig ?? [] }, world);
      const actionable = explanation.diagnostics.filter((d) => d.severity !== "info").map((d) => d.code);
      expect(actionable.sort()).toEqual([...setup.actionable].sort());
      const infos = explanation.diagnostics.filter((d) => d.severity === "info").map((d) => d.code);
      for (const code of setup.infos ?? []) expect(infos).toContain(code);
      expect(JSON.stringify(explanation)).not.toMatch(
        /env-secret|default-secret|profile-secret|team-secret|session-secret|sso-access-token/,
      );
    });
  }
});
