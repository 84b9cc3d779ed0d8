import { createRequire } from "node:module";
import { Language, type Node, Parser } from "web-tree-sitter";
import { InvalidInputError, NestingTooDeepError } from "../errors.js";
import type { Location } from "../location.js";
import { redactSourceExcerpt } from "../redact.js";
import { checkHclNesting } from "./nesting.js";

/** The file being parsed: `file` as the user would type it, `path` absolute (the two halves of a {@link Location}). */
export interface HclSource {
  readonly file: string;
  readonly path: string;
}

/**
 * Why a value is not a literal. Terraform decodes backend blocks with no evaluation context
 * (hcldec.Decode(body, spec, nil)), so variables and function calls are errors there:
 * `variables` → "Variables not allowed", `functions` → "Function calls not allowed".
 * `not-evaluated` is an expression Terraform could evaluate (`1 + 1`, `(true ? "a" : "b")`) but tfwhy does not.
 */
export type NonLiteralReason = "variables" | "functions" | "not-evaluated";

/** A value as written in HCL (or Terraform JSON), with where it was written. `at` is null for command-line values. */
export type HclValue =
  | { readonly kind: "string"; readonly value: string; readonly at: Location | null }
  | { readonly kind: "number"; readonly value: number; readonly at: Location | null }
  | { readonly kind: "bool"; readonly value: boolean; readonly at: Location | null }
  | { readonly kind: "null"; readonly at: Location | null }
  | { readonly kind: "tuple"; readonly items: readonly HclValue[]; readonly at: Location | null }
  | { readonly kind: "object"; readonly entries: readonly HclObjectEntry[]; readonly at: Location | null }
  | {
      readonly kind: "expression";
      /** The expression's source text, e.g. `var.bucket` or `"${local.env}-state"`. */
      readonly text: string;
      readonly reason: NonLiteralReason;
      readonly at: Location | null;
    };

/** One `key = value` element of an object constructor. `at` is the key. */
export interface HclObjectEntry {
  readonly key: string;
  readonly value: HclValue;
  readonly at: Location | null;
}

/** `name = value` in a body. `at` is the name, where Terraform points its diagnostics. */
export interface HclAttribute {
  readonly name: string;
  readonly value: HclValue;
  readonly at: Location;
}

/** `type "label" { … }`. `at` is the type keyword. */
export interface HclBlock {
  readonly type: string;
  readonly labels: readonly string[];
  readonly body: HclBody;
  readonly at: Location;
}

/** The attributes and nested blocks of a file or block, in source order. */
export interface HclBody {
  readonly attributes: readonly HclAttribute[];
  readonly blocks: readonly HclBlock[];
}

/** A plain value: what a literal HclValue means, without locations. Objects are plain records. */
export type LiteralValue =
  | string
  | number
  | boolean
  | null
  | readonly LiteralValue[]
  | { readonly [key: string]: LiteralValue };

let parserPromise: Promise<Parser> | undefined;

/** Loads the tree-sitter runtime and the Terraform grammar once, on first use (no top-level await: the package stays require()-able). */
function loadParser(): Promise<Parser> {
  parserPromise ??= (async () => {
    await Parser.init();
    const grammar = createRequire(import.meta.url).resolve(
      "@tree-sitter-grammars/tree-sitter-hcl/tree-sitter-terraform.wasm",
    );
    const parser = new Parser();
    parser.setLanguage(await Language.load(grammar));
    return parser;
  })();
  return parserPromise;
}

/**
 * Parses HCL native syntax into its top-level body, with 1-based line/column for every attribute, block and object
 * element. Literal values are decoded the way HCL does (escapes, heredocs, NFC normalisation); anything else is kept
 * as an `expression` with its source text.
 * @throws InvalidInputError with `file:line` for syntax errors and for what HCL's parser rejects (a repeated
 * argument, two arguments on one line, a quoted string split over lines); NestingTooDeepError past MAX_NESTING.
 */
export async function parseHcl(text: string, source: HclSource): Promise<HclBody> {
  checkHclNesting(text, source);
  const parser = await loadParser();
  const tree = parser.parse(maskExponentNumbers(text));
  if (!tree) throw new InvalidInputError("the HCL parser returned no tree", at(source, 1, 1));
  try {
    const reader = new TreeReader(text, source);
    return reader.readFile(tree.rootNode);
  } finally {
    tree.delete();
  }
}

/**
 * Parses one HCL expression, as Terraform's configValueFromCLI does for `-backend-config=name=value` when the attribute
 * is not a primitive type (hclsyntax.ParseExpression + Value(nil)). Locations are null: the value came from a flag.
 * @throws InvalidInputError when the text is not one valid expression.
 */
export async function parseHclExpression(text: string, flag: string): Promise<HclValue> {
  // The expression is parsed as the value of a synthetic attribute, so the tree-sitter grammar can be reused.
  const body = await parseHcl(`v=${text}\n`, { file: flag, path: flag }).catch((error: unknown) => {
    if (!(error instanceof InvalidInputError)) throw error;
    if (error instanceof NestingTooDeepError)
      throw new NestingTooDeepError(`${flag}: expressions`, error.limit, null, { cause: error });
    const prefix = error.at ? `${error.at.file}:${error.at.line}: ` : "";
    throw new InvalidInputError(`${flag}: ${error.message.slice(prefix.length)}`, null, { cause: error });
  });
  const [attribute, ...rest] = body.attributes;
  if (!attribute || rest.length > 0 || body.blocks.length > 0) {
    throw new InvalidInputError(`${flag}: extra characters after the expression`);
  }
  return withoutLocations(attribute.value);
}

/** The plain value of a literal, or undefined when any part of it is an expression. Later object keys win, as in HCL. */
export function toLiteral(value: HclValue): LiteralValue | undefined {
  switch (value.kind) {
    case "string":
    case "number":
    case "bool":
      return value.value;
    case "null":
      return null;
    case "tuple": {
      const items: LiteralValue[] = [];
      for (const item of value.items) {
        const literal = toLiteral(item);
        if (literal === undefined) return undefined;
        items.push(literal);
      }
      return items;
    }
    case "object": {
      const record: Record<string, LiteralValue> = Object.create(null);
      for (const entry of value.entries) {
        const literal = toLiteral(entry.value);
        if (literal === undefined) return undefined;
        record[entry.key] = literal;
      }
      return record;
    }
    case "expression":
      return undefined;
  }
}

/** The first expression inside a value (depth first), or undefined when the value is a literal. */
export function findExpression(value: HclValue): Extract<HclValue, { kind: "expression" }> | undefined {
  switch (value.kind) {
    case "expression":
      return value;
    case "tuple":
      for (const item of value.items) {
        const found = findExpression(item);
        if (found) return found;
      }
      return undefined;
    case "object":
      for (const entry of value.entries) {
        const found = findExpression(entry.value);
        if (found) return found;
      }
      return undefined;
    default:
      return undefined;
  }
}

/** Removes every location from a value (values given on the command line have none). */
export function withoutLocations(value: HclValue): HclValue {
  switch (value.kind) {
    case "tuple":
      return { kind: "tuple", items: value.items.map(withoutLocations), at: null };
    case "object":
      return {
        kind: "object",
        entries: value.entries.map((entry) => ({ key: entry.key, value: withoutLocations(entry.value), at: null })),
        at: null,
      };
    default:
      return { ...value, at: null };
  }
}

/**
 * Decodes a literal HCL template's escapes: `\n \r \t \" \\ \uNNNN \UNNNNNNNN` (quoted strings only), then `$${` → `${`
 * and `%%{` → `%{`, then NFC normalisation (hclsyntax scanner + `norm.NFC` in its string token decoding).
 */
export function decodeTemplateLiteral(raw: string, quoted: boolean): string {
  let out = "";
  for (let i = 0; i < raw.length; i++) {
    const char = raw[i]!;
    if (quoted && char === "\\") {
      const selector = raw[i + 1];
      const simple: Record<string, string> = { n: "\n", r: "\r", t: "\t", '"': '"', "\\": "\\" };
      if (selector !== undefined && simple[selector] !== undefined) {
        out += simple[selector];
        i += 1;
        continue;
      }
      const width = selector === "u" ? 4 : selector === "U" ? 8 : 0;
      const hex = raw.slice(i + 2, i + 2 + width);
      if (width > 0 && hex.length === width && /^[0-9a-fA-F]+$/.test(hex)) {
        out += String.fromCodePoint(Number.parseInt(hex, 16));
        i += 1 + width;
        continue;
      }
      out += char; // unreachable for tree-sitter-accepted input: the grammar rejects other escapes
      continue;
    }
    if ((char === "$" || char === "%") && raw[i + 1] === char && raw[i + 2] === "{") {
      out += `${char}{`;
      i += 2;
      continue;
    }
    out += char;
  }
  return out.normalize("NFC");
}

/**
 * Applies HCL's `<<-` rule (hclsyntax flushHeredocTemplateParts): find the smallest leading-whitespace count among
 * lines that are not blank, and remove that many characters from those lines. Blank lines are left untouched.
 */
export function flushHeredoc(content: string): string {
  const lines = content.split(/(?<=\n)/);
  let minSpaces = Number.POSITIVE_INFINITY;
  const counted: boolean[] = [];
  for (const line of lines) {
    const trimmed = line.replace(/^\s+/u, "");
    const blank = trimmed === "" && line.endsWith("\n");
    counted.push(!blank);
    if (!blank) minSpaces = Math.min(minSpaces, [...line.slice(0, line.length - trimmed.length)].length);
  }
  if (!Number.isFinite(minSpaces)) return content;
  return lines.map((line, index) => (counted[index] ? [...line].slice(minSpaces).join("") : line)).join("");
}

/**
 * The tree-sitter grammar only knows `1.5e3`, not HCL's `1e3`. Such numbers are replaced by zeros of the same length,
 * so the tree keeps every position; values are always read from the original text, never from the masked one.
 */
function maskExponentNumbers(text: string): string {
  return text.replace(/(?<![\p{ID_Continue}.-])\d+[eE][+-]?\d+/gu, (number) => "0".repeat(number.length));
}

function at(source: HclSource, line: number, column: number): Location {
  return { file: source.file, path: source.path, line, column };
}

/** Walks one tree-sitter tree and builds the HclBody, failing on the first problem HCL's own parser would report. */
class TreeReader {
  constructor(
    private readonly text: string,
    private readonly source: HclSource,
  ) {}

  readFile(root: Node): HclBody {
    if (root.hasError) this.failOnSyntaxError(root);
    const content = namedChildren(root).filter((child) => child.type !== "comment");
    const [first] = content;
    if (!first) return { attributes: [], blocks: [] };
    if (first.type === "object") {
      this.fail(
        "Argument or block definition required: a configuration file holds arguments and blocks, not a bare object",
        first,
      );
    }
    return this.readBody(first);
  }

  private locate(node: Node): Location {
    return at(this.source, node.startPosition.row + 1, node.startPosition.column + 1);
  }

  private fail(message: string, node: Node): never {
    throw new InvalidInputError(message, this.locate(node));
  }

  private original(node: Node): string {
    return this.text.slice(node.startIndex, node.endIndex);
  }

  private failOnSyntaxError(root: Node): never {
    const found = firstError(root);
    if (!found) this.fail("HCL syntax error", root);
    const { node: bad, ancestors } = found;
    if (bad.isMissing) {
      const parent = ancestors.at(-1);
      if (bad.type === "}" && parent?.type === "block_end") {
        const block = ancestors.at(-2) ?? parent;
        this.fail(
          `Unclosed configuration block: no closing brace for the "${block.firstChild?.text ?? "block"}" block opened here`,
          block,
        );
      }
      if (bad.type === "quoted_template_end")
        this.fail("Unterminated template string: no closing quote for this string", parent ?? bad);
      if (bad.type === "heredoc_identifier") {
        const opening = parent?.children.find((child) => child?.type === "heredoc_identifier");
        this.fail(`Unterminated template string: no line "${opening?.text ?? ""}" closes this heredoc`, parent ?? bad);
      }
      const attribute = ancestors.findLast((node) => node.type === "attribute");
      const name = attribute?.firstNamedChild?.text;
      if (attribute && name) this.fail(`Invalid expression: the argument "${name}" needs a value`, attribute);
      this.fail(`HCL syntax error: missing ${JSON.stringify(bad.type)}`, bad);
    }
    const inString = ancestors.some((node) => node.type === "string_lit" || node.type === "quoted_template");
    const errorText = this.text.slice(bad.startIndex, bad.endIndex);
    if (inString && errorText.startsWith("\\")) {
      this.fail(`Invalid escape sequence: ${JSON.stringify(errorText.slice(0, 2))} is not a valid escape`, bad);
    }
    const snippet = errorText.trim().split(/\r?\n/)[0]?.slice(0, 40) ?? "";
    if (snippet === "") this.fail("HCL syntax error: unexpected end of input", bad);
    // The offending text may be (part of) a secret: string contents and secret assignments are never quoted.
    const lineStart = this.text.lastIndexOf("\n", bad.startIndex - 1) + 1;
    const lineEnd = this.text.indexOf("\n", bad.startIndex);
    const excerpt = redactSourceExcerpt(snippet, this.text.slice(lineStart, lineEnd === -1 ? undefined : lineEnd));
    this.fail(
      excerpt === null
        ? "HCL syntax error: unexpected text in the value of a secret attribute"
        : `HCL syntax error: unexpected ${JSON.stringify(excerpt)}`,
      bad,
    );
  }

  private readBody(node: Node | undefined): HclBody {
    const attributes: HclAttribute[] = [];
    const blocks: HclBlock[] = [];
    if (!node) return { attributes, blocks };
    let previous: Node | undefined;
    const seen = new Map<string, Location>();
    for (const item of namedChildren(node)) {
      if (item.type === "comment") continue;
      // hclsyntax parser.go ParseBodyItem: every argument and block must end with a newline.
      if (previous && item.startPosition.row === previous.endPosition.row) {
        this.fail(
          previous.type === "attribute"
            ? "Missing newline after argument: an argument definition must end with a newline"
            : "Missing newline after block definition: a block definition must end with a newline",
          item,
        );
      }
      previous = item;
      if (item.type === "attribute") {
        const attribute = this.readAttribute(item);
        const earlier = seen.get(attribute.name);
        if (earlier) {
          this.fail(
            `Attribute redefined: the argument "${attribute.name}" was already set at ${earlier.file}:${earlier.line}; each argument may be set only once`,
            item,
          );
        }
        seen.set(attribute.name, attribute.at);
        attributes.push(attribute);
      } else if (item.type === "block") {
        blocks.push(this.readBlock(item));
      }
    }
    return { attributes, blocks };
  }

  private readAttribute(node: Node): HclAttribute {
    const children = namedChildren(node);
    const name = children.find((child) => child.type === "identifier");
    const expression = children.find((child) => child.type === "expression");
    if (!name || !expression) this.fail("HCL syntax error: incomplete argument", node);
    return { name: name.text, value: this.readExpression(expression), at: this.locate(node) };
  }

  private readBlock(node: Node): HclBlock {
    const children = namedChildren(node);
    const [type, ...rest] = children;
    if (!type) this.fail("HCL syntax error: incomplete block", node);
    const labels: string[] = [];
    let body: Node | undefined;
    let open: Node | undefined;
    let close: Node | undefined;
    for (const child of rest) {
      if (child.type === "string_lit") labels.push(this.readQuotedLiteral(child));
      else if (child.type === "identifier") labels.push(child.text);
      else if (child.type === "body") body = child;
      else if (child.type === "block_start") open = child;
      else if (child.type === "block_end") close = child;
    }
    if (open && close && open.startPosition.row === close.startPosition.row) this.checkSingleLineBlock(body, type.text);
    else if (open && body) {
      const items = namedChildren(body).filter((child) => child.type !== "comment");
      const first = items[0];
      const last = items[items.length - 1];
      if (first && first.startPosition.row === open.startPosition.row) {
        this.fail(
          "Invalid single-argument block definition: an argument on the same line as its block's opening brace must be followed by the closing brace on that line",
          first,
        );
      }
      if (last && close && last.endPosition.row === close.startPosition.row) {
        this.fail(
          last.type === "attribute"
            ? "Missing newline after argument: an argument definition must end with a newline"
            : "Missing newline after block definition: a block definition must end with a newline",
          close,
        );
      }
    }
    return { type: type.text, labels, body: this.readBody(body), at: this.locate(node) };
  }

  /** hclsyntax parser.go finishParsingBodyBlock: `name { arg = value }` may hold one argument and nothing else. */
  private checkSingleLineBlock(body: Node | undefined, blockType: string): void {
    if (!body) return;
    const items = namedChildren(body).filter((child) => child.type !== "comment");
    const nested = items.find((item) => item.type === "block");
    if (nested) {
      this.fail(
        `Argument definition required: a single-line "${blockType}" block can contain only a single argument; put the nested "${nested.firstChild?.text ?? ""}" block on a line of its own`,
        nested,
      );
    }
    if (items.length > 1)
      this.fail("Missing newline after argument: an argument definition must end with a newline", items[1]!);
  }

  private readExpression(node: Node): HclValue {
    const parts = node.children.filter((child): child is Node => child !== null && child.type !== "comment");
    const only = parts.length === 1 && parts[0]!.isNamed ? parts[0] : undefined;
    if (!only) return this.nonLiteral(node);
    switch (only.type) {
      case "literal_value":
        return this.readLiteralValue(only);
      case "template_expr":
        return this.readTemplate(only.firstNamedChild ?? only, node);
      case "collection_value": {
        const collection = only.firstNamedChild;
        if (collection?.type === "tuple") return this.readTuple(collection);
        if (collection?.type === "object") return this.readObject(collection, node);
        return this.nonLiteral(node);
      }
      case "operation":
        return this.readNegativeNumber(only) ?? this.nonLiteral(node);
      default:
        return this.nonLiteral(node);
    }
  }

  private readLiteralValue(node: Node): HclValue {
    const literal = node.firstNamedChild;
    const location = this.locate(node);
    switch (literal?.type) {
      case "numeric_lit":
        return { kind: "number", value: this.readNumber(literal), at: location };
      case "bool_lit":
        return { kind: "bool", value: literal.text === "true", at: location };
      case "null_lit":
        return { kind: "null", at: location };
      case "string_lit":
        return { kind: "string", value: this.readQuotedLiteral(literal), at: location };
      default:
        return this.nonLiteral(node);
    }
  }

  private readNumber(node: Node): number {
    const written = this.original(node);
    // The grammar accepts 0x10; HCL's scanner reads `0` then `x10`, and the parser reports the missing newline.
    if (!/^\d+(\.\d+)?([eE][+-]?\d+)?$/.test(written)) {
      const lineStart = this.text.lastIndexOf("\n", node.startIndex - 1) + 1;
      const lineEnd = this.text.indexOf("\n", node.startIndex);
      const shown = redactSourceExcerpt(written, this.text.slice(lineStart, lineEnd === -1 ? undefined : lineEnd));
      this.fail(
        `Missing newline after argument: ${shown === null ? "the value" : JSON.stringify(shown)} is not an HCL number (numbers are decimal)`,
        node,
      );
    }
    return Number(written);
  }

  /** `-5` is a unary operation in the grammar, but HCL folds it into a number literal. */
  private readNegativeNumber(operation: Node): HclValue | undefined {
    const unary = operation.firstNamedChild;
    if (unary?.type !== "unary_operation" || unary.firstChild?.type !== "-") return undefined;
    const operand = unary.namedChildren[0];
    const numeric = operand?.type === "literal_value" ? operand.firstNamedChild : null;
    if (numeric?.type !== "numeric_lit") return undefined;
    return { kind: "number", value: -this.readNumber(numeric), at: this.locate(operation) };
  }

  private readQuotedLiteral(node: Node): string {
    const raw = this.text.slice(node.startIndex + 1, node.endIndex - 1);
    if (raw.includes("\n")) {
      this.fail(
        "Invalid multi-line string: quoted strings may not be split over multiple lines; use \\n or a heredoc",
        node,
      );
    }
    return decodeTemplateLiteral(raw, true);
  }

  private readTemplate(template: Node, expression: Node): HclValue {
    const location = this.locate(template);
    const dynamic = namedChildren(template).some(
      (child) => child.type === "template_interpolation" || child.type === "template_directive",
    );
    if (template.type === "quoted_template") {
      for (const literal of namedChildren(template).filter((child) => child.type === "template_literal")) {
        if (literal.text.includes("\n"))
          this.fail(
            "Invalid multi-line string: quoted strings may not be split over multiple lines; use \\n or a heredoc",
            template,
          );
      }
      if (dynamic) return this.nonLiteral(expression);
      return { kind: "string", value: this.readQuotedLiteral(template), at: location };
    }
    if (template.type !== "heredoc_template" || dynamic) return this.nonLiteral(expression);
    const markers = namedChildren(template).filter((child) => child.type === "heredoc_identifier");
    const opening = markers[0];
    const closing = markers[markers.length - 1];
    if (!opening || !closing || opening === closing) return this.nonLiteral(expression);
    const contentStart = this.text.indexOf("\n", opening.endIndex) + 1;
    const closingLineStart = this.text.lastIndexOf("\n", closing.startIndex - 1) + 1;
    const raw =
      contentStart > 0 && contentStart <= closingLineStart ? this.text.slice(contentStart, closingLineStart) : "";
    const flush = template.firstNamedChild?.text === "<<-";
    return { kind: "string", value: decodeTemplateLiteral(flush ? flushHeredoc(raw) : raw, false), at: location };
  }

  private readTuple(node: Node): HclValue {
    const items = namedChildren(node)
      .filter((child) => child.type === "expression")
      .map((child) => this.readExpression(child));
    return { kind: "tuple", items, at: this.locate(node) };
  }

  private readObject(node: Node, expression: Node): HclValue {
    const entries: HclObjectEntry[] = [];
    for (const element of namedChildren(node).filter((child) => child.type === "object_elem")) {
      const keyNode = element.childForFieldName("key");
      const valueNode = element.childForFieldName("val");
      if (!keyNode || !valueNode) this.fail("HCL syntax error: incomplete object element", element);
      const key = this.readObjectKey(keyNode);
      if (key === undefined) return this.nonLiteral(expression);
      entries.push({ key, value: this.readExpression(valueNode), at: this.locate(element) });
    }
    return { kind: "object", entries, at: this.locate(node) };
  }

  /**
   * hclsyntax ObjectConsKeyExpr: a bare identifier is the key's name, not a variable; other literal keys are
   * converted to strings. Returns undefined for keys that need evaluating.
   */
  private readObjectKey(node: Node): string | undefined {
    if (isBareName(node)) return node.text;
    const value = this.readExpression(node);
    switch (value.kind) {
      case "string":
        return value.value;
      case "number":
        return String(value.value);
      case "bool":
        return String(value.value);
      default:
        return undefined;
    }
  }

  private nonLiteral(node: Node): HclValue {
    return { kind: "expression", text: this.original(node), reason: classifyExpression(node), at: this.locate(node) };
  }
}

/**
 * What Terraform would say when evaluating this expression with no context: the outermost function call or variable
 * reference decides (hclsyntax FunctionCallExpr.Value fails before evaluating its arguments). Depth first, in source
 * order, with an explicit stack: operator chains (`"a" + "a" + …`) make trees far deeper than any bracket nesting.
 */
function classifyExpression(node: Node): NonLiteralReason {
  const pending: Node[] = [node];
  for (let current = pending.pop(); current; current = pending.pop()) {
    if (current.type === "function_call") return "functions";
    if (current.type === "variable_expr") return "variables";
    if (current.type === "for_expr") continue;
    const children = namedChildren(current);
    for (let index = children.length - 1; index >= 0; index--) {
      const child = children[index]!;
      if (child.type !== "object_elem") {
        pending.push(child);
        continue;
      }
      // An object element: its key (unless a bare name, which is a string) before its value.
      const key = child.childForFieldName("key");
      const value = child.childForFieldName("val");
      if (value) pending.push(value);
      if (key && !isBareName(key)) pending.push(key);
    }
  }
  return "not-evaluated";
}

/** An object key written as a bare name (`role_arn = …`), which HCL reads as the string "role_arn". */
function isBareName(key: Node): boolean {
  return key.type === "expression" && key.childCount === 1 && key.firstChild?.type === "variable_expr";
}

function namedChildren(node: Node): Node[] {
  return node.namedChildren.filter((child): child is Node => child !== null);
}

/**
 * The first ERROR or MISSING node in document order, the innermost one when ERROR nodes nest: tree-sitter's recovery
 * may wrap the tokens of a whole block (or file) in an ERROR around the one that went wrong. An explicit stack:
 * error trees can be deep.
 */
function firstError(root: Node): { readonly node: Node; readonly ancestors: readonly Node[] } | undefined {
  // Ancestors are kept from the walk itself: web-tree-sitter's `Node.parent` on a deep ERROR tree (100 levels of
  // `{a=` around a syntax error) corrupted the WASM memory ("memory access out of bounds" on the next call).
  const pending: Array<{ readonly node: Node; readonly depth: number }> = [{ node: root, depth: 0 }];
  const path: Node[] = [];
  for (let entry = pending.pop(); entry; entry = pending.pop()) {
    const { node: current, depth } = entry;
    path.length = depth;
    if (current.isMissing) return { node: current, ancestors: path };
    const children = current.children.filter(
      (child): child is Node => child !== null && (child.hasError || child.isMissing),
    );
    if (current.isError && children.length === 0) return { node: current, ancestors: path };
    path.push(current);
    for (let index = children.length - 1; index >= 0; index--)
      pending.push({ node: children[index]!, depth: depth + 1 });
  }
  return undefined;
}
