/**
 * Dead and misbehaving endpoints on loopback, with the real SDK port: a port with nothing listening, a socket
 * that accepts and never answers, and a server that throttles every S3 call. Verify must finish within its
 * per-call budget with a clear check result, never hang or throw. No moto needed.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { verifyBackend } from "../../src/verify/index.js";
import { blackHole, freePort, writeModule } from "./moto.js";

const KEYS = { AWS_ACCESS_KEY_ID: "AKIAVERIFYNETWORK001", AWS_SECRET_ACCESS_KEY: "network-secret" };
const TIMEOUT = 1000;

describe("verifyBackend: dead, black-holed and throttling endpoints", { timeout: 20_000 }, () => {
  let hole: Awaited<ReturnType<typeof blackHole>>;
  beforeAll(async () => {
    hole = await blackHole();
  });
  afterAll(async () => {
    await hole?.close();
  });

  async function verify(endpoint: string, backend = "", extraEnv: Record<string, string> = {}) {
    const m = writeModule(endpoint, { backend, env: { ...KEYS, ...extraEnv } });
    const t0 = Date.now();
    try {
      const report = await verifyBackend({ dir: m.dir, timeoutMs: TIMEOUT }, m.world);
      return { report, ms: Date.now() - t0, check: (id: string) => report.checks.find((c) => c.id === id)! };
    } finally {
      m.cleanup();
    }
  }

  it("nothing listening: connection refused right away, Terraform stops at GetCallerIdentity", async () => {
    const port = await freePort();
    const o = await verify(`http://127.0.0.1:${port}`);
    // The budget is per call; loading the SDK on first use comes on top.
    expect(o.ms).toBeLessThan(TIMEOUT + 1000);
    expect(o.check("sts.caller-identity")).toMatchObject({
      status: "fail",
      awsError: { code: "NetworkError", httpStatus: null },
    });
    expect(o.check("sts.caller-identity").awsError?.message).toMatch(/ECONNREFUSED/);
    expect(o.check("sts.caller-identity").cause).toContain(
      `the custom sts endpoint http://127.0.0.1:${port} did not answer`,
    );
    expect(o.check("s3.bucket").status).toBe("not-checked");
    expect(o.report.ok).toBe(false);
    console.log(`dead port: ${o.ms} ms`);
  });

  it("a socket that accepts and never answers: one timeout, then a clear result", async () => {
    const o = await verify(hole.endpoint);
    expect(o.ms).toBeGreaterThanOrEqual(TIMEOUT - 50);
    expect(o.ms).toBeLessThan(TIMEOUT * 2);
    expect(o.check("sts.caller-identity")).toMatchObject({ status: "fail", awsError: { code: "Timeout" } });
    expect(o.check("sts.caller-identity").awsError?.message).toBe(`no answer within ${TIMEOUT} ms`);
    console.log(`black hole: ${o.ms} ms`);
  });

  it("black hole with skip_credentials_validation: each dead service costs one timeout, later calls to it are skipped", async () => {
    const o = await verify(hole.endpoint, 'skip_credentials_validation = true\ndynamodb_table = "tf-locks"');
    expect(o.check("sts.caller-identity")).toMatchObject({ status: "warn", awsError: { code: "Timeout" } });
    expect(o.check("s3.bucket")).toMatchObject({ status: "fail", awsError: { code: "Timeout" } });
    expect(o.check("s3.list-workspaces").status).toBe("not-checked");
    expect(o.check("s3.state-read").detail).toMatch(/did not answer s3:HeadBucket/);
    expect(o.check("lock.dynamodb-table")).toMatchObject({ status: "fail", awsError: { code: "Timeout" } });
    expect(o.check("lock.dynamodb-item").status).toBe("not-checked");
    // STS, S3 and DynamoDB: three budgets at most.
    expect(o.ms).toBeLessThan(TIMEOUT * 3 + 1000);
    console.log(`black hole, three services: ${o.ms} ms`);
  });

  it("IMDS that never answers times out too (and only IMDS is asked: the plan said IMDS)", async () => {
    const m = writeModule(hole.endpoint, { imdsEndpoint: hole.endpoint });
    const t0 = Date.now();
    try {
      const report = await verifyBackend({ dir: m.dir, timeoutMs: TIMEOUT }, m.world);
      const base = report.checks.find((c) => c.id === "credentials.base")!;
      expect(base).toMatchObject({ status: "fail", awsError: { operation: "imds:GetCredentials", code: "Timeout" } });
      expect(base.fix).toMatch(/profile = "…"/);
      expect(Date.now() - t0).toBeLessThan(TIMEOUT * 2);
    } finally {
      m.cleanup();
    }
  });

  describe("throttling", () => {
    let server: Server;
    let endpoint = "";
    const seen: string[] = [];
    beforeAll(async () => {
      server = createServer((req: IncomingMessage, res: ServerResponse) => {
        const service = /Credential=[^/]+\/\d+\/[^/]+\/([^/]+)\//.exec(req.headers.authorization ?? "")?.[1] ?? "?";
        seen.push(`${service} ${req.method}`);
        req.resume();
        if (service === "sts") {
          res.writeHead(200, { "content-type": "text/xml" });
          res.end(
            '<GetCallerIdentityResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/"><GetCallerIdentityResult><Arn>arn:aws:iam::123456789012:user/throttled</Arn><UserId>AIDATHROTTLED</UserId><Account>123456789012</Account></GetCallerIdentityResult><ResponseMetadata><RequestId>r-1</RequestId></ResponseMetadata></GetCallerIdentityResponse>',
          );
          return;
        }
        res.writeHead(503, { "content-type": "application/xml", "x-amz-request-id": "slow-1" });
        res.end(
          req.method === "HEAD"
            ? undefined
            : "<Error><Code>SlowDown</Code><Message>Please reduce your request rate.</Message></Error>",
        );
      });
      await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
      const address = server.address();
      endpoint = `http://127.0.0.1:${typeof address === "object" && address ? address.port : 0}`;
    });
    afterAll(async () => {
      await new Promise<void>((resolve) => server.close(() => resolve()));
    });

    it("S3 SlowDown through all max_retries attempts: a warning that says the endpoint answered 503, bounded time, no failure invented", async () => {
      seen.length = 0;
      const o = await verify(endpoint, "max_retries = 2");
      expect(o.check("sts.caller-identity").status).toBe("pass");
      const bucket = o.check("s3.bucket");
      expect(bucket).toMatchObject({ status: "warn", awsError: { code: "SlowDown", httpStatus: 503 } });
      expect(bucket.detail).toMatch(
        /^The endpoint answered 503 SlowDown to s3:HeadBucket through all 2 attempts \(throttled or busy\)/,
      );
      // A throttled service costs one call's retries, like a dead one: the other S3 checks say why they did not run.
      for (const id of ["s3.list-workspaces", "s3.state-read", "s3.bucket-policy", "s3.encryption", "s3.versioning"]) {
        expect(o.check(id)).toMatchObject({
          status: "not-checked",
          detail:
            "Not checked: the endpoint answered 503 SlowDown to s3:HeadBucket through all 2 attempts (throttled or busy).",
        });
      }
      expect(o.report.checks.some((c) => c.status === "fail")).toBe(false);
      // max_retries = 2 is passed as max attempts: each S3 call was sent at most twice.
      expect(seen.filter((s) => s.startsWith("s3 "))).toEqual(["s3 HEAD", "s3 HEAD"]);
      expect(o.ms).toBeLessThan(TIMEOUT * 8);
      console.log(`throttling: ${o.ms} ms, ${seen.length} requests`);
    });
  });
});
