/** What a bucket-policy analysis is asked about: the caller, the request, the options. */
/** The identity S3 sees. For an assumed-role session `arn` is the session ARN and `roleArn` the role's. */
export interface PolicyCaller {
  readonly arn: string;
  readonly accountId: string;
  readonly roleArn?: string | null;
  /** GetCallerIdentity UserId: `AIDA…` for users, `AROA…:session` for role sessions (principals may be unique ids). */
  readonly userId?: string | null;
}

/** One call to judge: the IAM action, the object key (object actions) and request context we know. */
export interface PolicyRequest {
  readonly action: string;
  /** Object key for object-level actions; omitted for bucket-level actions such as s3:ListBucket. */
  readonly key?: string;
  /** The `s3:prefix` a ListObjectsV2 request carries. */
  readonly prefix?: string;
}

export interface PolicyAnalysisOptions {
  /** The bucket owner's account, when known; null means "assumed to be the caller's account". */
  readonly bucketAccountId?: string | null;
  /** Whether the requests use https (aws:SecureTransport). */
  readonly secureTransport?: boolean;
  readonly partition?: string;
}
