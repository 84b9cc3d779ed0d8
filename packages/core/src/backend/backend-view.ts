import { backendAttributeEvidence } from "../evidence.js";
import type { Location } from "../location.js";
import { maskAccessKeyId, redactText } from "../redact.js";
import type { BackendValueOrigin, Evidence } from "../trace.js";
import type { KnownBackendAttribute } from "./backend-attribute.js";
import type { LiteralRecord, LiteralValue } from "./hcl-types.js";
import { isLiteralList, isLiteralRecord } from "./hcl-values.js";
import { isAccessKeyId, isSecretAttribute } from "./schema.js";

/** A literal backend value: the one literal type, under the name callers know. */
export type HclLiteral = LiteralValue;

/** What the typed reads need of a merged attribute (a {@link KnownBackendAttribute} is one). */
export type MergedAttribute = Pick<KnownBackendAttribute, "value" | "via" | "at">;

/**
 * Typed reads over the merged backend configuration, the way Terraform's `Configure` reads the backend object:
 * an empty string counts as unset (Go `len(s) > 0` checks), as does null.
 */
export class BackendView {
  constructor(private readonly attributes: ReadonlyMap<string, MergedAttribute>) {}

  has(name: string): boolean {
    const v = this.attributes.get(name)?.value;
    return v !== undefined && v !== null && v !== "";
  }

  string(name: string): string | undefined {
    const v = this.attributes.get(name)?.value;
    if (typeof v === "string") return v === "" ? undefined : v;
    if (typeof v === "number" || typeof v === "boolean") return String(v);
    return undefined;
  }

  /** Go's bool attribute: `undefined` when null/unset (Terraform distinguishes unset from false for some). */
  bool(name: string): boolean | undefined {
    const v = this.attributes.get(name)?.value;
    if (typeof v === "boolean") return v;
    if (v === "true") return true;
    if (v === "false") return false;
    return undefined;
  }

  object(name: string): LiteralRecord | undefined {
    const v = this.attributes.get(name)?.value;
    return isLiteralRecord(v) ? v : undefined;
  }

  /** A set(string) attribute. cty sets iterate in lexicographic order: the order Terraform hands them to the SDK. */
  stringSet(name: string): string[] | undefined {
    const v = this.attributes.get(name)?.value;
    if (!isLiteralList(v)) return undefined;
    const strings = [...new Set(v.filter((x): x is string => typeof x === "string"))];
    return strings.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  }

  at(name: string): Location | null {
    return this.attributes.get(name)?.at ?? null;
  }

  via(name: string): BackendValueOrigin | undefined {
    return this.attributes.get(name)?.via;
  }

  names(): string[] {
    return [...this.attributes.keys()].filter((n) => this.has(n));
  }

  /** Evidence naming the attribute and where it was set; secrets shown as nothing, key ids masked. */
  evidence(name: string): Evidence {
    const attribute = this.attributes.get(name);
    if (!attribute) return backendAttributeEvidence(name, "backend-block", null);
    return backendAttributeEvidence(name, attribute.via, attribute.at, this.shown(name));
  }

  /** A display form of the value: `(set)` for secrets, masked key ids, JSON for objects. */
  shown(name: string): string | undefined {
    const attribute = this.attributes.get(name);
    if (!attribute || attribute.value === null) return undefined;
    if (isSecretAttribute(name)) return "(set)";
    if (isAccessKeyId(name) && typeof attribute.value === "string") return maskAccessKeyId(attribute.value);
    if (typeof attribute.value === "string") return redactText(attribute.value);
    return redactText(JSON.stringify(attribute.value));
  }

  /** Where the value came from, as a phrase: `env/backend.hcl:3`, `-backend-config=profile=...`, `main.tf:5`. */
  describe(name: string): string {
    const attribute = this.attributes.get(name);
    if (!attribute) return `${name} (unset)`;
    if (attribute.at) return `${attribute.at.file}:${attribute.at.line}`;
    return attribute.via === "backend-config-argument" ? `-backend-config ${name}=…` : name;
  }
}
