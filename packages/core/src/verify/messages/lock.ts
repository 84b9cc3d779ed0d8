/**
 * The English of the DynamoDB lock checks (lock.dynamodb-table, lock.dynamodb-item) and of the failures any
 * DynamoDB or KMS check shares: details, causes and fixes, from plain values.
 */
import type { Diagnosis } from "../report.js";

export const DYNAMODB_LOCK_ACTIONS = "dynamodb:GetItem, dynamodb:PutItem and dynamodb:DeleteItem";

export const DESCRIBE_TABLE_NOTE =
  "Terraform itself never calls dynamodb:DescribeTable; verify uses it only to check the key schema.";

export function tableFound(table: string, region: string, status: string, schema: string): string {
  return `Table "${table}" exists in ${region} (${status}); key schema: ${schema}. ${DESCRIBE_TABLE_NOTE}`;
}

export function wrongKeySchemaDiagnosis(schema: string): Diagnosis {
  return {
    cause:
      "Terraform's lock items have only a string hash key named LockID; this table's key is " +
      `${schema}, so every PutItem fails with a ValidationException.`,
    fix:
      "Create the table with hash key LockID of type S and no sort key, and point dynamodb_table at it " +
      "(or switch to use_lockfile = true).",
  };
}

export function tableMissing(table: string, region: string, endpoint: string | undefined): string {
  return `Table "${table}" does not exist in ${region}${endpoint ? ` at ${endpoint}` : ""}. ${DESCRIBE_TABLE_NOTE}`;
}

export const DESCRIBE_TABLE_DENIED =
  `Not checked: dynamodb:DescribeTable is denied. That is fine: ${DESCRIBE_TABLE_NOTE} Do not grant it for ` +
  "Terraform's sake; the lock item check below tells whether the table is usable.";

export function tableMissingSkip(table: string): string {
  return `Not checked: table "${table}" does not exist.`;
}

export function noLockItem(lockId: string, table: string): string {
  return `No lock item "${lockId}" in "${table}": the state is not locked.`;
}

export function lockItemHeld(lockId: string, lock: string): string {
  return (
    `Lock item "${lockId}" exists: the state is locked, ${lock}. Every plan/apply fails with ` +
    '"Error acquiring the state lock" (ConditionalCheckFailedException) until it is released.'
  );
}

export function getItemTableMissing(table: string, region: string): string {
  return `GetItem says table "${table}" does not exist in ${region}.`;
}

export function getItemDenied(table: string): string {
  return (
    `dynamodb:GetItem on "${table}" is denied; ` +
    `Terraform needs ${DYNAMODB_LOCK_ACTIONS} on the table to lock and unlock.`
  );
}

export function dynamoAccessDiagnosis(p: {
  readonly caller: string;
  readonly why: string;
  readonly action: string;
  readonly tableArn: string;
  readonly providerHints: readonly string[];
}): Diagnosis {
  const grant =
    `grant ${DYNAMODB_LOCK_ACTIONS} on ${p.tableArn} (Terraform 1.11 never calls dynamodb:DescribeTable, so it ` +
    "is not needed), or switch to use_lockfile = true";
  return {
    cause: `${p.caller} is used because ${p.why}; its policies do not allow ${p.action} on ${p.tableArn}.`,
    fix: upperFirst(`${[...p.providerHints, grant].join("; or ")}.`),
  };
}

export function missingTableDiagnosis(p: {
  readonly region: string;
  readonly regionOrigin: string;
  readonly table: string | null;
  readonly fixTarget: string;
}): Diagnosis {
  return {
    cause:
      `The lock table is looked up in the backend's region ${p.region} (from ${p.regionOrigin}); ` +
      `"${p.table}" is not there (a table created in another region is invisible).`,
    fix:
      `Create the table in ${p.region} with hash key LockID (S), fix dynamodb_table in ${p.fixTarget}, or ` +
      "replace it with use_lockfile = true (dynamodb_table is deprecated in 1.11).",
  };
}

// ── Failures any check shares ──────────────────────────────────────────────────────────────────────────────────

export const CANCELLED = "Cancelled.";

export function rejectsCredentials(operation: string, awsCode: string): string {
  return `${operation} rejects the credentials (${awsCode}).`;
}

export function didNotAnswer(operation: string, awsCode: string): string {
  return `The endpoint did not answer ${operation} (${awsCode}).`;
}

export function callFailed(operation: string, awsCode: string, message: string): string {
  return `${operation} failed: ${awsCode} (${message}).`;
}

function upperFirst(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
