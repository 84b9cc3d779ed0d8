/**
 * `backendPolicy()`: explains the module offline (explainWithPlan) for the settings and the identity Terraform will
 * use, then derives the least-privilege policy from the call model (derive-policy.ts). The only I/O is explain's.
 */
import type { CredentialPlan } from "../chain/plan.js";
import { type ExplainInput, explainWithPlan } from "../explain.js";
import { maskAccessKeyId } from "../redact.js";
import type { Explanation } from "../trace.js";
import { createNodeWorld } from "../world/node-world.js";
import type { World } from "../world/world.js";
import { derivePolicy, type PolicyIdentity, type PolicySettings } from "./derive-policy.js";
import type { BackendPolicy, PolicyOptions } from "./policy-types.js";

export interface BackendPolicyInput extends ExplainInput, PolicyOptions {}

/** The backend policy, with the explanation it was derived from (which identity, which settings, diagnostics). */
export interface BackendPolicyReport {
  readonly policy: BackendPolicy;
  readonly explanation: Explanation;
}

/** The base credentials in words: the source explain names, the profile, the key id masked (first 4 + last 4). */
function describeBase(explanation: Explanation, plan: CredentialPlan | null): string {
  const c = explanation.credentials;
  const keyId = plan?.base.kind === "static" ? maskAccessKeyId(plan.base.accessKeyId) : c.accessKeyId;
  const source =
    plan !== null && plan.roles.length > 0 ? `${plan.base.kind} credentials` : (c.source ?? "no credentials");
  const parts = [c.profile ? `profile ${c.profile.name}` : null, keyId ? `key ${keyId}` : null].filter(
    (p) => p !== null,
  );
  return parts.length === 0 ? source : `${source} (${parts.join(", ")})`;
}

export function identityOf(explanation: Explanation, plan: CredentialPlan | null): PolicyIdentity {
  const c = explanation.credentials;
  const roles =
    plan?.roles.map((hop) => ({
      roleArn: hop.roleArn,
      via: hop.via,
      tags: Object.keys(hop.tags ?? {}).length > 0,
      sourceIdentity: hop.sourceIdentity !== undefined,
    })) ?? c.assumeRoles.map((roleArn) => ({ roleArn, via: "backend" as const, tags: false, sourceIdentity: false }));
  const why = c.error?.message ?? c.unknown?.message ?? "see tfwhy explain";
  const unknown =
    c.status === "resolved"
      ? null
      : `Terraform would not get credentials (${c.status}: ${why}); the policy is for whichever principal it uses.`;
  return { base: describeBase(explanation, plan), roles, unknown };
}

/**
 * The least-privilege IAM policy for the S3 backend of `input.dir` as Terraform 1.11.4 would use it: the statements
 * the principal that signs Terraform's calls needs for the chosen commands (from the call model), `sts:AssumeRole`
 * for each role hop, and the bucket-policy statements for `bucketPolicyPrincipal` when given. Offline.
 *
 * Throws `InvalidInputError` when the configuration cannot be read (as explainCredentials does).
 *
 * @example
 * const { policy } = await backendPolicy({ dir: "infra", backendConfig: ["env/prod.hcl"], operations: "plan" });
 * console.log(JSON.stringify(policy.identity.document, null, 2));
 */
export async function backendPolicy(
  input: BackendPolicyInput,
  world: World = createNodeWorld(),
): Promise<BackendPolicyReport> {
  const { dir, backendConfig, workspace } = input;
  const explained = await explainWithPlan(
    {
      dir,
      ...(backendConfig === undefined ? {} : { backendConfig }),
      ...(workspace === undefined ? {} : { workspace }),
    },
    world,
  );
  const s = explained.settings;
  const settings: PolicySettings = {
    bucket: s.bucket,
    key: s.key,
    workspaceKeyPrefix: s.workspaceKeyPrefix,
    dynamodbTable: s.dynamodbTable,
    useLockfile: s.useLockfile,
    writeSse: s.writeSse,
    readSse: s.readSse,
    region: s.region,
    kmsKeyId: s.kmsKeyId,
    acl: s.acl,
  };
  const policy = derivePolicy(settings, identityOf(explained.explanation, explained.plan), input);
  // The policy quotes only ARNs, names and masked key ids; the redactor is the last net all the same.
  return { policy: explained.redactor.redactDeep(policy), explanation: explained.explanation };
}
