/**
 * The backend's `assume_role_with_web_identity`. Mirrors hashicorp/aws-sdk-go-base v2 credentials.go
 * getCredentialsProvider (webIdentityCredentialsProvider): it replaces the chain's credentials; it is read only in
 * the chain branch, so with backend static keys it is silently ignored.
 */
import type { ChainWalk } from "../chain-walk.js";
import { optional } from "../credential-plans.js";
import type { BaseCredentialPlan } from "../plan.js";
import { failure, picked, SKIPPED, type SourceOutcome } from "../source-outcome.js";

const ID = "backend.assume-role-with-web-identity";
const TITLE = "Backend assume_role_with_web_identity";
type Block = { readonly [key: string]: unknown };

export async function backendWebIdentity(walk: ChainWalk, staticBranch: boolean): Promise<SourceOutcome> {
  const { backend, recorder } = walk;
  const block = backend.object("assume_role_with_web_identity");
  if (!block) return SKIPPED;
  const evidence = [backend.evidence("assume_role_with_web_identity")];
  const roleArn = typeof block.role_arn === "string" ? block.role_arn : "";
  if (staticBranch) {
    recorder.skipped({
      id: ID,
      title: TITLE,
      code: "ignored-with-backend-static-keys",
      message: "Backend static keys are set, so Terraform never reads assume_role_with_web_identity.",
      evidence,
    });
    recorder.diagnose({
      code: "assume-role-with-web-identity-ignored",
      severity: "warning",
      message:
        `assume_role_with_web_identity (${backend.describe("assume_role_with_web_identity")}) is silently ignored ` +
        "because access_key/secret_key/token are set in the backend.",
      location: backend.at("assume_role_with_web_identity"),
      fix: "Remove the static keys from the backend, or remove the web identity block.",
    });
    return SKIPPED;
  }
  const tokenFile = typeof block.web_identity_token_file === "string" ? block.web_identity_token_file : "";
  // The file is read here once; verify signs with what was read (the plan carries it).
  let fileToken = "";
  if (tokenFile && typeof block.web_identity_token !== "string") {
    const read = await walk.world.fs.readText(walk.absolute(walk.expandPath(tokenFile)));
    if (read.state === "found") fileToken = read.text.trim();
    else {
      const message = `assume_role_with_web_identity reads its token from ${tokenFile}, which is ${read.state}.`;
      const code = "web-identity-token-file-missing";
      recorder.error({ id: ID, title: TITLE, code, message, evidence, extras: { roleArn } });
      return failure({ code, message, terraformError: "Cannot assume IAM Role with web identity" });
    }
  }
  recorder.picked({
    id: ID,
    title: TITLE,
    code: "backend-web-identity",
    message:
      `The backend's assume_role_with_web_identity (${backend.describe("assume_role_with_web_identity")}) ` +
      `replaces the credentials above: Terraform calls sts:AssumeRoleWithWebIdentity for ${roleArn}.`,
    evidence,
    credential: { source: "WebIdentityCredentials", accessKeyId: null },
    extras: { roleArn },
  });
  return picked({
    source: "WebIdentityCredentials",
    accessKeyId: null,
    sourceFile: null,
    profileRoles: [],
    plan: webIdentityPlan(walk, block, roleArn, tokenFile, fileToken),
  });
}

function webIdentityPlan(
  walk: ChainWalk,
  block: Block,
  roleArn: string,
  tokenFile: string,
  fileToken: string,
): BaseCredentialPlan {
  const literal = typeof block.web_identity_token === "string" ? block.web_identity_token : undefined;
  return {
    kind: "web-identity",
    roleArn,
    ...(literal ? { token: literal } : { token: fileToken, tokenFile: walk.absolute(walk.expandPath(tokenFile)) }),
    ...optional("sessionName", typeof block.session_name === "string" ? block.session_name : undefined),
    fromBackend: true,
  };
}
