/**
 * DynamoDB lock checks (read-only). Terraform 1.11 calls only GetItem, PutItem and DeleteItem on the table
 * (client.go lockWithDynamoDB / getLockInfoWithDynamoDB / unlockWithDynamoDB); DescribeTable is used here only to
 * check the key schema, and its denial is never a reason to grant it.
 */

import { lockIdFor } from "../settings/workspace.js";
import { type CheckResult, checkResult } from "./check-log.js";
import type { VerifyContext } from "./context.js";
import {
  callerShort,
  credentialDiagnosis,
  isCredentialError,
  isDenied,
  isTransport,
  providerHint,
  throttledDetail,
  transportDiagnosis,
  whyIdentity,
} from "./diagnose.js";
import { attributeFixTarget, describeRegionOrigin } from "./identity.js";
import { parseLockInfo } from "./lock-info.js";
import { describeLock, heldLockDiagnosis } from "./messages/held-lock.js";
import * as msg from "./messages/lock.js";
import type { AwsCallError } from "./port/aws-port.js";
import type { CheckId, Diagnosis } from "./report.js";
import { isThrottled } from "./throttling.js";

export { DYNAMODB_LOCK_ACTIONS } from "./messages/lock.js";

export function isDynamoDbCheck(id: CheckId): boolean {
  return (
    id === "lock.dynamodb-table" ||
    id === "lock.dynamodb-item" ||
    id === "lock.dynamodb-access" ||
    id === "probe.dynamodb-lock"
  );
}

/** `<bucket>/<state path>` of the selected workspace (client.go lockPath; backend_state.go path). */
export function lockId(ctx: VerifyContext): string {
  return lockIdFor(ctx.settings.bucket, ctx.settings.statePath);
}

export function tableArn(ctx: VerifyContext, known: string | null = null): string {
  if (known) return known;
  const partition = /^arn:([^:]+):/.exec(ctx.identity?.arn ?? "")?.[1] ?? "aws";
  const account = ctx.identity?.accountId ?? "<account>";
  return `arn:${partition}:dynamodb:${ctx.settings.region}:${account}:table/${ctx.settings.dynamodbTable}`;
}

/** lock.dynamodb-table then lock.dynamodb-item (not checked when the table does not exist). */
export async function checkDynamoDbLock(ctx: VerifyContext): Promise<readonly CheckResult[]> {
  const table = await checkTable(ctx);
  if (table.missing) {
    const item = checkResult("lock.dynamodb-item", "not-checked", msg.tableMissingSkip(ctx.settings.dynamodbTable!));
    return [table.result, item];
  }
  return [table.result, await checkLockItem(ctx, table.arn)];
}

interface TableOutcome {
  readonly result: CheckResult;
  readonly missing: boolean;
  readonly arn: string | null;
}

/** lock.dynamodb-table: DescribeTable, for the key schema only. */
async function checkTable(ctx: VerifyContext): Promise<TableOutcome> {
  const id: CheckId = "lock.dynamodb-table";
  const table = ctx.settings.dynamodbTable!;
  const region = ctx.settings.region;
  const d = await ctx.call("dynamodb", "dynamodb:DescribeTable", () => ctx.aws.describeTable(ctx.dynamodb(), table));
  if (d.ok) {
    const hash = d.value.keySchema.find((k) => k.keyType === "HASH");
    const range = d.value.keySchema.find((k) => k.keyType === "RANGE");
    const good = hash?.name === "LockID" && (hash.attributeType === null || hash.attributeType === "S") && !range;
    const schema = d.value.keySchema.map((k) => `${k.name} (${k.attributeType ?? "?"}, ${k.keyType})`).join(", ");
    const result = checkResult(id, good ? "pass" : "fail", msg.tableFound(table, region, d.value.status, schema), {
      calls: ["dynamodb:DescribeTable"],
      ...(good ? {} : { diagnosis: msg.wrongKeySchemaDiagnosis(schema) }),
    });
    return { result, missing: false, arn: d.value.arn };
  }
  const found = (result: CheckResult): TableOutcome => ({ result, missing: false, arn: null });
  if (d.skipped !== undefined) return found(checkResult(id, "not-checked", d.skipped));
  if (d.error.awsCode === "ResourceNotFoundException") {
    const result = checkResult(id, "fail", msg.tableMissing(table, region, ctx.settings.endpoints.dynamodb), {
      error: d.error,
      diagnosis: missingTableDiagnosis(ctx),
    });
    return { result, missing: true, arn: null };
  }
  if (isDenied(d.error)) return found(checkResult(id, "not-checked", msg.DESCRIBE_TABLE_DENIED, { error: d.error }));
  return found(genericFailure(ctx, id, d.error));
}

/** lock.dynamodb-item: GetItem with ConsistentRead, as Terraform reads its lock (getLockInfoWithDynamoDB). */
async function checkLockItem(ctx: VerifyContext, arn: string | null): Promise<CheckResult> {
  const id: CheckId = "lock.dynamodb-item";
  const table = ctx.settings.dynamodbTable!;
  const r = await ctx.call("dynamodb", "dynamodb:GetItem", () =>
    ctx.aws.getItem(ctx.dynamodb(), { table, lockId: lockId(ctx) }),
  );
  if (r.ok) {
    if (r.value === null)
      return checkResult(id, "pass", msg.noLockItem(lockId(ctx), table), { calls: ["dynamodb:GetItem"] });
    const lock = parseLockInfo(r.value.Info);
    return checkResult(id, "fail", msg.lockItemHeld(lockId(ctx), describeLock(lock, ctx.world.clock.now())), {
      calls: ["dynamodb:GetItem"],
      diagnosis: heldLockDiagnosis(lock, ctx.explanation.dir),
    });
  }
  if (r.skipped !== undefined) return checkResult(id, "not-checked", r.skipped);
  if (r.error.awsCode === "ResourceNotFoundException") {
    return checkResult(id, "fail", msg.getItemTableMissing(table, ctx.settings.region), {
      error: r.error,
      diagnosis: missingTableDiagnosis(ctx),
    });
  }
  if (isDenied(r.error)) {
    return checkResult(id, "fail", msg.getItemDenied(table), {
      error: r.error,
      diagnosis: dynamoAccessDiagnosis(ctx, "dynamodb:GetItem", arn),
    });
  }
  return genericFailure(ctx, id, r.error);
}

export function dynamoAccessDiagnosis(ctx: VerifyContext, action: string, arn: string | null): Diagnosis {
  return msg.dynamoAccessDiagnosis({
    caller: callerShort(ctx),
    why: whyIdentity(ctx),
    action,
    tableArn: tableArn(ctx, arn),
    providerHints: providerHint(ctx),
  });
}

function missingTableDiagnosis(ctx: VerifyContext): Diagnosis {
  return msg.missingTableDiagnosis({
    region: ctx.settings.region,
    regionOrigin: describeRegionOrigin(ctx.explanation),
    table: ctx.settings.dynamodbTable,
    fixTarget: attributeFixTarget(ctx.explanation, "dynamodb_table"),
  });
}

/** A failed call no check-specific rule covers: cancelled, rejected credentials, no answer, throttled, other. */
export function genericFailure(ctx: VerifyContext, id: CheckId, error: AwsCallError): CheckResult {
  if (error.kind === "aborted") return checkResult(id, "not-checked", msg.CANCELLED, { error });
  if (isCredentialError(error)) {
    return checkResult(id, "fail", msg.rejectsCredentials(error.operation, error.awsCode), {
      error,
      diagnosis: credentialDiagnosis(ctx, error),
    });
  }
  if (isTransport(error)) {
    return checkResult(id, "fail", msg.didNotAnswer(error.operation, error.awsCode), {
      error,
      diagnosis: transportDiagnosis(ctx, error.operation.startsWith("dynamodb") ? "dynamodb" : "s3", error),
    });
  }
  if (isThrottled(error)) return checkResult(id, "warn", throttledDetail(ctx, error), { error });
  return checkResult(id, "fail", msg.callFailed(error.operation, error.awsCode, error.message), { error });
}
