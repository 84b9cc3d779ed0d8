/**
 * DynamoDB lock checks (read-only). Terraform 1.11 calls only GetItem, PutItem and DeleteItem on the table
 * (client.go lockWithDynamoDB / getLockInfoWithDynamoDB / unlockWithDynamoDB); DescribeTable is used here only to
 * check the key schema, and its denial is never a reason to grant it.
 */

import type { VerifyContext } from "./context.js";
import {
  callerShort,
  credentialDiagnosis,
  isCredentialError,
  isDenied,
  isThrottled,
  isTransport,
  providerHint,
  throttledDetail,
  transportDiagnosis,
  whyIdentity,
} from "./diagnose.js";
import { backendFixTarget, describeRegionOrigin } from "./identity.js";
import { parseLockInfo } from "./lock-info.js";
import { describeLock, heldLockDiagnosis } from "./messages/held-lock.js";
import * as msg from "./messages/lock.js";
import type { AwsCallError } from "./port/aws-port.js";
import type { CheckId, Diagnosis } from "./report.js";

export { DYNAMODB_LOCK_ACTIONS } from "./messages/lock.js";

export function isDynamoDbCheck(id: CheckId): boolean {
  return id === "lock.dynamodb-table" || id === "lock.dynamodb-item" || id === "probe.dynamodb-lock";
}

/** `<bucket>/<state path>`; the default workspace's state path is the key itself (backend_state.go path). */
export function lockId(ctx: VerifyContext): string {
  return `${ctx.settings.bucket}/${ctx.settings.key}`;
}

export function tableArn(ctx: VerifyContext, known: string | null = null): string {
  if (known) return known;
  const partition = /^arn:([^:]+):/.exec(ctx.identity?.arn ?? "")?.[1] ?? "aws";
  const account = ctx.identity?.accountId ?? "<account>";
  return `arn:${partition}:dynamodb:${ctx.settings.region}:${account}:table/${ctx.settings.dynamodbTable}`;
}

export async function runDynamoDbChecks(ctx: VerifyContext): Promise<void> {
  const table = await checkTable(ctx);
  if (table.missing) {
    ctx.record("lock.dynamodb-item", "not-checked", msg.tableMissingSkip(ctx.settings.dynamodbTable!));
    return;
  }
  await checkLockItem(ctx, table.arn);
}

/** lock.dynamodb-table: DescribeTable, for the key schema only. */
async function checkTable(ctx: VerifyContext): Promise<{ readonly missing: boolean; readonly arn: string | null }> {
  const id: CheckId = "lock.dynamodb-table";
  const table = ctx.settings.dynamodbTable!;
  const region = ctx.settings.region;
  const d = await ctx.call("dynamodb", "dynamodb:DescribeTable", () => ctx.aws.describeTable(ctx.dynamodb(), table));
  if (d.ok) {
    const hash = d.value.keySchema.find((k) => k.keyType === "HASH");
    const range = d.value.keySchema.find((k) => k.keyType === "RANGE");
    const good = hash?.name === "LockID" && (hash.attributeType === null || hash.attributeType === "S") && !range;
    const schema = d.value.keySchema.map((k) => `${k.name} (${k.attributeType ?? "?"}, ${k.keyType})`).join(", ");
    ctx.record(id, good ? "pass" : "fail", msg.tableFound(table, region, d.value.status, schema), {
      calls: ["dynamodb:DescribeTable"],
      ...(good ? {} : { diagnosis: msg.wrongKeySchemaDiagnosis(schema) }),
    });
    return { missing: false, arn: d.value.arn };
  }
  if (d.skipped !== undefined) {
    ctx.record(id, "not-checked", d.skipped);
  } else if (d.error.awsCode === "ResourceNotFoundException") {
    ctx.record(id, "fail", msg.tableMissing(table, region, ctx.settings.endpoints.dynamodb), {
      error: d.error,
      diagnosis: missingTableDiagnosis(ctx),
    });
    return { missing: true, arn: null };
  } else if (isDenied(d.error)) {
    ctx.record(id, "not-checked", msg.DESCRIBE_TABLE_DENIED, { error: d.error });
  } else {
    failGeneric(ctx, id, d.error);
  }
  return { missing: false, arn: null };
}

/** lock.dynamodb-item: GetItem with ConsistentRead, as Terraform reads its lock (getLockInfoWithDynamoDB). */
async function checkLockItem(ctx: VerifyContext, arn: string | null): Promise<void> {
  const id: CheckId = "lock.dynamodb-item";
  const table = ctx.settings.dynamodbTable!;
  const r = await ctx.call("dynamodb", "dynamodb:GetItem", () =>
    ctx.aws.getItem(ctx.dynamodb(), { table, lockId: lockId(ctx) }),
  );
  if (r.ok) {
    if (r.value === null) {
      ctx.record(id, "pass", msg.noLockItem(lockId(ctx), table), { calls: ["dynamodb:GetItem"] });
      return;
    }
    const lock = parseLockInfo(r.value.Info);
    ctx.record(id, "fail", msg.lockItemHeld(lockId(ctx), describeLock(lock, ctx.world.clock.now())), {
      calls: ["dynamodb:GetItem"],
      diagnosis: heldLockDiagnosis(lock, ctx.explanation.dir),
    });
    return;
  }
  if (r.skipped !== undefined) {
    ctx.record(id, "not-checked", r.skipped);
    return;
  }
  if (r.error.awsCode === "ResourceNotFoundException") {
    ctx.record(id, "fail", msg.getItemTableMissing(table, ctx.settings.region), {
      error: r.error,
      diagnosis: missingTableDiagnosis(ctx),
    });
    return;
  }
  if (isDenied(r.error)) {
    ctx.record(id, "fail", msg.getItemDenied(table), {
      error: r.error,
      diagnosis: dynamoAccessDiagnosis(ctx, "dynamodb:GetItem", arn),
    });
    return;
  }
  failGeneric(ctx, id, r.error);
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
    fixTarget: backendFixTarget(ctx.explanation),
  });
}

export function failGeneric(ctx: VerifyContext, id: CheckId, error: AwsCallError): void {
  if (error.kind === "aborted") ctx.record(id, "not-checked", msg.CANCELLED, { error });
  else if (isCredentialError(error))
    ctx.record(id, "fail", msg.rejectsCredentials(error.operation, error.awsCode), {
      error,
      diagnosis: credentialDiagnosis(ctx, error),
    });
  else if (isTransport(error))
    ctx.record(id, "fail", msg.didNotAnswer(error.operation, error.awsCode), {
      error,
      diagnosis: transportDiagnosis(ctx, error.operation.startsWith("dynamodb") ? "dynamodb" : "s3", error),
    });
  else if (isThrottled(error)) ctx.record(id, "warn", throttledDetail(ctx, error), { error });
  else ctx.record(id, "fail", msg.callFailed(error.operation, error.awsCode, error.message), { error });
}
