/**
 * The Terraform step a failing credentials check stands for. These calls come before any S3 call, at `init`
 * (the backend's Configure), whatever the pipeline runs next, so they always fail it: the base source's own call
 * (web identity, SSO), each role hop, then the credentials' validation.
 */
import type { CredentialPlan } from "../chain/plan.js";
import type { Check, TerraformStep } from "./report.js";

// hashicorp/aws-sdk-go-base v2 aws_config.go GetAwsConfig: the backend's chain, assume_role and validation.
const GET_AWS_CONFIG = "aws-sdk-go-base aws_config.go GetAwsConfig";
// aws/aws-sdk-go-v2 config/resolve_credentials.go resolveCredsFromProfile: a profile's role_arn and SSO.
const FROM_PROFILE = "aws-sdk-go-v2 resolve_credentials.go resolveCredsFromProfile";

const step = (fields: Omit<TerraformStep, "command" | "conditions">): TerraformStep => ({
  command: "init",
  conditions: [],
  ...fields,
});

/** The step, or null when the check is not a credentials check or its source makes no AWS call. */
export function credentialStep(check: Check, plan: CredentialPlan | null): TerraformStep | null {
  if (check.id === "sts.caller-identity") {
    return step({
      step: "validating the credentials",
      goFunction: GET_AWS_CONFIG,
      call: "sts:GetCallerIdentity",
      action: "sts:GetCallerIdentity",
      resource: "*",
    });
  }
  const hop = /^credentials\.assume-role\[(\d+)\]$/.exec(check.id);
  if (hop && plan) {
    const role = plan.roles[Number(hop[1])];
    if (!role) return null;
    return step({
      step: role.via === "backend" ? "assuming the backend's assume_role" : "assuming the profile's role_arn",
      goFunction: role.via === "backend" ? GET_AWS_CONFIG : FROM_PROFILE,
      call: "sts:AssumeRole",
      action: "sts:AssumeRole",
      resource: role.roleArn,
    });
  }
  if (check.id !== "credentials.base" || !plan) return null;
  const base = plan.base;
  if (base.kind === "web-identity") {
    return step({
      step: "obtaining web identity credentials",
      goFunction: base.fromBackend ? GET_AWS_CONFIG : FROM_PROFILE,
      call: "sts:AssumeRoleWithWebIdentity",
      action: "sts:AssumeRoleWithWebIdentity",
      resource: base.roleArn,
    });
  }
  if (base.kind === "sso") {
    return step({
      step: "obtaining SSO role credentials",
      goFunction: FROM_PROFILE,
      call: "sso:GetRoleCredentials",
      action: "sso:GetRoleCredentials",
      resource: `account ${base.accountId}, role ${base.roleName}`,
    });
  }
  return null;
}
