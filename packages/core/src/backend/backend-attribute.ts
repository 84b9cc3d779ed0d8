import type { Location } from "../location.js";
import type { BackendValueOrigin } from "../trace.js";
import type { HclValue, LiteralValue } from "./hcl-types.js";

/**
 * One backend attribute as one source sets it: the `backend "s3"` block (HCL or `.tf.json`), a `-backend-config` file,
 * or a `-backend-config=name=value` argument. The first stage of the one configuration shape: decoding adds the value.
 */
export interface BackendSetting {
  readonly name: string;
  /** The value as written, with the location of each nested element (none for a command-line value). */
  readonly written: HclValue;
  readonly via: BackendValueOrigin;
  /** Where it was written; null for a `-backend-config=name=value` argument. */
  readonly at: Location | null;
  /**
   * For `via: "backend-config-argument"`: the argument as given (`bucket=my-state`); a secret's value reads `(set)`.
   */
  readonly argument: string | null;
}

/** One attribute of the merged configuration: the winning setting, decoded. */
export interface BackendAttribute extends BackendSetting {
  /**
   * The value converted to the attribute's type as Terraform converts it (`"true"` → true, a list → a sorted set).
   * null when set to null (Terraform treats that as unset); undefined when tfwhy cannot know it (an expression, or a
   * value of the wrong type: see schemaProblems).
   */
  readonly value: LiteralValue | undefined;
}

/** A merged attribute whose value tfwhy knows: what BackendView reads. */
export interface KnownBackendAttribute extends BackendAttribute {
  readonly value: LiteralValue;
}

export function isKnownAttribute(attribute: BackendAttribute): attribute is KnownBackendAttribute {
  return attribute.value !== undefined;
}
