import { posix } from "node:path";
import type { LocatedValue } from "../aws-files/shared-config.js";
import { displayPath, type Location } from "../location.js";
import type { DiagnosticCode } from "../reasons.js";
import type { Severity } from "../trace.js";
import type { World } from "../world/world.js";
import type { HclLiteral, MergedAttribute } from "./backend-view.js";
import type { HclValue } from "./hcl.js";
import { validateBackendValues } from "./prepare-config.js";
import { type AwsProviderConfig, type BackendSchemaProblem, type RootModule, readRootModule } from "./root-module.js";
import { holdsSecret, lookupBackendAttribute } from "./schema.js";

/** A problem Terraform reports while decoding or preparing the backend configuration. */
export interface ModuleProblem {
  readonly code: DiagnosticCode;
  readonly severity: Severity;
  readonly message: string;
  readonly at: Location | null;
  readonly fix: string | null;
  /** For errors: the summary Terraform prints. */
  readonly terraformError: string | null;
  /**
   * When Terraform reports it: while decoding/preparing the configuration (before credentials), or in Configure
   * after the credentials were resolved (the SSE-C key checks).
   */
  readonly stage?: "configure";
}

/** Auth settings of one `provider "aws"` block, which the backend never reads. */
export interface ProviderFacts {
  readonly at: Location;
  readonly alias: string | null;
  readonly profile: LocatedValue | null;
  readonly assumeRoles: readonly LocatedValue[];
  readonly staticKeys: readonly { readonly name: string; readonly at: Location }[];
  readonly sharedFiles: readonly { readonly name: string; readonly at: Location }[];
}

/** What explain needs from the root module, in the chain's terms. */
export interface ModuleFacts {
  readonly dir: string;
  readonly block: Location;
  readonly attributes: ReadonlyMap<string, MergedAttribute>;
  readonly providers: readonly ProviderFacts[];
  readonly drift: readonly { readonly name: string; readonly cached: string; readonly current: string }[];
  readonly cacheFile: string | null;
  readonly cacheAt: Location | null;
  /** Attributes set by an expression tfwhy does not evaluate (Terraform can): their values are unknown offline. */
  readonly unevaluated: ReadonlyMap<string, Location | null>;
  readonly problems: readonly ModuleProblem[];
  /**
   * Every secret value the configuration holds (secret attributes, literal or inside an unevaluated expression, and
   * those cached in .terraform): for the redactor only, never shown.
   */
  readonly secretValues: readonly string[];
  /** Where a fix to the backend configuration belongs: the last -backend-config file, else the backend block's file. */
  readonly fixTarget: string;
}

/** Reads the root module (backend block, -backend-config, provider blocks, .terraform cache) into ModuleFacts. */
export async function readModuleFacts(
  world: World,
  dir: string,
  backendConfig: readonly string[],
): Promise<ModuleFacts> {
  const module = await readRootModule(world, { dir, backendConfig });
  const attributes = new Map<string, MergedAttribute>();
  for (const attribute of module.backend.attributes) {
    if (attribute.value === undefined) continue;
    attributes.set(attribute.name, { value: attribute.value as HclLiteral, via: attribute.via, at: attribute.at });
  }
  const fixTarget = chooseFixTarget(module, backendConfig, world);
  const unevaluated = new Map(
    module.backend.schemaProblems.filter((p) => p.code === "expression-not-evaluated").map((p) => [p.attribute, p.at]),
  );
  return {
    dir: module.dir,
    block: module.backend.block,
    attributes,
    secretValues: collectSecretValues(module),
    unevaluated,
    providers: module.providers.map(providerFacts),
    drift: (module.cache?.drift ?? []).map((d) => ({
      name: d.name,
      cached: d.cached ?? "(unset)",
      current: d.current ?? "(unset)",
    })),
    cacheFile: module.cache?.at.file ?? null,
    cacheAt: module.cache?.at ?? null,
    problems: [
      ...schemaProblems(module, backendConfig.length > 0),
      ...prepareConfigProblems(module, attributes, unevaluated),
      ...configureProblems(attributes, world.env),
    ],
    fixTarget,
  };
}

/** Attributes whose values decide which credentials Terraform uses. */
export const CREDENTIAL_ATTRIBUTES: ReadonlySet<string> = new Set([
  "profile",
  "access_key",
  "secret_key",
  "token",
  "assume_role",
  "assume_role_with_web_identity",
  "shared_config_files",
  "shared_credentials_files",
  "shared_credentials_file",
]);
const LOCATION_ATTRIBUTES = new Set(["bucket", "key", "region"]);

/**
 * Where a fix to the backend configuration belongs: the last -backend-config file (command-line order) that sets a
 * credential attribute, else the last that sets bucket/key/region, else the last file given, else the block's file.
 */
function chooseFixTarget(module: RootModule, backendConfig: readonly string[], world: World): string {
  const files = backendConfig
    .filter((arg) => !arg.includes("=") && arg !== "")
    .map((arg) => displayPath(posix.resolve(module.dir, arg), module.dir, world.homeDir));
  const setBy = (names: ReadonlySet<string>) =>
    new Set(
      module.backend.attributes
        .filter((a) => a.via === "backend-config-file" && a.at && names.has(a.name))
        .map((a) => a.at!.file),
    );
  const credentialFiles = setBy(CREDENTIAL_ATTRIBUTES);
  const locationFiles = setBy(LOCATION_ATTRIBUTES);
  const last = (pick: (file: string) => boolean) => [...files].reverse().find(pick);
  return (
    last((f) => credentialFiles.has(f)) ??
    last((f) => locationFiles.has(f)) ??
    files[files.length - 1] ??
    module.backend.block.file
  );
}

const PROBLEM_CODES: Record<BackendSchemaProblem["code"], DiagnosticCode> = {
  "unsupported-argument": "attribute-unsupported",
  "unsupported-block": "attribute-unsupported",
  "invalid-cli-argument": "attribute-unsupported",
  "removed-argument": "attribute-removed",
  "invalid-cli-value": "backend-value-invalid",
  "invalid-value-type": "backend-value-invalid",
  "variables-not-allowed": "backend-value-invalid",
  "functions-not-allowed": "backend-value-invalid",
  "expression-not-evaluated": "backend-value-not-evaluated",
};

/** Schema problems Terraform stops ignoring only when no -backend-config is given. */
const IGNORED_WITH_OVERRIDES = new Set<BackendSchemaProblem["code"]>([
  "unsupported-argument",
  "removed-argument",
  "unsupported-block",
]);

function schemaProblems(module: RootModule, hasOverrides: boolean): ModuleProblem[] {
  const problems: ModuleProblem[] = module.backend.schemaProblems.map((p) => {
    // With any -backend-config (even an empty one) Terraform decodes the block with PartialContent, so unknown
    // and removed attributes there are silently dropped (checked on 1.11.4); in a -backend-config file they fail.
    if (hasOverrides && p.via === "backend-block" && IGNORED_WITH_OVERRIDES.has(p.code)) {
      return {
        code: PROBLEM_CODES[p.code],
        severity: "warning",
        message: `${p.summary} (ignored): ${p.detail} Terraform silently ignores it here because -backend-config is given; without -backend-config the same block fails.`,
        at: p.at,
        fix: p.hint ?? `Remove ${p.attribute} from the backend block.`,
        terraformError: null,
      };
    }
    // Terraform accepts constant expressions tfwhy does not evaluate: not an error, just unknown to us.
    const fatal = p.code !== "expression-not-evaluated";
    return {
      code: PROBLEM_CODES[p.code],
      severity: fatal ? "error" : "warning",
      message: `${p.summary}: ${p.detail}`,
      at: p.at,
      fix: p.hint,
      terraformError: fatal ? p.summary : null,
    };
  });
  for (const d of module.backend.deprecated) {
    problems.push({
      code: "attribute-deprecated",
      severity: "warning",
      message: d.warning
        ? `${d.warning.summary}: ${d.warning.detail}`
        : `The attribute "${d.attribute}" is deprecated; use ${d.replacement} instead.`,
      at: d.at,
      fix: `Use ${d.replacement} instead of ${d.attribute}.`,
      terraformError: null,
    });
  }
  return problems;
}

/** The two attributes of a pair Terraform refuses together ("Invalid Attribute Combination"). */
const EXCLUSIVE_PAIRS: readonly (readonly [string, string])[] = [
  ["shared_credentials_file", "shared_credentials_files"],
  ["force_path_style", "use_path_style"],
  ["kms_key_id", "sse_customer_key"],
  ["allowed_account_ids", "forbidden_account_ids"],
];

/** Deprecated endpoint attributes that conflict with their `endpoints.<service>` replacement ("Conflicting Parameters"). */
const ENDPOINT_ALIASES: readonly (readonly [string, string])[] = [
  ["endpoint", "s3"],
  ["dynamodb_endpoint", "dynamodb"],
  ["iam_endpoint", "iam"],
  ["sts_endpoint", "sts"],
];

/**
 * Terraform's decoding of the nested role objects and its PrepareConfig checks, in that order: bucket and key are
 * required, the key has no leading/trailing `/` and no `//`, exclusive attribute pairs, endpoint conflicts.
 */
function prepareConfigProblems(
  module: RootModule,
  attributes: ReadonlyMap<string, MergedAttribute>,
  unevaluated: ReadonlyMap<string, Location | null>,
): ModuleProblem[] {
  const problems: ModuleProblem[] = [];
  const set = (name: string) => {
    const value = attributes.get(name)?.value;
    return value !== undefined && value !== null && value !== "" && !(Array.isArray(value) && value.length === 0);
  };
  // Decoding: role_arn is a required attribute of both role objects (cty object type conversion).
  for (const name of ["assume_role", "assume_role_with_web_identity"]) {
    const value = attributes.get(name)?.value;
    if (
      value &&
      typeof value === "object" &&
      !Array.isArray(value) &&
      !isNonEmptyString((value as Record<string, unknown>).role_arn)
    ) {
      problems.push({
        code: "backend-value-invalid",
        severity: "error",
        message: `Incorrect attribute value type: Inappropriate value for attribute "${name}": attribute "role_arn" is required.`,
        at: attributes.get(name)?.at ?? null,
        fix: `Add role_arn to ${name}.`,
        terraformError: "Incorrect attribute value type",
      });
    }
  }
  const webIdentity = attributes.get("assume_role_with_web_identity")?.value;
  if (webIdentity && typeof webIdentity === "object" && !Array.isArray(webIdentity)) {
    const w = webIdentity as Record<string, unknown>;
    const tokens = ["web_identity_token", "web_identity_token_file"].filter((k) => isNonEmptyString(w[k]));
    const at = attributes.get("assume_role_with_web_identity")?.at ?? null;
    if (tokens.length === 0) {
      problems.push({
        code: "attribute-required",
        severity: "error",
        message:
          "Missing Required Value: Exactly one of web_identity_token, web_identity_token_file must be set. (Terraform does not read AWS_WEB_IDENTITY_TOKEN_FILE or AWS_ROLE_ARN for this block.)",
        at,
        fix: "Set web_identity_token_file (or web_identity_token) in assume_role_with_web_identity.",
        terraformError: "Missing Required Value",
      });
    } else if (tokens.length === 2) {
      problems.push({
        code: "backend-value-invalid",
        severity: "error",
        message: "Invalid Attribute Combination: Only one of web_identity_token, web_identity_token_file can be set.",
        at,
        fix: "Keep only one of web_identity_token and web_identity_token_file.",
        terraformError: "Invalid Attribute Combination",
      });
    }
  }
  for (const name of ["bucket", "key"]) {
    const value = attributes.get(name)?.value;
    // Set by an expression tfwhy does not evaluate: unknown, not missing.
    if ((value === undefined || value === null) && !unevaluated.has(name)) {
      problems.push({
        code: "attribute-required",
        severity: "error",
        message: `Missing Required Value: The attribute "${name}" is required by the backend.`,
        at: module.backend.block,
        fix: `Set ${name} in the backend block or a -backend-config file.`,
        terraformError: "Missing Required Value",
      });
    }
  }
  for (const problem of validateBackendValues(attributes)) {
    problems.push({
      code: "backend-value-invalid",
      severity: "error",
      message: `${problem.summary}: ${problem.detail} (${problem.attribute}).`,
      at: problem.at,
      fix: `Fix ${problem.attribute} as the message says.`,
      terraformError: problem.summary,
    });
  }
  for (const [a, b] of EXCLUSIVE_PAIRS) {
    if (set(a) && set(b)) {
      problems.push({
        code: "backend-value-invalid",
        severity: "error",
        message: `Invalid Attribute Combination: Only one of ${a}, ${b} can be set.`,
        at: attributes.get(b)?.at ?? attributes.get(a)?.at ?? null,
        fix: `Remove ${a} or ${b}.`,
        terraformError: "Invalid Attribute Combination",
      });
    }
  }
  const endpoints = attributes.get("endpoints")?.value;
  for (const [old, service] of ENDPOINT_ALIASES) {
    if (
      set(old) &&
      endpoints &&
      typeof endpoints === "object" &&
      isNonEmptyString((endpoints as Record<string, unknown>)[service])
    ) {
      problems.push({
        code: "backend-value-invalid",
        severity: "error",
        message: `Conflicting Parameters: The parameters "${old}" and "endpoints.${service}" cannot be configured together.`,
        at: attributes.get(old)?.at ?? null,
        fix: `Remove ${old}; keep endpoints.${service}.`,
        terraformError: "Conflicting Parameters",
      });
    }
  }
  return problems;
}

/**
 * Configure's SSE-C checks, which Terraform reports after resolving credentials: the key (attribute, else
 * AWS_SSE_CUSTOMER_KEY) must be 44 characters of base64 for 32 bytes, and the env key conflicts with kms_key_id.
 */
function configureProblems(
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

function isNonEmptyString(value: unknown): value is string {
  return typeof value === "string" && value !== "";
}

function providerFacts(provider: AwsProviderConfig): ProviderFacts {
  const literal = (value: HclValue): string | null => (value.kind === "string" ? value.value : null);
  const attribute = (name: string) => provider.attributes.find((a) => a.name === name);
  const profileAttribute = attribute("profile");
  const profileValue = profileAttribute ? literal(profileAttribute.value) : null;
  const assumeRoles: LocatedValue[] = [];
  for (const block of provider.assumeRole) {
    const role = block.attributes.find((a) => a.name === "role_arn");
    const value = role ? literal(role.value) : null;
    if (role && value) assumeRoles.push({ value, at: role.at });
  }
  return {
    at: provider.block,
    alias: provider.alias,
    profile: profileAttribute && profileValue ? { value: profileValue, at: profileAttribute.at } : null,
    assumeRoles,
    staticKeys: provider.attributes
      .filter((a) => ["access_key", "secret_key", "token"].includes(a.name))
      .map((a) => ({ name: a.name, at: a.at })),
    sharedFiles: provider.attributes
      .filter((a) => a.name.startsWith("shared_"))
      .map((a) => ({ name: a.name, at: a.at })),
  };
}

/** Secret values of the backend (and its cache), including the string pieces of expressions tfwhy does not evaluate. */
function collectSecretValues(module: RootModule): string[] {
  const found: string[] = [];
  const collect = (path: string, value: unknown): void => {
    const secret = lookupBackendAttribute(path)?.secret === true || path === "access_key";
    if (typeof value === "string") {
      if (secret) found.push(value);
    } else if (Array.isArray(value)) {
      for (const item of value) collect(`${path}.*`, item);
    } else if (value !== null && typeof value === "object") {
      for (const [key, item] of Object.entries(value)) collect(`${path}.${key}`, item);
    }
  };
  const collectWritten = (path: string, written: HclValue): void => {
    const schema = lookupBackendAttribute(path);
    if (written.kind === "string" && (schema?.secret || path === "access_key")) found.push(written.value);
    if (written.kind === "expression" && (holdsSecret(schema) || path === "access_key")) {
      found.push(written.text);
      // Every quoted piece of the expression may be the secret itself (bare words are references, not values).
      for (const piece of written.text.match(/"(?:[^"\\]|\\.)*"/g) ?? []) found.push(piece.slice(1, -1));
    }
    if (written.kind === "tuple") for (const item of written.items) collectWritten(`${path}.*`, item);
    if (written.kind === "object")
      for (const entry of written.entries) collectWritten(`${path}.${entry.key}`, entry.value);
  };
  for (const attribute of module.backend.attributes) {
    collect(attribute.name, attribute.value);
    collectWritten(attribute.name, attribute.written);
  }
  for (const [name, value] of Object.entries(module.cache?.config ?? {})) collect(name, value);
  return found;
}
