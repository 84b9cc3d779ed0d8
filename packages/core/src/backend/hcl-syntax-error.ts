import type { Node } from "web-tree-sitter";
import { redactSourceExcerpt } from "../redact.js";
import type { SourceText } from "./hcl-tree.js";

/**
 * Fails on the first syntax error of a tree, in words close to what HCL's own parser reports (an unclosed block, an
 * unterminated string or heredoc, an argument without a value, an invalid escape), else with the unexpected text.
 * @throws InvalidInputError always, at the error.
 */
export function failOnSyntaxError(root: Node, src: SourceText): never {
  const found = firstError(root);
  if (!found) src.fail("HCL syntax error", root);
  const { node: bad, ancestors } = found;
  if (bad.isMissing) failOnMissingNode(bad, ancestors, src);
  const inString = ancestors.some((node) => node.type === "string_lit" || node.type === "quoted_template");
  const errorText = src.original(bad);
  if (inString && errorText.startsWith("\\")) {
    src.fail(`Invalid escape sequence: ${JSON.stringify(errorText.slice(0, 2))} is not a valid escape`, bad);
  }
  const snippet = errorText.trim().split(/\r?\n/)[0]?.slice(0, 40) ?? "";
  if (snippet === "") src.fail("HCL syntax error: unexpected end of input", bad);
  // The offending text may be (part of) a secret: string contents and secret assignments are never quoted.
  const excerpt = redactSourceExcerpt(snippet, src.lineOf(bad));
  src.fail(
    excerpt === null
      ? "HCL syntax error: unexpected text in the value of a secret attribute"
      : `HCL syntax error: unexpected ${JSON.stringify(excerpt)}`,
    bad,
  );
}

/** A token tree-sitter inserted to recover: what was missing says what is wrong. */
function failOnMissingNode(bad: Node, ancestors: readonly Node[], src: SourceText): never {
  const parent = ancestors.at(-1);
  if (bad.type === "}" && parent?.type === "block_end") {
    const block = ancestors.at(-2) ?? parent;
    const type = block.firstChild?.text ?? "block";
    src.fail(`Unclosed configuration block: no closing brace for the "${type}" block opened here`, block);
  }
  if (bad.type === "quoted_template_end")
    src.fail("Unterminated template string: no closing quote for this string", parent ?? bad);
  if (bad.type === "heredoc_identifier") {
    const opening = parent?.children.find((child) => child?.type === "heredoc_identifier");
    src.fail(`Unterminated template string: no line "${opening?.text ?? ""}" closes this heredoc`, parent ?? bad);
  }
  const attribute = ancestors.findLast((node) => node.type === "attribute");
  const name = attribute?.firstNamedChild?.text;
  if (attribute && name) src.fail(`Invalid expression: the argument "${name}" needs a value`, attribute);
  src.fail(`HCL syntax error: missing ${JSON.stringify(bad.type)}`, bad);
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
