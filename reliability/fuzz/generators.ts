/**
 * Input generators for the fuzz harness: valid fragments of each format (INI profiles, HCL bodies and expressions,
 * Terraform JSON, env files, SSO token caches, credential_process output), assembled, then mutated the ways real
 * files go wrong (truncated, nested, unbalanced quotes and brackets, odd Unicode, CRLF, NUL, huge lines).
 */
import fc from "fast-check";

const pick = <T>(...values: T[]): fc.Arbitrary<T> => fc.constantFrom(...values);

/** Pieces that break parsers: quoting, nesting, line ends, Unicode edge cases, and other formats' syntax. */
const NASTY: readonly string[] = [
  '"',
  "'",
  "\\",
  "${",
  "%{",
  "$${",
  "%%{",
  "}",
  "{",
  "[",
  "]",
  "(",
  ")",
  "<<EOT\n",
  "<<-EOT\n",
  "\nEOT\n",
  "\n  EOT",
  "#",
  "//",
  "/*",
  "*/",
  "=",
  ":",
  ",",
  ";",
  "\r\n",
  "\r",
  "\n",
  "\0",
  "\t",
  " ",
  "\u00a0",
  "\u0085",
  "\u2028",
  "\ufeff",
  "\ud800",
  "\udc00",
  "😀",
  "e\u0301",
  "\u202e",
  "[profile ",
  "[default]",
  "source_profile = ",
  "export ",
  '{"',
  '":',
  "null",
  "true",
  "1e999",
  "-0",
  "0x10",
  "1e3",
  "\\u00",
  "\\U0001F600",
  "\\q",
];

/** One way a file goes wrong; positions are taken modulo the text's length, so any number works. */
type Mutation =
  | { readonly kind: "truncate"; readonly at: number }
  | { readonly kind: "insert"; readonly at: number; readonly piece: string }
  | { readonly kind: "delete"; readonly at: number; readonly length: number }
  | { readonly kind: "duplicate"; readonly at: number; readonly length: number }
  | {
      readonly kind: "nest";
      readonly at: number;
      readonly length: number;
      readonly open: string;
      readonly close: string;
      readonly depth: number;
    }
  | { readonly kind: "crlf" }
  | { readonly kind: "long-line"; readonly at: number; readonly length: number }
  | { readonly kind: "swap-lines"; readonly a: number; readonly b: number };

const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ kind: fc.constant("truncate" as const), at: fc.nat() }),
  fc.record({
    kind: fc.constant("insert" as const),
    at: fc.nat(),
    piece: fc.oneof(fc.constantFrom(...NASTY), fc.string({ unit: "binary", maxLength: 8 })),
  }),
  fc.record({ kind: fc.constant("insert" as const), at: fc.nat(), piece: fc.constantFrom(...NASTY) }),
  fc.record({ kind: fc.constant("delete" as const), at: fc.nat(), length: fc.integer({ min: 1, max: 20 }) }),
  fc.record({ kind: fc.constant("duplicate" as const), at: fc.nat(), length: fc.integer({ min: 1, max: 200 }) }),
  fc
    .record({
      kind: fc.constant("nest" as const),
      at: fc.nat(),
      length: fc.nat({ max: 40 }),
      open: fc.constant(""),
      close: fc.constant(""),
      depth: fc.oneof(fc.integer({ min: 1, max: 40 }), fc.integer({ min: 250, max: 600 })),
    })
    .chain((m) =>
      pick<[string, string]>(
        ["(", ")"],
        ["[", "]"],
        ["{", "}"],
        ['"${', '}"'],
        ["{a=", "}"],
        ['{"a":', "}"],
        ["a {\n", "\n}"],
        ["[", ""],
        ['"${', ""],
      ).map(([open, close]) => ({ ...m, open, close })),
    ),
  fc.constant({ kind: "crlf" as const }),
  fc.record({
    kind: fc.constant("long-line" as const),
    at: fc.nat(),
    length: fc.integer({ min: 1_000, max: 200_000 }),
  }),
  fc.record({ kind: fc.constant("swap-lines" as const), a: fc.nat(), b: fc.nat() }),
);

function applyMutation(text: string, m: Mutation): string {
  const at = "at" in m ? m.at % (text.length + 1) : 0;
  switch (m.kind) {
    case "truncate":
      return text.slice(0, at);
    case "insert":
      return text.slice(0, at) + m.piece + text.slice(at);
    case "delete":
      return text.slice(0, at) + text.slice(at + m.length);
    case "duplicate":
      return text.slice(0, at + m.length) + text.slice(at, at + m.length) + text.slice(at + m.length);
    case "nest":
      return (
        text.slice(0, at) +
        m.open.repeat(m.depth) +
        text.slice(at, at + m.length) +
        m.close.repeat(m.depth) +
        text.slice(at + m.length)
      );
    case "crlf":
      return text.replace(/\n/g, "\r\n");
    case "long-line":
      return text.slice(0, at) + "x".repeat(m.length) + text.slice(at);
    case "swap-lines": {
      const lines = text.split("\n");
      const a = m.a % lines.length;
      const b = m.b % lines.length;
      [lines[a], lines[b]] = [lines[b]!, lines[a]!];
      return lines.join("\n");
    }
  }
}

/** The text as generated (a third of the time), or after one to four mutations. */
export function mutated(base: fc.Arbitrary<string>): fc.Arbitrary<string> {
  return fc
    .tuple(
      base,
      fc.oneof(
        { weight: 1, arbitrary: fc.constant([] as Mutation[]) },
        { weight: 2, arbitrary: fc.array(mutation, { minLength: 1, maxLength: 4 }) },
      ),
    )
    .map(([text, mutations]) => mutations.reduce(applyMutation, text));
}

const lines = (items: fc.Arbitrary<string>, max = 12): fc.Arbitrary<string> =>
  fc
    .tuple(fc.array(items, { maxLength: max }), fc.boolean())
    .map(([parts, newline]) => parts.join("\n") + (newline ? "\n" : ""));

// ── AWS shared config / credentials (INI) ─────────────────────────────────────────────────────────────────────

/** Few names, so source_profile links meet: chains, self-references and cycles. */
export const PROFILE_NAMES = ["default", "a", "b", "c", "dev", "A", "a b", ""] as const;
const profileName = pick(...PROFILE_NAMES);
const iniKey = pick(
  "aws_access_key_id",
  "aws_secret_access_key",
  "aws_session_token",
  "role_arn",
  "source_profile",
  "credential_source",
  "credential_process",
  "web_identity_token_file",
  "sso_session",
  "sso_start_url",
  "sso_region",
  "sso_account_id",
  "sso_role_name",
  "region",
  "duration_seconds",
  "max_attempts",
  "retry_mode",
  "defaults_mode",
  "external_id",
  "mfa_serial",
  "ec2_metadata_service_endpoint_mode",
  "ec2_metadata_v1_disabled",
  "s3",
  "request_min_compression_size_bytes",
  "account_id_endpoint_mode",
  "disable_request_compression",
  "AWS_ACCESS_KEY_ID",
  "unknown_key",
);
const iniValue = fc.oneof(
  profileName,
  pick(
    '"',
    "'",
    '""',
    '"quoted"',
    "'single'",
    "AKIAIOSFODNN7EXAMPLE",
    "fuzz-secret",
    "arn:aws:iam::123456789012:role/r",
    "Environment",
    "Ec2InstanceMetadata",
    "EcsContainer",
    "us-east-1",
    "0x10",
    "-1",
    "3600",
    "99999999999999999999",
    "IPv6",
    "ipv4",
    "adaptive",
    "standard",
    "when_required",
    "true",
    "TRUE",
    "https://sso.example/start",
    "s",
    "",
    "# not a comment",
    "a ;b",
  ),
  fc.string({ unit: "grapheme", maxLength: 12 }),
);
const iniLine = fc.oneof(
  {
    weight: 3,
    arbitrary: fc.tuple(iniKey, pick(" = ", "=", ": ", " =", "\t=\t"), iniValue).map(([k, s, v]) => `${k}${s}${v}`),
  },
  {
    weight: 2,
    arbitrary: fc
      .tuple(
        pick("profile ", "", "sso-session ", "services ", "profile  ", " profile "),
        profileName,
        pick("", " ; c", " # c"),
      )
      .map(([p, n, c]) => `[${p}${n}]${c}`),
  },
  { weight: 1, arbitrary: fc.tuple(pick("  ", "\t"), iniKey, iniValue).map(([i, k, v]) => `${i}${k} = ${v}`) },
  { weight: 1, arbitrary: fc.tuple(pick("  ", "\t"), iniValue).map(([i, v]) => `${i}${v}`) },
  { weight: 1, arbitrary: pick("", "# comment", "; comment", "[", "]", "[]", "[ ]", "=", "key", "\r") },
);

export const iniText: fc.Arbitrary<string> = mutated(lines(iniLine, 24));

/** A chain p0 → p1 → … of random length (past the hop limit, sometimes), perhaps looping back. */
export const chainConfigText: fc.Arbitrary<string> = fc
  .tuple(fc.integer({ min: 0, max: 140 }), fc.option(fc.nat(), { nil: undefined }))
  .map(([hops, loop]) => {
    const parts: string[] = [];
    for (let i = 0; i < hops; i++)
      parts.push(`[profile p${i}]\nrole_arn = arn:aws:iam::1:role/r\nsource_profile = p${i + 1}`);
    parts.push(
      loop === undefined
        ? `[profile p${hops}]\naws_access_key_id = AKIAX\naws_secret_access_key = fuzz-secret`
        : `[profile p${hops}]\nrole_arn = arn:aws:iam::1:role/r\nsource_profile = p${loop % (hops + 1)}`,
    );
    return parts.join("\n");
  });

// ── HCL (native syntax) ───────────────────────────────────────────────────────────────────────────────────────

const S3_NAMES = [
  "bucket",
  "key",
  "region",
  "profile",
  "access_key",
  "secret_key",
  "token",
  "assume_role",
  "assume_role_with_web_identity",
  "endpoints",
  "shared_credentials_files",
  "shared_config_files",
  "shared_credentials_file",
  "skip_credentials_validation",
  "use_path_style",
  "max_retries",
  "allowed_account_ids",
  "forbidden_account_ids",
  "encrypt",
  "kms_key_id",
  "role_arn",
  "dynamodb_table",
  "use_lockfile",
  "sts_region",
  "custom_ca_bundle",
  "retry_mode",
  "workspace_key_prefix",
] as const;
const hclName = fc.oneof(
  { weight: 4, arbitrary: pick(...S3_NAMES) },
  { weight: 1, arbitrary: pick("alias", "a", "b-c", "_x", "x1", "for", "in", "null") },
);

const stringBody = fc
  .array(
    pick(
      "x",
      "state",
      "-",
      " ",
      "${var.env}",
      "${local.a}",
      "$${literal}",
      "%%{x}",
      "%{ if true }y%{ endif }",
      "\\n",
      '\\"',
      "\\u00e9",
      "\\U0001F600",
      "é",
      "😀",
      '${file("x")}',
      '${"${x}"}',
      "${1 + 1}",
    ),
    { maxLength: 5 },
  )
  .map((parts) => parts.join(""));

function hclExpression(depth: number): fc.Arbitrary<string> {
  const leaf = fc.oneof(
    stringBody.map((s) => `"${s}"`),
    pick(
      "1",
      "1.5",
      "1e3",
      "-5",
      "0",
      "true",
      "false",
      "null",
      "var.x",
      "local.a.b",
      "each.key",
      'file("x")',
      "abs(-1)",
      "a[0]",
      "x.*.y",
      "0x10",
    ),
    stringBody.map((s) => `<<EOT\n${s}\nEOT\n`),
    stringBody.map((s) => `<<-EOT\n    ${s}\n    EOT\n`),
  );
  if (depth <= 0) return leaf;
  const inner = hclExpression(depth - 1);
  return fc.oneof(
    { weight: 4, arbitrary: leaf },
    { weight: 1, arbitrary: fc.array(inner, { maxLength: 4 }).map((items) => `[${items.join(", ")}]`) },
    {
      weight: 1,
      arbitrary: fc
        .array(
          fc.tuple(
            fc.oneof(
              hclName,
              hclName.map((n) => `"${n}"`),
              pick("(var.k)", "1", "true"),
            ),
            pick(" = ", ": ", "="),
            inner,
          ),
          { maxLength: 4 },
        )
        .map((entries) => `{ ${entries.map(([k, s, v]) => `${k}${s}${v}`).join(", ")} }`),
    },
    { weight: 1, arbitrary: inner.map((e) => `(${e})`) },
    {
      weight: 1,
      arbitrary: fc.tuple(inner, pick(" + ", " == ", " && ", " ? ", " : "), inner).map(([a, op, b]) => `${a}${op}${b}`),
    },
    { weight: 1, arbitrary: inner.map((e) => `[for x in ${e} : x]`) },
    { weight: 1, arbitrary: inner.map((e) => `tolist(${e})`) },
  );
}

const hclAttribute = (depth: number): fc.Arbitrary<string> =>
  fc.tuple(hclName, pick(" = ", "=", " = "), hclExpression(depth)).map(([n, s, e]) => `${n}${s}${e}`);

function hclBody(depth: number): fc.Arbitrary<string> {
  const attribute = hclAttribute(2);
  if (depth <= 0) return lines(attribute, 6);
  const block = fc.tuple(
    pick("terraform", "backend", "provider", "assume_role", "endpoints", "cloud", "resource", "a"),
    fc.array(pick('"s3"', '"aws"', '"local"', "s3", '""', '"a\\nb"'), { maxLength: 2 }),
    hclBody(depth - 1),
  );
  return lines(
    fc.oneof(
      { weight: 3, arbitrary: attribute },
      { weight: 2, arbitrary: block.map(([type, labels, body]) => `${type} ${labels.join(" ")} {\n${body}\n}`) },
      { weight: 1, arbitrary: fc.tuple(hclName, hclAttribute(1)).map(([type, a]) => `${type} { ${a} }`) },
      { weight: 1, arbitrary: pick("# comment", "// comment", "/* block\ncomment */", "") },
    ),
    8,
  );
}

/** A terraform block with a backend "s3" (mostly), then whatever else a module holds. */
const moduleHcl = fc
  .tuple(pick('"s3"', '"s3"', '"s3"', '"s3"', '"local"', "s3", '"a\\nb"'), lines(hclAttribute(2), 8), hclBody(2))
  .map(([label, backend, rest]) => `terraform {\n  backend ${label} {\n${backend}\n  }\n}\n${rest}`);

export const mainTf: fc.Arbitrary<string> = mutated(
  fc.oneof({ weight: 4, arbitrary: moduleHcl }, { weight: 1, arbitrary: hclBody(3) }),
);
export const backendConfigHcl: fc.Arbitrary<string> = mutated(
  lines(fc.oneof({ weight: 6, arbitrary: hclAttribute(2) }, { weight: 1, arbitrary: hclBody(1) }), 8),
);
/** `-backend-config=name=value`: a schema name (or not) and an expression (or any text). */
export const backendConfigFlag: fc.Arbitrary<string> = fc
  .tuple(
    fc.oneof({ weight: 5, arbitrary: hclName }, { weight: 1, arbitrary: fc.string({ maxLength: 6 }) }),
    mutated(hclExpression(2)),
  )
  .map(([name, value]) => `${name.replace(/=/g, "")}=${value}`);

// ── Terraform JSON ────────────────────────────────────────────────────────────────────────────────────────────

const jsonKey = pick(
  "terraform",
  "backend",
  "s3",
  "local",
  "provider",
  "aws",
  "//",
  "assume_role",
  "alias",
  "cloud",
  "endpoints",
  ...S3_NAMES,
  "",
  "é",
  "${x}",
  "a\nb",
);

/** JSON text built by hand, so that objects can repeat keys. */
function jsonText(depth: number): fc.Arbitrary<string> {
  const leaf = fc.oneof(
    stringBody.map((s) => JSON.stringify(s)),
    pick("1", "-0", "1.5e3", "true", "false", "null", '"${var.x}"', '"$${x}"', '"\\u0000"', '"\\ud800"', "1e999"),
  );
  if (depth <= 0) return leaf;
  const inner = jsonText(depth - 1);
  return fc.oneof(
    { weight: 2, arbitrary: leaf },
    {
      weight: 2,
      arbitrary: fc
        .array(fc.tuple(jsonKey, inner), { maxLength: 5 })
        .map((members) => `{${members.map(([k, v]) => `${JSON.stringify(k)}: ${v}`).join(", ")}}`),
    },
    { weight: 1, arbitrary: fc.array(inner, { maxLength: 4 }).map((items) => `[${items.join(", ")}]`) },
  );
}

const terraformJsonModule = fc
  .tuple(jsonText(3), jsonText(2))
  .map(
    ([backend, rest]) =>
      `{"terraform": {"backend": {"s3": ${backend.startsWith("{") ? backend : `{"bucket": ${backend}}`}}}, "provider": ${rest}}`,
  );

export const tfJson: fc.Arbitrary<string> = mutated(
  fc.oneof(
    terraformJsonModule,
    jsonText(4),
    fc.jsonValue().map((v) => JSON.stringify(v, null, 1)),
  ),
);

// ── env files ─────────────────────────────────────────────────────────────────────────────────────────────────

const envLine = fc.oneof(
  {
    weight: 4,
    arbitrary: fc
      .tuple(
        pick("", "export ", "export  "),
        pick("AWS_PROFILE", "AWS_REGION", "A", "_x", "TF_DATA_DIR", "1BAD", "a-b", "é"),
        pick("=", " = ", "= "),
        fc.oneof(iniValue, pick('"x"', "'y'", '"unterminated', "a=b=c", "${HOME}")),
      )
      .map(([e, k, s, v]) => `${e}${k}${s}${v}`),
  },
  { weight: 1, arbitrary: pick("", "# comment", "   ", "=value", "KEY", "export", "\t#x") },
);
export const envFileText: fc.Arbitrary<string> = mutated(lines(envLine, 16));

// ── SSO token cache and credential JSON ───────────────────────────────────────────────────────────────────────

const timeText = pick(
  "2030-01-01T00:00:00Z",
  "2020-01-01T00:00:00UTC",
  "2030-01-01T00:00:00.000Z",
  "soon",
  "",
  "2030-13-45T99:99:99Z",
  "1e999",
  "0",
);
const jsonScalar = fc.oneof(fc.string({ maxLength: 8 }), fc.integer(), fc.constant(null), fc.boolean(), timeText);

const ssoObject = fc
  .record(
    {
      accessToken: jsonScalar,
      expiresAt: fc.oneof(timeText, jsonScalar),
      refreshToken: jsonScalar,
      clientId: jsonScalar,
      clientSecret: jsonScalar,
      region: jsonScalar,
    },
    { requiredKeys: [] },
  )
  .map((o) => JSON.stringify(o));
export const ssoCacheText: fc.Arbitrary<string> = mutated(
  fc.oneof(
    { weight: 3, arbitrary: ssoObject },
    { weight: 1, arbitrary: fc.jsonValue().map((v) => JSON.stringify(v)) },
    { weight: 1, arbitrary: pick("null", "[]", '"x"', "1", "{}", "") },
  ),
);

const credentialObject = fc
  .record(
    {
      Version: fc.oneof(fc.constant(1), jsonScalar),
      AccessKeyId: fc.oneof(fc.constant("AKIAX"), jsonScalar),
      SecretAccessKey: fc.oneof(fc.constant("fuzz-secret"), jsonScalar),
      SessionToken: jsonScalar,
      Token: jsonScalar,
      Expiration: fc.oneof(timeText, jsonScalar),
    },
    { requiredKeys: [] },
  )
  .map((o) => JSON.stringify(o));
export const credentialJsonText: fc.Arbitrary<string> = mutated(
  fc.oneof(
    { weight: 3, arbitrary: credentialObject },
    { weight: 1, arbitrary: fc.jsonValue().map((v) => JSON.stringify(v)) },
    { weight: 1, arbitrary: pick("null", "[]", '"x"', "1", "{}", "") },
  ),
);
