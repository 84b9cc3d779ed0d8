/** Conformance scenarios for issue 14 area 1: the backend's assume_role_with_web_identity as the base source, and web-identity settings whose token files are missing (gathered by scenarios.ts). */
import type { Scenario } from "./harness/types.js";

export const webIdentityScenarios: readonly Scenario[] = [];
