import type { Location } from "../location.js";
import type { MergedAttribute } from "./backend-view.js";
import { isNonEmptyString, type ModuleProblem } from "./module-problems.js";

/**
 * Configure's SSE-C checks, which Terraform reports after resolving credentials: the key (attribute, else
 * AWS_SSE_CUSTOMER_KEY) must be 44 characters of base64 for 32 bytes, and the env key conflicts with kms_key_id.
 */
export function configureProblems(
  attributes: ReadonlyMap<string, MergedAttribute>,
  env: Readonly<Record<string, string | undefined>>,
): ModuleProblem[] {
  const problems: ModuleProblem[] = [];
  const problem = (summary: string, message: string, at: Location | null, fix: string): ModuleProblem => ({
    code: "backend-value-invalid",
    severity: "error",
    message: `${summary}: ${message}`,
    at,
    fix,
    terraformError: summary,
    stage: "configure",
  });
  const attribute = attributes.get("sse_customer_key");
  if (isNonEmptyString(attribute?.value)) {
    if (!isSseCustomerKey(attribute.value)) {
      problems.push(
        problem(
          "Invalid sse_customer_key value",
          "The SSE-C key must be 44 characters of base64 (a 256-bit key).",
          attribute.at,
          "Set sse_customer_key to a base64-encoded 32-byte key.",
        ),
      );
    }
    return problems;
  }
  const fromEnv = env.AWS_SSE_CUSTOMER_KEY;
  if (!fromEnv) return problems;
  if (isNonEmptyString(attributes.get("kms_key_id")?.value)) {
    problems.push(
      problem(
        "Invalid encryption configuration",
        "kms_key_id and AWS_SSE_CUSTOMER_KEY cannot both be used.",
        attributes.get("kms_key_id")?.at ?? null,
        "Unset AWS_SSE_CUSTOMER_KEY or remove kms_key_id.",
      ),
    );
  }
  if (!isSseCustomerKey(fromEnv)) {
    problems.push(
      problem(
        "Invalid AWS_SSE_CUSTOMER_KEY value",
        "The SSE-C key must be 44 characters of base64 (a 256-bit key).",
        null,
        "Export AWS_SSE_CUSTOMER_KEY as a base64-encoded 32-byte key.",
      ),
    );
  }
  return problems;
}

function isSseCustomerKey(value: string): boolean {
  return value.length === 44 && /^[A-Za-z0-9+/]{43}=$/.test(value) && Buffer.from(value, "base64").length === 32;
}
