import type { HclValue } from "./hcl-types.js";
import type { RootModule } from "./root-module.js";
import { holdsSecret, lookupBackendAttribute } from "./schema.js";

/** Secret values of the backend (and its cache), including the string pieces of expressions tfwhy does not evaluate. */
export function collectSecretValues(module: RootModule): string[] {
  const found: string[] = [];
  const collect = (path: string, value: unknown): void => {
    const schema = lookupBackendAttribute(path);
    const secret = schema?.secret === true || schema?.accessKeyId === true;
    if (typeof value === "string") {
      if (secret) found.push(value);
    } else if (Array.isArray(value)) {
      for (const item of value) collect(`${path}.*`, item);
    } else if (value !== null && typeof value === "object") {
      for (const [key, item] of Object.entries(value)) collect(`${path}.${key}`, item);
    }
  };
  const collectWritten = (path: string, written: HclValue): void => {
    const schema = lookupBackendAttribute(path);
    if (written.kind === "string" && (schema?.secret || schema?.accessKeyId)) found.push(written.value);
    if (written.kind === "expression" && (holdsSecret(schema) || schema?.accessKeyId)) {
      found.push(written.text);
      // Every quoted piece of the expression may be the secret itself (bare words are references, not values).
      for (const piece of written.text.match(/"(?:[^"\\]|\\.)*"/g) ?? []) found.push(piece.slice(1, -1));
    }
    if (written.kind === "tuple") for (const item of written.items) collectWritten(`${path}.*`, item);
    if (written.kind === "object")
      for (const entry of written.entries) collectWritten(`${path}.${entry.key}`, entry.value);
  };
  for (const attribute of module.backend.attributes) {
    collect(attribute.name, attribute.value);
    collectWritten(attribute.name, attribute.written);
  }
  for (const [name, value] of Object.entries(module.cache?.config ?? {})) collect(name, value);
  return found;
}
