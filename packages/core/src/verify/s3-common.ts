/** What every S3 check shares: which checks are S3's, the ARNs and keys they name, the failures they share. */

import { lockfileKeyFor } from "../settings/workspace.js";
import { type CheckResult, checkResult } from "./check-log.js";
import type { VerifyContext } from "./context.js";
import {
  credentialDiagnosis,
  isCredentialError,
  isDenied,
  isTransport,
  throttledDetail,
  transportDiagnosis,
} from "./diagnose.js";
import * as msg from "./messages/s3.js";
import type { AwsCallError } from "./port/aws-port.js";
import type { CheckId } from "./report.js";
import { isThrottled } from "./throttling.js";

const S3_CHECKS: readonly CheckId[] = [
  "s3.bucket",
  "s3.list-workspaces",
  "s3.state-read",
  "s3.state-write-access",
  "s3.bucket-policy",
  "s3.encryption",
  "kms.key",
  "s3.versioning",
  "lock.lockfile",
  "lock.lockfile-access",
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

/** The selected workspace's lockfile (client.go: `<state path>.tflock`). */
export function lockfileKey(ctx: VerifyContext): string {
  return lockfileKeyFor(ctx.settings.statePath);
}

/**
 * What an S3 check decided: its result (none when the call was skipped: the skip reason then covers it too), the
 * reason the remaining S3 checks are skipped, if they are, and whether the checks after it can still work.
 */
export interface S3Outcome {
  readonly result: CheckResult | null;
  readonly skipS3?: string;
  readonly proceed: boolean;
}

export function s3Outcome(result: CheckResult | null, proceed = true, skipS3?: string): S3Outcome {
  return { result, proceed, ...(skipS3 !== undefined ? { skipS3 } : {}) };
}

/** Shared handling of credential, transport, throttling and cancel failures; `denied` decides 403s. */
export function genericS3Failure(
  ctx: VerifyContext,
  id: CheckId,
  error: AwsCallError,
  denied: () => CheckResult,
): S3Outcome {
  if (error.kind === "aborted") return s3Outcome(checkResult(id, "not-checked", msg.CANCELLED, { error }), false);
  if (isCredentialError(error)) {
    const result = checkResult(id, "fail", msg.s3RejectsCredentials(error.awsCode), {
      error,
      diagnosis: credentialDiagnosis(ctx, error),
    });
    return s3Outcome(result, false, msg.s3RejectsCredentialsSkip(id));
  }
  if (isTransport(error)) {
    const result = checkResult(id, "fail", msg.s3DidNotAnswer(error.operation, error.awsCode), {
      error,
      diagnosis: transportDiagnosis(ctx, "s3", error),
    });
    return s3Outcome(result, false, msg.s3DidNotAnswerSkip(error.operation, error.awsCode, error.message));
  }
  if (isThrottled(error)) return s3Outcome(checkResult(id, "warn", throttledDetail(ctx, error), { error }));
  if (isDenied(error)) return s3Outcome(denied());
  return s3Outcome(checkResult(id, "fail", msg.callFailed(error.operation, error.awsCode, error.message), { error }));
}
