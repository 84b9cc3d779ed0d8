import { maskAccessKeyId } from "../redact.js";
import type { LiteralValue } from "./hcl-types.js";
import { isLiteralList, isLiteralRecord } from "./hcl-values.js";

/** The value types the S3 backend schema uses (Terraform `configschema` / cty types). */
export type BackendValueType = "string" | "bool" | "number" | "set(string)" | "map(string)" | "object";

/** One attribute of the S3 backend schema. */
export interface BackendAttributeSchema {
  readonly type: BackendValueType;
  /** The nested attributes of an `object` (Terraform `singleNestedAttribute`). */
  readonly attributes?: Readonly<Record<string, BackendAttributeSchema>>;
  /** Terraform reports the attribute as missing when it is unset. */
  readonly required?: boolean;
  /**
   * tfwhy never shows the value (only set/empty). Wider than the schema's `Sensitive`, which marks only
   * sse_customer_key.
   */
  readonly secret?: boolean;
  readonly deprecation?: BackendDeprecationNote;
  /** The value is an AWS access key id: shown masked (as go-base logs it) and kept from output like a secret. */
  readonly accessKeyId?: boolean;
  /**
   * What the value decides for tfwhy: which credentials Terraform uses, or where the state lives. A fix belongs in
   * the -backend-config file that sets such attributes.
   */
  readonly decides?: "credentials" | "state-location";
}

/** How Terraform 1.11 deprecates an attribute. */
export interface BackendDeprecationNote {
  /** The attribute to use instead, as Terraform names it (`endpoints.s3`). */
  readonly replacement: string;
  /**
   * The warning Terraform prints (PrepareConfig deprecatedAttrDiag), or null when only the schema marks the attribute
   * deprecated and no warning is built for it (dynamodb_table).
   */
  readonly warning: { readonly summary: "Deprecated Parameter"; readonly detail: string } | null;
}

const string: BackendAttributeSchema = { type: "string" };
const bool: BackendAttributeSchema = { type: "bool" };
const setOfStrings: BackendAttributeSchema = { type: "set(string)" };
const credentialString: BackendAttributeSchema = { type: "string", decides: "credentials" };
const credentialFiles: BackendAttributeSchema = { type: "set(string)", decides: "credentials" };

/**
 * Deprecated in Terraform 1.11's backend schema, with the warning PrepareConfig builds for it (deprecatedAttrDiag in
 * hashicorp/terraform internal/backend/remote-state/s3/backend.go). Terraform 1.11.4 prints that warning only when
 * init then fails; a successful init or plan prints none (conformance/FINDINGS.md §8, §15).
 */
function deprecated(type: BackendValueType, name: string, replacement: string): BackendAttributeSchema {
  return { type, deprecation: deprecationOf(name, replacement) };
}

function deprecationOf(name: string, replacement: string): BackendDeprecationNote {
  return {
    replacement,
    warning: {
      summary: "Deprecated Parameter",
      detail: `The parameter "${name}" is deprecated. Use parameter "${replacement}" instead.`,
    },
  };
}

/** Terraform 1.11 assumeRoleSchema (backend.go): the `assume_role = { … }` object. */
const assumeRoleAttributes: Readonly<Record<string, BackendAttributeSchema>> = {
  role_arn: { type: "string", required: true },
  duration: string,
  external_id: string,
  policy: string,
  policy_arns: setOfStrings,
  session_name: string,
  source_identity: string,
  tags: { type: "map(string)" },
  transitive_tag_keys: setOfStrings,
};

/** Terraform 1.11 assumeRoleWithWebIdentitySchema (backend.go). */
const assumeRoleWithWebIdentityAttributes: Readonly<Record<string, BackendAttributeSchema>> = {
  role_arn: { type: "string", required: true },
  duration: string,
  policy: string,
  policy_arns: setOfStrings,
  session_name: string,
  web_identity_token: { type: "string", secret: true },
  web_identity_token_file: string,
};

/**
 * Terraform 1.11 endpointsSchema (backend.go). `dynamodb` is marked Deprecated in the schema, but Terraform 1.11.4
 * prints nothing for it (not even when init fails) and it only sets the DynamoDB client's endpoint: no note.
 */
const endpointsAttributes: Readonly<Record<string, BackendAttributeSchema>> = {
  dynamodb: string,
  iam: string,
  s3: string,
  sso: string,
  sts: string,
};

/**
 * The S3 backend schema of Terraform 1.11.4 (`internal/backend/remote-state/s3/backend.go`, `ConfigSchema`), with the
 * deprecations PrepareConfig warns about.
 */
export const S3_BACKEND_SCHEMA: Readonly<Record<string, BackendAttributeSchema>> = {
  bucket: { type: "string", required: true, decides: "state-location" },
  key: { type: "string", required: true, decides: "state-location" },
  region: { type: "string", decides: "state-location" },
  allowed_account_ids: setOfStrings,
  dynamodb_endpoint: deprecated("string", "dynamodb_endpoint", "endpoints.dynamodb"),
  ec2_metadata_service_endpoint: string,
  ec2_metadata_service_endpoint_mode: string,
  endpoint: deprecated("string", "endpoint", "endpoints.s3"),
  endpoints: { type: "object", attributes: endpointsAttributes },
  forbidden_account_ids: setOfStrings,
  iam_endpoint: deprecated("string", "iam_endpoint", "endpoints.iam"),
  sts_endpoint: deprecated("string", "sts_endpoint", "endpoints.sts"),
  sts_region: string,
  encrypt: bool,
  acl: string,
  access_key: { type: "string", accessKeyId: true, decides: "credentials" },
  secret_key: { type: "string", secret: true, decides: "credentials" },
  kms_key_id: string,
  // Marked Deprecated in ConfigSchema, but Terraform 1.11.4 printed no warning for it on a successful init and plan
  // (conformance findings): tfwhy notes it as its own info, never as Terraform's warning.
  dynamodb_table: { type: "string", deprecation: deprecationOf("dynamodb_table", "use_lockfile") },
  use_lockfile: bool,
  profile: credentialString,
  retry_mode: string,
  shared_config_files: credentialFiles,
  shared_credentials_file: {
    ...deprecated("string", "shared_credentials_file", "shared_credentials_files"),
    decides: "credentials",
  },
  shared_credentials_files: credentialFiles,
  token: { type: "string", secret: true, decides: "credentials" },
  skip_credentials_validation: bool,
  skip_requesting_account_id: bool,
  skip_metadata_api_check: bool,
  skip_region_validation: bool,
  skip_s3_checksum: bool,
  sse_customer_key: { type: "string", secret: true },
  workspace_key_prefix: string,
  force_path_style: deprecated("bool", "force_path_style", "use_path_style"),
  use_path_style: bool,
  max_retries: { type: "number" },
  assume_role: { type: "object", attributes: assumeRoleAttributes, decides: "credentials" },
  assume_role_with_web_identity: {
    type: "object",
    attributes: assumeRoleWithWebIdentityAttributes,
    decides: "credentials",
  },
  custom_ca_bundle: string,
  http_proxy: string,
  https_proxy: string,
  no_proxy: string,
  insecure: bool,
  use_fips_endpoint: bool,
  use_dualstack_endpoint: bool,
};

/**
 * Top-level attributes deprecated in 1.6 and removed in 1.10.0 (#35721), with where the setting lives now. In 1.11 they
 * are plain "Unsupported argument" errors; OpenTofu still accepts them.
 */
export const REMOVED_S3_BACKEND_ATTRIBUTES: Readonly<Record<string, string>> = {
  role_arn: "assume_role.role_arn",
  session_name: "assume_role.session_name",
  external_id: "assume_role.external_id",
  assume_role_duration_seconds: "assume_role.duration",
  assume_role_policy: "assume_role.policy",
  assume_role_policy_arns: "assume_role.policy_arns",
  assume_role_tags: "assume_role.tags",
  assume_role_transitive_tag_keys: "assume_role.transitive_tag_keys",
};

/** Looks an attribute up by dotted path (`assume_role.role_arn`). */
export function lookupBackendAttribute(path: string): BackendAttributeSchema | undefined {
  let attributes: Readonly<Record<string, BackendAttributeSchema>> | undefined = S3_BACKEND_SCHEMA;
  let found: BackendAttributeSchema | undefined;
  for (const part of path.split(".")) {
    found = attributes && Object.hasOwn(attributes, part) ? attributes[part] : undefined;
    if (!found) return undefined;
    attributes = found.attributes;
  }
  return found;
}

/** The top-level attributes whose values decide the credentials, or where the state lives. */
export function attributesDeciding(what: "credentials" | "state-location"): ReadonlySet<string> {
  return new Set(Object.keys(S3_BACKEND_SCHEMA).filter((name) => S3_BACKEND_SCHEMA[name]!.decides === what));
}

/** True for a top-level attribute whose value is an access key id, shown masked. */
export function isAccessKeyId(name: string): boolean {
  return Object.hasOwn(S3_BACKEND_SCHEMA, name) && S3_BACKEND_SCHEMA[name]!.accessKeyId === true;
}

/** True for a top-level attribute whose value never leaves the process (`secret_key`, `token`, `sse_customer_key`). */
export function isSecretAttribute(name: string): boolean {
  return Object.hasOwn(S3_BACKEND_SCHEMA, name) && S3_BACKEND_SCHEMA[name]!.secret === true;
}

/** True when tfwhy must never show the attribute's value, itself or inside it (`assume_role_with_web_identity`). */
export function holdsSecret(schema: BackendAttributeSchema | undefined): boolean {
  if (!schema) return false;
  if (schema.secret) return true;
  return Object.values(schema.attributes ?? {}).some(holdsSecret);
}

/**
 * Terraform's text for an unknown argument (hclsyntax Body.Content): `An argument named "x" is not expected here.`,
 * plus ` Did you mean "y"?` when an attribute not yet set is within Levenshtein distance 2. hcl takes the first match
 * in Go map order; tfwhy takes the alphabetically first.
 */
export function unsupportedArgumentDetail(name: string, alreadySet: ReadonlySet<string>): string {
  const candidates = Object.keys(S3_BACKEND_SCHEMA)
    .filter((candidate) => !alreadySet.has(candidate))
    .sort();
  const suggestion = candidates.find((candidate) => levenshtein(name, candidate) < 3);
  return `An argument named "${name}" is not expected here.${suggestion ? ` Did you mean "${suggestion}"?` : ""}`;
}

/** Terraform's text for a nested block in the backend block (the S3 schema has attributes only). */
export function unsupportedBlockDetail(type: string): string {
  const hint = Object.hasOwn(S3_BACKEND_SCHEMA, type)
    ? ` Did you mean to define argument "${type}"? If so, use the equals sign to assign it a value.`
    : "";
  return `Blocks of type "${type}" are not expected here.${hint}`;
}

/** Edit distance over code points (agext/levenshtein, as hcl's nameSuggestion uses it). */
export function levenshtein(a: string, b: string): number {
  const left = [...a];
  const right = [...b];
  let previous = Array.from({ length: right.length + 1 }, (_, index) => index);
  for (let i = 1; i <= left.length; i++) {
    const current = [i];
    for (let j = 1; j <= right.length; j++) {
      const cost = left[i - 1] === right[j - 1] ? 0 : 1;
      current.push(Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + cost));
    }
    previous = current;
  }
  return previous[right.length]!;
}

/** The result of converting a value to a schema type. */
export type Conversion =
  | { readonly ok: true; readonly value: LiteralValue }
  | { readonly ok: false; readonly message: string };

/**
 * Converts a literal to the attribute's type the way go-cty's convert package does when Terraform decodes the backend
 * body: `"true"`/`"1"` → true, `5` → "5", a tuple → a set (deduplicated, sorted as cty iterates string sets), an object
 * → a map or the nested object. `message` is cty's, for `Inappropriate value for attribute "x": <message>.`.
 */
export function convertToSchemaType(value: LiteralValue, schema: BackendAttributeSchema): Conversion {
  if (value === null) return { ok: true, value: null };
  switch (schema.type) {
    case "string":
      if (typeof value === "string") return { ok: true, value };
      if (typeof value === "number" || typeof value === "boolean") return { ok: true, value: String(value) };
      return { ok: false, message: "string required" };
    case "bool":
      if (typeof value === "boolean") return { ok: true, value };
      if (typeof value === "string") return stringToBool(value);
      return { ok: false, message: "bool required" };
    case "number":
      if (typeof value === "number") return { ok: true, value };
      if (typeof value === "string") {
        // cty.ParseNumberVal: big.ParseFloat in base 10.
        return /^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/.test(value.trim()) && value.trim() === value
          ? { ok: true, value: Number(value) }
          : { ok: false, message: "a number is required" };
      }
      return { ok: false, message: "number required" };
    case "set(string)": {
      if (!isLiteralList(value)) return { ok: false, message: "set of string required" };
      const items = new Set<string>();
      for (const item of value) {
        if (item === null) return { ok: false, message: "null values are not allowed in a set" };
        const converted = convertToSchemaType(item, string);
        if (!converted.ok) return converted;
        items.add(String(converted.value)); // a non-null value converted to string
      }
      return { ok: true, value: [...items].sort() };
    }
    case "map(string)": {
      if (!isLiteralRecord(value)) return { ok: false, message: "map of string required" };
      const map: Record<string, LiteralValue> = Object.create(null);
      for (const [key, item] of Object.entries(value)) {
        const converted = convertToSchemaType(item, string);
        if (!converted.ok) return converted;
        map[key] = converted.value;
      }
      return { ok: true, value: map };
    }
    case "object": {
      if (!isLiteralRecord(value)) return { ok: false, message: "object required" };
      const nested = schema.attributes ?? {};
      const object: Record<string, LiteralValue> = Object.create(null);
      // Keys the object type does not know are dropped, not refused: Terraform 1.11.4 initialised with
      // `assume_role = { role_arn = …, foo = "x" }` (conformance/FINDINGS.md §9).
      for (const [key, attribute] of Object.entries(nested)) {
        // Left out, a required attribute fails the conversion; written as `null` it converts, and PrepareConfig
        // then reports "Missing Required Value" (Terraform 1.11.4, conformance/FINDINGS.md §14).
        if (!Object.hasOwn(value, key) && attribute.required)
          return { ok: false, message: `attribute "${key}" is required` };
        const item = Object.hasOwn(value, key) ? value[key]! : null;
        const converted = convertToSchemaType(item, attribute);
        if (!converted.ok) return converted;
        object[key] = converted.value;
      }
      return { ok: true, value: object };
    }
  }
}

/** go-cty primitiveConversionsUnsafe string → bool. */
function stringToBool(value: string): Conversion {
  if (value === "true" || value === "1") return { ok: true, value: true };
  if (value === "false" || value === "0") return { ok: true, value: false };
  const lower = value.toLowerCase();
  if (lower === "true" || lower === "false") {
    return { ok: false, message: `a bool is required; to convert from string, use lowercase "${lower}"` };
  }
  return { ok: false, message: "a bool is required" };
}

/**
 * Shows a backend value the way a user would write it in HCL, hiding secrets: secret attributes show `(set)` or
 * `(empty)`, `access_key` is masked like go-base logs it, nested secrets (`web_identity_token`) likewise.
 */
export function formatBackendValue(path: string, value: LiteralValue): string {
  const schema = lookupBackendAttribute(path);
  if (value === null) return "null";
  if (schema?.secret) return value === "" ? "(empty)" : "(set)";
  if (schema?.accessKeyId && typeof value === "string") return JSON.stringify(maskAccessKeyId(value));
  if (typeof value === "string") return JSON.stringify(value);
  if (typeof value === "number" || typeof value === "boolean") return String(value);
  if (isLiteralList(value)) return `[${value.map((item) => formatBackendValue(`${path}.*`, item)).join(", ")}]`;
  const entries = Object.entries(value)
    .filter(([, item]) => item !== null)
    .map(([key, item]) => `${key} = ${formatBackendValue(`${path}.${key}`, item)}`);
  return entries.length === 0 ? "{}" : `{ ${entries.join(", ")} }`;
}
