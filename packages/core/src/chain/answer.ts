import type { CredentialsAnswer } from "../trace.js";
import type { ChainWalk } from "./chain-walk.js";
import type { BaseCredentials, ChainFailure } from "./source-outcome.js";

/** The answer when Terraform stops at a source: the profile is named once one was loaded or named explicitly. */
export function failedAnswer(walk: ChainWalk, error: ChainFailure): CredentialsAnswer {
  const name = walk.profileName;
  const profile = name.from === "default" && !walk.loadedProfile ? null : { name: name.name, from: name.from };
  return { status: "failed", source: null, sourceFile: null, accessKeyId: null, profile, assumeRoles: [], error };
}

/** Whether a profile provided the base credentials or a role layer on them. */
export function profileUsed(walk: ChainWalk): boolean {
  return (
    walk.recorder.steps.some((s) => s.id === "profile" && s.outcome === "picked") ||
    walk.recorder.steps.some((s) => s.id === "profile.role-arn")
  );
}

/** The profile the answer names: the one used, or the backend's profile attribute whenever the SDK chain ran. */
export function profileInvolved(walk: ChainWalk, base: BaseCredentials): CredentialsAnswer["profile"] {
  const name = walk.profileName;
  if (profileUsed(walk)) return { name: name.name, from: name.from };
  if (name.from === "backend" && base.source !== "StaticCredentials") return { name: name.name, from: name.from };
  return null;
}

/** [default] used implicitly while other profiles exist: usually one of them was meant. */
export function diagnoseDefaultProfile(walk: ChainWalk, base: BaseCredentials): void {
  const name = walk.profileName;
  const fromProfile =
    ["SharedConfigCredentials", "AssumeRoleProvider", "SSOProvider", "ProcessProvider"].includes(base.source) &&
    profileUsed(walk);
  if (name.from !== "default" || !fromProfile) return;
  const others = walk.profiles.names().filter((n) => n !== "default");
  if (others.length === 0) return;
  const at = walk.loadedProfile?.credentials?.accessKeyId.at ?? walk.loadedProfile?.sections[0] ?? null;
  walk.recorder.diagnose({
    code: "default-profile-used-while-others-exist",
    severity: "warning",
    message:
      "Terraform will use the [default] profile because neither the backend nor AWS_PROFILE names one, " +
      `although other profiles exist (${others.join(", ")}).`,
    location: at,
    fix:
      `If one of them was meant, add profile = "${others[0]}" (or the right one) to the backend configuration, ` +
      "or export AWS_PROFILE.",
  });
}
