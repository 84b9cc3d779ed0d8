/**
 * Test helpers for probe clean-up: a loopback HTTP proxy in front of moto that lets chosen requests land and then
 * holds their answer (so a test can interrupt or time out a write whose outcome the client does not know), and a
 * direct listing of every probe object version and probe lock item (the ground truth a report is compared with).
 */
import { createServer, type IncomingMessage, request, type Server, type ServerResponse } from "node:http";
import type { Socket } from "node:net";
import { createSdkAwsPort, type S3Target } from "../../src/verify/index.js";
import { SETUP_KEY } from "./moto.js";

/** What the proxy saw of one request. */
export interface SeenRequest {
  readonly method: string;
  readonly path: string;
  /** `x-amz-target` (DynamoDB), e.g. `DynamoDB_20120810.PutItem`. */
  readonly target: string | null;
  readonly body: string;
}

export interface SlowProxy {
  readonly endpoint: string;
  /** Requests held so far (their write landed at moto; the answer is being held back). */
  readonly held: SeenRequest[];
  /** Resolves when the next held request has landed at moto. */
  nextHeld(): Promise<SeenRequest>;
  close(): Promise<void>;
}

/**
 * Forwards everything to `upstream`. A request for which `hold` returns a number of ms is forwarded at once (the
 * write lands), and moto's answer is passed back only after that delay, if the client is still there.
 */
export async function startSlowProxy(upstream: string, hold: (r: SeenRequest) => number | null): Promise<SlowProxy> {
  const up = new URL(upstream);
  const held: SeenRequest[] = [];
  const waiters: ((r: SeenRequest) => void)[] = [];
  const timers = new Set<NodeJS.Timeout>();
  const sockets = new Set<Socket>();
  const server: Server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("error", () => undefined);
    res.on("error", () => undefined);
    req.on("end", () => {
      const body = Buffer.concat(chunks);
      const seen: SeenRequest = {
        method: req.method ?? "GET",
        path: req.url ?? "/",
        target: (req.headers["x-amz-target"] as string | undefined) ?? null,
        body: body.toString("utf8"),
      };
      const delay = hold(seen);
      const out = request(
        { host: up.hostname, port: up.port, method: req.method, path: req.url, headers: req.headers, timeout: 10_000 },
        (answer) => {
          const parts: Buffer[] = [];
          answer.on("data", (c: Buffer) => parts.push(c));
          answer.on("end", () => {
            const send = () => {
              if (res.destroyed) return;
              res.writeHead(answer.statusCode ?? 502, answer.headers);
              res.end(Buffer.concat(parts));
            };
            if (delay === null) return send();
            held.push(seen);
            waiters.shift()?.(seen);
            const timer = setTimeout(() => {
              timers.delete(timer);
              send();
            }, delay);
            timers.add(timer);
          });
        },
      );
      out.on("error", () => res.destroy());
      out.on("timeout", () => out.destroy());
      out.end(body);
    });
  });
  server.on("connection", (s: Socket) => {
    sockets.add(s);
    s.on("close", () => sockets.delete(s));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address();
  const port = typeof address === "object" && address ? address.port : 0;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    held,
    nextHeld: () => new Promise((resolve) => waiters.push(resolve)),
    close: () =>
      new Promise<void>((resolve) => {
        for (const t of timers) clearTimeout(t);
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}

/** Every probe object version or delete marker in `bucket`, and every probe item in `table`, read with the setup key. */
export async function listProbeLeftovers(endpoint: string, bucket: string, table: string | null): Promise<string[]> {
  const port = createSdkAwsPort();
  const s3: S3Target = {
    region: "us-east-1",
    endpoint,
    maxAttempts: 1,
    timeoutMs: 10_000,
    credentials: SETUP_KEY,
    forcePathStyle: true,
  };
  const versions = await port.listObjectVersions(s3, { bucket, prefix: "" });
  const left = versions
    .filter((v) => v.key.includes(".tfwhy-probe-"))
    .map((v) => `s3://${bucket}/${v.key}@${v.versionId}${v.deleteMarker ? " (delete marker)" : ""}`);
  if (table) {
    const { DynamoDBClient, ScanCommand } = await import("@aws-sdk/client-dynamodb");
    const client = new DynamoDBClient({ region: "us-east-1", endpoint, credentials: SETUP_KEY, maxAttempts: 1 });
    try {
      const out = await client.send(new ScanCommand({ TableName: table }));
      for (const item of out.Items ?? []) {
        const id = item["LockID"]?.S ?? "";
        if (id.includes(".tfwhy-probe-")) left.push(`dynamodb://${table}/${id}`);
      }
    } finally {
      client.destroy();
    }
  }
  return left;
}

/** Turns versioning on for `bucket` (moto's harness creates plain buckets). */
export async function enableVersioning(endpoint: string, bucket: string): Promise<void> {
  const { S3Client, PutBucketVersioningCommand } = await import("@aws-sdk/client-s3");
  const client = new S3Client({
    region: "us-east-1",
    endpoint,
    credentials: SETUP_KEY,
    forcePathStyle: true,
    maxAttempts: 1,
  });
  try {
    await client.send(
      new PutBucketVersioningCommand({ Bucket: bucket, VersioningConfiguration: { Status: "Enabled" } }),
    );
  } finally {
    client.destroy();
  }
}
