/** Unit tests of the agreement definition (no Terraform, no moto). Outputs are Terraform 1.11.4's, shortened. */
import { describe, expect, test } from "vitest";
import { agreement, type CommandOutcome, terraformCause, type VerifyCheckView } from "./agreement.js";

const PUT_DENIED = `Error: Failed to save state

Error saving state: failed to upload state: operation error S3: PutObject,
https response error StatusCode: 403, RequestID:
niJ67fsYBRjkSshftRwEDudArJLbjd86, HostID:
9Gjjt1m+cjU4OPvX9O9/8RuvnG41MRb/18Oux2o5H5MY7ISNTlXN+Dz9IG62/ILVxhAGI0qyPfg=,
api error AccessDenied: Access Denied`;

const HEAD_FORBIDDEN = `Error: Error refreshing state: Unable to access object "conformance/terraform.tfstate" in S3
bucket "tfstate": operation error S3: HeadObject, https response error StatusCode: 403, RequestID: X, HostID: Y,
api error Forbidden: Forbidden`;

const DDB_HELD = `Error: Error acquiring the state lock

Error message: operation error DynamoDB: PutItem, https response error
StatusCode: 400, RequestID:
ogd2khk9i92a4fNTDWISN4b9qYPatZPvXJ4OUDs55BFURybeDxc3,
ConditionalCheckFailedException: The conditional request failed
Lock Info:
  ID:        0b5e1f2a-7c3d-4e8f-9a10-b2c3d4e5f601`;

const FILE_HELD = `Error: Error acquiring the state lock

Error message: operation error S3: PutObject, https response error
StatusCode: 412, RequestID: A, HostID: B, api error PreconditionFailed: At least one of the pre-conditions you
specified did not hold`;

const RELEASE_DENIED = `Error: Error releasing the state lock

Error message: failed to retrieve lock info for lock ID "x": operation error DynamoDB: GetItem, https response
error StatusCode: 400, RequestID: Q, api error AccessDeniedException: User: arn:aws:iam::123456789012:user/pipeline
is not authorized to perform: dynamodb:GetItem
Lock Info:
  ID:        x`;

const TABLE_MISSING = `Error: Error acquiring the state lock

Error message: operation error DynamoDB: PutItem, https response error
StatusCode: 400, RequestID: k,
ResourceNotFoundException: Requested resource not found`;

const fail = (command: string, output: string): CommandOutcome => ({ command, exitCode: 1, output });
const ok = (command: string): CommandOutcome => ({ command, exitCode: 0, output: "" });
const check = (code: string, status: string, detail = "", fix = ""): VerifyCheckView => ({
  code,
  status,
  title: code,
  detail,
  diagnosis: { cause: "", fix },
});

describe("terraformCause", () => {
  test("reads the denied operation and maps it to IAM actions", () => {
    expect(terraformCause(PUT_DENIED)).toEqual({ kind: "iam", call: "S3:PutObject", actions: ["s3:PutObject"] });
    expect(terraformCause(HEAD_FORBIDDEN)).toEqual({
      kind: "iam",
      call: "S3:HeadObject",
      actions: ["s3:GetObject", "s3:ListBucket"],
    });
    expect(terraformCause(RELEASE_DENIED)).toMatchObject({ kind: "iam", actions: ["dynamodb:GetItem"] });
  });

  test("a failed lock condition is a held lock, whatever Lock Info follows", () => {
    expect(terraformCause(DDB_HELD)).toEqual({ kind: "lock-held", call: "DynamoDB:PutItem" });
    expect(terraformCause(FILE_HELD)).toEqual({ kind: "lock-held", call: "S3:PutObject" });
  });

  test("missing resources and the workspace message", () => {
    expect(terraformCause(TABLE_MISSING)).toEqual({ kind: "table-missing" });
    expect(terraformCause('Error: Failed to get existing workspaces: S3 bucket "tfstate" does not exist.')).toEqual({
      kind: "bucket-missing",
    });
    expect(terraformCause('Error: Currently selected workspace "staging" does not exist')).toEqual({
      kind: "workspace-missing",
    });
    expect(
      terraformCause(
        "Error: operation error STS: AssumeRole, https response error StatusCode: 403, api error AccessDenied",
      ),
    ).toEqual({ kind: "assume-role-denied" });
  });

  test("anything else is unrecognised", () => {
    expect(terraformCause("Error: Backend initialization required")).toBeNull();
  });
});

describe("agreement", () => {
  test("both green agree; warnings do not count", () => {
    const a = agreement([ok("init"), ok("plan")], [check("verify.s3.bucket", "warn")]);
    expect(a).toMatchObject({ agree: true, terraformFailed: false, verifyFailed: false, reason: "" });
  });

  test("verify red while Terraform got through disagrees", () => {
    const a = agreement([ok("init")], [check("verify.probe.cleanup", "fail")]);
    expect(a.agree).toBe(false);
    expect(a.reason).toBe("Terraform succeeded; verify failed verify.probe.cleanup");
  });

  test("Terraform failing while verify is green disagrees, naming the first failed command's cause", () => {
    const a = agreement([ok("init"), ok("plan"), fail("apply", PUT_DENIED)], [check("verify.s3.bucket", "pass")]);
    expect(a.reason).toBe("Terraform apply failed (S3:PutObject denied (s3:PutObject)); verify had no failing check");
  });

  test("a failing check must name the action (in any text) or carry the cause's code", () => {
    const tf = [fail("apply", PUT_DENIED)];
    expect(agreement(tf, [check("verify.probe.state-write", "fail", "", "grant s3:PutObject on ...")]).agree).toBe(
      true,
    );
    const wrong = agreement(tf, [check("verify.s3.state-read", "fail", "s3:GetObject denied")]);
    expect(wrong.agree).toBe(false);
    expect(wrong.reason).toContain("without naming it");
    expect(agreement([fail("plan", DDB_HELD)], [check("verify.lock.dynamodb-item", "fail")]).agree).toBe(true);
    expect(agreement([fail("plan", DDB_HELD)], [check("verify.lock.lockfile", "fail")]).agree).toBe(true);
    expect(agreement([fail("plan", DDB_HELD)], [check("verify.s3.bucket", "fail")]).agree).toBe(false);
  });

  test("a non-IAM cause may be named in words", () => {
    const words = check("verify.lock.dynamodb-item", "fail", 'GetItem says table "locks" does not exist in us-east-1.');
    expect(agreement([fail("plan", TABLE_MISSING)], [words]).agree).toBe(true);
    expect(agreement([fail("plan", TABLE_MISSING)], [check("verify.lock.dynamodb-item", "fail")]).agree).toBe(false);
  });

  test("an unrecognised Terraform failure never agrees", () => {
    const a = agreement([fail("init", "Error: something new")], [check("verify.s3.bucket", "fail")]);
    expect(a).toMatchObject({ agree: false, cause: null });
  });
});
