import { describe, expect, it } from "vitest";
import {
  attributesDeciding,
  convertToSchemaType,
  formatBackendValue,
  holdsSecret,
  levenshtein,
  lookupBackendAttribute,
  REMOVED_S3_BACKEND_ATTRIBUTES,
  S3_BACKEND_SCHEMA,
  unsupportedArgumentDetail,
  unsupportedBlockDetail,
} from "./schema.js";

describe("S3_BACKEND_SCHEMA (Terraform 1.11.4 ConfigSchema)", () => {
  it("has the 1.11 attributes, and none of the ones removed in 1.10", () => {
    // The 45 names of ConfigSchema in internal/backend/remote-state/s3/backend.go (1.11).
    expect(Object.keys(S3_BACKEND_SCHEMA).sort()).toEqual([
      "access_key",
      "acl",
      "allowed_account_ids",
      "assume_role",
      "assume_role_with_web_identity",
      "bucket",
      "custom_ca_bundle",
      "dynamodb_endpoint",
      "dynamodb_table",
      "ec2_metadata_service_endpoint",
      "ec2_metadata_service_endpoint_mode",
      "encrypt",
      "endpoint",
      "endpoints",
      "forbidden_account_ids",
      "force_path_style",
      "http_proxy",
      "https_proxy",
      "iam_endpoint",
      "insecure",
      "key",
      "kms_key_id",
      "max_retries",
      "no_proxy",
      "profile",
      "region",
      "retry_mode",
      "secret_key",
      "shared_config_files",
      "shared_credentials_file",
      "shared_credentials_files",
      "skip_credentials_validation",
      "skip_metadata_api_check",
      "skip_region_validation",
      "skip_requesting_account_id",
      "skip_s3_checksum",
      "sse_customer_key",
      "sts_endpoint",
      "sts_region",
      "token",
      "use_dualstack_endpoint",
      "use_fips_endpoint",
      "use_lockfile",
      "use_path_style",
      "workspace_key_prefix",
    ]);
    expect(Object.keys(REMOVED_S3_BACKEND_ATTRIBUTES).sort()).toEqual([
      "assume_role_duration_seconds",
      "assume_role_policy",
      "assume_role_policy_arns",
      "assume_role_tags",
      "assume_role_transitive_tag_keys",
      "external_id",
      "role_arn",
      "session_name",
    ]);
    for (const name of Object.keys(REMOVED_S3_BACKEND_ATTRIBUTES)) expect(S3_BACKEND_SCHEMA).not.toHaveProperty(name);
  });

  it("describes nested objects, sets and maps", () => {
    expect(lookupBackendAttribute("assume_role.role_arn")).toEqual({ type: "string", required: true });
    expect(lookupBackendAttribute("assume_role.tags")?.type).toBe("map(string)");
    expect(lookupBackendAttribute("assume_role_with_web_identity.web_identity_token")?.secret).toBe(true);
    expect(Object.keys(lookupBackendAttribute("endpoints")?.attributes ?? {}).sort()).toEqual([
      "dynamodb",
      "iam",
      "s3",
      "sso",
      "sts",
    ]);
    expect(lookupBackendAttribute("shared_config_files")?.type).toBe("set(string)");
    expect(lookupBackendAttribute("max_retries")?.type).toBe("number");
    expect(lookupBackendAttribute("assume_role.nope")).toBeUndefined();
    expect(lookupBackendAttribute("toString")).toBeUndefined();
  });

  it("marks the deprecated attributes, each with PrepareConfig's Deprecated Parameter warning", () => {
    const deprecated = Object.entries(S3_BACKEND_SCHEMA)
      .filter(([, attribute]) => attribute.deprecation)
      .map(([name, attribute]) => [name, attribute.deprecation?.replacement]);
    expect(deprecated).toEqual([
      ["dynamodb_endpoint", "endpoints.dynamodb"],
      ["endpoint", "endpoints.s3"],
      ["iam_endpoint", "endpoints.iam"],
      ["sts_endpoint", "endpoints.sts"],
      ["dynamodb_table", "use_lockfile"],
      ["shared_credentials_file", "shared_credentials_files"],
      ["force_path_style", "use_path_style"],
    ]);
    // backend.go PrepareConfig deprecatedAttrDiag; printed only when init fails (FINDINGS.md §15).
    for (const [name, replacement] of deprecated) {
      expect(S3_BACKEND_SCHEMA[name as string]?.deprecation?.warning).toEqual({
        summary: "Deprecated Parameter",
        detail: `The parameter "${name}" is deprecated. Use parameter "${replacement}" instead.`,
      });
    }
    // endpoints.dynamodb is marked Deprecated too, but 1.11.4 prints nothing for it even when init fails, and it only
    // sets the DynamoDB endpoint (conformance/FINDINGS.md §12): tfwhy notes nothing.
    expect(lookupBackendAttribute("endpoints.dynamodb")?.deprecation).toBeUndefined();
  });

  it("marks the attributes that decide the credentials and where the state lives", () => {
    expect([...attributesDeciding("credentials")].sort()).toEqual([
      "access_key",
      "assume_role",
      "assume_role_with_web_identity",
      "profile",
      "secret_key",
      "shared_config_files",
      "shared_credentials_file",
      "shared_credentials_files",
      "token",
    ]);
    expect([...attributesDeciding("state-location")].sort()).toEqual(["bucket", "key", "region"]);
  });

  it("knows which attributes hold secrets", () => {
    expect(
      ["secret_key", "token", "sse_customer_key", "assume_role_with_web_identity"].map((name) =>
        holdsSecret(S3_BACKEND_SCHEMA[name]),
      ),
    ).toEqual([true, true, true, true]);
    expect(["access_key", "profile", "assume_role"].map((name) => holdsSecret(S3_BACKEND_SCHEMA[name]))).toEqual([
      false,
      false,
      false,
    ]);
  });
});

describe("convertToSchemaType (go-cty convert)", () => {
  const cases: Array<[string, string, unknown, unknown]> = [
    ["string from string", "bucket", "b", { ok: true, value: "b" }],
    ["string from number", "bucket", 5, { ok: true, value: "5" }],
    ["string from bool", "bucket", true, { ok: true, value: "true" }],
    ["string from tuple", "bucket", ["a"], { ok: false, message: "string required" }],
    ["bool from true/1/false/0", "encrypt", "1", { ok: true, value: true }],
    [
      "bool from capitalised",
      "encrypt",
      "True",
      { ok: false, message: 'a bool is required; to convert from string, use lowercase "true"' },
    ],
    ["bool from other string", "encrypt", "yes", { ok: false, message: "a bool is required" }],
    ["bool from number", "encrypt", 1, { ok: false, message: "bool required" }],
    ["number from string", "max_retries", "7", { ok: true, value: 7 }],
    ["number from exponent string", "max_retries", "1e1", { ok: true, value: 10 }],
    ["number from non-number", "max_retries", "seven", { ok: false, message: "a number is required" }],
    ["set: deduplicated and sorted", "shared_config_files", ["b", "a", "b"], { ok: true, value: ["a", "b"] }],
    ["set of non-strings converts elements", "allowed_account_ids", [123, true], { ok: true, value: ["123", "true"] }],
    ["set from string", "shared_config_files", "a", { ok: false, message: "set of string required" }],
    ["set with null", "shared_config_files", [null], { ok: false, message: "null values are not allowed in a set" }],
    [
      "map of strings",
      "assume_role",
      { role_arn: "r", tags: { n: 1 } },
      { ok: true, value: expect.objectContaining({ role_arn: "r", tags: { n: "1" }, duration: null }) },
    ],
    [
      "object missing a required attribute",
      "assume_role",
      { session_name: "s" },
      { ok: false, message: 'attribute "role_arn" is required' },
    ],
    [
      // dropped, as Terraform 1.11.4 does (conformance/FINDINGS.md §9)
      "object with an unknown attribute",
      "assume_role",
      { role_arn: "r", nope: 1 },
      {
        ok: true,
        value: {
          role_arn: "r",
          duration: null,
          external_id: null,
          policy: null,
          policy_arns: null,
          session_name: null,
          source_identity: null,
          tags: null,
          transitive_tag_keys: null,
        },
      },
    ],
    ["object from tuple", "endpoints", [], { ok: false, message: "object required" }],
    ["null stays null", "bucket", null, { ok: true, value: null }],
  ];
  it.each(cases)("%s", (_, name, value, result) => {
    expect(convertToSchemaType(value as never, S3_BACKEND_SCHEMA[name]!)).toEqual(result);
  });
});

describe("Terraform's messages for unknown names", () => {
  it.each([
    ["bucke", new Set<string>(), 'An argument named "bucke" is not expected here. Did you mean "bucket"?'],
    ["bucke", new Set(["bucket"]), 'An argument named "bucke" is not expected here.'],
    ["role_arn", new Set<string>(), 'An argument named "role_arn" is not expected here.'],
    ["regoin", new Set<string>(), 'An argument named "regoin" is not expected here. Did you mean "region"?'],
  ])("%s", (name, alreadySet, detail) => expect(unsupportedArgumentDetail(name, alreadySet)).toBe(detail));

  it("suggests the equals sign for an object written as a block", () => {
    expect(unsupportedBlockDetail("assume_role")).toBe(
      'Blocks of type "assume_role" are not expected here. Did you mean to define argument "assume_role"? If so, ' +
        "use the equals sign to assign it a value.",
    );
    expect(unsupportedBlockDetail("lifecycle")).toBe('Blocks of type "lifecycle" are not expected here.');
  });

  it("measures edit distance in code points", () => {
    expect([
      levenshtein("", "abc"),
      levenshtein("kitten", "sitting"),
      levenshtein("état", "etat"),
      levenshtein("😀a", "a"),
    ]).toEqual([3, 3, 1, 1]);
  });
});

describe("formatBackendValue", () => {
  it.each([
    ["bucket", "b", '"b"'],
    ["encrypt", true, "true"],
    ["max_retries", 5, "5"],
    ["secret_key", "s3cr3t", "(set)"],
    ["token", "", "(empty)"],
    ["sse_customer_key", null, "null"],
    ["access_key", "AKIAIOSFODNN7EXAMPLE", '"AKIA************MPLE"'],
    ["shared_config_files", ["a", "b"], '["a", "b"]'],
    ["assume_role", { role_arn: "r", duration: null }, '{ role_arn = "r" }'],
    [
      "assume_role_with_web_identity",
      { role_arn: "r", web_identity_token: "jwt" },
      '{ role_arn = "r", web_identity_token = (set) }',
    ],
    ["endpoints", {}, "{}"],
  ])("%s = %j → %s", (name, value, shown) => expect(formatBackendValue(name, value as never)).toBe(shown));
});
