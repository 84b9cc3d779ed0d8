import { redactText } from "../redact.js";
import type { BackendAttribute, BackendSetting } from "./backend-attribute.js";
import type { BackendDeprecation, BackendSchemaProblem, S3BackendConfig } from "./backend-config.js";
import { asJsonSchemaProblem, type Overrides } from "./backend-overrides.js";
import { duplicates } from "./duplicate-arguments.js";
import type { HclBlock, LiteralValue } from "./hcl-types.js";
import { findExpression, isLiteralRecord, toLiteral } from "./hcl-values.js";
import { convertToSchemaType, holdsSecret, lookupBackendAttribute, S3_BACKEND_SCHEMA } from "./schema.js";
import { checkAgainstSchema } from "./schema-check.js";

/**
 * Meta.backendConfig + configs.MergeBodies: the block first, then each override layer; a later attribute replaces an
 * earlier one whole (objects such as assume_role are not merged key by key). Then the hcldec decode: values are
 * converted to the schema types, and expressions reported as Terraform would on evaluating them without variables.
 * Problems come in the order Terraform prints them: the -backend-config values' own (InitCommand.initBackend returns
 * after backendConfigOverrideBody when it fails), then the block's, then the decode's.
 */
export function mergeBackendConfig(block: HclBlock, overrides: Overrides): S3BackendConfig {
  const fromBlock = checkAgainstSchema(block.body, "backend-block");
  const problems: BackendSchemaProblem[] = overrides.layers.flatMap((layer) => layer.problems);
  const json = block.at.path.endsWith(".json");
  problems.push(
    ...duplicates(block.body, "backend-block"),
    ...(json ? fromBlock.problems.map(asJsonSchemaProblem) : fromBlock.problems),
  );
  const settings = new Map<string, BackendSetting>();
  for (const setting of fromBlock.attributes) settings.set(setting.name, setting);
  for (const layer of overrides.layers) {
    for (const setting of layer.attributes) settings.set(setting.name, setting);
  }
  const attributes: BackendAttribute[] = [];
  const deprecated: BackendDeprecation[] = [];
  for (const setting of [...settings.values()].sort((a, b) => (a.name < b.name ? -1 : 1))) {
    const schema = S3_BACKEND_SCHEMA[setting.name]!;
    const literal = toLiteral(setting.written);
    let value: LiteralValue | undefined;
    if (literal === undefined) {
      problems.push(expressionProblem(setting));
    } else {
      const converted = convertToSchemaType(literal, schema);
      if (converted.ok) value = converted.value;
      else {
        problems.push({
          code: "invalid-value-type",
          attribute: setting.name,
          via: setting.via,
          at: setting.written.at ?? setting.at,
          summary: "Incorrect attribute value type",
          detail: `Inappropriate value for attribute "${setting.name}": ${converted.message}.`,
          hint: null,
        });
      }
    }
    attributes.push({ ...setting, value });
    deprecated.push(...deprecationsOf(setting, value));
  }
  return { block: block.at, attributes, schemaProblems: problems, deprecated, overridesCleared: overrides.cleared };
}

function expressionProblem(setting: BackendSetting): BackendSchemaProblem {
  const expression = findExpression(setting.written);
  const at = expression?.at ?? setting.at;
  const base = { attribute: setting.name, via: setting.via, at, hint: null };
  switch (expression?.reason) {
    case "variables":
      return {
        ...base,
        code: "variables-not-allowed",
        summary: "Variables not allowed",
        detail: "Variables may not be used here.",
      };
    case "functions":
      return {
        ...base,
        code: "functions-not-allowed",
        summary: "Function calls not allowed",
        detail: "Functions may not be called here.",
      };
    default:
      return {
        ...base,
        code: "expression-not-evaluated",
        summary: "Expression not evaluated",
        detail:
          `tfwhy does not evaluate ${describeUnevaluated(setting.name, expression?.text)}; ` +
          "Terraform can, as it uses no variables or functions.",
      };
  }
}

/**
 * The expression as the diagnostic may quote it: never for an attribute that is or holds a secret (nor access_key,
 * whose key id an expression may spell out in pieces), otherwise with URL user-info and key ids hidden.
 */
function describeUnevaluated(attribute: string, text: string | undefined): string {
  if (text === undefined) return "this expression";
  const schema = lookupBackendAttribute(attribute);
  if (schema?.accessKeyId || holdsSecret(schema))
    return `the expression given for ${attribute} (not shown: it holds a secret)`;
  return `"${redactText(text)}"`;
}

/** PrepareConfig warns for each deprecated attribute whose value is not null. */
function deprecationsOf(setting: BackendSetting, value: LiteralValue | undefined): BackendDeprecation[] {
  const schema = S3_BACKEND_SCHEMA[setting.name]!;
  const found: BackendDeprecation[] = [];
  if (schema.deprecation && value !== null) {
    found.push({ attribute: setting.name, ...schema.deprecation, via: setting.via, at: setting.at });
  }
  if (schema.attributes && isLiteralRecord(value)) {
    const record = value;
    for (const [key, nested] of Object.entries(schema.attributes)) {
      if (!nested.deprecation || record[key] === null || record[key] === undefined) continue;
      const entry =
        setting.written.kind === "object" ? setting.written.entries.findLast((item) => item.key === key) : undefined;
      found.push({
        attribute: `${setting.name}.${key}`,
        ...nested.deprecation,
        via: setting.via,
        at: entry?.at ?? setting.at,
      });
    }
  }
  return found;
}
