import { resolve } from "node:path";
import type { Explanation, World } from "@tfwhy/core";
import { renderJson, renderMarkdown, renderText } from "@tfwhy/reporter";
import type { ExplainArgs } from "../args.js";
import { shouldUseColor } from "../color.js";
import { parseEnvFile } from "../env-file.js";
import { ExitCode } from "../exit-codes.js";
import type { CliIo, ExplainFn } from "../io.js";
import { UsageError } from "../usage-error.js";

const HINT = 'Run "tfwhy explain --help" for usage.';

/**
 * `tfwhy explain`: builds the world Terraform would run in (DIR as its working directory, --home, the
 * environment after --no-env/--env-file), explains it, prints the report and returns 0, or 1 when Terraform
 * would fail. Usage problems throw `UsageError`; core's `InvalidInputError` propagates to `main`.
 */
export async function runExplain(args: ExplainArgs, io: CliIo): Promise<ExitCode> {
  const dir = resolve(io.cwd, args.dir ?? ".");
  const homeDir = args.home === undefined ? undefined : resolve(io.cwd, args.home);
  const env = await readEnvironment(args, io);
  const world = await io.createWorld(homeDir === undefined ? { env, cwd: dir } : { env, cwd: dir, homeDir });

  await requireDirectory(world, dir, args.dir ?? dir, "directory");
  if (homeDir !== undefined) await requireDirectory(world, homeDir, args.home ?? homeDir, "--home");

  const backendConfig = args.backendConfig.map((value) => resolveBackendConfig(value, dir));
  const explain = io.explain ?? (await loadExplain());
  const explanation = await explain({ dir, backendConfig }, world);

  io.stdout(render(explanation, args, io));
  return explanation.verdict.terraformFails ? ExitCode.TerraformFails : ExitCode.Ok;
}

/**
 * Terraform reads a `-backend-config` value without `=` as a file path, relative to its working directory (DIR);
 * `KEY=VALUE` and the empty value (which clears earlier ones) pass through unchanged.
 */
function resolveBackendConfig(value: string, dir: string): string {
  return value === "" || value.includes("=") ? value : resolve(dir, value);
}

/** The environment Terraform would see: tfwhy's own (or none with --no-env), then each --env-file in order. */
async function readEnvironment(args: ExplainArgs, io: CliIo): Promise<Record<string, string | undefined>> {
  let env: Record<string, string | undefined> = args.noEnv ? {} : { ...io.env };
  if (args.envFiles.length === 0) return env;
  const reader = await io.createWorld({ env: {}, cwd: io.cwd });
  for (const file of args.envFiles) {
    const read = await reader.fs.readText(resolve(io.cwd, file));
    if (read.state === "missing") throw new UsageError(`--env-file ${file}: no such file`, HINT);
    if (read.state === "unreadable") throw new UsageError(`--env-file ${file}: ${read.message}`, HINT);
    env = { ...env, ...parseEnvFile(read.text, file) };
  }
  return env;
}

async function requireDirectory(world: World, path: string, shown: string, what: string): Promise<void> {
  const list = await world.fs.listDir(path);
  if (list.state === "missing") throw new UsageError(`${what} ${shown}: no such directory`, HINT);
  if (list.state === "unreadable") throw new UsageError(`${what} ${shown}: ${list.message}`, HINT);
}

/** Core is loaded only on this path, and only when no explain function was injected. */
async function loadExplain(): Promise<ExplainFn> {
  const { explainCredentials } = await import("@tfwhy/core");
  return explainCredentials;
}

function render(explanation: Explanation, args: ExplainArgs, io: CliIo): string {
  switch (args.format) {
    case "json":
      return renderJson(explanation);
    case "markdown":
      return renderMarkdown(explanation);
    case "text":
      return renderText(explanation, { color: shouldUseColor({ flag: args.color, env: io.env, isTTY: io.stdoutIsTTY }) });
  }
}
