import type { HclExpression, HclValue, LiteralRecord, LiteralValue } from "./hcl-types.js";

/**
 * The plain value of a literal, or undefined when any part of it is an expression. Later object keys win, as in HCL.
 */
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
export function findExpression(value: HclValue): HclExpression | undefined {
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

/** True for an object literal (Array.isArray does not narrow a readonly array out of the union). */
export function isLiteralRecord(value: LiteralValue | undefined): value is LiteralRecord {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** True for what JSON.parse returns (any JSON value is a literal), checked rather than assumed. */
export function isLiteralValue(value: unknown): value is LiteralValue {
  if (value === null || typeof value === "string" || typeof value === "number" || typeof value === "boolean") {
    return true;
  }
  if (Array.isArray(value)) return value.every(isLiteralValue);
  return typeof value === "object" && Object.values(value).every(isLiteralValue);
}

/** True for a tuple, list or set literal. */
export function isLiteralList(value: LiteralValue | undefined): value is readonly LiteralValue[] {
  return Array.isArray(value);
}
