import { parse as parseWithHashicorpHcl } from "@cdktf/hcl2json";
import { describe, expect, it } from "vitest";
import { InvalidInputError } from "../errors.js";
import { createNodeWorld } from "../world/node-world.js";
import { parseHcl, parseHclExpression } from "./hcl.js";
import { flushHeredoc } from "./hcl-template.js";
import type { HclBody, HclValue, LiteralValue, NonLiteralReason } from "./hcl-types.js";
import { toLiteral } from "./hcl-values.js";

const source = { file: "main.tf", path: "/work/project/main.tf" };

type Expected = LiteralValue | { readonly expression: NonLiteralReason };

interface ValidCase {
  readonly hcl: string;
  /** The top-level attributes' values: literals as plain values, expressions by reason. */
  readonly values: Readonly<Record<string, Expected>>;
}

interface ErrorCase {
  readonly hcl: string;
  readonly error: { readonly line: number; readonly message: RegExp };
  /** The line hcl2json reports, when it points elsewhere (e.g. at the end of the file). */
  readonly oracleLine?: number;
}

/**
 * Every case is also parsed by HashiCorp's HCL (hcl2json): it must accept the valid ones with the same literals and
 * reject the rest.
 */
const cases: Record<string, ValidCase | ErrorCase> = {
  "plain string": { hcl: 'a = "hello"\n', values: { a: "hello" } },
  "empty values": { hcl: 'a = ""\nb = []\nc = {}\n', values: { a: "", b: [], c: {} } },
  "backslash escapes": { hcl: 'a = "tab\\tnl\\ncr\\rq\\"bs\\\\"\n', values: { a: 'tab\tnl\ncr\rq"bs\\' } },
  "unicode escapes": { hcl: 'a = "caf\\u00e9 \\U0001F600"\n', values: { a: "café 😀" } },
  "template escapes $${ and %%{": { hcl: 'a = "$${aws:username} %%{x}"\n', values: { a: "${aws:username} %{x}" } },
  "lone dollars are not escapes": { hcl: 'a = "$$ $x 100%"\n', values: { a: "$$ $x 100%" } },
  "strings are NFC-normalised": { hcl: 'a = "e\u0301te\u0301"\n', values: { a: "été" } },
  "raw unicode": { hcl: 'a = "état ✓ 😀 状態"\n', values: { a: "état ✓ 😀 状態" } },
  "hash comment": { hcl: "# comment\na = 1 # trailing\n", values: { a: 1 } },
  "double-slash comment": { hcl: "// comment\na = 1 // trailing\n", values: { a: 1 } },
  "block comment across lines": { hcl: "/* one\n two */\na = 1\n/* x */ b = 2\n", values: { a: 1, b: 2 } },
  "CRLF line endings": {
    hcl: 'a = "x"\r\nb = 2\r\nc = {\r\n  d = true\r\n}\r\n',
    values: { a: "x", b: 2, c: { d: true } },
  },
  "byte order mark": { hcl: '\ufeffa = "x"\n', values: { a: "x" } },
  "tabs as whitespace": { hcl: 'a\t=\t"x"\n', values: { a: "x" } },
  heredoc: { hcl: "a = <<EOT\nline 1\n  line 2\nEOT\n", values: { a: "line 1\n  line 2\n" } },
  "flush heredoc": {
    hcl: "a = <<-EOT\n    one\n\n      two\n    EOT\n",
    values: { a: "one\n\n  two\n" },
  },
  "flush heredoc keeps whitespace-only lines": {
    hcl: "a = <<-EOT\n    a\n  \tb\n      \n    c\n  EOT\n",
    values: { a: " a\nb\n      \n c\n" },
  },
  "heredoc with indented closing marker": { hcl: "a = <<EOT\nx\n   EOT\n", values: { a: "x\n" } },
  "empty heredoc": { hcl: "a = <<EOT\nEOT\n", values: { a: "" } },
  "heredoc escapes": { hcl: "a = <<EOT\n$${x} and %%{y} and \\n\nEOT\n", values: { a: "${x} and %{y} and \\n\n" } },
  "heredoc with CRLF": { hcl: "a = <<EOT\r\nl1\r\n  l2\r\nEOT\r\n", values: { a: "l1\r\n  l2\r\n" } },
  "heredoc with interpolation": { hcl: "a = <<EOT\nhi ${var.name}\nEOT\n", values: { a: { expression: "variables" } } },
  numbers: {
    hcl: "a = 42\nb = 1.5\nc = 1.5e3\nd = 1e3\ne = -7\nf = 007\ng = 2E-2\n",
    values: { a: 42, b: 1.5, c: 1500, d: 1000, e: -7, f: 7, g: 0.02 },
  },
  "bools and null": { hcl: "a = true\nb = false\nc = null\n", values: { a: true, b: false, c: null } },
  "tuples, trailing comma, multi-line": {
    hcl: 'a = ["x", "y",]\nb = [\n  1,\n  2, # two\n]\n',
    values: { a: ["x", "y"], b: [1, 2] },
  },
  "nested objects, both separators, quoted and literal keys": {
    hcl: 'a = { b = { "c" : [1, { d = null }] }, 1 = "one", true = "yes" }\n',
    values: { a: { b: { c: [1, { d: null }] }, "1": "one", true: "yes" } },
  },
  "newline-separated object elements": { hcl: "a = {\n  x = 1\n  y = 2\n}\n", values: { a: { x: 1, y: 2 } } },
  "repeated object key: the later wins": { hcl: "a = { k = 1, k = 2 }\n", values: { a: { k: 2 } } },
  variables: {
    hcl: "a = var.bucket\nb = local.x.y\nc = aws_s3_bucket.b.id\n",
    values: { a: { expression: "variables" }, b: { expression: "variables" }, c: { expression: "variables" } },
  },
  "function calls": {
    hcl: 'a = file("x")\nb = upper(var.x)\nc = "${lower("X")}"\n',
    values: { a: { expression: "functions" }, b: { expression: "functions" }, c: { expression: "functions" } },
  },
  interpolation: {
    hcl: 'a = "${var.env}-state"\nb = "%{if true}x%{endif}"\n',
    values: { a: { expression: "variables" }, b: { expression: "not-evaluated" } },
  },
  "expressions without variables": {
    hcl: 'a = 1 + 2\nb = true ? "x" : "y"\nc = (5)\nd = "${"lit"}"\ne = [for s in ["a"] : s]\n',
    values: {
      a: { expression: "not-evaluated" },
      b: { expression: "not-evaluated" },
      c: { expression: "not-evaluated" },
      d: { expression: "not-evaluated" },
      e: { expression: "not-evaluated" },
    },
  },
  "object keys are names, not variables, inside expressions": {
    hcl: 'a = true ? { role_arn = "x" } : {}\n',
    values: { a: { expression: "not-evaluated" } },
  },
  "an object with an expression inside": {
    hcl: 'a = { role_arn = var.role, session_name = "s" }\n',
    values: { a: { expression: "variables" } },
  },
  "blocks: labels quoted or bare, single-line with one argument": {
    hcl: 'provider aws {\n  region = "x"\n}\nterraform { required_version = ">= 1" }\nbackend "s3" {}\n',
    values: {},
  },

  "unclosed block": {
    hcl: 'terraform {\n  backend "s3" {\n    bucket = "x"\n  }\n',
    error: { line: 1, message: /Unclosed configuration block/ },
  },
  "unterminated string": {
    hcl: 'a = 1\nb = "abc\n',
    error: { line: 2, message: /(Unterminated template string|Invalid multi-line string)/ },
  },
  "invalid escape": { hcl: 'a = 1\n\nb = "\\q"\n', error: { line: 3, message: /Invalid escape sequence/ } },
  "repeated argument": {
    hcl: 'bucket = "a"\nbucket = "b"\n',
    error: { line: 2, message: /Attribute redefined: the argument "bucket" was already set at main.tf:1/ },
  },
  "two arguments on one line": { hcl: "a = 1 b = 2\n", error: { line: 1, message: /Missing newline after argument/ } },
  "closing brace on an argument's line": {
    hcl: "x {\n  a = 1 }\n",
    error: { line: 2, message: /Missing newline after argument/ },
  },
  "nested block in a single-line block": {
    hcl: 'terraform { backend "s3" {} }\n',
    error: { line: 1, message: /Argument definition required/ },
  },
  "single-line block left open": {
    hcl: "b { x = 1\n  y = 2 }\n",
    error: { line: 1, message: /Invalid single-argument block definition/ },
  },
  "hexadecimal number": { hcl: "a = 0x10\n", error: { line: 1, message: /not an HCL number/ } },
  "heredoc never closed": {
    hcl: "a = <<EOT\nx\n",
    error: { line: 1, message: /Unterminated template string/ },
    oracleLine: 3,
  },
  // tree-sitter's error recovery blames the opening brace; HCL blames the quoted name one line below.
  "quoted argument name": {
    hcl: 'locals {\n  "quoted-key" = "ok"\n}\n',
    error: { line: 1, message: /HCL syntax error/ },
    oracleLine: 2,
  },
  "missing value at the end": {
    hcl: "a = 1\nb =\n",
    error: { line: 2, message: /Invalid expression: the argument "b" needs a value/ },
  },
  "missing value before the next argument": {
    hcl: "a = 1\nb =\nc = 2\n",
    error: { line: 2, message: /HCL syntax error/ },
  },
  "stray closing brace": { hcl: "a = 1\n}\n", error: { line: 2, message: /HCL syntax error/ } },
  "colon instead of equals": { hcl: "a: 1\n", error: { line: 1, message: /HCL syntax error/ } },
};

function expected(value: HclValue): Expected | undefined {
  if (value.kind === "expression") return { expression: value.reason };
  if (value.kind === "object" && value.entries.some((entry) => entry.value.kind === "expression")) {
    const inner = value.entries.find((entry) => entry.value.kind === "expression")!.value;
    return inner.kind === "expression" ? { expression: inner.reason } : undefined;
  }
  return toLiteral(value);
}

describe("parseHcl: edge cases, each checked against HashiCorp's HCL (hcl2json)", () => {
  for (const [name, testCase] of Object.entries(cases)) {
    it(name, async () => {
      const oracle = await parseWithOracle("main.tf", testCase.hcl);
      if ("error" in testCase) {
        const error = await parseHcl(testCase.hcl, source).then(
          () => undefined,
          (thrown: unknown) => thrown,
        );
        expect(error).toBeInstanceOf(InvalidInputError);
        const invalid = error as InvalidInputError;
        expect(invalid.message).toMatch(testCase.error.message);
        expect(invalid.message.split("\n")).toHaveLength(1);
        expect(invalid.at).toMatchObject({ file: "main.tf", path: source.path, line: testCase.error.line });
        expect(oracle.ok, "hcl2json must reject it too").toBe(false);
        if (!oracle.ok)
          expect(oracle.line, `hcl2json: ${oracle.error}`).toBe(testCase.oracleLine ?? testCase.error.line);
        return;
      }
      const body = await parseHcl(testCase.hcl, source);
      const values = Object.fromEntries(
        body.attributes.map((attribute) => [attribute.name, expected(attribute.value)]),
      );
      expect(values).toEqual(testCase.values);
      expect(oracle.ok, oracle.ok ? "" : oracle.error).toBe(true);
      if (oracle.ok) expect(compareWithOracle(body, oracle.value)).toEqual([]);
    });
  }
});

describe("parseHcl: fixtures agree with HashiCorp's HCL (hcl2json)", async () => {
  const world = createNodeWorld();
  const directory = new URL("./fixtures/hcl/", import.meta.url).pathname;
  const listing = await world.fs.listDir(directory);
  const names = listing.state === "found" ? listing.entries.map((entry) => entry.name) : [];

  it("has fixtures", () => expect(names.length).toBeGreaterThanOrEqual(8));

  for (const name of names) {
    for (const lineEnding of ["LF", "CRLF"] as const) {
      it(`${name} (${lineEnding})`, async () => {
        const read = await world.fs.readText(directory + name);
        if (read.state !== "found") throw new Error(`cannot read ${name}`);
        const text = lineEnding === "CRLF" ? read.text.replace(/\r?\n/g, "\r\n") : read.text;
        const body = await parseHcl(text, { file: name, path: directory + name });
        const oracle = await parseWithOracle(name, text);
        expect(oracle.ok, oracle.ok ? "" : oracle.error).toBe(true);
        if (oracle.ok) expect(compareWithOracle(body, oracle.value)).toEqual([]);
      });
    }
  }
});

describe("parseHcl: locations", () => {
  it("gives 1-based line and column for attributes, blocks, values and object elements", async () => {
    const body = await parseHcl(
      'terraform {\n  backend "s3" {\n    assume_role = {\n      role_arn = "arn"\n    }\n  }\n}\n',
      source,
    );
    const backend = body.blocks[0]!.body.blocks[0]!;
    expect(backend.at).toEqual({ ...source, line: 2, column: 3 });
    const attribute = backend.body.attributes[0]!;
    expect(attribute.at).toEqual({ ...source, line: 3, column: 5 });
    expect(attribute.value.at).toEqual({ ...source, line: 3, column: 19 });
    expect(attribute.value.kind === "object" && attribute.value.entries[0]!.at).toEqual({
      ...source,
      line: 4,
      column: 7,
    });
  });

  it("keeps the source text of expressions", async () => {
    const body = await parseHcl('a = "${var.env}-${local.x}"\n', source);
    expect(body.attributes[0]!.value).toMatchObject({
      kind: "expression",
      text: '"${var.env}-${local.x}"',
      reason: "variables",
    });
  });

  it("parses an empty file and a comments-only file", async () => {
    await expect(parseHcl("", source)).resolves.toEqual({ attributes: [], blocks: [] });
    await expect(parseHcl("# nothing\n", source)).resolves.toEqual({ attributes: [], blocks: [] });
  });
});

describe("parseHclExpression (configValueFromCLI)", () => {
  it("parses objects and tuples without locations", async () => {
    const value = await parseHclExpression('{role_arn="arn:aws:iam::1:role/x", session_name = "s"}', "-backend-config");
    expect(toLiteral(value)).toEqual({ role_arn: "arn:aws:iam::1:role/x", session_name: "s" });
    expect(value.at).toBeNull();
    expect(toLiteral(await parseHclExpression('["a", "b"]', "-backend-config"))).toEqual(["a", "b"]);
  });

  it("rejects trailing text and syntax errors, naming the flag", async () => {
    await expect(parseHclExpression('{a = "x"} b = 1', "-backend-config=x")).rejects.toThrow(/^-backend-config=x: /);
    await expect(parseHclExpression("{a = ", "-backend-config=x")).rejects.toThrow(InvalidInputError);
  });
});

describe("flushHeredoc", () => {
  it.each([
    ["    a\n    b\n", "a\nb\n"],
    ["  a\n    b\n", "a\n  b\n"],
    ["\ta\n\t\tb\n", "a\n\tb\n"],
    ["  a\n\n  b\n", "a\n\nb\n"],
    ["", ""],
  ])("%j → %j", (input, output) => expect(flushHeredoc(input)).toBe(output));
});

/** hcl2json's result, or its error with the line it reports (`[main.tf:3,4-5: …]`). */
async function parseWithOracle(
  filename: string,
  text: string,
): Promise<{ ok: true; value: Record<string, unknown> } | { ok: false; error: string; line: number | undefined }> {
  try {
    return { ok: true, value: (await parseWithHashicorpHcl(filename, text)) as Record<string, unknown> };
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    const line = /\[[^:\]]+:(\d+),/.exec(message)?.[1];
    return { ok: false, error: message, line: line === undefined ? undefined : Number(line) };
  }
}

/**
 * Where tfwhy's body and hcl2json's JSON disagree (hcl2json nests blocks under label keys in arrays and re-escapes
 * `${`).
 */
function compareWithOracle(body: HclBody, oracle: Record<string, unknown>, path = ""): string[] {
  const problems: string[] = [];
  const keys = new Set<string>();
  for (const attribute of body.attributes) {
    keys.add(attribute.name);
    problems.push(...compareValue(attribute.value, oracle[attribute.name], `${path}${attribute.name}`));
  }
  const groups = new Map<string, { readonly labels: readonly string[]; readonly bodies: HclBody[] }>();
  for (const block of body.blocks) {
    keys.add(block.type);
    const labels = [block.type, ...block.labels];
    const group = groups.get(JSON.stringify(labels)) ?? { labels, bodies: [] };
    group.bodies.push(block.body);
    groups.set(JSON.stringify(labels), group);
  }
  for (const { labels, bodies } of groups.values()) {
    let node: unknown = oracle;
    for (const label of labels) node = isRecord(node) ? node[label] : undefined;
    const where = `${path}${labels.join(".")}`;
    if (!Array.isArray(node) || node.length !== bodies.length) {
      problems.push(`${where}: ${bodies.length} block(s) vs oracle ${JSON.stringify(node)}`);
      continue;
    }
    bodies.forEach((nested, index) =>
      problems.push(...compareWithOracle(nested, node[index] as Record<string, unknown>, `${where}[${index}].`)),
    );
  }
  for (const key of Object.keys(oracle)) if (!keys.has(key)) problems.push(`${path}${key}: only in the oracle`);
  return problems;
}

function compareValue(mine: HclValue, theirs: unknown, path: string): string[] {
  switch (mine.kind) {
    case "string": {
      const reescaped = mine.value.replace(/([$%])\{/g, (_, sigil: string) => `${sigil}${sigil}{`);
      return theirs === reescaped ? [] : [`${path}: ${JSON.stringify(mine.value)} vs oracle ${JSON.stringify(theirs)}`];
    }
    case "number":
    case "bool":
      return theirs === mine.value ? [] : [`${path}: ${mine.value} vs oracle ${JSON.stringify(theirs)}`];
    case "null":
      return theirs === null ? [] : [`${path}: null vs oracle ${JSON.stringify(theirs)}`];
    case "tuple":
      if (!Array.isArray(theirs) || theirs.length !== mine.items.length)
        return [`${path}: tuple vs oracle ${JSON.stringify(theirs)}`];
      return mine.items.flatMap((item, index) => compareValue(item, theirs[index], `${path}[${index}]`));
    case "object": {
      if (!isRecord(theirs)) return [`${path}: object vs oracle ${JSON.stringify(theirs)}`];
      const last = new Map(mine.entries.map((entry) => [entry.key, entry.value]));
      const problems = [...last].flatMap(([key, value]) => compareValue(value, theirs[key], `${path}.${key}`));
      for (const key of Object.keys(theirs)) if (!last.has(key)) problems.push(`${path}.${key}: only in the oracle`);
      return problems;
    }
    case "expression":
      // Without an evaluation context, variables and function calls stay templates in hcl2json's output;
      // other expressions (`1 + 2`) it may evaluate, so any value is fine.
      return mine.reason === "not-evaluated" || (typeof theirs === "string" && /[$%]\{/.test(theirs))
        ? []
        : [`${path}: expression (${mine.reason}) vs oracle ${JSON.stringify(theirs)}`];
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
