import { createRequire } from "node:module";
import { Language, Parser } from "web-tree-sitter";
import { InvalidInputError, NestingTooDeepError } from "../errors.js";
import { HclBodyReader } from "./hcl-body-reader.js";
import { sourceLocation } from "./hcl-tree.js";
import type { HclBody, HclSource, HclValue } from "./hcl-types.js";
import { withoutLocations } from "./hcl-values.js";
import { checkHclNesting } from "./nesting.js";

let parserPromise: Promise<Parser> | undefined;

/**
 * Loads the tree-sitter runtime and the Terraform grammar once, on first use (no top-level await: the package stays
 * require()-able).
 */
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
  if (!tree) throw new InvalidInputError("the HCL parser returned no tree", sourceLocation(source, 1, 1));
  try {
    return new HclBodyReader(text, source).readFile(tree.rootNode);
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

/**
 * The tree-sitter grammar only knows `1.5e3`, not HCL's `1e3`. Such numbers are replaced by zeros of the same length,
 * so the tree keeps every position; values are always read from the original text, never from the masked one.
 */
function maskExponentNumbers(text: string): string {
  return text.replace(/(?<![\p{ID_Continue}.-])\d+[eE][+-]?\d+/gu, (number) => "0".repeat(number.length));
}
