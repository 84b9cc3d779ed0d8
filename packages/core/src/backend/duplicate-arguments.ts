import type { BackendValueOrigin } from "../trace.js";
import type { BackendSchemaProblem } from "./backend-config.js";
import type { HclBody } from "./hcl-types.js";

/**
 * A repeated argument (only HCL's JSON syntax keeps one: the native parser rejects it): Terraform's `Duplicate
 * argument` when it checks the body (hcl json/structure.go body.Content), at the repetition.
 */
export function duplicates(body: HclBody, via: BackendValueOrigin): BackendSchemaProblem[] {
  const first = new Map<string, HclBody["attributes"][number]>();
  const problems: BackendSchemaProblem[] = [];
  for (const attribute of body.attributes) {
    const earlier = first.get(attribute.name);
    if (!earlier) {
      first.set(attribute.name, attribute);
      continue;
    }
    problems.push({
      code: "duplicate-argument",
      attribute: attribute.name,
      via,
      at: attribute.at,
      summary: "Duplicate argument",
      // Terraform adds the columns of the first one (`main.tf.json:11,9-26`); tfwhy keeps the line.
      detail: `The argument "${attribute.name}" was already set at ${earlier.at.file}:${earlier.at.line}.`,
      hint: null,
    });
  }
  return problems;
}
