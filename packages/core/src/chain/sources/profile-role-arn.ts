/**
 * A profile's role_arn on top of its base credentials. Mirrors aws/aws-sdk-go-v2 config/resolve_credentials.go
 * resolveCredsFromProfile `if len(sharedConfig.RoleARN) > 0` → credsFromAssumeRole (mfa_serial needs a token
 * provider Terraform never sets).
 */
import { profileKeyEvidence } from "../../evidence.js";
import { formatLocation } from "../../location.js";
import type { ChainWalk } from "../chain-walk.js";
import { profileRoleHop } from "../credential-plans.js";
import type { ChainProfile } from "../profile-types.js";
import { type BaseCredentials, type DecidedOutcome, failure, picked } from "../source-outcome.js";

export function profileRoleArn(walk: ChainWalk, profile: ChainProfile, base: BaseCredentials): DecidedOutcome {
  const { recorder } = walk;
  const role = profile.roleArn!;
  const title = `role_arn of "${profile.name}"`;
  if (profile.mfaSerial) {
    const message =
      `Profile "${profile.name}" sets mfa_serial (${formatLocation(profile.mfaSerial.at)}): ` +
      "Terraform cannot prompt for an MFA code, so this role can never be assumed by the S3 backend.";
    recorder.error({
      id: "profile.role-arn",
      title,
      code: "mfa-serial-unsupported",
      message,
      evidence: [profileKeyEvidence(profile.name, "mfa_serial", profile.mfaSerial.value, profile.mfaSerial.at)],
      extras: { roleArn: role.value },
    });
    recorder.diagnose({
      code: "mfa-serial-unsupported",
      severity: "error",
      message,
      location: profile.mfaSerial.at,
      fix:
        "Get MFA-backed session credentials first (aws-vault, granted, `aws sts get-session-token`) " +
        "and export them, or use a credential_process that handles MFA.",
    });
    return failure({
      code: "mfa-serial-unsupported",
      message,
      terraformError: "assume role with MFA enabled, but AssumeRoleTokenProvider session option not set.",
    });
  }
  recorder.applied({
    id: "profile.role-arn",
    title,
    code: "profile-role-arn",
    message:
      `Profile "${profile.name}" sets role_arn (${formatLocation(role.at)}): ` +
      "the Go SDK assumes it on top of the credentials above" +
      `${profile.credentials ? " (even though the profile has its own keys)" : ""}.`,
    evidence: [profileKeyEvidence(profile.name, "role_arn", role.value, role.at)],
    roleArn: role.value,
  });
  return picked({
    source: "AssumeRoleProvider",
    accessKeyId: null,
    sourceFile: null,
    profileRoles: [...base.profileRoles, profileRoleHop(profile)],
    plan: base.plan,
  });
}
