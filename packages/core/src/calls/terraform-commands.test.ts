import { describe, expect, it } from "vitest";
import { type CallSettings, type TerraformCall, terraformCalls, terraformRun } from "./terraform-calls.js";

const BOTH: CallSettings = {
  bucket: "b",
  key: "k/terraform.tfstate",
  statePath: "k/terraform.tfstate",
  workspace: "default",
  workspaceKeyPrefix: "env:",
  dynamodbTable: "locks",
  useLockfile: true,
};
const P = "k/terraform.tfstate";
const short = (calls: readonly TerraformCall[]) => calls.map((c) => `${c.operation} ${c.resource}`);
const LOCK = [`PutObject ${P}.tflock`, `PutItem b/${P}`];
const UNLOCK = [`GetObject ${P}.tflock`, `DeleteObject ${P}.tflock`, `GetItem b/${P}`, `DeleteItem b/${P}`];

describe("apply and state push: a locked read and write", () => {
  it("a missing state is read twice (refresh, then PersistState's check), then written with its digest", () => {
    const calls = terraformCalls({ settings: BOTH, stateExists: false, command: "apply" });
    const read = [`HeadObject ${P}`, `GetItem b/${P}-md5`];
    expect(short(calls)).toEqual([
      "ListObjectsV2 env:/",
      ...LOCK,
      ...read,
      ...read,
      `PutObject ${P}`,
      `PutItem b/${P}-md5`,
      ...UNLOCK,
    ]);
    expect(calls.filter((c) => c.expectedError === "not-found")).toHaveLength(2);
  });

  it("an existing state is read once; an unchanged one is not written", () => {
    const changed = terraformCalls({ settings: BOTH, stateExists: true, command: "state push" });
    expect(short(changed).filter((c) => c.startsWith("PutObject "))).toEqual([
      `PutObject ${P}.tflock`,
      `PutObject ${P}`,
    ]);
    expect(short(changed).filter((c) => c.startsWith("HeadObject"))).toHaveLength(1);
    const same = terraformCalls({ settings: BOTH, stateExists: true, command: "apply", stateChanges: false });
    expect(short(same).filter((c) => c.startsWith("PutObject "))).toEqual([`PutObject ${P}.tflock`]);
  });
});

describe("the workspace commands", () => {
  const input = (command: "workspace new" | "workspace delete" | "workspace select" | "workspace list") => ({
    settings: BOTH,
    stateExists: true,
    command,
    targetWorkspace: "dev",
  });
  const D = "env:/dev/k/terraform.tfstate";

  it("list and select only list", () => {
    expect(short(terraformCalls(input("workspace list")))).toEqual(["ListObjectsV2 env:/"]);
    expect(short(terraformCalls(input("workspace select")))).toEqual(["ListObjectsV2 env:/"]);
  });

  it("new lists twice, then StateMgr creates the workspace under its lock", () => {
    const calls = short(terraformCalls(input("workspace new")));
    expect(calls.slice(0, 4)).toEqual([
      "ListObjectsV2 env:/",
      "ListObjectsV2 env:/",
      `PutObject ${D}.tflock`,
      `PutItem b/${D}`,
    ]);
    expect(calls).toContain(`PutObject ${D}`);
  });

  it("delete locks and reads the workspace, unlocks, then deletes the state and its digest", () => {
    const calls = terraformCalls(input("workspace delete"));
    expect(short(calls).slice(-9)).toEqual([
      `HeadObject ${D}`,
      `GetObject ${D}`,
      `GetItem b/${D}-md5`,
      `GetObject ${D}.tflock`,
      `DeleteObject ${D}.tflock`,
      `GetItem b/${D}`,
      `DeleteItem b/${D}`,
      `DeleteObject ${D}`,
      `DeleteItem b/${D}-md5`,
    ]);
    expect(calls.at(-1)).toMatchObject({ goFunction: "deleteMD5", onError: "tolerated" });
  });

  it("needs the key to find the named workspace's path", () => {
    const { key: _, ...noKey } = BOTH;
    expect(() => terraformCalls({ ...input("workspace new"), settings: noKey })).toThrow(/settings.key/);
  });
});

describe("locks", () => {
  it("force-unlock removes every configured lock of the selected workspace", () => {
    const calls = terraformCalls({ settings: BOTH, stateExists: true, command: "force-unlock" });
    expect(short(calls)).toEqual(["ListObjectsV2 env:/", ...UNLOCK]);
  });

  it("a held lockfile: 412, the lock info read, and the command fails", () => {
    const run = terraformRun({ settings: BOTH, stateExists: true, command: "plan", heldLock: "lockfile" });
    expect(short(run.calls)).toEqual(["ListObjectsV2 env:/", `PutObject ${P}.tflock`, `GetObject ${P}.tflock`]);
    expect(run.calls[1]?.expectedError).toBe("precondition-failed");
    expect(run.calls[2]).toMatchObject({ goFunction: "getLockInfoWithFile", conditions: [] });
    expect(run.failure).toMatch(/locked/);
  });

  it("a held DynamoDB lock with both: the lock info read, then Terraform releases its own lockfile", () => {
    const run = terraformRun({ settings: BOTH, stateExists: true, command: "apply", heldLock: "dynamodb" });
    expect(short(run.calls)).toEqual([
      "ListObjectsV2 env:/",
      ...LOCK,
      `GetItem b/${P}`,
      `GetObject ${P}.tflock`,
      `DeleteObject ${P}.tflock`,
    ]);
    expect(run.calls[2]?.expectedError).toBe("conditional-check-failed");
    expect(run.failure).not.toBeNull();
  });

  it("a command without a lock is not stopped by one", () => {
    expect(
      terraformRun({ settings: BOTH, stateExists: true, command: "state pull", heldLock: "lockfile" }).failure,
    ).toBe(null);
  });
});

describe("encryption headers", () => {
  it("encrypt = true: AES256 on the state and lockfile writes, nothing on reads", () => {
    const calls = terraformCalls({
      settings: { ...BOTH, writeSse: { kind: "aes256" } },
      stateExists: true,
      command: "apply",
    });
    const puts = calls.filter((c) => c.operation === "PutObject");
    expect(puts.map((c) => c.conditions)).toEqual([
      ["If-None-Match: *", "x-amz-server-side-encryption: AES256"],
      ["x-amz-server-side-encryption: AES256"],
    ]);
    expect(calls.find((c) => c.operation === "HeadObject")?.conditions).toEqual([]);
  });

  it("kms_key_id: aws:kms with the key; KMS permissions marked as needed besides the S3 action", () => {
    const settings = { ...BOTH, writeSse: { kind: "kms", kmsKeyId: "alias/state" } } as const;
    const calls = terraformCalls({ settings, stateExists: true, command: "apply" });
    const write = calls.find((c) => c.operation === "PutObject" && c.resource === P);
    expect(write?.conditions).toContain("x-amz-server-side-encryption-aws-kms-key-id: alias/state");
    expect(write?.alsoNeeds).toEqual(["kms:GenerateDataKey"]);
    expect(calls.find((c) => c.operation === "GetObject" && c.resource === P)?.alsoNeeds).toEqual(["kms:Decrypt"]);
    expect(calls.find((c) => c.operation === "HeadObject")?.alsoNeeds).toBeUndefined();
  });

  it("sse_customer_key: SSE-C on the state's Head/Get/Put and the lockfile's Put/Get, never the key itself", () => {
    const sse = { kind: "sse-c", customerKeyBase64: "c2VjcmV0" } as const;
    const calls = terraformCalls({
      settings: { ...BOTH, writeSse: sse, readSse: sse },
      stateExists: true,
      command: "apply",
    });
    const withSseC = calls.filter((c) => c.conditions.some((h) => h.includes("customer-algorithm")));
    expect(short(withSseC)).toEqual([
      `PutObject ${P}.tflock`,
      `HeadObject ${P}`,
      `GetObject ${P}`,
      `PutObject ${P}`,
      `GetObject ${P}.tflock`,
    ]);
    expect(JSON.stringify(calls)).not.toContain("c2VjcmV0");
  });
});
