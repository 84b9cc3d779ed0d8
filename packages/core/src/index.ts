// The public API of @tfwhy/core. Keep it small: every name here is a promise to library users, and
// test/public-api.test.ts pins the runtime names. Internals stay reachable inside core by relative imports.
export {
  BackendConfigFileNotFoundError,
  InternalError,
  InvalidInputError,
  NestingTooDeepError,
  NoS3RootModuleError,
  NotS3BackendError,
  TfwhyError,
  type TfwhyErrorCode,
} from "./errors.js";
export { type ExplainInput, explainCredentials } from "./explain.js";
export type { Location } from "./location.js";
export {
  type BackendPolicyInput,
  type BackendPolicyReport,
  backendPolicy,
} from "./policy/backend-policy.js";
export type {
  ActionNeed,
  BackendPolicy,
  ExplainedStatement,
  PolicyCondition,
  PolicyDocument,
  PolicyOperations,
  PolicyOptions,
  PolicyStatement,
  PolicyWorkspaces,
  PrincipalPolicy,
} from "./policy/policy-types.js";
export { type GrantingStatement, statementGranting } from "./policy/statement-for.js";
export {
  DIAGNOSTIC_CODES,
  type DiagnosticCode,
  STEP_REASON_CODES,
  type StepReasonCode,
  VERIFY_CHECK_CODES,
} from "./reasons.js";
export { maskAccessKeyId } from "./redact.js";
export { isValidWorkspaceName } from "./settings/workspace.js";
export type * from "./trace.js";
export { type ExplainModule, explainTree } from "./tree/explain-tree.js";
export type {
  ModuleBase,
  ModuleError,
  ModuleResult,
  SkippedDirectory,
  TreeEvent,
  TreeExplanation,
  TreeInput,
  TreeVerifyReport,
  VerifyModuleResult,
} from "./tree/types.js";
export { type VerifyModule, type VerifyTreeInput, verifyTree } from "./tree/verify-tree.js";
export { type CheckKind, checkCode } from "./verify/check-code.js";
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
  type Check,
  type CheckAwsError,
  type CheckId,
  type CheckStatus,
  type DedupeStats,
  type Diagnosis,
  type KmsKeyDescription,
  type ObjectBody,
  type ObjectHead,
  type ObjectVersion,
  type RoleCredentials,
  type S3Target,
  type SignedTarget,
  type SseHeaders,
  type TableDescription,
  type TerraformStep,
  type VerifiedIdentity,
  type VerifyInput,
  type VerifyReport,
  type VerifySummary,
  type VerifyWorld,
  verifyBackend,
} from "./verify/index.js";
export { createNodeWorld } from "./world/node-world.js";
export type { DirEntry, DirList, FileRead, World, WorldFs } from "./world/world.js";
