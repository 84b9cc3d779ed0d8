import { resolve } from "node:path";
import type { TreeEvent, TreeInput, World } from "@tfwhy/core";
import { BackendConfigFileNotFoundError, NoS3RootModuleError } from "@tfwhy/core/errors";
import {
  type ModuleError,
  type RecursiveReport,
  renderRecursiveJson,
  renderRecursiveMarkdown,
  renderRecursiveText,
  renderSarif,
} from "@tfwhy/reporter";
import type { ExplainArgs } from "../args.js";
import { describeForDebug } from "../errors.js";
import { ExitCode } from "../exit-codes.js";
import { ignoreModules, treeIgnores } from "../ignore-tree.js";
import type { CliIo } from "../io.js";
import { createProgress, type Progress } from "../progress.js";
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
  'A root module is a directory whose .tf or .tf.json files hold backend "s3"; ' +
  "node_modules and hidden directories are skipped.";

/** What `explain --recursive` and `verify --recursive` hand to core's tree functions. */
export interface PreparedTree {
  readonly input: TreeInput;
  /** The world of the searched root; core gives each module its own working directory. */
  readonly world: World;
  /** Ends the progress counter: call it once the tree function returned or threw. */
  done(): void;
}

/**
 * What `explain --recursive` and `verify --recursive` share before core runs the tree: the world of the root (its
 * environment after --no-env / --env-file, --home), checks that the root and --home exist (UsageError), and a
 * listener that prints skipped directories, a progress counter on stderr when it is a terminal, and with --debug
 * the stack of a module that hit a bug.
 */
export async function prepareTree(
  args: ExplainArgs,
  rootArg: string,
  io: CliIo,
  env: Readonly<Record<string, string | undefined>>,
  verb: "explained" | "verified",
): Promise<PreparedTree> {
  const root = resolve(io.cwd, rootArg);
  const homeDir = args.home === undefined ? undefined : resolve(io.cwd, args.home);
  const world = await io.createWorld(homeDir === undefined ? { env, cwd: root } : { env, cwd: root, homeDir });
  await requireDirectory(world, root, rootArg, "--recursive");
  if (homeDir !== undefined) await requireDirectory(world, homeDir, args.home ?? homeDir, "--home");

  let progress: Progress | undefined;
  const onEvent = (event: TreeEvent) => {
    switch (event.type) {
      case "skipped":
        io.stderr(`tfwhy: skipped ${event.path}: ${event.message}\n`);
        return;
      case "started":
        progress = createProgress({ total: event.total, isTTY: io.stderrIsTTY, write: io.stderr, verb });
        return;
      case "settled":
        if ("internalError" in event && args.debug) {
          io.stderr(`tfwhy: internal error in ${event.dir}:\n${describeForDebug(event.internalError)}\n`);
        }
        progress?.tick();
        return;
    }
  };
  return {
    input: {
      root,
      backendConfig: args.backendConfig,
      ...(args.workspace === undefined ? {} : { workspace: args.workspace }),
      concurrency: CONCURRENCY,
      onEvent,
    },
    world,
    done: () => progress?.done(),
  };
}

/**
 * Runs core's tree function and ends the progress counter; the tree problems core reports by type (no S3 module,
 * a -backend-config file nowhere) become usage errors in the CLI's words.
 */
export async function runPreparedTree<T>(prepared: PreparedTree, rootArg: string, tree: () => Promise<T>): Promise<T> {
  try {
    return await tree();
  } catch (error) {
    throw usageErrorFor(error, rootArg);
  } finally {
    prepared.done();
  }
}

function usageErrorFor(error: unknown, rootArg: string): unknown {
  if (error instanceof NoS3RootModuleError) {
    const why = error.reason === "other-backends" ? " (the candidates use other backends)" : "";
    return new UsageError(
      `--recursive ${rootArg}: no root module with a backend "s3" block found${why}`,
      NOT_FOUND_HINT,
    );
  }
  if (error instanceof BackendConfigFileNotFoundError) {
    if (error.reason === "missing") return new UsageError(`-backend-config=${error.value}: no such file`, HINT);
    return new UsageError(
      `-backend-config=${error.value}: no such file in any of the ${error.moduleCount} root modules found`,
      "With --recursive, a relative -backend-config file is read from each module that has it.",
    );
  }
  return error;
}

/**
 * `tfwhy explain --recursive DIR`: explains every root module with an S3 backend under DIR (core's `explainTree`,
 * at most four at a time) and writes one combined report. The exit code is the most serious over all modules: 3 if
 * one hit a bug, 2 if one could not be read, 1 if Terraform would fail in one (or --fail-on matched), else 0.
 */
export async function runRecursive(args: ExplainArgs, rootArg: string, io: CliIo): Promise<ExitCode> {
  const env = await readEnvironment(args, io);
  const explain = await loadExplain(io);
  const prepared = await prepareTree(args, rootArg, io, env, "explained");
  const ignoredFor = await treeIgnores(args.ignore, prepared.world, io);
  const { explainTree } = await import("@tfwhy/core");
  const tree = await runPreparedTree(prepared, rootArg, () => explainTree(prepared.input, prepared.world, explain));
  const { marked, shown } = await ignoreModules(tree.modules, ignoredFor);
  const report: RecursiveReport = { schemaVersion: 1, root: tree.root, modules: shown };
  const json = args.format === "json";
  await emitReport(render(json ? { ...report, modules: marked } : report, args, io), args, io);
  return Math.max(
    ...report.modules.map((m) =>
      "explanation" in m ? exitCodeFor(m.explanation, args.failOn) : moduleErrorExitCode(m.error),
    ),
  ) as ExitCode;
}

/**
 * A module that could not be explained or verified: 3 for a bug in tfwhy, else 2 (its configuration cannot be
 * read).
 */
export function moduleErrorExitCode(error: ModuleError): ExitCode {
  return error.kind === "internal" ? ExitCode.Internal : ExitCode.Usage;
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
      return renderRecursiveText(report, { color: useColor(args, io), verbose: args.verbose });
  }
}
