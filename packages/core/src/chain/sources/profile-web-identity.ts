/**
 * web_identity_token_file in a profile. Mirrors aws/aws-sdk-go-v2 config/resolve_credentials.go
 * resolveCredsFromProfile `case len(sharedConfig.WebIdentityTokenFile) > 0:` (assumeWebIdentity): the profile's
 * role_arn is the web-identity role, not a layer on top.
 */
import { profileKeyEvidence } from "../../evidence.js";
import { formatLocation } from "../../location.js";
import type { ChainWalk } from "../chain-walk.js";
import { optional } from "../credential-plans.js";
import { type DecidedOutcome, failure, NO_VALID_CREDENTIALS, picked } from "../source-outcome.js";
import type { ProfileArm } from "./profile-arm.js";

export async function profileWebIdentity(
  walk: ChainWalk,
  { profile, title, intro, extras }: ProfileArm,
): Promise<DecidedOutcome> {
  const file = profile.webIdentityTokenFile!;
  const evidence = [profileKeyEvidence(profile.name, "web_identity_token_file", file.value, file.at)];
  const read = await walk.world.fs.readText(walk.absolute(file.value));
  if (read.state !== "found") {
    const message =
      `${intro} reads its web identity token from ${file.value} (${formatLocation(file.at)}), ` +
      `which is ${read.state}.`;
    walk.recorder.error({ id: "profile", title, code: "web-identity-token-file-missing", message, evidence, extras });
    return failure({ code: "web-identity-token-file-missing", message, terraformError: NO_VALID_CREDENTIALS });
  }
  walk.recorder.picked({
    id: "profile",
    title,
    code: "profile-web-identity",
    message:
      `${intro} assumes ${profile.roleArn?.value ?? "its role_arn"} ` + `with the web identity token in ${file.value}.`,
    evidence,
    credential: { source: "WebIdentityCredentials", accessKeyId: null },
    extras: { ...extras, ...(profile.roleArn ? { roleArn: profile.roleArn.value } : {}) },
  });
  return picked({
    source: "WebIdentityCredentials",
    accessKeyId: null,
    sourceFile: null,
    profileRoles: [],
    plan: {
      kind: "web-identity",
      roleArn: profile.roleArn?.value ?? "",
      tokenFile: walk.absolute(file.value),
      token: read.text.trim(),
      ...optional("sessionName", profile.roleSessionName?.value),
      fromBackend: false,
    },
  });
}
