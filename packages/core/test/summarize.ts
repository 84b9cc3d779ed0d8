import type { Explanation, StepId, StepOutcome } from "../src/index.js";

/** The parts of an explanation scenario tests assert on, so rewording a message never breaks forty tests. */
export interface Summary {
  readonly status: "resolved" | "failed" | "unknown";
  readonly source: string | null;
  readonly sourceFile: string | null;
  readonly accessKeyId: string | null;
  readonly profile: string | null;
  readonly assumeRoles: readonly string[];
  readonly terraformError: string | null;
  readonly region: string | null;
  readonly outcomes: Partial<Record<StepId, StepOutcome>>;
  readonly diagnostics: readonly string[];
  /** Codes of the info diagnostics (deliberate choices). */
  readonly infos: readonly string[];
}

export function summarize(explanation: Explanation): Summary {
  const outcomes: Partial<Record<StepId, StepOutcome>> = {};
  for (const step of explanation.steps) if (!(step.id in outcomes)) outcomes[step.id] = step.outcome;
  const c = explanation.credentials;
  return {
    status: c.status,
    source: c.source,
    sourceFile: c.sourceFile,
    accessKeyId: c.accessKeyId,
    profile: c.profile ? `${c.profile.name} (${c.profile.from})` : null,
    assumeRoles: c.assumeRoles,
    terraformError: explanation.verdict.firstError,
    region: explanation.region.value,
    outcomes,
    diagnostics: explanation.diagnostics.map((d) => d.code),
    infos: explanation.diagnostics.filter((d) => d.severity === "info").map((d) => d.code),
  };
}
