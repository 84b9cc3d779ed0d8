/**
 * Executes the credential plan explain chose, one source and one role hop at a time, the way aws-sdk-go-base
 * does: base provider (getCredentialsProvider / resolveCredentialChain arm), then profile role_arn hops
 * (credsFromAssumeRole, main region), then the backend's assume_role (assumeRoleCredentialsProvider, sts_region).
 * Never a JS provider chain: each source is called directly.
 */
import type { RoleHop } from "../chain/plan.js";
import { goUnixNano } from "./base-credentials.js";
import { type CheckResult, checkResult } from "./check-log.js";
import type { VerifyContext } from "./context.js";
import { credentialDiagnosis, isCredentialError, isTransport, transportDiagnosis, whyIdentity } from "./diagnose.js";
import { backendFixTarget } from "./identity.js";
import * as msg from "./messages/credentials.js";
import type { AwsCallError, AwsCredentials } from "./port/aws-port.js";
import type { CheckId, Diagnosis } from "./report.js";

/** A role hop's result, and the role's credentials when the hop worked (else Terraform stops there). */
export interface HopOutcome {
  readonly result: CheckResult;
  readonly credentials: AwsCredentials | null;
}

/** credentials.assume-role[i]: AssumeRole with the credentials before this hop, in the hop's STS region. */
export async function assumeHop(
  ctx: VerifyContext,
  id: CheckId,
  hop: RoleHop,
  creds: AwsCredentials,
): Promise<HopOutcome> {
  const via = hop.via === "backend" ? "backend" : "chain";
  const r = await ctx.call("sts", "sts:AssumeRole", () =>
    ctx.aws.assumeRole(ctx.signedSts(via, creds), {
      roleArn: hop.roleArn,
      // Go defaults: stscreds `aws-go-sdk-<unixnano>` when no session name is configured.
      sessionName: hop.sessionName ?? `aws-go-sdk-${goUnixNano(ctx)}`,
      ...(hop.externalId ? { externalId: hop.externalId } : {}),
      ...(hop.durationSeconds ? { durationSeconds: hop.durationSeconds } : {}),
      ...(hop.policy ? { policy: hop.policy.trim() } : {}),
      ...(hop.policyArns ? { policyArns: hop.policyArns } : {}),
      ...(hop.tags ? { tags: hop.tags } : {}),
      ...(hop.transitiveTagKeys ? { transitiveTagKeys: hop.transitiveTagKeys } : {}),
      ...(hop.sourceIdentity ? { sourceIdentity: hop.sourceIdentity } : {}),
    }),
  );
  const source = msg.hopSource(hop.via);
  const title = msg.hopTitle(hop.roleArn, source);
  if (r.ok) {
    const region = ctx.signedSts(via, creds).region;
    const result = checkResult(id, "pass", msg.hopAssumed(hop.roleArn, r.value.assumedRoleArn, source, region), {
      calls: ["sts:AssumeRole"],
      title,
    });
    return { result, credentials: r.value };
  }
  if (r.skipped !== undefined)
    return { result: checkResult(id, "not-checked", r.skipped, { title }), credentials: null };
  const error = r.error;
  const terraformError = msg.hopTerraformError(hop.via, hop.roleArn);
  let diagnosis: Diagnosis;
  if (isTransport(error)) diagnosis = transportDiagnosis(ctx, "sts", error);
  else if (isCredentialError(error)) diagnosis = credentialDiagnosis(ctx, error);
  else {
    const extraActions = [
      hop.tags || hop.transitiveTagKeys ? "sts:TagSession" : null,
      hop.sourceIdentity ? "sts:SetSourceIdentity" : null,
    ].filter((x) => x !== null);
    diagnosis = msg.hopDeniedDiagnosis({
      assumer: describeAssumer(error),
      roleArn: hop.roleArn,
      externalId: !!hop.externalId,
      why: whyIdentity(ctx),
      extraActions,
      fixIn: hop.via === "backend" ? backendFixTarget(ctx.explanation) : "the profile",
    });
  }
  const status = error.kind === "aborted" ? "not-checked" : "fail";
  const result = checkResult(id, status, msg.hopFailed(hop.roleArn, error.awsCode, terraformError), {
    error,
    diagnosis,
    title,
  });
  return { result, credentials: null };
}

/** STS names the caller in its AccessDenied text: "User: arn:… is not authorized to perform: sts:AssumeRole…". */
function describeAssumer(error: AwsCallError): string {
  const m = /User: (arn:\S+) is not authorized/.exec(error.message);
  return m ? m[1]! : "The caller";
}
