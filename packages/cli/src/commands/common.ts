import { resolve } from "node:path";
import type { Explanation, Severity, VerifyReport, World } from "@tfwhy/core";
import packageJson from "../../package.json" with { type: "json" };
import type { ExplainArgs, FailOn } from "../args.js";
import { shouldUseColor } from "../color.js";
import { parseEnvFile } from "../env-file.js";
import { ExitCode } from "../exit-codes.js";
import type { CliIo, ExplainFn, VerifyFn } from "../io.js";
import { UsageError } from "../usage-error.js";

export const HINT = 'Run "tfwhy explain --help" for usage.';
export const VERSION = packageJson.version;

/** `--env-file` paths that name standard input: read from the stream, not opened (see `CliIo.readStdin`). */
const STDIN_PATHS = new Set(["/dev/stdin", "/dev/fd/0", "/proc/self/fd/0"]);

/** The environment Terraform would see: tfwhy's own (or none with --no-env), then each --env-file in order. */
export async function readEnvironment(args: ExplainArgs, io: CliIo): Promise<Record<string, string | undefined>> {
  let env: Record<string, string | undefined> = args.noEnv ? {} : { ...io.env };
  if (args.envFiles.length === 0) return env;
  const reader = await io.createWorld({ env: {}, cwd: io.cwd });
  for (const file of args.envFiles) {
    const path = resolve(io.cwd, file);
    const read =
      STDIN_PATHS.has(path) && io.readStdin !== undefined ? await io.readStdin() : await reader.fs.readText(path);
    if (read.state === "missing") throw new UsageError(`--env-file ${file}: no such file`, HINT);
    if (read.state === "unreadable") throw new UsageError(`--env-file ${file}: ${read.message}`, HINT);
    env = { ...env, ...parseEnvFile(read.text, file) };
  }
  return env;
}

/** One root module ready to explain or verify: the world Terraform would run in and its -backend-config values. */
export interface PreparedModule {
  readonly dir: string;
  readonly world: World;
  readonly backendConfig: readonly string[];
}

/**
 * Builds the world Terraform would run in for DIR (its working directory; --home; the environment after
 * --no-env/--env-file), checks the directories exist, and resolves -backend-config file paths against DIR.
 */
export async function prepareModule(args: ExplainArgs, io: CliIo): Promise<PreparedModule> {
  const dir = resolve(io.cwd, args.dir ?? ".");
  const homeDir = args.home === undefined ? undefined : resolve(io.cwd, args.home);
  const env = await readEnvironment(args, io);
  const world = await io.createWorld(homeDir === undefined ? { env, cwd: dir } : { env, cwd: dir, homeDir });
  await requireDirectory(world, dir, args.dir ?? dir, "directory");
  if (homeDir !== undefined) await requireDirectory(world, homeDir, args.home ?? homeDir, "--home");
  return { dir, world, backendConfig: args.backendConfig.map((value) => resolveBackendConfig(value, dir)) };
}

/**
 * Terraform reads a `-backend-config` value without `=` as a file path, relative to its working directory (DIR);
 * `KEY=VALUE` and the empty value (which clears earlier ones) pass through unchanged.
 */
export function resolveBackendConfig(value: string, dir: string): string {
  return value === "" || value.includes("=") ? value : resolve(dir, value);
}

export async function requireDirectory(world: World, path: string, shown: string, what: string): Promise<void> {
  const list = await world.fs.listDir(path);
  if (list.state === "missing") throw new UsageError(`${what} ${shown}: no such directory`, HINT);
  if (list.state === "unreadable") throw new UsageError(`${what} ${shown}: ${list.message}`, HINT);
}

/** Core is loaded only on this path, and only when no explain function was injected. */
export async function loadExplain(io: CliIo): Promise<ExplainFn> {
  if (io.explain !== undefined) return io.explain;
  const { explainCredentials } = await import("@tfwhy/core");
  return explainCredentials;
}

/** Core (and, on the first AWS call, the AWS SDK) is loaded only on this path, and only when no verify was injected. */
export async function loadVerify(io: CliIo): Promise<VerifyFn> {
  if (io.verify !== undefined) return io.verify;
  const { verifyBackend } = await import("@tfwhy/core");
  return verifyBackend;
}

/** True when the report goes to stdout: no --output, or `--output -`. */
export function reportToStdout(args: ExplainArgs): boolean {
  return args.output === undefined || args.output === "-";
}

/** Text is coloured for a terminal, never in a --output file unless --color or FORCE_COLOR asks. */
export function useColor(args: ExplainArgs, io: CliIo): boolean {
  return shouldUseColor({ flag: args.color, env: io.env, isTTY: reportToStdout(args) && io.stdoutIsTTY });
}

/**
 * The report goes to stdout (no --output, or `--output -`), or to --output FILE, written atomically: stdout stays
 * empty, and a FILE that cannot be written is a usage error (exit 2) in words, leaving any earlier FILE as it was.
 */
export async function emitReport(report: string, args: ExplainArgs, io: CliIo): Promise<void> {
  if (reportToStdout(args)) {
    io.stdout(report);
    return;
  }
  const output = args.output!;
  const written = await io.writeFile(resolve(io.cwd, output), report);
  if (written.state === "failed") {
    throw new UsageError(
      `cannot write the report to ${output}: ${written.message}`,
      "Give --output a writable file in an existing directory, or - for stdout.",
    );
  }
}

const SEVERITY_RANK: Record<Severity, number> = { error: 2, warning: 1, info: 0 };

/**
 * 1 when Terraform would fail, or when --fail-on is given and a diagnostic of that severity or a more serious one
 * exists; else 0.
 */
export function exitCodeFor(explanation: Explanation, failOn: FailOn | undefined): ExitCode {
  if (explanation.verdict.terraformFails) return ExitCode.TerraformFails;
  if (failOn === undefined) return ExitCode.Ok;
  const threshold = SEVERITY_RANK[failOn];
  return explanation.diagnostics.some((d) => SEVERITY_RANK[d.severity] >= threshold)
    ? ExitCode.TerraformFails
    : ExitCode.Ok;
}

/** verify: 1 when a check failed or Terraform fails offline; with --fail-on, also for diagnostics at that level. */
export function exitCodeForVerify(report: VerifyReport, failOn: FailOn | undefined): ExitCode {
  if (!report.ok) return ExitCode.TerraformFails;
  if (failOn === undefined) return ExitCode.Ok;
  const threshold = SEVERITY_RANK[failOn];
  const warned = threshold <= SEVERITY_RANK.warning && report.checks.some((c) => c.status === "warn");
  const diagnosed = report.explanation.diagnostics.some((d) => SEVERITY_RANK[d.severity] >= threshold);
  return warned || diagnosed ? ExitCode.TerraformFails : ExitCode.Ok;
}
