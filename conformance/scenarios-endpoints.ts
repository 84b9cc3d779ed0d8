/** Conformance scenarios for issue 14 areas 3-6: EC2 metadata settings, endpoint resolution and the endpoint warnings Terraform prints (gathered by scenarios.ts). */
import type { Scenario } from "./harness/types.js";
import { CONF, envKeys, NO_CREDS, NO_IMDS } from "./scenario-kit.js";

/** A loopback port nothing listens on: a request sent there is refused at once, and never leaves the machine. */
const DEAD = "http://127.0.0.1:9";
/** Requests Terraform would send to AWS itself go to a dead loopback proxy instead (Go never proxies loopback). */
const DEAD_PROXY = { HTTPS_PROXY: DEAD, HTTP_PROXY: DEAD };
/** Only S3 on the test server; STS, IAM, DynamoDB and SSO come from elsewhere (env or shared config). */
const S3_ONLY_ENDPOINTS = 'endpoints = { s3 = "{{ENDPOINT}}" }';
/** A PrepareConfig error, so that init fails and Terraform prints the backend's warnings. */
const FAIL_PREPARE = 'assume_role = { role_arn = "" }';
/** Fail fast when a request is refused. */
const ONE_TRY = "max_retries = 1";

// ---------------------------------------------------------------- area 3: EC2 metadata settings
const metadataScenarios: Scenario[] = [
  {
    name: "imds-endpoint-attribute-without-scheme",
    rule: "terraform backend.go PrepareConfig validateStringValidURL: ec2_metadata_service_endpoint needs a scheme and host",
    backend: 'ec2_metadata_service_endpoint = "imds.internal"',
    env: envKeys("ENV1"),
    expect: { error: "The value must be a valid URL containing at least a scheme and hostname" },
  },
  {
    name: "imds-endpoint-attribute-unparsable",
    rule: "terraform backend.go PrepareConfig validateStringValidURL: a value url.Parse refuses is Invalid Value",
    backend: 'ec2_metadata_service_endpoint = "http://[::1"',
    env: envKeys("ENV1"),
    expect: { error: "cannot be parsed as a URL" },
  },
  {
    name: "imds-endpoint-mode-attribute-lowercase",
    rule: "terraform backend.go PrepareConfig validateStringInSlice: ec2_metadata_service_endpoint_mode is case-sensitive",
    backend: 'ec2_metadata_service_endpoint_mode = "ipv4"',
    env: envKeys("ENV1"),
    expect: { error: "Value must be one of [IPv4, IPv6]" },
  },
  {
    name: "imds-endpoint-attribute-empty",
    rule: "terraform backend.go PrepareConfig validateStringValidURL: an empty ec2_metadata_service_endpoint is Invalid Value",
    backend: 'ec2_metadata_service_endpoint = ""',
    env: envKeys("ENV1"),
    expect: { error: "The value must be a valid URL containing at least a scheme and hostname" },
  },
  {
    name: "imds-endpoint-mode-attribute-empty",
    rule: "terraform backend.go PrepareConfig validateStringInSlice: an empty ec2_metadata_service_endpoint_mode is Invalid Value",
    backend: 'ec2_metadata_service_endpoint_mode = ""',
    env: envKeys("ENV1"),
    expect: { error: "Value must be one of [IPv4, IPv6]" },
  },
  {
    name: "imds-endpoint-mode-env-lowercase",
    rule: "aws-sdk-go-v2 imds EndpointModeState.SetFromString: AWS_EC2_METADATA_SERVICE_ENDPOINT_MODE is case-insensitive",
    env: { ...envKeys("ENV1"), AWS_EC2_METADATA_SERVICE_ENDPOINT_MODE: "ipv4" },
    expect: { source: "EnvConfigCredentials", keyIdLast4: "ENV1" },
  },
  {
    name: "imds-endpoint-mode-env-invalid-env-keys",
    rule: "aws-sdk-go-base GetAwsConfig commonLoadOptions: an unknown AWS_EC2_METADATA_SERVICE_ENDPOINT_MODE fails Configure",
    env: { ...envKeys("ENV1"), AWS_EC2_METADATA_SERVICE_ENDPOINT_MODE: "IPv5" },
    expect: { error: "unknown EC2 IMDS endpoint mode" },
  },
  {
    name: "imds-endpoint-mode-env-invalid-backend-keys",
    rule: "aws-sdk-go-base GetAwsConfig commonLoadOptions: the mode is checked after static keys are retrieved",
    backend: 'access_key = "AKIATFWHYTEST000BKND"\nsecret_key = "secret-BKND"',
    env: { AWS_EC2_METADATA_SERVICE_ENDPOINT_MODE: "IPv5" },
    expect: { error: "unknown EC2 IMDS endpoint mode" },
  },
  {
    name: "imds-endpoint-mode-env-invalid-no-credentials",
    rule: "aws-sdk-go-base getCredentialsProvider: commonLoadOptions checks the mode before any credential source",
    backend: NO_IMDS,
    env: { AWS_EC2_METADATA_SERVICE_ENDPOINT_MODE: "IPv5" },
    expect: { error: "unknown EC2 IMDS endpoint mode" },
  },
  {
    name: "imds-endpoint-mode-env-invalid-with-attribute",
    rule: "aws-sdk-go-v2 config env_config.go: the SDK reads AWS_EC2_METADATA_SERVICE_ENDPOINT_MODE itself, even when the attribute is set",
    backend: 'ec2_metadata_service_endpoint_mode = "IPv4"',
    env: { ...envKeys("ENV1"), AWS_EC2_METADATA_SERVICE_ENDPOINT_MODE: "IPv5" },
    expect: { error: "invalid value for environment variable, AWS_EC2_METADATA_SERVICE_ENDPOINT_MODE=IPv5" },
  },
  {
    name: "imds-endpoint-env-without-scheme-unused",
    rule: "terraform backend.go Configure: AWS_EC2_METADATA_SERVICE_ENDPOINT is not validated; unused with env keys",
    backend: "ec2_metadata_service_endpoint = null",
    env: { ...envKeys("ENV1"), AWS_EC2_METADATA_SERVICE_ENDPOINT: "imds.internal" },
    expect: { source: "EnvConfigCredentials", keyIdLast4: "ENV1" },
  },
  {
    name: "imds-endpoint-from-env",
    rule: "terraform backend.go Configure retrieveArgument: AWS_EC2_METADATA_SERVICE_ENDPOINT when the attribute is unset",
    backend: "ec2_metadata_service_endpoint = null",
    env: { AWS_EC2_METADATA_SERVICE_ENDPOINT: "{{ENDPOINT}}" },
    expect: { source: "EC2RoleProvider", keyIdLast4: "IMDS" },
  },
  {
    name: "imds-endpoint-from-deprecated-metadata-url",
    rule: "terraform backend.go Configure retrieveArgument: AWS_METADATA_URL after AWS_EC2_METADATA_SERVICE_ENDPOINT",
    backend: "ec2_metadata_service_endpoint = null",
    env: { AWS_METADATA_URL: "{{ENDPOINT}}" },
    expect: { source: "EC2RoleProvider", keyIdLast4: "IMDS" },
  },
];

// ---------------------------------------------------------------- area 4: endpoint resolution
const resolutionScenarios: Scenario[] = [
  {
    name: "endpoint-url-global-env",
    rule: "aws-sdk-go-v2 config resolveBaseEndpoint: AWS_ENDPOINT_URL serves every client Terraform builds",
    backend: "endpoints = null",
    env: { ...envKeys("ENV1"), AWS_ENDPOINT_URL: "{{ENDPOINT}}" },
    expect: { source: "EnvConfigCredentials", keyIdLast4: "ENV1" },
  },
  {
    name: "endpoint-url-shared-config-global",
    rule: "aws-sdk-go-v2 config shared_config.go endpoint_url: the profile's endpoint_url serves every client",
    backend: "endpoints = null",
    env: envKeys("ENV1"),
    home: { [CONF]: "[default]\nendpoint_url = {{ENDPOINT}}\n" },
    expect: { source: "EnvConfigCredentials", keyIdLast4: "ENV1" },
  },
  {
    name: "endpoint-url-shared-config-services",
    rule: "aws-sdk-go-v2 config shared_config.go services: [services x] sts/s3 endpoint_url serve those clients",
    backend: "endpoints = null",
    env: envKeys("ENV1"),
    home: {
      [CONF]:
        "[default]\nservices = local\n\n[services local]\nsts =\n  endpoint_url = {{ENDPOINT}}\ns3 =\n  endpoint_url = {{ENDPOINT}}\n",
    },
    expect: { source: "EnvConfigCredentials", keyIdLast4: "ENV1" },
  },
  {
    name: "endpoint-url-shared-config-selected-profile",
    rule: "aws-sdk-go-v2 config: endpoint_url is read from the selected profile (AWS_PROFILE), not [default]",
    backend: "endpoints = null",
    env: { ...envKeys("ENV1"), AWS_PROFILE: "local" },
    home: { [CONF]: `[default]\nendpoint_url = ${DEAD}\n\n[profile local]\nendpoint_url = {{ENDPOINT}}\n` },
    expect: { source: "EnvConfigCredentials", keyIdLast4: "ENV1" },
  },
  {
    name: "endpoint-url-service-env-beats-global-env",
    rule: "terraform backend.go Configure retrieveArgument: AWS_ENDPOINT_URL_STS beats AWS_ENDPOINT_URL",
    backend: S3_ONLY_ENDPOINTS,
    env: { ...envKeys("ENV1"), AWS_ENDPOINT_URL: DEAD, AWS_ENDPOINT_URL_STS: "{{ENDPOINT}}" },
    expect: { source: "EnvConfigCredentials", keyIdLast4: "ENV1" },
  },
  {
    name: "endpoint-url-deprecated-sts-env-beats-global-env",
    rule: "terraform backend.go Configure retrieveArgument: AWS_STS_ENDPOINT beats AWS_ENDPOINT_URL",
    backend: S3_ONLY_ENDPOINTS,
    env: { ...envKeys("ENV1"), AWS_ENDPOINT_URL: DEAD, AWS_STS_ENDPOINT: "{{ENDPOINT}}" },
    expect: { source: "EnvConfigCredentials", keyIdLast4: "ENV1" },
  },
  {
    name: "endpoint-url-global-env-beats-shared-config-service",
    rule: "aws-sdk-go-v2 sts resolveBaseEndpoint: AWS_ENDPOINT_URL beats a [services] sts endpoint_url",
    backend: S3_ONLY_ENDPOINTS,
    env: { ...envKeys("ENV1"), AWS_ENDPOINT_URL: "{{ENDPOINT}}" },
    home: { [CONF]: `[default]\nservices = dead\n\n[services dead]\nsts =\n  endpoint_url = ${DEAD}\n` },
    expect: { source: "EnvConfigCredentials", keyIdLast4: "ENV1" },
  },
  {
    name: "endpoint-url-shared-config-service-beats-global",
    rule: "aws-sdk-go-v2 sts resolveBaseEndpoint: a [services] sts endpoint_url beats the profile's endpoint_url",
    backend: S3_ONLY_ENDPOINTS,
    env: envKeys("ENV1"),
    home: {
      [CONF]: `[default]\nendpoint_url = ${DEAD}\nservices = local\n\n[services local]\nsts =\n  endpoint_url = {{ENDPOINT}}\n`,
    },
    expect: { source: "EnvConfigCredentials", keyIdLast4: "ENV1" },
  },
  {
    name: "endpoint-url-attribute-beats-env",
    rule: "terraform backend.go Configure retrieveArgument: endpoints.sts beats AWS_ENDPOINT_URL_STS",
    env: { ...envKeys("ENV1"), AWS_ENDPOINT_URL_STS: DEAD, AWS_ENDPOINT_URL: DEAD },
    expect: { source: "EnvConfigCredentials", keyIdLast4: "ENV1" },
  },
  {
    name: "endpoint-url-ignore-env-drops-global-env",
    decidedAtRunTime: "the ignored endpoint sends STS to AWS through a dead loopback proxy",
    rule: "aws-sdk-go-v2 config: AWS_IGNORE_CONFIGURED_ENDPOINT_URLS=true drops AWS_ENDPOINT_URL",
    backend: `${S3_ONLY_ENDPOINTS}\n${ONE_TRY}`,
    env: {
      ...envKeys("ENV1"),
      ...DEAD_PROXY,
      AWS_ENDPOINT_URL: "{{ENDPOINT}}",
      AWS_IGNORE_CONFIGURED_ENDPOINT_URLS: "true",
    },
    expect: { error: "127.0.0.1:9" },
  },
  {
    name: "endpoint-url-ignore-env-keeps-service-env",
    rule: "terraform backend.go Configure retrieveArgument reads AWS_ENDPOINT_URL_STS itself, despite AWS_IGNORE_CONFIGURED_ENDPOINT_URLS",
    backend: S3_ONLY_ENDPOINTS,
    env: { ...envKeys("ENV1"), AWS_ENDPOINT_URL_STS: "{{ENDPOINT}}", AWS_IGNORE_CONFIGURED_ENDPOINT_URLS: "true" },
    expect: { source: "EnvConfigCredentials", keyIdLast4: "ENV1" },
  },
  {
    name: "endpoint-url-ignore-profile-drops-shared-config",
    decidedAtRunTime: "the ignored endpoint sends STS to AWS through a dead loopback proxy",
    rule: "aws-sdk-go-v2 config: ignore_configured_endpoint_urls = true in the profile drops its endpoint_url",
    backend: `${S3_ONLY_ENDPOINTS}\n${ONE_TRY}`,
    env: { ...envKeys("ENV1"), ...DEAD_PROXY },
    home: { [CONF]: "[default]\nendpoint_url = {{ENDPOINT}}\nignore_configured_endpoint_urls = true\n" },
    expect: { error: "127.0.0.1:9" },
  },
  {
    name: "endpoint-url-ignore-env-invalid",
    rule: "aws-sdk-go-v2 config env_config.go setBoolPtrFromEnvVal: AWS_IGNORE_CONFIGURED_ENDPOINT_URLS must be true or false",
    env: { ...envKeys("ENV1"), AWS_IGNORE_CONFIGURED_ENDPOINT_URLS: "yes" },
    expect: { error: "AWS_IGNORE_CONFIGURED_ENDPOINT_URLS=yes" },
  },
  {
    name: "endpoint-url-ignore-env-uppercase",
    decidedAtRunTime: "the ignored endpoint sends STS to AWS through a dead loopback proxy",
    rule: "aws-sdk-go-v2 config env_config.go setBoolPtrFromEnvVal: AWS_IGNORE_CONFIGURED_ENDPOINT_URLS=TRUE (any case)",
    backend: `${S3_ONLY_ENDPOINTS}\n${ONE_TRY}`,
    env: {
      ...envKeys("ENV1"),
      ...DEAD_PROXY,
      AWS_ENDPOINT_URL: "{{ENDPOINT}}",
      AWS_IGNORE_CONFIGURED_ENDPOINT_URLS: "TRUE",
    },
    expect: { error: "127.0.0.1:9" },
  },
  {
    name: "endpoint-url-ignore-profile-uppercase",
    decidedAtRunTime: "the ignored endpoint sends STS to AWS through a dead loopback proxy",
    rule: "aws-sdk-go-v2 config shared_config.go updateBool: ignore_configured_endpoint_urls = TRUE (any case)",
    backend: `${S3_ONLY_ENDPOINTS}\n${ONE_TRY}`,
    env: { ...envKeys("ENV1"), ...DEAD_PROXY },
    home: { [CONF]: "[default]\nendpoint_url = {{ENDPOINT}}\nignore_configured_endpoint_urls = TRUE\n" },
    expect: { error: "127.0.0.1:9" },
  },
  {
    name: "endpoint-url-ignore-env-false-beats-profile",
    rule: "aws-sdk-go-v2 config GetIgnoreConfiguredEndpoints: AWS_IGNORE_CONFIGURED_ENDPOINT_URLS=false beats the profile's true",
    backend: "endpoints = null",
    env: { ...envKeys("ENV1"), AWS_IGNORE_CONFIGURED_ENDPOINT_URLS: "false" },
    home: { [CONF]: "[default]\nendpoint_url = {{ENDPOINT}}\nignore_configured_endpoint_urls = true\n" },
    expect: { source: "EnvConfigCredentials", keyIdLast4: "ENV1" },
  },
  {
    name: "endpoint-url-empty-attribute-s3",
    decidedAtRunTime: "observed only: what an empty endpoints.s3 sends where",
    rule: "terraform backend.go Configure retrieveArgument: an empty endpoints.s3 is a value (stringValueOk), not unset",
    backend: `endpoints = { s3 = "", sts = "{{ENDPOINT}}" }\n${ONE_TRY}`,
    env: { ...envKeys("ENV1"), ...DEAD_PROXY, AWS_ENDPOINT_URL_S3: "{{ENDPOINT}}" },
  },
];

// ---------------------------------------------------------------- area 5: the endpoint warnings
const warningScenarios: Scenario[] = [
  {
    name: "endpoint-host-only-nested-warning",
    rule: "terraform backend.go PrepareConfig validateNestedAttribute(endpointsSchema) validateStringLegacyURL: Complete URL Expected",
    backend: `endpoints = { s3 = "{{ENDPOINT}}", sts = "{{ENDPOINT}}", iam = "iam.example.com" }\n${FAIL_PREPARE}`,
    env: envKeys("ENV1"),
    expect: { error: "The value cannot be empty or all whitespace" },
  },
  {
    name: "endpoint-host-only-top-level-warning",
    rule: "terraform backend.go PrepareConfig validateStringLegacyURL on iam_endpoint: Complete URL Expected at the attribute",
    backend: `iam_endpoint = "iam.example.com"\n${FAIL_PREPARE}`,
    env: envKeys("ENV1"),
    expect: { error: "The value cannot be empty or all whitespace" },
  },
  {
    name: "endpoint-host-only-two-warnings-folded",
    rule: "terraform PrepareConfig: two Complete URL Expected warnings (nested and top-level) are folded into one",
    backend: `endpoints = { s3 = "{{ENDPOINT}}", sts = "{{ENDPOINT}}", dynamodb = "dynamodb.example.com" }\niam_endpoint = "iam.example.com"\n${FAIL_PREPARE}`,
    env: envKeys("ENV1"),
    expect: { error: "The value cannot be empty or all whitespace" },
  },
  {
    name: "endpoint-host-only-success-prints-nothing",
    rule: "terraform init: a successful init prints none of the backend's warnings (Complete URL Expected)",
    backend: 'endpoints = { s3 = "{{ENDPOINT}}", sts = "{{ENDPOINT}}", iam = "iam.example.com" }',
    env: envKeys("ENV1"),
    expect: { source: "EnvConfigCredentials", keyIdLast4: "ENV1" },
  },
  {
    name: "endpoint-sso-host-only-invalid",
    rule: "terraform backend.go endpointsSchema: endpoints.sso uses validateStringValidURL, so a host only is Invalid Value",
    backend: 'endpoints = { s3 = "{{ENDPOINT}}", sts = "{{ENDPOINT}}", sso = "sso.example.com" }',
    env: envKeys("ENV1"),
    expect: { error: "The value must be a valid URL containing at least a scheme and hostname" },
  },
  {
    name: "endpoint-nested-unparsable",
    rule: "terraform backend.go validateStringLegacyURL: a value url.Parse refuses is Invalid Value",
    backend: 'endpoints = { s3 = "{{ENDPOINT}}", sts = "{{ENDPOINT}}", iam = "http://[::1" }',
    env: envKeys("ENV1"),
    expect: { error: "cannot be parsed as a URL" },
  },
  {
    name: "endpoint-host-port-without-scheme-invalid",
    rule: "terraform backend.go validateStringLegacyURL: Go url.Parse refuses `127.0.0.1:9000` (colon in first path segment)",
    backend: 'endpoints = { s3 = "{{ENDPOINT}}", sts = "{{ENDPOINT}}", iam = "127.0.0.1:9000" }',
    env: envKeys("ENV1"),
    expect: { error: "first path segment in URL cannot contain colon" },
  },
  {
    name: "endpoint-localhost-port-warning",
    rule: "terraform backend.go validateStringLegacyURL: `localhost:4566` parses as scheme `localhost` without a host",
    backend: `endpoints = { s3 = "{{ENDPOINT}}", sts = "{{ENDPOINT}}", iam = "localhost:4566" }\n${FAIL_PREPARE}`,
    env: envKeys("ENV1"),
    expect: { error: "The value cannot be empty or all whitespace" },
  },
  {
    name: "endpoint-empty-nested-warning",
    rule: "terraform backend.go validateStringLegacyURL: an empty endpoints.iam is Complete URL Expected",
    backend: `endpoints = { s3 = "{{ENDPOINT}}", sts = "{{ENDPOINT}}", iam = "" }\n${FAIL_PREPARE}`,
    env: envKeys("ENV1"),
    expect: { error: "The value cannot be empty or all whitespace" },
  },
  {
    name: "endpoint-deprecated-env-warning",
    rule: "terraform backend.go Configure deprecatedEnvVarDiag: AWS_S3_ENDPOINT is a Deprecated Environment Variable",
    backend: `endpoints = { sts = "{{ENDPOINT}}" }\n${NO_IMDS}`,
    env: { AWS_S3_ENDPOINT: "{{ENDPOINT}}" },
    expect: { error: NO_CREDS },
  },
  {
    name: "endpoint-deprecated-env-warnings-folded",
    rule: "terraform backend.go Configure deprecatedEnvVarDiag: every old endpoint variable warns; Terraform folds them",
    backend: `endpoints = {}\n${NO_IMDS}`,
    env: {
      AWS_S3_ENDPOINT: "{{ENDPOINT}}",
      AWS_STS_ENDPOINT: "{{ENDPOINT}}",
      AWS_IAM_ENDPOINT: "{{ENDPOINT}}",
      AWS_DYNAMODB_ENDPOINT: "{{ENDPOINT}}",
      AWS_METADATA_URL: "{{ENDPOINT}}",
    },
    expect: { error: NO_CREDS },
  },
  {
    name: "endpoint-deprecated-env-success",
    rule: "terraform backend.go Configure retrieveArgument: AWS_S3_ENDPOINT sets the S3 endpoint; a successful init prints no warning",
    backend: 'endpoints = { sts = "{{ENDPOINT}}" }',
    env: { ...envKeys("ENV1"), AWS_S3_ENDPOINT: "{{ENDPOINT}}" },
    expect: { source: "EnvConfigCredentials", keyIdLast4: "ENV1" },
  },
];

// ---------------------------------------------------------------- area 6: endpoints.dynamodb
const dynamodbScenarios: Scenario[] = [
  {
    name: "endpoint-dynamodb-nested-no-warning-on-failure",
    rule: "terraform backend.go endpointsSchema: endpoints.dynamodb is marked Deprecated but no diagnostic is built for it",
    backend: `endpoints = { s3 = "{{ENDPOINT}}", sts = "{{ENDPOINT}}", dynamodb = "{{ENDPOINT}}" }\n${FAIL_PREPARE}`,
    env: envKeys("ENV1"),
    expect: { error: "The value cannot be empty or all whitespace" },
  },
  {
    name: "endpoint-dynamodb-nested-locks",
    rule: "terraform backend.go Configure: endpoints.dynamodb only sets the DynamoDB client's endpoint",
    backend: 'dynamodb_table = "locks"',
    env: envKeys("ENV1"),
    moto: { tables: ["locks"] },
    expect: { source: "EnvConfigCredentials", keyIdLast4: "ENV1" },
  },
];

export const endpointScenarios: readonly Scenario[] = [
  ...metadataScenarios,
  ...resolutionScenarios,
  ...warningScenarios,
  ...dynamodbScenarios,
];
