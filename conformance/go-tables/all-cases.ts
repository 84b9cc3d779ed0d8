import { awsSdkGoBaseCases } from "./aws-sdk-go-base-cases.js";
import type { GoTableCase } from "./go-table-case.js";
import { terraformBackendCases } from "./terraform-backend-cases.js";

/** Every ported Go case, in the order of the Go files (the suite, the report and the list check share it). */
export const ALL_GO_TABLE_CASES: readonly GoTableCase[] = [...terraformBackendCases, ...awsSdkGoBaseCases];
