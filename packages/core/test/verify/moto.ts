/**
 * Test helper: moto on loopback, through conformance/harness/moto_server.py (read-only reuse). That wrapper
 * patches moto's SigV4 re-signing bug (moto checks the signature against a percent-DECODED URL, so with IAM
 * enforcement on every request with `:` or `/` in its query, such as Terraform's `prefix=env%3A%2F`, would fail
 * with SignatureDoesNotMatch), reshapes moto's auth error bodies the way AWS sends them, answers 301 with
 * x-amz-bucket-region for buckets created in another region, stubs the SSO portal, and logs every request
 * (access key id, operation, status) as one JSON line. Observed with moto 5.2.1.
 */
import { type ChildProcess, spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { createServer, type Server, type Socket } from "node:net";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { freePort, spawnMotoServer } from "../../../../conformance/harness/server.js";
import { createNodeWorld } from "../../src/world/node-world.js";
import type { World } from "../../src/world/world.js";

const HERE = dirname(fileURLToPath(import.meta.url));
const HARNESS_SCRIPT = join(HERE, "../../../../conformance/harness/moto_server.py");
/** The harness plus KMS error reshaping (moto_server_kms.py imports the harness unchanged). */
const SERVER_SCRIPT = join(HERE, "moto_server_kms.py");

/** Core's real AWS port, for tests outside core that seed moto (it is not part of @tfwhy/core's public API). */
export { createSdkAwsPort } from "../../src/verify/index.js";
export { freePort };
export const ACCOUNT = "123456789012";
/** The key the harness uses for its own setup calls; its requests are not logged. */
export const SETUP_KEY = { accessKeyId: "AKIAHARNESSSETUP0000", secretAccessKey: "harness-secret" };
export const SECRET = "harness-secret";

/** Why the moto tests cannot run here, or null. */
export function motoMissing(): string | null {
  const r = spawnSync("python3", ["-c", "import moto, werkzeug, boto3"], { encoding: "utf8" });
  if (r.error || r.status !== 0) return "python3 with moto[server] 5.2.1 and boto3 is not available";
  try {
    statSync(HARNESS_SCRIPT);
  } catch {
    return `${HARNESS_SCRIPT} is missing`;
  }
  return null;
}

export interface RequestRecord {
  readonly keyId: string | null;
  readonly service: string | null;
  readonly region?: string | null;
  readonly operation: string;
  readonly method?: string;
  readonly path?: string;
  readonly status: number;
  readonly roleArn?: string;
  readonly issuedKeyId?: string;
  readonly error?: string;
}

export interface UserSpec {
  readonly name: string;
  readonly accessKeyId: string;
  readonly secretAccessKey?: string;
  readonly policy?: unknown;
}

export interface SetupSpec {
  readonly buckets?: readonly { readonly name: string; readonly region?: string }[];
  readonly tables?: readonly string[];
  readonly users?: readonly UserSpec[];
  readonly roles?: readonly { readonly name: string; readonly trust?: unknown; readonly policy?: unknown }[];
  readonly ssoTokens?: Readonly<Record<string, string>>;
}

export class Moto {
  private constructor(
    readonly port: number,
    readonly logPath: string,
    private readonly child: ChildProcess,
    private readonly stderr: string[],
  ) {}

  get endpoint(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  static async start(): Promise<Moto> {
    const p = await spawnMotoServer({ script: SERVER_SCRIPT, tmpPrefix: "tfwhy-verify-moto-", timeoutMs: 15_000 });
    return new Moto(p.port, p.logPath, p.child, p.stderr);
  }

  private async post(path: string, body: string): Promise<void> {
    const res = await fetch(`${this.endpoint}${path}`, { method: "POST", body });
    if (!res.ok) throw new Error(`${path}: ${res.status} ${await res.text()}\n${this.stderr.join("").slice(-2000)}`);
  }

  /** Wipes all state; IAM enforcement off. */
  reset(): Promise<void> {
    return this.post("/_harness/reset", "{}");
  }

  /** Creates buckets, tables, users (with inline policies and fixed key ids), roles, SSO tokens. */
  setup(spec: SetupSpec): Promise<void> {
    return this.post("/_harness/setup", JSON.stringify(spec));
  }

  /** Switches IAM enforcement on from the next request (moto: POST /moto-api/reset-auth with body 0). */
  enforce(): Promise<void> {
    return this.post("/moto-api/reset-auth", "0");
  }

  /** Switches IAM enforcement off again (`inf`), e.g. to inspect state with the setup key afterwards. */
  relax(): Promise<void> {
    return this.post("/moto-api/reset-auth", "inf");
  }

  logOffset(): number {
    return statSync(this.logPath).size;
  }

  requestsSince(offset: number): RequestRecord[] {
    return readFileSync(this.logPath)
      .subarray(offset)
      .toString("utf8")
      .split("\n")
      .filter((l) => l.trim() !== "")
      .map((l) => JSON.parse(l) as RequestRecord);
  }

  async stop(): Promise<void> {
    if (this.child.exitCode !== null) return;
    await new Promise<void>((resolve) => {
      this.child.once("exit", () => resolve());
      this.child.kill("SIGTERM");
      setTimeout(() => this.child.kill("SIGKILL"), 3000).unref();
    });
  }
}

/** A policy document allowing `actions` on `*`. moto 5.2.1 checks DynamoDB actions against `*` only. */
export function allow(...actions: string[]): unknown {
  return { Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: actions, Resource: "*" }] };
}

export interface ModuleSpec {
  /** Extra attribute lines for the backend block (the defaults: bucket, key, region, endpoints, path style). */
  readonly backend?: string;
  /** Replaces the default `bucket`/`key`/`region` lines when given. */
  readonly bucket?: string;
  readonly key?: string;
  readonly region?: string | null;
  /** Extra top-level HCL (e.g. a provider block). */
  readonly extraHcl?: string;
  /** `-backend-config` files: name → content (relative to the module dir). */
  readonly backendConfigFiles?: Readonly<Record<string, string>>;
  /** Files under the temp HOME: `.aws/credentials` → content. */
  readonly home?: Readonly<Record<string, string>>;
  readonly env?: Readonly<Record<string, string>>;
  /** Env vars whose values are paths relative to the temp HOME (made absolute). */
  readonly envFromHome?: Readonly<Record<string, string>>;
  /** Let the chain reach IMDS at this (loopback) endpoint instead of disabling it with skip_metadata_api_check. */
  readonly imdsEndpoint?: string;
}

export interface TempModule {
  readonly root: string;
  readonly dir: string;
  readonly home: string;
  readonly backendConfig: string[];
  readonly world: World;
  cleanup(): void;
}

/**
 * A temp root module with `backend "s3"` pointed at `endpoint` (use_path_style, endpoints for s3/sts/dynamodb/iam,
 * skip_metadata_api_check so nothing ever reaches 169.254.169.254), a temp HOME, and a node world over them with
 * only the given env (plus AWS_ENDPOINT_URL_KMS for KMS checks).
 */
export function writeModule(endpoint: string, spec: ModuleSpec = {}): TempModule {
  const root = mkdtempSync(join(tmpdir(), "tfwhy-verify-"));
  const dir = join(root, "module");
  const home = join(root, "home");
  mkdirSync(dir, { recursive: true });
  mkdirSync(home, { recursive: true });
  const lines = [
    `bucket = "${spec.bucket ?? "tfstate"}"`,
    `key = "${spec.key ?? "prod/terraform.tfstate"}"`,
    ...(spec.region === null ? [] : [`region = "${spec.region ?? "us-east-1"}"`]),
    "use_path_style = true",
    spec.imdsEndpoint ? `ec2_metadata_service_endpoint = "${spec.imdsEndpoint}"` : "skip_metadata_api_check = true",
    `endpoints = { s3 = "${endpoint}", sts = "${endpoint}", dynamodb = "${endpoint}", ` +
      `iam = "${endpoint}", sso = "${endpoint}" }`,
    ...(spec.backend ? spec.backend.split("\n") : []),
  ];
  writeFileSync(
    join(dir, "main.tf"),
    `terraform {\n  backend "s3" {\n${lines.map((l) => `    ${l}`).join("\n")}\n  }\n}\n${spec.extraHcl ?? ""}`,
  );
  const backendConfig: string[] = [];
  for (const [name, text] of Object.entries(spec.backendConfigFiles ?? {})) {
    mkdirSync(dirname(join(dir, name)), { recursive: true });
    writeFileSync(join(dir, name), text);
    backendConfig.push(name);
  }
  for (const [name, text] of Object.entries(spec.home ?? {})) {
    mkdirSync(dirname(join(home, name)), { recursive: true });
    writeFileSync(join(home, name), text);
  }
  const fromHome = Object.fromEntries(Object.entries(spec.envFromHome ?? {}).map(([k, v]) => [k, join(home, v)]));
  const env = {
    PATH: process.env["PATH"] ?? "/usr/bin:/bin",
    HOME: home,
    AWS_ENDPOINT_URL_KMS: endpoint,
    ...spec.env,
    ...fromHome,
  };
  const world = createNodeWorld({ env, homeDir: home, cwd: dir });
  return { root, dir, home, backendConfig, world, cleanup: () => rmSync(root, { recursive: true, force: true }) };
}

/** `[default]` (or another profile) with static keys, as ~/.aws/credentials text. */
export function credentialsFile(
  profiles: Readonly<Record<string, { readonly accessKeyId: string; readonly secret?: string }>>,
): string {
  return Object.entries(profiles)
    .map(
      ([name, p]) => `[${name}]\naws_access_key_id = ${p.accessKeyId}\naws_secret_access_key = ${p.secret ?? SECRET}\n`,
    )
    .join("\n");
}

/** A TCP server that accepts connections and never answers: a black-holed endpoint on loopback. */
export async function blackHole(): Promise<{ readonly endpoint: string; close(): Promise<void> }> {
  const sockets = new Set<Socket>();
  const server: Server = createServer((socket) => {
    sockets.add(socket);
    socket.on("error", () => undefined);
    socket.on("close", () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address();
  const port = typeof address === "object" && address ? address.port : 0;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}

/** Whether a logged request changes something (S3 by HTTP method; JSON/query APIs by operation name). */
/**
 * A mutating request that changed something (2xx). verify's authorisation checks send mutating requests whose
 * guard refuses them (404 NoSuchKey / 412 for S3, 400 ConditionalCheckFailed for DynamoDB): those write nothing.
 */
export function landedWrite(r: RequestRecord): boolean {
  return isMutating(r) && r.status < 300;
}

/** A mutating request refused by its guard after authorisation: nothing was written. */
export function guardedWrite(r: RequestRecord): boolean {
  return isMutating(r) && [400, 404, 412].includes(r.status);
}

export function isMutating(r: RequestRecord): boolean {
  if (r.service === "s3") return r.method === "PUT" || r.method === "DELETE" || r.method === "POST";
  return /^(Put|Delete|Create|Update|Copy|Batch|Write|Transact|Tag|Untag|Schedule|Enable|Disable)/.test(r.operation);
}
