import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { createNodeWorld, explainCredentials } from "../src/index.js";

const seed = fileURLToPath(new URL("../../../examples/seed-incident", import.meta.url));
/** The example's fake home and an empty environment: the answer must not depend on the developer's shell. */
const world = () => createNodeWorld({ env: {}, homeDir: `${seed}/home`, cwd: seed });

describe("examples/seed-incident", () => {
  it("before the fix: [default] is used, the provider block is ignored, the fix is profile = \"terraform\" in env/backend.hcl", async () => {
    const explanation = await explainCredentials({ dir: seed, backendConfig: ["env/backend.hcl"] }, world());
    expect(explanation.credentials).toMatchObject({
      status: "resolved",
      source: "SharedConfigCredentials",
      sourceFile: `${seed}/home/.aws/credentials`,
      accessKeyId: "AKIA************E001",
      profile: { name: "default", from: "default" },
      assumeRoles: [],
    });
    const ignored = explanation.diagnostics.find((d) => d.code === "provider-credentials-ignored");
    expect(ignored?.location).toMatchObject({ file: "main.tf", line: 11 });
    expect(ignored?.message).toContain('profile = "terraform" (main.tf:13)');
    expect(ignored?.fix).toContain('profile = "terraform"');
    expect(ignored?.fix).toContain("env/backend.hcl");
    expect(explanation.diagnostics.map((d) => d.code)).toContain("default-profile-used-while-others-exist");
    expect(JSON.stringify(explanation)).not.toContain("example-secret");
  });

  it("after the fix: the terraform profile is picked", async () => {
    const explanation = await explainCredentials({ dir: seed, backendConfig: ["env/backend.fixed.hcl"] }, world());
    expect(explanation.credentials).toMatchObject({
      status: "resolved",
      source: "SharedConfigCredentials",
      accessKeyId: "AKIA************T002",
      profile: { name: "terraform", from: "backend" },
    });
    expect(explanation.diagnostics.map((d) => d.code)).not.toContain("default-profile-used-while-others-exist");
  });
});
