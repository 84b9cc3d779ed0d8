import { describe, expect, it } from "vitest";
import { type CallSettings, type TerraformCall, terraformCalls } from "./terraform-calls.js";

const BASE: CallSettings = {
  bucket: "b",
  statePath: "k/terraform.tfstate",
  workspace: "default",
  workspaceKeyPrefix: "env:",
  dynamodbTable: null,
  useLockfile: false,
};
const both = { ...BASE, dynamodbTable: "locks", useLockfile: true };
const staging = { ...both, workspace: "staging", statePath: "env:/staging/k/terraform.tfstate" };
const short = (calls: readonly TerraformCall[]) => calls.map((c) => `${c.operation} ${c.resource}`);

describe("terraformCalls", () => {
  it("init without locks: two listings, then the read; a missing state is a 404 taken as absent", () => {
    const calls = terraformCalls({ settings: BASE, stateExists: false, command: "init" });
    expect(short(calls)).toEqual(["ListObjectsV2 env:/", "ListObjectsV2 env:/", "HeadObject k/terraform.tfstate"]);
    expect(calls.map((c) => c.action)).toEqual(["s3:ListBucket", "s3:ListBucket", "s3:GetObject"]);
    expect(calls[2]?.onError).toBe("absent");
    expect(calls[0]?.conditions).toEqual(["prefix=env:/"]);
  });

  it("init never locks, even with both locks; the digest is read and its failure tolerated", () => {
    const calls = terraformCalls({ settings: both, stateExists: true, command: "init" });
    expect(short(calls)).toEqual([
      "ListObjectsV2 env:/",
      "ListObjectsV2 env:/",
      "HeadObject k/terraform.tfstate",
      "GetObject k/terraform.tfstate",
      "GetItem b/k/terraform.tfstate-md5",
    ]);
    expect(calls[4]).toMatchObject({ service: "dynamodb", action: "dynamodb:GetItem", onError: "tolerated" });
  });

  it("plan with both locks: lockfile then DynamoDB lock, read, lockfile unlock then DynamoDB unlock", () => {
    const calls = terraformCalls({ settings: both, stateExists: true, command: "plan" });
    expect(short(calls)).toEqual([
      "ListObjectsV2 env:/",
      "PutObject k/terraform.tfstate.tflock",
      "PutItem b/k/terraform.tfstate",
      "HeadObject k/terraform.tfstate",
      "GetObject k/terraform.tfstate",
      "GetItem b/k/terraform.tfstate-md5",
      "GetObject k/terraform.tfstate.tflock",
      "DeleteObject k/terraform.tfstate.tflock",
      "GetItem b/k/terraform.tfstate",
      "DeleteItem b/k/terraform.tfstate",
    ]);
    expect(calls[1]).toMatchObject({ action: "s3:PutObject", conditions: ["If-None-Match: *"], onError: "fatal" });
    expect(calls[2]).toMatchObject({ action: "dynamodb:PutItem", conditions: ["attribute_not_exists(LockID)"] });
    expect(calls[7]?.action).toBe("s3:DeleteObject");
    expect(calls[9]?.action).toBe("dynamodb:DeleteItem");
  });

  it("the default workspace is never created, even with no state object", () => {
    const calls = terraformCalls({ settings: both, stateExists: false, command: "init" });
    expect(calls.some((c) => c.operation === "PutObject" || c.operation === "PutItem")).toBe(false);
  });

  it("init creates a missing named workspace under a lock: read twice, write with its digest, unlock", () => {
    const calls = terraformCalls({ settings: staging, stateExists: false, command: "init" });
    const p = "env:/staging/k/terraform.tfstate";
    expect(short(calls)).toEqual([
      "ListObjectsV2 env:/",
      "ListObjectsV2 env:/",
      `PutObject ${p}.tflock`,
      `PutItem b/${p}`,
      `HeadObject ${p}`,
      `GetItem b/${p}-md5`,
      `HeadObject ${p}`,
      `GetItem b/${p}-md5`,
      `PutObject ${p}`,
      `PutItem b/${p}-md5`,
      `GetObject ${p}.tflock`,
      `DeleteObject ${p}.tflock`,
      `GetItem b/${p}`,
      `DeleteItem b/${p}`,
      `HeadObject ${p}`,
      `GetObject ${p}`,
      `GetItem b/${p}-md5`,
    ]);
    // client.go putMD5 logs a failed PutItem ("failed to record state serial") and returns nil
    expect(calls.filter((c) => c.goFunction === "putMD5").map((c) => c.onError)).toEqual(["tolerated"]);
  });

  it("an existing named workspace is read like default, at its own path", () => {
    const calls = terraformCalls({ settings: { ...staging, dynamodbTable: null }, stateExists: true, command: "plan" });
    const p = "env:/staging/k/terraform.tfstate";
    expect(short(calls)).toEqual([
      "ListObjectsV2 env:/",
      `PutObject ${p}.tflock`,
      `HeadObject ${p}`,
      `GetObject ${p}`,
      `GetObject ${p}.tflock`,
      `DeleteObject ${p}.tflock`,
    ]);
  });

  it('an empty workspace_key_prefix lists the whole bucket (prefix "")', () => {
    const calls = terraformCalls({ settings: { ...BASE, workspaceKeyPrefix: "" }, stateExists: true, command: "plan" });
    expect(calls[0]).toMatchObject({ operation: "ListObjectsV2", resource: "", conditions: ["prefix="] });
  });

  it("every call names its IAM action by service", () => {
    for (const command of ["init", "plan"] as const) {
      for (const c of terraformCalls({ settings: staging, stateExists: false, command }))
        expect(c.action.startsWith(c.service === "s3" ? "s3:" : "dynamodb:")).toBe(true);
    }
  });
});

describe("how Terraform treats a failed workspace listing", () => {
  it("tolerates AccessDenied with the default prefix only", () => {
    const list = (workspaceKeyPrefix: string) =>
      terraformCalls({ settings: { ...BASE, workspaceKeyPrefix }, stateExists: true, command: "plan" }).find(
        (c) => c.operation === "ListObjectsV2",
      )?.onError;
    expect(list("env:")).toBe("access-denied-tolerated");
    expect(list("ws")).toBe("fatal");
  });
});
