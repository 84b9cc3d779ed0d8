/**
 * s3.bucket: HeadBucket, which every other S3 check depends on. The S3 checks run in the order Terraform touches
 * the bucket (verify.ts runS3Checks): workspaces listing (StateMgr → ListObjectsV2), state read (RefreshState →
 * HeadObject, GetObject), then what Terraform does not call but users need to know (bucket region, bucket policy,
 * default encryption, versioning, a held lockfile).
 */
import { checkResult } from "./check-log.js";
import type { VerifyContext } from "./context.js";
import { backendFixTarget, describeRegionOrigin } from "./identity.js";
import * as msg from "./messages/s3.js";
import type { CheckId, Diagnosis } from "./report.js";
import { genericS3Failure, type S3Outcome, s3Outcome } from "./s3-common.js";

/**
 * HeadBucket: not a Terraform call, but the cheapest way to learn that the bucket is missing or lives in another
 * region (x-amz-bucket-region, also sent with 301 and 403). `proceed` is false when no other S3 check can work.
 */
export async function checkBucket(ctx: VerifyContext): Promise<S3Outcome> {
  const id: CheckId = "s3.bucket";
  const { bucket, region } = ctx.settings;
  const regionOrigin = describeRegionOrigin(ctx.explanation);
  const r = await ctx.call("s3", "s3:HeadBucket", () => ctx.aws.headBucket(ctx.s3(), bucket));
  const actual = r.ok ? r.value.region : (r.error?.bucketRegion ?? null);
  if (actual && actual !== region) {
    const result = checkResult(id, "fail", msg.bucketInOtherRegion(bucket, actual, region, regionOrigin), {
      calls: ["s3:HeadBucket"],
      ...(r.ok ? {} : { error: r.error! }),
      diagnosis: regionDiagnosis(ctx, actual),
    });
    return s3Outcome(result, false, msg.bucketRedirectedTo(actual));
  }
  if (r.ok) return s3Outcome(checkResult(id, "pass", msg.bucketExists(bucket, actual), { calls: ["s3:HeadBucket"] }));
  if (r.skipped !== undefined) return s3Outcome(null, false, r.skipped);
  const error = r.error;
  if (error.httpStatus === 301) {
    const result = checkResult(id, "fail", msg.bucketRedirectedUnknown(bucket, region, regionOrigin), {
      error,
      diagnosis: regionDiagnosis(ctx, null),
    });
    return s3Outcome(result, false, msg.BUCKET_REDIRECTED);
  }
  if (error.httpStatus === 404 || error.awsCode === "NoSuchBucket") {
    const bucketAt = ctx.explanation.backend.attributes.find((a) => a.name === "bucket")?.at
      ? atOf(ctx, "bucket")
      : null;
    const result = checkResult(id, "fail", msg.bucketMissing(bucket, ctx.settings.endpoints.s3), {
      error,
      diagnosis: msg.bucketMissingDiagnosis(bucket, region, regionOrigin, backendFixTarget(ctx.explanation), bucketAt),
    });
    return s3Outcome(result, false, msg.bucketMissingSkip(bucket));
  }
  return genericS3Failure(ctx, id, error, () => checkResult(id, "warn", msg.headBucketDenied(bucket), { error }));
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
