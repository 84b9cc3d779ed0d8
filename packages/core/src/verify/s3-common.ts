/** What every S3 check shares: which checks are S3's, the ARNs and keys they name, the failures they share. */
import type { VerifyContext } from "./context.js";
import {
  credentialDiagnosis,
  isCredentialError,
  isDenied,
  isThrottled,
  isTransport,
  throttledDetail,
  transportDiagnosis,
} from "./diagnose.js";
import * as msg from "./messages/s3.js";
import type { AwsCallError } from "./port/aws-port.js";
import type { CheckId } from "./report.js";

const S3_CHECKS: readonly CheckId[] = [
  "s3.bucket",
  "s3.list-workspaces",
  "s3.state-read",
  "s3.bucket-policy",
  "s3.encryption",
  "kms.key",
  "s3.versioning",
  "lock.lockfile",
  "probe.state-write",
  "probe.lockfile",
  "probe.kms-data-key",
];

export function isS3Check(id: CheckId): boolean {
  return S3_CHECKS.includes(id);
}

/** The ARN of an object (or the bucket) as IAM policies name it. */
export function s3Arn(ctx: VerifyContext, key?: string): string {
  const partition = /^arn:([^:]+):/.exec(ctx.identity?.arn ?? "")?.[1] ?? "aws";
  return key === undefined
    ? `arn:${partition}:s3:::${ctx.settings.bucket}`
    : `arn:${partition}:s3:::${ctx.settings.bucket}/${key}`;
}

export function listPrefix(ctx: VerifyContext): string {
  // backend_state.go Workspaces: prefix "<workspace_key_prefix>/", or "" when the prefix is empty.
  return ctx.settings.workspaceKeyPrefix === "" ? "" : `${ctx.settings.workspaceKeyPrefix}/`;
}

export function lockfileKey(ctx: VerifyContext): string {
  return `${ctx.settings.key}.tflock`;
}

/** Shared handling of credential, transport, throttling and cancel failures; `denied` handles 403s. */
export function handleGenericS3Failure(
  ctx: VerifyContext,
  id: CheckId,
  error: AwsCallError,
  on: { denied: () => boolean },
): boolean {
  if (error.kind === "aborted") {
    ctx.record(id, "not-checked", msg.CANCELLED, { error });
    return false;
  }
  if (isCredentialError(error)) {
    ctx.record(id, "fail", msg.s3RejectsCredentials(error.awsCode), {
      error,
      diagnosis: credentialDiagnosis(ctx, error),
    });
    ctx.skipPending((x) => isS3Check(x), msg.s3RejectsCredentialsSkip(id));
    return false;
  }
  if (isTransport(error)) {
    ctx.record(id, "fail", msg.s3DidNotAnswer(error.operation, error.awsCode), {
      error,
      diagnosis: transportDiagnosis(ctx, "s3", error),
    });
    ctx.skipPending((x) => isS3Check(x), msg.s3DidNotAnswerSkip(error.operation, error.awsCode, error.message));
    return false;
  }
  if (isThrottled(error)) {
    ctx.record(id, "warn", throttledDetail(ctx, error), { error });
    return true;
  }
  if (isDenied(error)) return on.denied();
  ctx.record(id, "fail", msg.callFailed(error.operation, error.awsCode, error.message), { error });
  return true;
}
