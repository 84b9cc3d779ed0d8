import type { Node } from "web-tree-sitter";
import type { Location } from "../location.js";
import { HclExpressionReader } from "./hcl-expression-reader.js";
import { failOnSyntaxError } from "./hcl-syntax-error.js";
import { namedChildren, SourceText } from "./hcl-tree.js";
import type { HclAttribute, HclBlock, HclBody, HclSource } from "./hcl-types.js";

const MISSING_NEWLINE_AFTER_ARGUMENT = "Missing newline after argument: an argument definition must end with a newline";
const MISSING_NEWLINE_AFTER_BLOCK =
  "Missing newline after block definition: a block definition must end with a newline";

/** Walks one tree-sitter tree and builds the HclBody, failing on the first problem HCL's own parser would report. */
export class HclBodyReader {
  private readonly src: SourceText;
  private readonly expressions: HclExpressionReader;

  constructor(text: string, source: HclSource) {
    this.src = new SourceText(text, source);
    this.expressions = new HclExpressionReader(this.src);
  }

  readFile(root: Node): HclBody {
    if (root.hasError) failOnSyntaxError(root, this.src);
    const content = namedChildren(root).filter((child) => child.type !== "comment");
    const [first] = content;
    if (!first) return { attributes: [], blocks: [] };
    if (first.type === "object") {
      this.src.fail(
        "Argument or block definition required: " +
          "a configuration file holds arguments and blocks, not a bare object",
        first,
      );
    }
    return this.readBody(first);
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
        this.src.fail(
          previous.type === "attribute" ? MISSING_NEWLINE_AFTER_ARGUMENT : MISSING_NEWLINE_AFTER_BLOCK,
          item,
        );
      }
      previous = item;
      if (item.type === "attribute") {
        const attribute = this.readAttribute(item);
        const earlier = seen.get(attribute.name);
        if (earlier) {
          this.src.fail(
            `Attribute redefined: the argument "${attribute.name}" was already set at ` +
              `${earlier.file}:${earlier.line}; each argument may be set only once`,
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
    if (!name || !expression) this.src.fail("HCL syntax error: incomplete argument", node);
    return { name: name.text, value: this.expressions.readExpression(expression), at: this.src.locate(node) };
  }

  private readBlock(node: Node): HclBlock {
    const children = namedChildren(node);
    const [type, ...rest] = children;
    if (!type) this.src.fail("HCL syntax error: incomplete block", node);
    const labels: string[] = [];
    let body: Node | undefined;
    let open: Node | undefined;
    let close: Node | undefined;
    for (const child of rest) {
      if (child.type === "string_lit") labels.push(this.expressions.readQuotedLiteral(child));
      else if (child.type === "identifier") labels.push(child.text);
      else if (child.type === "body") body = child;
      else if (child.type === "block_start") open = child;
      else if (child.type === "block_end") close = child;
    }
    if (open && close && open.startPosition.row === close.startPosition.row) this.checkSingleLineBlock(body, type.text);
    else if (open && body) this.checkMultiLineBlock(body, open, close);
    return { type: type.text, labels, body: this.readBody(body), at: this.src.locate(node) };
  }

  /** hclsyntax parser.go: a block's first item starts after its opening line, its last ends before the `}` line. */
  private checkMultiLineBlock(body: Node, open: Node, close: Node | undefined): void {
    const items = namedChildren(body).filter((child) => child.type !== "comment");
    const first = items[0];
    const last = items[items.length - 1];
    if (first && first.startPosition.row === open.startPosition.row) {
      this.src.fail(
        "Invalid single-argument block definition: an argument on the same line as its block's opening brace " +
          "must be followed by the closing brace on that line",
        first,
      );
    }
    if (last && close && last.endPosition.row === close.startPosition.row) {
      this.src.fail(last.type === "attribute" ? MISSING_NEWLINE_AFTER_ARGUMENT : MISSING_NEWLINE_AFTER_BLOCK, close);
    }
  }

  /** hclsyntax parser.go finishParsingBodyBlock: `name { arg = value }` may hold one argument and nothing else. */
  private checkSingleLineBlock(body: Node | undefined, blockType: string): void {
    if (!body) return;
    const items = namedChildren(body).filter((child) => child.type !== "comment");
    const nested = items.find((item) => item.type === "block");
    if (nested) {
      this.src.fail(
        `Argument definition required: a single-line "${blockType}" block can contain only a single argument; ` +
          `put the nested "${nested.firstChild?.text ?? ""}" block on a line of its own`,
        nested,
      );
    }
    if (items.length > 1) this.src.fail(MISSING_NEWLINE_AFTER_ARGUMENT, items[1]!);
  }
}
