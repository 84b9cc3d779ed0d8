/**
 * The memory of a deduping port (deduping-port.ts): one promise per call key, shared by identical calls; writes
 * forget the reads of what they wrote; counts of inner and deduped calls per operation.
 */
import { createHash } from "node:crypto";
import { type AwsCredentials, type CallTarget, isAwsCallError, type SseHeaders } from "./aws-port.js";

interface Entry {
  readonly promise: Promise<unknown>;
  /** `s3://bucket/key` or `dynamodb://table/lockId` for object and item reads: a write there forgets the entry. */
  readonly resource: string | null;
}

/** How much a deduping port saved. */
export interface DedupeStats {
  /** Calls passed to the inner port (mutating calls included). */
  readonly innerCalls: number;
  /** Calls answered with the in-flight or settled result of an identical earlier call, without an inner call. */
  readonly dedupedCalls: number;
  /** The same two counts per operation (`sts:GetCallerIdentity`, `s3:GetBucketPolicy`…), for the operations used. */
  readonly byOperation: Readonly<Record<string, { readonly innerCalls: number; readonly dedupedCalls: number }>>;
}

export interface DedupeCache {
  /** Always calls `inner`: mutating calls and anything not worth sharing. */
  pass<T>(operation: string, call: () => Promise<T>): Promise<T>;
  /** Calls `inner` once per key; identical calls share the promise, except after a cancellation. */
  shared<T>(
    operation: string,
    parts: KeyParts,
    signal: AbortSignal | undefined,
    call: () => Promise<T>,
    resource?: string | null,
  ): Promise<T>;
  /** A write to an object or item: forgets every cached read of it, before and after the write. */
  write<T>(operation: string, resource: string, call: () => Promise<T>): Promise<T>;
  stats(): DedupeStats;
  keys(): readonly string[];
}

export function createDedupeCache(): DedupeCache {
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

  function pass<T>(operation: string, call: () => Promise<T>): Promise<T> {
    count(operation).innerCalls++;
    return call();
  }

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

  return {
    pass,
    shared,
    write,
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
    keys: () => [...cache.keys()],
  };
}

export interface KeyParts {
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

export function digest(secret: string): string {
  return `sha256:${createHash("sha256").update(secret).digest("hex")}`;
}

/** SSE-C sends the customer key with every read: keep only its digest in the key. */
export function sseKey(sse: SseHeaders | undefined): unknown {
  if (sse === undefined || sse.kind !== "sse-c") return sse;
  return { kind: sse.kind, customerKeyBase64: digest(sse.customerKeyBase64) };
}

/** The Go SDK's default session names (`aws-go-sdk-<unixnano>`, web identity `<unixnano>`) differ only by the clock. */
export function generatedSessionName(name: string): string {
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
