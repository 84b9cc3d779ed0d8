export { verifyBackend, DEFAULT_VERIFY_TIMEOUT_MS, cleanupGraceMs, type VerifyInput, type VerifyWorld } from "./verify.js";
export type {
  Check,
  CheckAwsError,
  CheckId,
  CheckStatus,
  Diagnosis,
  VerifiedIdentity,
  VerifyReport,
  VerifySummary,
} from "./report.js";
export {
  AwsCallError,
  isAwsCallError,
  type AwsFailureKind,
  type AwsPort,
  type AwsCredentials,
  type CallTarget,
  type SignedTarget,
  type S3Target,
  type SseHeaders,
  type CallerIdentity,
  type AssumeRoleParams,
  type AssumeRoleWithWebIdentityParams,
  type RoleCredentials,
  type ObjectHead,
  type ObjectBody,
  type ObjectVersion,
  type BucketEncryptionRule,
  type TableDescription,
  type KmsKeyDescription,
} from "./aws-port.js";
export { createSdkAwsPort, type SdkAwsPortOptions } from "./sdk-aws-port.js";
export { createDedupingAwsPort, type DedupingAwsPort, type DedupeStats } from "./deduping-port.js";
export {
  analyzeBucketPolicy,
  type BucketPolicyAnalysis,
  type ActionAnalysis,
  type PolicyCaller,
  type PolicyRequest,
  type PolicyDecision,
  type PolicyAnalysisOptions,
  type StatementRef,
} from "./bucket-policy.js";
export { parseLockInfo, type LockInfo } from "./lock-info.js";
