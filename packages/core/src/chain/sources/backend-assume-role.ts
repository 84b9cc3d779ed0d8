/**
 * The backend's single `assume_role` object, assumed last. Mirrors hashicorp/aws-sdk-go-base v2 credentials.go
 * getCredentialsProvider → assumeRoleCredentialsProvider.
 */
import type { ChainWalk } from "../chain-walk.js";
import { backendRoleHop } from "../credential-plans.js";
import type { RoleHop } from "../plan.js";

export function backendAssumeRole(walk: ChainWalk): RoleHop | null {
  const block = walk.backend.object("assume_role");
  if (!block || typeof block.role_arn !== "string" || block.role_arn === "") return null;
  walk.recorder.applied({
    id: "backend.assume-role",
    title: "Backend assume_role",
    code: "backend-assume-role",
    message:
      `The backend's assume_role (${walk.backend.describe("assume_role")}) assumes ${block.role_arn} ` +
      "with the credentials above.",
    evidence: [walk.backend.evidence("assume_role")],
    roleArn: block.role_arn,
  });
  return backendRoleHop(block);
}
