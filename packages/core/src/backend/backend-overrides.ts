import { posix } from "node:path";
import { InvalidInputError, NestingTooDeepError } from "../errors.js";
import type { BackendValueOrigin } from "../trace.js";
import type { World } from "../world/world.js";
import type { BackendSetting } from "./backend-attribute.js";
import type { BackendSchemaProblem } from "./backend-config.js";
import { parseHcl, parseHclExpression } from "./hcl.js";
import { convertToSchemaType, holdsSecret, S3_BACKEND_SCHEMA } from "./schema.js";
import { checkAgainstSchema, removedHint } from "./schema-check.js";
import { parseJsonAttributes } from "./tf-json.js";

/** One `-backend-config` value turned into attributes, in the order Terraform merges them. */
interface OverrideLayer {
  readonly via: Exclude<BackendValueOrigin, "backend-block">;
  readonly attributes: readonly BackendSetting[];
  readonly problems: readonly BackendSchemaProblem[];
}

/** The `-backend-config` values as layers in command-line order; `cleared` for a lone `-backend-config=""`. */
export interface Overrides {
  readonly layers: readonly OverrideLayer[];
  readonly cleared: boolean;
}

/**
 * Terraform InitCommand.backendConfigOverrideBody: a value without `=` is a file (HCL, or HCL's JSON syntax when the
 * name ends in `.json`) checked against the schema; `name=value` is one attribute, converted from the string for
 * primitive types and parsed as an HCL expression otherwise (configValueFromCLI). A lone `""` clears all overrides.
 */
export async function readOverrides(
  world: World,
  dir: string,
  show: (path: string) => string,
  values: readonly string[],
): Promise<Overrides> {
  if (values.length === 1 && values[0] === "") return { layers: [], cleared: true };
  const layers: OverrideLayer[] = [];
  for (const value of values) {
    const equals = value.indexOf("=");
    if (equals === -1) {
      layers.push(await readOverrideFile(world, dir, show, value));
    } else {
      layers.push(await readOverrideArgument(value.slice(0, equals), value.slice(equals + 1)));
    }
  }
  return { layers, cleared: false };
}

async function readOverrideFile(
  world: World,
  dir: string,
  show: (path: string) => string,
  value: string,
): Promise<OverrideLayer> {
  if (value === "") {
    throw new InvalidInputError(
      '-backend-config="" clears the overrides only when it is the only -backend-config; ' +
        'here Terraform reads "" as a file name and fails',
    );
  }
  // Terraform reads the path relative to its working directory (the module, under -chdir).
  const path = posix.resolve(dir, value);
  const source = { file: show(path), path };
  const read = await world.fs.readText(path);
  if (read.state === "missing")
    throw new InvalidInputError(`-backend-config file ${source.file} does not exist (Terraform: Failed to read file)`);
  // A missing file has no place of its own (its name comes from the command line); an unreadable one is the place.
  if (read.state === "unreadable")
    throw new InvalidInputError(`cannot read -backend-config file ${source.file}: ${read.message}`, {
      ...source,
      line: 1,
    });
  const body = value.endsWith(".json") ? parseJsonAttributes(read.text, source) : await parseHcl(read.text, source);
  return { via: "backend-config-file", ...checkAgainstSchema(body, "backend-config-file") };
}

async function readOverrideArgument(name: string, rawValue: string): Promise<OverrideLayer> {
  const via = "backend-config-argument";
  const schema = Object.hasOwn(S3_BACKEND_SCHEMA, name) ? S3_BACKEND_SCHEMA[name] : undefined;
  const flag = `-backend-config=${JSON.stringify(`${name}=${rawValue}`)}`;
  if (!schema) {
    const problem: BackendSchemaProblem = {
      code: "invalid-cli-argument",
      attribute: name,
      via,
      at: null,
      summary: "Invalid backend configuration argument",
      detail:
        `The backend configuration argument "${name}" given on the command line ` +
        "is not expected for the selected backend type.",
      hint: removedHint(name),
    };
    return { via, attributes: [], problems: [problem] };
  }
  const argument = holdsSecret(schema) ? `${name}=(set)` : `${name}=${rawValue}`;
  const primitive = schema.type === "string" || schema.type === "bool" || schema.type === "number";
  if (primitive) {
    const converted = convertToSchemaType(rawValue, schema);
    if (!converted.ok) {
      const shownFlag = holdsSecret(schema) ? `-backend-config="${argument}"` : flag;
      const problem: BackendSchemaProblem = {
        code: "invalid-cli-value",
        attribute: name,
        via,
        at: null,
        summary: "Invalid backend configuration value",
        detail: `Invalid backend configuration argument ${shownFlag}: ${converted.message}`,
        hint: null,
      };
      return { via, attributes: [], problems: [problem] };
    }
    return {
      via,
      attributes: [{ name, written: { kind: "string", value: rawValue, at: null }, via, at: null, argument }],
      problems: [],
    };
  }
  if (!holdsSecret(schema)) {
    const written = await parseHclExpression(rawValue, flag);
    return { via, attributes: [{ name, written, via, at: null, argument }], problems: [] };
  }
  // A syntax error message may quote the text: for a value holding a secret, say only that it is invalid (no cause
  // kept).
  const written = await parseHclExpression(rawValue, flag).catch((error: unknown) => {
    if (error instanceof NestingTooDeepError)
      throw new NestingTooDeepError(`-backend-config="${argument}": expressions`, error.limit, null);
    throw new InvalidInputError(`-backend-config="${argument}": not a valid HCL expression`);
  });
  return { via, attributes: [{ name, written, via, at: null, argument }], problems: [] };
}
