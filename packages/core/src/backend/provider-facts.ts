import type { LocatedValue } from "../aws-files/shared-config.js";
import type { Location } from "../location.js";
import type { HclValue } from "./hcl-types.js";
import type { AwsProviderConfig } from "./provider-config.js";

/** Auth settings of one `provider "aws"` block, which the backend never reads. */
export interface ProviderFacts {
  readonly at: Location;
  readonly alias: string | null;
  readonly profile: LocatedValue | null;
  readonly assumeRoles: readonly LocatedValue[];
  readonly staticKeys: readonly { readonly name: string; readonly at: Location }[];
  readonly sharedFiles: readonly { readonly name: string; readonly at: Location }[];
  /** The block's region when it is a literal (a region fix can name it). */
  readonly region: LocatedValue | null;
}

export function providerFacts(provider: AwsProviderConfig): ProviderFacts {
  const literal = (value: HclValue): string | null => (value.kind === "string" ? value.value : null);
  const attribute = (name: string) => provider.attributes.find((a) => a.name === name);
  const profileAttribute = attribute("profile");
  const profileValue = profileAttribute ? literal(profileAttribute.value) : null;
  const regionAttribute = attribute("region");
  const regionValue = regionAttribute ? literal(regionAttribute.value) : null;
  const assumeRoles: LocatedValue[] = [];
  for (const block of provider.assumeRole) {
    const role = block.attributes.find((a) => a.name === "role_arn");
    const value = role ? literal(role.value) : null;
    if (role && value) assumeRoles.push({ value, at: role.at });
  }
  return {
    at: provider.block,
    alias: provider.alias,
    profile: profileAttribute && profileValue ? { value: profileValue, at: profileAttribute.at } : null,
    assumeRoles,
    staticKeys: provider.attributes
      .filter((a) => ["access_key", "secret_key", "token"].includes(a.name))
      .map((a) => ({ name: a.name, at: a.at })),
    sharedFiles: provider.attributes
      .filter((a) => a.name.startsWith("shared_"))
      .map((a) => ({ name: a.name, at: a.at })),
    region: regionAttribute && regionValue ? { value: regionValue, at: regionAttribute.at } : null,
  };
}
