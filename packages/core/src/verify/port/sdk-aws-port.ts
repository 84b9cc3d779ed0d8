/**
 * The real AwsPort: AWS SDK for JavaScript v3 clients, loaded with `await import()` on first use so that
 * `explainCredentials` (and anything else that imports @tfwhy/core) never pays for loading the SDK.
 *
 * Every call gets a fresh client configured exactly as Terraform configures its own (region, custom endpoint,
 * path style, max attempts) and nothing else: clients never resolve credentials, regions or endpoints from the
 * process environment or ~/.aws on their own (the JS SDK's provider chain decides differently from Terraform's
 * Go SDK: aws-sdk-go-base's GetAwsConfig, not @aws-sdk/credential-provider-node). Each call is bounded by
 * `timeoutMs` (retries included) and an optional AbortSignal.
 */
import type { AwsPort } from "./aws-port.js";
import { credentialSourceCalls } from "./sdk/credential-sources.js";
import { dynamoDbCalls } from "./sdk/dynamodb.js";
import { kmsCalls } from "./sdk/kms.js";
import { s3Calls } from "./sdk/s3.js";
import { stsCalls } from "./sdk/sts.js";

export { parseCredentialJson, parseProcessCredentialOutput } from "./sdk/credential-sources.js";

export interface SdkAwsPortOptions {
  /**
   * The environment the SDK-level switches come from (AWS_USE_FIPS_ENDPOINT, AWS_REQUEST_CHECKSUM_CALCULATION…),
   * and the environment `credential_process` runs with. verifyBackend passes the world's env.
   */
  readonly env?: Readonly<Record<string, string | undefined>>;
}

/** Creates the SDK-backed AwsPort. Nothing is imported until the first call. */
export function createSdkAwsPort(options: SdkAwsPortOptions = {}): AwsPort {
  const env = options.env ?? {};
  return {
    ...stsCalls(),
    ...credentialSourceCalls(env),
    ...s3Calls(env),
    ...dynamoDbCalls(),
    ...kmsCalls(),
  };
}
