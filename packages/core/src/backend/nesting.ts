import { NestingTooDeepError } from "../errors.js";
import type { Location } from "../location.js";
import type { HclSource } from "./hcl-types.js";

/**
 * How deep brackets, braces, blocks and templates may nest in one HCL or JSON file. Terraform has no limit, but real
 * configurations stay under ten; past this the recursive readers (ours and the rest of the pipeline) would risk the
 * stack, so the input is rejected, with the place where the limit is crossed, before anything else reads it.
 */
export const MAX_NESTING = 256;

/**
 * How deep quoted strings, heredocs and `${…}` / `%{…}` sequences may nest inside one another. The tree-sitter
 * scanner keeps these in a state it serializes into 1,024 bytes, at most 127 of them; past that it silently loses
 * track and reports a syntax error at the start of the file. 64 (32 levels of `"${"${…}"}"`) stays well inside.
 */
export const MAX_TEMPLATE_NESTING = 64;

/**
 * Bytes the tree-sitter HCL scanner may use to serialize its template stack
 * (TREE_SITTER_SERIALIZATION_BUFFER_SIZE).
 */
const SCANNER_STATE_BUDGET = 1000;

type Frame =
  | { readonly kind: "bracket" }
  | { readonly kind: "string" }
  | { readonly kind: "interpolation" }
  | { readonly kind: "heredoc"; readonly id: string };

const HEREDOC_START = /<<-?([A-Za-z_][A-Za-z0-9_-]*)\r?\n/y;

/**
 * Rejects HCL text that nests deeper than {@link MAX_NESTING} (brackets, braces, parentheses and templates together) or
 * {@link MAX_TEMPLATE_NESTING} (templates alone), in one linear pass that mirrors the HCL scanner closely enough to
 * tell code from strings, comments and heredocs. Unbalanced or otherwise malformed text is left to the parser: this
 * only ever reports depth.
 * @throws NestingTooDeepError at the line and column of the opening that crosses a limit.
 */
export function checkHclNesting(text: string, source: HclSource): void {
  const stack: Frame[] = [];
  let templates = 0;
  let scannerState = 4;
  let line = 1;
  let lineStart = 0;
  let i = 0;
  const n = text.length;

  const push = (frame: Frame, width: number): void => {
    stack.push(frame);
    const location: Location = { file: source.file, path: source.path, line, column: i - lineStart + 1 };
    if (frame.kind !== "bracket") {
      templates += 1;
      scannerState += 8 + (frame.kind === "heredoc" ? frame.id.length : 0);
      if (templates > MAX_TEMPLATE_NESTING || scannerState > SCANNER_STATE_BUDGET) {
        throw new NestingTooDeepError("templates", MAX_TEMPLATE_NESTING, location);
      }
    }
    if (stack.length > MAX_NESTING) throw new NestingTooDeepError("expressions and blocks", MAX_NESTING, location);
    i += width;
  };
  const pop = (): void => {
    const frame = stack.pop();
    if (frame && frame.kind !== "bracket") {
      templates -= 1;
      scannerState -= 8 + (frame.kind === "heredoc" ? frame.id.length : 0);
    }
  };
  const newline = (): void => {
    line += 1;
    lineStart = i + 1;
  };

  while (i < n) {
    const top = stack[stack.length - 1];
    const c = text[i]!;

    if (top?.kind === "heredoc" && i === lineStart) {
      // A heredoc ends at a line holding only its identifier (leading spaces allowed for <<-, tolerated for <<).
      const end = text.indexOf("\n", i);
      const lineText = text.slice(i, end === -1 ? n : end);
      if (lineText.trim() === top.id) {
        pop();
        i += lineText.length;
        continue;
      }
    }

    if (top?.kind === "string" || top?.kind === "heredoc") {
      if (c === "\n") {
        if (top.kind === "string") pop(); // a quoted string cannot span lines: the parser reports it
        newline();
        i += 1;
      } else if (c === "\\" && top.kind === "string") {
        i += text[i + 1] === "\n" ? 1 : 2;
      } else if ((c === "$" || c === "%") && text[i + 1] === c && text[i + 2] === "{") {
        i += 3;
      } else if ((c === "$" || c === "%") && text[i + 1] === "{") {
        push({ kind: "interpolation" }, 2);
      } else if (c === '"' && top.kind === "string") {
        pop();
        i += 1;
      } else {
        i += 1;
      }
      continue;
    }

    // Code: at the top level, inside brackets, or inside an interpolation.
    switch (c) {
      case "\n":
        newline();
        i += 1;
        break;
      case "#":
        i = skipToLineEnd(text, i);
        break;
      case "/":
        if (text[i + 1] === "/") i = skipToLineEnd(text, i);
        else if (text[i + 1] === "*") {
          const end = text.indexOf("*/", i + 2);
          const stop = end === -1 ? n : end + 2;
          for (let j = i; j < stop; j++) {
            if (text[j] === "\n") {
              line += 1;
              lineStart = j + 1;
            }
          }
          i = stop;
        } else i += 1;
        break;
      case '"':
        push({ kind: "string" }, 1);
        break;
      case "<": {
        HEREDOC_START.lastIndex = i;
        const match = HEREDOC_START.exec(text);
        if (!match) {
          i += 1;
          break;
        }
        push({ kind: "heredoc", id: match[1]! }, match[0].length - 1);
        newline();
        i += 1;
        break;
      }
      case "{":
      case "[":
      case "(":
        push({ kind: "bracket" }, 1);
        break;
      case "}":
        if (top) pop();
        i += 1;
        break;
      case "]":
      case ")":
        if (top?.kind === "bracket") pop();
        i += 1;
        break;
      default:
        i += 1;
    }
  }
}

/**
 * Rejects JSON text whose arrays and objects nest deeper than {@link MAX_NESTING}, in one pass over the text (strings
 * skipped), so that nothing recursive ever sees it. Malformed JSON is left to the parser.
 * @throws NestingTooDeepError at the line and column of the opening that crosses the limit.
 */
export function checkJsonNesting(text: string, source: HclSource): void {
  let depth = 0;
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === "\n") {
      line += 1;
      lineStart = i + 1;
    } else if (c === '"') {
      for (i += 1; i < text.length && text[i] !== '"' && text[i] !== "\n"; i++) if (text[i] === "\\") i += 1;
      if (text[i] === "\n") {
        line += 1;
        lineStart = i + 1;
      }
    } else if (c === "[" || c === "{") {
      depth += 1;
      if (depth > MAX_NESTING) {
        throw new NestingTooDeepError("JSON values", MAX_NESTING, {
          file: source.file,
          path: source.path,
          line,
          column: i - lineStart + 1,
        });
      }
    } else if (c === "]" || c === "}") {
      depth = Math.max(0, depth - 1);
    }
  }
}

function skipToLineEnd(text: string, i: number): number {
  const end = text.indexOf("\n", i);
  return end === -1 ? text.length : end;
}
