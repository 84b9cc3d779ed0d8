/**
 * s3.bucket: HeadBucket, which every other S3 check depends on. The S3 checks run in the order Terraform touches
 * the bucket (verify.ts runS3Checks): workspaces listing (StateMgr → ListObjectsV2), state read (RefreshState →
 * HeadObject, GetObject), then what Terraform does not call but users need to know (bucket region, bucket policy,
 * default encryption, versioning, a held lockfile).
 */
import type { VerifyContext } from "./context.js";
import { backendFixTarget, describeRegionOrigin } from "./identity.js";
import * as msg from "./messages/s3.js";
import type { CheckId, Diagnosis } from "./report.js";
import { handleGenericS3Failure, isS3Check } from "./s3-common.js";

/**
 * HeadBucket: not a Terraform call, but the cheapest way to learn that the bucket is missing or lives in another
 * region (x-amz-bucket-region, also sent with 301 and 403). Returns false when no other S3 check can work.
 */
export async function checkBucket(ctx: VerifyContext): Promise<boolean> {
  const id: CheckId = "s3.bucket";
  const { bucket, region } = ctx.settings;
  const regionOrigin = describeRegionOrigin(ctx.explanation);
  const r = await ctx.call("s3", "s3:HeadBucket", () => ctx.aws.headBucket(ctx.s3(), bucket));
  const actual = r.ok ? r.value.region : (r.error?.bucketRegion ?? null);
  if (actual && actual !== region) {
    ctx.record(id, "fail", msg.bucketInOtherRegion(bucket, actual, region, regionOrigin), {
      calls: ["s3:HeadBucket"],
      ...(r.ok ? {} : { error: r.error! }),
      diagnosis: regionDiagnosis(ctx, actual),
    });
    ctx.skipPending((x) => isS3Check(x), msg.bucketRedirectedTo(actual));
    return false;
  }
  if (r.ok) {
    ctx.record(id, "pass", msg.bucketExists(bucket, actual), { calls: ["s3:HeadBucket"] });
    return true;
  }
  if (r.skipped !== undefined) {
    ctx.skipPending((x) => isS3Check(x), r.skipped);
    return false;
  }
  const error = r.error;
  if (error.httpStatus === 301) {
    ctx.record(id, "fail", msg.bucketRedirectedUnknown(bucket, region, regionOrigin), {
      error,
      diagnosis: regionDiagnosis(ctx, null),
    });
    ctx.skipPending((x) => isS3Check(x), msg.BUCKET_REDIRECTED);
    return false;
  }
  if (error.httpStatus === 404 || error.awsCode === "NoSuchBucket") {
    const bucketAt = ctx.explanation.backend.attributes.find((a) => a.name === "bucket")?.at
      ? atOf(ctx, "bucket")
      : null;
    ctx.record(id, "fail", msg.bucketMissing(bucket, ctx.settings.endpoints.s3), {
      error,
      diagnosis: msg.bucketMissingDiagnosis(bucket, region, regionOrigin, backendFixTarget(ctx.explanation), bucketAt),
    });
    ctx.skipPending((x) => isS3Check(x), msg.bucketMissingSkip(bucket));
    return false;
  }
  return handleGenericS3Failure(ctx, id, error, {
    denied: () => {
      ctx.record(id, "warn", msg.headBucketDenied(bucket), { error });
      return true;
    },
  });
}

function regionDiagnosis(ctx: VerifyContext, actual: string | null): Diagnosis {
  const r = ctx.explanation.region;
  const fixTarget = backendFixTarget(ctx.explanation);
  const fixAt =
    r.value !== null && r.from === "backend"
      ? { kind: "backend" as const, at: r.at ? `${r.at.file}:${r.at.line}` : null, fixTarget }
      : r.value !== null && r.from !== null
        ? { kind: "env" as const, variable: r.from, fixTarget }
        : null;
  return msg.regionDiagnosis(ctx.settings.region, describeRegionOrigin(ctx.explanation), actual, fixAt);
}

function atOf(ctx: VerifyContext, name: string): string {
  const at = ctx.explanation.backend.attributes.find((a) => a.name === name)?.at;
  return at ? `${at.file}:${at.line}` : name;
}
