import type { BackendValueOrigin } from "../trace.js";
import type { BackendSetting } from "./backend-attribute.js";
import type { BackendSchemaProblem } from "./backend-config.js";
import type { HclBody } from "./hcl-types.js";
import {
  REMOVED_S3_BACKEND_ATTRIBUTES,
  S3_BACKEND_SCHEMA,
  unsupportedArgumentDetail,
  unsupportedBlockDetail,
} from "./schema.js";

/** hclsyntax Body.Content against the backend schema: unknown arguments and any nested block are errors. */
export function checkAgainstSchema(
  body: HclBody,
  via: BackendValueOrigin,
): { attributes: BackendSetting[]; problems: BackendSchemaProblem[] } {
  const attributes: BackendSetting[] = [];
  const problems: BackendSchemaProblem[] = [];
  const known = new Set(
    body.attributes.map((attribute) => attribute.name).filter((name) => Object.hasOwn(S3_BACKEND_SCHEMA, name)),
  );
  for (const attribute of body.attributes) {
    if (known.has(attribute.name)) {
      attributes.push({ name: attribute.name, written: attribute.value, via, at: attribute.at, argument: null });
      continue;
    }
    const removed = Object.hasOwn(REMOVED_S3_BACKEND_ATTRIBUTES, attribute.name);
    problems.push({
      code: removed ? "removed-argument" : "unsupported-argument",
      attribute: attribute.name,
      via,
      at: attribute.at,
      summary: "Unsupported argument",
      detail: unsupportedArgumentDetail(attribute.name, known),
      hint: removedHint(attribute.name),
    });
  }
  for (const block of body.blocks) {
    problems.push({
      code: "unsupported-block",
      attribute: block.type,
      via,
      at: block.at,
      summary: "Unsupported block type",
      detail: unsupportedBlockDetail(block.type),
      hint: null,
    });
  }
  return { attributes, problems };
}

export function removedHint(name: string): string | null {
  const replacement = Object.hasOwn(REMOVED_S3_BACKEND_ATTRIBUTES, name)
    ? REMOVED_S3_BACKEND_ATTRIBUTES[name]
    : undefined;
  if (!replacement) return null;
  const [object, field] = replacement.split(".");
  return `Terraform 1.10 removed "${name}"; set it inside the ${object} object instead: ${object} = { ${field} = … }`;
}
