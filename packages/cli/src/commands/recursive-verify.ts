import type { TreeVerifyReport } from "@tfwhy/core";
import {
  type RecursiveVerifyReport,
  renderRecursiveVerifyJson,
  renderRecursiveVerifyMarkdown,
  renderRecursiveVerifySarif,
  renderRecursiveVerifyText,
} from "@tfwhy/reporter";
import type { VerifyArgs } from "../args.js";
import { ExitCode } from "../exit-codes.js";
import { ignoreVerifyModules, treeIgnores } from "../ignore-tree.js";
import type { CliIo } from "../io.js";
import { emitReport, exitCodeForVerify, loadVerify, readEnvironment, useColor, VERSION } from "./common.js";
import { moduleErrorExitCode, prepareTree, runPreparedTree } from "./recursive.js";

/**
 * How many modules are verified at once. Each makes its AWS calls one after another, so four overlap their
 * latency; identical calls are shared anyway, and AWS's per-account rate limits stay far away.
 */
const CONCURRENCY = 4;

/**
 * `tfwhy verify --recursive DIR`: finds the root modules as `explain --recursive` does (same discovery and
 * -backend-config rule), verifies each in its own world (at most four at a time), and writes one combined report.
 * Every module's verify goes through one deduping AWS port, so modules that share an identity, a bucket or a lock
 * table do not repeat the same read-only calls; write probes (--write-probe) are each module's own and never shared.
 * Ctrl-C cancels every module; each still removes the probes it created, and the exit code is 130. Otherwise the
 * exit code is the most serious over all modules: 3 if one hit a bug, 2 if one could not be read, 1 if a check
 * failed in one (or --fail-on matched), else 0. Core's `verifyTree` does the work; this is flags and output.
 */
export async function runRecursiveVerify(args: VerifyArgs, rootArg: string, io: CliIo): Promise<ExitCode> {
  const env = await readEnvironment(args, io);
  const verify = await loadVerify(io);
  const { verifyTree } = await import("@tfwhy/core");

  const controller = new AbortController();
  const stopListening = io.onInterrupt?.(() => {
    // On a terminal the progress counter holds the line: start a new one.
    io.stderr(`${io.stderrIsTTY ? "\n" : ""}tfwhy: interrupted; removing probes…\n`);
    controller.abort();
  });
  let tree: TreeVerifyReport;
  let ignoredFor: Awaited<ReturnType<typeof treeIgnores>>;
  try {
    const prepared = await prepareTree(args, rootArg, io, env, "verified");
    ignoredFor = await treeIgnores(args.ignore, prepared.world, io);
    const input = {
      ...prepared.input,
      concurrency: CONCURRENCY,
      writeProbe: args.writeProbe,
      signal: controller.signal,
      ...(args.timeoutMs === undefined ? {} : { timeoutMs: args.timeoutMs }),
      ...(args.operation === undefined ? {} : { operation: args.operation }),
    };
    // io.aws (a test's fake) or the AWS SDK, wrapped by core in one deduping port shared by every module.
    const world = io.aws === undefined ? prepared.world : { ...prepared.world, aws: io.aws };
    tree = await runPreparedTree(prepared, rootArg, () => verifyTree(input, world, verify));
  } finally {
    stopListening?.();
  }

  const stats = tree.awsCalls;
  if (args.debug) {
    const byOperation = Object.entries(stats.byOperation).map(([op, c]) => `${op} ${c.innerCalls}+${c.dedupedCalls}`);
    io.stderr(
      `tfwhy: AWS calls: ${stats.innerCalls} sent, ${stats.dedupedCalls} deduplicated (${byOperation.join(", ")})\n`,
    );
  }
  const { marked, shown } = await ignoreVerifyModules(tree.modules, ignoredFor);
  const report: RecursiveVerifyReport = {
    schemaVersion: 1,
    root: tree.root,
    modules: shown,
    dedupedCalls: stats.dedupedCalls,
  };
  const json = args.format === "json";
  await emitReport(render(json ? { ...report, modules: marked } : report, args, io), args, io);
  if (controller.signal.aborted) return ExitCode.Cancelled;
  return Math.max(
    ...report.modules.map((m) =>
      "report" in m ? exitCodeForVerify(m.report, args.failOn) : moduleErrorExitCode(m.error),
    ),
  ) as ExitCode;
}

function render(report: RecursiveVerifyReport, args: VerifyArgs, io: CliIo): string {
  switch (args.format) {
    case "json":
      return renderRecursiveVerifyJson(report);
    case "markdown":
      return renderRecursiveVerifyMarkdown(report);
    case "sarif":
      return renderRecursiveVerifySarif(report, { baseDir: io.cwd, toolVersion: VERSION });
    case "text":
      return renderRecursiveVerifyText(report, { color: useColor(args, io), verbose: args.verbose });
  }
}
