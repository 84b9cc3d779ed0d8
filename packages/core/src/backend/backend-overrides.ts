import { posix } from "node:path";
import { InvalidInputError, NestingTooDeepError } from "../errors.js";
import type { BackendValueOrigin } from "../trace.js";
import type { World } from "../world/world.js";
import type { BackendSetting } from "./backend-attribute.js";
import type { BackendSchemaProblem } from "./backend-config.js";
import { diagnoseCliExpression, missingSeparatorError } from "./cli-expression-error.js";
import { duplicates } from "./duplicate-arguments.js";
import { parseHcl, parseHclExpression } from "./hcl.js";
import type { HclValue } from "./hcl-types.js";
import { findExpression, toLiteral } from "./hcl-values.js";
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
 * Terraform InitCommand.backendConfigOverrideBody (hashicorp/terraform internal/command/init.go): a value without `=`
 * is a file (HCL, or HCL's JSON syntax when the name ends in `.json`) checked against the schema; `name=value` is one
 * attribute, converted from the string for primitive types and parsed as an HCL expression otherwise, then evaluated
 * without variables or functions (meta_config.go configValueFromCLI). A lone `""` clears all overrides.
 * Every value is read: what Terraform rejects here (a file it cannot read, an unknown name, a value it cannot parse
 * or convert) becomes a problem of its layer, in command-line order; Terraform prints them all and stops before it
 * decodes the backend block.
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
    // Observed on 1.11.4: `-backend-config= -backend-config=bucket=x` prints `The file "." could not be read.`
    // (Meta.normalizePath turns "" into ".").
    const problem: BackendSchemaProblem = {
      code: "file-unreadable",
      attribute: "",
      via: "backend-config-file",
      at: null,
      summary: "Failed to read file",
      detail: 'The file "." could not be read.',
      hint:
        '-backend-config="" clears the overrides only when it is the only -backend-config; ' +
        "here Terraform reads it as a file name.",
    };
    return { via: "backend-config-file", attributes: [], problems: [problem] };
  }
  // Terraform reads the path relative to its working directory (the module, under -chdir).
  const path = posix.resolve(dir, value);
  const source = { file: show(path), path };
  const read = await world.fs.readText(path);
  if (read.state === "missing" || read.state === "unreadable") {
    // hcl Parser.ParseHCL/ParseJSON on a file os.ReadFile cannot read.
    const problem: BackendSchemaProblem = {
      code: "file-unreadable",
      attribute: source.file,
      via: "backend-config-file",
      // A missing file has no place of its own (its name comes from the command line); an unreadable one is the place.
      at: read.state === "missing" ? null : { ...source, line: 1 },
      summary: "Failed to read file",
      // The name as Terraform run in the module directory prints it (the CLI passes absolute paths).
      detail: `The file ${JSON.stringify(source.file)} could not be read.`,
      hint:
        read.state === "unreadable"
          ? `tfwhy could not read ${source.file}: ${read.message}`
          : `${source.file} does not exist; -backend-config reads it relative to the module directory.`,
    };
    return { via: "backend-config-file", attributes: [], problems: [problem] };
  }
  const json = value.endsWith(".json");
  const body = json ? parseJsonAttributes(read.text, source) : await parseHcl(read.text, source);
  const checked = checkAgainstSchema(body, "backend-config-file");
  const problems = json ? checked.problems.map(asJsonSchemaProblem) : checked.problems;
  return {
    via: "backend-config-file",
    attributes: checked.attributes,
    problems: [...duplicates(body, "backend-config-file"), ...problems],
  };
}

/**
 * HCL's JSON syntax words an unknown key differently from native syntax (hcl json/structure.go body.Content:
 * `Extraneous JSON object property`, with the same "Did you mean" suggestion; observed on Terraform 1.11.4, in
 * main.tf.json's backend block and in a JSON -backend-config file).
 */
export function asJsonSchemaProblem(problem: BackendSchemaProblem): BackendSchemaProblem {
  if (problem.code !== "unsupported-argument" && problem.code !== "removed-argument") return problem;
  const suggestion = / Did you mean "[^"]+"\?$/.exec(problem.detail)?.[0] ?? "";
  return {
    ...problem,
    summary: "Extraneous JSON object property",
    detail: `No argument or block type is named ${JSON.stringify(problem.attribute)}.${suggestion}`,
  };
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
  const shownFlag = holdsSecret(schema) ? `-backend-config="${argument}"` : flag;
  const written = await parseArgumentExpression(rawValue, flag, shownFlag);
  if ("summary" in written) {
    const problem: BackendSchemaProblem = {
      code: "invalid-cli-expression",
      attribute: name,
      via,
      at: null,
      ...written,
    };
    return { via, attributes: [], problems: [problem] };
  }
  // expr.Value(nil): a variable or a function call fails here, before the backend block is decoded.
  const expression = toLiteral(written) === undefined ? findExpression(written) : undefined;
  if (expression?.reason === "variables" || expression?.reason === "functions") {
    const problem: BackendSchemaProblem = {
      code: expression.reason === "variables" ? "variables-not-allowed" : "functions-not-allowed",
      attribute: name,
      via,
      at: null,
      ...(expression.reason === "variables"
        ? { summary: "Variables not allowed", detail: "Variables may not be used here." }
        : { summary: "Function calls not allowed", detail: "Functions may not be called here." }),
      hint: null,
    };
    return { via, attributes: [], problems: [problem] };
  }
  return { via, attributes: [{ name, written, via, at: null, argument }], problems: [] };
}

/**
 * The value parsed as one HCL expression, or Terraform's diagnostic when it is not one (see cli-expression-error.ts).
 * @throws InvalidInputError when tfwhy cannot tell which error Terraform prints first (the value is still invalid);
 * NestingTooDeepError past MAX_NESTING.
 */
async function parseArgumentExpression(
  rawValue: string,
  flag: string,
  shownFlag: string,
): Promise<HclValue | { summary: string; detail: string; hint: string }> {
  const hint =
    `${shownFlag} is parsed as an HCL expression (the attribute is a list, set or object): ` +
    'write it in HCL, e.g. a list as ["/path/creds"], an object as { role_arn = "arn:…" }.';
  const separator = missingSeparatorError(rawValue);
  if (separator) return { ...separator, hint };
  let failure: unknown;
  try {
    return await parseHclExpression(rawValue, flag);
  } catch (error) {
    if (error instanceof NestingTooDeepError)
      throw new NestingTooDeepError(`${shownFlag}: expressions`, error.limit, null);
    if (!(error instanceof InvalidInputError)) throw error;
    failure = error;
  }
  const parses = (text: string) =>
    parseHclExpression(text, flag).then(
      () => true,
      () => false,
    );
  const diagnostic = await diagnoseCliExpression(rawValue, parses);
  // A syntax error message may quote the text: for a value holding a secret, say only that it is invalid.
  if (diagnostic === null) {
    if (shownFlag !== flag) throw new InvalidInputError(`${shownFlag}: not a valid HCL expression`);
    throw failure;
  }
  return { ...diagnostic, hint };
}
