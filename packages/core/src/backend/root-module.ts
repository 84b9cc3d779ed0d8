import { posix } from "node:path";
import { displayPath } from "../location.js";
import type { World } from "../world/world.js";
import { type BackendCache, readBackendCache } from "./backend-cache.js";
import type { S3BackendConfig } from "./backend-config.js";
import { mergeBackendConfig } from "./backend-merge.js";
import { readOverrides } from "./backend-overrides.js";
import { assembleModule, readConfigurationFiles } from "./configuration-files.js";
import type { AwsProviderConfig } from "./provider-config.js";

// The configuration's types, from where callers have always imported them.
export type { BackendAttribute, BackendSetting, KnownBackendAttribute } from "./backend-attribute.js";
export type { BackendCache, BackendDrift } from "./backend-cache.js";
export type {
  BackendDeprecation,
  BackendProblemCode,
  BackendSchemaProblem,
  S3BackendConfig,
} from "./backend-config.js";
export {
  type AwsProviderConfig,
  PROVIDER_AUTH_ATTRIBUTES,
  type ProviderAttribute,
  type ProviderNestedBlock,
} from "./provider-config.js";

/** What {@link readRootModule} needs: the module and the `-backend-config` values of `terraform init`. */
export interface ReadRootModuleInput {
  /** The root module: Terraform's working directory (`-chdir`). Absolute, or relative to `world.cwd`. */
  readonly dir: string;
  /** Each `-backend-config` value in command-line order, without the flag: a file path or `name=value`. */
  readonly backendConfig: readonly string[];
}

/**
 * A root module's S3 backend as `terraform init` would configure it, the AWS provider blocks, and the saved backend.
 */
export interface RootModule {
  /** Absolute path of the root module. */
  readonly dir: string;
  /**
   * The configuration files Terraform loads, in its order (primary files by name, then override files), as display
   * paths.
   */
  readonly files: readonly string[];
  readonly backend: S3BackendConfig;
  /** Every `provider "aws"` block, aliased ones included, after override files are merged in. */
  readonly providers: readonly AwsProviderConfig[];
  /**
   * What the last `terraform init` saved in `.terraform/terraform.tfstate`, or null when the directory is not
   * initialised.
   */
  readonly cache: BackendCache | null;
}

/**
 * Reads a root module the way Terraform 1.11.4 does for `terraform init`: every `*.tf` and `*.tf.json` in `dir`
 * (override files last), the single `backend "s3"` block merged with each `-backend-config` value in order, the
 * `provider "aws"` blocks, and the saved backend in the data directory. Every value keeps its file:line.
 * @throws InvalidInputError when Terraform could not load the configuration at all: unreadable or malformed files, no
 * backend block, another backend type, two backend blocks, a missing `-backend-config` file.
 */
export async function readRootModule(world: World, input: ReadRootModuleInput): Promise<RootModule> {
  const dir = posix.resolve(world.cwd, input.dir);
  const show = (path: string): string => displayPath(path, dir, world.homeDir);
  const files = await readConfigurationFiles(world, dir, show);
  const module = assembleModule(files, displayPath(dir, world.cwd, world.homeDir));
  const overrides = await readOverrides(world, dir, show, input.backendConfig);
  const backend = mergeBackendConfig(module.backend, overrides);
  const cache = await readBackendCache(world, dir, show, backend.attributes);
  return { dir, files: files.map((file) => file.source.file), backend, providers: module.providers, cache };
}
