import { isAbsolute, relative, resolve } from "node:path";
import type { ExplainInput, World } from "@tfwhy/core";
import { NotS3BackendError } from "@tfwhy/core/errors";
import {
  type ModuleError,
  type ModuleResult,
  type RecursiveReport,
  renderRecursiveJson,
  renderRecursiveMarkdown,
  renderRecursiveText,
  renderSarif,
} from "@tfwhy/reporter";
import type { ExplainArgs } from "../args.js";
import { findRootModules } from "../discover.js";
import { describeForDebug, firstLine, isInvalidInput } from "../errors.js";
import { ExitCode } from "../exit-codes.js";
import type { CliIo } from "../io.js";
import { createProgress } from "../progress.js";
import { UsageError } from "../usage-error.js";
import {
  emitReport,
  exitCodeFor,
  HINT,
  loadExplain,
  readEnvironment,
  requireDirectory,
  useColor,
  VERSION,
} from "./common.js";

/** How many modules are explained at once: enough to overlap file reads, few enough to keep memory flat. */
const CONCURRENCY = 4;

const NOT_FOUND_HINT =
  'A root module is a directory whose .tf or .tf.json files hold backend "s3"; node_modules and hidden directories are skipped.';

interface ModulePlan {
  readonly dir: string;
  /** The -backend-config values for this module: files absolute, KEY=VALUE as given. */
  readonly backendConfig: readonly string[];
  /** The files among them, relative to the module, for the report. */
  readonly backendConfigFiles: readonly string[];
}

/** One module of a --recursive run, settled: what the task returned for it, or why there is nothing. */
export type ModuleOutcome<T> = { readonly dir: string; readonly backendConfigFiles: readonly string[] } & (
  | { readonly value: T }
  | { readonly error: ModuleError }
);

export interface RecursiveOptions<T> {
  /** The environment every module's world gets (after --no-env / --env-file). */
  readonly env: Readonly<Record<string, string | undefined>>;
  /** What the progress counter says: `explained 3/12`. */
  readonly verb: "explained" | "verified";
  /** How many modules run at once. */
  readonly concurrency: number;
  /** Explains or verifies one module, in its own world (Terraform's working directory is the module). */
  task(input: ExplainInput, world: World): Promise<T>;
}

/**
 * What `explain --recursive` and `verify --recursive` share: finds every root module with an S3 backend under
 * `rootArg`, applies the -backend-config rule per module, runs `task` on each (at most `concurrency` at a time, with
 * a progress counter on stderr when it is a terminal) and settles each module: a module whose configuration cannot
 * be read becomes that module's error and the run goes on; a module core finds using another backend is dropped.
 * Usage problems (no such directory, no S3 module, a -backend-config file nowhere) throw UsageError.
 */
export async function runOverModules<T>(
  args: ExplainArgs,
  rootArg: string,
  io: CliIo,
  options: RecursiveOptions<T>,
): Promise<{ root: string; modules: ModuleOutcome<T>[] }> {
  const root = resolve(io.cwd, rootArg);
  const homeDir = args.home === undefined ? undefined : resolve(io.cwd, args.home);
  const { env } = options;
  const worldFor = (cwd: string) => io.createWorld(homeDir === undefined ? { env, cwd } : { env, cwd, homeDir });
  const world = await worldFor(root);

  await requireDirectory(world, root, rootArg, "--recursive");
  if (homeDir !== undefined) await requireDirectory(world, homeDir, args.home ?? homeDir, "--home");

  const discovery = await findRootModules(root, {
    listDir: (path) => world.fs.listDir(path),
    readText: (path) => world.fs.readText(path),
    realpath: (path) => io.realpath(path),
  });
  for (const { path, message } of discovery.unreadable) io.stderr(`tfwhy: skipped ${path}: ${message}\n`);
  if (discovery.modules.length === 0) {
    throw new UsageError(`--recursive ${rootArg}: no root module with a backend "s3" block found`, NOT_FOUND_HINT);
  }
  const plans = await planBackendConfig(discovery.modules, args.backendConfig, world);

  const progress = createProgress({ total: plans.length, isTTY: io.stderrIsTTY, write: io.stderr, verb: options.verb });
  const results = await mapWithConcurrency(plans, options.concurrency, async (plan) => {
    const result = await settleModule(plan, root, options.task, await worldFor(plan.dir), args, io);
    progress.tick();
    return result;
  });
  progress.done();

  const modules = results.filter((result): result is ModuleOutcome<T> => result !== null);
  if (modules.length === 0) {
    throw new UsageError(
      `--recursive ${rootArg}: no root module with a backend "s3" block found (the candidates use other backends)`,
      NOT_FOUND_HINT,
    );
  }
  return { root, modules };
}

/**
 * `tfwhy explain --recursive DIR`: explains every root module with an S3 backend under DIR (at most four at a
 * time) and writes one combined report. The exit code is the most serious over all modules: 3 if one hit a bug, 2
 * if one could not be read, 1 if Terraform would fail in one (or --fail-on matched), else 0.
 */
export async function runRecursive(args: ExplainArgs, rootArg: string, io: CliIo): Promise<ExitCode> {
  const env = await readEnvironment(args, io);
  const explain = await loadExplain(io);
  const { root, modules } = await runOverModules(args, rootArg, io, {
    env,
    verb: "explained",
    concurrency: CONCURRENCY,
    task: explain,
  });
  const report: RecursiveReport = {
    schemaVersion: 1,
    root,
    modules: modules.map(
      (m): ModuleResult =>
        "value" in m ? { dir: m.dir, backendConfigFiles: m.backendConfigFiles, explanation: m.value } : m,
    ),
  };
  await emitReport(render(report, args, io), args, io);
  return Math.max(
    ...report.modules.map((m) =>
      "explanation" in m ? exitCodeFor(m.explanation, args.failOn) : moduleErrorExitCode(m.error),
    ),
  ) as ExitCode;
}

/** A module that could not be explained or verified: 3 for a bug in tfwhy, else 2 (its configuration cannot be read). */
export function moduleErrorExitCode(error: ModuleError): ExitCode {
  return error.kind === "internal" ? ExitCode.Internal : ExitCode.Usage;
}

/**
 * The -backend-config rule with --recursive: KEY=VALUE (and the empty value) apply to every module; an absolute
 * FILE applies to every module and must exist; a relative FILE is looked up in each module, as Terraform would
 * read it there, and applies only to the modules that have it (it must exist in at least one).
 */
async function planBackendConfig(
  dirs: readonly string[],
  values: readonly string[],
  world: World,
): Promise<ModulePlan[]> {
  const exists = async (path: string) => (await world.fs.readText(path)).state !== "missing";
  for (const value of values) {
    if (isFile(value) && isAbsolute(value) && !(await exists(value))) {
      throw new UsageError(`-backend-config=${value}: no such file`, HINT);
    }
  }
  const plans: ModulePlan[] = [];
  const used = new Set<string>();
  for (const dir of dirs) {
    const backendConfig: string[] = [];
    const backendConfigFiles: string[] = [];
    for (const value of values) {
      if (!isFile(value)) {
        backendConfig.push(value);
        continue;
      }
      const path = resolve(dir, value);
      if (!isAbsolute(value) && !(await exists(path))) continue;
      used.add(value);
      backendConfig.push(path);
      backendConfigFiles.push(relative(dir, path));
    }
    plans.push({ dir, backendConfig, backendConfigFiles });
  }
  const unused = values.find((value) => isFile(value) && !used.has(value));
  if (unused !== undefined) {
    throw new UsageError(
      `-backend-config=${unused}: no such file in any of the ${dirs.length} root modules found`,
      "With --recursive, a relative -backend-config file is read from each module that has it.",
    );
  }
  return plans;
}

function isFile(value: string): boolean {
  return value !== "" && !value.includes("=");
}

/** What `task` returned for the module, or its error; null when core finds another backend there. */
async function settleModule<T>(
  plan: ModulePlan,
  root: string,
  task: (input: ExplainInput, world: World) => Promise<T>,
  world: World,
  args: ExplainArgs,
  io: CliIo,
): Promise<ModuleOutcome<T> | null> {
  const dir = relative(root, plan.dir) === "" ? "." : relative(root, plan.dir);
  const base = { dir, backendConfigFiles: plan.backendConfigFiles };
  const input: ExplainInput = { dir: plan.dir, backendConfig: plan.backendConfig };
  try {
    return { ...base, value: await task(input, world) };
  } catch (error) {
    if (isInvalidInput(error)) {
      // Another backend, a cloud block or none: not a module for tfwhy, skipped silently.
      if (error instanceof NotS3BackendError) return null;
      return { ...base, error: { kind: "invalid-input", message: firstLine(error.message), at: error.at ?? null } };
    }
    if (args.debug) io.stderr(`tfwhy: internal error in ${dir}:\n${describeForDebug(error)}\n`);
    const message = firstLine(error instanceof Error ? error.message : String(error));
    return { ...base, error: { kind: "internal", message: `internal error: ${message}`, at: null } };
  }
}

function render(report: RecursiveReport, args: ExplainArgs, io: CliIo): string {
  switch (args.format) {
    case "json":
      return renderRecursiveJson(report);
    case "markdown":
      return renderRecursiveMarkdown(report);
    case "sarif":
      return renderSarif(report, { baseDir: io.cwd, toolVersion: VERSION });
    case "text":
      return renderRecursiveText(report, { color: useColor(args, io) });
  }
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
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}
