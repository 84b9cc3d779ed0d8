/** Conformance scenarios for issue 14 areas 3-6: EC2 metadata settings, endpoint resolution and the endpoint warnings Terraform prints (gathered by scenarios.ts). */
import type { Scenario } from "./harness/types.js";

export const endpointScenarios: readonly Scenario[] = [];
