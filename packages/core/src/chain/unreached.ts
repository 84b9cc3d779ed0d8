import type { StepId } from "../trace.js";
import type { ChainWalk } from "./chain-walk.js";
import { firstSectionEvidence, profileHasCredentials } from "./profile-facts.js";
import { describeProfileOrigin } from "./profile-name.js";

/** The base sources of Go's order, as the trace lists them. */
const BASE_SOURCES = (profile: string): { id: StepId; title: string }[] => [
  { id: "env.static", title: "Environment keys" },
  { id: "env.web-identity", title: "Environment web identity" },
  { id: "profile", title: `Profile "${profile}"` },
  { id: "container", title: "Container credentials endpoint" },
  { id: "imds", title: "EC2 instance metadata (IMDS)" },
];

/**
 * Every base source Terraform never got to, so the trace lists all of them: after the source that provided
 * credentials (or stopped Terraform), the rest of Go's order is unreached.
 */
export function markRemainingUnreached(walk: ChainWalk, how: "provided" | "failed" | "chosen"): void {
  const { recorder } = walk;
  const decisive = [...recorder.steps].reverse().find((s) => s.outcome === "picked" || s.outcome === "error");
  if (!decisive) return;
  const seen = new Set(recorder.steps.map((s) => s.id));
  for (const { id, title } of BASE_SOURCES(walk.profileName.name)) {
    if (seen.has(id)) continue;
    const verb =
      how === "provided"
        ? "already provided the credentials"
        : how === "failed"
          ? "already stopped Terraform"
          : "was already chosen (and then replaced by the backend's assume_role_with_web_identity)";
    recorder.unreached({
      id,
      title,
      because: decisive.id,
      wouldHave: "unknown",
      code: "earlier-source-decided",
      message: `${decisive.title} ${verb}; Terraform never looks here.`,
    });
  }
}

/** The profile step when an environment source wins before resolveCredsFromProfile is reached. */
export function markProfileUnreached(walk: ChainWalk, because: StepId, why: string): void {
  const profile = walk.loadedProfile;
  const name = walk.profileName;
  const wouldHave = profile ? (profileHasCredentials(profile) ? "provided" : "skipped") : "skipped";
  walk.recorder.unreached({
    id: "profile",
    title: `Profile "${name.name}"`,
    because,
    wouldHave,
    code: "profile-not-reached",
    message: `${why} Profile "${name.name}" (from ${describeProfileOrigin(name)}) is not used.`,
    evidence: profile ? firstSectionEvidence(profile) : [],
  });
}
