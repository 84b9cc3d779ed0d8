/**
 * An AwsPort decorator that makes identical read-only calls once: what `tfwhy verify --recursive` shares between
 * modules that use the same identity, bucket or lock table. Meant to live for one run (one CLI invocation): it
 * never expires what it remembers.
 */
import { createHash } from "node:crypto";
import { type AwsCredentials, type AwsPort, type CallTarget, isAwsCallError, type SseHeaders } from "./aws-port.js";

/** How much a deduping port saved. */
export interface DedupeStats {
  /** Calls passed to the inner port (mutating calls included). */
  readonly innerCalls: number;
  /** Calls answered with the in-flight or settled result of an identical earlier call, without an inner call. */
  readonly dedupedCalls: number;
  /** The same two counts per operation (`sts:GetCallerIdentity`, `s3:GetBucketPolicy`…), for the operations used. */
  readonly byOperation: Readonly<Record<string, { readonly innerCalls: number; readonly dedupedCalls: number }>>;
}

export interface DedupingAwsPort extends AwsPort {
  stats(): DedupeStats;
  /**
   * The cache keys in use, for tests and debugging. A key names the operation, the target (region, endpoint, path
   * style), a SHA-256 of the credentials and the parameters, secrets (tokens, SSE-C keys, commands) replaced by
   * their SHA-256: no key holds a secret.
   */
  cacheKeys(): readonly string[];
}

interface Entry {
  readonly promise: Promise<unknown>;
  /** `s3://bucket/key` or `dynamodb://table/lockId` for object and item reads: a write there forgets the entry. */
  readonly resource: string | null;
}

/**
 * Wraps `inner` so that identical read-only calls share one result: the first call goes to `inner`, and any
 * identical call, whether made while the first is in flight or after it settled, gets the same promise. "Identical"
 * means the same operation, region, endpoint (and S3 path style), the same credentials (compared by a SHA-256 of
 * access key id, secret and session token) and the same parameters. Errors are shared too (a GetBucketPolicy denied
 * to an identity is denied to it in every module), except cancellations: an `Aborted` error is forgotten, and a
 * caller whose own signal is not aborted makes the call again. `maxAttempts`, `timeoutMs` and the AbortSignal are
 * not part of the identity of a call.
 *
 * Shared: GetCallerIdentity, AssumeRole, AssumeRoleWithWebIdentity (a session name the Go SDK generates from the
 * clock, `aws-go-sdk-<ns>` or `<ns>`, counts as the same), SSO GetRoleCredentials, credential_process, container and
 * IMDS credentials, HeadBucket, ListObjectsV2, GetBucketPolicy, GetBucketVersioning, GetBucketEncryption,
 * DescribeTable, DescribeKey; and HeadObject, GetObject and GetItem for the very same key, until a write to that
 * key or item (PutObject, DeleteObject, PutItem, DeleteItem through this port) forgets them. Never shared: the
 * mutating calls, ListObjectVersions (probe clean-up) and GenerateDataKey, which always reach `inner`.
 *
 * @example
 * const aws = createDedupingAwsPort(createSdkAwsPort({ env }));
 * await Promise.all(dirs.map((dir) => verifyBackend({ dir }, { ...createNodeWorld({ env, cwd: dir }), aws })));
 * console.log(`${aws.stats().dedupedCalls} AWS calls saved`);
 */
export function createDedupingAwsPort(inner: AwsPort): DedupingAwsPort {
  const cache = new Map<string, Entry>();
  const counts = new Map<string, { innerCalls: number; dedupedCalls: number }>();
  const count = (operation: string) => {
    let c = counts.get(operation);
    if (!c) {
      c = { innerCalls: 0, dedupedCalls: 0 };
      counts.set(operation, c);
    }
    return c;
  };

  /** Always calls `inner`: mutating calls and anything not worth sharing. */
  function pass<T>(operation: string, call: () => Promise<T>): Promise<T> {
    count(operation).innerCalls++;
    return call();
  }

  /** Calls `inner` once per key; identical calls share the promise, except after a cancellation. */
  async function shared<T>(
    operation: string,
    parts: KeyParts,
    signal: AbortSignal | undefined,
    call: () => Promise<T>,
    resource: string | null = null,
  ): Promise<T> {
    const key = cacheKey(operation, parts);
    for (;;) {
      let entry = cache.get(key);
      const reused = entry !== undefined;
      if (!entry) {
        count(operation).innerCalls++;
        const promise = (async () => call())();
        entry = { promise, resource };
        cache.set(key, entry);
        const settled = entry;
        // Cancellations are not answers: forget them, so that the next identical call is made again.
        promise.catch((error: unknown) => {
          if (isAborted(error) && cache.get(key) === settled) cache.delete(key);
        });
      }
      try {
        const value = (await entry.promise) as T;
        if (reused) count(operation).dedupedCalls++;
        return value;
      } catch (error) {
        // Someone else's cancel (another run sharing this port): make the call for this caller.
        if (reused && isAborted(error) && !signal?.aborted) {
          if (cache.get(key) === entry) cache.delete(key);
          continue;
        }
        if (reused) count(operation).dedupedCalls++;
        throw error;
      }
    }
  }

  /** A write to an object or item: forgets every cached read of it, before and after the write. */
  async function write<T>(operation: string, resource: string, call: () => Promise<T>): Promise<T> {
    forget(resource);
    try {
      return await pass(operation, call);
    } finally {
      forget(resource);
    }
  }
  function forget(resource: string): void {
    for (const [key, entry] of cache) if (entry.resource === resource) cache.delete(key);
  }

  const s3Resource = (bucket: string, key: string) => `s3://${bucket}/${key}`;
  const itemResource = (table: string, lockId: string) => `dynamodb://${table}/${lockId}`;

  return {
    getCallerIdentity: (target) =>
      shared("sts:GetCallerIdentity", { target }, target.signal, () => inner.getCallerIdentity(target)),
    assumeRole: (target, params) =>
      shared(
        "sts:AssumeRole",
        { target, params: { ...params, sessionName: generatedSessionName(params.sessionName) } },
        target.signal,
        () => inner.assumeRole(target, params),
      ),
    assumeRoleWithWebIdentity: (target, params) =>
      shared(
        "sts:AssumeRoleWithWebIdentity",
        {
          target,
          params: {
            ...params,
            sessionName: generatedSessionName(params.sessionName),
            webIdentityToken: digest(params.webIdentityToken),
          },
        },
        target.signal,
        () => inner.assumeRoleWithWebIdentity(target, params),
      ),
    getRoleCredentials: (target, params) =>
      shared(
        "sso:GetRoleCredentials",
        { target, params: { ...params, accessToken: digest(params.accessToken) } },
        target.signal,
        () => inner.getRoleCredentials(target, params),
      ),
    processCredentials: (params) =>
      shared("credential_process", { params: { command: digest(params.command) } }, params.signal, () =>
        inner.processCredentials(params),
      ),
    containerCredentials: (params) =>
      shared(
        "container:GetCredentials",
        {
          params: {
            url: params.url,
            authorizationToken: params.authorizationToken === undefined ? undefined : digest(params.authorizationToken),
          },
        },
        params.signal,
        () => inner.containerCredentials(params),
      ),
    imdsCredentials: (params) =>
      shared("imds:GetCredentials", { params: { endpoint: params.endpoint } }, params.signal, () =>
        inner.imdsCredentials(params),
      ),

    headBucket: (target, bucket) =>
      shared("s3:HeadBucket", { target, params: { bucket } }, target.signal, () => inner.headBucket(target, bucket)),
    listObjectsV2: (target, params) =>
      shared("s3:ListObjectsV2", { target, params }, target.signal, () => inner.listObjectsV2(target, params)),
    headObject: (target, params) =>
      shared(
        "s3:HeadObject",
        { target, params: { ...params, sse: sseKey(params.sse) } },
        target.signal,
        () => inner.headObject(target, params),
        s3Resource(params.bucket, params.key),
      ),
    getObject: (target, params) =>
      shared(
        "s3:GetObject",
        { target, params: { ...params, sse: sseKey(params.sse) } },
        target.signal,
        () => inner.getObject(target, params),
        s3Resource(params.bucket, params.key),
      ),
    getBucketPolicy: (target, bucket) =>
      shared("s3:GetBucketPolicy", { target, params: { bucket } }, target.signal, () =>
        inner.getBucketPolicy(target, bucket),
      ),
    getBucketVersioning: (target, bucket) =>
      shared("s3:GetBucketVersioning", { target, params: { bucket } }, target.signal, () =>
        inner.getBucketVersioning(target, bucket),
      ),
    getBucketEncryption: (target, bucket) =>
      shared("s3:GetBucketEncryption", { target, params: { bucket } }, target.signal, () =>
        inner.getBucketEncryption(target, bucket),
      ),
    putObject: (target, params) =>
      write("s3:PutObject", s3Resource(params.bucket, params.key), () => inner.putObject(target, params)),
    deleteObject: (target, params) =>
      write("s3:DeleteObject", s3Resource(params.bucket, params.key), () => inner.deleteObject(target, params)),
    // Probe clean-up reads what writes just changed: never shared.
    listObjectVersions: (target, params) =>
      pass("s3:ListObjectVersions", () => inner.listObjectVersions(target, params)),

    describeTable: (target, table) =>
      shared("dynamodb:DescribeTable", { target, params: { table } }, target.signal, () =>
        inner.describeTable(target, table),
      ),
    getItem: (target, params) =>
      shared(
        "dynamodb:GetItem",
        { target, params },
        target.signal,
        () => inner.getItem(target, params),
        itemResource(params.table, params.lockId),
      ),
    putLockItem: (target, params) =>
      write("dynamodb:PutItem", itemResource(params.table, params.lockId), () => inner.putLockItem(target, params)),
    deleteItem: (target, params) =>
      write("dynamodb:DeleteItem", itemResource(params.table, params.lockId), () => inner.deleteItem(target, params)),

    describeKey: (target, keyId) =>
      shared("kms:DescribeKey", { target, params: { keyId } }, target.signal, () => inner.describeKey(target, keyId)),
    generateDataKey: (target, keyId) => pass("kms:GenerateDataKey", () => inner.generateDataKey(target, keyId)),

    stats() {
      let innerCalls = 0;
      let dedupedCalls = 0;
      const byOperation: Record<string, { innerCalls: number; dedupedCalls: number }> = {};
      for (const [operation, c] of [...counts].sort(([a], [b]) => a.localeCompare(b))) {
        innerCalls += c.innerCalls;
        dedupedCalls += c.dedupedCalls;
        byOperation[operation] = { ...c };
      }
      return { innerCalls, dedupedCalls, byOperation };
    },
    cacheKeys: () => [...cache.keys()],
  };
}

interface KeyParts {
  readonly target?: CallTarget & { readonly credentials?: AwsCredentials; readonly forcePathStyle?: boolean };
  readonly params?: object;
}

/**
 * `op|region|endpoint|pathStyle|credentials-sha256|params-json`: readable, stable (object keys sorted, undefined
 * dropped), and free of secrets (the credentials only as a digest; callers replace secret parameters by digests).
 */
function cacheKey(operation: string, { target, params }: KeyParts): string {
  const where = target
    ? [target.region, target.endpoint ?? "", target.forcePathStyle ? "path-style" : ""]
    : ["", "", ""];
  const creds = target?.credentials ? credentialsDigest(target.credentials) : "";
  return [operation, ...where, creds, stableJson(params ?? {})].join("|");
}

/** SHA-256 of access key id, secret and session token: which credentials, without them. */
function credentialsDigest(c: AwsCredentials): string {
  return digest(`${c.accessKeyId}\0${c.secretAccessKey}\0${c.sessionToken ?? ""}`);
}

function digest(secret: string): string {
  return `sha256:${createHash("sha256").update(secret).digest("hex")}`;
}

/** SSE-C sends the customer key with every read: keep only its digest in the key. */
function sseKey(sse: SseHeaders | undefined): unknown {
  if (sse === undefined || sse.kind !== "sse-c") return sse;
  return { kind: sse.kind, customerKeyBase64: digest(sse.customerKeyBase64) };
}

/** The Go SDK's default session names (`aws-go-sdk-<unixnano>`, web identity `<unixnano>`) differ only by the clock. */
function generatedSessionName(name: string): string {
  return /^(aws-go-sdk-)?\d{16,}$/.test(name) ? "<generated>" : name;
}

function stableJson(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    v && typeof v === "object" && !Array.isArray(v)
      ? Object.fromEntries(
          Object.entries(v)
            .filter(([, x]) => x !== undefined)
            .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)),
        )
      : v,
  );
}

function isAborted(error: unknown): boolean {
  return isAwsCallError(error) && error.kind === "aborted";
}
