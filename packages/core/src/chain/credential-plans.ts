import { parseGoDuration } from "../backend/go-duration.js";
import type { BaseCredentialPlan, RoleHop } from "./plan.js";
import type { ChainProfile } from "./profile-types.js";

export function staticPlan(
  accessKeyId: string,
  secretAccessKey: string,
  sessionToken: string | undefined,
): BaseCredentialPlan {
  return { kind: "static", accessKeyId, secretAccessKey, ...optional("sessionToken", sessionToken) };
}

/** `{ key: value }` when value is a non-empty string, else `{}` (exactOptionalPropertyTypes-friendly). */
export function optional<K extends string>(key: K, value: string | undefined): { [P in K]?: string } {
  return value ? ({ [key]: value } as { [P in K]?: string }) : {};
}

/** A profile's role_arn hop (aws/aws-sdk-go-v2 config/resolve_credentials.go credsFromAssumeRole). */
export function profileRoleHop(profile: ChainProfile): RoleHop {
  const seconds = profile.durationSeconds?.seconds;
  return {
    roleArn: profile.roleArn!.value,
    via: "profile",
    ...optional("sessionName", profile.roleSessionName?.value),
    ...optional("externalId", profile.externalId?.value),
    // credsFromAssumeRole: applied only when duration/1min > 15 (integer division).
    ...(seconds && Math.floor(seconds / 60) > 15 ? { durationSeconds: seconds } : {}),
  };
}

/** The backend's `assume_role` object as a hop (hashicorp/aws-sdk-go-base v2 credentials.go). */
export function backendRoleHop(block: { readonly [key: string]: unknown }): RoleHop {
  const str = (k: string) => (typeof block[k] === "string" && block[k] !== "" ? (block[k] as string) : undefined);
  const strings = (k: string) =>
    Array.isArray(block[k]) ? (block[k] as unknown[]).filter((x): x is string => typeof x === "string") : undefined;
  const tags =
    block.tags && typeof block.tags === "object" && !Array.isArray(block.tags)
      ? (block.tags as Record<string, string>)
      : undefined;
  const duration = str("duration") ? parseDurationSeconds(str("duration")!) : undefined;
  return {
    roleArn: str("role_arn")!,
    via: "backend",
    ...optional("sessionName", str("session_name")),
    ...optional("externalId", str("external_id")),
    ...optional("policy", str("policy")?.trim()),
    ...optional("sourceIdentity", str("source_identity")),
    ...(duration ? { durationSeconds: duration } : {}),
    ...(strings("policy_arns")?.length ? { policyArns: strings("policy_arns")! } : {}),
    ...(tags ? { tags } : {}),
    ...(strings("transitive_tag_keys")?.length ? { transitiveTagKeys: strings("transitive_tag_keys")! } : {}),
  };
}

/** The role session's duration in whole seconds, as Configure parses it (time.ParseDuration); undefined if it fails. */
export function parseDurationSeconds(text: string): number | undefined {
  const parsed = parseGoDuration(text);
  return parsed.ok ? Math.floor(parsed.nanoseconds / 1e9) : undefined;
}
