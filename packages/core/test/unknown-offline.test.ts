import { describe, expect, it } from "vitest";
import { explainWithPlan } from "../src/explain.js";
import { DIR, worldFor } from "./scenario-world.js";
import type { Scenario } from "./scenarios.js";

const DEFAULT_KEYS = "[default]\naws_access_key_id = AKIADEFAULT000000002\naws_secret_access_key = default-secret\n";

function explain(scenario: Omit<Scenario, "expect">) {
  return explainWithPlan({ dir: DIR }, worldFor({ ...scenario, expect: {} }));
}

describe("values tfwhy does not evaluate: unknown offline, decided by the chain and resolveRegion", () => {
  it("a profile expression makes the credentials unknown: the walked steps are qualified, no plan", async () => {
    const { explanation, plan } = await explain({
      backend: 'profile = 1 == 1 ? "a" : "b"',
      files: { "~/.aws/credentials": DEFAULT_KEYS },
    });
    expect(explanation.credentials).toMatchObject({
      status: "unknown",
      source: null,
      unknown: { attributes: ["profile"] },
    });
    expect(plan).toBeNull();
    const profile = explanation.steps.find((s) => s.id === "profile");
    expect(profile).toMatchObject({ outcome: "unknown", reason: { code: "value-not-evaluated" } });
    expect(profile?.reason.message).toMatch(/^Only if profile \(main\.tf:\d+\) leaves this unchanged: /);
    expect(explanation.verdict).toMatchObject({ terraformFails: null, unknown: { attributes: ["profile"] } });
    const codes = explanation.diagnostics.map((d) => d.code);
    expect(codes).toContain("answer-unknown-offline");
    expect(codes).not.toContain("default-profile-used-while-others-exist");
  });

  it("a static key expression makes the backend static step unknown", async () => {
    const { explanation } = await explain({ backend: 'secret_key = 1 == 1 ? "a" : "b"', env: {} });
    expect(explanation.steps.find((s) => s.id === "backend.static")).toMatchObject({
      outcome: "unknown",
      reason: { code: "value-not-evaluated" },
    });
  });

  it("a region expression makes the region unknown, not missing", async () => {
    const { explanation } = await explain({
      bare: true,
      backend: 'bucket = "b"\nkey = "k"\nregion = 1 == 1 ? "us-east-1" : "eu-west-1"',
      env: { AWS_REGION: "eu-west-1" },
    });
    expect(explanation.region).toMatchObject({ value: null, from: "backend", unknown: { attributes: ["region"] } });
    expect(explanation.diagnostics.map((d) => d.code)).not.toContain("region-missing");
  });
});
