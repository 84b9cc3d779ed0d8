export {
  type AssumeRoleParams,
  type AssumeRoleWithWebIdentityParams,
  AwsCallError,
  type AwsCredentials,
  type AwsFailureKind,
  type AwsPort,
  type BucketEncryptionRule,
  type CallerIdentity,
  type CallTarget,
  isAwsCallError,
  type KmsKeyDescription,
  type ObjectBody,
  type ObjectHead,
  type ObjectVersion,
  type RoleCredentials,
  type S3Target,
  type SignedTarget,
  type SseHeaders,
  type TableDescription,
} from "./aws-port.js";
export {
  type ActionAnalysis,
  analyzeBucketPolicy,
  type BucketPolicyAnalysis,
  type PolicyAnalysisOptions,
  type PolicyCaller,
  type PolicyDecision,
  type PolicyRequest,
  type StatementRef,
} from "./bucket-policy.js";
export { createDedupingAwsPort, type DedupeStats, type DedupingAwsPort } from "./deduping-port.js";
export { type LockInfo, parseLockInfo } from "./lock-info.js";
export type {
  Check,
  CheckAwsError,
  CheckId,
  CheckStatus,
  Diagnosis,
  TerraformStep,
  VerifiedIdentity,
  VerifyReport,
  VerifySummary,
} from "./report.js";
export { createSdkAwsPort, type SdkAwsPortOptions } from "./sdk-aws-port.js";
export {
  cleanupGraceMs,
  DEFAULT_VERIFY_TIMEOUT_MS,
  type VerifyInput,
  type VerifyWorld,
  verifyBackend,
} from "./verify.js";
