/** Conformance scenarios for issue 14 area 2: PrepareConfig validation of nested values (assume_role, assume_role_with_web_identity) and the exact diagnostic each gives (gathered by scenarios.ts). */
import type { Scenario } from "./harness/types.js";

export const prepareConfigScenarios: readonly Scenario[] = [];
