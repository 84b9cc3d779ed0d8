/** A fake AwsPort whose calls succeed with plain answers, and a fake world around a backend block (no network). */
import { createFakeWorld } from "../../src/testing.js";
import { AwsCallError, type AwsPort, type CallTarget } from "../../src/verify/index.js";

export const DIR = "/work/project";
export const KEYS = { AWS_ACCESS_KEY_ID: "AKIAUNITTEST00000001", AWS_SECRET_ACCESS_KEY: "unit-secret" };

export type Call = { readonly method: string; readonly target?: CallTarget; readonly params?: unknown };

/** A port whose calls succeed with plain answers unless `overrides` says otherwise; every call is recorded. */
export function fakePort(overrides: Partial<AwsPort> = {}): { port: AwsPort; calls: Call[] } {
  const calls: Call[] = [];
  const base: AwsPort = {
    getCallerIdentity: async () => ({
      account: "111122223333",
      arn: "arn:aws:iam::111122223333:user/unit",
      userId: "AIDAUNIT",
    }),
    assumeRole: async (_t, p) => ({
      accessKeyId: "ASIAUNITROLE00000001",
      secretAccessKey: "s",
      sessionToken: "t",
      assumedRoleArn: `${p.roleArn.replace(":iam::", ":sts::").replace(":role/", ":assumed-role/")}/${p.sessionName}`,
    }),
    assumeRoleWithWebIdentity: async () => ({
      accessKeyId: "ASIAUNITWEBID0000001",
      secretAccessKey: "s",
      sessionToken: "t",
    }),
    getRoleCredentials: async () => ({ accessKeyId: "ASIAUNITSSO000000001", secretAccessKey: "s", sessionToken: "t" }),
    processCredentials: async () => ({ accessKeyId: "AKIAUNITPROCESS00001", secretAccessKey: "s" }),
    containerCredentials: async () => ({
      accessKeyId: "ASIAUNITCONTAINER001",
      secretAccessKey: "s",
      sessionToken: "t",
    }),
    imdsCredentials: async () => ({
      accessKeyId: "ASIAUNITIMDS00000001",
      secretAccessKey: "s",
      sessionToken: "t",
      roleName: "unit-role",
    }),
    headBucket: async () => ({ region: "eu-central-1" }),
    listObjectsV2: async () => ({
      keys: ["env:/staging/prod/terraform.tfstate", "env:/dev/prod/terraform.tfstate", "env:/dev/other.tfstate"],
      truncated: false,
    }),
    headObject: async () => {
      throw new AwsCallError({ operation: "s3:HeadObject", awsCode: "NotFound", httpStatus: 404, message: "NotFound" });
    },
    getObject: async () => {
      throw new AwsCallError({
        operation: "s3:GetObject",
        awsCode: "NoSuchKey",
        httpStatus: 404,
        message: "The specified key does not exist.",
      });
    },
    getBucketPolicy: async () => null,
    getBucketVersioning: async () => ({ status: "Enabled" }),
    getBucketEncryption: async () => [{ algorithm: "AES256", kmsKeyId: null, bucketKeyEnabled: false }],
    putObject: async () => ({ versionId: null }),
    deleteObject: async () => undefined,
    putObjectAccess: async () => "allowed" as const,
    deleteObjectAccess: async () => "allowed" as const,
    putItemAccess: async () => "allowed" as const,
    deleteItemAccess: async () => "allowed" as const,
    listObjectVersions: async () => [],
    describeTable: async () => ({
      status: "ACTIVE",
      arn: "arn:aws:dynamodb:eu-central-1:111122223333:table/locks",
      keySchema: [{ name: "LockID", keyType: "HASH", attributeType: "S" }],
    }),
    getItem: async () => null,
    putLockItem: async () => undefined,
    deleteItem: async () => undefined,
    describeKey: async (_t, keyId) => ({
      keyId,
      arn: `arn:aws:kms:eu-central-1:111122223333:key/${keyId}`,
      state: "Enabled",
      keyManager: "CUSTOMER",
    }),
    generateDataKey: async () => undefined,
  };
  const port = Object.fromEntries(
    Object.entries({ ...base, ...overrides }).map(([method, fn]) => [
      method,
      (...args: unknown[]) => {
        const [first, second] = args as [unknown, unknown];
        const isTarget = typeof first === "object" && first !== null && "region" in first;
        calls.push({ method, ...(isTarget ? { target: first as CallTarget, params: second } : { params: first }) });
        return (fn as (...a: unknown[]) => unknown)(...args);
      },
    ]),
  ) as unknown as AwsPort;
  return { port, calls };
}

export function world(
  backend: string,
  env: Record<string, string> = KEYS,
  files: Record<string, string> = {},
  port = fakePort(),
) {
  const mainTf =
    `terraform {\n  backend "s3" {\n    bucket = "acme-tfstate"\n    key = "prod/terraform.tfstate"\n` +
    `${backend
      .split("\n")
      .filter(Boolean)
      .map((l) => `    ${l}`)
      .join("\n")}\n  }\n}\n`;
  return {
    world: {
      ...createFakeWorld({ cwd: DIR, env, files: { "main.tf": mainTf, ...files }, now: "2026-03-01T12:00:00.000Z" }),
      aws: port.port,
    },
    calls: port.calls,
  };
}
