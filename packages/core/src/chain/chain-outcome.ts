import type { CredentialsAnswer } from "../trace.js";
import type { CredentialPlan } from "./plan.js";
import type { ProfileName } from "./profile-name.js";
import type { ChainProfile } from "./profile-types.js";
import type { TraceBuilder } from "./trace-builder.js";

/** What the walk of the chain answers: the steps, the credentials, and the plan verify executes. */
export interface ChainOutcome {
  readonly steps: TraceBuilder["steps"];
  readonly diagnostics: TraceBuilder["diagnostics"];
  readonly credentials: CredentialsAnswer;
  readonly profileName: ProfileName;
  /** The profile the SDK chain loaded (also when it did not provide the credentials), for region diagnostics. */
  readonly profile: ChainProfile | null;
  /** How to obtain the chosen credentials at run time (secrets in memory only); null when Terraform fails. */
  readonly plan: CredentialPlan | null;
}
