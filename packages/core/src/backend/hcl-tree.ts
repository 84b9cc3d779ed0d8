import type { Node } from "web-tree-sitter";
import { InvalidInputError } from "../errors.js";
import type { Location } from "../location.js";
import type { HclSource } from "./hcl-types.js";

/** The text one tree-sitter tree was parsed from: locations, source excerpts and failures at a node. */
export class SourceText {
  constructor(
    readonly text: string,
    readonly source: HclSource,
  ) {}

  locate(node: Node): Location {
    return sourceLocation(this.source, node.startPosition.row + 1, node.startPosition.column + 1);
  }

  fail(message: string, node: Node): never {
    throw new InvalidInputError(message, this.locate(node));
  }

  /** The node's text as written (the tree may have been parsed from a masked copy). */
  original(node: Node): string {
    return this.text.slice(node.startIndex, node.endIndex);
  }

  /** The whole line the node starts on, without its newline. */
  lineOf(node: Node): string {
    const lineStart = this.text.lastIndexOf("\n", node.startIndex - 1) + 1;
    const lineEnd = this.text.indexOf("\n", node.startIndex);
    return this.text.slice(lineStart, lineEnd === -1 ? undefined : lineEnd);
  }
}

export function sourceLocation(source: HclSource, line: number, column: number): Location {
  return { file: source.file, path: source.path, line, column };
}

export function namedChildren(node: Node): Node[] {
  return node.namedChildren.filter((child): child is Node => child !== null);
}

/** An object key written as a bare name (`role_arn = …`), which HCL reads as the string "role_arn". */
export function isBareName(key: Node): boolean {
  return key.type === "expression" && key.childCount === 1 && key.firstChild?.type === "variable_expr";
}
