import type { Location } from "../location.js";
import type { HclBlock, HclBody, HclValue } from "./hcl-types.js";
import { toLiteral } from "./hcl-values.js";

/**
 * A `provider "aws"` block's authentication settings. The backend never uses them: its Configure reads only its own
 * configuration (hashicorp/terraform internal/backend/remote-state/s3/backend.go).
 */
export interface AwsProviderConfig {
  /** The `alias` value, or null for the default configuration. */
  readonly alias: string | null;
  /** The `provider "aws"` block header. */
  readonly block: Location;
  /** The auth attributes that are set ({@link PROVIDER_AUTH_ATTRIBUTES}), in source order. */
  readonly attributes: readonly ProviderAttribute[];
  readonly assumeRole: readonly ProviderNestedBlock[];
  readonly assumeRoleWithWebIdentity: readonly ProviderNestedBlock[];
}

/** An `assume_role { … }` or `assume_role_with_web_identity { … }` block inside a provider block. */
export interface ProviderNestedBlock {
  readonly at: Location;
  readonly attributes: readonly ProviderAttribute[];
}

/** A provider attribute. Values may be expressions (`var.profile`): `value.kind === "expression"` keeps the text. */
export interface ProviderAttribute {
  readonly name: string;
  readonly value: HclValue;
  readonly at: Location;
}

/** The provider attributes that decide credentials, region or files (besides the nested role blocks). */
export const PROVIDER_AUTH_ATTRIBUTES: readonly string[] = [
  "access_key",
  "secret_key",
  "token",
  "profile",
  "region",
  "shared_config_files",
  "shared_credentials_files",
  "shared_credentials_file",
];
/**
 * Adds a provider block; an override file's block merges into the one with the same alias (configs Provider.merge:
 * its arguments replace the base's by name, its nested blocks replace the base's blocks of the same type).
 */
export function addProvider(providers: AwsProviderConfig[], block: HclBlock, isOverride: boolean): void {
  const aliasAttribute = block.body.attributes.find((attribute) => attribute.name === "alias");
  const aliasValue = aliasAttribute ? toLiteral(aliasAttribute.value) : null;
  const alias =
    typeof aliasValue === "string" ? aliasValue : aliasAttribute ? providerText(aliasAttribute.value) : null;
  const pick = (body: HclBody, names?: readonly string[]): ProviderAttribute[] =>
    body.attributes
      .filter((attribute) => !names || names.includes(attribute.name))
      .map(({ name, value, at }) => ({ name, value, at }));
  const nested = (type: string): ProviderNestedBlock[] =>
    block.body.blocks
      .filter((child) => child.type === type)
      .map((child) => ({ at: child.at, attributes: pick(child.body) }));
  const config: AwsProviderConfig = {
    alias,
    block: block.at,
    attributes: pick(block.body, PROVIDER_AUTH_ATTRIBUTES),
    assumeRole: nested("assume_role"),
    assumeRoleWithWebIdentity: nested("assume_role_with_web_identity"),
  };
  const index = providers.findIndex((provider) => provider.alias === alias);
  const base = isOverride ? providers[index] : undefined;
  if (!base) {
    providers.push(config);
    return;
  }
  const replaced = new Set(config.attributes.map((attribute) => attribute.name));
  providers[index] = {
    ...base,
    attributes: [...base.attributes.filter((attribute) => !replaced.has(attribute.name)), ...config.attributes],
    assumeRole: config.assumeRole.length > 0 ? config.assumeRole : base.assumeRole,
    assumeRoleWithWebIdentity:
      config.assumeRoleWithWebIdentity.length > 0 ? config.assumeRoleWithWebIdentity : base.assumeRoleWithWebIdentity,
  };
}

function providerText(value: HclValue): string {
  return value.kind === "expression" ? value.text : JSON.stringify(toLiteral(value));
}
