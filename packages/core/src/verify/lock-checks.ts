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
import { describeLock, heldLockDiagnosis, parseLockInfo } from "./lock-info.js";
import type { AwsCallError } from "./port/aws-port.js";
import type { CheckId, Diagnosis } from "./report.js";

export const DYNAMODB_LOCK_ACTIONS = "dynamodb:GetItem, dynamodb:PutItem and dynamodb:DeleteItem";

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
  return `arn:${partition}:dynamodb:${ctx.settings.region}:${ctx.identity?.accountId ?? "<account>"}:table/${ctx.settings.dynamodbTable}`;
}

export async function runDynamoDbChecks(ctx: VerifyContext): Promise<void> {
  const table = ctx.settings.dynamodbTable!;
  let missing = false;
  let arn: string | null = null;

  const d = await ctx.call("dynamodb", "dynamodb:DescribeTable", () => ctx.aws.describeTable(ctx.dynamodb(), table));
  const note = "Terraform itself never calls dynamodb:DescribeTable; verify uses it only to check the key schema.";
  if (d.ok) {
    arn = d.value.arn;
    const hash = d.value.keySchema.find((k) => k.keyType === "HASH");
    const range = d.value.keySchema.find((k) => k.keyType === "RANGE");
    const good = hash?.name === "LockID" && (hash.attributeType === null || hash.attributeType === "S") && !range;
    const schema = d.value.keySchema.map((k) => `${k.name} (${k.attributeType ?? "?"}, ${k.keyType})`).join(", ");
    ctx.record(
      "lock.dynamodb-table",
      good ? "pass" : "fail",
      `Table "${table}" exists in ${ctx.settings.region} (${d.value.status}); key schema: ${schema}. ${note}`,
      {
        calls: ["dynamodb:DescribeTable"],
        ...(good
          ? {}
          : {
              diagnosis: {
                cause: `Terraform's lock items have only a string hash key named LockID; this table's key is ${schema}, so every PutItem fails with a ValidationException.`,
                fix: `Create the table with hash key LockID of type S and no sort key, and point dynamodb_table at it (or switch to use_lockfile = true).`,
              },
            }),
      },
    );
  } else if (d.skipped !== undefined) {
    ctx.record("lock.dynamodb-table", "not-checked", d.skipped);
  } else if (d.error.awsCode === "ResourceNotFoundException") {
    missing = true;
    ctx.record(
      "lock.dynamodb-table",
      "fail",
      `Table "${table}" does not exist in ${ctx.settings.region}${ctx.settings.endpoints.dynamodb ? ` at ${ctx.settings.endpoints.dynamodb}` : ""}. ${note}`,
      { error: d.error, diagnosis: missingTableDiagnosis(ctx) },
    );
  } else if (isDenied(d.error)) {
    ctx.record(
      "lock.dynamodb-table",
      "not-checked",
      `Not checked: dynamodb:DescribeTable is denied. That is fine: ${note} Do not grant it for Terraform's sake; the lock item check below tells whether the table is usable.`,
      { error: d.error },
    );
  } else {
    failGeneric(ctx, "lock.dynamodb-table", d.error);
  }

  const id: CheckId = "lock.dynamodb-item";
  if (missing) {
    ctx.record(id, "not-checked", `Not checked: table "${table}" does not exist.`);
    return;
  }
  const r = await ctx.call("dynamodb", "dynamodb:GetItem", () =>
    ctx.aws.getItem(ctx.dynamodb(), { table, lockId: lockId(ctx) }),
  );
  if (r.ok) {
    if (r.value === null) {
      ctx.record(id, "pass", `No lock item "${lockId(ctx)}" in "${table}": the state is not locked.`, {
        calls: ["dynamodb:GetItem"],
      });
      return;
    }
    const lock = parseLockInfo(r.value.Info);
    ctx.record(
      id,
      "fail",
      `Lock item "${lockId(ctx)}" exists: the state is locked, ${describeLock(lock, ctx.world.clock.now())}. Every plan/apply fails with "Error acquiring the state lock" (ConditionalCheckFailedException) until it is released.`,
      {
        calls: ["dynamodb:GetItem"],
        diagnosis: heldLockDiagnosis(lock, ctx.explanation.dir),
      },
    );
    return;
  }
  if (r.skipped !== undefined) {
    ctx.record(id, "not-checked", r.skipped);
    return;
  }
  if (r.error.awsCode === "ResourceNotFoundException") {
    ctx.record(id, "fail", `GetItem says table "${table}" does not exist in ${ctx.settings.region}.`, {
      error: r.error,
      diagnosis: missingTableDiagnosis(ctx),
    });
    return;
  }
  if (isDenied(r.error)) {
    ctx.record(
      id,
      "fail",
      `dynamodb:GetItem on "${table}" is denied; Terraform needs ${DYNAMODB_LOCK_ACTIONS} on the table to lock and unlock.`,
      { error: r.error, diagnosis: dynamoAccessDiagnosis(ctx, "dynamodb:GetItem", arn) },
    );
    return;
  }
  failGeneric(ctx, id, r.error);
}

export function dynamoAccessDiagnosis(ctx: VerifyContext, action: string, arn: string | null): Diagnosis {
  return {
    cause: `${callerShort(ctx)} is used because ${whyIdentity(ctx)}; its policies do not allow ${action} on ${tableArn(ctx, arn)}.`,
    fix: upperFirst(
      `${[
        ...providerHint(ctx),
        `grant ${DYNAMODB_LOCK_ACTIONS} on ${tableArn(ctx, arn)} (Terraform 1.11 never calls dynamodb:DescribeTable, so it is not needed), or switch to use_lockfile = true`,
      ].join("; or ")}.`,
    ),
  };
}

function missingTableDiagnosis(ctx: VerifyContext): Diagnosis {
  return {
    cause: `The lock table is looked up in the backend's region ${ctx.settings.region} (from ${describeRegionOrigin(ctx.explanation)}); "${ctx.settings.dynamodbTable}" is not there (a table created in another region is invisible).`,
    fix: `Create the table in ${ctx.settings.region} with hash key LockID (S), fix dynamodb_table in ${backendFixTarget(ctx.explanation)}, or replace it with use_lockfile = true (dynamodb_table is deprecated in 1.11).`,
  };
}

export function failGeneric(ctx: VerifyContext, id: CheckId, error: AwsCallError): void {
  if (error.kind === "aborted") ctx.record(id, "not-checked", "Cancelled.", { error });
  else if (isCredentialError(error))
    ctx.record(id, "fail", `${error.operation} rejects the credentials (${error.awsCode}).`, {
      error,
      diagnosis: credentialDiagnosis(ctx, error),
    });
  else if (isTransport(error))
    ctx.record(id, "fail", `The endpoint did not answer ${error.operation} (${error.awsCode}).`, {
      error,
      diagnosis: transportDiagnosis(ctx, error.operation.startsWith("dynamodb") ? "dynamodb" : "s3", error),
    });
  else if (isThrottled(error)) ctx.record(id, "warn", throttledDetail(ctx, error), { error });
  else ctx.record(id, "fail", `${error.operation} failed: ${error.awsCode} (${error.message}).`, { error });
}

function upperFirst(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
