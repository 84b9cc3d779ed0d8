/**
 * Loading the selected profile. Mirrors aws/aws-sdk-go-v2 config/config.go LoadDefaultConfig and
 * config/shared_config.go loadSharedConfigProfile: strict for a programmatic profile or AWS_PROFILE,
 * loadSharedConfigIgnoreNotExist otherwise.
 */
import { nearestName } from "../../aws-files/shared-config.js";
import type { UnexpandablePath } from "../../aws-files/shared-config-types.js";
import { envEvidence } from "../../evidence.js";
import { formatLocation } from "../../location.js";
import type { ChainWalk } from "../chain-walk.js";
import { profileLocationEvidence } from "../profile-facts.js";
import { describeProfileOrigin } from "../profile-name.js";
import { type DecidedOutcome, failure } from "../source-outcome.js";

/**
 * Loads the selected profile like LoadDefaultConfig does, into `walk.loadedProfile`. A missing profile is fatal
 * only when strict; every other load error (validation, partial keys) is fatal in any branch.
 */
export function loadSharedConfigProfile(walk: ChainWalk, prefix: string): DecidedOutcome | null {
  const { recorder } = walk;
  const name = walk.profileName;
  const resolution = walk.profiles.resolve(name.name);
  const title = `Profile "${name.name}"`;
  if (resolution.state === "found") {
    walk.loadedProfile = resolution.profile;
    return null;
  }
  if (resolution.state === "error" && resolution.unexpandable) {
    return unexpandablePaths(walk, resolution.message, resolution.unexpandable);
  }
  if (resolution.state === "error") {
    const where = resolution.at ? ` (${formatLocation(resolution.at)})` : "";
    const message = resolution.crash
      ? `Terraform crashes while reading the shared files${where}: ` +
        "a value that is a lone quote character makes the Go INI parser panic."
      : `Profile "${name.name}" cannot be loaded${where}: ${resolution.message}`;
    const code = resolution.crash ? "shared-file-crash" : "profile-invalid";
    const evidence = resolution.at ? [profileLocationEvidence(name.name, resolution.at)] : [];
    recorder.error({ id: "profile", title, code, message, evidence });
    recorder.diagnose({
      code,
      severity: "error",
      message,
      location: resolution.at,
      fix: resolution.crash
        ? "Remove the lone quote or quote the whole value."
        : `Fix profile "${name.name}" as the message says.`,
    });
    return failure({ code: "profile-invalid", message, terraformError: `${prefix}${resolution.message}` });
  }
  if (!name.strict) {
    if (name.from === "AWS_DEFAULT_PROFILE") {
      recorder.diagnose({
        code: "default-profile-env-ignored",
        severity: "warning",
        message:
          `AWS_DEFAULT_PROFILE=${name.name} names a profile that does not exist; Terraform silently ignores it ` +
          `and falls through to the remaining sources.${suggestion(walk, name.name)}`,
        location: null,
        fix:
          `Create profile "${name.name}", fix the name, ` +
          "or use AWS_PROFILE (which fails loudly when the profile is missing).",
      });
    }
    return null;
  }
  const available = walk.profiles.names();
  const message =
    `Profile "${name.name}" (from ${describeProfileOrigin(name)}) exists in no shared config or credentials file.` +
    `${available.length ? ` Available: ${available.join(", ")}.` : " No profiles are defined."}` +
    suggestion(walk, name.name);
  recorder.error({
    id: "profile",
    title,
    code: "profile-not-found",
    message,
    evidence: name.from === "backend" ? [walk.backend.evidence("profile")] : [envEvidence(walk.env, "AWS_PROFILE")],
  });
  const nearest = nearestProfile(walk, name.name);
  recorder.diagnose({
    code: "profile-not-found",
    severity: "error",
    message,
    location: name.at,
    fix: nearest
      ? `Use profile "${nearest}", or add a [profile ${name.name}] section.`
      : `Add a [profile ${name.name}] section to ~/.aws/config or [${name.name}] to ~/.aws/credentials.`,
  });
  return failure({
    code: "profile-not-found",
    message,
    terraformError: `${prefix}failed to get shared config profile, ${name.name}`,
  });
}

/**
 * aws-sdk-go-base commonLoadOptions expands the file lists (internal/expand FilePaths: os.ExpandEnv, then go-homedir)
 * before LoadDefaultConfig, in both branches, and returns go-homedir's error for `~user/…` as Terraform's error.
 */
function unexpandablePaths(
  walk: ChainWalk,
  terraformError: string,
  paths: readonly UnexpandablePath[],
): DecidedOutcome {
  const listed = paths.map((p) => `${p.path} (${p.at ? `${p.from}, ${formatLocation(p.at)}` : p.from})`).join(", ");
  const message =
    `Terraform cannot expand ${listed}: it expands only ~ and ~/… to your home directory, ` +
    "never ~user/…, so it fails before reading any shared file.";
  const evidence = [...new Set(paths.map((p) => p.from))].map((from) =>
    from.startsWith("AWS_") ? envEvidence(walk.env, from) : walk.backend.evidence(from),
  );
  walk.recorder.error({
    id: "profile",
    title: "Shared config and credentials files",
    code: "shared-file-path-not-expandable",
    message,
    evidence,
  });
  walk.recorder.diagnose({
    code: "shared-file-path-not-expandable",
    severity: "error",
    message,
    location: paths[0]?.at ?? null,
    fix: "Write the path as ~/…, $HOME/… or an absolute path such as /home/<user>/….",
  });
  return failure({ code: "shared-file-path-not-expandable", message, terraformError });
}

function suggestion(walk: ChainWalk, name: string): string {
  const nearest = nearestProfile(walk, name);
  return nearest ? ` Did you mean "${nearest}"?` : "";
}

function nearestProfile(walk: ChainWalk, name: string): string | undefined {
  return nearestName(name, walk.profiles.names()) ?? undefined;
}
