/** Verify's titles and fixes name what is on disk: the base source under role hops, the line that sets an attribute. */
import { describe, expect, it } from "vitest";
import { AwsCallError, verifyBackend } from "../../src/verify/index.js";
import { DIR, fakePort, world } from "./fake-port.js";

describe("verify names what is on disk", () => {
  it("the base step under a backend assume_role names the base source, not AssumeRoleProvider", async () => {
    const w = world('region = "eu-central-1"\nassume_role = { role_arn = "arn:aws:iam::111122223333:role/t" }');
    const report = await verifyBackend({ dir: DIR }, w.world);
    const base = report.checks.find((c) => c.id === "credentials.base");
    expect(base?.title).toBe("Base credentials (static keys)");
  });

  it("a missing lock table's fix points at the line that sets dynamodb_table, not the -backend-config file", async () => {
    const port = fakePort({
      describeTable: async () => {
        throw new AwsCallError({
          operation: "dynamodb:DescribeTable",
          awsCode: "ResourceNotFoundException",
          httpStatus: 400,
          message: "Requested resource not found",
        });
      },
    });
    const w = world(
      'region = "eu-central-1"\ndynamodb_table = "locks"',
      undefined,
      { "env/ci.hcl": "encrypt = true\n" },
      port,
    );
    const report = await verifyBackend({ dir: DIR, backendConfig: ["env/ci.hcl"] }, w.world);
    const table = report.checks.find((c) => c.id === "lock.dynamodb-table");
    expect(table?.fix).toContain("fix dynamodb_table in main.tf:6");
    expect(table?.fix).not.toContain("env/ci.hcl");
  });
});
