/** The seed example's `backendPolicy`: the "done when" for examples/seed-incident. */
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { backendPolicy, createNodeWorld } from "../../src/index.js";

const seed = fileURLToPath(new URL("../../../../examples/seed-incident", import.meta.url));
/** The example's fake home and an empty environment: the answer must not depend on the developer's shell. */
const world = () => createNodeWorld({ env: {}, homeDir: `${seed}/home`, cwd: seed });
const ROLE = "arn:aws:iam::123456789012:role/terraform-access-role";

describe("examples/seed-incident: backendPolicy", () => {
  it("after the fix: the role's policy, AssumeRole for the terraform-access keys, the bucket policy for the role", async () => {
    const { policy } = await backendPolicy(
      { dir: seed, backendConfig: ["env/backend.fixed.hcl"], bucketPolicyPrincipal: ROLE },
      world(),
    );
    expect(policy.identity.principalArn).toBe(ROLE);
    expect(policy.identity.statements.map((s) => s.statement.Sid)).toEqual([
      "ListStateWorkspaces",
      "ReadWriteDefaultState",
      "ReadWriteWorkspaceStates",
      "DynamoDbLockAndDigest",
    ]);
    const ddb = policy.identity.document.Statement.find((s) => s.Sid === "DynamoDbLockAndDigest");
    expect(ddb?.Resource).toBe("arn:aws:dynamodb:eu-west-1:123456789012:table/terraform-locks");
    expect(ddb?.Action).not.toContain("dynamodb:DescribeTable");
    expect(policy.notes.join("\n")).toContain("dynamodb:DescribeTable is not needed");
    expect(policy.assumeRole).toHaveLength(1);
    expect(policy.assumeRole[0]?.principal).toContain("AKIA************T002");
    expect(policy.assumeRole[0]?.document.Statement[0]).toMatchObject({ Action: ["sts:AssumeRole"], Resource: ROLE });
    const bucket = policy.bucketPolicy?.document.Statement ?? [];
    expect(bucket.map((s) => s.Sid)).toEqual([
      "ListStateWorkspaces",
      "ReadWriteDefaultState",
      "ReadWriteWorkspaceStates",
    ]);
    expect(bucket.every((s) => s.Principal?.AWS === ROLE)).toBe(true);
    expect(JSON.stringify(policy)).not.toContain("example-secret");
  });

  it("before the fix: the policy is for the [default] profile's keys, and says so", async () => {
    const { policy, explanation } = await backendPolicy({ dir: seed, backendConfig: ["env/backend.hcl"] }, world());
    expect(policy.identity.principalArn).toBeNull();
    expect(policy.identity.principal).toBe("SharedConfigCredentials (profile default, key AKIA************E001)");
    expect(policy.assumeRole).toEqual([]);
    // No role names the account: the table ARN says `*` and a note says why.
    const ddb = policy.identity.document.Statement.find((s) => s.Sid === "DynamoDbLockAndDigest");
    expect(ddb?.Resource).toBe("arn:aws:dynamodb:eu-west-1:*:table/terraform-locks");
    expect(policy.notes.join("\n")).toContain("not known offline");
    expect(explanation.diagnostics.map((d) => d.code)).toContain("provider-credentials-ignored");
    expect(JSON.stringify(policy)).not.toContain("example-secret");
  });
});
