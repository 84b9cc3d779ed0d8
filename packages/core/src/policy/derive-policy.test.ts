import { describe, expect, it } from "vitest";
import { derivePolicy, type PolicyIdentity, type PolicySettings } from "./derive-policy.js";
import type { BackendPolicy, PolicyOptions } from "./policy-types.js";
import { statementGranting } from "./statement-for.js";

const settings = (over: Partial<PolicySettings> = {}): PolicySettings => ({
  bucket: "tfstate",
  key: "app/terraform.tfstate",
  workspaceKeyPrefix: "env:",
  dynamodbTable: null,
  useLockfile: false,
  writeSse: { kind: "none" },
  readSse: { kind: "none" },
  region: "us-east-1",
  kmsKeyId: null,
  acl: null,
  ...over,
});
const ROLE = "arn:aws:iam::111122223333:role/tf";
const keys: PolicyIdentity = { base: "EnvConfigCredentials (key AKIA************0001)", roles: [], unknown: null };
const role: PolicyIdentity = {
  ...keys,
  roles: [{ roleArn: ROLE, via: "backend", tags: false, sourceIdentity: false }],
};

const derive = (s: Partial<PolicySettings>, o: PolicyOptions = {}, id = keys) => derivePolicy(settings(s), id, o);
const sids = (p: BackendPolicy) => p.identity.document.Statement.map((s) => s.Sid);
const statement = (p: BackendPolicy, sid: string) => p.identity.document.Statement.find((s) => s.Sid === sid);

describe("derivePolicy", () => {
  it("lockfile, all workspaces: the listing prefix, the states, both lockfiles", () => {
    const p = derive({ useLockfile: true });
    expect(sids(p)).toEqual(["ListStateWorkspaces", "ReadWriteDefaultState", "ReadWriteWorkspaceStates", "Lockfile"]);
    expect(statement(p, "ListStateWorkspaces")).toMatchObject({
      Action: ["s3:ListBucket"],
      Resource: "arn:aws:s3:::tfstate",
    });
    expect(statement(p, "ReadWriteWorkspaceStates")).toMatchObject({
      Action: ["s3:GetObject", "s3:PutObject", "s3:DeleteObject"],
      Resource: "arn:aws:s3:::tfstate/env:/*/app/terraform.tfstate",
    });
    expect(statement(p, "Lockfile")).toMatchObject({
      Action: ["s3:GetObject", "s3:PutObject", "s3:DeleteObject"],
      Resource: [
        "arn:aws:s3:::tfstate/app/terraform.tfstate.tflock",
        "arn:aws:s3:::tfstate/env:/*/app/terraform.tfstate.tflock",
      ],
    });
    expect(p.commands).toContain("force-unlock");
  });

  it("the default workspace only: no workspace states, no workspace commands", () => {
    const p = derive({ dynamodbTable: "locks" }, { workspaces: "default" });
    expect(sids(p)).toEqual(["ListStateWorkspaces", "ReadWriteDefaultState", "DynamoDbLockAndDigest"]);
    expect(p.commands).not.toContain("workspace new");
    expect(statement(p, "DynamoDbLockAndDigest")?.Condition).toEqual({
      "ForAllValues:StringLike": {
        "dynamodb:LeadingKeys": ["tfstate/app/terraform.tfstate", "tfstate/app/terraform.tfstate-md5"],
      },
    });
    expect(statement(p, "ReadWriteDefaultState")?.Action).toEqual(["s3:GetObject", "s3:PutObject"]);
  });

  it("a named workspace: its own paths, no wildcard", () => {
    const p = derive({ workspaceKeyPrefix: "ws" }, { workspaces: "staging" });
    expect(statement(p, "ReadWriteWorkspaceState")?.Resource).toBe(
      "arn:aws:s3:::tfstate/ws/staging/app/terraform.tfstate",
    );
    // no s3:prefix condition: a missing state's read needs an unconditional s3:ListBucket to answer 404
    expect(statement(p, "ListStateWorkspaces")?.Condition).toBeUndefined();
  });

  it("plan-only: reads only; with the lock, the lockfile is still written and removed", () => {
    const p = derive({ useLockfile: true, dynamodbTable: "locks" }, { operations: "plan" });
    expect(p.commands).toEqual(["init", "plan"]);
    expect(statement(p, "ReadDefaultState")?.Action).toEqual(["s3:GetObject"]);
    expect(statement(p, "ReadWorkspaceStates")?.Action).toEqual(["s3:GetObject"]);
    expect(statement(p, "Lockfile")?.Action).toEqual(["s3:GetObject", "s3:PutObject", "s3:DeleteObject"]);
    expect(statement(p, "DynamoDbLockAndDigest")?.Action).toEqual([
      "dynamodb:GetItem",
      "dynamodb:PutItem",
      "dynamodb:DeleteItem",
    ]);
  });

  it("plan-only without the lock: no lockfile, only the digest item is read", () => {
    const p = derive({ useLockfile: true, dynamodbTable: "locks" }, { operations: "plan", lock: false });
    expect(sids(p)).toEqual(["ListStateWorkspaces", "ReadDefaultState", "ReadWorkspaceStates", "DynamoDbStateDigest"]);
    expect(statement(p, "DynamoDbStateDigest")?.Action).toEqual(["dynamodb:GetItem"]);
  });

  it("SSE-KMS: GenerateDataKey and Decrypt on the key, its account from the role", () => {
    const p = derive({ kmsKeyId: "1234abcd", writeSse: { kind: "kms", kmsKeyId: "1234abcd" } }, {}, role);
    expect(statement(p, "KmsForStateEncryption")).toMatchObject({
      Action: ["kms:GenerateDataKey", "kms:Decrypt"],
      Resource: "arn:aws:kms:us-east-1:111122223333:key/1234abcd",
    });
    const alias = derive({ kmsKeyId: "alias/tf", writeSse: { kind: "kms", kmsKeyId: "alias/tf" } });
    expect(statement(alias, "KmsForStateEncryption")).toMatchObject({
      Resource: "*",
      Condition: { "ForAnyValue:StringEquals": { "kms:ResourceAliases": ["alias/tf"] } },
    });
  });

  it("each action says which commands need it", () => {
    const p = derive({ useLockfile: true });
    const ws = p.identity.statements.find((s) => s.statement.Sid === "ReadWriteWorkspaceStates");
    expect(ws?.needs.find((n) => n.action === "s3:DeleteObject")?.commands).toEqual(["workspace delete"]);
    const state = p.identity.statements.find((s) => s.statement.Sid === "ReadWriteDefaultState");
    expect(state?.needs.find((n) => n.action === "s3:PutObject")?.commands).toEqual(["apply", "state push"]);
  });

  it("a role: AssumeRole for the base identity; the identity policy is the role's; tags ask sts:TagSession", () => {
    const tagged: PolicyIdentity = { ...keys, roles: [{ ...role.roles[0]!, tags: true }] };
    const p = derive({}, {}, tagged);
    expect(p.identity.principalArn).toBe(ROLE);
    expect(p.assumeRole[0]).toMatchObject({ principal: keys.base, principalArn: null });
    expect(p.assumeRole[0]?.document.Statement[0]?.Action).toEqual(["sts:AssumeRole", "sts:TagSession"]);
  });

  it("the bucket policy: the S3 statements with the principal, nothing else", () => {
    const p = derive({ dynamodbTable: "locks" }, { bucketPolicyPrincipal: ROLE }, role);
    const statements = p.bucketPolicy?.document.Statement ?? [];
    expect(statements.map((s) => s.Sid)).toEqual([
      "ListStateWorkspaces",
      "ReadWriteDefaultState",
      "ReadWriteWorkspaceStates",
    ]);
    expect(Object.keys(statements[0]!)).toEqual(["Sid", "Effect", "Principal", "Action", "Resource"]);
    expect(derive({}).bucketPolicy).toBeNull();
  });

  it("notes: DescribeTable is not needed; an empty prefix lists the whole bucket", () => {
    expect(derive({ dynamodbTable: "locks" }).notes.join("\n")).toContain("dynamodb:DescribeTable is not needed");
    const empty = derive({ workspaceKeyPrefix: "" });
    expect(statement(empty, "ListStateWorkspaces")?.Condition).toBeUndefined();
    expect(empty.notes.join("\n")).toContain('workspace_key_prefix = ""');
  });
});

describe("statementGranting", () => {
  const p = derive({ useLockfile: true, dynamodbTable: "locks" }, {}, role);
  it("finds the statement for an action on an object, a workspace's object, the table", () => {
    expect(statementGranting(p.identity, "s3:PutObject", "arn:aws:s3:::tfstate/app/terraform.tfstate")?.sid).toBe(
      "ReadWriteDefaultState",
    );
    expect(
      statementGranting(p.identity, "s3:DeleteObject", "arn:aws:s3:::tfstate/env:/dev/app/terraform.tfstate")?.sid,
    ).toBe("ReadWriteWorkspaceStates");
    const lock = statementGranting(p.identity, "s3:PutObject", "arn:aws:s3:::tfstate/app/terraform.tfstate.tflock");
    expect(lock?.sid).toBe("Lockfile");
    expect(JSON.parse(lock?.json ?? "{}")).toMatchObject({ Sid: "Lockfile", Effect: "Allow" });
    expect(
      statementGranting(p.identity, "dynamodb:PutItem", "arn:aws:dynamodb:us-east-1:111122223333:table/locks")?.sid,
    ).toBe("DynamoDbLockAndDigest");
  });
  it("null when nothing grants it", () => {
    expect(statementGranting(p.identity, "s3:DeleteObject", "arn:aws:s3:::tfstate/app/terraform.tfstate")).toBeNull();
    expect(
      statementGranting(p.identity, "dynamodb:DescribeTable", "arn:aws:dynamodb:us-east-1:111122223333:table/locks"),
    ).toBeNull();
  });
});
