/** DynamoDB: the lock table (Terraform's lockWithDynamoDB and friends). */
import type { AccessAnswer, AwsPort, SignedTarget } from "../aws-port.js";
import type { Seen } from "./budget.js";
import { baseConfig, creds, runSdkCall as run } from "./client.js";
import { errorName } from "./errors.js";
import { load } from "./load.js";

const dynamodb = (target: SignedTarget) => async (seen: Seen) => {
  const { DynamoDBClient } = await load.dynamodb();
  return new DynamoDBClient({
    ...(await baseConfig(target, seen)),
    credentials: creds(target.credentials),
    accountIdEndpointMode: "disabled",
  });
};

/** A condition that never holds: DynamoDB authorises the request, then refuses it without writing. */
const NEVER = "attribute_exists(LockID) AND attribute_not_exists(LockID)";

async function conditionNeverHolds(send: () => Promise<unknown>): Promise<AccessAnswer> {
  try {
    await send();
    return "written";
  } catch (e) {
    if (errorName(e) === "ConditionalCheckFailedException") return "allowed";
    throw e;
  }
}

export function dynamoDbCalls(): Pick<
  AwsPort,
  "describeTable" | "getItem" | "putLockItem" | "deleteItem" | "putItemAccess" | "deleteItemAccess"
> {
  return {
    putItemAccess: (target, p) =>
      run("dynamodb:PutItem", target, dynamodb(target), async (client, abortSignal) => {
        const { PutItemCommand } = await load.dynamodb();
        const command = new PutItemCommand({
          TableName: p.table,
          Item: { LockID: { S: p.lockId } },
          ConditionExpression: NEVER,
        });
        return conditionNeverHolds(() => client.send(command, { abortSignal }));
      }),
    deleteItemAccess: (target, p) =>
      run("dynamodb:DeleteItem", target, dynamodb(target), async (client, abortSignal) => {
        const { DeleteItemCommand } = await load.dynamodb();
        const command = new DeleteItemCommand({
          TableName: p.table,
          Key: { LockID: { S: p.lockId } },
          ConditionExpression: NEVER,
        });
        return conditionNeverHolds(() => client.send(command, { abortSignal }));
      }),
    describeTable: (target, table) =>
      run("dynamodb:DescribeTable", target, dynamodb(target), async (client, abortSignal) => {
        const { DescribeTableCommand } = await load.dynamodb();
        const out = await client.send(new DescribeTableCommand({ TableName: table }), { abortSignal });
        const t = out.Table;
        const types = new Map((t?.AttributeDefinitions ?? []).map((a) => [a.AttributeName, a.AttributeType ?? null]));
        return {
          status: t?.TableStatus ?? "UNKNOWN",
          arn: t?.TableArn ?? null,
          keySchema: (t?.KeySchema ?? []).map((k) => ({
            name: k.AttributeName ?? "",
            keyType: k.KeyType === "RANGE" ? "RANGE" : "HASH",
            attributeType: types.get(k.AttributeName) ?? null,
          })),
        };
      }),

    getItem: (target, p) =>
      run("dynamodb:GetItem", target, dynamodb(target), async (client, abortSignal) => {
        const { GetItemCommand } = await load.dynamodb();
        // Terraform reads lock items with ConsistentRead (client.go getLockInfoWithDynamoDB).
        const out = await client.send(
          new GetItemCommand({ TableName: p.table, Key: { LockID: { S: p.lockId } }, ConsistentRead: true }),
          { abortSignal },
        );
        if (!out.Item) return null;
        const item: Record<string, string> = {};
        for (const [name, value] of Object.entries(out.Item)) if (typeof value.S === "string") item[name] = value.S;
        return item;
      }),

    putLockItem: (target, p) =>
      run("dynamodb:PutItem", target, dynamodb(target), async (client, abortSignal) => {
        const { PutItemCommand } = await load.dynamodb();
        // Same request as Terraform's lockWithDynamoDB: attribute_not_exists(LockID).
        await client.send(
          new PutItemCommand({
            TableName: p.table,
            Item: { LockID: { S: p.lockId }, Info: { S: p.info } },
            ConditionExpression: "attribute_not_exists(LockID)",
          }),
          { abortSignal },
        );
      }),

    deleteItem: (target, p) =>
      run("dynamodb:DeleteItem", target, dynamodb(target), async (client, abortSignal) => {
        const { DeleteItemCommand } = await load.dynamodb();
        await client.send(new DeleteItemCommand({ TableName: p.table, Key: { LockID: { S: p.lockId } } }), {
          abortSignal,
        });
      }),
  };
}
