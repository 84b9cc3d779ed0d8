import { describe, expect, it } from "vitest";
import {
  AwsCallError,
  type AwsCredentials,
  type AwsPort,
  createDedupingAwsPort,
  type S3Target,
  type SignedTarget,
} from "../../src/verify/index.js";

const ALICE = {
  accessKeyId: "AKIAALICE00000000001",
  secretAccessKey: "alice-secret-value",
  sessionToken: "alice-session-token",
};
const BOB = { accessKeyId: "AKIABOB0000000000002", secretAccessKey: "bob-secret-value" };
const SECRETS = [
  ALICE.secretAccessKey,
  ALICE.sessionToken,
  BOB.secretAccessKey,
  "web-identity-jwt",
  "sso-access-token",
  "c3NlLWMta2V5",
  "container-auth-token",
  "print-creds --token hunter2",
];

const sts = (credentials: AwsCredentials = ALICE, region = "eu-west-1"): SignedTarget => ({
  region,
  maxAttempts: 5,
  timeoutMs: 5000,
  credentials,
});
const s3 = (credentials: AwsCredentials = ALICE, region = "eu-west-1", endpoint?: string): S3Target => ({
  ...sts(credentials, region),
  forcePathStyle: false,
  ...(endpoint ? { endpoint } : {}),
});

/** An AwsPort whose every method records its call and answers from `answer` (which may return a pending promise). */
function fakePort(answer: (operation: string, args: unknown[]) => unknown = () => null) {
  const calls: string[] = [];
  const port = new Proxy({} as AwsPort, {
    get:
      (_t, name: string) =>
      async (...args: unknown[]) => {
        calls.push(name);
        return answer(name, args);
      },
  });
  return { port, calls };
}

function deferred<T>() {
  let resolve!: (value: T) => void;
  const promise = new Promise<T>((r) => (resolve = r));
  return { promise, resolve };
}

describe("createDedupingAwsPort", () => {
  it("makes identical read-only calls once and counts what it saved", async () => {
    const { port, calls } = fakePort((op) =>
      op === "getCallerIdentity" ? { account: "1", arn: "arn:aws:iam::1:user/alice", userId: "A" } : null,
    );
    const aws = createDedupingAwsPort(port);
    for (let i = 0; i < 5; i++) {
      expect(await aws.getCallerIdentity(sts())).toEqual({
        account: "1",
        arn: "arn:aws:iam::1:user/alice",
        userId: "A",
      });
      await aws.getBucketPolicy(s3(), "state");
      await aws.getBucketVersioning(s3(), "state");
      await aws.getBucketEncryption(s3(), "state");
      await aws.headBucket(s3(), "state");
      await aws.listObjectsV2(s3(), { bucket: "state", prefix: "env:/" });
      await aws.describeTable(sts(), "locks");
      await aws.describeKey(sts(), "alias/state");
    }
    expect(calls).toEqual([
      "getCallerIdentity",
      "getBucketPolicy",
      "getBucketVersioning",
      "getBucketEncryption",
      "headBucket",
      "listObjectsV2",
      "describeTable",
      "describeKey",
    ]);
    const stats = aws.stats();
    expect(stats).toMatchObject({ innerCalls: 8, dedupedCalls: 32 });
    expect(stats.byOperation["s3:GetBucketPolicy"]).toEqual({ innerCalls: 1, dedupedCalls: 4 });
  });

  it(
    "ignores the budget and the signal: maxAttempts, timeoutMs " + "and AbortSignal are not part of a call's identity",
    async () => {
      const { port, calls } = fakePort();
      const aws = createDedupingAwsPort(port);
      await aws.getBucketPolicy(s3(), "state");
      await aws.getBucketPolicy(
        { ...s3(), maxAttempts: 1, timeoutMs: 100, signal: new AbortController().signal },
        "state",
      );
      expect(calls).toHaveLength(1);
    },
  );

  it("shares one in-flight promise between concurrent identical calls", async () => {
    const gate = deferred<string | null>();
    const { port, calls } = fakePort(() => gate.promise);
    const aws = createDedupingAwsPort(port);
    const all = Promise.all([1, 2, 3, 4].map(() => aws.getBucketPolicy(s3(), "state")));
    await Promise.resolve();
    expect(calls).toEqual(["getBucketPolicy"]);
    gate.resolve('{"Statement":[]}');
    expect(await all).toEqual(Array(4).fill('{"Statement":[]}'));
    expect(aws.stats().dedupedCalls).toBe(3);
  });

  it.each<[string, (aws: AwsPort) => Promise<unknown>]>([
    ["other credentials", (aws) => aws.getBucketPolicy(s3(BOB), "state")],
    [
      "another session token for the same key id",
      (aws) => aws.getBucketPolicy(s3({ ...ALICE, sessionToken: "other" }), "state"),
    ],
    [
      "another secret for the same key id",
      (aws) => aws.getBucketPolicy(s3({ ...ALICE, secretAccessKey: "wrong" }), "state"),
    ],
    ["another bucket", (aws) => aws.getBucketPolicy(s3(), "other-state")],
    ["another region", (aws) => aws.getBucketPolicy(s3(ALICE, "us-east-1"), "state")],
    ["another endpoint", (aws) => aws.getBucketPolicy(s3(ALICE, "eu-west-1", "http://127.0.0.1:9000"), "state")],
    ["path style", (aws) => aws.getBucketPolicy({ ...s3(), forcePathStyle: true }, "state")],
  ])("makes the call again for %s", async (_name, other) => {
    const { port, calls } = fakePort();
    const aws = createDedupingAwsPort(port);
    await aws.getBucketPolicy(s3(), "state");
    await other(aws);
    expect(calls).toEqual(["getBucketPolicy", "getBucketPolicy"]);
    expect(aws.stats().dedupedCalls).toBe(0);
  });

  it("shares errors: a denied GetBucketPolicy is denied for every module with that identity", async () => {
    const denied = new AwsCallError({
      operation: "s3:GetBucketPolicy",
      awsCode: "AccessDenied",
      httpStatus: 403,
      message: "Access Denied",
    });
    const { port, calls } = fakePort(() => Promise.reject(denied));
    const aws = createDedupingAwsPort(port);
    await expect(aws.getBucketPolicy(s3(), "state")).rejects.toBe(denied);
    await expect(aws.getBucketPolicy(s3(), "state")).rejects.toBe(denied);
    expect(calls).toHaveLength(1);
    expect(aws.stats().dedupedCalls).toBe(1);
  });

  it("forgets a cancelled call, and repeats it for a caller that was not cancelled", async () => {
    const aborted = new AwsCallError({
      operation: "sts:GetCallerIdentity",
      awsCode: "Aborted",
      kind: "aborted",
      message: "cancelled",
    });
    let n = 0;
    const { port, calls } = fakePort(() =>
      n++ === 0 ? Promise.reject(aborted) : { account: "1", arn: "a", userId: "u" },
    );
    const aws = createDedupingAwsPort(port);
    const cancelled = new AbortController();
    cancelled.abort();
    const first = aws.getCallerIdentity({ ...sts(), signal: cancelled.signal });
    const second = aws.getCallerIdentity(sts());
    await expect(first).rejects.toBe(aborted);
    await expect(second).resolves.toEqual({ account: "1", arn: "a", userId: "u" });
    await aws.getCallerIdentity(sts());
    expect(calls).toHaveLength(2);
    expect(aws.stats().dedupedCalls).toBe(1);
  });

  it("never shares mutating calls or GenerateDataKey", async () => {
    const { port, calls } = fakePort((op) => (op === "putObject" ? { versionId: null } : undefined));
    const aws = createDedupingAwsPort(port);
    const put = { bucket: "state", key: "a.tfwhy-probe-1", body: "{}", checksumSha256: true } as const;
    for (let i = 0; i < 2; i++) {
      await aws.putObject(s3(), put);
      await aws.deleteObject(s3(), { bucket: "state", key: put.key });
      await aws.putLockItem(sts(), { table: "locks", lockId: "state/a.tfwhy-probe-1", info: "{}" });
      await aws.deleteItem(sts(), { table: "locks", lockId: "state/a.tfwhy-probe-1" });
      await aws.generateDataKey(sts(), "alias/state");
    }
    expect(calls).toEqual([
      "putObject",
      "deleteObject",
      "putLockItem",
      "deleteItem",
      "generateDataKey",
      "putObject",
      "deleteObject",
      "putLockItem",
      "deleteItem",
      "generateDataKey",
    ]);
    expect(aws.stats()).toMatchObject({ innerCalls: 10, dedupedCalls: 0 });
    expect(aws.cacheKeys()).toEqual([]);
  });

  it("shares object and item reads only for the very same key, and a write to that key forgets them", async () => {
    const { port, calls } = fakePort((op) =>
      op === "putObject"
        ? { versionId: null }
        : op === "headObject"
          ? { contentLength: 1, lastModified: null, serverSideEncryption: null, kmsKeyId: null }
          : null,
    );
    const aws = createDedupingAwsPort(port);
    await aws.headObject(s3(), { bucket: "state", key: "a/terraform.tfstate" });
    await aws.headObject(s3(), { bucket: "state", key: "b/terraform.tfstate" });
    await aws.headObject(s3(), { bucket: "state", key: "a/terraform.tfstate" });
    await aws.getItem(sts(), { table: "locks", lockId: "state/a/terraform.tfstate" });
    await aws.getItem(sts(), { table: "locks", lockId: "state/b/terraform.tfstate" });
    expect(calls).toEqual(["headObject", "headObject", "getItem", "getItem"]);

    await aws.getObject(s3(), { bucket: "state", key: "a.tflock" });
    await aws.putObject(s3(), { bucket: "state", key: "a.tflock", body: "{}", checksumSha256: true });
    await aws.getObject(s3(), { bucket: "state", key: "a.tflock" });
    await aws.putLockItem(sts(), { table: "locks", lockId: "state/a/terraform.tfstate", info: "{}" });
    await aws.getItem(sts(), { table: "locks", lockId: "state/a/terraform.tfstate" });
    expect(calls.slice(4)).toEqual(["getObject", "putObject", "getObject", "putLockItem", "getItem"]);
  });

  it("treats the Go SDK's generated session names as the same AssumeRole, named ones as different", async () => {
    const { port, calls } = fakePort(() => ({ accessKeyId: "ASIA", secretAccessKey: "s", sessionToken: "t" }));
    const aws = createDedupingAwsPort(port);
    const role = "arn:aws:iam::1:role/terraform";
    await aws.assumeRole(sts(), { roleArn: role, sessionName: "aws-go-sdk-1767225600000000000" });
    await aws.assumeRole(sts(), { roleArn: role, sessionName: "aws-go-sdk-1767225600123000000" });
    await aws.assumeRole(sts(), { roleArn: role, sessionName: "ci" });
    await aws.assumeRole(sts(BOB), { roleArn: role, sessionName: "ci" });
    await aws.assumeRoleWithWebIdentity(
      { region: "us-east-1", maxAttempts: 5, timeoutMs: 5000 },
      { roleArn: role, sessionName: "1767225600000000000", webIdentityToken: "web-identity-jwt" },
    );
    await aws.assumeRoleWithWebIdentity(
      { region: "us-east-1", maxAttempts: 5, timeoutMs: 5000 },
      { roleArn: role, sessionName: "1767225600999000000", webIdentityToken: "web-identity-jwt" },
    );
    expect(calls).toEqual(["assumeRole", "assumeRole", "assumeRole", "assumeRoleWithWebIdentity"]);
  });

  it("shares credential-source calls with identical inputs", async () => {
    const { port, calls } = fakePort(() => ({ accessKeyId: "AKIA", secretAccessKey: "s", roleName: "r" }));
    const aws = createDedupingAwsPort(port);
    for (const timeoutMs of [1000, 2000]) {
      await aws.processCredentials({ command: "print-creds --token hunter2", timeoutMs });
      await aws.containerCredentials({
        url: "http://169.254.170.2/v2/credentials/x",
        authorizationToken: "container-auth-token",
        timeoutMs,
      });
      await aws.imdsCredentials({ endpoint: "http://169.254.169.254", timeoutMs });
      await aws.getRoleCredentials(
        { region: "eu-west-1", maxAttempts: 5, timeoutMs },
        { accessToken: "sso-access-token", accountId: "1", roleName: "admin" },
      );
    }
    await aws.processCredentials({ command: "print-creds --token other", timeoutMs: 1000 });
    expect(calls).toEqual([
      "processCredentials",
      "containerCredentials",
      "imdsCredentials",
      "getRoleCredentials",
      "processCredentials",
    ]);
  });

  it("never puts a secret in a cache key", async () => {
    const { port } = fakePort(() => ({ accessKeyId: "AKIA", secretAccessKey: "s", roleName: "r" }));
    const aws = createDedupingAwsPort(port);
    await aws.getCallerIdentity(sts());
    await aws.getCallerIdentity(sts(BOB));
    await aws.headObject(s3(), {
      bucket: "state",
      key: "k",
      sse: { kind: "sse-c", customerKeyBase64: "c3NlLWMta2V5" },
    });
    await aws.assumeRoleWithWebIdentity(
      { region: "us-east-1", maxAttempts: 5, timeoutMs: 5000 },
      { roleArn: "arn:aws:iam::1:role/r", sessionName: "s", webIdentityToken: "web-identity-jwt" },
    );
    await aws.getRoleCredentials(
      { region: "eu-west-1", maxAttempts: 5, timeoutMs: 1 },
      { accessToken: "sso-access-token", accountId: "1", roleName: "admin" },
    );
    await aws.containerCredentials({
      url: "http://169.254.170.2/x",
      authorizationToken: "container-auth-token",
      timeoutMs: 1,
    });
    await aws.processCredentials({ command: "print-creds --token hunter2", timeoutMs: 1 });
    const keys = aws.cacheKeys();
    expect(keys).toHaveLength(7);
    for (const key of keys) for (const secret of SECRETS) expect(key).not.toContain(secret);
    // The identity is there, as a digest: two keys with the same operation differ only by it.
    const [alice, bob] = keys.filter((k) => k.startsWith("sts:GetCallerIdentity|"));
    expect(alice).toMatch(/\|sha256:[0-9a-f]{64}\|/);
    expect(alice).not.toBe(bob);
    expect(alice).not.toContain(ALICE.accessKeyId);
  });
});
