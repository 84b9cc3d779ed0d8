/**
 * The credential chain of Terraform 1.11's S3 backend, in Terraform's order: hashicorp/aws-sdk-go-base v2
 * aws_config.go GetAwsConfig and credentials.go getCredentialsProvider, around aws/aws-sdk-go-v2
 * config/resolve_credentials.go resolveCredentialChain and resolveCredsFromProfile, then the backend's own
 * `assume_role_with_web_identity` and `assume_role`. Each source lives in sources/, one file per Go function.
 */
import type { CredentialsAnswer } from "../trace.js";
import { diagnoseDefaultProfile, failedAnswer, profileInvolved } from "./answer.js";
import type { ChainInput } from "./chain-input.js";
import type { ChainOutcome } from "./chain-outcome.js";
import { ChainWalk } from "./chain-walk.js";
import type { CredentialPlan } from "./plan.js";
import { emptyProfile } from "./profile-facts.js";
import type { BaseCredentials, DecidedOutcome } from "./source-outcome.js";
import { backendAssumeRole } from "./sources/backend-assume-role.js";
import {
  backendStaticAttributes,
  backendStaticKeys,
  recordBackendStaticKeysAbsent,
} from "./sources/backend-static-keys.js";
import {
  backendWebIdentity,
  recordFailureReplaced,
  webIdentityReplacesFailure,
} from "./sources/backend-web-identity.js";
import { environmentKeys, markEnvShadowedByBackendProfile } from "./sources/env-keys.js";
import { environmentWebIdentity } from "./sources/env-web-identity.js";
import { resolveCredsFromProfile } from "./sources/profile.js";
import { loadSharedConfigProfile } from "./sources/shared-config-profile.js";
import { unknownWhenUnevaluated } from "./unknown-offline.js";
import { markRemainingUnreached } from "./unreached.js";

export type { ChainInput } from "./chain-input.js";
export type { ChainOutcome } from "./chain-outcome.js";

/**
 * Walks the chain: every source Terraform would look at becomes a step, in the order Terraform looks at it.
 * When a credential attribute is an expression tfwhy does not evaluate, the answer is unknown offline.
 */
export async function walkTerraformChain(input: ChainInput): Promise<ChainOutcome> {
  return unknownWhenUnevaluated(await getCredentialsProvider(new ChainWalk(input)), input.unevaluated);
}

/** aws-sdk-go-base getCredentialsProvider: base credentials, then the backend's web identity, then assume_role. */
async function getCredentialsProvider(walk: ChainWalk): Promise<ChainOutcome> {
  const staticAttributes = backendStaticAttributes(walk);
  const staticBranch = staticAttributes.length > 0;
  const base = staticBranch ? backendStaticKeys(walk, staticAttributes) : await resolveCredentialChain(walk);
  // A chain that would fail only at retrieval is replaced by the backend's web identity before that.
  const replaced = base.kind === "failure" && webIdentityReplacesFailure(walk, base.failure);
  markRemainingUnreached(walk, base.kind === "picked" ? "provided" : replaced ? "chosen" : "failed");
  if (base.kind === "failure" && !replaced) return outcome(walk, failedAnswer(walk, base.failure));
  if (base.kind === "failure") recordFailureReplaced(walk, base.failure);

  const webIdentity = await backendWebIdentity(walk, staticBranch);
  if (webIdentity.kind === "failure") return outcome(walk, failedAnswer(walk, webIdentity.failure));
  const effectiveBase = webIdentity.kind === "picked" ? webIdentity.credentials : pickedCredentials(base);
  const backendRole = backendAssumeRole(walk);
  const hops = [...effectiveBase.profileRoles, ...(backendRole ? [backendRole] : [])];
  diagnoseDefaultProfile(walk, effectiveBase);
  // `Retrieved credentials` logs the assume-role provider's source when a backend assume_role sits on a chain
  // source, but the static provider's when it sits on backend keys (checked against Terraform 1.11.4).
  const source = backendRole && !staticBranch ? "AssumeRoleProvider" : effectiveBase.source;
  const credentials: CredentialsAnswer = {
    status: "resolved",
    source,
    sourceFile: effectiveBase.sourceFile,
    accessKeyId: hops.length > 0 ? null : effectiveBase.accessKeyId,
    profile: profileInvolved(walk, effectiveBase),
    assumeRoles: hops.map((hop) => hop.roleArn),
  };
  return outcome(walk, credentials, { base: effectiveBase.plan, roles: hops });
}

/** aws-sdk-go-v2 config.resolveCredentialChain: a backend profile, env keys, env web identity, then the profile. */
async function resolveCredentialChain(walk: ChainWalk): Promise<DecidedOutcome> {
  recordBackendStaticKeysAbsent(walk);
  const loadFailure = loadSharedConfigProfile(walk, "");
  if (loadFailure) return loadFailure;
  const name = walk.profileName;
  // `case sharedProfileSet:` only a programmatic profile (the backend attribute) comes before the environment.
  if (name.from === "backend") {
    markEnvShadowedByBackendProfile(walk);
    return resolveCredsFromProfile(walk, walk.loadedProfile!, []);
  }
  // `case envConfig.Credentials.HasKeys():`
  const envKeys = environmentKeys(walk);
  if (envKeys.kind !== "skipped") return envKeys;
  // `case len(envConfig.WebIdentityTokenFilePath) > 0:`
  const webIdentity = await environmentWebIdentity(walk);
  if (webIdentity.kind !== "skipped") return webIdentity;
  // `default:` resolveCredsFromProfile with the loaded profile, or an empty one when it was silently not found.
  return resolveCredsFromProfile(walk, walk.loadedProfile ?? emptyProfile(name.name), []);
}

/** The chain's credentials when the backend's web identity did not replace them (it replaces every failure let on). */
function pickedCredentials(base: DecidedOutcome): BaseCredentials {
  if (base.kind === "picked") return base.credentials;
  throw new Error(`tfwhy bug: a failed chain (${base.failure.code}) went on without the backend's web identity`);
}

function outcome(walk: ChainWalk, credentials: CredentialsAnswer, plan: CredentialPlan | null = null): ChainOutcome {
  return {
    steps: walk.recorder.steps,
    diagnostics: walk.recorder.diagnostics,
    credentials,
    profileName: walk.profileName,
    profile: walk.loadedProfile,
    plan,
  };
}
