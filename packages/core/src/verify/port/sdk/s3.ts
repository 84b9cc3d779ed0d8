/** S3: the calls Terraform's backend makes on the bucket, the state and the lockfile (and the probes' clean-up). */
import type * as S3 from "@aws-sdk/client-s3";
import type { AccessAnswer, AwsPort, S3Target, SseHeaders } from "../aws-port.js";
import type { Seen } from "./budget.js";
import { baseConfig, creds, runSdkCall as run } from "./client.js";
import { errorName } from "./errors.js";
import { load } from "./load.js";

type S3Calls = Pick<
  AwsPort,
  | "headBucket"
  | "listObjectsV2"
  | "headObject"
  | "getObject"
  | "getBucketPolicy"
  | "getBucketVersioning"
  | "getBucketEncryption"
  | "putObject"
  | "deleteObject"
  | "listObjectVersions"
  | "putObjectAccess"
  | "deleteObjectAccess"
>;

type S3ClientFor = (target: S3Target) => (seen: Seen) => Promise<S3.S3Client>;

/** `env`: AWS_REQUEST_CHECKSUM_CALCULATION decides the checksum mode, as it does for Terraform's client. */
function s3ClientFor(env: Readonly<Record<string, string | undefined>>): S3ClientFor {
  return (target) => async (seen) => {
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
}

export function s3Calls(env: Readonly<Record<string, string | undefined>>): S3Calls {
  const s3 = s3ClientFor(env);
  return { ...s3ReadCalls(s3), ...s3WriteCalls(s3), ...s3AccessCalls(s3) };
}

/** The reads Terraform and verify make (and GetBucketPolicy/Versioning/Encryption, verify's own). */
function s3ReadCalls(s3: S3ClientFor) {
  return {
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
  } satisfies Partial<S3Calls>;
}

/** An ETag no object has (a real one is the hex MD5 of its body, 32 characters; this one is 32 zeros). */
const NO_SUCH_ETAG = '"00000000000000000000000000000000"';
/** The base64 MD5 of the 1-byte body "x", sent with an empty body: a digest that never matches. */
const WRONG_MD5 = "ndTkYSaMgDT1yFZOFVxnpg==";
/** What S3 answers an authorised request whose guard failed: nothing was written. */
const GUARD_FAILED = new Set(["NoSuchKey", "NotFound", "PreconditionFailed", "BadDigest", "InvalidDigest"]);

/** Authorisation checks that cannot write (read-only verify). */
function s3AccessCalls(s3: S3ClientFor): Pick<S3Calls, "putObjectAccess" | "deleteObjectAccess"> {
  const guarded = async (send: () => Promise<unknown>): Promise<AccessAnswer> => {
    try {
      await send();
      return "written";
    } catch (e) {
      if (GUARD_FAILED.has(errorName(e) ?? "")) return "allowed";
      throw e;
    }
  };
  return {
    putObjectAccess: (target, p) =>
      run("s3:PutObject", target, s3(target), async (client, abortSignal) => {
        const { PutObjectCommand } = await load.s3();
        const command = new PutObjectCommand({
          Bucket: p.bucket,
          Key: p.key,
          Body: "",
          ContentMD5: WRONG_MD5,
          ...(p.exists ? { IfNoneMatch: "*" } : { IfMatch: NO_SUCH_ETAG }),
          ...writeSse(p.sse),
          ...(p.acl ? { ACL: p.acl as S3.ObjectCannedACL } : {}),
        });
        return guarded(() => client.send(command, { abortSignal }));
      }),
    deleteObjectAccess: (target, p) =>
      run("s3:DeleteObject", target, s3(target), async (client, abortSignal) => {
        const { DeleteObjectCommand } = await load.s3();
        const command = new DeleteObjectCommand({ Bucket: p.bucket, Key: p.key, IfMatch: NO_SUCH_ETAG });
        return guarded(() => client.send(command, { abortSignal }));
      }),
  };
}

/** Write probes and their clean-up only. */
function s3WriteCalls(s3: S3ClientFor) {
  return {
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
  } satisfies Partial<S3Calls>;
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
