/** Types shared by the conformance harness, the scenario table, the test and the report. */

/** What the harness asks the test server to create before Terraform runs (see moto_server.py `setup`). */
export interface MotoSetup {
  /** Buckets to create; the harness always creates `tfstate` in us-east-1 unless `noDefaultBucket`. */
  readonly buckets?: readonly { readonly name: string; readonly region?: string }[];
  readonly noDefaultBucket?: boolean;
  /** Objects to put after the buckets exist (bucket defaults to `tfstate`), e.g. a workspace's state. */
  readonly objects?: readonly { readonly bucket?: string; readonly key: string; readonly body: string }[];
  /** Buckets to switch versioning on for (after they exist, before the objects are put). */
  readonly versionedBuckets?: readonly string[];
  /** Bucket policies to put (moto applies a Deny to every caller, for object GET/PUT only; an Allow grants nothing). */
  readonly bucketPolicies?: readonly { readonly bucket: string; readonly policy: unknown }[];
  /** DynamoDB lock tables (hash key LockID). */
  readonly tables?: readonly string[];
  /** DynamoDB items to put after the tables exist (string attributes), e.g. a held lock or a state digest. */
  readonly items?: readonly { readonly table: string; readonly item: Readonly<Record<string, string>> }[];
  /** IAM users with a fixed access key id (secret `harness-secret` unless given). */
  readonly users?: readonly {
    readonly name: string;
    readonly accessKeyId: string;
    readonly secretAccessKey?: string;
    readonly policy?: unknown;
  }[];
  /** IAM roles (moto's AssumeRole works without them; needed only with enforceAuth). */
  readonly roles?: readonly { readonly name: string; readonly trust?: unknown; readonly policy?: unknown }[];
  /** SSO portal stub: bearer token -> access key id GetRoleCredentials answers with. */
  readonly ssoTokens?: Readonly<Record<string, string>>;
  /** IMDS stub: `enabled: false` answers 404 for the role (no role attached). */
  readonly imds?: { readonly enabled?: boolean; readonly keyId?: string; readonly role?: string };
  /** Container endpoint stub: required Authorization value, key id to return. */
  readonly container?: { readonly keyId?: string; readonly token?: string };
  /** Switch moto's IAM enforcement on after setup. */
  readonly enforceAuth?: boolean;
  /**
   * With enforceAuth: a missing key answers 403 AccessDenied (not moto's 404) when the caller lacks s3:ListBucket
   * on the bucket, as AWS does. Default true; set false to keep moto's 404.
   */
  readonly awsMissingKey403?: boolean;
  /** With enforceAuth: HeadBucket is authorised as s3:ListBucket, as AWS does (moto denies it always). Default true. */
  readonly headBucketAsListBucket?: boolean;
}

export type TerraformCommand =
  | "init"
  | "plan"
  | "apply"
  | "workspace list"
  | "workspace new"
  | "workspace select"
  | "workspace delete"
  | "force-unlock"
  | "state pull"
  | "state push";

export interface CommandSpec {
  readonly command: TerraformCommand;
  /**
   * Arguments after the command's own flags: the workspace name (`workspace new|select|delete`), the lock ID
   * (`force-unlock`, run with `-force`), the state file (`state push`, relative to the module dir).
   */
  readonly args?: readonly string[];
  /** Replaces the scenario's env for this command only (per-command re-resolution). */
  readonly env?: Readonly<Record<string, string>>;
}

/** What the scenario expects Terraform to do (optional: the test compares against tfwhy, not against this). */
export interface Expectation {
  /** `tf_aws.credentials_source` (without the `: file` suffix), or null when it fails before that. */
  readonly source?: string | null;
  /** `Retrieved initial credentials` source (only logged with a backend assume_role on a chain source). */
  readonly initialSource?: string | null;
  /** Last 4 characters of the key id that signs the S3 requests. */
  readonly keyIdLast4?: string | null;
  /** A substring of Terraform's error output; absent = success expected. */
  readonly error?: string;
  /** The role Terraform ended up in (role ARN of the AssumeRole* call whose key signed S3). */
  readonly assumedRole?: string;
}

/**
 * One conformance case. All text fields may use placeholders, replaced before use:
 * `{{HOME}}` fresh home dir, `{{ROOT}}` scenario dir, `{{MODULE}}` root module dir, `{{ENDPOINT}}` the test server.
 */
export interface Scenario {
  readonly name: string;
  /**
   * The rule it exercises, led by where it lives in the public Go source (legend: the header of
   * conformance/scenarios.ts), e.g. "aws-sdk-go-v2 resolveCredentialChain: env keys beat AWS_PROFILE".
   */
  readonly rule: string;
  /** True when the scenario settles an UNVERIFIED claim (read in the source, not yet run; listed separately in the report). */
  readonly unverified?: boolean;
  /** HCL attribute lines placed inside `backend "s3" {}`; the harness adds bucket/key/endpoints/IMDS/region. */
  readonly backend?: string;
  /**
   * Instead of `backend`: raw JSON members (text, so duplicates and `"//"` keys can be written) placed inside
   * `"backend": {"s3": {…}}` of a `main.tf.json` written instead of `main.tf`; the harness adds the same defaults as
   * JSON members before them, each unless the text names it (`"region":`).
   */
  readonly backendJson?: string;
  /** Harness defaults to leave out: `region` (to test region sources). */
  readonly omitDefaults?: readonly "region"[];
  /** `-backend-config` files (name relative to the module dir -> content), passed first, in this order. */
  readonly backendConfigFiles?: Readonly<Record<string, string>>;
  /** `-backend-config=k=v` arguments, passed after the files. */
  readonly backendConfigArgs?: readonly string[];
  /** A `provider "aws" { ... }` body: then init runs with `-plugin-dir=<empty>` and fails after the backend. */
  readonly provider?: string;
  readonly env?: Readonly<Record<string, string>>;
  /** Files under the fresh HOME (`.aws/config`, ...); `mode` for executables. */
  readonly home?: Readonly<Record<string, string | FileSpec>>;
  /** Files under the scenario dir (token files, extra config files, scripts). */
  readonly files?: Readonly<Record<string, string | FileSpec>>;
  readonly moto?: MotoSetup;
  /** Default: a single `init`. */
  readonly commands?: readonly (TerraformCommand | CommandSpec)[];
  readonly expect?: Expectation;
  /**
   * Why tfwhy (offline) cannot predict the outcome: it depends on a server or process at run time (IAM decisions,
   * the SSO portal, IMDS, a credential_process exit code). Such scenarios are observed, not compared.
   */
  readonly decidedAtRunTime?: string;
  /** What reading the source says should happen, in words, for the report. */
  readonly specSays?: string;
}

export interface FileSpec {
  readonly content: string;
  readonly mode?: number;
}

/** One request the test server saw (a line of its JSON request log). */
export interface RequestRecord {
  readonly keyId: string | null;
  readonly service: string | null;
  readonly region?: string | null;
  readonly operation: string;
  readonly method?: string;
  readonly path?: string;
  readonly status?: number;
  readonly sessionToken?: boolean;
  /** AssumeRole / AssumeRoleWithWebIdentity: the role asked for and the temporary key moto issued. */
  readonly roleArn?: string | null;
  readonly roleSessionName?: string | null;
  readonly webIdentityToken?: string | null;
  readonly issuedKeyId?: string;
  readonly ssoToken?: string;
  readonly authorization?: string | null;
  readonly error?: string;
  /** S3 ListObjectsV2: the `prefix` query parameter (the workspace listing). */
  readonly prefix?: string;
  /** DynamoDB: the `LockID` of the item read, written or deleted (lock or state digest), else null. */
  readonly lockId?: string | null;
  /** DynamoDB: the `ConditionExpression`, when sent (the lock's `attribute_not_exists(LockID)`). */
  readonly condition?: string;
  /** S3: `x-amz-server-side-encryption`, its KMS key id, the SSE-C algorithm, `If-None-Match`, when sent. */
  readonly sse?: string;
  readonly sseKmsKeyId?: string;
  readonly sseCustomerAlgorithm?: string;
  readonly ifNoneMatch?: string;
  /** S3: the SSE-C key header was sent (its value is never logged). */
  readonly sseCustomerKey?: boolean;
}

export interface TerraformError {
  /** The `Error: <summary>` line (first line of the summary). */
  readonly summary: string;
  /** First non-empty line of the detail, or "". */
  readonly detail: string;
}

/** A `Warning: <summary>` block of Terraform's output. */
export interface TerraformWarningSeen {
  readonly summary: string;
  /** `main.tf:9` from its `on main.tf line 9, in terraform:` line, or null when it points nowhere. */
  readonly at: string | null;
  /** 1 + N when Terraform folded N more with the same summary ("(and N more similar warnings elsewhere)"). */
  readonly count: number;
}

export interface CommandObservation {
  readonly command: TerraformCommand;
  readonly argv: readonly string[];
  readonly exitCode: number;
  readonly durationMs: number;
  /** `tf_aws.credentials_source` of each `Retrieved credentials` line, in order (with `: file` suffix). */
  readonly credentialsSources: readonly string[];
  /** Same, for `Retrieved initial credentials` (before a backend assume_role). */
  readonly initialCredentialsSources: readonly string[];
  /** `Using profile` / `Setting profile` lines: profile name and `tf_aws.profile.source`. */
  readonly profiles: readonly { readonly name: string; readonly source: string | null; readonly message: string }[];
  readonly errors: readonly TerraformError[];
  readonly warnings: readonly TerraformWarningSeen[];
  /** Terraform's stderr + stdout (for substring checks). */
  readonly output: string;
  readonly requests: readonly RequestRecord[];
}

/** What Terraform did for a scenario, condensed from the last command. */
export interface TerraformObservation {
  readonly scenario: string;
  readonly commands: readonly CommandObservation[];
  /** Last `Retrieved credentials` source without the file suffix, or null. */
  readonly source: string | null;
  /** The file of `SharedConfigCredentials: <file>`. */
  readonly sourceFile: string | null;
  /** Source of `Retrieved initial credentials`, when a backend assume_role ran. */
  readonly initialSource: string | null;
  /** The key id that signed the last S3 (else DynamoDB, else STS) request of the last command. */
  readonly signingKeyId: string | null;
  /** Every distinct key id per service, e.g. { sts: [...], s3: [...] }. */
  readonly keyIdsByService: Readonly<Record<string, readonly string[]>>;
  /** Roles assumed (AssumeRole* calls) in order: role ARN, the key that asked, the key issued. */
  readonly assumedRoles: readonly {
    readonly operation: string;
    readonly roleArn: string;
    readonly callerKeyId: string | null;
    readonly issuedKeyId: string | null;
  }[];
  /** The role whose temporary key signed S3, if any. */
  readonly signingRole: string | null;
  /** Profile named in the logs (last `Using profile` line). */
  readonly profile: { readonly name: string; readonly source: string | null } | null;
  readonly errors: readonly TerraformError[];
  readonly exitCode: number;
}
