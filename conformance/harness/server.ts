/**
 * Starts and drives moto_server.py (moto + SSO/IMDS/container stubs) on loopback. One server per concurrent
 * scenario: scenarios reset server state, so a server is lent to one scenario at a time (ServerPool).
 */
import { type ChildProcess, spawn } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, statSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import type { MotoSetup, RequestRecord } from "./types.js";

const SERVER_SCRIPT = join(dirname(fileURLToPath(import.meta.url)), "moto_server.py");

/** A free TCP port on 127.0.0.1 (closed again before moto binds it; fine for tests). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.unref();
    srv.on("error", reject);
    srv.listen(0, "127.0.0.1", () => {
      const address = srv.address();
      const port = typeof address === "object" && address ? address.port : 0;
      srv.close(() => resolve(port));
    });
  });
}

/** A moto_server.py process listening on 127.0.0.1, with its request log and the tail of its stderr. */
export interface MotoProcess {
  readonly port: number;
  readonly endpoint: string;
  readonly logPath: string;
  readonly child: ChildProcess;
  readonly stderr: string[];
  /** Its temp directory (HOME and the request log). */
  readonly dir: string;
}

/**
 * Spawns a moto_server.py-style script (`--port`, `--log`) on a free loopback port with a scrubbed environment and
 * waits until `GET /moto-api/` answers. Shared by the conformance suite and verify's moto tests.
 */
export async function spawnMotoServer(options: {
  readonly script: string;
  readonly tmpPrefix: string;
  readonly timeoutMs: number;
}): Promise<MotoProcess> {
  const port = await freePort();
  const dir = mkdtempSync(join(tmpdir(), options.tmpPrefix));
  const logPath = join(dir, "requests.jsonl");
  const child = spawn("python3", [options.script, "--port", String(port), "--log", logPath], {
    stdio: ["ignore", "ignore", "pipe"],
    env: { PATH: process.env["PATH"] ?? "/usr/bin:/bin", HOME: dir, PYTHONUNBUFFERED: "1" },
  });
  const stderr: string[] = [];
  child.stderr?.on("data", (chunk: Buffer) => {
    stderr.push(chunk.toString());
    if (stderr.length > 200) stderr.splice(0, 100);
  });
  const endpoint = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + options.timeoutMs;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`${options.script} exited: ${stderr.join("")}`);
    try {
      if ((await fetch(`${endpoint}/moto-api/`)).ok) return { port, endpoint, logPath, child, stderr, dir };
    } catch {
      // not up yet
    }
    if (Date.now() > deadline) {
      child.kill();
      throw new Error(`${options.script} did not answer on ${endpoint}: ${stderr.join("")}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
}

export class TestServer {
  private constructor(
    readonly port: number,
    readonly logPath: string,
    private readonly child: ChildProcess,
    private readonly stderr: string[],
    private readonly dir: string,
  ) {}

  get endpoint(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  /** Spawns the server and waits until `GET /moto-api/` answers (30 s at most). */
  static async start(): Promise<TestServer> {
    const p = await spawnMotoServer({ script: SERVER_SCRIPT, tmpPrefix: "tfwhy-moto-", timeoutMs: 30_000 });
    process.once("exit", () => p.child.kill("SIGKILL")); // never leave a server behind if the run is interrupted
    return new TestServer(p.port, p.logPath, p.child, p.stderr, p.dir);
  }

  private async post(path: string, body: unknown): Promise<void> {
    const res = await fetch(`${this.endpoint}${path}`, { method: "POST", body: JSON.stringify(body) });
    if (!res.ok) throw new Error(`${path} failed: ${res.status} ${await res.text()}`);
  }

  /** Wipes moto and stub state, switches IAM enforcement off. */
  reset(): Promise<void> {
    return this.post("/_harness/reset", {});
  }

  /** Creates buckets/tables/users/roles and configures the stubs (moto_server.py `setup`). */
  setup(spec: MotoSetup): Promise<void> {
    const buckets = [...(spec.noDefaultBucket ? [] : [{ name: "tfstate" }]), ...(spec.buckets ?? [])];
    return this.post("/_harness/setup", { ...spec, buckets });
  }

  /** Current size of the request log, to read only what a command caused. */
  logOffset(): number {
    return statSync(this.logPath).size;
  }

  requestsSince(offset: number): RequestRecord[] {
    const text = readFileSync(this.logPath).subarray(offset).toString("utf8");
    return text
      .split("\n")
      .filter((l) => l.trim() !== "")
      .map((l) => JSON.parse(l) as RequestRecord);
  }

  /** Stops the server (by its own pid) and removes its log dir. */
  async stop(): Promise<void> {
    if (this.child.exitCode === null) {
      await new Promise<void>((resolve) => {
        this.child.once("exit", () => resolve());
        this.child.kill("SIGTERM");
        setTimeout(() => this.child.kill("SIGKILL"), 3000).unref();
      });
    }
    rmSync(this.dir, { recursive: true, force: true });
  }

  /** The server's recent stderr (for failures). */
  recentStderr(): string {
    return this.stderr.join("").slice(-2000);
  }
}

/** N servers lent out one scenario at a time; bounds concurrency to N. */
export class ServerPool {
  private readonly idle: TestServer[] = [];
  private readonly waiting: ((s: TestServer) => void)[] = [];

  private constructor(private readonly all: TestServer[]) {
    this.idle.push(...all);
  }

  static async start(size: number): Promise<ServerPool> {
    const servers = await Promise.all(Array.from({ length: size }, () => TestServer.start()));
    return new ServerPool(servers);
  }

  async with<T>(fn: (server: TestServer) => Promise<T>): Promise<T> {
    const server = this.idle.pop() ?? (await new Promise<TestServer>((resolve) => this.waiting.push(resolve)));
    try {
      return await fn(server);
    } finally {
      const next = this.waiting.shift();
      if (next) next(server);
      else this.idle.push(server);
    }
  }

  async stop(): Promise<void> {
    await Promise.all(this.all.map((s) => s.stop()));
  }
}
