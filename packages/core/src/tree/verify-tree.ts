import {
  createDedupingAwsPort,
  createSdkAwsPort,
  type VerifyInput,
  type VerifyReport,
  type VerifyWorld,
  verifyBackend,
} from "../verify/index.js";
import { createNodeWorld } from "../world/node-world.js";
import { runTree } from "./run-tree.js";
import type { TreeInput, TreeVerifyReport, VerifyModuleResult } from "./types.js";

/** What `verifyTree` passes on to every module's verify. */
export type VerifyTreeInput = TreeInput & Pick<VerifyInput, "writeProbe" | "timeoutMs" | "signal" | "operation">;

/** Verifies one root module; `verifyBackend` unless a test or tool passes its own. */
export type VerifyModule = (input: VerifyInput, world: VerifyWorld) => Promise<VerifyReport>;

/**
 * Verifies every root module with an S3 backend under `input.root` live (what `tfwhy verify --recursive` does):
 * finds the modules and applies the `-backend-config` rule as `explainTree` does, then verifies each in `world`
 * with its working directory set to the module. Every module's calls go through one deduping AWS port (around
 * `world.aws`, or the AWS SDK), so modules that share an identity, a bucket or a lock table do not repeat the same
 * read-only calls; write probes (`writeProbe`) are each module's own and never shared. `signal` cancels every
 * module; each still removes the probes it created.
 *
 * A module whose configuration cannot be read is a value (`{ dir, error }`) and the others still run; a module
 * using another backend is left out.
 *
 * @throws NoS3RootModuleError when no root module with an S3 backend is found.
 * @throws BackendConfigFileNotFoundError when a `-backend-config` file exists nowhere.
 *
 * @example
 * ```ts
 * import { createNodeWorld, verifyTree } from "@tfwhy/core";
 *
 * const tree = await verifyTree({ root: "infra", backendConfig: ["backend.hcl"] }, createNodeWorld());
 * for (const module of tree.modules) {
 *   if ("error" in module) console.log(`${module.dir}: ${module.error.message}`);
 *   else console.log(`${module.dir}: ${module.report.ok ? "ok" : "fails"}`);
 * }
 * console.log(`${tree.awsCalls.dedupedCalls} identical AWS calls saved`);
 * ```
 */
export async function verifyTree(
  input: VerifyTreeInput,
  world: VerifyWorld = createNodeWorld(),
  verify: VerifyModule = verifyBackend,
): Promise<TreeVerifyReport> {
  // Every module's world has `world.env`, so one SDK port serves them all, as verifyBackend's default would each.
  const aws = createDedupingAwsPort(world.aws ?? createSdkAwsPort({ env: world.env }));
  const perModule: Pick<VerifyInput, "writeProbe" | "timeoutMs" | "signal" | "operation"> = {
    ...(input.writeProbe === undefined ? {} : { writeProbe: input.writeProbe }),
    ...(input.signal === undefined ? {} : { signal: input.signal }),
    ...(input.timeoutMs === undefined ? {} : { timeoutMs: input.timeoutMs }),
    ...(input.operation === undefined ? {} : { operation: input.operation }),
  };
  const run = await runTree(input, world, (module, moduleWorld) =>
    verify({ ...module, ...perModule }, { ...moduleWorld, aws }),
  );
  return {
    root: run.root,
    modules: run.modules.map(
      (m): VerifyModuleResult =>
        "value" in m ? { dir: m.dir, backendConfigFiles: m.backendConfigFiles, report: m.value } : m,
    ),
    skipped: run.skipped,
    awsCalls: aws.stats(),
  };
}
