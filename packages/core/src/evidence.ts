import type { Location } from "./location.js";
import { describeCommandLine, maskAccessKeyId, redactText } from "./redact.js";
import type { BackendValueOrigin, Evidence } from "./trace.js";

/** Environment variables whose values are shown (masked when they hold a key id); every other value is secret. */
const SHOWN_ENV = new Set([
  "AWS_PROFILE",
  "AWS_DEFAULT_PROFILE",
  "AWS_REGION",
  "AWS_DEFAULT_REGION",
  "AWS_CONFIG_FILE",
  "AWS_SHARED_CONFIG_FILE",
  "AWS_SHARED_CREDENTIALS_FILE",
  "AWS_ROLE_ARN",
  "AWS_ROLE_SESSION_NAME",
  "AWS_WEB_IDENTITY_TOKEN_FILE",
  "AWS_EC2_METADATA_DISABLED",
  "AWS_EC2_METADATA_SERVICE_ENDPOINT",
  "AWS_METADATA_URL",
  "AWS_CONTAINER_CREDENTIALS_RELATIVE_URI",
  "AWS_CONTAINER_CREDENTIALS_FULL_URI",
  "AWS_ENDPOINT_URL",
  "AWS_ENDPOINT_URL_S3",
  "AWS_ENDPOINT_URL_STS",
  "AWS_ENDPOINT_URL_IAM",
  "AWS_ENDPOINT_URL_DYNAMODB",
  "AWS_ENDPOINT_URL_SSO",
  "AWS_S3_ENDPOINT",
  "AWS_STS_ENDPOINT",
  "AWS_IAM_ENDPOINT",
  "AWS_DYNAMODB_ENDPOINT",
]);
const KEY_ID_ENV = new Set(["AWS_ACCESS_KEY_ID", "AWS_ACCESS_KEY"]);

/** Evidence for one environment variable; secrets are only ever `set`. */
export function envEvidence(env: Readonly<Record<string, string | undefined>>, name: string): Evidence {
  const value = env[name];
  if (value === undefined) return { kind: "env", name, state: "unset" };
  if (value === "") return { kind: "env", name, state: "empty" };
  if (KEY_ID_ENV.has(name)) return { kind: "env", name, state: "set", shown: maskAccessKeyId(value) };
  if (SHOWN_ENV.has(name)) return { kind: "env", name, state: "set", shown: redactText(value) };
  return { kind: "env", name, state: "set" };
}

const SECRET_PROFILE_KEYS = new Set(["aws_secret_access_key", "aws_session_token"]);

/** Evidence for one key of a shared-config profile; secrets are never shown, key ids are masked. */
export function profileKeyEvidence(profile: string, key: string, value: string, at: Location): Evidence {
  if (SECRET_PROFILE_KEYS.has(key)) return { kind: "profile-key", profile, key, at };
  const shown =
    key === "aws_access_key_id"
      ? maskAccessKeyId(value)
      : key === "credential_process"
        ? describeCommandLine(value)
        : redactText(value);
  return { kind: "profile-key", profile, key, at, shown };
}

export function backendAttributeEvidence(
  name: string,
  via: BackendValueOrigin,
  at: Location | null,
  shown?: string,
): Evidence {
  return shown === undefined
    ? { kind: "backend-attribute", name, via, at }
    : { kind: "backend-attribute", name, via, at, shown };
}
