import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { createNodeWorld, explainCredentials } from "../src/index.js";

const seed = fileURLToPath(new URL("../../../examples/seed-incident", import.meta.url));
/** The example's fake home and an empty environment: the answer must not depend on the developer's shell. */
const world = () => createNodeWorld({ env: {}, homeDir: `${seed}/home`, cwd: seed });

describe("examples/seed-incident", () => {
  it('before the fix: [default] is used, the provider block is ignored, the fix is profile = "terraform" in env/backend.hcl', async () => {
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
    expect(ignored?.message).toContain('profile = "terraform-access" (main.tf:13)');
    expect(ignored?.message).toContain("assume_role arn:aws:iam::123456789012:role/terraform-access-role (main.tf:16)");
    expect(ignored?.fix).toMatch(/^Add profile = "terraform" to env\/backend.hcl/);
    expect(explanation.diagnostics.map((d) => d.code)).toContain("default-profile-used-while-others-exist");
    expect(JSON.stringify(explanation)).not.toContain("example-secret");
  });

  it("after the fix: the terraform profile is picked", async () => {
    const explanation = await explainCredentials({ dir: seed, backendConfig: ["env/backend.fixed.hcl"] }, world());
    expect(explanation.credentials).toMatchObject({
      status: "resolved",
      source: "AssumeRoleProvider",
      accessKeyId: null,
      profile: { name: "terraform", from: "backend" },
      assumeRoles: ["arn:aws:iam::123456789012:role/terraform-access-role"],
    });
    const codes = explanation.diagnostics.map((d) => d.code);
    expect(codes).not.toContain("default-profile-used-while-others-exist");
    // The backend now does what the provider block does: nothing left to flag.
    expect(codes).not.toContain("provider-credentials-ignored");
  });
});
