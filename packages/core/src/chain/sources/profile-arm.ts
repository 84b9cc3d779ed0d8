import type { Step } from "../../trace.js";
import type { ChainProfile } from "../profile-types.js";

/** One profile resolveCredsFromProfile is resolving, and how its step names it. */
export interface ProfileArm {
  readonly profile: ChainProfile;
  /** The step title: always the selected profile, also while resolving a source_profile. */
  readonly title: string;
  /** How messages name the profile: `Profile "x" (from …)` or `Source profile "y" (via "x")`. */
  readonly intro: string;
  /** The source_profile hops, on steps of a source profile. */
  readonly extras: Partial<Pick<Step, "profileChain">>;
}
