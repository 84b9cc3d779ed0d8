import { posix } from "node:path";
import { displayPath, type Location } from "../location.js";
import type { World } from "../world/world.js";
import { isKnownAttribute, type KnownBackendAttribute } from "./backend-attribute.js";
import { findBackendConfigCandidates, withCandidateFixes } from "./backend-config-candidates.js";
import { configureProblems } from "./configure-problems.js";
import { endpointConfigureProblems, endpointPrepareConfigProblems } from "./endpoint-problems.js";
import { type ModuleProblem, schemaProblems } from "./module-problems.js";
import { prepareConfigProblems } from "./prepare-config-problems.js";
import { type ProviderFacts, providerFacts } from "./provider-facts.js";
import { type RootModule, readRootModule } from "./root-module.js";
import { attributesDeciding } from "./schema.js";
import { collectSecretValues } from "./secret-values.js";

export type { ModuleProblem } from "./module-problems.js";
export type { ProviderFacts } from "./provider-facts.js";

/** What explain needs from the root module, in the chain's terms. */
export interface ModuleFacts {
  readonly dir: string;
  readonly block: Location;
  /** The merged attributes whose values tfwhy knows, by name. */
  readonly attributes: ReadonlyMap<string, KnownBackendAttribute>;
  readonly providers: readonly ProviderFacts[];
  readonly drift: readonly { readonly name: string; readonly cached: string; readonly current: string }[];
  readonly cacheFile: string | null;
  readonly cacheAt: Location | null;
  /** Attributes set by an expression tfwhy does not evaluate (Terraform can): their values are unknown offline. */
  readonly unevaluated: ReadonlyMap<string, Location | null>;
  readonly problems: readonly ModuleProblem[];
  /**
   * Every secret value the configuration holds (secret attributes, literal or inside an unevaluated expression, and
   * those cached in .terraform): for the redactor only, never shown.
   */
  readonly secretValues: readonly string[];
  /** Where a fix to the backend configuration belongs: the last -backend-config file, else the backend block's file. */
  readonly fixTarget: string;
}

/** Reads the root module (backend block, -backend-config, provider blocks, .terraform cache) into ModuleFacts. */
export async function readModuleFacts(
  world: World,
  dir: string,
  backendConfig: readonly string[],
): Promise<ModuleFacts> {
  const module = await readRootModule(world, { dir, backendConfig });
  const attributes = new Map<string, KnownBackendAttribute>();
  for (const attribute of module.backend.attributes) {
    if (isKnownAttribute(attribute)) attributes.set(attribute.name, attribute);
  }
  const fixTarget = chooseFixTarget(module, backendConfig, world);
  const unevaluated = new Map(
    module.backend.schemaProblems.filter((p) => p.code === "expression-not-evaluated").map((p) => [p.attribute, p.at]),
  );
  return {
    dir: module.dir,
    block: module.backend.block,
    attributes,
    secretValues: collectSecretValues(module),
    unevaluated,
    providers: module.providers.map(providerFacts),
    drift: (module.cache?.drift ?? []).map((d) => ({
      name: d.name,
      cached: d.cached ?? "(unset)",
      current: d.current ?? "(unset)",
    })),
    cacheFile: module.cache?.at.file ?? null,
    cacheAt: module.cache?.at ?? null,
    problems: [
      ...schemaProblems(module.backend, backendConfig.length > 0),
      ...(await missingAttributeProblems(world, module, attributes, unevaluated, backendConfig)),
      ...endpointPrepareConfigProblems(module.backend.block, attributes),
      ...configureProblems(attributes, world.env),
      ...endpointConfigureProblems(module.backend.block, attributes, world.env),
    ],
    fixTarget,
  };
}

/** PrepareConfig's problems; a missing bucket/key names the backend config files next to the module, if any. */
async function missingAttributeProblems(
  world: World,
  module: RootModule,
  attributes: ReadonlyMap<string, KnownBackendAttribute>,
  unevaluated: ReadonlyMap<string, Location | null>,
  backendConfig: readonly string[],
): Promise<ModuleProblem[]> {
  const problems = prepareConfigProblems(module.backend.block, attributes, unevaluated);
  const fileGiven = backendConfig.some((arg) => arg !== "" && !arg.includes("="));
  if (fileGiven || !problems.some((p) => p.code === "attribute-required")) return problems;
  return withCandidateFixes(problems, await findBackendConfigCandidates(world, module.dir));
}

/** Attributes whose values decide which credentials Terraform uses (marked in the schema). */
export const CREDENTIAL_ATTRIBUTES: ReadonlySet<string> = attributesDeciding("credentials");
const LOCATION_ATTRIBUTES = attributesDeciding("state-location");

/**
 * Where a fix to the backend configuration belongs: the last -backend-config file (command-line order) that sets a
 * credential attribute, else the last that sets bucket/key/region, else the last file given, else the block's file.
 */
function chooseFixTarget(module: RootModule, backendConfig: readonly string[], world: World): string {
  const files = backendConfig
    .filter((arg) => !arg.includes("=") && arg !== "")
    .map((arg) => displayPath(posix.resolve(module.dir, arg), module.dir, world.homeDir));
  const setBy = (names: ReadonlySet<string>) =>
    new Set(
      module.backend.attributes
        .filter((a) => a.via === "backend-config-file" && a.at && names.has(a.name))
        .map((a) => a.at!.file),
    );
  const credentialFiles = setBy(CREDENTIAL_ATTRIBUTES);
  const locationFiles = setBy(LOCATION_ATTRIBUTES);
  const last = (pick: (file: string) => boolean) => [...files].reverse().find(pick);
  return (
    last((f) => credentialFiles.has(f)) ??
    last((f) => locationFiles.has(f)) ??
    files[files.length - 1] ??
    module.backend.block.file
  );
}
