/**
 * credential_source. Mirrors aws/aws-sdk-go-v2 config/resolve_credentials.go resolveCredsFromSource:
 * Environment, Ec2InstanceMetadata or EcsContainer; the profile's role_arn is assumed on top.
 */
import { profileKeyEvidence } from "../../evidence.js";
import { formatLocation } from "../../location.js";
import { maskAccessKeyId } from "../../redact.js";
import type { ChainWalk } from "../chain-walk.js";
import { type DecidedOutcome, failure, NO_VALID_CREDENTIALS, picked } from "../source-outcome.js";
import { container, imds } from "./container-imds.js";
import { envKeyEvidence, envKeys, envStaticPlan } from "./env-keys.js";
import type { ProfileArm } from "./profile-arm.js";

export function profileCredentialSource(walk: ChainWalk, arm: ProfileArm): DecidedOutcome {
  const { profile, title, intro, extras } = arm;
  const cs = profile.credentialSource!;
  const evidence = [profileKeyEvidence(profile.name, "credential_source", cs.value, cs.at)];
  switch (cs.value) {
    case "Environment":
      return environmentSource(walk, arm);
    case "Ec2InstanceMetadata":
      return imds(walk, {
        why: `${intro} uses credential_source = Ec2InstanceMetadata (${formatLocation(cs.at)})`,
        id: "profile",
        title,
        evidence,
      });
    case "EcsContainer": {
      if (!walk.env.AWS_CONTAINER_CREDENTIALS_RELATIVE_URI && !walk.env.AWS_CONTAINER_CREDENTIALS_FULL_URI) {
        const goMessage =
          "EcsContainer was specified as the credential_source, but neither " +
          "'AWS_CONTAINER_CREDENTIALS_RELATIVE_URI' or AWS_CONTAINER_CREDENTIALS_FULL_URI' was set";
        const message = `${intro} uses credential_source = EcsContainer but no container credentials variable is set.`;
        walk.recorder.error({
          id: "profile",
          title,
          code: "credential-source-container-unset",
          message,
          evidence,
          extras,
        });
        return failure({ code: "credential-source-container-unset", message, terraformError: goMessage });
      }
      return container(walk, { why: `${intro} uses credential_source = EcsContainer`, id: "profile", title });
    }
    default: {
      const message =
        `${intro} has credential_source = ${cs.value} (${formatLocation(cs.at)}); ` +
        "only Environment, Ec2InstanceMetadata and EcsContainer are valid.";
      walk.recorder.error({ id: "profile", title, code: "credential-source-invalid", message, evidence, extras });
      return failure({
        code: "credential-source-invalid",
        message,
        terraformError: "credential_source values must be EcsContainer, Ec2InstanceMetadata, or Environment",
      });
    }
  }
}

/** credential_source = Environment: the environment key pair, whatever else the environment holds. */
function environmentSource(walk: ChainWalk, { profile, title, intro, extras }: ProfileArm): DecidedOutcome {
  const cs = profile.credentialSource!;
  const evidence = [
    profileKeyEvidence(profile.name, "credential_source", cs.value, cs.at),
    ...envKeyEvidence(walk.env),
  ];
  const keys = envKeys(walk.env);
  if (!keys) {
    const message =
      `${intro} uses credential_source = Environment (${formatLocation(cs.at)}) ` +
      "but AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY are not both set.";
    walk.recorder.error({
      id: "profile",
      title,
      code: "credential-source-environment-empty",
      message,
      evidence,
      extras,
    });
    return failure({ code: "credential-source-environment-empty", message, terraformError: NO_VALID_CREDENTIALS });
  }
  const accessKeyId = maskAccessKeyId(keys.accessKeyId);
  walk.recorder.picked({
    id: "profile",
    title,
    code: "credential-source-environment",
    message: `${intro} takes its base keys from the environment (credential_source = Environment).`,
    evidence,
    credential: { source: "EnvConfigCredentials", accessKeyId },
    extras,
  });
  return picked({
    source: "EnvConfigCredentials",
    accessKeyId,
    sourceFile: null,
    profileRoles: [],
    plan: envStaticPlan(walk.env),
  });
}
