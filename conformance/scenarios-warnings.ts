/** Conformance scenarios for issue 13: the warnings Terraform prints during init and plan, compared both ways with tfwhy's Terraform-worded warnings (gathered by scenarios.ts). */
import type { Scenario } from "./harness/types.js";

export const warningScenarios: readonly Scenario[] = [];
