import { fileURLToPath } from "node:url";
import { type BackendPolicyReport, backendPolicy, createNodeWorld } from "@tfwhy/core";
import { beforeAll, describe, expect, it } from "vitest";
import { renderPolicyJson, renderPolicyMarkdown, renderPolicyText } from "../src/index.js";

const seed = fileURLToPath(new URL("../../../examples/seed-incident", import.meta.url));
const ROLE = "arn:aws:iam::123456789012:role/terraform-access-role";

/** The seed's fixed configuration, with the machine's path replaced so the snapshots hold anywhere. */
async function seedReport(): Promise<BackendPolicyReport> {
  const world = createNodeWorld({ env: {}, homeDir: `${seed}/home`, cwd: seed });
  const report = await backendPolicy(
    { dir: seed, backendConfig: ["env/backend.fixed.hcl"], bucketPolicyPrincipal: ROLE },
    world,
  );
  return { ...report, explanation: { ...report.explanation, dir: "examples/seed-incident" } };
}

describe("policy reports (examples/seed-incident, fixed)", () => {
  let report: BackendPolicyReport;
  beforeAll(async () => {
    report = await seedReport();
  });

  it("renders as text", async () => {
    await expect(renderPolicyText(report)).toMatchFileSnapshot("__snapshots__/policy-seed.txt");
  });

  it("renders as Markdown", async () => {
    await expect(renderPolicyMarkdown(report)).toMatchFileSnapshot("__snapshots__/policy-seed.md");
  });

  it("JSON is one policy document: the identity's, or the bucket's when asked", () => {
    expect(JSON.parse(renderPolicyJson(report))).toEqual(report.policy.identity.document);
    expect(JSON.parse(renderPolicyJson(report, "bucket"))).toEqual(report.policy.bucketPolicy?.document);
    expect(renderPolicyJson(report).endsWith("}\n")).toBe(true);
  });
});
