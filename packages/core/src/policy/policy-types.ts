import type { CallCommand } from "../calls/terraform-calls.js";

/** The data `backendPolicy()` (backend-policy.ts) and `derivePolicy()` (derive-policy.ts) take and give. */

/** `all`: every command the call model knows; `plan`: what `terraform init` and `terraform plan` need. */
export type PolicyOperations = "all" | "plan";

/** `all`: any workspace (a pipeline may run `terraform workspace new`); `default`; or one named workspace. */
export type PolicyWorkspaces = "all" | "default" | (string & {});

export interface PolicyOptions {
  /** Default `all`. */
  readonly operations?: PolicyOperations;
  /** false: `plan` and `apply` run with `-lock=false` (the lock of `localRun` is not taken). Default true. */
  readonly lock?: boolean;
  /** Default `all`. */
  readonly workspaces?: PolicyWorkspaces;
  /** The principal a bucket-policy statement is written for (a role or user ARN). */
  readonly bucketPolicyPrincipal?: string;
}

/** An IAM condition block: operator -> condition key -> values. */
export type PolicyCondition = Readonly<Record<string, Readonly<Record<string, readonly string[]>>>>;

/** One statement of an IAM policy document, in the JSON shape IAM takes. */
export interface PolicyStatement {
  readonly Sid: string;
  readonly Effect: "Allow";
  /** Only in a bucket policy. */
  readonly Principal?: { readonly AWS: string };
  readonly Action: readonly string[];
  readonly Resource: string | readonly string[];
  readonly Condition?: PolicyCondition;
}

export interface PolicyDocument {
  readonly Version: "2012-10-17";
  readonly Statement: readonly PolicyStatement[];
}

/** Why one action of a statement is there: the Terraform commands whose calls need it (from the call model). */
export interface ActionNeed {
  readonly action: string;
  readonly commands: readonly CallCommand[];
  /** The Go functions (hashicorp/terraform internal/backend/remote-state/s3) whose calls need it. */
  readonly goFunctions: readonly string[];
}

/** A statement with the explanation a reader needs. */
export interface ExplainedStatement {
  readonly statement: PolicyStatement;
  /** One sentence: what the statement is for. */
  readonly purpose: string;
  readonly needs: readonly ActionNeed[];
}

/** A policy document for one principal, statement by statement. */
export interface PrincipalPolicy {
  /** Who needs it, in words (a role ARN, or the base credentials as explain names them). */
  readonly principal: string;
  /** The principal's ARN when known offline. */
  readonly principalArn: string | null;
  readonly document: PolicyDocument;
  readonly statements: readonly ExplainedStatement[];
}

export interface BackendPolicy {
  readonly schemaVersion: 1;
  readonly terraformVersion: "1.11.4";
  readonly options: Required<Omit<PolicyOptions, "bucketPolicyPrincipal">> & {
    readonly bucketPolicyPrincipal: string | null;
  };
  /** The commands whose calls the identity policy grants (the union of their calls). */
  readonly commands: readonly CallCommand[];
  /** The identity policy of the principal that signs Terraform's S3 and DynamoDB calls. */
  readonly identity: PrincipalPolicy;
  /** `sts:AssumeRole` for each role hop, for the principal that makes it (the base identity first). */
  readonly assumeRole: readonly PrincipalPolicy[];
  /** The bucket-policy statements for `bucketPolicyPrincipal`, or null when not asked for. */
  readonly bucketPolicy: PrincipalPolicy | null;
  readonly notes: readonly string[];
}
