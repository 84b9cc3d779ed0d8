/**
 * Environment web identity. Mirrors aws/aws-sdk-go-v2 config/resolve_credentials.go resolveCredentialChain
 * `case len(envConfig.WebIdentityTokenFilePath) > 0:` (assumeWebIdentity), before any profile.
 */
import { envEvidence } from "../../evidence.js";
import type { ChainWalk } from "../chain-walk.js";
import { optional } from "../credential-plans.js";
import { failure, NO_VALID_CREDENTIALS, picked, SKIPPED, type SourceOutcome } from "../source-outcome.js";
import { markProfileUnreached } from "../unreached.js";

const TITLE = "Environment web identity";

export async function environmentWebIdentity(walk: ChainWalk): Promise<SourceOutcome> {
  const { recorder, env } = walk;
  const tokenFile = env.AWS_WEB_IDENTITY_TOKEN_FILE;
  if (!tokenFile) {
    recorder.skipped({
      id: "env.web-identity",
      title: TITLE,
      code: "env-web-identity-unset",
      message: "AWS_WEB_IDENTITY_TOKEN_FILE is not set.",
      evidence: [envEvidence(env, "AWS_WEB_IDENTITY_TOKEN_FILE")],
    });
    return SKIPPED;
  }
  const evidence = [
    envEvidence(env, "AWS_WEB_IDENTITY_TOKEN_FILE"),
    envEvidence(env, "AWS_ROLE_ARN"),
    envEvidence(env, "AWS_ROLE_SESSION_NAME"),
  ];
  const roleArn = env.AWS_ROLE_ARN;
  if (!roleArn) {
    const message =
      "AWS_WEB_IDENTITY_TOKEN_FILE is set but AWS_ROLE_ARN is not; " +
      "the Go SDK stops here instead of falling through to profiles.";
    recorder.error({ id: "env.web-identity", title: TITLE, code: "env-web-identity-role-missing", message, evidence });
    markProfileUnreached(walk, "env.web-identity", "Environment web identity is chosen before any profile.");
    return failure({ code: "env-web-identity-role-missing", message, terraformError: "role ARN is not set" });
  }
  markProfileUnreached(
    walk,
    "env.web-identity",
    "Environment web identity is chosen before any profile, including AWS_PROFILE.",
  );
  const name = walk.profileName;
  if (name.from === "AWS_PROFILE") {
    recorder.diagnose({
      code: "aws-profile-shadowed-by-env-credentials",
      severity: "warning",
      message:
        `AWS_PROFILE=${name.name} is set but ignored: ` +
        "AWS_WEB_IDENTITY_TOKEN_FILE wins over it in Terraform's Go SDK.",
      location: null,
      fix: `Set profile = "${name.name}" in the backend configuration, or unset AWS_WEB_IDENTITY_TOKEN_FILE.`,
    });
  }
  // The token file is read at Retrieve time, unexpanded (aws/aws-sdk-go-v2 credentials/stscreds IdentityTokenFile).
  const read = await walk.world.fs.readText(walk.absolute(tokenFile));
  if (read.state !== "found") {
    const message =
      `AWS_WEB_IDENTITY_TOKEN_FILE=${tokenFile} is ${read.state === "missing" ? "missing" : "unreadable"}; ` +
      "Terraform fails when it reads the token.";
    recorder.error({
      id: "env.web-identity",
      title: TITLE,
      code: "web-identity-token-file-missing",
      message,
      evidence,
    });
    return failure({ code: "web-identity-token-file-missing", message, terraformError: NO_VALID_CREDENTIALS });
  }
  recorder.picked({
    id: "env.web-identity",
    title: TITLE,
    code: "env-web-identity",
    message:
      "AWS_WEB_IDENTITY_TOKEN_FILE and AWS_ROLE_ARN are set: " +
      `Terraform calls sts:AssumeRoleWithWebIdentity for ${roleArn}.`,
    evidence,
    credential: { source: "WebIdentityCredentials", accessKeyId: null },
    extras: { roleArn },
  });
  return picked({
    source: "WebIdentityCredentials",
    accessKeyId: null,
    sourceFile: null,
    profileRoles: [],
    plan: {
      kind: "web-identity",
      roleArn,
      tokenFile: walk.absolute(tokenFile),
      token: read.text.trim(),
      ...optional("sessionName", env.AWS_ROLE_SESSION_NAME),
      fromBackend: false,
    },
  });
}
