import { posix } from "node:path";
import { InvalidInputError, NestingTooDeepError, NotS3BackendError } from "../errors.js";
import { describeJsonPosition, parseJsonInput } from "../json-input.js";
import { displayPath, type Location } from "../location.js";
import { redactText } from "../redact.js";
import type { BackendValueOrigin } from "../trace.js";
import type { World } from "../world/world.js";
import {
  findExpression,
  type HclBlock,
  type HclBody,
  type HclSource,
  type HclValue,
  type LiteralValue,
  parseHcl,
  parseHclExpression,
  toLiteral,
} from "./hcl.js";
import { checkJsonNesting } from "./nesting.js";
import {
  type BackendDeprecationNote,
  convertToSchemaType,
  formatBackendValue,
  holdsSecret,
  lookupBackendAttribute,
  REMOVED_S3_BACKEND_ATTRIBUTES,
  S3_BACKEND_SCHEMA,
  unsupportedArgumentDetail,
  unsupportedBlockDetail,
} from "./schema.js";
import { parseJsonAttributes, parseTerraformJson } from "./tf-json.js";

/** What {@link readRootModule} needs: the module and the `-backend-config` values of `terraform init`. */
export interface ReadRootModuleInput {
  /** The root module: Terraform's working directory (`-chdir`). Absolute, or relative to `world.cwd`. */
  readonly dir: string;
  /** Each `-backend-config` value in command-line order, without the flag: a file path or `name=value`. */
  readonly backendConfig: readonly string[];
}

/** A root module's S3 backend as `terraform init` would configure it, the AWS provider blocks, and the saved backend. */
export interface RootModule {
  /** Absolute path of the root module. */
  readonly dir: string;
  /** The configuration files Terraform loads, in its order (primary files by name, then override files), as display paths. */
  readonly files: readonly string[];
  readonly backend: S3BackendConfig;
  /** Every `provider "aws"` block, aliased ones included, after override files are merged in. */
  readonly providers: readonly AwsProviderConfig[];
  /** What the last `terraform init` saved in `.terraform/terraform.tfstate`, or null when the directory is not initialised. */
  readonly cache: BackendCache | null;
}

/** The merged `backend "s3"` configuration. */
export interface S3BackendConfig {
  /** The `backend "s3"` block (in an override file when one replaced it). */
  readonly block: Location;
  /** Every attribute set after merging the block with the `-backend-config` arguments, sorted by name. */
  readonly attributes: readonly BackendAttribute[];
  /** What Terraform would reject, collected rather than thrown so the caller can report it with its location. */
  readonly schemaProblems: readonly BackendSchemaProblem[];
  /** Deprecated attributes that are set (non-null), with Terraform's warning. */
  readonly deprecated: readonly BackendDeprecation[];
  /** A lone `-backend-config=""`: Terraform's explicit "no overrides". */
  readonly overridesCleared: boolean;
}

/** One attribute of the merged configuration and where its value came from. */
export interface BackendAttribute {
  readonly name: string;
  /**
   * The value converted to the attribute's type as Terraform converts it (`"true"` → true, a list → a sorted set).
   * null when set to null (Terraform treats that as unset); undefined when tfwhy cannot know it (an expression, or a
   * value of the wrong type: see schemaProblems).
   */
  readonly value: LiteralValue | undefined;
  /** The value as written, with the location of each nested element. */
  readonly written: HclValue;
  readonly via: BackendValueOrigin;
  /** Where it was written; null for a `-backend-config=name=value` argument. */
  readonly at: Location | null;
  /** For `via: "backend-config-argument"`: the argument as given (`bucket=my-state`); a secret's value reads `(set)`. */
  readonly argument: string | null;
}

/** Kinds of backend configuration Terraform rejects (or tfwhy cannot read). */
export type BackendProblemCode =
  | "unsupported-argument"
  | "removed-argument"
  | "unsupported-block"
  | "invalid-cli-argument"
  | "invalid-cli-value"
  | "invalid-value-type"
  | "variables-not-allowed"
  | "functions-not-allowed"
  | "expression-not-evaluated";

/** A configuration error Terraform reports, in Terraform's words. */
export interface BackendSchemaProblem {
  readonly code: BackendProblemCode;
  /** The attribute (or block type) concerned. */
  readonly attribute: string;
  readonly via: BackendValueOrigin;
  readonly at: Location | null;
  /** Terraform's diagnostic summary, e.g. `Unsupported argument`. `expression-not-evaluated` is tfwhy's own limit, not a Terraform error. */
  readonly summary: string;
  /** Terraform's diagnostic detail. */
  readonly detail: string;
  /** What tfwhy adds, e.g. where a removed attribute went; null when nothing. */
  readonly hint: string | null;
}

/** A deprecated attribute that is set. */
export interface BackendDeprecation {
  /** Dotted for nested attributes: `endpoints.dynamodb`. */
  readonly attribute: string;
  readonly replacement: string;
  /** Terraform's warning, or null when Terraform prints none (see {@link BackendDeprecationNote}). */
  readonly warning: BackendDeprecationNote["warning"];
  readonly via: BackendValueOrigin;
  readonly at: Location | null;
}

/** A `provider "aws"` block's authentication settings. The backend never uses them: its Configure reads only its own configuration (hashicorp/terraform internal/backend/remote-state/s3/backend.go). */
export interface AwsProviderConfig {
  /** The `alias` value, or null for the default configuration. */
  readonly alias: string | null;
  /** The `provider "aws"` block header. */
  readonly block: Location;
  /** The auth attributes that are set ({@link PROVIDER_AUTH_ATTRIBUTES}), in source order. */
  readonly attributes: readonly ProviderAttribute[];
  readonly assumeRole: readonly ProviderNestedBlock[];
  readonly assumeRoleWithWebIdentity: readonly ProviderNestedBlock[];
}

/** An `assume_role { … }` or `assume_role_with_web_identity { … }` block inside a provider block. */
export interface ProviderNestedBlock {
  readonly at: Location;
  readonly attributes: readonly ProviderAttribute[];
}

/** A provider attribute. Values may be expressions (`var.profile`): `value.kind === "expression"` keeps the text. */
export interface ProviderAttribute {
  readonly name: string;
  readonly value: HclValue;
  readonly at: Location;
}

/** The backend configuration saved by the last `terraform init` (`.terraform/terraform.tfstate`, or `$TF_DATA_DIR/…`). */
export interface BackendCache {
  /** The cache file, at its `"backend"` key. */
  readonly at: Location;
  /** The saved backend type (`s3`). */
  readonly type: string;
  /** The saved configuration: every schema attribute, null when unset. Secrets included: never show it as is. */
  readonly config: Readonly<Record<string, LiteralValue>>;
  /** Terraform's hash of the backend block alone (not of -backend-config values); null when absent. */
  readonly hash: number | null;
  /** Attributes whose saved value differs from the configuration now: `terraform init -reconfigure` is due. */
  readonly drift: readonly BackendDrift[];
}

/** One attribute that differs between the saved and the current configuration. Secrets are shown as `(set)`. */
export interface BackendDrift {
  readonly name: string;
  /** As saved, or null when unset there. */
  readonly cached: string | null;
  /** As configured now, or null when unset. */
  readonly current: string | null;
}

/** The provider attributes that decide credentials, region or files (besides the nested role blocks). */
export const PROVIDER_AUTH_ATTRIBUTES: readonly string[] = [
  "access_key",
  "secret_key",
  "token",
  "profile",
  "region",
  "shared_config_files",
  "shared_credentials_files",
  "shared_credentials_file",
];

/**
 * Reads a root module the way Terraform 1.11.4 does for `terraform init`: every `*.tf` and `*.tf.json` in `dir`
 * (override files last), the single `backend "s3"` block merged with each `-backend-config` value in order, the
 * `provider "aws"` blocks, and the saved backend in the data directory. Every value keeps its file:line.
 * @throws InvalidInputError when Terraform could not load the configuration at all: unreadable or malformed files, no
 * backend block, another backend type, two backend blocks, a missing `-backend-config` file.
 */
export async function readRootModule(world: World, input: ReadRootModuleInput): Promise<RootModule> {
  const dir = posix.resolve(world.cwd, input.dir);
  const show = (path: string): string => displayPath(path, dir, world.homeDir);
  const files = await readConfigurationFiles(world, dir, show);
  const module = assembleModule(files, displayPath(dir, world.cwd, world.homeDir));
  const overrides = await readOverrides(world, dir, show, input.backendConfig);
  const backend = mergeBackendConfig(module.backend, overrides);
  const cache = await readBackendCache(world, dir, show, backend.attributes);
  return { dir, files: files.map((file) => file.source.file), backend, providers: module.providers, cache };
}

interface ConfigurationFile {
  readonly source: HclSource;
  readonly isOverride: boolean;
  readonly body: HclBody;
}

/** Terraform configs.Parser dirFiles: `.tf` / `.tf.json`, not hidden or editor backups, override files after the rest. */
async function readConfigurationFiles(
  world: World,
  dir: string,
  show: (path: string) => string,
): Promise<ConfigurationFile[]> {
  const listing = await world.fs.listDir(dir);
  if (listing.state === "missing") throw new InvalidInputError(`no such directory: ${dir}`);
  if (listing.state === "unreadable") throw new InvalidInputError(`cannot read directory ${dir}: ${listing.message}`);
  const primary: ConfigurationFile[] = [];
  const overrides: ConfigurationFile[] = [];
  for (const entry of listing.entries) {
    if (entry.kind === "directory" || entry.kind === "other") continue;
    const extension = entry.name.endsWith(".tf.json") ? ".tf.json" : entry.name.endsWith(".tf") ? ".tf" : undefined;
    if (!extension || isIgnoredFile(entry.name)) continue;
    const path = posix.join(dir, entry.name);
    const source = { file: show(path), path };
    const body = await readAndParse(world, source, extension === ".tf.json" ? "terraform-json" : "hcl");
    const base = entry.name.slice(0, -extension.length);
    const isOverride = base === "override" || base.endsWith("_override");
    (isOverride ? overrides : primary).push({ source, isOverride, body });
  }
  return [...primary, ...overrides];
}

/** Terraform configs.IsIgnoredFile: hidden files, vim backups, emacs autosaves. */
function isIgnoredFile(name: string): boolean {
  return name.startsWith(".") || name.endsWith("~") || (name.startsWith("#") && name.endsWith("#"));
}

async function readAndParse(world: World, source: HclSource, syntax: "hcl" | "terraform-json"): Promise<HclBody> {
  const read = await world.fs.readText(source.path);
  if (read.state === "missing") throw new InvalidInputError(`file not found: ${source.file}`);
  if (read.state === "unreadable") throw new InvalidInputError(`cannot read ${source.file}: ${read.message}`);
  return syntax === "terraform-json" ? parseTerraformJson(read.text, source) : parseHcl(read.text, source);
}

interface AssembledModule {
  readonly backend: HclBlock;
  readonly providers: AwsProviderConfig[];
}

/** Terraform configs Module.appendFile / mergeFile, for the backend and the aws providers. */
function assembleModule(files: readonly ConfigurationFile[], dirShown: string): AssembledModule {
  let backend: HclBlock | undefined;
  let cloud: HclBlock | undefined;
  const providers: AwsProviderConfig[] = [];
  for (const file of files) {
    const settings = file.body.blocks
      .filter((block) => block.type === "terraform")
      .flatMap((block) => block.body.blocks);
    const backends = settings.filter((block) => block.type === "backend");
    const clouds = settings.filter((block) => block.type === "cloud");
    if (file.isOverride) {
      // mergeFile: a backend (or cloud) block in an override file replaces the module's, whole.
      if (backends.length > 1)
        throw duplicateBackend(
          backends[1]!,
          backends[0]!,
          "Each override file may have only one backend configuration.",
        );
      if (backends[0]) [backend, cloud] = [backends[0], undefined];
      if (clouds[0]) [backend, cloud] = [undefined, clouds[0]];
    } else {
      // appendFile: "Duplicate backend configuration".
      for (const block of backends) {
        if (backend) throw duplicateBackend(block, backend, "A module may have only one backend configuration.");
        backend = block;
      }
      cloud ??= clouds[0];
      if (backend && cloud) {
        throw new InvalidInputError(
          "Both a backend and a cloud block are present: a module may use only one of them",
          cloud.at,
        );
      }
    }
    for (const block of file.body.blocks) {
      if (block.type === "provider" && block.labels[0] === "aws") addProvider(providers, block, file.isOverride);
    }
  }
  if (!backend) {
    if (cloud)
      throw new NotS3BackendError(
        `${dirShown} uses HCP Terraform (a cloud block), not a backend`,
        { kind: "cloud" },
        cloud.at,
      );
    throw new NotS3BackendError(`no backend block in ${dirShown}`, { kind: "none" }, null);
  }
  if (backend.labels.length !== 1)
    throw new InvalidInputError("a backend block needs exactly one label, its type", backend.at);
  if (backend.labels[0] !== "s3") {
    // JSON quoting: the same for a plain label, and an escaped `\n` in the label cannot split the one-line message.
    throw new NotS3BackendError(
      `backend ${JSON.stringify(backend.labels[0])} is not the s3 backend`,
      { kind: "backend", type: backend.labels[0]! },
      backend.at,
    );
  }
  return { backend, providers };
}

function duplicateBackend(block: HclBlock, previous: HclBlock, rule: string): InvalidInputError {
  return new InvalidInputError(
    `Duplicate backend configuration: ${rule} The backend was previously configured at ${previous.at.file}:${previous.at.line}.`,
    block.at,
  );
}

/**
 * Adds a provider block; an override file's block merges into the one with the same alias (configs Provider.merge:
 * its arguments replace the base's by name, its nested blocks replace the base's blocks of the same type).
 */
function addProvider(providers: AwsProviderConfig[], block: HclBlock, isOverride: boolean): void {
  const aliasAttribute = block.body.attributes.find((attribute) => attribute.name === "alias");
  const aliasValue = aliasAttribute ? toLiteral(aliasAttribute.value) : null;
  const alias =
    typeof aliasValue === "string" ? aliasValue : aliasAttribute ? providerText(aliasAttribute.value) : null;
  const pick = (body: HclBody, names?: readonly string[]): ProviderAttribute[] =>
    body.attributes
      .filter((attribute) => !names || names.includes(attribute.name))
      .map(({ name, value, at }) => ({ name, value, at }));
  const nested = (type: string): ProviderNestedBlock[] =>
    block.body.blocks
      .filter((child) => child.type === type)
      .map((child) => ({ at: child.at, attributes: pick(child.body) }));
  const config: AwsProviderConfig = {
    alias,
    block: block.at,
    attributes: pick(block.body, PROVIDER_AUTH_ATTRIBUTES),
    assumeRole: nested("assume_role"),
    assumeRoleWithWebIdentity: nested("assume_role_with_web_identity"),
  };
  const index = providers.findIndex((provider) => provider.alias === alias);
  const base = isOverride ? providers[index] : undefined;
  if (!base) {
    providers.push(config);
    return;
  }
  const replaced = new Set(config.attributes.map((attribute) => attribute.name));
  providers[index] = {
    ...base,
    attributes: [...base.attributes.filter((attribute) => !replaced.has(attribute.name)), ...config.attributes],
    assumeRole: config.assumeRole.length > 0 ? config.assumeRole : base.assumeRole,
    assumeRoleWithWebIdentity:
      config.assumeRoleWithWebIdentity.length > 0 ? config.assumeRoleWithWebIdentity : base.assumeRoleWithWebIdentity,
  };
}

function providerText(value: HclValue): string {
  return value.kind === "expression" ? value.text : JSON.stringify(toLiteral(value));
}

/** One `-backend-config` value turned into attributes, in the order Terraform merges them. */
interface OverrideLayer {
  readonly via: Exclude<BackendValueOrigin, "backend-block">;
  readonly attributes: readonly Setting[];
  readonly problems: readonly BackendSchemaProblem[];
}

interface Setting {
  readonly name: string;
  readonly written: HclValue;
  readonly via: BackendValueOrigin;
  readonly at: Location | null;
  readonly argument: string | null;
}

interface Overrides {
  readonly layers: readonly OverrideLayer[];
  readonly cleared: boolean;
}

/**
 * Terraform InitCommand.backendConfigOverrideBody: a value without `=` is a file (HCL, or HCL's JSON syntax when the
 * name ends in `.json`) checked against the schema; `name=value` is one attribute, converted from the string for
 * primitive types and parsed as an HCL expression otherwise (configValueFromCLI). A lone `""` clears all overrides.
 */
async function readOverrides(
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
      '-backend-config="" clears the overrides only when it is the only -backend-config; here Terraform reads "" as a file name and fails',
    );
  }
  // Terraform reads the path relative to its working directory (the module, under -chdir).
  const path = posix.resolve(dir, value);
  const source = { file: show(path), path };
  const read = await world.fs.readText(path);
  if (read.state === "missing")
    throw new InvalidInputError(`-backend-config file ${source.file} does not exist (Terraform: Failed to read file)`);
  if (read.state === "unreadable")
    throw new InvalidInputError(`cannot read -backend-config file ${source.file}: ${read.message}`);
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
      detail: `The backend configuration argument "${name}" given on the command line is not expected for the selected backend type.`,
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
  // A syntax error message may quote the text: for a value holding a secret, say only that it is invalid (no cause kept).
  const written = await parseHclExpression(rawValue, flag).catch((error: unknown) => {
    if (error instanceof NestingTooDeepError)
      throw new NestingTooDeepError(`-backend-config="${argument}": expressions`, error.limit, null);
    throw new InvalidInputError(`-backend-config="${argument}": not a valid HCL expression`);
  });
  return { via, attributes: [{ name, written, via, at: null, argument }], problems: [] };
}

/** hclsyntax Body.Content against the backend schema: unknown arguments and any nested block are errors. */
function checkAgainstSchema(
  body: HclBody,
  via: BackendValueOrigin,
): { attributes: Setting[]; problems: BackendSchemaProblem[] } {
  const attributes: Setting[] = [];
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

function removedHint(name: string): string | null {
  const replacement = Object.hasOwn(REMOVED_S3_BACKEND_ATTRIBUTES, name)
    ? REMOVED_S3_BACKEND_ATTRIBUTES[name]
    : undefined;
  if (!replacement) return null;
  const [object, field] = replacement.split(".");
  return `Terraform 1.10 removed "${name}"; set it inside the ${object} object instead: ${object} = { ${field} = … }`;
}

/**
 * Meta.backendConfig + configs.MergeBodies: the block first, then each override layer; a later attribute replaces an
 * earlier one whole (objects such as assume_role are not merged key by key). Then the hcldec decode: values are
 * converted to the schema types, and expressions reported as Terraform would on evaluating them without variables.
 */
function mergeBackendConfig(block: HclBlock, overrides: Overrides): S3BackendConfig {
  const fromBlock = checkAgainstSchema(block.body, "backend-block");
  const problems: BackendSchemaProblem[] = [...fromBlock.problems];
  const settings = new Map<string, Setting>();
  for (const setting of fromBlock.attributes) settings.set(setting.name, setting);
  for (const layer of overrides.layers) {
    problems.push(...layer.problems);
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

function expressionProblem(setting: Setting): BackendSchemaProblem {
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
        detail: `tfwhy does not evaluate ${describeUnevaluated(setting.name, expression?.text)}; Terraform can, as it uses no variables or functions.`,
      };
  }
}

/**
 * The expression as the diagnostic may quote it: never for an attribute that is or holds a secret (nor access_key,
 * whose key id an expression may spell out in pieces), otherwise with URL user-info and key ids hidden.
 */
function describeUnevaluated(attribute: string, text: string | undefined): string {
  if (text === undefined) return "this expression";
  if (attribute === "access_key" || holdsSecret(lookupBackendAttribute(attribute)))
    return `the expression given for ${attribute} (not shown: it holds a secret)`;
  return `"${redactText(text)}"`;
}

/** PrepareConfig warns for each deprecated attribute whose value is not null. */
function deprecationsOf(setting: Setting, value: LiteralValue | undefined): BackendDeprecation[] {
  const schema = S3_BACKEND_SCHEMA[setting.name]!;
  const found: BackendDeprecation[] = [];
  if (schema.deprecation && value !== null) {
    found.push({ attribute: setting.name, ...schema.deprecation, via: setting.via, at: setting.at });
  }
  if (
    schema.attributes &&
    value !== null &&
    value !== undefined &&
    typeof value === "object" &&
    !Array.isArray(value)
  ) {
    const record = value as { readonly [key: string]: LiteralValue };
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

/**
 * The backend `terraform init` saved (Meta.backendFromConfig reads `<data dir>/terraform.tfstate`; the data dir is
 * TF_DATA_DIR when set, else `.terraform`, relative to the working directory), compared with the configuration now.
 */
async function readBackendCache(
  world: World,
  dir: string,
  show: (path: string) => string,
  current: readonly BackendAttribute[],
): Promise<BackendCache | null> {
  const dataDir = world.env.TF_DATA_DIR ? world.env.TF_DATA_DIR : ".terraform";
  const path = posix.resolve(dir, dataDir, "terraform.tfstate");
  const read = await world.fs.readText(path);
  if (read.state === "missing") return null;
  const file = show(path);
  if (read.state === "unreadable") throw new InvalidInputError(`cannot read ${file}: ${read.message}`);
  // Reading the saved configuration recurses (comparison, printing): reject what nests deeper than any config could.
  checkJsonNesting(read.text, { file, path });
  const json = parseJsonInput(read.text);
  if (!json.ok) {
    // No cause: V8's message quotes the text, and the cache holds the backend's secrets.
    throw new InvalidInputError(
      `${file} is not valid JSON${describeJsonPosition(json)} (Terraform: Failed to load state): run terraform init again`,
    );
  }
  const parsed = json.value;
  const backend = isRecord(parsed) ? parsed.backend : undefined;
  if (!isRecord(backend) || typeof backend.type !== "string") return null;
  const config = isRecord(backend.config) ? (backend.config as Record<string, LiteralValue>) : {};
  const keyIndex = read.text.search(/"backend"\s*:/);
  const line = keyIndex === -1 ? 1 : read.text.slice(0, keyIndex).split("\n").length;
  return {
    at: { file, path, line },
    type: backend.type,
    config,
    hash: typeof backend.hash === "number" ? backend.hash : null,
    drift: compareWithCache(config, current),
  };
}

/** Attributes whose saved and current values differ; null and unset are the same thing, sets compare as sets. */
function compareWithCache(
  cached: Readonly<Record<string, LiteralValue>>,
  current: readonly BackendAttribute[],
): BackendDrift[] {
  const currentByName = new Map(current.map((attribute) => [attribute.name, attribute]));
  const names = [...new Set([...Object.keys(cached), ...currentByName.keys()])].sort();
  const drift: BackendDrift[] = [];
  for (const name of names) {
    const attribute = currentByName.get(name);
    if (attribute && attribute.value === undefined) continue; // not known offline: nothing to compare
    const before = normalizeForComparison(cached[name] ?? null);
    const after = normalizeForComparison(attribute?.value ?? null);
    if (JSON.stringify(before) === JSON.stringify(after)) continue;
    drift.push({
      name,
      cached: before === null ? null : formatBackendValue(name, before),
      current: after === null ? null : formatBackendValue(name, after),
    });
  }
  return drift;
}

/** Drops null object members, sorts object keys and sets (cty set order), so equal values print equal. */
function normalizeForComparison(value: LiteralValue): LiteralValue {
  if (Array.isArray(value)) {
    const items = (value as readonly LiteralValue[]).map(normalizeForComparison);
    return items.every((item) => typeof item === "string") ? [...(items as string[])].sort() : items;
  }
  if (isRecord(value)) {
    const record: Record<string, LiteralValue> = {};
    for (const key of Object.keys(value).sort()) {
      const item = value[key];
      if (item !== null && item !== undefined) record[key] = normalizeForComparison(item as LiteralValue);
    }
    return record;
  }
  return value;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
