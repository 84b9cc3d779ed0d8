/**
 * The least-privilege policy for one backend, derived without I/O from its settings, the identity Terraform uses
 * and the call model: the identity policy (policy-statements.ts), `sts:AssumeRole` for each role hop, the
 * bucket-policy statements for a principal, and notes on what is left out and why.
 */
import { DEFAULT_WORKSPACE } from "../settings/workspace.js";
import { ANY_WORKSPACE, type PolicyCallSettings, policyCalls, policyCommands } from "./policy-calls.js";
import { accountOf, kmsTarget } from "./policy-resources.js";
import { groupStatements } from "./policy-statements.js";
import type {
  BackendPolicy,
  ExplainedStatement,
  PolicyOptions,
  PolicyStatement,
  PrincipalPolicy,
} from "./policy-types.js";

export interface PolicySettings extends PolicyCallSettings {
  readonly region: string;
  readonly kmsKeyId: string | null;
  readonly acl: string | null;
}

/** A role Terraform assumes (chain/plan.ts RoleHop), with what the AssumeRole request sends. */
export interface PolicyRoleHop {
  readonly roleArn: string;
  readonly via: "profile" | "backend";
  readonly tags: boolean;
  readonly sourceIdentity: boolean;
}

/** Who signs Terraform's calls: the base credentials, then the roles assumed on top, in order. */
export interface PolicyIdentity {
  /** The base credentials in words, e.g. `SharedConfigCredentials (profile terraform-access, AKIA…T002)`. */
  readonly base: string;
  readonly roles: readonly PolicyRoleHop[];
  /** Why the identity is not known offline (failed or unknown credentials), else null. */
  readonly unknown: string | null;
}

const document = (statements: readonly ExplainedStatement[]) =>
  ({ Version: "2012-10-17", Statement: statements.map((s) => s.statement) }) as const;

function principalPolicy(principal: string, arn: string | null, statements: ExplainedStatement[]): PrincipalPolicy {
  return { principal, principalArn: arn, document: document(statements), statements };
}

/**
 * `sts:AssumeRole` for each hop, asked by the identity before it (aws-sdk-go-v2 credentials/stscreds
 * AssumeRoleProvider). Session tags need `sts:TagSession` and a source identity `sts:SetSourceIdentity` (IAM User
 * Guide, "Passing session tags in AWS STS", "Monitor and control actions taken with assumed roles").
 */
function assumeRolePolicies(identity: PolicyIdentity): PrincipalPolicy[] {
  return identity.roles.map((hop, i) => {
    const previous = i === 0 ? null : identity.roles[i - 1]!.roleArn;
    const actions = [
      "sts:AssumeRole",
      ...(hop.tags ? ["sts:TagSession"] : []),
      ...(hop.sourceIdentity ? ["sts:SetSourceIdentity"] : []),
    ];
    const how = hop.via === "backend" ? "the backend's assume_role" : "the profile's role_arn";
    const statement: ExplainedStatement = {
      statement: { Sid: "AssumeTerraformRole", Effect: "Allow", Action: actions, Resource: hop.roleArn },
      purpose: `Assumes ${hop.roleArn} (${how}) before any S3 call.`,
      needs: actions.map((action) => ({ action, commands: ["init"], goFunctions: ["AssumeRoleProvider"] })),
    };
    return principalPolicy(previous ?? identity.base, previous, [statement]);
  });
}

/** The S3 statements again, granted to `principal` in the bucket's policy. */
function bucketPolicy(statements: readonly ExplainedStatement[], principal: string): PrincipalPolicy {
  const s3 = statements
    .filter((s) => s.statement.Action.every((a) => a.startsWith("s3:")))
    .map((s) => {
      const { Sid, Effect, ...rest } = s.statement;
      const statement: PolicyStatement = { Sid, Effect, Principal: { AWS: principal }, ...rest };
      return { ...s, statement };
    });
  return principalPolicy(principal, principal, s3);
}

function notesFor(settings: PolicySettings, identity: PolicyIdentity, accountId: string | null): string[] {
  const notes: string[] = [];
  if (identity.unknown !== null) notes.push(identity.unknown);
  if (settings.dynamodbTable) notes.push("dynamodb:DescribeTable is not needed: Terraform 1.11.4 never calls it.");
  notes.push(
    "Not needed either: Terraform 1.11.4 never calls s3:GetBucketLocation, s3:GetBucketVersioning or HeadBucket.",
  );
  if (settings.dynamodbTable)
    notes.push(
      "Terraform only logs a failed read of the digest item (client.go getMD5); without dynamodb:GetItem on it the " +
        "state's consistency check is off, so the policy keeps it.",
    );
  if (accountId === null && (settings.dynamodbTable || settings.kmsKeyId))
    notes.push("The account is not known offline (no role ARN names it): the ARNs say `*` for it; put yours there.");
  notes.push(
    "s3:ListBucket has no s3:prefix condition: AWS answers a read of a missing state object (a first init) with 403, " +
      "not 404, to a caller without s3:ListBucket on the bucket (GetObject API reference), and whether a listing " +
      "limited to a prefix counts there is not documented.",
  );
  if (settings.workspaceKeyPrefix === "")
    notes.push(
      'workspace_key_prefix = "": Terraform lists the whole bucket, so s3:ListBucket has no prefix condition.',
    );
  if (settings.acl)
    notes.push(`acl = "${settings.acl}": AWS also asks s3:PutObjectAcl for a PutObject with x-amz-acl (not modelled).`);
  if (settings.kmsKeyId && !settings.kmsKeyId.startsWith("arn:"))
    notes.push("kms_key_id is not an ARN: the key's ARN is built from the region and account; check it.");
  return notes;
}

/** The resolved options: the defaults filled in. */
export function resolvePolicyOptions(options: PolicyOptions): BackendPolicy["options"] {
  return {
    operations: options.operations ?? "all",
    lock: options.lock ?? true,
    workspaces: options.workspaces ?? "all",
    bucketPolicyPrincipal: options.bucketPolicyPrincipal ?? null,
  };
}

/** The least-privilege backend policy, a pure function of the settings, the identity and the options. */
export function derivePolicy(
  settings: PolicySettings,
  identity: PolicyIdentity,
  options: PolicyOptions,
): BackendPolicy {
  const resolved = resolvePolicyOptions(options);
  const workspace =
    resolved.workspaces === "all"
      ? ANY_WORKSPACE
      : resolved.workspaces === DEFAULT_WORKSPACE
        ? null
        : resolved.workspaces;
  const choice = { operations: resolved.operations, lock: resolved.lock, workspace };
  const commands = policyCommands(choice);
  const lastRole = identity.roles[identity.roles.length - 1]?.roleArn ?? null;
  const accountId = lastRole === null ? null : accountOf(lastRole);
  const statements = groupStatements(policyCalls(settings, choice), {
    settings,
    accountId,
    kms: settings.kmsKeyId ? kmsTarget(settings.kmsKeyId, settings.region, accountId) : null,
    workspace,
    commandOrder: commands,
  });
  const principal = lastRole ?? identity.base;
  return {
    schemaVersion: 1,
    terraformVersion: "1.11.4",
    options: resolved,
    commands,
    identity: principalPolicy(principal, lastRole, statements),
    assumeRole: assumeRolePolicies(identity),
    bucketPolicy:
      resolved.bucketPolicyPrincipal === null ? null : bucketPolicy(statements, resolved.bucketPolicyPrincipal),
    notes: notesFor(settings, identity, accountId),
  };
}
