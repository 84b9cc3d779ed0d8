import { InvalidInputError, NestingTooDeepError } from "../errors.js";
import type { Location } from "../location.js";
import { decodeTemplateLiteral } from "./hcl-template.js";
import type { HclAttribute, HclBlock, HclBody, HclSource, HclValue, NonLiteralReason } from "./hcl-types.js";
import { MAX_NESTING } from "./nesting.js";

/** A JSON value with the position of its first character. */
type JsonNode =
  | { readonly kind: "object"; readonly members: readonly JsonMember[]; readonly at: Location }
  | { readonly kind: "array"; readonly items: readonly JsonNode[]; readonly at: Location }
  | { readonly kind: "string"; readonly value: string; readonly at: Location }
  | { readonly kind: "number"; readonly value: number; readonly at: Location }
  | { readonly kind: "bool"; readonly value: boolean; readonly at: Location }
  | { readonly kind: "null"; readonly at: Location };

interface JsonMember {
  readonly key: string;
  readonly value: JsonNode;
  /** The key's opening quote. */
  readonly at: Location;
}

/**
 * Which nested keys are blocks (and how many labels they take) in the parts of Terraform's JSON syntax tfwhy reads.
 * Everything else in a body is an argument. (HCL's JSON syntax needs the schema to tell a block from an object value.)
 */
interface BlockSpec {
  readonly labels: number;
  readonly blocks: Readonly<Record<string, BlockSpec>>;
  /**
   * The block's arguments are decoded without an evaluation context (the backend block): HCL's JSON syntax then
   * returns every string verbatim, `${…}`, `$${` and `%{…}` included (hashicorp/hcl json/structure.go
   * expression.Value: "passing a nil context is how the caller specifies that interpolations are not allowed and
   * that the string should just be returned verbatim"). A repeated argument is kept: Terraform reports it when it
   * decodes the block (`Duplicate argument`), not when it loads the file.
   */
  readonly verbatim?: true;
}

const TERRAFORM_JSON_FILE: BlockSpec = {
  labels: 0,
  blocks: {
    terraform: {
      labels: 0,
      blocks: { backend: { labels: 1, blocks: {}, verbatim: true }, cloud: { labels: 0, blocks: {} } },
    },
    provider: {
      labels: 1,
      blocks: {
        assume_role: { labels: 0, blocks: {} },
        assume_role_with_web_identity: { labels: 0, blocks: {} },
        default_tags: { labels: 0, blocks: {} },
        endpoints: { labels: 0, blocks: {} },
        ignore_tags: { labels: 0, blocks: {} },
      },
    },
  },
};

/**
 * Reads a `*.tf.json` file into the same shape as {@link parseHcl}: the `terraform` blocks (with `backend` and `cloud`)
 * and the `provider` blocks, in the object and array forms HCL's JSON syntax accepts (`"backend": {"s3": {…}}`,
 * `"backend": [{"s3": [{…}]}]`). Other top-level keys are ignored. In provider blocks strings are templates, as in
 * Terraform: `${…}` makes a value an expression. In the backend block they are taken verbatim (see
 * {@link BlockSpec.verbatim}), and a repeated argument is kept for the decoder to report. `"//"` keys are comments.
 * @throws InvalidInputError for malformed JSON or a repeated argument outside the backend block, with the line.
 */
export function parseTerraformJson(text: string, source: HclSource): HclBody {
  const root = new JsonReader(text, source).readDocument();
  if (root.kind !== "object") throw new InvalidInputError("Terraform JSON must be an object at the top level", root.at);
  return readBody(root, TERRAFORM_JSON_FILE, true);
}

/**
 * Reads a JSON `-backend-config` file (Terraform parses a file whose name ends in `.json` with HCL's JSON syntax):
 * every key is an argument, every string taken verbatim as in the backend block; a repeated argument is kept (the
 * caller reports Terraform's `Duplicate argument`).
 * @throws InvalidInputError for malformed JSON.
 */
export function parseJsonAttributes(text: string, source: HclSource): HclBody {
  const root = new JsonReader(text, source).readDocument();
  if (root.kind !== "object") throw new InvalidInputError("a JSON -backend-config file must hold an object", root.at);
  return readBody(root, { labels: 0, blocks: {}, verbatim: true }, false);
}

/** HCL json body: `"//"` is a comment; a key named as a block type holds one or more block bodies. */
function readBody(
  node: Extract<JsonNode, { kind: "object" }>,
  spec: BlockSpec,
  ignoreUnknownTopLevel: boolean,
): HclBody {
  const attributes: HclAttribute[] = [];
  const blocks: HclBlock[] = [];
  const seen = new Map<string, Location>();
  for (const member of node.members) {
    if (member.key === "//") continue;
    const blockSpec = Object.hasOwn(spec.blocks, member.key) ? spec.blocks[member.key] : undefined;
    if (blockSpec) {
      blocks.push(...readBlocks(member.key, member.value, blockSpec, [], member.at));
      continue;
    }
    if (ignoreUnknownTopLevel) continue;
    const earlier = seen.get(member.key);
    if (earlier && !spec.verbatim) {
      throw new InvalidInputError(
        `Duplicate argument: the argument ${JSON.stringify(member.key)} ` +
          `was already set at ${earlier.file}:${earlier.line}`,
        member.at,
      );
    }
    seen.set(member.key, member.at);
    attributes.push({ name: member.key, value: toHclValue(member.value, spec.verbatim === true), at: member.at });
  }
  return { attributes, blocks };
}

/** HCL json unpackBlock: peel one label per object level; at the last level an object or an array of objects. */
function readBlocks(
  type: string,
  node: JsonNode,
  spec: BlockSpec,
  labels: readonly string[],
  at: Location,
): HclBlock[] {
  if (labels.length < spec.labels) {
    const levels = node.kind === "array" ? node.items : [node];
    const blocks: HclBlock[] = [];
    for (const level of levels) {
      if (level.kind !== "object") {
        throw new InvalidInputError(
          `Incorrect JSON value type: a JSON object is required for the labels of a "${type}" block`,
          level.at,
        );
      }
      for (const member of level.members) {
        if (member.key === "//") continue;
        blocks.push(...readBlocks(type, member.value, spec, [...labels, member.key], member.at));
      }
    }
    return blocks;
  }
  const bodies = node.kind === "array" ? node.items : [node];
  return bodies.map((body) => {
    if (body.kind !== "object") {
      throw new InvalidInputError(
        "Incorrect JSON value type: either a JSON object or a JSON array is required, " +
          `representing the contents of one or more "${type}" blocks`,
        body.at,
      );
    }
    const nested = readBody(body, { labels: 0, blocks: spec.blocks, ...(spec.verbatim && { verbatim: true }) }, false);
    return { type, labels, body: nested, at };
  });
}

/**
 * A JSON value as Terraform reads an argument: objects are object constructors; strings are templates, or, with
 * `verbatim` (no evaluation context), the string itself (cty.StringVal, which normalises to NFC).
 */
function toHclValue(node: JsonNode, verbatim: boolean): HclValue {
  switch (node.kind) {
    case "string": {
      if (verbatim) return { kind: "string", value: node.value.normalize("NFC"), at: node.at };
      const reason = templateReason(node.value);
      if (reason) return { kind: "expression", text: node.value, reason, at: node.at };
      return { kind: "string", value: decodeTemplateLiteral(node.value, false), at: node.at };
    }
    case "number":
      return { kind: "number", value: node.value, at: node.at };
    case "bool":
      return { kind: "bool", value: node.value, at: node.at };
    case "null":
      return { kind: "null", at: node.at };
    case "array":
      return { kind: "tuple", items: node.items.map((item) => toHclValue(item, verbatim)), at: node.at };
    case "object":
      return {
        kind: "object",
        entries: node.members.map((member) => ({
          key: member.key.normalize("NFC"),
          value: toHclValue(member.value, verbatim),
          at: member.at,
        })),
        at: node.at,
      };
  }
}

/**
 * Whether a JSON string is a template with interpolations or directives (`${…}`, `%{…}`; `$${` and `%%{` are escapes),
 * and what evaluating it without context would report.
 */
function templateReason(text: string): NonLiteralReason | undefined {
  const sequences: string[] = [];
  for (let i = 0; i < text.length; i++) {
    const char = text[i];
    if ((char === "$" || char === "%") && text[i + 1] === char && text[i + 2] === "{") {
      i += 2;
      continue;
    }
    if ((char === "$" || char === "%") && text[i + 1] === "{") {
      const end = text.indexOf("}", i);
      sequences.push(text.slice(i + 2, end === -1 ? text.length : end));
    }
  }
  if (sequences.length === 0) return undefined;
  const code = sequences.join(" ").replace(/"(\\.|[^"\\])*"/g, '""');
  // Only at the start of a name (the lookbehind): matching from inside a long name backtracked quadratically.
  if (/(?<![\p{ID_Continue}-])[\p{ID_Start}_][\p{ID_Continue}-]*\s*\(/u.test(code)) return "functions";
  const keywords = new Set(["true", "false", "null", "if", "else", "endif", "for", "in", "endfor"]);
  for (const match of code.matchAll(/(^|[^\p{ID_Continue}.-])([\p{ID_Start}_][\p{ID_Continue}-]*)/gu)) {
    if (!keywords.has(match[2]!)) return "variables";
  }
  return "not-evaluated";
}

const JSON_NUMBER = /-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?/y;

/** A small strict JSON reader (RFC 8259, as HCL's JSON parser) that remembers where each value starts. */
class JsonReader {
  private index = 0;
  /** Open arrays and objects: the reader recurses, so it stops at MAX_NESTING. */
  private depth = 0;
  private line = 1;
  private lineStart = 0;

  constructor(
    private readonly text: string,
    private readonly source: HclSource,
  ) {}

  readDocument(): JsonNode {
    if (this.text.charCodeAt(0) === 0xfeff) this.index = 1;
    this.skipWhitespace();
    const value = this.readValue();
    this.skipWhitespace();
    if (this.index < this.text.length) this.fail("extraneous data after the JSON value");
    return value;
  }

  private here(): Location {
    return { file: this.source.file, path: this.source.path, line: this.line, column: this.index - this.lineStart + 1 };
  }

  private fail(message: string): never {
    throw new InvalidInputError(`invalid JSON: ${message}`, this.here());
  }

  private skipWhitespace(): void {
    while (this.index < this.text.length) {
      const char = this.text[this.index];
      if (char === "\n") {
        this.line += 1;
        this.lineStart = this.index + 1;
      } else if (char !== " " && char !== "\t" && char !== "\r") {
        return;
      }
      this.index += 1;
    }
  }

  private readValue(): JsonNode {
    const at = this.here();
    const char = this.text[this.index];
    if (char === "{" || char === "[") {
      if (this.depth >= MAX_NESTING) throw new NestingTooDeepError("JSON values", MAX_NESTING, at);
      this.depth += 1;
      const node = char === "{" ? this.readObject(at) : this.readArray(at);
      this.depth -= 1;
      return node;
    }
    if (char === '"') return { kind: "string", value: this.readString(), at };
    if (char === "-" || (char !== undefined && char >= "0" && char <= "9")) return this.readNumber(at);
    for (const [word, node] of [
      ["true", { kind: "bool", value: true, at }],
      ["false", { kind: "bool", value: false, at }],
      ["null", { kind: "null", at }],
    ] as const) {
      if (this.text.startsWith(word, this.index)) {
        this.index += word.length;
        return node;
      }
    }
    this.fail(char === undefined ? "unexpected end of input" : `unexpected ${JSON.stringify(char)}`);
  }

  private readObject(at: Location): JsonNode {
    this.index += 1;
    const members: JsonMember[] = [];
    this.skipWhitespace();
    if (this.text[this.index] === "}") {
      this.index += 1;
      return { kind: "object", members, at };
    }
    for (;;) {
      this.skipWhitespace();
      const keyAt = this.here();
      if (this.text[this.index] !== '"') this.fail("expected a quoted property name");
      const key = this.readString();
      this.skipWhitespace();
      if (this.text[this.index] !== ":") this.fail('expected ":" after the property name');
      this.index += 1;
      this.skipWhitespace();
      members.push({ key, value: this.readValue(), at: keyAt });
      this.skipWhitespace();
      const next = this.text[this.index];
      this.index += 1;
      if (next === "}") return { kind: "object", members, at };
      if (next !== ",") {
        this.index -= 1;
        this.fail('expected "," or "}" in an object');
      }
    }
  }

  private readArray(at: Location): JsonNode {
    this.index += 1;
    const items: JsonNode[] = [];
    this.skipWhitespace();
    if (this.text[this.index] === "]") {
      this.index += 1;
      return { kind: "array", items, at };
    }
    for (;;) {
      this.skipWhitespace();
      items.push(this.readValue());
      this.skipWhitespace();
      const next = this.text[this.index];
      this.index += 1;
      if (next === "]") return { kind: "array", items, at };
      if (next !== ",") {
        this.index -= 1;
        this.fail('expected "," or "]" in an array');
      }
    }
  }

  private readString(): string {
    const start = this.index;
    this.index += 1;
    while (this.index < this.text.length) {
      const char = this.text[this.index];
      if (char === '"') {
        this.index += 1;
        try {
          return JSON.parse(this.text.slice(start, this.index)) as string;
        } catch {
          this.index = start;
          this.fail("invalid escape sequence in a string");
        }
      }
      if (char === "\\") this.index += 1;
      else if (char === "\n" || (char !== undefined && char < " ")) this.fail("control character in a string");
      this.index += 1;
    }
    this.fail("unterminated string");
  }

  private readNumber(at: Location): JsonNode {
    // Sticky, on the text itself: matching a slice of the rest of the text made every number cost O(file size).
    JSON_NUMBER.lastIndex = this.index;
    const match = JSON_NUMBER.exec(this.text);
    if (!match) this.fail("invalid number");
    this.index += match[0].length;
    return { kind: "number", value: Number(match[0]), at };
  }
}
