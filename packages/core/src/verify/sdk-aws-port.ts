/**
 * The real AwsPort: AWS SDK for JavaScript v3 clients, loaded with `await import()` on first use so that
 * `explainCredentials` (and anything else that imports @tfwhy/core) never pays for loading the SDK.
 *
 * Every call gets a fresh client configured exactly as Terraform configures its own (region, custom endpoint,
 * path style, max attempts) and nothing else: clients never resolve credentials, regions or endpoints from the
 * process environment or ~/.aws on their own (the JS SDK's provider chain decides differently from Terraform's
 * Go SDK: aws-sdk-go-base's GetAwsConfig, not @aws-sdk/credential-provider-node). Each call is bounded by `timeoutMs` (retries included) and an optional AbortSignal.
 */
import { spawn } from "node:child_process";
import type * as S3 from "@aws-sdk/client-s3";
import { redactOpaqueTokens } from "../redact.js";
import {
  AwsCallError,
  type AwsCredentials,
  type AwsPort,
  type CallTarget,
  type S3Target,
  type SignedTarget,
  type SseHeaders,
} from "./aws-port.js";

/** Each SDK package is imported once, on first use; nothing here runs at module load. */
const imported = new Map<string, Promise<unknown>>();
function lazy<T>(name: string, importer: () => Promise<T>): Promise<T> {
  let p = imported.get(name);
  if (!p) {
    p = importer();
    imported.set(name, p);
  }
  return p as Promise<T>;
}
/**
 * The SDK prints a multi-line "NodeVersionSupportWarning" on stderr when a client is first built on Node < 22;
 * stderr is for tfwhy's own messages. Marking it as already emitted (the SDK's own public flag) silences it
 * without writing to process.env, which credential_process children would inherit.
 */
function silenceNodeVersionWarning(): Promise<unknown> {
  return lazy("warning", async () => {
    const { state } = await import("@aws-sdk/core/client");
    state.warningEmitted = true;
  });
}
const client = <T>(name: string, importer: () => Promise<T>) =>
  lazy(name, async () => {
    await silenceNodeVersionWarning();
    return importer();
  });
const load = {
  sts: () => client("sts", () => import("@aws-sdk/client-sts")),
  s3: () => client("s3", () => import("@aws-sdk/client-s3")),
  dynamodb: () => client("dynamodb", () => import("@aws-sdk/client-dynamodb")),
  kms: () => client("kms", () => import("@aws-sdk/client-kms")),
  sso: () => client("sso", () => import("@aws-sdk/client-sso")),
  handler: () => lazy("handler", () => import("@smithy/node-http-handler")),
};

/**
 * Loads the STS, S3 and DynamoDB clients in the background once the first call is on its way: loading costs
 * hundreds of ms that are not in any call's budget, and would otherwise add up after each call, before the next.
 * Loaded while the first call waits for the network, they cost no wall time.
 */
let warmed = false;
function warmUp(): void {
  if (warmed) return;
  warmed = true;
  for (const l of [load.sts, load.s3, load.dynamodb]) l().catch(() => undefined);
}

/** What one call saw: the last transport error of its HTTP handler, the last attempt's error, its budget signal. */
interface Seen {
  last?: unknown;
  /** The error of the last failed attempt (a parsed AWS answer such as 503 SlowDown, or a transport error). */
  attempt?: unknown;
  signal?: AbortSignal;
}

export interface SdkAwsPortOptions {
  /**
   * The environment the SDK-level switches come from (AWS_USE_FIPS_ENDPOINT, AWS_REQUEST_CHECKSUM_CALCULATION…),
   * and the environment `credential_process` runs with. verifyBackend passes the world's env.
   */
  readonly env?: Readonly<Record<string, string | undefined>>;
}

/** Creates the SDK-backed AwsPort. Nothing is imported until the first call. */
export function createSdkAwsPort(options: SdkAwsPortOptions = {}): AwsPort {
  const env = options.env ?? {};
  const quiet = { debug() {}, info() {}, warn() {}, error() {} };

  /** Settings shared by every client: explicit, so the SDK reads nothing from the process environment or ~/.aws. */
  async function baseConfig(target: CallTarget, seen: Seen) {
    const { NodeHttpHandler } = await load.handler();
    // No connectionTimeout: its timer is not cleared when a connection is refused, so it kept the process alive for
    // up to a whole timeout after the report. requestTimeout (a timer from the start of each attempt, cleared on every
    // outcome) and the call's budget bound connecting as well.
    const requestHandler = new NodeHttpHandler({
      requestTimeout: target.timeoutMs,
      throwOnRequestTimeout: true,
      logger: quiet,
    });
    // Remember the last transport error: when retries run the budget out, it says why (ECONNREFUSED, reset…).
    const handle = requestHandler.handle.bind(requestHandler);
    requestHandler.handle = async (...args: Parameters<typeof handle>) => {
      try {
        return await handle(...args);
      } catch (error) {
        seen.last = error;
        throw error;
      }
    };
    const maxAttempts = Math.max(1, target.maxAttempts);
    return {
      region: target.region,
      ...(target.endpoint ? { endpoint: target.endpoint } : {}),
      maxAttempts,
      retryStrategy: budgetedRetryStrategy(maxAttempts, seen),
      // Terraform resolves endpoints itself (explanation.endpoints); profile endpoint_url/services are not read here.
      ignoreConfiguredEndpointUrls: true,
      useFipsEndpoint: false,
      useDualstackEndpoint: false,
      logger: quiet,
      requestHandler,
    } as const;
  }

  const creds = (c: AwsCredentials) => ({
    accessKeyId: c.accessKeyId,
    secretAccessKey: c.secretAccessKey,
    ...(c.sessionToken ? { sessionToken: c.sessionToken } : {}),
  });

  /**
   * Builds a client (loading the SDK first, outside the budget), runs one command within the budget, and always
   * destroys the client, so no socket outlives the call.
   */
  async function run<C extends { send: (...args: never[]) => unknown; destroy(): void }, T>(
    operation: string,
    target: CallTarget,
    make: (seen: Seen) => Promise<C>,
    send: (client: C, abortSignal: AbortSignal) => Promise<T>,
  ): Promise<T> {
    const seen: Seen = {};
    const client = await make(seen);
    try {
      const work = withBudget(operation, target, (signal) => {
        seen.signal = signal;
        return send(client, signal);
      });
      warmUp();
      return await work;
    } catch (error) {
      if (error instanceof AwsCallError && error.kind === "timeout") {
        // The budget ran out while retrying: say what the endpoint last answered (503 SlowDown is not "no answer").
        const answered = seen.attempt === undefined ? null : toAwsCallError(operation, seen.attempt);
        if (answered?.httpStatus) {
          throw new AwsCallError(
            {
              operation,
              code: answered.code,
              httpStatus: answered.httpStatus,
              requestId: answered.requestId,
              budgetExhausted: true,
              message: `the endpoint answered ${answered.httpStatus} ${answered.code} (${answered.message}); still so when the ${target.timeoutMs} ms budget ran out`,
            },
            { cause: seen.attempt },
          );
        }
        const underlying = seen.last === undefined ? null : toAwsCallError(operation, seen.last);
        if (underlying?.kind === "network") {
          throw new AwsCallError(
            {
              operation,
              code: underlying.code,
              kind: "network",
              message: `${underlying.message} (still failing when the ${target.timeoutMs} ms budget ran out)`,
            },
            { cause: seen.last },
          );
        }
      }
      throw error;
    } finally {
      client.destroy();
    }
  }

  const sts = (target: CallTarget, credentials?: AwsCredentials) => async (seen: Seen) => {
    const { STSClient } = await load.sts();
    return new STSClient({
      ...(await baseConfig(target, seen)),
      ...(credentials ? { credentials: creds(credentials) } : {}),
    });
  };
  const s3 = (target: S3Target) => async (seen: Seen) => {
    const { S3Client } = await load.s3();
    const checksums =
      env.AWS_REQUEST_CHECKSUM_CALCULATION?.toLowerCase() === "when_required" ? "WHEN_REQUIRED" : "WHEN_SUPPORTED";
    return new S3Client({
      ...(await baseConfig(target, seen)),
      credentials: creds(target.credentials),
      forcePathStyle: target.forcePathStyle,
      // A 301 must surface (it names the bucket's real region); Terraform's client does not follow it either.
      followRegionRedirects: false,
      requestChecksumCalculation: checksums,
      responseChecksumValidation: checksums,
    });
  };
  const dynamodb = (target: SignedTarget) => async (seen: Seen) => {
    const { DynamoDBClient } = await load.dynamodb();
    return new DynamoDBClient({
      ...(await baseConfig(target, seen)),
      credentials: creds(target.credentials),
      accountIdEndpointMode: "disabled",
    });
  };
  const kms = (target: SignedTarget) => async (seen: Seen) => {
    const { KMSClient } = await load.kms();
    return new KMSClient({ ...(await baseConfig(target, seen)), credentials: creds(target.credentials) });
  };

  return {
    getCallerIdentity: (target) =>
      run("sts:GetCallerIdentity", target, sts(target, target.credentials), async (client, abortSignal) => {
        const { GetCallerIdentityCommand } = await load.sts();
        const out = await client.send(new GetCallerIdentityCommand({}), { abortSignal });
        if (!out.Account || !out.Arn)
          throw invalid("sts:GetCallerIdentity", "GetCallerIdentity returned no account or ARN");
        return { account: out.Account, arn: out.Arn, userId: out.UserId ?? "" };
      }),

    assumeRole: (target, p) =>
      run("sts:AssumeRole", target, sts(target, target.credentials), async (client, abortSignal) => {
        const { AssumeRoleCommand } = await load.sts();
        const out = await client.send(
          new AssumeRoleCommand({
            RoleArn: p.roleArn,
            RoleSessionName: p.sessionName,
            ...(p.externalId ? { ExternalId: p.externalId } : {}),
            ...(p.durationSeconds ? { DurationSeconds: p.durationSeconds } : {}),
            ...(p.policy ? { Policy: p.policy } : {}),
            ...(p.policyArns?.length ? { PolicyArns: p.policyArns.map((arn) => ({ arn })) } : {}),
            ...(p.tags ? { Tags: Object.entries(p.tags).map(([Key, Value]) => ({ Key, Value })) } : {}),
            ...(p.transitiveTagKeys?.length ? { TransitiveTagKeys: [...p.transitiveTagKeys] } : {}),
            ...(p.sourceIdentity ? { SourceIdentity: p.sourceIdentity } : {}),
          }),
          { abortSignal },
        );
        return {
          ...stsCredentials("sts:AssumeRole", out.Credentials),
          ...(out.AssumedRoleUser?.Arn ? { assumedRoleArn: out.AssumedRoleUser.Arn } : {}),
        };
      }),

    assumeRoleWithWebIdentity: (target, p) =>
      run("sts:AssumeRoleWithWebIdentity", target, sts(target), async (client, abortSignal) => {
        const { AssumeRoleWithWebIdentityCommand } = await load.sts();
        const out = await client.send(
          new AssumeRoleWithWebIdentityCommand({
            RoleArn: p.roleArn,
            RoleSessionName: p.sessionName,
            WebIdentityToken: p.webIdentityToken,
            ...(p.durationSeconds ? { DurationSeconds: p.durationSeconds } : {}),
            ...(p.policy ? { Policy: p.policy } : {}),
            ...(p.policyArns?.length ? { PolicyArns: p.policyArns.map((arn) => ({ arn })) } : {}),
          }),
          { abortSignal },
        );
        return {
          ...stsCredentials("sts:AssumeRoleWithWebIdentity", out.Credentials),
          ...(out.AssumedRoleUser?.Arn ? { assumedRoleArn: out.AssumedRoleUser.Arn } : {}),
        };
      }),

    getRoleCredentials: (target, p) =>
      run(
        "sso:GetRoleCredentials",
        target,
        async (seen) => {
          const { SSOClient } = await load.sso();
          return new SSOClient(await baseConfig(target, seen));
        },
        async (client, abortSignal) => {
          const { GetRoleCredentialsCommand } = await load.sso();
          const out = await client.send(
            new GetRoleCredentialsCommand({ accessToken: p.accessToken, accountId: p.accountId, roleName: p.roleName }),
            { abortSignal },
          );
          const c = out.roleCredentials;
          if (!c?.accessKeyId || !c.secretAccessKey)
            throw invalid("sso:GetRoleCredentials", "GetRoleCredentials returned no credentials");
          return {
            accessKeyId: c.accessKeyId,
            secretAccessKey: c.secretAccessKey,
            ...(c.sessionToken ? { sessionToken: c.sessionToken } : {}),
            ...(c.expiration ? { expiration: new Date(c.expiration) } : {}),
          };
        },
      ),

    processCredentials: (p) =>
      withBudget(
        "process:credential_process",
        { timeoutMs: p.timeoutMs, ...(p.signal ? { signal: p.signal } : {}) },
        (signal) => runCredentialProcess(p.command, env, signal),
      ),

    containerCredentials: (p) =>
      withBudget(
        "container:GetCredentials",
        { timeoutMs: p.timeoutMs, ...(p.signal ? { signal: p.signal } : {}) },
        async (signal) => {
          const res = await fetch(p.url, {
            signal,
            headers: p.authorizationToken ? { Authorization: p.authorizationToken } : {},
          });
          const text = await res.text();
          if (!res.ok)
            throw new AwsCallError({
              operation: "container:GetCredentials",
              code: `HTTP${res.status}`,
              httpStatus: res.status,
              message: text.slice(0, 200) || `HTTP ${res.status}`,
            });
          return parseCredentialJson("container:GetCredentials", text, {
            key: "AccessKeyId",
            secret: "SecretAccessKey",
            token: "Token",
            expiration: "Expiration",
          });
        },
      ),

    imdsCredentials: (p) =>
      withBudget(
        "imds:GetCredentials",
        { timeoutMs: p.timeoutMs, ...(p.signal ? { signal: p.signal } : {}) },
        (signal) => imdsRoleCredentials(p.endpoint, signal),
      ),

    headBucket: (target, bucket) =>
      run("s3:HeadBucket", target, s3(target), async (client, abortSignal) => {
        const { HeadBucketCommand } = await load.s3();
        const out = await client.send(new HeadBucketCommand({ Bucket: bucket }), { abortSignal });
        return { region: out.BucketRegion ?? null };
      }),

    listObjectsV2: (target, p) =>
      run("s3:ListObjectsV2", target, s3(target), async (client, abortSignal) => {
        const { ListObjectsV2Command } = await load.s3();
        const out = await client.send(
          new ListObjectsV2Command({ Bucket: p.bucket, Prefix: p.prefix, MaxKeys: p.maxKeys ?? 1000 }),
          { abortSignal },
        );
        return {
          keys: (out.Contents ?? []).flatMap((o) => (o.Key ? [o.Key] : [])),
          truncated: out.IsTruncated ?? false,
        };
      }),

    headObject: (target, p) =>
      run("s3:HeadObject", target, s3(target), async (client, abortSignal) => {
        const { HeadObjectCommand } = await load.s3();
        const out = await client.send(new HeadObjectCommand({ Bucket: p.bucket, Key: p.key, ...readSse(p.sse) }), {
          abortSignal,
        });
        return objectHead(out);
      }),

    getObject: (target, p) =>
      run("s3:GetObject", target, s3(target), async (client, abortSignal) => {
        const { GetObjectCommand } = await load.s3();
        const out = await client.send(
          new GetObjectCommand({
            Bucket: p.bucket,
            Key: p.key,
            ...(p.range ? { Range: p.range } : {}),
            ...readSse(p.sse),
          }),
          { abortSignal },
        );
        const text = (await out.Body?.transformToString("utf8")) ?? "";
        return { ...objectHead(out), text };
      }),

    getBucketPolicy: (target, bucket) =>
      run("s3:GetBucketPolicy", target, s3(target), async (client, abortSignal) => {
        const { GetBucketPolicyCommand } = await load.s3();
        try {
          const out = await client.send(new GetBucketPolicyCommand({ Bucket: bucket }), { abortSignal });
          return out.Policy ?? null;
        } catch (error) {
          if (errorName(error) === "NoSuchBucketPolicy") return null;
          throw error;
        }
      }),

    getBucketVersioning: (target, bucket) =>
      run("s3:GetBucketVersioning", target, s3(target), async (client, abortSignal) => {
        const { GetBucketVersioningCommand } = await load.s3();
        const out = await client.send(new GetBucketVersioningCommand({ Bucket: bucket }), { abortSignal });
        return { status: out.Status === "Enabled" || out.Status === "Suspended" ? out.Status : null };
      }),

    getBucketEncryption: (target, bucket) =>
      run("s3:GetBucketEncryption", target, s3(target), async (client, abortSignal) => {
        const { GetBucketEncryptionCommand } = await load.s3();
        try {
          const out = await client.send(new GetBucketEncryptionCommand({ Bucket: bucket }), { abortSignal });
          return (out.ServerSideEncryptionConfiguration?.Rules ?? []).flatMap((rule) => {
            const d = rule.ApplyServerSideEncryptionByDefault;
            return d?.SSEAlgorithm
              ? [
                  {
                    algorithm: d.SSEAlgorithm,
                    kmsKeyId: d.KMSMasterKeyID ?? null,
                    bucketKeyEnabled: rule.BucketKeyEnabled ?? false,
                  },
                ]
              : [];
          });
        } catch (error) {
          if (errorName(error) === "ServerSideEncryptionConfigurationNotFoundError") return null;
          throw error;
        }
      }),

    putObject: (target, p) =>
      run("s3:PutObject", target, s3(target), async (client, abortSignal) => {
        const { PutObjectCommand } = await load.s3();
        const out = await client.send(
          new PutObjectCommand({
            Bucket: p.bucket,
            Key: p.key,
            Body: p.body,
            ContentType: "application/json",
            ...(p.checksumSha256 ? { ChecksumAlgorithm: "SHA256" } : {}),
            ...writeSse(p.sse),
            ...(p.acl ? { ACL: p.acl as S3.ObjectCannedACL } : {}),
            ...(p.ifNoneMatch ? { IfNoneMatch: p.ifNoneMatch } : {}),
          }),
          { abortSignal },
        );
        return { versionId: out.VersionId ?? null };
      }),

    deleteObject: (target, p) =>
      run("s3:DeleteObject", target, s3(target), async (client, abortSignal) => {
        const { DeleteObjectCommand } = await load.s3();
        await client.send(
          new DeleteObjectCommand({ Bucket: p.bucket, Key: p.key, ...(p.versionId ? { VersionId: p.versionId } : {}) }),
          { abortSignal },
        );
      }),

    listObjectVersions: (target, p) =>
      run("s3:ListObjectVersions", target, s3(target), async (client, abortSignal) => {
        const { ListObjectVersionsCommand } = await load.s3();
        const out = await client.send(
          new ListObjectVersionsCommand({ Bucket: p.bucket, Prefix: p.prefix, MaxKeys: 1000 }),
          { abortSignal },
        );
        return [
          ...(out.Versions ?? []).map((v) => ({
            key: v.Key ?? "",
            versionId: v.VersionId ?? "null",
            deleteMarker: false,
          })),
          ...(out.DeleteMarkers ?? []).map((v) => ({
            key: v.Key ?? "",
            versionId: v.VersionId ?? "null",
            deleteMarker: true,
          })),
        ];
      }),

    describeTable: (target, table) =>
      run("dynamodb:DescribeTable", target, dynamodb(target), async (client, abortSignal) => {
        const { DescribeTableCommand } = await load.dynamodb();
        const out = await client.send(new DescribeTableCommand({ TableName: table }), { abortSignal });
        const t = out.Table;
        const types = new Map((t?.AttributeDefinitions ?? []).map((a) => [a.AttributeName, a.AttributeType ?? null]));
        return {
          status: t?.TableStatus ?? "UNKNOWN",
          arn: t?.TableArn ?? null,
          keySchema: (t?.KeySchema ?? []).map((k) => ({
            name: k.AttributeName ?? "",
            keyType: k.KeyType === "RANGE" ? "RANGE" : "HASH",
            attributeType: types.get(k.AttributeName) ?? null,
          })),
        };
      }),

    getItem: (target, p) =>
      run("dynamodb:GetItem", target, dynamodb(target), async (client, abortSignal) => {
        const { GetItemCommand } = await load.dynamodb();
        // Terraform reads lock items with ConsistentRead (client.go getLockInfoWithDynamoDB).
        const out = await client.send(
          new GetItemCommand({ TableName: p.table, Key: { LockID: { S: p.lockId } }, ConsistentRead: true }),
          { abortSignal },
        );
        if (!out.Item) return null;
        const item: Record<string, string> = {};
        for (const [name, value] of Object.entries(out.Item)) if (typeof value.S === "string") item[name] = value.S;
        return item;
      }),

    putLockItem: (target, p) =>
      run("dynamodb:PutItem", target, dynamodb(target), async (client, abortSignal) => {
        const { PutItemCommand } = await load.dynamodb();
        // Same request as Terraform's lockWithDynamoDB: attribute_not_exists(LockID).
        await client.send(
          new PutItemCommand({
            TableName: p.table,
            Item: { LockID: { S: p.lockId }, Info: { S: p.info } },
            ConditionExpression: "attribute_not_exists(LockID)",
          }),
          { abortSignal },
        );
      }),

    deleteItem: (target, p) =>
      run("dynamodb:DeleteItem", target, dynamodb(target), async (client, abortSignal) => {
        const { DeleteItemCommand } = await load.dynamodb();
        await client.send(new DeleteItemCommand({ TableName: p.table, Key: { LockID: { S: p.lockId } } }), {
          abortSignal,
        });
      }),

    describeKey: (target, keyId) =>
      run("kms:DescribeKey", target, kms(target), async (client, abortSignal) => {
        const { DescribeKeyCommand } = await load.kms();
        const out = await client.send(new DescribeKeyCommand({ KeyId: keyId }), { abortSignal });
        const m = out.KeyMetadata;
        return {
          keyId: m?.KeyId ?? keyId,
          arn: m?.Arn ?? "",
          state: m?.KeyState ?? (m?.Enabled === false ? "Disabled" : "Enabled"),
          keyManager: m?.KeyManager ?? null,
        };
      }),

    generateDataKey: (target, keyId) =>
      run("kms:GenerateDataKey", target, kms(target), async (client, abortSignal) => {
        const { GenerateDataKeyCommand } = await load.kms();
        await client.send(new GenerateDataKeyCommand({ KeyId: keyId, KeySpec: "AES_256" }), { abortSignal });
      }),
  };
}

/**
 * The SDK's standard retry (exponential backoff with full jitter: 100 ms base, 500 ms for throttling, at most 20 s;
 * no retry for client errors) without its retry quota, whose waits end when the call's budget signal aborts. The
 * SDK's own wait is a setTimeout it never clears: after a timeout or Ctrl-C it would keep the process alive for up
 * to the whole backoff. Here the SDK is told to wait 0 ms, and the wait happens in refreshRetryTokenForRetry, with a
 * timer that is cleared on abort. It also remembers each failed attempt's error (Seen.attempt).
 */
function budgetedRetryStrategy(maxAttempts: number, seen: Seen) {
  const token = (count: number) => ({
    getRetryCount: () => count,
    getRetryDelay: () => 0,
    getRetryTokenCount: () => 0,
  });
  return {
    mode: "standard",
    acquireInitialRetryToken: async () => token(0),
    refreshRetryTokenForRetry: async (
      previous: { getRetryCount(): number },
      info: { errorType: string; error?: unknown; retryAfterHint?: Date },
    ) => {
      seen.attempt = info.error;
      const count = previous.getRetryCount();
      if (count + 1 >= maxAttempts || info.errorType === "CLIENT_ERROR") throw new Error("no retry");
      const base = info.errorType === "THROTTLING" ? 500 : 100;
      let delay = Math.floor(Math.min(20_000, Math.random() * 2 ** count * base));
      if (info.retryAfterHint) delay = Math.min(20_000, Math.max(delay, info.retryAfterHint.getTime() - Date.now()));
      await abortableSleep(delay, seen.signal);
      return token(count + 1);
    },
    recordSuccess: () => undefined,
  };
}

function abortableSleep(ms: number, signal: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal?.reason);
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener("abort", onAbort);
      resolve();
    }, ms);
    signal?.addEventListener("abort", onAbort, { once: true });
  });
}

// ── Budget and error mapping ───────────────────────────────────────────────────────────────────────────────────

/**
 * Runs `fn` with a signal that aborts after `timeoutMs` or when the caller aborts, and gives up waiting at that
 * moment even if the SDK is still sleeping between retries: the result is always an AwsCallError within budget.
 */
async function withBudget<T>(
  operation: string,
  target: { readonly timeoutMs: number; readonly signal?: AbortSignal },
  fn: (signal: AbortSignal) => Promise<T>,
): Promise<T> {
  const timeout = AbortSignal.timeout(target.timeoutMs);
  const signal = target.signal ? AbortSignal.any([target.signal, timeout]) : timeout;
  const reasonError = (): AwsCallError =>
    target.signal?.aborted
      ? new AwsCallError({ operation, code: "Aborted", kind: "aborted", message: "cancelled" })
      : new AwsCallError({
          operation,
          code: "Timeout",
          kind: "timeout",
          message: `no answer within ${target.timeoutMs} ms`,
        });
  if (signal.aborted) throw reasonError();
  let onAbort: () => void = () => {};
  const aborted = new Promise<never>((_, reject) => {
    onAbort = () => reject(reasonError());
    signal.addEventListener("abort", onAbort, { once: true });
  });
  const work = fn(signal);
  work.catch(() => undefined); // the race may have been lost; never leave an unhandled rejection behind
  try {
    return await Promise.race([work, aborted]);
  } catch (error) {
    if (error instanceof AwsCallError) throw error;
    if (signal.aborted) throw reasonError();
    throw toAwsCallError(operation, error);
  } finally {
    signal.removeEventListener("abort", onAbort);
  }
}

const NETWORK_CODES = new Set([
  "ECONNREFUSED",
  "ECONNRESET",
  "ENOTFOUND",
  "EAI_AGAIN",
  "EHOSTUNREACH",
  "ENETUNREACH",
  "EPIPE",
  "ECONNABORTED",
  "UND_ERR_SOCKET",
  "UND_ERR_CONNECT_TIMEOUT",
]);

/** SDK/network error → AwsCallError. HEAD responses have no body, so their code comes from the status, as aws-sdk-go-v2 reports it (`Forbidden`, `NotFound`). */
function toAwsCallError(operation: string, error: unknown): AwsCallError {
  const e = (error ?? {}) as {
    name?: string;
    message?: string;
    code?: string;
    cause?: { code?: string; message?: string };
    $metadata?: { httpStatusCode?: number; requestId?: string };
    $response?: { statusCode?: number; headers?: Record<string, string | undefined> };
  };
  const status = e.$metadata?.httpStatusCode ?? e.$response?.statusCode ?? null;
  const requestId = e.$metadata?.requestId ?? null;
  const bucketRegion = e.$response?.headers?.["x-amz-bucket-region"] ?? null;
  const errno = e.code ?? e.cause?.code;
  if (status === null && errno && (NETWORK_CODES.has(errno) || errno === "ETIMEDOUT")) {
    const kind = errno === "ETIMEDOUT" || errno === "UND_ERR_CONNECT_TIMEOUT" ? "timeout" : "network";
    return new AwsCallError(
      {
        operation,
        code: kind === "timeout" ? "Timeout" : "NetworkError",
        kind,
        message: `${errno}: ${e.message ?? e.cause?.message ?? ""}`.trim(),
      },
      { cause: error },
    );
  }
  if (status === null && e.name === "TimeoutError") {
    return new AwsCallError(
      { operation, code: "Timeout", kind: "timeout", message: e.message ?? "timed out" },
      { cause: error },
    );
  }
  if (status === null) {
    return new AwsCallError(
      { operation, code: e.name ?? "Error", kind: "network", message: e.message ?? String(error) },
      { cause: error },
    );
  }
  let code = e.name ?? "Unknown";
  let message = e.message ?? "";
  const unparsed = code === "SyntaxError" || /Deserialization error|Unexpected token|is not valid JSON/i.test(message);
  if (unparsed) {
    // A body the SDK could not read (a proxy's HTML page, an S3-compatible store's own format).
    code = STATUS_CODES[status] ?? `Http${status}`;
    message = `${code} (HTTP ${status}, the error body could not be parsed)`;
  } else if (code === "Unknown" || code === "UnknownError" || message === "UnknownError" || message === "") {
    // No parseable body (HEAD, or a proxy's page): name it the way Terraform's Go SDK does.
    code = STATUS_CODES[status] ?? `Http${status}`;
    message = `${code} (HTTP ${status}, no error body)`;
  }
  return new AwsCallError({ operation, code, httpStatus: status, requestId, bucketRegion, message }, { cause: error });
}

const STATUS_CODES: Record<number, string> = {
  301: "PermanentRedirect",
  400: "BadRequest",
  403: "Forbidden",
  404: "NotFound",
  412: "PreconditionFailed",
  503: "SlowDown",
};

function errorName(error: unknown): string | undefined {
  return (error as { name?: string } | null)?.name;
}

function invalid(operation: string, message: string): AwsCallError {
  return new AwsCallError({ operation, code: "InvalidResponse", kind: "invalid-response", message });
}

function stsCredentials(
  operation: string,
  c:
    | {
        AccessKeyId?: string | undefined;
        SecretAccessKey?: string | undefined;
        SessionToken?: string | undefined;
        Expiration?: Date | undefined;
      }
    | undefined,
): AwsCredentials {
  if (!c?.AccessKeyId || !c.SecretAccessKey) throw invalid(operation, "STS returned no credentials");
  return {
    accessKeyId: c.AccessKeyId,
    secretAccessKey: c.SecretAccessKey,
    ...(c.SessionToken ? { sessionToken: c.SessionToken } : {}),
    ...(c.Expiration ? { expiration: c.Expiration } : {}),
  };
}

function objectHead(out: {
  ContentLength?: number | undefined;
  LastModified?: Date | undefined;
  ServerSideEncryption?: string | undefined;
  SSEKMSKeyId?: string | undefined;
}) {
  return {
    contentLength: out.ContentLength ?? null,
    lastModified: out.LastModified?.toISOString() ?? null,
    serverSideEncryption: out.ServerSideEncryption ?? null,
    kmsKeyId: out.SSEKMSKeyId ?? null,
  };
}

/** SSE-C is the only encryption header a read sends (client.go get: SSE-C headers on HEAD and GET). */
function readSse(sse: SseHeaders | undefined) {
  return sse?.kind === "sse-c" ? { SSECustomerAlgorithm: "AES256", SSECustomerKey: sse.customerKeyBase64 } : {};
}

/** client.go put/lockWithFile: aws:kms + key, AES256, or SSE-C, only with encrypt = true. */
function writeSse(sse: SseHeaders | undefined) {
  switch (sse?.kind) {
    case "kms":
      return { ServerSideEncryption: "aws:kms", SSEKMSKeyId: sse.kmsKeyId } as const;
    case "aes256":
      return { ServerSideEncryption: "AES256" } as const;
    case "sse-c":
      return { SSECustomerAlgorithm: "AES256", SSECustomerKey: sse.customerKeyBase64 } as const;
    default:
      return {};
  }
}

// ── Credential sources that are not AWS APIs ───────────────────────────────────────────────────────────────────

/**
 * Go processcreds: `sh -c <command>`, stdout is JSON with Version 1. The command runs in its own process group
 * (detached), and when the budget ends (timeout or Ctrl-C) the whole group is killed: a helper's own children
 * (a browser login, a sleeping retry) would otherwise outlive verify and hold its stdout pipe, and with it the
 * process, open.
 */
function runCredentialProcess(
  command: string,
  env: Readonly<Record<string, string | undefined>>,
  signal: AbortSignal,
): Promise<AwsCredentials> {
  const operation = "process:credential_process";
  return new Promise((resolve, reject) => {
    const child = spawn("sh", ["-c", command], { env: { ...env }, detached: true, stdio: ["ignore", "pipe", "pipe"] });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    let size = 0;
    let settled = false;
    const killGroup = () => {
      try {
        if (child.pid) process.kill(-child.pid, "SIGKILL");
      } catch {
        // Already gone.
      }
    };
    const settle = (fn: () => void) => {
      if (settled) return;
      settled = true;
      signal.removeEventListener("abort", onAbort);
      fn();
    };
    const onAbort = () => {
      killGroup();
      // A grandchild that survived the kill (it left the group) must not hold the pipes, and so the process, open.
      child.stdout.destroy();
      child.stderr.destroy();
      settle(() =>
        reject(
          new AwsCallError({
            operation,
            code: "Timeout",
            kind: "timeout",
            message: "credential_process did not finish in time",
          }),
        ),
      );
    };
    if (signal.aborted) return onAbort();
    signal.addEventListener("abort", onAbort, { once: true });
    const collect = (into: Buffer[]) => (chunk: Buffer) => {
      size += chunk.length;
      if (size > 1 << 20) {
        killGroup();
        settle(() => reject(invalid(operation, "credential_process printed more than 1 MiB")));
        return;
      }
      into.push(chunk);
    };
    child.stdout.on("data", collect(out));
    child.stderr.on("data", collect(err));
    child.on("error", (error) =>
      settle(() =>
        reject(
          new AwsCallError(
            { operation, code: "ProcessFailed", message: `credential_process could not start: ${error.message}` },
            { cause: error },
          ),
        ),
      ),
    );
    child.on("close", (code, sig) => {
      const stdout = Buffer.concat(out).toString("utf8");
      const stderr = Buffer.concat(err).toString("utf8");
      if (code !== 0) {
        settle(() =>
          reject(
            new AwsCallError({
              operation,
              code: "ProcessFailed",
              message: `credential_process exited with ${code ?? sig ?? "an error"}: ${redactOpaqueTokens(stderr.trim()).slice(0, 200)}`,
            }),
          ),
        );
        return;
      }
      settle(() => {
        try {
          resolve(parseProcessCredentialOutput(stdout));
        } catch (e) {
          reject(
            e instanceof AwsCallError ? e : invalid(operation, "credential_process printed something that is not JSON"),
          );
        }
      });
    });
  });
}

/**
 * Go processcreds: the command's stdout is a JSON object with `Version` 1, `AccessKeyId`, `SecretAccessKey`, and
 * optionally `SessionToken` and `Expiration` (RFC 3339).
 * @throws AwsCallError (`invalid-response`) for anything else.
 */
export function parseProcessCredentialOutput(stdout: string): AwsCredentials {
  const operation = "process:credential_process";
  let json: unknown;
  try {
    json = JSON.parse(stdout);
  } catch {
    throw invalid(operation, "credential_process printed something that is not JSON");
  }
  const version = isJsonObject(json) ? json["Version"] : undefined;
  if (version !== 1)
    throw invalid(operation, `credential_process output has Version ${String(version)}; the Go SDK requires 1`);
  return parseCredentialJson(operation, stdout, {
    key: "AccessKeyId",
    secret: "SecretAccessKey",
    token: "SessionToken",
    expiration: "Expiration",
  });
}

/** IMDSv2 (token PUT), falling back to v1 when the token call is refused, like the Go SDK's imds client. */
async function imdsRoleCredentials(
  endpoint: string,
  signal: AbortSignal,
): Promise<AwsCredentials & { roleName: string }> {
  const operation = "imds:GetCredentials";
  const base = endpoint.replace(/\/+$/, "");
  let headers: Record<string, string> = {};
  const tokenRes = await fetch(`${base}/latest/api/token`, {
    method: "PUT",
    signal,
    headers: { "x-aws-ec2-metadata-token-ttl-seconds": "21600" },
  });
  if (tokenRes.ok) headers = { "x-aws-ec2-metadata-token": await tokenRes.text() };
  else await tokenRes.body?.cancel();
  const rolesRes = await fetch(`${base}/latest/meta-data/iam/security-credentials/`, { signal, headers });
  const roles = await rolesRes.text();
  const roleName = roles.split("\n")[0]?.trim() ?? "";
  if (!rolesRes.ok || !roleName) {
    throw new AwsCallError({
      operation,
      code: "NoRole",
      httpStatus: rolesRes.status,
      message: `no EC2 IMDS role found (HTTP ${rolesRes.status})`,
    });
  }
  const credRes = await fetch(`${base}/latest/meta-data/iam/security-credentials/${encodeURIComponent(roleName)}`, {
    signal,
    headers,
  });
  const text = await credRes.text();
  if (!credRes.ok)
    throw new AwsCallError({
      operation,
      code: `HTTP${credRes.status}`,
      httpStatus: credRes.status,
      message: text.slice(0, 200),
    });
  return {
    ...parseCredentialJson(operation, text, {
      key: "AccessKeyId",
      secret: "SecretAccessKey",
      token: "Token",
      expiration: "Expiration",
    }),
    roleName,
  };
}

/**
 * Reads the credentials JSON of credential_process, the container endpoint and IMDS.
 * @throws AwsCallError (`invalid-response`) when it is not a JSON object with both keys, or its expiration is not a time.
 */
export function parseCredentialJson(
  operation: string,
  text: string,
  names: { key: string; secret: string; token: string; expiration: string },
): AwsCredentials {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw invalid(operation, "the credentials response is not JSON");
  }
  // `null`, a number or an array parse fine but hold no credentials (reading a key of null threw a TypeError).
  if (!isJsonObject(parsed)) throw invalid(operation, "the credentials response is not a JSON object");
  const json = parsed;
  const key = json[names.key];
  const secret = json[names.secret];
  if (typeof key !== "string" || typeof secret !== "string" || !key || !secret)
    throw invalid(operation, `the credentials response lacks ${names.key}/${names.secret}`);
  const token = json[names.token];
  const expiration = json[names.expiration];
  // Go decodes Expiration into a time.Time and fails on anything else; an Invalid Date made verify's report throw.
  const expiresAt = typeof expiration === "string" ? new Date(expiration) : undefined;
  if (expiresAt && Number.isNaN(expiresAt.getTime()))
    throw invalid(operation, `the credentials response has an ${names.expiration} that is not a time`);
  return {
    accessKeyId: key,
    secretAccessKey: secret,
    ...(typeof token === "string" && token ? { sessionToken: token } : {}),
    ...(expiresAt ? { expiration: expiresAt } : {}),
  };
}

function isJsonObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
