/**
 * The error Terraform prints for a `-backend-config=name=value` whose value is not one HCL expression (a list or
 * object attribute: hashicorp/terraform internal/command/meta_config.go configValueFromCLI parses it with
 * hclsyntax.ParseExpression). Each rule below was observed on Terraform 1.11.4 (conformance/FINDINGS.md §10); the
 * wording is hashicorp/hcl hclsyntax's (parser.go, scan_tokens.rl).
 */

/** Terraform's diagnostic: the `Error:` summary and the detail under it. */
export interface TerraformDiagnostic {
  readonly summary: string;
  readonly detail: string;
}

const MISSING: TerraformDiagnostic = {
  summary: "Missing expression",
  detail: "Expected the start of an expression, but found the end of the file.",
};
const INVALID: TerraformDiagnostic = {
  summary: "Invalid expression",
  detail: "Expected the start of an expression, but found an invalid expression token.",
};
const EXTRA: TerraformDiagnostic = {
  summary: "Extra characters after expression",
  detail: "An expression was successfully parsed, but extra characters were found after it.",
};
const UNTERMINATED_STRING: TerraformDiagnostic = {
  summary: "Unterminated template string",
  detail: "No closing marker was found for the string.",
};
const UNTERMINATED: Record<"[" | "{", TerraformDiagnostic> = {
  "[": {
    summary: "Unterminated tuple constructor expression",
    detail:
      "There is no corresponding closing bracket before the end of the file. " +
      "This may be caused by incorrect bracket nesting elsewhere in this file.",
  },
  "{": {
    summary: "Unterminated object constructor expression",
    detail:
      "There is no corresponding closing brace before the end of the file. " +
      "This may be caused by incorrect brace nesting elsewhere in this file.",
  },
};

const MISSING_SEPARATOR: Record<"[" | "{", TerraformDiagnostic> = {
  "[": { summary: "Missing item separator", detail: "Expected a comma to mark the beginning of the next item." },
  "{": {
    summary: "Missing attribute separator",
    detail: "Expected a newline or comma to mark the beginning of the next attribute.",
  },
};

const NOT_USED = "This character is not used within the language.";
/** hclsyntax parseExpressionTerm on a token that cannot start an expression, by its first character. */
const FIRST_CHARACTER: Readonly<Record<string, TerraformDiagnostic>> = {
  "/": INVALID,
  "*": INVALID,
  ".": INVALID,
  "]": INVALID,
  "}": INVALID,
  ")": INVALID,
  ",": INVALID,
  ":": INVALID,
  "=": INVALID,
  "%": INVALID,
  "?": INVALID,
  "~": {
    summary: "Unsupported operator",
    detail: 'Bitwise operators are not supported. Did you mean boolean NOT ("!")?',
  },
  "&": {
    summary: "Unsupported operator",
    detail: 'Bitwise operators are not supported. Did you mean boolean AND ("&&")?',
  },
  "|": {
    summary: "Unsupported operator",
    detail: 'Bitwise operators are not supported. Did you mean boolean OR ("||")?',
  },
  "^": { summary: "Unsupported operator", detail: "Bitwise operators are not supported." },
  ";": {
    summary: "Invalid character",
    detail:
      'The ";" character is not valid. Use newlines to separate arguments and blocks, ' +
      "and commas to separate items in collection values.",
  },
  "`": {
    summary: "Invalid character",
    detail: 'The "`" character is not valid. To create a multi-line string, use the "heredoc" syntax, like "<<EOT".',
  },
  "'": {
    summary: "Invalid character",
    detail: 'Single quotes are not valid. Use double quotes (") to enclose strings.',
  },
  "@": { summary: "Invalid character", detail: NOT_USED },
  $: { summary: "Invalid character", detail: NOT_USED },
};

/** Characters that, after a complete expression, continue it (an operator, a traversal, an index, a call). */
const CONTINUES = new Set(["+", "-", "*", "/", "%", "&", "|", "=", "!", "<", ">", "?", ".", "[", "("]);
/** Text ending in one of these still waits for an expression when the input ends. */
const WANTS_MORE = new Set([",", "=", ":", "[", "{", "(", "+", "-", "*", "/", "%", "&", "|", "!", "<", ">", "?"]);
/** Prefixes are re-parsed one by one for "Extra characters": only for values of a sensible length. */
const LONGEST_SEARCHED = 512;

/**
 * Terraform's first error for a value that is not one valid HCL expression, or null when tfwhy cannot tell which
 * error hclsyntax reports first (then the caller says only that the value is invalid).
 * @param parses whether a text is exactly one valid expression (tfwhy's own parser).
 */
export async function diagnoseCliExpression(
  text: string,
  parses: (candidate: string) => Promise<boolean>,
): Promise<TerraformDiagnostic | null> {
  const trimmed = text.trim();
  if (trimmed === "" || trimmed.startsWith("#") || trimmed.startsWith("//")) return MISSING;
  const first = FIRST_CHARACTER[trimmed[0]!];
  if (first) return first;
  // Left to right, the parser meets a missing separator before it reaches an unclosed bracket at the end.
  const separator = missingSeparator(trimmed);
  if (separator) return MISSING_SEPARATOR[separator];
  const open = unclosed(trimmed);
  if (open.inString && open.brackets.length === 0) return UNTERMINATED_STRING;
  if (!open.inString && open.brackets.length > 0) {
    return WANTS_MORE.has(trimmed.at(-1)!) ? MISSING : UNTERMINATED[open.brackets.at(-1)!];
  }
  // A binary operator with nothing after it: the parser wants its right operand at the end of the input.
  if (!open.inString && /[+\-*/%]$/.test(trimmed)) return MISSING;
  if (trimmed.length <= LONGEST_SEARCHED && (await endsEarly(trimmed, parses))) return EXTRA;
  return null;
}

/** Whether the longest leading part that is a whole expression is followed by text that cannot continue it. */
async function endsEarly(text: string, parses: (candidate: string) => Promise<boolean>): Promise<boolean> {
  for (let end = text.length - 1; end > 0; end--) {
    const head = text.slice(0, end);
    if (/\s$/.test(head) || !(await parses(head))) continue;
    const rest = text.slice(end).trimStart();
    return rest !== "" && !CONTINUES.has(rest[0]!);
  }
  return false;
}

/**
 * Terraform's error for a one-line value with two items or attributes and no comma between them, or null. Checked
 * before tfwhy's own parser, which accepts `{a=1 b=2}` on one line where hclsyntax does not.
 */
export function missingSeparatorError(text: string): TerraformDiagnostic | null {
  if (text.includes("\n")) return null; // a newline separates object attributes: leave multi-line values to the parser
  const separator = missingSeparator(text.trim());
  return separator ? MISSING_SEPARATOR[separator] : null;
}

/** A token of the simple collection syntax {@link missingSeparator} follows. */
const SIMPLE_TOKEN = /^(?:"(?:[^"\\]|\\.)*"|[A-Za-z_][A-Za-z0-9_-]*|\d+(?:\.\d+)?|[[\]{},=:]|\s+)/;

/**
 * Where hclsyntax's parseTupleCons / parseObjectCons find two items or attributes with no comma between them
 * (`[a b]`, `{a=1 b=2}`, seen on 1.11.4): the bracket whose separator is missing, or null when there is none or the
 * text leaves the simple syntax (names, numbers, plain strings, brackets, `,`, `=`, `:`) before one is found.
 */
function missingSeparator(text: string): "[" | "{" | null {
  // Each open bracket, and what it waits for next: an item/key, the `=` after a key, a value, or a separator.
  const stack: { bracket: "[" | "{"; next: "item" | "equals" | "value" | "separator" }[] = [];
  const completed = () => {
    const top = stack.at(-1);
    if (top) top.next = "separator";
  };
  for (let rest = text; rest !== ""; ) {
    const match = SIMPLE_TOKEN.exec(rest);
    if (!match) return null;
    const token = match[0];
    rest = rest.slice(token.length);
    if (/^\s/.test(token)) continue;
    const top = stack.at(-1);
    if (top === undefined && stack.length === 0 && token !== "[" && token !== "{") return null;
    if (token === "[" || token === "{") {
      if (top?.next === "separator") return top.bracket;
      if (top?.next === "equals") return null;
      stack.push({ bracket: token, next: "item" });
    } else if (token === "]" || token === "}") {
      if (top === undefined || top.bracket !== (token === "]" ? "[" : "{") || top.next === "equals") return null;
      stack.pop();
      if (stack.length === 0) return null;
      completed();
    } else if (token === ",") {
      if (top?.next !== "separator") return null;
      top.next = "item";
    } else if (token === "=" || token === ":") {
      if (top?.next !== "equals") return null;
      top.next = "value";
    } else if (top === undefined) {
      return null;
    } else if (top.next === "separator") {
      return top.bracket;
    } else if (top.bracket === "{" && top.next === "item") {
      top.next = "equals";
    } else if (top.next === "equals") {
      return null;
    } else {
      completed();
    }
  }
  return null;
}

/** The brackets still open at the end of the text (outside strings), and whether it ends inside a string. */
function unclosed(text: string): { brackets: ("[" | "{")[]; inString: boolean } {
  const brackets: ("[" | "{" | "(")[] = [];
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const char = text[i]!;
    if (inString) {
      if (char === "\\") i += 1;
      else if (char === '"') inString = false;
      continue;
    }
    if (char === '"') inString = true;
    else if (char === "[" || char === "{" || char === "(") brackets.push(char);
    else if (char === "]" || char === "}" || char === ")") brackets.pop();
  }
  // Only tuple and object constructors have the messages above; an open parenthesis is left to the fallback.
  if (brackets.includes("(")) return { brackets: [], inString: false };
  return { brackets: brackets as ("[" | "{")[], inString };
}
