/** Conformance scenarios for issue 13 area 1: what Terraform takes literally and what it evaluates in `.tf.json` (HCL JSON syntax) against native HCL (gathered by scenarios.ts). */
import type { Scenario } from "./harness/types.js";

export const jsonSyntaxScenarios: readonly Scenario[] = [];
