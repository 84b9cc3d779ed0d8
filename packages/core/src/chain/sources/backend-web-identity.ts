/**
 * The backend's `assume_role_with_web_identity`. Mirrors hashicorp/aws-sdk-go-base v2 credentials.go
 * getCredentialsProvider (webIdentityCredentialsProvider): it replaces the chain's credentials; it is read only in
 * the chain branch, so with backend static keys it is silently ignored.
 */
import type { ChainWalk } from "../chain-walk.js";
import { optional } from "../credential-plans.js";
import type { BaseCredentialPlan } from "../plan.js";
import {
  type ChainFailure,
  failure,
  NO_VALID_CREDENTIALS,
  picked,
  SKIPPED,
  type SourceOutcome,
} from "../source-outcome.js";
import { backendStaticAttributes } from "./backend-static-keys.js";

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

/**
 * Whether the backend's assume_role_with_web_identity takes over from a chain that failed. getCredentialsProvider
 * (hashicorp/aws-sdk-go-base v2 credentials.go) sets `cfg.Credentials` to the web-identity provider after
 * LoadDefaultConfig and before `cfg.Credentials.Retrieve`: a failure LoadDefaultConfig raises (a missing profile,
 * env web identity without AWS_ROLE_ARN) still stops Terraform, but one that happens only at retrieval (a missing
 * token file, an expired SSO token, no source at all) never happens. Go wraps every retrieval failure, and only
 * those, in NewNoValidCredentialSourcesError, so its summary tells the two apart (seen on Terraform 1.11.4:
 * conformance/FINDINGS.md §14). Never with backend static keys: that branch never reads the block.
 */
export function webIdentityReplacesFailure(walk: ChainWalk, chainFailure: ChainFailure): boolean {
  return (
    walk.backend.object("assume_role_with_web_identity") !== undefined &&
    backendStaticAttributes(walk).length === 0 &&
    chainFailure.terraformError === NO_VALID_CREDENTIALS
  );
}

/**
 * Rewrites the failed source's step as never retrieved, and its error diagnostic (an SSO login to run) as
 * information: with the block in place neither stops Terraform.
 */
export function recordFailureReplaced(walk: ChainWalk, chainFailure: ChainFailure): void {
  const { steps, diagnostics } = walk.recorder;
  const index = steps.findLastIndex((step) => step.outcome === "error");
  const failed = steps[index];
  if (failed) {
    steps[index] = {
      id: failed.id,
      title: failed.title,
      outcome: "unreached",
      reason: {
        code: "replaced-by-backend-web-identity",
        message:
          `${failed.reason.message} Terraform never retrieves these credentials: the backend's ` +
          "assume_role_with_web_identity replaces them first.",
      },
      evidence: failed.evidence,
      unreachedBecause: ID,
      wouldHave: "failed",
    };
  }
  diagnostics.forEach((diagnostic, i) => {
    if (diagnostic.code === chainFailure.code && diagnostic.severity === "error")
      diagnostics[i] = { ...diagnostic, severity: "info" };
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
