import type { Node } from "web-tree-sitter";
import { redactSourceExcerpt } from "../redact.js";
import { decodeTemplateLiteral, flushHeredoc } from "./hcl-template.js";
import { isBareName, namedChildren, type SourceText } from "./hcl-tree.js";
import type { HclObjectEntry, HclValue, NonLiteralReason } from "./hcl-types.js";

const MULTI_LINE_STRING =
  "Invalid multi-line string: quoted strings may not be split over multiple lines; use \\n or a heredoc";

/**
 * Reads one expression of a tree-sitter tree into an HclValue: literals decoded the way HCL decodes them (numbers,
 * escapes, heredocs, NFC), tuples and object constructors element by element, anything else kept as an expression.
 */
export class HclExpressionReader {
  constructor(private readonly src: SourceText) {}

  readExpression(node: Node): HclValue {
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
    const location = this.src.locate(node);
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
    const written = this.src.original(node);
    // The grammar accepts 0x10; HCL's scanner reads `0` then `x10`, and the parser reports the missing newline.
    if (!/^\d+(\.\d+)?([eE][+-]?\d+)?$/.test(written)) {
      const shown = redactSourceExcerpt(written, this.src.lineOf(node));
      const what = shown === null ? "the value" : JSON.stringify(shown);
      this.src.fail(`Missing newline after argument: ${what} is not an HCL number (numbers are decimal)`, node);
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
    return { kind: "number", value: -this.readNumber(numeric), at: this.src.locate(operation) };
  }

  readQuotedLiteral(node: Node): string {
    const raw = this.src.text.slice(node.startIndex + 1, node.endIndex - 1);
    if (raw.includes("\n")) this.src.fail(MULTI_LINE_STRING, node);
    return decodeTemplateLiteral(raw, true);
  }

  private readTemplate(template: Node, expression: Node): HclValue {
    const location = this.src.locate(template);
    const dynamic = namedChildren(template).some(
      (child) => child.type === "template_interpolation" || child.type === "template_directive",
    );
    if (template.type === "quoted_template") {
      for (const literal of namedChildren(template).filter((child) => child.type === "template_literal")) {
        if (literal.text.includes("\n")) this.src.fail(MULTI_LINE_STRING, template);
      }
      if (dynamic) return this.nonLiteral(expression);
      return { kind: "string", value: this.readQuotedLiteral(template), at: location };
    }
    if (template.type !== "heredoc_template" || dynamic) return this.nonLiteral(expression);
    const markers = namedChildren(template).filter((child) => child.type === "heredoc_identifier");
    const opening = markers[0];
    const closing = markers[markers.length - 1];
    if (!opening || !closing || opening === closing) return this.nonLiteral(expression);
    const contentStart = this.src.text.indexOf("\n", opening.endIndex) + 1;
    const closingLineStart = this.src.text.lastIndexOf("\n", closing.startIndex - 1) + 1;
    const raw =
      contentStart > 0 && contentStart <= closingLineStart ? this.src.text.slice(contentStart, closingLineStart) : "";
    const flush = template.firstNamedChild?.text === "<<-";
    return { kind: "string", value: decodeTemplateLiteral(flush ? flushHeredoc(raw) : raw, false), at: location };
  }

  private readTuple(node: Node): HclValue {
    const items = namedChildren(node)
      .filter((child) => child.type === "expression")
      .map((child) => this.readExpression(child));
    return { kind: "tuple", items, at: this.src.locate(node) };
  }

  private readObject(node: Node, expression: Node): HclValue {
    const entries: HclObjectEntry[] = [];
    for (const element of namedChildren(node).filter((child) => child.type === "object_elem")) {
      const keyNode = element.childForFieldName("key");
      const valueNode = element.childForFieldName("val");
      if (!keyNode || !valueNode) this.src.fail("HCL syntax error: incomplete object element", element);
      const key = this.readObjectKey(keyNode);
      if (key === undefined) return this.nonLiteral(expression);
      entries.push({ key, value: this.readExpression(valueNode), at: this.src.locate(element) });
    }
    return { kind: "object", entries, at: this.src.locate(node) };
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
    const text = this.src.original(node);
    return { kind: "expression", text, reason: classifyExpression(node), at: this.src.locate(node) };
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
