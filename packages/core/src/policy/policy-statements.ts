/**
 * Groups the calls of policy-calls.ts into IAM statements, one per thing Terraform touches: the workspace listing,
 * the default workspace's state, the other workspaces' states, the lockfiles, the DynamoDB lock and digest items,
 * the KMS key. Each statement carries exactly the actions those calls need, and which commands need each.
 */
import type { CallCommand } from "../calls/terraform-calls.js";
import { ANY_WORKSPACE, type NeededPolicyCall, type PolicyCallSettings } from "./policy-calls.js";
import { anyWorkspace, bucketArn, type KmsTarget, objectArn, tableArn } from "./policy-resources.js";
import type { ActionNeed, ExplainedStatement, PolicyCondition, PolicyStatement } from "./policy-types.js";

type Group = "listing" | "default-state" | "workspace-state" | "lockfile" | "dynamodb" | "kms";
const GROUP_ORDER: readonly Group[] = ["listing", "default-state", "workspace-state", "lockfile", "dynamodb", "kms"];

const ACTION_ORDER = [
  "s3:ListBucket",
  "s3:GetObject",
  "s3:PutObject",
  "s3:DeleteObject",
  "dynamodb:GetItem",
  "dynamodb:PutItem",
  "dynamodb:DeleteItem",
  "kms:GenerateDataKey",
  "kms:Decrypt",
];

export interface StatementContext {
  readonly settings: PolicyCallSettings & { readonly region: string };
  readonly accountId: string | null;
  readonly kms: KmsTarget | null;
  /** The workspace other than default, ANY_WORKSPACE, or null. */
  readonly workspace: string | null;
  readonly commandOrder: readonly CallCommand[];
}

interface Collected {
  readonly needs: Map<string, { commands: Set<CallCommand>; goFunctions: Set<string> }>;
  /** Object keys (S3), list prefixes, or LockIDs (DynamoDB). */
  readonly resources: Set<string>;
}

function groupOf(call: NeededPolicyCall["call"], key: string): Group {
  if (call.operation === "ListObjectsV2") return "listing";
  if (call.service === "dynamodb") return "dynamodb";
  if (call.resource.endsWith(".tflock")) return "lockfile";
  return call.resource === key ? "default-state" : "workspace-state";
}

function collect(calls: readonly NeededPolicyCall[], key: string): Map<Group, Collected> {
  const groups = new Map<Group, Collected>();
  const add = (group: Group, action: string, resource: string | null, need: NeededPolicyCall) => {
    const g = groups.get(group) ?? { needs: new Map(), resources: new Set<string>() };
    groups.set(group, g);
    const a = g.needs.get(action) ?? { commands: new Set<CallCommand>(), goFunctions: new Set<string>() };
    g.needs.set(action, a);
    a.commands.add(need.command);
    a.goFunctions.add(need.call.goFunction);
    if (resource !== null) g.resources.add(resource);
  };
  for (const need of calls) {
    add(groupOf(need.call, key), need.call.action, need.call.resource, need);
    for (const extra of need.call.alsoNeeds ?? []) add("kms", extra, null, need);
  }
  return groups;
}

const sorted = <T>(values: Iterable<T>, order: readonly T[]): T[] =>
  [...values].sort((a, b) => order.indexOf(a) - order.indexOf(b));

/** The statement's Sid: what it is for, and whether it only reads. */
function sidOf(group: Group, actions: readonly string[], c: StatementContext, resources: ReadonlySet<string>): string {
  const reads = actions.every((a) => a === "s3:GetObject") ? "Read" : "ReadWrite";
  switch (group) {
    case "listing":
      return "ListStateWorkspaces";
    case "default-state":
      return `${reads}DefaultState`;
    case "workspace-state":
      return `${reads}WorkspaceState${c.workspace === ANY_WORKSPACE ? "s" : ""}`;
    case "lockfile":
      return "Lockfile";
    case "dynamodb":
      return [...resources].some((id) => !id.endsWith("-md5")) ? "DynamoDbLockAndDigest" : "DynamoDbStateDigest";
    case "kms":
      return "KmsForStateEncryption";
  }
}

const PURPOSES: Readonly<Record<Group, string>> = {
  listing: "Lists the workspaces: Terraform lists the bucket with exactly this prefix (backend_state.go Workspaces).",
  "default-state": "Reads and writes the default workspace's state object (client.go get, put).",
  "workspace-state":
    "Reads, creates, writes and deletes the other workspaces' state objects (client.go get, put, Delete).",
  lockfile: "Takes, reads and releases the S3 lockfile (client.go lockWithFile, unlockWithFile).",
  dynamodb:
    "Takes and releases the DynamoDB lock item and reads and writes the state's digest item (client.go " +
    "lockWithDynamoDB, unlockWithDynamoDB, getMD5, putMD5, deleteMD5).",
  kms: "Lets S3 encrypt and decrypt the state with kms_key_id on Terraform's behalf (SSE-KMS).",
};

function purposeOf(group: Group, actions: readonly string[]): string {
  if ((group === "default-state" || group === "workspace-state") && actions.every((a) => a === "s3:GetObject")) {
    const whose = group === "default-state" ? "default workspace's" : "other workspaces'";
    return `Reads the ${whose} state object (client.go get).`;
  }
  return PURPOSES[group];
}

function resourceAndCondition(
  group: Group,
  collected: Collected,
  c: StatementContext,
): { Resource: string | readonly string[]; Condition?: PolicyCondition } {
  const { bucket, dynamodbTable, region } = c.settings;
  const ids = [...collected.resources].map(anyWorkspace).sort();
  switch (group) {
    case "listing":
      // No s3:prefix condition, although Terraform lists only `<workspace_key_prefix>/`: S3 answers a read of a
      // missing key with 404 only to a caller with s3:ListBucket on the bucket (else 403, GetObject API reference),
      // and a first init reads a missing state; a listing permission limited to a prefix is not documented to count.
      return { Resource: bucketArn(bucket) };
    case "dynamodb":
      // `dynamodb:LeadingKeys` limits the items to these LockIDs (DynamoDB Developer Guide, "Using IAM policy
      // conditions for fine-grained access control").
      return {
        Resource: tableArn(dynamodbTable ?? "", region, c.accountId),
        Condition: { "ForAllValues:StringLike": { "dynamodb:LeadingKeys": ids } },
      };
    case "kms":
      if (c.kms?.kind === "alias")
        return { Resource: "*", Condition: { "ForAnyValue:StringEquals": { "kms:ResourceAliases": [c.kms.alias] } } };
      return { Resource: c.kms?.arn ?? "*" };
    default:
      return { Resource: ids.length === 1 ? objectArn(bucket, ids[0]!) : ids.map((k) => objectArn(bucket, k)) };
  }
}

/** The identity policy's statements, in GROUP_ORDER, with the commands that need each action. */
export function groupStatements(calls: readonly NeededPolicyCall[], c: StatementContext): ExplainedStatement[] {
  const groups = collect(calls, c.settings.key);
  const out: ExplainedStatement[] = [];
  for (const group of GROUP_ORDER) {
    const collected = groups.get(group);
    if (collected === undefined) continue;
    const actions = sorted(collected.needs.keys(), ACTION_ORDER);
    const needs: ActionNeed[] = actions.map((action) => {
      const need = collected.needs.get(action)!;
      return { action, commands: sorted(need.commands, c.commandOrder), goFunctions: [...need.goFunctions].sort() };
    });
    const statement: PolicyStatement = {
      Sid: sidOf(group, actions, c, collected.resources),
      Effect: "Allow",
      Action: actions,
      ...resourceAndCondition(group, collected, c),
    };
    out.push({ statement, purpose: purposeOf(group, actions), needs });
  }
  return out;
}
