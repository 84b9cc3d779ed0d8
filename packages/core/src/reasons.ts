/**
 * The catalogue of diagnostic codes tfwhy emits, with what each means. Stable: scripts match on them.
 * Step reason codes (`Step.reason.code`) have their own catalogue below, STEP_REASON_CODES.
 */
export const DIAGNOSTIC_CODES = {
  "provider-credentials-ignored":
    'A provider "aws" block sets credentials, a profile or a role, but the S3 backend never reads provider blocks.',
  "default-profile-used-while-others-exist":
    "The backend falls back to the [default] profile although other profiles exist: usually one of them was meant.",
  "profile-not-found": "The profile named by the backend or AWS_PROFILE exists in no shared file: Terraform fails.",
  "default-profile-env-ignored":
    "AWS_DEFAULT_PROFILE names a profile that does not exist; Terraform silently ignores it.",
  "env-keys-shadowed-by-backend-profile":
    "AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY are set but the backend's profile attribute takes precedence.",
  "aws-profile-shadowed-by-env-credentials":
    "AWS_PROFILE is set but environment keys (or env web identity) win over it in Terraform's Go SDK.",
  "partial-env-keys": "Only one of the access key / secret key environment variables is set; both are ignored.",
  "partial-backend-static-keys": "The backend sets only part of access_key/secret_key: Terraform fails.",
  "backend-static-keys-bypass-chain":
    "access_key/secret_key/token in the backend bypass every other source (env, profiles, web identity).",
  "mfa-serial-unsupported": "A profile with mfa_serial can never be used by the S3 backend: Terraform cannot prompt.",
  "config-section-without-profile-prefix":
    "A ~/.aws/config section lacks the `profile ` prefix, so the Go SDK ignores it.",
  "credentials-section-with-profile-prefix":
    "A ~/.aws/credentials section is written `[profile x]`, so the Go SDK ignores it.",
  "region-only-in-profile": "The region is set only in the profile; the S3 backend never reads a profile's region.",
  "region-missing": "No region attribute, AWS_REGION or AWS_DEFAULT_REGION: Terraform fails.",
  "sso-token-missing": "The SSO token cache file does not exist: run `aws sso login`.",
  "sso-token-expired": "The cached SSO token has expired: run `aws sso login`.",
  "backend-cache-drift":
    "The backend configuration cached by the last `terraform init` differs from the current configuration.",
  "attribute-removed": "The attribute was removed from the S3 backend (Terraform 1.10): Terraform fails.",
  "attribute-deprecated": "The attribute is deprecated in Terraform 1.11.",
  "endpoint-url-incomplete":
    "An endpoint lacks a scheme or host: Terraform warns (Complete URL Expected) and uses it as given.",
  "env-var-deprecated": "An old endpoint environment variable is set: Terraform warns and names its replacement.",
  "attribute-unsupported": "The attribute is not part of the S3 backend schema: Terraform fails.",
  "attribute-required": "bucket or key is missing: Terraform fails with Missing Required Value.",
  "backend-value-invalid":
    "A backend value has the wrong type, uses variables or functions, or is malformed: Terraform fails.",
  "backend-value-not-evaluated": "A backend value is an expression tfwhy does not evaluate; Terraform accepts it.",
  "answer-unknown-offline":
    "The credentials or the region depend on a backend value tfwhy does not evaluate, so offline it cannot tell.",
  "assume-role-with-web-identity-ignored":
    "assume_role_with_web_identity is ignored because static keys are set in the backend.",
  "imds-fallback":
    "No other source applies: Terraform will ask the EC2 instance metadata service, which only answers on EC2.",
  "credential-process-not-run": "credential_process is reported, not executed: its output is only known at run time.",
  "shared-file-crash": "A shared file makes the Go INI parser panic (a value that is a lone quote): Terraform crashes.",
  "profile-invalid": "The selected profile fails the Go SDK's load-time validation: Terraform fails.",
  "shared-file-unreadable": "A shared config or credentials file exists but cannot be read.",
  "shared-file-path-not-expandable":
    "A shared file path Terraform expands itself starts with ~user (another user's home): Terraform fails.",
  "env-value-quoted": "An environment variable's value starts or ends with a quote character, which AWS rejects.",
  "dynamodb-describe-table-unneeded":
    "Terraform 1.11 never calls dynamodb:DescribeTable; PutItem, GetItem and DeleteItem are what the lock needs.",
} as const satisfies Record<string, string>;

export type DiagnosticCode = keyof typeof DIAGNOSTIC_CODES;

/**
 * The catalogue of step reason codes (`Step.reason.code`): why a credential source of the chain was picked, skipped,
 * unreached, applied or failed. Stable, kebab-case: scripts match on them.
 */
export const STEP_REASON_CODES = {
  // backend access_key / secret_key / token
  "backend-static-keys": "The backend sets access_key and secret_key: Terraform uses them and no other source.",
  "backend-static-keys-absent": "The backend sets none of access_key, secret_key and token: the SDK chain runs.",
  "backend-static-keys-partial": "The backend sets only part of access_key/secret_key: Terraform fails.",
  "shared-config-failed-first": "Terraform fails loading the shared config before it uses the backend's keys.",
  "bypassed-by-backend-static-keys": "Backend static keys bypass the SDK chain: this source is never looked at.",
  // environment
  "env-keys-set": "AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY (or their aliases) are both set and provide the keys.",
  "env-keys-partial": "Only one of the access key / secret key environment variables is set: the SDK ignores both.",
  "env-keys-unset": "No access key environment variables are set.",
  "shadowed-by-backend-profile": "The backend's profile attribute is resolved before the environment credentials.",
  "env-web-identity":
    "AWS_WEB_IDENTITY_TOKEN_FILE and AWS_ROLE_ARN are set: Terraform assumes the role with the token.",
  "env-web-identity-unset": "AWS_WEB_IDENTITY_TOKEN_FILE is not set.",
  "env-web-identity-role-missing": "AWS_WEB_IDENTITY_TOKEN_FILE is set without AWS_ROLE_ARN: the SDK stops there.",
  "web-identity-token-file-missing":
    "The web identity token file (environment, profile or backend) is missing or unreadable: Terraform fails.",
  // the shared config profile
  "profile-invalid": "The selected profile fails the Go SDK's load-time validation: Terraform fails.",
  "shared-file-path-not-expandable":
    "A shared file path Terraform expands itself starts with ~user (another user's home): Terraform fails.",
  "shared-file-crash": "A shared file makes the Go INI parser panic (a value that is a lone quote): Terraform crashes.",
  "profile-not-found": "The profile named by the backend or AWS_PROFILE exists in no shared file: Terraform fails.",
  "profile-not-reached": "An earlier source (environment keys or web identity) wins over every profile.",
  "profile-static-keys": "The profile holds aws_access_key_id and aws_secret_access_key.",
  "profile-has-no-credentials": "The profile exists but holds no credentials: the SDK falls through.",
  "profile-absent": "The profile does not exist and the SDK ignores that: it falls through.",
  "profile-role-arn": "The profile's role_arn is assumed on top of the credentials below it.",
  "mfa-serial-unsupported": "The profile sets mfa_serial: Terraform cannot prompt for a code, so the role fails.",
  "credential-source-environment": "The profile's credential_source = Environment takes the keys from the environment.",
  "credential-source-environment-empty": "credential_source = Environment, but the environment holds no key pair.",
  "credential-source-container-unset":
    "credential_source = EcsContainer, but no container credentials variable is set.",
  "credential-source-invalid": "credential_source is none of Environment, Ec2InstanceMetadata and EcsContainer.",
  "profile-web-identity":
    "The profile's web_identity_token_file and role_arn: Terraform assumes the role with the token.",
  "profile-sso": "The profile uses SSO with a valid (or refreshable) cached token; role credentials come at run time.",
  "sso-configuration-incomplete": "The profile is configured for SSO but misses a required setting: Terraform fails.",
  "sso-token-missing": "The SSO token cache file does not exist: run `aws sso login`.",
  "sso-token-expired": "The cached SSO token has expired and cannot be refreshed: run `aws sso login`.",
  "profile-credential-process": "The profile runs credential_process; its output is only known at run time.",
  // container endpoint and instance metadata
  "container-endpoint":
    "The container credentials endpoint (AWS_CONTAINER_CREDENTIALS_*_URI) provides the credentials, as the fallback " +
    "or for credential_source = EcsContainer.",
  "container-unset": "AWS_CONTAINER_CREDENTIALS_RELATIVE_URI and _FULL_URI are not set.",
  "container-host-not-allowed": "The container endpoint uses plain http to a host the Go SDK does not allow.",
  "imds-fallback":
    "Terraform asks the EC2 instance metadata service: no other source applies, " +
    "or credential_source = Ec2InstanceMetadata.",
  "imds-disabled": "Terraform would ask the EC2 instance metadata service, but it is disabled: Terraform fails.",
  // the backend's role blocks
  "backend-web-identity": "The backend's assume_role_with_web_identity replaces the credentials from the chain.",
  "replaced-by-backend-web-identity":
    "The source would fail only when its credentials are retrieved, and the backend's assume_role_with_web_identity " +
    "replaces them before that.",
  "ignored-with-backend-static-keys": "With backend static keys, Terraform never reads assume_role_with_web_identity.",
  "backend-assume-role": "The backend's assume_role is assumed last, with the credentials before it.",
  // any source
  "earlier-source-decided": "An earlier source already provided the credentials or stopped Terraform.",
  "value-not-evaluated": "The step depends on a backend value tfwhy does not evaluate, so offline it cannot tell.",
} as const satisfies Record<string, string>;

export type StepReasonCode = keyof typeof STEP_REASON_CODES;

/**
 * The catalogue of verify check codes (see VerifyCheckCode in trace.ts): what each check of a verify report looks
 * at. Stable: SARIF rule ids and the diagnostics a report's failed and warning checks become use them.
 */
export const VERIFY_CHECK_CODES = {
  "verify.credentials.base":
    "The base credentials Terraform signs with can be obtained from the source explain picked.",
  "verify.credentials.assume-role":
    "Each role hop (profile role_arn, then the backend's assume_role) can be assumed with the credentials before it.",
  "verify.sts.caller-identity": "sts:GetCallerIdentity answers for the final credentials: who the backend signs as.",
  "verify.account.allowed": "The caller's account passes allowed_account_ids / forbidden_account_ids.",
  "verify.s3.bucket": "The bucket exists in the backend's region and the caller may reach it (s3:HeadBucket).",
  "verify.s3.list-workspaces": "The caller may list the workspace prefix, as Terraform does (s3:ListBucket).",
  "verify.s3.state-read": "The state object can be read, or is absent (s3:GetObject).",
  "verify.s3.state-write-access":
    "The state object may be written (s3:PutObject), checked with a request that cannot write.",
  "verify.s3.bucket-policy": "The bucket policy, analysed for this caller and the actions Terraform needs.",
  "verify.s3.encryption": "encrypt, kms_key_id and the bucket's default encryption agree with the state object.",
  "verify.kms.key": "The KMS key a state write uses exists and is enabled (kms:DescribeKey).",
  "verify.s3.versioning": "The bucket keeps versions of the state (s3:GetBucketVersioning).",
  "verify.lock.configured": "The backend locks the state (use_lockfile or dynamodb_table).",
  "verify.lock.lockfile": "The lockfile next to the state is not held (s3:GetObject).",
  "verify.lock.lockfile-access":
    "The lockfile may be created and deleted (s3:PutObject, s3:DeleteObject), checked with requests that cannot write.",
  "verify.lock.dynamodb-table": "The lock table exists with Terraform's key schema (dynamodb:DescribeTable).",
  "verify.lock.dynamodb-item": "The state's lock item is not held (dynamodb:GetItem).",
  "verify.lock.dynamodb-access":
    "The lock item may be put and deleted (dynamodb:PutItem, DeleteItem), checked with requests that cannot write.",
  "verify.probe.state-write": "Write probe: an object can be written and deleted next to the state.",
  "verify.probe.lockfile": "Write probe: a probe lockfile can be taken and released with If-None-Match: *.",
  "verify.probe.dynamodb-lock": "Write probe: a probe lock item can be taken and released (attribute_not_exists).",
  "verify.probe.kms-data-key": "Write probe: kms:GenerateDataKey on the key a state write uses.",
  "verify.probe.cleanup": "Every probe verify wrote was removed, and a read confirmed it gone.",
} as const satisfies Record<`verify.${string}`, string>;

/** The code of each verify check: `verify.` and its check id without a hop index (see verify/check-code.ts). */
export type VerifyCheckCode = keyof typeof VERIFY_CHECK_CODES;
