import type { Explanation } from "@tfwhy/core";
import { renderJson, renderMarkdown, renderSarif, renderText } from "@tfwhy/reporter";
import type { ExplainArgs } from "../args.js";
import type { ExitCode } from "../exit-codes.js";
import { applyIgnores, ignoredCodes } from "../ignore.js";
import type { CliIo } from "../io.js";
import { emitReport, exitCodeFor, loadExplain, prepareModule, useColor, VERSION } from "./common.js";

/**
 * `tfwhy explain`: builds the world Terraform would run in (DIR as its working directory, --home, the
 * environment after --no-env/--env-file), explains it, writes the report (stdout or --output) and returns 0, or 1
 * when Terraform would fail (or --fail-on matches). `--recursive` hands over to `runRecursive`. Usage problems
 * throw `UsageError`; core's `InvalidInputError` propagates to `main`.
 */
export async function runExplain(args: ExplainArgs, io: CliIo): Promise<ExitCode> {
  if (args.recursive !== undefined) {
    const { runRecursive } = await import("./recursive.js");
    return runRecursive(args, args.recursive, io);
  }
  const { dir, world, backendConfig } = await prepareModule(args, io);
  const explain = await loadExplain(io);
  const workspace = args.workspace === undefined ? {} : { workspace: args.workspace };
  const ignored = await ignoredCodes(args.ignore, world, dir, io);
  const explanation = await explain({ dir, backendConfig, ...workspace }, world);
  const { marked, shown } = applyIgnores(explanation, ignored);

  await emitReport(render(args.format === "json" ? marked : shown, args, io), args, io);
  return exitCodeFor(shown, args.failOn);
}

function render(explanation: Explanation, args: ExplainArgs, io: CliIo): string {
  switch (args.format) {
    case "json":
      return renderJson(explanation);
    case "markdown":
      return renderMarkdown(explanation);
    case "sarif":
      // Code scanning wants repository-relative paths: tfwhy runs from the repository root in CI.
      return renderSarif(explanation, { baseDir: io.cwd, toolVersion: VERSION });
    case "text":
      return renderText(explanation, { color: useColor(args, io), verbose: args.verbose });
  }
}
