import type { HclValue } from "./backend/hcl.js";
import { readRootModule, type AwsProviderConfig, type BackendSchemaProblem, type RootModule } from "./backend/root-module.js";
import type { HclLiteral, MergedAttribute } from "./chain/backend-view.js";
import type { LocatedValue } from "./chain/profile-types.js";
import type { Location } from "./location.js";
import type { DiagnosticCode } from "./reasons.js";
import type { Severity } from "./trace.js";
import type { World } from "./world/world.js";

/** A problem Terraform reports while decoding or preparing the backend configuration. */
export interface ModuleProblem {
  readonly code: DiagnosticCode;
  readonly severity: Severity;
  readonly message: string;
  readonly at: Location | null;
  readonly fix: string | null;
  /** For errors: the summary Terraform prints. */
  readonly terraformError: string | null;
}

/** Auth settings of one `provider "aws"` block, which the backend never reads. */
export interface ProviderFacts {
  readonly at: Location;
  readonly alias: string | null;
  readonly profile: LocatedValue | null;
  readonly assumeRoles: readonly LocatedValue[];
  readonly staticKeys: readonly { readonly name: string; readonly at: Location }[];
  readonly sharedFiles: readonly { readonly name: string; readonly at: Location }[];
}

/** What explain needs from the root module, in the chain's terms. */
export interface ModuleFacts {
  readonly dir: string;
  readonly block: Location;
  readonly attributes: ReadonlyMap<string, MergedAttribute>;
  readonly providers: readonly ProviderFacts[];
  readonly drift: readonly { readonly name: string; readonly cached: string; readonly current: string }[];
  readonly cacheFile: string | null;
  readonly cacheAt: Location | null;
  readonly problems: readonly ModuleProblem[];
  /** Where a fix to the backend configuration belongs: the last -backend-config file, else the backend block's file. */
  readonly fixTarget: string;
}

/** Reads the root module (backend block, -backend-config, provider blocks, .terraform cache) into ModuleFacts. */
export async function readModuleFacts(world: World, dir: string, backendConfig: readonly string[]): Promise<ModuleFacts> {
  const module = await readRootModule(world, { dir, backendConfig });
  const attributes = new Map<string, MergedAttribute>();
  for (const attribute of module.backend.attributes) {
    if (attribute.value === undefined) continue;
    attributes.set(attribute.name, { value: attribute.value as HclLiteral, via: attribute.via, at: attribute.at });
  }
  const lastFile = [...module.backend.attributes]
    .filter((a) => a.via === "backend-config-file" && a.at)
    .map((a) => a.at!.file)
    .pop();
  return {
    dir: module.dir,
    block: module.backend.block,
    attributes,
    providers: module.providers.map(providerFacts),
    drift: (module.cache?.drift ?? []).map((d) => ({ name: d.name, cached: d.cached ?? "(unset)", current: d.current ?? "(unset)" })),
    cacheFile: module.cache?.at.file ?? null,
    cacheAt: module.cache?.at ?? null,
    problems: [...schemaProblems(module), ...prepareConfigProblems(module, attributes)],
    fixTarget: lastFile ?? `${module.backend.block.file} (the backend "s3" block)`,
  };
}

const PROBLEM_CODES: Record<BackendSchemaProblem["code"], DiagnosticCode> = {
  "unsupported-argument": "attribute-unsupported",
  "unsupported-block": "attribute-unsupported",
  "invalid-cli-argument": "attribute-unsupported",
  "removed-argument": "attribute-removed",
  "invalid-cli-value": "backend-value-invalid",
  "invalid-value-type": "backend-value-invalid",
  "variables-not-allowed": "backend-value-invalid",
  "functions-not-allowed": "backend-value-invalid",
  "expression-not-evaluated": "backend-value-not-evaluated",
};

function schemaProblems(module: RootModule): ModuleProblem[] {
  const problems: ModuleProblem[] = module.backend.schemaProblems.map((p) => {
    // Terraform accepts constant expressions tfwhy does not evaluate: not an error, just unknown to us.
    const fatal = p.code !== "expression-not-evaluated";
    return {
      code: PROBLEM_CODES[p.code],
      severity: fatal ? "error" : "warning",
      message: `${p.summary}: ${p.detail}`,
      at: p.at,
      fix: p.hint,
      terraformError: fatal ? p.summary : null,
    };
  });
  for (const d of module.backend.deprecated) {
    problems.push({
      code: "attribute-deprecated",
      severity: "warning",
      message: d.warning ? `${d.warning.summary}: ${d.warning.detail}` : `The attribute "${d.attribute}" is deprecated; use ${d.replacement} instead.`,
      at: d.at,
      fix: `Use ${d.replacement} instead of ${d.attribute}.`,
      terraformError: null,
    });
  }
  return problems;
}

/** Terraform's PrepareConfig: bucket and key are required, key has no leading/trailing `/` and no `//`. */
function prepareConfigProblems(module: RootModule, attributes: ReadonlyMap<string, MergedAttribute>): ModuleProblem[] {
  const problems: ModuleProblem[] = [];
  for (const name of ["bucket", "key"]) {
    const value = attributes.get(name)?.value;
    if (typeof value !== "string" || value.trim() === "") {
      problems.push({
        code: "attribute-required",
        severity: "error",
        message: `Missing Required Value: The attribute "${name}" is required by the backend.`,
        at: module.backend.block,
        fix: `Set ${name} in the backend block or a -backend-config file.`,
        terraformError: "Missing Required Value",
      });
    }
  }
  const key = attributes.get("key")?.value;
  if (typeof key === "string" && key !== "" && (key.startsWith("/") || key.endsWith("/") || key.includes("//"))) {
    problems.push({
      code: "backend-value-invalid",
      severity: "error",
      message: `Invalid Value: the key "${key}" must not start or end with "/" or contain "//".`,
      at: attributes.get("key")?.at ?? null,
      fix: "Remove the leading/trailing slash from key.",
      terraformError: "Invalid Value",
    });
  }
  return problems;
}

function providerFacts(provider: AwsProviderConfig): ProviderFacts {
  const literal = (value: HclValue): string | null => (value.kind === "string" ? value.value : null);
  const attribute = (name: string) => provider.attributes.find((a) => a.name === name);
  const profileAttribute = attribute("profile");
  const profileValue = profileAttribute ? literal(profileAttribute.value) : null;
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
    staticKeys: provider.attributes.filter((a) => ["access_key", "secret_key", "token"].includes(a.name)).map((a) => ({ name: a.name, at: a.at })),
    sharedFiles: provider.attributes
      .filter((a) => a.name.startsWith("shared_"))
      .map((a) => ({ name: a.name, at: a.at })),
  };
}
