/** Conformance scenarios for issue 13 area 5: malformed `-backend-config=KEY=VALUE` values (gathered by scenarios.ts). */
import type { Scenario } from "./harness/types.js";

export const backendConfigArgScenarios: readonly Scenario[] = [];
