import type { BackendView } from "../backend/backend-view.js";
import type { Location } from "../location.js";
import type { ProfileNameOrigin } from "../trace.js";

export interface ProfileName {
  readonly name: string;
  readonly from: ProfileNameOrigin;
  /** Where the backend attribute was set, when from is "backend". */
  readonly at: Location | null;
  /**
   * Whether a missing profile is fatal. The Go SDK loads shared config strictly only when the profile was set
   * programmatically or by AWS_PROFILE (config.resolveConfigLoaders); AWS_DEFAULT_PROFILE and the implicit
   * "default" fall back silently (loadSharedConfigIgnoreNotExist).
   */
  readonly strict: boolean;
}

/**
 * The profile the Go SDK selects: backend `profile`, then AWS_PROFILE, then AWS_DEFAULT_PROFILE, then "default"
 * (config getSharedConfigProfile over LoadOptions then EnvConfig; env_config.go setStringFromEnvVal: first non-empty).
 */
export function resolveProfileName(
  backend: BackendView,
  env: Readonly<Record<string, string | undefined>>,
): ProfileName {
  const attribute = backend.string("profile");
  if (attribute) return { name: attribute, from: "backend", at: backend.at("profile"), strict: true };
  if (env.AWS_PROFILE) return { name: env.AWS_PROFILE, from: "AWS_PROFILE", at: null, strict: true };
  if (env.AWS_DEFAULT_PROFILE)
    return { name: env.AWS_DEFAULT_PROFILE, from: "AWS_DEFAULT_PROFILE", at: null, strict: false };
  return { name: "default", from: "default", at: null, strict: false };
}

/** How a person would say where the name came from. */
export function describeProfileOrigin(profile: ProfileName): string {
  switch (profile.from) {
    case "backend":
      return profile.at
        ? `the backend's profile attribute (${profile.at.file}:${profile.at.line})`
        : "the backend's profile attribute";
    case "AWS_PROFILE":
      return "AWS_PROFILE";
    case "AWS_DEFAULT_PROFILE":
      return "AWS_DEFAULT_PROFILE";
    case "default":
      return (
        "the default, because neither the backend's profile attribute " +
        "nor AWS_PROFILE/AWS_DEFAULT_PROFILE names one"
      );
  }
}
