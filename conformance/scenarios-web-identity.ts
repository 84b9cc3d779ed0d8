/**
 * Conformance scenarios for issue 14 area 1: the backend's assume_role_with_web_identity as the base source, and
 * web-identity settings whose token files are missing (gathered by scenarios.ts). aws-sdk-go-base
 * getCredentialsProvider replaces the credentials LoadDefaultConfig built before anything retrieves them, so a
 * chain that would fail only at retrieval never runs; one that fails while loading stops Terraform first.
 */
import type { Scenario } from "./harness/types.js";
import { CONF, keys, NO_CREDS, NO_IMDS, role, TOKEN } from "./scenario-kit.js";

const BLOCK = `assume_role_with_web_identity = { role_arn = "${role("wi-block")}", web_identity_token_file = "{{ROOT}}/token.jwt" }`;
const WI_BLOCK = { source: "WebIdentityCredentials", assumedRole: role("wi-block") } as const;

export const webIdentityScenarios: readonly Scenario[] = [
  {
    name: "backend-web-identity-as-only-source",
    rule: "aws-sdk-go-base getCredentialsProvider: with no chain source at all (IMDS off), the block is the base source",
    backend: `${NO_IMDS}\n${BLOCK}`,
    files: TOKEN,
    expect: WI_BLOCK,
  },
  {
    name: "backend-web-identity-over-env-web-identity-missing-token-file",
    rule: "aws-sdk-go-base getCredentialsProvider: the block replaces env web identity before its missing token file is read",
    backend: `${NO_IMDS}\n${BLOCK}`,
    env: { AWS_WEB_IDENTITY_TOKEN_FILE: "{{ROOT}}/missing.jwt", AWS_ROLE_ARN: role("wi-env") },
    files: TOKEN,
    expect: WI_BLOCK,
  },
  {
    name: "backend-web-identity-over-profile-web-identity-missing-token-file",
    rule: "aws-sdk-go-base getCredentialsProvider: the block replaces a profile's web identity before its missing token file is read",
    backend: `${NO_IMDS}\nprofile = "wi"\n${BLOCK}`,
    files: TOKEN,
    home: {
      [CONF]: `[profile wi]\nrole_arn = ${role("wi-profile")}\nweb_identity_token_file = {{ROOT}}/missing.jwt\n`,
    },
    expect: WI_BLOCK,
  },
  {
    name: "backend-web-identity-env-web-identity-without-role-arn",
    rule: "aws-sdk-go-v2 resolveCredentialChain: env web identity without AWS_ROLE_ARN fails LoadDefaultConfig, before the block",
    backend: `${NO_IMDS}\n${BLOCK}`,
    env: { AWS_WEB_IDENTITY_TOKEN_FILE: "{{ROOT}}/token.jwt" },
    files: TOKEN,
    expect: { error: "role ARN is not set" },
  },
  {
    name: "backend-web-identity-missing-backend-profile",
    rule: "aws-sdk-go-v2 config LoadDefaultConfig: a backend profile that does not exist fails before the block",
    backend: `${NO_IMDS}\nprofile = "nope"\n${BLOCK}`,
    files: TOKEN,
    home: { [CONF]: keys("profile other", "OTHR") },
    expect: { error: "failed to get shared config profile, nope" },
  },
  {
    name: "backend-web-identity-missing-token-file",
    rule: "aws-sdk-go-base webIdentityCredentialsProvider: the block's own token file is missing → Cannot assume IAM Role with web identity",
    backend: `${NO_IMDS}\nassume_role_with_web_identity = { role_arn = "${role("wi-block")}", web_identity_token_file = "{{ROOT}}/missing.jwt" }`,
    expect: { error: "Cannot assume IAM Role with web identity" },
  },
  {
    name: "backend-web-identity-missing-token-file-env-token-file-ignored",
    rule: "aws-sdk-go-base AssumeRoleWithWebIdentity.GetIdentityToken: no AWS_WEB_IDENTITY_TOKEN_FILE fallback for the block's missing file",
    backend: `${NO_IMDS}\nassume_role_with_web_identity = { role_arn = "${role("wi-block")}", web_identity_token_file = "{{ROOT}}/missing.jwt" }`,
    env: { AWS_WEB_IDENTITY_TOKEN_FILE: "{{ROOT}}/token.jwt", AWS_ROLE_ARN: role("wi-env") },
    files: TOKEN,
    expect: { error: "Cannot assume IAM Role with web identity" },
  },
  {
    name: "backend-web-identity-token-file-tilde",
    rule: "aws-sdk-go-base AssumeRoleWithWebIdentity.resolveWebIdentityTokenFile: ~/ in the block's token file is the home dir",
    backend: `${NO_IMDS}\nassume_role_with_web_identity = { role_arn = "${role("wi-block")}", web_identity_token_file = "~/token.jwt" }`,
    home: { "token.jwt": TOKEN["token.jwt"] },
    expect: WI_BLOCK,
  },
  {
    name: "backend-web-identity-literal-token-over-missing-env-token-file",
    rule: "aws-sdk-go-base getCredentialsProvider: a literal web_identity_token block replaces env web identity with a missing file",
    backend: `${NO_IMDS}\nassume_role_with_web_identity = { role_arn = "${role("wi-block")}", web_identity_token = "literal-token-value" }`,
    env: { AWS_WEB_IDENTITY_TOKEN_FILE: "{{ROOT}}/missing.jwt", AWS_ROLE_ARN: role("wi-env") },
    expect: WI_BLOCK,
  },
  {
    name: "env-web-identity-missing-token-file-no-block",
    rule: "aws-sdk-go-v2 stscreds WebIdentityRoleProvider: without the block, env web identity's missing token file fails at retrieval",
    backend: NO_IMDS,
    env: { AWS_WEB_IDENTITY_TOKEN_FILE: "{{ROOT}}/missing.jwt", AWS_ROLE_ARN: role("wi-env") },
    expect: { error: NO_CREDS },
  },
];
