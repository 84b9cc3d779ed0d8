import { posix } from "node:path";
import { InvalidInputError, NoS3RootModuleError, NotS3BackendError } from "../errors.js";
import type { ExplainInput } from "../explain.js";
import { redactText } from "../redact.js";
import type { World } from "../world/world.js";
import { planModules } from "./backend-config.js";
import { findRootModules } from "./discover.js";
import type { ModuleBase, ModuleError, SkippedDirectory, TreeInput } from "./types.js";

const DEFAULT_CONCURRENCY = 4;

/** One module of a tree, settled: what the task returned for it, or why there is nothing. */
export type ModuleOutcome<T> = ModuleBase & ({ readonly value: T } | { readonly error: ModuleError });

export interface TreeRun<T> {
  readonly root: string;
  readonly modules: readonly ModuleOutcome<T>[];
  readonly skipped: readonly SkippedDirectory[];
}

/**
 * What `explainTree` and `verifyTree` share: finds every root module with an S3 backend under `input.root`, applies
 * the -backend-config rule per module, runs `task` on each in its own world (Terraform's working directory is the
 * module; at most `concurrency` at a time) and settles each module: a module whose configuration cannot be read
 * becomes that module's error and the run goes on; a module using another backend is dropped.
 * Throws `NoS3RootModuleError` when no module is left, `BackendConfigFileNotFoundError` for a file found nowhere.
 */
export async function runTree<T>(
  input: TreeInput,
  world: World,
  task: (input: ExplainInput, world: World) => Promise<T>,
): Promise<TreeRun<T>> {
  const root = posix.resolve(world.cwd, input.root);
  const emit = input.onEvent ?? (() => {});
  const discovery = await findRootModules(root, world.fs);
  for (const { path, message } of discovery.unreadable) emit({ type: "skipped", path, message });
  if (discovery.modules.length === 0) throw new NoS3RootModuleError(input.root, "none");
  const plans = await planModules(discovery.modules, input.backendConfig ?? [], world.fs);

  const total = plans.length;
  emit({ type: "started", total });
  let done = 0;
  const results = await mapWithConcurrency(plans, input.concurrency ?? DEFAULT_CONCURRENCY, async (plan) => {
    const dir = posix.relative(root, plan.dir) === "" ? "." : posix.relative(root, plan.dir);
    const base: ModuleBase = { dir, backendConfigFiles: plan.backendConfigFiles };
    const moduleInput: ExplainInput = {
      dir: plan.dir,
      backendConfig: plan.backendConfig,
      ...(input.workspace === undefined ? {} : { workspace: input.workspace }),
    };
    const settled = await settle(() => task(moduleInput, { ...world, cwd: plan.dir }));
    done++;
    emit({
      type: "settled",
      dir,
      done,
      total,
      ...("internalError" in settled ? { internalError: settled.internalError } : {}),
    });
    if (settled.outcome === null) return null;
    return { ...base, ...settled.outcome };
  });

  const modules = results.filter((result): result is ModuleOutcome<T> => result !== null);
  if (modules.length === 0) throw new NoS3RootModuleError(input.root, "other-backends");
  return { root, modules, skipped: discovery.unreadable };
}

type Settled<T> = {
  /** What the task returned, or its error as a value; null when the module uses another backend. */
  readonly outcome: { readonly value: T } | { readonly error: ModuleError } | null;
  readonly internalError?: unknown;
};

async function settle<T>(run: () => Promise<T>): Promise<Settled<T>> {
  try {
    return { outcome: { value: await run() } };
  } catch (error) {
    if (error instanceof InvalidInputError) {
      // Another backend, a cloud block or none: not a module for tfwhy, skipped silently.
      if (error instanceof NotS3BackendError) return { outcome: null };
      return { outcome: { error: { kind: "invalid-input", message: firstLine(error.message), at: error.at ?? null } } };
    }
    const message = firstLine(error instanceof Error ? error.message : String(error));
    return {
      outcome: { error: { kind: "internal", message: `internal error: ${message}`, at: null } },
      internalError: error,
    };
  }
}

/** The first line of an error message, with key ids and URL user-info hidden (messages may quote input). */
function firstLine(text: string): string {
  return redactText(text.split("\n", 1)[0] ?? "");
}

/** Runs `task` over `items` with at most `limit` running at once; results keep the order of `items`. */
async function mapWithConcurrency<T, R>(
  items: readonly T[],
  limit: number,
  task: (item: T) => Promise<R>,
): Promise<R[]> {
  const results: R[] = new Array<R>(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const index = next++;
      results[index] = await task(items[index]!);
    }
  };
  // At least one worker: a limit below 1 would otherwise leave every module unrun.
  await Promise.all(Array.from({ length: Math.min(Math.max(1, limit), items.length) }, worker));
  return results;
}
