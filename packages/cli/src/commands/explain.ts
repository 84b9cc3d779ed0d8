import { resolve } from "node:path";
import type { Explanation } from "@tfwhy/core";
import { renderJson, renderMarkdown, renderSarif, renderText } from "@tfwhy/reporter";
import type { ExplainArgs } from "../args.js";
import type { ExitCode } from "../exit-codes.js";
import type { CliIo } from "../io.js";
import { VERSION, emitReport, exitCodeFor, loadExplain, readEnvironment, requireDirectory, useColor } from "./common.js";

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
  const dir = resolve(io.cwd, args.dir ?? ".");
  const homeDir = args.home === undefined ? undefined : resolve(io.cwd, args.home);
  const env = await readEnvironment(args, io);
  const world = await io.createWorld(homeDir === undefined ? { env, cwd: dir } : { env, cwd: dir, homeDir });

  await requireDirectory(world, dir, args.dir ?? dir, "directory");
  if (homeDir !== undefined) await requireDirectory(world, homeDir, args.home ?? homeDir, "--home");

  const backendConfig = args.backendConfig.map((value) => resolveBackendConfig(value, dir));
  const explain = await loadExplain(io);
  const explanation = await explain({ dir, backendConfig }, world);

  await emitReport(render(explanation, args, io), args, io);
  return exitCodeFor(explanation, args.failOn);
}

/**
 * Terraform reads a `-backend-config` value without `=` as a file path, relative to its working directory (DIR);
 * `KEY=VALUE` and the empty value (which clears earlier ones) pass through unchanged.
 */
function resolveBackendConfig(value: string, dir: string): string {
  return value === "" || value.includes("=") ? value : resolve(dir, value);
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
      return renderText(explanation, { color: useColor(args, io) });
  }
}
