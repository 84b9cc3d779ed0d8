import { CREDENTIAL_ATTRIBUTES } from "../backend/module-facts.js";
import { formatLocation, type Location } from "../location.js";
import type { Step, UnknownOffline } from "../trace.js";
import type { ChainOutcome } from "./chain-outcome.js";

type Unevaluated = ReadonlyMap<string, Location | null>;

const STATIC_KEY_ATTRIBUTES: ReadonlySet<string> = new Set(["access_key", "secret_key", "token"]);
/** Diagnostics that describe the walked answer, which is no answer when a credential attribute is unknown. */
const ANSWER_DIAGNOSTICS: ReadonlySet<string> = new Set([
  "imds-fallback",
  "default-profile-used-while-others-exist",
  "backend-static-keys-bypass-chain",
]);

/**
 * A value tfwhy does not evaluate is unknown, not absent: when one of the credential attributes is an expression,
 * the walk (which saw it as unset) is no answer. The value can change every decision, so this qualifies the whole
 * walk at once rather than any one source. Its picked, applied and failed steps become `unknown`, as does the
 * static-keys step when a key is the expression; answer-dependent diagnostics are dropped; there is no plan.
 */
export function unknownWhenUnevaluated(walked: ChainOutcome, unevaluated: Unevaluated): ChainOutcome {
  const names = [...unevaluated.keys()].filter((name) => CREDENTIAL_ATTRIBUTES.has(name)).sort();
  if (names.length === 0) return walked;
  const which = describeUnevaluated(unevaluated, names);
  const one = names.length === 1;
  const message =
    `The credentials Terraform uses are unknown offline: ${which} ${one ? "is an expression" : "are expressions"} ` +
    `tfwhy does not evaluate, and ${one ? "its value decides" : "their values decide"} which source Terraform takes.`;
  const unknown: UnknownOffline = { attributes: names, message };
  const staticUnknown = names.some((name) => STATIC_KEY_ATTRIBUTES.has(name));
  return {
    ...walked,
    steps: walked.steps.map((step) => unknownStep(step, which, one, staticUnknown)),
    diagnostics: walked.diagnostics.filter((d) => d.severity !== "error" && !ANSWER_DIAGNOSTICS.has(d.code)),
    credentials: {
      status: "unknown",
      source: null,
      sourceFile: null,
      accessKeyId: null,
      profile: null,
      assumeRoles: [],
      unknown,
    },
    plan: null,
  };
}

/** A step whose outcome the unknown value decides, as `unknown`; any other step as walked. */
function unknownStep(step: Step, which: string, one: boolean, staticUnknown: boolean): Step {
  if (step.id === "backend.static" && staticUnknown) {
    return {
      ...step,
      outcome: "unknown",
      reason: {
        code: "value-not-evaluated",
        message:
          `The backend sets ${which} by an expression tfwhy does not evaluate: ` +
          "if the keys are not empty, Terraform uses them and no other source.",
      },
    };
  }
  if (step.outcome === "picked" || step.outcome === "applied" || step.outcome === "error") {
    return {
      ...step,
      outcome: "unknown",
      reason: {
        code: "value-not-evaluated",
        message: `Only if ${which} leave${one ? "s" : ""} this unchanged: ${step.reason.message}`,
      },
    };
  }
  return step;
}

/** The attributes with where each is set: `profile (main.tf:4), token`. */
export function describeUnevaluated(unevaluated: Unevaluated, names: readonly string[]): string {
  return names
    .map((name) => {
      const at = unevaluated.get(name);
      return at ? `${name} (${formatLocation(at)})` : name;
    })
    .join(", ");
}
