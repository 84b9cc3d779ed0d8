import { type ExplainInput, explainCredentials } from "../explain.js";
import type { Explanation } from "../trace.js";
import { createNodeWorld } from "../world/node-world.js";
import type { World } from "../world/world.js";
import { runTree } from "./run-tree.js";
import type { ModuleResult, TreeExplanation, TreeInput } from "./types.js";

/** Explains one root module; `explainCredentials` unless a test or tool passes its own. */
export type ExplainModule = (input: ExplainInput, world: World) => Promise<Explanation>;

/**
 * Explains every root module with an S3 backend under `input.root` (what `tfwhy explain --recursive` does):
 * finds the modules (directories whose `.tf` / `.tf.json` files hold `backend "s3"`; `node_modules`, hidden
 * directories such as `.terraform`, and symlinks already seen are skipped), applies the `-backend-config` rule of
 * `TreeInput.backendConfig` per module and explains each in `world` with its working directory set to the module.
 *
 * A module whose configuration cannot be read is a value (`{ dir, error }`) and the others still run; a module
 * using another backend is left out.
 *
 * @throws NoS3RootModuleError when no root module with an S3 backend is found.
 * @throws BackendConfigFileNotFoundError when a `-backend-config` file exists nowhere.
 *
 * @example
 * ```ts
 * import { createNodeWorld, explainTree } from "@tfwhy/core";
 *
 * const tree = await explainTree({ root: "infra", backendConfig: ["backend.hcl"] }, createNodeWorld());
 * for (const module of tree.modules) {
 *   if ("error" in module) console.log(`${module.dir}: ${module.error.message}`);
 *   else console.log(`${module.dir}: ${module.explanation.verdict.terraformFails ? "fails" : "ok"}`);
 * }
 * ```
 */
export async function explainTree(
  input: TreeInput,
  world: World = createNodeWorld(),
  explain: ExplainModule = explainCredentials,
): Promise<TreeExplanation> {
  const run = await runTree(input, world, explain);
  return {
    root: run.root,
    modules: run.modules.map(
      (m): ModuleResult =>
        "value" in m ? { dir: m.dir, backendConfigFiles: m.backendConfigFiles, explanation: m.value } : m,
    ),
    skipped: run.skipped,
  };
}
