/**
 * An AwsPort decorator that makes identical read-only calls once: what `tfwhy verify --recursive` shares between
 * modules that use the same identity, bucket or lock table. Meant to live for one run (one CLI invocation): it
 * never expires what it remembers.
 */
import type { AwsPort } from "./aws-port.js";
import type { DedupeStats } from "./dedupe-cache.js";
import { createDedupeCache, digest, generatedSessionName, sseKey } from "./dedupe-cache.js";

export type { DedupeStats } from "./dedupe-cache.js";

export interface DedupingAwsPort extends AwsPort {
  stats(): DedupeStats;
  /**
   * The cache keys in use, for tests and debugging. A key names the operation, the target (region, endpoint, path
   * style), a SHA-256 of the credentials and the parameters, secrets (tokens, SSE-C keys, commands) replaced by
   * their SHA-256: no key holds a secret.
   */
  cacheKeys(): readonly string[];
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
  const { pass, shared, write, stats, keys } = createDedupeCache();
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
    // Authorisation checks that cannot write: each module's own keys, never shared.
    putObjectAccess: (target, params) => pass("s3:PutObject", () => inner.putObjectAccess(target, params)),
    deleteObjectAccess: (target, params) => pass("s3:DeleteObject", () => inner.deleteObjectAccess(target, params)),
    putItemAccess: (target, params) => pass("dynamodb:PutItem", () => inner.putItemAccess(target, params)),
    deleteItemAccess: (target, params) => pass("dynamodb:DeleteItem", () => inner.deleteItemAccess(target, params)),
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

    stats,
    cacheKeys: keys,
  };
}
