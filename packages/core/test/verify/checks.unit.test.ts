/**
 * The pure parts of verify's checks: check codes, AwsCallError's place in the error hierarchy, and decisions made
 * from an observed answer alone (no port, no world).
 */
import { describe, expect, it } from "vitest";
import { TfwhyError } from "../../src/errors.js";
import { VERIFY_CHECK_CODES } from "../../src/reasons.js";
import type { CallResult } from "../../src/verify/call-gate.js";
import { checkCode } from "../../src/verify/check-code.js";
import { checkResult } from "../../src/verify/check-log.js";
import { AwsCallError } from "../../src/verify/port/aws-port.js";
import type { CheckId } from "../../src/verify/report.js";
import { decideKmsKey, decideVersioning } from "../../src/verify/s3-encryption-checks.js";

const EVERY_KIND: readonly CheckId[] = [
  "credentials.base",
  "credentials.assume-role[0]",
  "sts.caller-identity",
  "account.allowed",
  "s3.bucket",
  "s3.list-workspaces",
  "s3.state-read",
  "s3.state-write-access",
  "s3.bucket-policy",
  "s3.encryption",
  "kms.key",
  "s3.versioning",
  "lock.configured",
  "lock.lockfile",
  "lock.lockfile-access",
  "lock.dynamodb-table",
  "lock.dynamodb-item",
  "lock.dynamodb-access",
  "probe.state-write",
  "probe.lockfile",
  "probe.dynamodb-lock",
  "probe.kms-data-key",
  "probe.cleanup",
];

const denied = (operation: string) =>
  new AwsCallError({ operation, awsCode: "AccessDenied", httpStatus: 403, message: "Access Denied" });

describe("check codes", () => {
  it("are `verify.` and the check id without its hop index, as the reporter's SARIF rules name them", () => {
    expect(checkCode("credentials.assume-role[3]")).toBe("verify.credentials.assume-role");
    expect(checkCode("s3.state-read")).toBe("verify.s3.state-read");
  });

  it("every check kind has a catalogued code, and every catalogued code is a check kind", () => {
    const codes = EVERY_KIND.map(checkCode);
    expect(new Set(codes)).toEqual(new Set(Object.keys(VERIFY_CHECK_CODES)));
  });

  it("a check result carries its code", () => {
    expect(checkResult("lock.lockfile", "pass", "No lockfile.")).toMatchObject({ code: "verify.lock.lockfile" });
  });
});

describe("AwsCallError", () => {
  it("is a TfwhyError (code aws-call); what AWS answered is awsCode", () => {
    const error = denied("s3:HeadObject");
    expect(error).toBeInstanceOf(TfwhyError);
    expect(error.code).toBe("aws-call");
    expect(error.awsCode).toBe("AccessDenied");
    expect(error.name).toBe("AwsCallError");
  });
});

describe("decisions from an observed answer", () => {
  it("s3.versioning: enabled passes, off warns with the command that enables it", () => {
    const on = decideVersioning("tfstate", { ok: true, value: { status: "Enabled" } });
    expect(on).toMatchObject({ id: "s3.versioning", status: "pass", calls: ["s3:GetBucketVersioning"] });
    const off = decideVersioning("tfstate", { ok: true, value: { status: null } });
    expect(off.status).toBe("warn");
    expect(off.detail).toBe("Bucket versioning is off: an overwritten or corrupted state cannot be recovered.");
    expect(off.diagnosis?.fix).toContain("aws s3api put-bucket-versioning --bucket tfstate");
  });

  it("s3.versioning: a denial is not a failure (Terraform does not need the call), a skip keeps its reason", () => {
    const r: CallResult<{ status: null }> = { ok: false, error: denied("s3:GetBucketVersioning") };
    expect(decideVersioning("tfstate", r)).toMatchObject({
      status: "not-checked",
      detail: "Not checked: s3:GetBucketVersioning is denied (Terraform does not need it).",
    });
    expect(decideVersioning("tfstate", { ok: false, skipped: "Not checked: S3 did not answer." })).toMatchObject({
      status: "not-checked",
      detail: "Not checked: S3 did not answer.",
    });
  });

  it("kms.key: a key KMS does not know fails, and says where to fix kms_key_id", () => {
    const error = new AwsCallError({ operation: "kms:DescribeKey", awsCode: "NotFoundException", message: "no key" });
    const result = decideKmsKey({ keyId: "alias/tf", role: "kms_key_id" }, "eu-west-1", "backend.tf", {
      ok: false,
      error,
    });
    expect(result).toMatchObject({ id: "kms.key", code: "verify.kms.key", status: "fail", error });
    expect(result.detail).toBe(
      "KMS key alias/tf (kms_key_id) does not exist in eu-west-1: every state write fails " +
        "(S3 returns KMS.NotFoundException), and reads of objects encrypted with it fail too.",
    );
    expect(result.diagnosis?.fix).toContain("Fix kms_key_id in backend.tf");
  });
});
