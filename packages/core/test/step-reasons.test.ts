import { describe, expect, it } from "vitest";
import { explainCredentials } from "../src/index.js";
import { STEP_REASON_CODES } from "../src/reasons.js";
import { DIR, worldFor } from "./scenario-world.js";
import { type Scenario, scenarios } from "./scenarios.js";

const ROLE = "arn:aws:iam::111111111111:role/terraform";

/** Worlds for the codes the scenario table does not reach. */
const extraWorlds: Record<string, Scenario> = {
  "credential_source = EcsContainer without a container URI": {
    env: { AWS_PROFILE: "ecs" },
    files: { "~/.aws/config": `[profile ecs]\nrole_arn = ${ROLE}\ncredential_source = EcsContainer\n` },
    expect: {},
  },
  "an incomplete legacy SSO profile": {
    env: { AWS_PROFILE: "sso" },
    files: {
      "~/.aws/config":
        "[profile sso]\nsso_start_url = https://example.awsapps.com/start\nsso_region = us-east-1\n" +
        "sso_account_id = 123456789012\n",
    },
    expect: {},
  },
  "a lone quote in the credentials file": {
    files: { "~/.aws/credentials": '[default]\naws_session_token = "\n' },
    expect: {},
  },
  "a profile attribute tfwhy does not evaluate": { backend: 'profile = 1 == 1 ? "a" : "b"', expect: {} },
};

async function emittedCodes(): Promise<Map<string, string>> {
  const emitted = new Map<string, string>();
  for (const [name, scenario] of Object.entries({ ...scenarios, ...extraWorlds })) {
    const explanation = await explainCredentials(
      { dir: DIR, backendConfig: scenario.backendConfig ?? [] },
      worldFor(scenario),
    );
    for (const step of explanation.steps) if (!emitted.has(step.reason.code)) emitted.set(step.reason.code, name);
  }
  return emitted;
}

describe("STEP_REASON_CODES", () => {
  it("catalogues every step reason code the chain emits, and nothing it never emits", async () => {
    const emitted = await emittedCodes();
    const catalogued = Object.keys(STEP_REASON_CODES);
    expect([...emitted.keys()].filter((code) => !catalogued.includes(code))).toEqual([]);
    expect(catalogued.filter((code) => !emitted.has(code))).toEqual([]);
  });

  it("describes each code in one kebab-case key and one sentence", () => {
    for (const [code, meaning] of Object.entries(STEP_REASON_CODES)) {
      expect(code).toMatch(/^[a-z0-9]+(-[a-z0-9]+)*$/);
      expect(meaning).toMatch(/^[A-Za-z`].*\.$/);
    }
  });
});
