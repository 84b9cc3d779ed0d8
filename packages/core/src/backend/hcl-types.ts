import type { Location } from "../location.js";

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

/** An expression tfwhy does not evaluate, kept as written. */
export interface HclExpression {
  readonly kind: "expression";
  /** The expression's source text, e.g. `var.bucket` or `"${local.env}-state"`. */
  readonly text: string;
  readonly reason: NonLiteralReason;
  readonly at: Location | null;
}

/** A value as written in HCL (or Terraform JSON), with where it was written. `at` is null for command-line values. */
export type HclValue =
  | { readonly kind: "string"; readonly value: string; readonly at: Location | null }
  | { readonly kind: "number"; readonly value: number; readonly at: Location | null }
  | { readonly kind: "bool"; readonly value: boolean; readonly at: Location | null }
  | { readonly kind: "null"; readonly at: Location | null }
  | { readonly kind: "tuple"; readonly items: readonly HclValue[]; readonly at: Location | null }
  | { readonly kind: "object"; readonly entries: readonly HclObjectEntry[]; readonly at: Location | null }
  | HclExpression;

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

/**
 * A plain value: what a literal HclValue means, without locations. Objects are plain records. The one literal type
 * of the backend configuration, from the parsers to the merged attributes and the saved cache.
 */
export type LiteralValue =
  | string
  | number
  | boolean
  | null
  | readonly LiteralValue[]
  | { readonly [key: string]: LiteralValue };

/** An object literal: a record of literals. */
export type LiteralRecord = { readonly [key: string]: LiteralValue };
