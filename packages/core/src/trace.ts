import type { Location } from "./location.js";
import type { DiagnosticCode, StepReasonCode, VerifyCheckCode } from "./reasons.js";

/**
 * What Terraform logs as `tf_aws.credentials_source` on its `Retrieved credentials` line
 * (aws-sdk-go-base GetAwsConfig; the values are the Go SDK providers' `Source` names).
 */
export type CredentialsSourceName =
  | "StaticCredentials"
  | "EnvConfigCredentials"
  | "SharedConfigCredentials"
  | "ProcessProvider"
  | "AssumeRoleProvider"
  | "WebIdentityCredentials"
  | "SSOProvider"
  | "EC2RoleProvider"
  | "CredentialsEndpointProvider";

/** Where the profile name came from (Go SDK getSharedConfigProfile order). */
export type ProfileNameOrigin = "backend" | "AWS_PROFILE" | "AWS_DEFAULT_PROFILE" | "default";

/** A credential source or layer Terraform's S3 backend considers, in its own terms. Dotted, stable, used in JSON. */
export type StepId =
  | "backend.static"
  | "env.static"
  | "env.web-identity"
  | "profile"
  | "container"
  | "imds"
  | "profile.role-arn"
  | "backend.assume-role-with-web-identity"
  | "backend.assume-role";

/**
 * picked: this source produced the base credentials. applied: a role layer assumed on top of them.
 * skipped: looked at, did not apply. unreached: an earlier source won (or failed) first; `unreachedBecause`
 * names it and `wouldHave` says what this one would have done. error: this source stops Terraform.
 * unknown: the step depends on a backend value tfwhy does not evaluate (an expression), so offline it cannot tell.
 */
export type StepOutcome = "picked" | "applied" | "skipped" | "unreached" | "error" | "unknown";

export interface Reason {
  /** Stable, kebab-case; see STEP_REASON_CODES. */
  readonly code: StepReasonCode;
  /** One sentence, present tense, names the thing and where it is. */
  readonly message: string;
}

/** A fact we looked at. Secrets are never shown: only `set`/`empty`/`unset`; access key ids are masked. */
export type Evidence =
  | {
      readonly kind: "env";
      readonly name: string;
      readonly state: "set" | "empty" | "unset";
      readonly shown?: string;
    }
  | {
      readonly kind: "backend-attribute";
      readonly name: string;
      readonly via: BackendValueOrigin;
      readonly at: Location | null;
      readonly shown?: string;
    }
  | {
      readonly kind: "profile-key";
      readonly profile: string;
      readonly key: string;
      readonly at: Location;
      readonly shown?: string;
    }
  | { readonly kind: "file"; readonly path: string; readonly state: "found" | "missing" | "unreadable" }
  | { readonly kind: "provider-attribute"; readonly name: string; readonly at: Location; readonly shown?: string };

/** How a backend attribute got its value (Terraform merges these in this order; later wins). */
export type BackendValueOrigin = "backend-block" | "backend-config-file" | "backend-config-argument";

export interface Step {
  readonly id: StepId;
  /** Human title, e.g. `Profile "terraform"`, `Environment keys`. */
  readonly title: string;
  readonly outcome: StepOutcome;
  readonly reason: Reason;
  readonly evidence: readonly Evidence[];
  /** For `unreached`: the step that won or failed first. */
  readonly unreachedBecause?: StepId;
  /** For `unreached`: what this source would have done had it been reached. */
  readonly wouldHave?: "provided" | "skipped" | "failed" | "unknown";
  /** For `picked`/`applied`: the provider Terraform would log, and the key id when it is known offline. */
  readonly credential?: { readonly source: CredentialsSourceName; readonly accessKeyId: string | null };
  /** For `profile`: the source_profile hops walked, outermost first. */
  readonly profileChain?: readonly string[];
  /** For role layers. */
  readonly roleArn?: string;
}

export type Severity = "error" | "warning" | "info";

/**
 * The code of each verify check, `verify.` and its check id without a hop index (`credentials.assume-role[1]` →
 * `verify.credentials.assume-role`): a failed or warning check becomes a diagnostic (and a SARIF rule) with it.
 * Catalogued in VERIFY_CHECK_CODES (reasons.ts); verify's checkCode() (verify/check-code.ts) maps a CheckId to it.
 */
export type { VerifyCheckCode } from "./reasons.js";

export interface Diagnostic {
  /** Stable, kebab-case; see DIAGNOSTIC_CODES, and VERIFY_CHECK_CODES for the checks of a verify report. */
  readonly code: DiagnosticCode | VerifyCheckCode;
  readonly severity: Severity;
  readonly message: string;
  readonly location: Location | null;
  /** What to change, in one sentence, or null when there is nothing to do. */
  readonly fix: string | null;
  /** Other places involved (e.g. the provider block that would have changed the answer). */
  readonly related?: readonly Location[];
  /** For errors Terraform itself reports: the summary line it prints. */
  readonly terraformError?: string;
  /**
   * For warnings Terraform's backend itself emits: the summary (`Deprecated Parameter`, `Complete URL Expected`).
   * Terraform 1.11.4 prints them only when init fails; `verdict.terraformWarnings` lists those it would print.
   */
  readonly terraformWarning?: string;
  /** Set by the CLI when `--ignore` or a `.tfwhy.json` suppresses the code; core never sets it. */
  readonly ignored?: true;
}

export interface CredentialsError {
  readonly code: string;
  readonly message: string;
  /** The summary line Terraform itself prints (e.g. `No valid credential sources found`). */
  readonly terraformError: string;
}

export interface CredentialsAnswer {
  /** `unknown`: a backend value that decides the answer is an expression tfwhy does not evaluate (see `unknown`). */
  readonly status: "resolved" | "failed" | "unknown";
  /** What Terraform logs as `tf_aws.credentials_source`; null when it fails before any provider is built. */
  readonly source: CredentialsSourceName | null;
  /**
   * For SharedConfigCredentials: the file that held the keys as Terraform names it in its log
   * (`SharedConfigCredentials: <file>`): after Terraform's own `$VAR` and `~` expansion, and relative to the root
   * module when written relative. The absolute path is in the picked step's evidence (`at.path`).
   */
  readonly sourceFile: string | null;
  /** The key id that signs the backend's requests, masked; null when only known at run time. */
  readonly accessKeyId: string | null;
  readonly profile: { readonly name: string; readonly from: ProfileNameOrigin } | null;
  /** Roles assumed on top of the base credentials, in order (profile role_arn hops, then backend assume_role). */
  readonly assumeRoles: readonly string[];
  readonly error?: CredentialsError;
  /** For `unknown`: the attributes whose values tfwhy does not evaluate, and why that decides the answer. */
  readonly unknown?: UnknownOffline;
}

/** Backend attributes set by expressions tfwhy does not evaluate, on which an answer depends. */
export interface UnknownOffline {
  readonly attributes: readonly string[];
  readonly message: string;
}

export type RegionAnswer =
  | {
      readonly value: string;
      readonly from: "backend" | "AWS_REGION" | "AWS_DEFAULT_REGION";
      readonly at: Location | null;
    }
  | { readonly value: null; readonly from: null; readonly error: CredentialsError }
  | { readonly value: null; readonly from: "backend"; readonly at: Location | null; readonly unknown: UnknownOffline };

export interface EndpointAnswer {
  readonly url: string;
  /**
   * What set it: a backend attribute (`endpoints.s3`, `endpoint`), an env var (`AWS_ENDPOINT_URL_S3`,
   * `AWS_ENDPOINT_URL`), or a shared config key (`endpoint_url of profile dev`, `s3 endpoint_url of [services x]`,
   * with `at`).
   */
  readonly from: string;
  readonly at: Location | null;
}

/** The backend as Terraform will configure it: the attributes verify needs, with where each came from. */
export interface BackendSummary {
  /** The `backend "s3"` block. */
  readonly block: Location;
  /**
   * Where a change to the backend configuration belongs, as a display path: the last -backend-config file that
   * sets credential attributes, else the last that sets bucket/key/region, else the last -backend-config file,
   * else the backend block's file.
   */
  readonly fixTarget: string;
  readonly bucket: string | null;
  readonly key: string | null;
  readonly workspaceKeyPrefix: string;
  readonly dynamodbTable: string | null;
  readonly useLockfile: boolean;
  readonly encrypt: boolean;
  readonly kmsKeyId: string | null;
  readonly usePathStyle: boolean;
  /** Every attribute that is set (secrets shown as `(set)`), with its origin. */
  readonly attributes: readonly BackendAttributeSummary[];
  /** Attributes set by expressions tfwhy does not evaluate: their values are unknown offline. Absent when none. */
  readonly unevaluated?: readonly string[];
}

export interface BackendAttributeSummary {
  readonly name: string;
  readonly shown: string;
  readonly via: BackendValueOrigin;
  readonly at: Location | null;
}

/** Whether `terraform init` would get past backend configuration, and the first error it would print if not. */
export interface Verdict {
  /** null: tfwhy cannot tell offline, because a deciding backend value is an expression it does not evaluate. */
  readonly terraformFails: boolean | null;
  /** The summary line of the first error Terraform would print (configuration, then region, then credentials). */
  readonly firstError: string | null;
  /** When `terraformFails` is null: what tfwhy does not know. */
  readonly unknown?: UnknownOffline;
  /**
   * The warnings Terraform's backend emits for this configuration in the stages init reaches (PrepareConfig, then
   * Configure). Terraform 1.11.4 prints them only when init fails: with the first error when `terraformFails`, and
   * otherwise only if init fails later, reading the state (a successful init drops them; FINDINGS.md §15).
   */
  readonly backendWarnings: readonly TerraformWarning[];
}

/** A warning as Terraform prints it: `Warning: <summary>`, where it points, and the first line of its detail. */
export interface TerraformWarning {
  readonly summary: string;
  readonly detail: string;
  /** The attribute's line when written in the backend block, else the `backend "s3"` block (or null). */
  readonly location: Location | null;
}

/**
 * Where the workspace name came from (hashicorp/terraform internal/command/meta.go WorkspaceOverridden):
 * `option` is tfwhy's `--workspace` / `ExplainInput.workspace`, standing in for TF_WORKSPACE; `environment-file` is
 * `<data dir>/environment`, which `terraform workspace select` writes.
 */
export type WorkspaceOrigin = "option" | "TF_WORKSPACE" | "environment-file" | "default";

/**
 * The workspace Terraform works in and the paths it uses for it (hashicorp/terraform
 * internal/backend/remote-state/s3/backend_state.go path, client.go lockPath): `default` uses `key`, workspace W
 * uses `<workspace_key_prefix>/W/<key>` (Go's path.Join, cleaned). Whether that workspace exists yet is not modelled.
 */
export interface WorkspaceAnswer {
  readonly name: string;
  readonly from: WorkspaceOrigin;
  /** The environment file, when the name came from it. */
  readonly at?: Location;
  /** The state object's key in the bucket; null when `key` is not known. */
  readonly statePath: string | null;
  /** The DynamoDB lock item's LockID (`<bucket>/<statePath>`); null without `dynamodb_table` or a known path. */
  readonly lockId: string | null;
  /** The lockfile's key (`<statePath>.tflock`); null without `use_lockfile` or a known path. */
  readonly lockfileKey: string | null;
}

/** The result of `explainCredentials()`: JSON-safe, no secrets. The shape `--format json` prints. */
export interface Explanation {
  readonly schemaVersion: 1;
  readonly terraformVersion: "1.11";
  /** Absolute path of the root module. */
  readonly dir: string;
  readonly verdict: Verdict;
  readonly backend: BackendSummary;
  readonly credentials: CredentialsAnswer;
  readonly region: RegionAnswer;
  readonly endpoints: Readonly<Partial<Record<"s3" | "sts" | "iam" | "dynamodb" | "sso", EndpointAnswer>>>;
  /** The selected workspace and the state object, lock item and lockfile Terraform uses for it. */
  readonly workspace: WorkspaceAnswer;
  readonly steps: readonly Step[];
  readonly diagnostics: readonly Diagnostic[];
}
