/**
 * Building blocks of conformance scenarios (key ids that name their source, shared-file sections, SSO caches, stub
 * scripts), shared by scenarios.ts and the scenario files it gathers (conformance/scenarios-*.ts).
 */
import { createHash } from "node:crypto";
import type { FileSpec } from "./harness/types.js";

/** A fake long-term key id whose last 4 characters name its source. */
export const key = (last4: string): string => `AKIATFWHYTEST000${last4}`;
/** Key ids the test server's stubs hand out (moto_server.py). */
export const STUB_KEYS = {
  imds: "ASIATFWHYSTUB000IMDS",
  container: "ASIATFWHYSTUB000CONT",
  sso1: "ASIATFWHYSTUB000SSO1",
  sso2: "ASIATFWHYSTUB000SSO2",
} as const;
export const role = (name: string) => `arn:aws:iam::123456789012:role/${name}`;

/** `[name]` section with a key pair (secret is irrelevant: moto does not check it unless enforcing). */
export function keys(section: string, last4: string, extra = ""): string {
  return `[${section}]\naws_access_key_id = ${key(last4)}\naws_secret_access_key = secret-${last4}\n${extra}`;
}
export const envKeys = (last4: string) => ({ AWS_ACCESS_KEY_ID: key(last4), AWS_SECRET_ACCESS_KEY: `secret-${last4}` });

export const CRED = ".aws/credentials";
export const CONF = ".aws/config";

/** The SSO token cache file for a session name (sso_session form) or start URL (legacy form). */
export function ssoCache(cacheKey: string, token: string, expiresAt: string): Record<string, string> {
  const sha1 = createHash("sha1").update(cacheKey).digest("hex");
  const body = { accessToken: token, expiresAt, region: "us-east-1", startUrl: "https://example.awsapps.com/start" };
  return { [`.aws/sso/cache/${sha1}.json`]: JSON.stringify(body) };
}
export const SSO_SESSION_CONFIG = `[profile sso]
sso_session = my-sso
sso_account_id = 123456789012
sso_role_name = ReadOnly

[sso-session my-sso]
sso_region = us-east-1
sso_start_url = https://example.awsapps.com/start
sso_registration_scopes = sso:account:access
`;
export const SSO_LEGACY_CONFIG = `[profile sso]
sso_start_url = https://example.awsapps.com/start
sso_region = us-east-1
sso_account_id = 123456789012
sso_role_name = ReadOnly
`;
export const FUTURE = "2099-01-01T00:00:00Z";
export const PAST = "2020-01-01T00:00:00Z";

export const processScript = (last4: string): FileSpec => ({
  content: `#!/bin/sh\necho '{"Version":1,"AccessKeyId":"${key(last4)}","SecretAccessKey":"s"}'\n`,
  mode: 0o755,
});
export const TOKEN = { "token.jwt": "eyJhbGciOiJub25lIn0.eyJzdWIiOiJjb25mb3JtYW5jZSJ9." };
/** IMDS switched off so fall-through ends in an error instead of the IMDS stub. */
export const NO_IMDS = "skip_metadata_api_check = true";
export const NO_CREDS = "No valid credential sources found";
export const ALLOW_ALL = { Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: "*", Resource: "*" }] };
export const S3_ONLY = { Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: "s3:*", Resource: "*" }] };
