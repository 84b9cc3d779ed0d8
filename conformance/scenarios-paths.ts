/** Conformance scenarios for issue 13 areas 4 and 6: home-directory forms in file selection, and relative paths as Terraform reports them (gathered by scenarios.ts). */
import type { Scenario } from "./harness/types.js";

export const pathScenarios: readonly Scenario[] = [];
