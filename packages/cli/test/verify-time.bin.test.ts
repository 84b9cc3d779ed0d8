/**
 * `--timeout` bounds the whole built `tfwhy verify` process (run as a child): dead endpoints on loopback (a port
 * that accepts and never answers, a port that refuses), a credential_process that leaves a sleeping grandchild, and
 * endpoints that answer 503 SlowDown / ThrottlingException. Measures wall time to exit and the gap between the
 * report and the exit (an SDK retry timer or a child's pipe would keep the process alive after the report).
 */
import { spawn } from "node:child_process";
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import { createServer as createNetServer, type Socket } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { LONG_RUN, recordFigures } from "../../../reliability/record.js";
import { blackHole, freePort } from "../../core/test/verify/moto.js";

const bin = fileURLToPath(new URL("../dist/bin.js", import.meta.url));
const built = existsSync(bin);
if (!built)
  console.log(
    "verify time-bound (built bin) tests skipped: packages/cli/dist/bin.js is missing (run pnpm build first)",
  );

const TIMEOUT_S = 1;
/** Margin for node start-up, loading core and the SDK, and rendering (measured ~0.5 s on 2 cores). */
const MARGIN_MS = 1500;
/** The report is the last thing written: the process must be gone right after it. */
const EXIT_AFTER_REPORT_MS = 500;
const ROUNDS = LONG_RUN ? 5 : 1;

interface Run {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
  readonly elapsed: number;
  /** ms between the last stdout chunk and the exit. */
  readonly exitAfterReport: number;
}

describe.skipIf(!built)("tfwhy verify --timeout (built bin): the whole run is bounded", { timeout: 60_000 }, () => {
  let root: string;
  let hole: Awaited<ReturnType<typeof blackHole>>;
  /** Pids of processes the credential_process tests started (killed in afterAll if a test failed to). */
  const started: number[] = [];
  const measured: { label: string; elapsed: number; bound: number; exitAfterReport: number }[] = [];
  let grandchildrenLeft = 0;

  beforeAll(async () => {
    root = mkdtempSync(join(tmpdir(), "tfwhy-time-bin-"));
    hole = await blackHole();
  });
  afterAll(async () => {
    for (const pid of started) {
      try {
        process.kill(pid, "SIGKILL");
      } catch {
        // gone, as it should be
      }
    }
    await hole?.close();
    if (root) rmSync(root, { recursive: true, force: true });
    if (measured.length > 0) {
      const worst = (f: (m: (typeof measured)[number]) => number) => Math.max(...measured.map(f));
      recordFigures("time-bounds", {
        "runs of the built CLI with --timeout 1": measured.length,
        "max wall time to exit (ms)": worst((m) => m.elapsed),
        "max of wall time minus its bound (ms, must be < 0)": worst((m) => m.elapsed - m.bound),
        "max ms from the report to the exit": worst((m) => m.exitAfterReport),
        "credential_process grandchildren left (must be 0)": grandchildrenLeft,
        // Per case: the slowest run of it (LONG_RUN repeats each case).
        ...Object.fromEntries(
          [...new Set(measured.map((m) => m.label))].map((label) => {
            const runs = measured.filter((m) => m.label === label);
            return [
              `${label}: max wall ms (bound ms), runs`,
              `${Math.max(...runs.map((m) => m.elapsed))} (${runs[0]!.bound}), ${runs.length}`,
            ];
          }),
        ),
      });
    }
  });

  function writeModule(name: string, backend: string[], home: Record<string, string> = {}): string {
    const dir = join(root, name);
    mkdirSync(join(dir, "home", ".aws"), { recursive: true });
    for (const [file, text] of Object.entries(home)) writeFileSync(join(dir, "home", file), text);
    const lines = [
      'bucket = "tfstate"',
      'key = "prod/terraform.tfstate"',
      'region = "us-east-1"',
      "use_path_style = true",
      "skip_metadata_api_check = true",
      ...backend,
    ];
    writeFileSync(
      join(dir, "main.tf"),
      `terraform {\n  backend "s3" {\n${lines.map((l) => `    ${l}`).join("\n")}\n  }\n}\n`,
    );
    return dir;
  }

  const endpoints = (e: string) => `endpoints = { s3 = "${e}", sts = "${e}", dynamodb = "${e}", iam = "${e}" }`;

  function tfwhy(
    dir: string,
    env: Record<string, string> = {},
    options: { timeoutS?: number; interruptWhen?: Promise<unknown>; signal?: NodeJS.Signals } = {},
  ): Promise<Run & { afterInterrupt: number | null }> {
    const child = spawn(
      process.execPath,
      [bin, "verify", dir, "--write-probe", "--timeout", String(options.timeoutS ?? TIMEOUT_S)],
      {
        env: {
          PATH: process.env["PATH"] ?? "/usr/bin:/bin",
          HOME: join(dir, "home"),
          AWS_EC2_METADATA_DISABLED: "true",
          CHECKPOINT_DISABLE: "1",
          ...env,
        },
        stdio: ["ignore", "pipe", "pipe"],
      },
    );
    const t0 = Date.now();
    let lastOut = t0;
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (c: Buffer) => {
      stdout += c.toString();
      lastOut = Date.now();
    });
    child.stderr.on("data", (c: Buffer) => (stderr += c.toString()));
    const guard = setTimeout(() => child.kill("SIGKILL"), 30_000);
    let interruptedAt: number | null = null;
    void options.interruptWhen?.then(() => {
      if (child.exitCode !== null) return;
      interruptedAt = Date.now();
      child.kill(options.signal ?? "SIGINT");
    });
    return new Promise((resolve) => {
      // "exit", not "close": a leftover grandchild holding the pipes must not hide that the CLI itself is gone.
      child.on("exit", (code) => {
        clearTimeout(guard);
        const end = Date.now();
        resolve({
          code,
          stdout,
          stderr,
          elapsed: end - t0,
          exitAfterReport: end - lastOut,
          afterInterrupt: interruptedAt === null ? null : end - interruptedAt,
        });
      });
    });
  }

  const KEYS = { AWS_ACCESS_KEY_ID: "AKIATIMEBIN000000001", AWS_SECRET_ACCESS_KEY: "time-bin-secret-not-real" };

  function expectBounded(label: string, run: Run, stages: number): void {
    const bound = stages * TIMEOUT_S * 1000 + MARGIN_MS;
    measured.push({ label, elapsed: run.elapsed, bound, exitAfterReport: run.exitAfterReport });
    expect(run.elapsed, `${label}: ${run.elapsed} ms`).toBeLessThanOrEqual(bound);
    expect(run.exitAfterReport, `${label}: exit ${run.exitAfterReport} ms after the report`).toBeLessThanOrEqual(
      EXIT_AFTER_REPORT_MS,
    );
    expect(run.stdout + run.stderr).not.toContain(KEYS.AWS_SECRET_ACCESS_KEY);
    // The SDK's Node-version notice is silenced without AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED in the env.
    expect(run.stderr).not.toMatch(/NodeVersionSupportWarning|Warning:/);
  }

  // Sequential stages: STS GetCallerIdentity (skip_credentials_validation makes verify go on), then S3, then
  // DynamoDB. A service that did not answer is not asked again, and no probe is sent to it, so each costs one
  // budget: 3 × --timeout. (Without skip_credentials_validation Terraform stops after STS: 1 stage.)
  for (const [label, stages, backend] of [
    ["black hole, STS only", 1, []],
    ["black hole, STS + S3 + DynamoDB", 3, ["skip_credentials_validation = true", 'dynamodb_table = "tf-locks"']],
    ["refused, STS + S3 + DynamoDB", 3, ["skip_credentials_validation = true", 'dynamodb_table = "tf-locks"']],
  ] as const) {
    it(`${label}: exits within ${stages} × --timeout + ${MARGIN_MS} ms, right after the report`, async () => {
      for (let round = 0; round < ROUNDS; round++) {
        const endpoint = label.startsWith("refused") ? `http://127.0.0.1:${await freePort()}` : hole.endpoint;
        const dir = writeModule(`${label.replace(/\W+/g, "-")}-${round}`, [...backend, endpoints(endpoint)]);
        const run = await tfwhy(dir, KEYS);
        expect(run.code, run.stderr).toBe(1);
        expect(run.stdout).toMatch(/^Verify failed: /);
        expect(run.stdout).toMatch(/did not answer/);
        expectBounded(label, run, stages);
      }
    });
  }

  it("credential_process that sleeps and leaves a sleeping grandchild: both killed at --timeout, the CLI exits in time", async () => {
    const dir = writeModule("process", [endpoints(hole.endpoint)]);
    const pids = join(dir, "pids");
    const script = join(dir, "creds.sh");
    // The helper starts a grandchild that would outlive it, records both pids, and never prints credentials.
    writeFileSync(script, `#!/bin/sh\nsleep 300 &\necho "$$ $!" > "${pids}"\nwait\n`);
    chmodSync(script, 0o755);
    writeFileSync(join(dir, "home", ".aws", "config"), `[default]\ncredential_process = ${script}\n`);
    const run = await tfwhy(dir);
    const [child, grandchild] = readFileSync(pids, "utf8").trim().split(" ").map(Number) as [number, number];
    started.push(child, grandchild);
    expect(run.stdout).toMatch(/credential_process failed/);
    expect(run.stdout).toMatch(/process:credential_process: Timeout/);
    // 1 stage: credential_process, bounded by --timeout; nothing after it runs without credentials.
    expectBounded("credential_process with a grandchild", run, 1);
    const alive = (pid: number) => {
      try {
        process.kill(pid, 0);
        // A zombie is dead but not yet reaped by its new parent; only a running process counts.
        return !/^\d+ \(.*\) Z/.test(readFileSync(`/proc/${pid}/stat`, "utf8"));
      } catch {
        return false;
      }
    };
    const deadline = Date.now() + 1000;
    while ((alive(child) || alive(grandchild)) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    grandchildrenLeft += Number(alive(grandchild));
    expect({ child: alive(child), grandchild: alive(grandchild) }).toEqual({ child: false, grandchild: false });
  });

  const cancelFigures: Partial<
    Record<"SIGINT" | "SIGTERM", { code: number | null; afterInterrupt: number; failedHeadline: boolean }[]>
  > = {};
  it.each(["SIGINT", "SIGTERM"] as const)(
    "%s while a call waits on a black hole (read-only run, --timeout 10): 'Verify cancelled', exit 130, at once",
    async (signal) => {
      const runs: { code: number | null; afterInterrupt: number; failedHeadline: boolean }[] = [];
      for (let round = 0; round < ROUNDS; round++) {
        // A black hole of its own, to send SIGINT once sts:GetCallerIdentity is connected and waiting (past start-up).
        let connected: () => void = () => undefined;
        const waiting = new Promise<void>((resolve) => (connected = resolve));
        const sockets = new Set<Socket>();
        const own = createNetServer((s) => {
          sockets.add(s);
          s.on("error", () => undefined);
          connected();
        });
        await new Promise<void>((resolve) => own.listen(0, "127.0.0.1", resolve));
        const address = own.address();
        try {
          const dir = writeModule(`cancel-${round}`, [
            endpoints(`http://127.0.0.1:${typeof address === "object" && address ? address.port : 0}`),
          ]);
          const run = await tfwhy(dir, KEYS, { timeoutS: 10, interruptWhen: waiting, signal });
          runs.push({
            code: run.code,
            afterInterrupt: run.afterInterrupt ?? -1,
            failedHeadline: /^Verify failed/m.test(run.stdout),
          });
          expect(run.code, run.stderr).toBe(130);
          expect(run.stderr).toContain("tfwhy: interrupted; removing probes…");
          expect(run.stdout.split("\n")[0]).toMatch(
            /^Verify cancelled: interrupted before every check ran \(\d+ not checked\)\./,
          );
          expect(run.stdout).not.toMatch(/^Verify failed/m);
          // Nothing was written (no probe reached a write), so nothing is claimed about probes.
          expect(run.stdout).not.toMatch(/Write probes cleaned up/);
          expect(run.afterInterrupt).not.toBeNull();
          expect(run.afterInterrupt!).toBeLessThan(1000);
          expect(run.exitAfterReport).toBeLessThanOrEqual(EXIT_AFTER_REPORT_MS);
        } finally {
          for (const s of sockets) s.destroy();
          await new Promise<void>((resolve) => own.close(() => resolve()));
        }
      }
      cancelFigures[signal] = runs;
      const all = [...(cancelFigures.SIGINT ?? []), ...(cancelFigures.SIGTERM ?? [])];
      recordFigures("cancel-exit", {
        "SIGINTs and SIGTERMs sent to the built CLI (read-only run, call pending on a black hole)": all.length,
        "runs that exited 130": all.filter((r) => r.code === 130).length,
        "max ms from the signal to exit (bound 1000)": Math.max(...all.map((r) => r.afterInterrupt)),
        "runs whose report said 'Verify failed' (must be 0)": all.filter((r) => r.failedHeadline).length,
      });
    },
  );

  describe("503 and throttling answers", () => {
    let server: Server;
    let endpoint = "";
    beforeAll(async () => {
      server = createServer((req: IncomingMessage, res: ServerResponse) => {
        const service = /Credential=[^/]+\/\d+\/[^/]+\/([^/]+)\//.exec(req.headers.authorization ?? "")?.[1] ?? "?";
        req.resume();
        if (service === "sts") {
          res.writeHead(200, { "content-type": "text/xml" });
          res.end(
            '<GetCallerIdentityResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/"><GetCallerIdentityResult><Arn>arn:aws:iam::123456789012:user/busy</Arn><UserId>AIDABUSY</UserId><Account>123456789012</Account></GetCallerIdentityResult><ResponseMetadata><RequestId>r-1</RequestId></ResponseMetadata></GetCallerIdentityResponse>',
          );
        } else if (service === "dynamodb") {
          res.writeHead(503, { "content-type": "application/x-amz-json-1.0", "x-amzn-requestid": "busy-ddb" });
          res.end(
            JSON.stringify({
              __type: "com.amazonaws.dynamodb.v20120810#ThrottlingException",
              message: "Rate of requests exceeds the allowed throughput.",
            }),
          );
        } else {
          res.writeHead(503, { "content-type": "application/xml", "x-amz-request-id": "busy-s3" });
          res.end(
            req.method === "HEAD"
              ? undefined
              : "<Error><Code>SlowDown</Code><Message>Please reduce your request rate.</Message></Error>",
          );
        }
      });
      await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
      const address = server.address();
      endpoint = `http://127.0.0.1:${typeof address === "object" && address ? address.port : 0}`;
    });
    afterAll(async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    });

    it("S3 503 SlowDown and DynamoDB 503 ThrottlingException are reported as answered, never as 'did not answer'", async () => {
      // HeadBucket has no body: its 503 has no code, so the first S3 check is a call with a body (ListObjectsV2 is
      // not first); whichever S3 call ran out of budget, the S3 lines say 503.
      const dir = writeModule("throttled", ['dynamodb_table = "tf-locks"', endpoints(endpoint)]);
      const run = await tfwhy(dir, KEYS);
      expect(run.stdout).not.toMatch(/did not answer/);
      expect(run.stdout).toMatch(/The endpoint answered 503 SlowDown to s3:\w+/);
      expect(run.stdout).toMatch(/The endpoint answered 503 ThrottlingException to dynamodb:DescribeTable/);
      expect(run.stdout).toMatch(/↳ dynamodb:DescribeTable: ThrottlingException \(HTTP 503\), request id busy-ddb/);
      // A throttled service is not asked again after its first call's retries: every other S3 check says why.
      expect(run.stdout).toMatch(
        /List workspaces[^\n]*\n\s+Not checked: the endpoint answered 503 SlowDown to s3:HeadBucket/,
      );
      // Stages: STS (answers at once here, but its bound is a budget too), S3 and DynamoDB: one budget each at most.
      expectBounded("503 SlowDown / ThrottlingException", run, 3);
    });
  });
});
