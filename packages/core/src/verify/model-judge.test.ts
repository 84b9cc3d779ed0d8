import { describe, expect, it } from "vitest";
import type { CallSettings } from "../calls/terraform-calls.js";
import { judgeCheck } from "./model-judge.js";
import type { Check, CheckId } from "./report.js";
import { type NeededCall, neededCalls, type TerraformOperation, type Tested } from "./terraform-needs.js";

const BASE: CallSettings = {
  bucket: "acme-tfstate",
  statePath: "prod/terraform.tfstate",
  workspace: "default",
  workspaceKeyPrefix: "env:",
  dynamodbTable: null,
  useLockfile: false,
};
const DYNAMODB = { ...BASE, dynamodbTable: "locks" };
const LOCKFILE = { ...BASE, useLockfile: true };
const STAGING = { ...LOCKFILE, workspace: "staging", statePath: "env:/staging/prod/terraform.tfstate" };

const arnOf = (n: NeededCall) =>
  n.call.service === "dynamodb"
    ? "arn:aws:dynamodb:us-east-1:123456789012:table/locks"
    : n.target === "listing"
      ? "arn:aws:s3:::acme-tfstate"
      : `arn:aws:s3:::acme-tfstate/${n.call.resource}`;

function failing(id: CheckId, operation?: string, code = "AccessDenied"): Check {
  return {
    id,
    title: id,
    status: "fail",
    calls: operation ? [operation] : [],
    detail: "It failed.",
    cause: null,
    fix: null,
    ...(operation ? { awsError: { operation, code, httpStatus: 403, requestId: null, message: code } } : {}),
  };
}

function judge(
  check: Check,
  settings: CallSettings,
  operation: TerraformOperation,
  opts: { stateExists?: boolean | null; tested?: Tested } = {},
): Check {
  const needed = neededCalls(settings, opts.stateExists ?? true, operation);
  return judgeCheck(check, opts.tested, { needed, operation, arnOf });
}

describe("verify's findings judged by Terraform's calls", () => {
  it("a denied lock write fails where plan takes the lock, and names the call, action, resource and step", () => {
    const judged = judge(failing("probe.dynamodb-lock", "dynamodb:PutItem"), DYNAMODB, "plan");
    expect(judged.status).toBe("fail");
    expect(judged.terraform).toEqual({
      command: "plan",
      step: "acquiring the state lock",
      goFunction: "client.go lockWithDynamoDB",
      call: "dynamodb:PutItem",
      action: "dynamodb:PutItem",
      resource: "arn:aws:dynamodb:us-east-1:123456789012:table/locks",
      conditions: ["attribute_not_exists(LockID)"],
    });
  });

  it("the same finding only warns for an init-only pipeline: init never takes the lock", () => {
    const judged = judge(failing("probe.dynamodb-lock", "dynamodb:PutItem"), DYNAMODB, "init");
    expect(judged.status).toBe("warn");
    expect(judged.terraform).toBeUndefined();
    expect(judged.detail).toBe(
      "It failed. Not a failure of Terraform's: terraform init never calls dynamodb:PutItem on the lock item " +
        "(Terraform 1.11.4's calls).",
    );
  });

  it("a probe left on the state key warns: Terraform never deletes the state object", () => {
    const tested: Tested = { action: "s3:DeleteObject", target: "state" };
    const judged = judge(failing("probe.cleanup"), DYNAMODB, "apply", { tested });
    expect(judged.status).toBe("warn");
    expect(judged.detail).toMatch(/terraform init, plan and apply never call s3:DeleteObject on the state object/);
  });

  it("a lockfile probe left behind fails: plan's unlock deletes the .tflock", () => {
    const tested: Tested = { action: "s3:DeleteObject", target: "lockfile" };
    const judged = judge(failing("probe.cleanup"), LOCKFILE, "apply", { tested });
    expect(judged.status).toBe("fail");
    expect(judged.terraform).toMatchObject({
      command: "plan",
      step: "releasing the state lock",
      call: "s3:DeleteObject",
      resource: "arn:aws:s3:::acme-tfstate/prod/terraform.tfstate.tflock",
      goFunction: "client.go unlockWithFile",
    });
  });

  it("a denied state write fails at init when init creates the selected workspace, and only warns for plan in default", () => {
    const denied = failing("probe.state-write", "s3:PutObject");
    const created = judge(denied, STAGING, "init", { stateExists: false });
    expect(created.status).toBe("fail");
    expect(created.terraform).toMatchObject({ command: "init", step: "writing the state", call: "s3:PutObject" });
    expect(judge(denied, LOCKFILE, "plan").status).toBe("warn");
  });

  it("a call Terraform tolerates warns: a missing digest read (getMD5) does not stop init", () => {
    const tested: Tested = { action: "dynamodb:GetItem", target: "digest-item" };
    const judged = judge(failing("lock.dynamodb-item", "dynamodb:GetItem"), DYNAMODB, "init", { tested });
    expect(judged.status).toBe("warn");
    expect(judged.detail).toMatch(/Terraform makes this call \(getMD5\) but goes on when it fails/);
  });

  it("the default-prefix listing tolerates AccessDenied only; a missing bucket fails init's listing", () => {
    expect(judge(failing("s3.list-workspaces", "s3:ListBucket"), BASE, "apply").status).toBe("warn");
    const missing = judge(failing("s3.bucket", "s3:ListBucket", "NoSuchBucket"), BASE, "apply");
    expect(missing.status).toBe("fail");
    expect(missing.terraform).toMatchObject({
      command: "init",
      step: "listing the workspaces",
      goFunction: "backend_state.go Workspaces",
      conditions: ["prefix=env:/"],
      resource: "arn:aws:s3:::acme-tfstate",
    });
  });

  it("a KMS data key denied to the caller stands for apply's state write, and names the KMS permission", () => {
    const judged = judge(failing("probe.kms-data-key", "kms:GenerateDataKey"), BASE, "apply");
    expect(judged.terraform).toMatchObject({
      command: "apply",
      step: "writing the state",
      call: "s3:PutObject",
      action: "s3:PutObject + kms:GenerateDataKey",
    });
    expect(judge(failing("probe.kms-data-key", "kms:GenerateDataKey"), BASE, "plan").status).toBe("warn");
  });

  it("an unknown state (the read failed) counts what either case needs", () => {
    const reads = (exists: boolean | null) =>
      neededCalls(BASE, exists, "init").filter((n) => n.call.operation === "GetObject" && n.target === "state");
    expect(reads(false)).toEqual([]);
    expect(reads(null)).toHaveLength(1);
    const denied = failing("s3.state-read", "s3:GetObject");
    expect(judge(denied, BASE, "init", { stateExists: null }).terraform).toMatchObject({
      call: "s3:HeadObject",
      action: "s3:GetObject",
      step: "reading the state",
    });
  });

  it("checks outside the call model, and checks that did not fail, are left as they are", () => {
    const credentials = failing("credentials.base");
    expect(judge(credentials, BASE, "init")).toBe(credentials);
    const passed: Check = { ...failing("probe.state-write", "s3:PutObject"), status: "pass" };
    expect(judge(passed, BASE, "init")).toBe(passed);
  });
});
