import packageJson from "../package.json" with { type: "json" };
import { parseArgs } from "./args.js";
import { describeForDebug, firstLine, isInvalidInput } from "./errors.js";
import { ExitCode } from "./exit-codes.js";
import { helpFor } from "./help.js";
import type { CliIo } from "./io.js";
import { UsageError } from "./usage-error.js";

/**
 * Runs tfwhy with everything it touches injected, and returns the exit code (see `ExitCode`). Never calls
 * `process.exit`: only `bin.ts` touches the process. stdout carries only the report; errors go to stderr as
 * `tfwhy: <message>` plus a hint, with a stack trace only under `--debug`.
 *
 * @example
 * ```ts
 * const code = await main({ ...createNodeIo(), argv: ["explain", "infra", "--json"] });
 * ```
 */
export async function main(io: CliIo): Promise<ExitCode> {
  const debug = io.argv.includes("--debug") || io.argv.includes("-debug");
  try {
    const invocation = parseArgs(io.argv);
    switch (invocation.kind) {
      case "version":
        io.stdout(`tfwhy ${packageJson.version}\n`);
        return ExitCode.Ok;
      case "help":
        io.stdout(helpFor(invocation.command));
        return ExitCode.Ok;
      case "explain": {
        const { runExplain } = await import("./commands/explain.js");
        return await runExplain(invocation.args, io);
      }
      case "verify": {
        const { runVerify } = await import("./commands/verify.js");
        return await runVerify(invocation.args, io);
      }
      case "policy": {
        const { runPolicy } = await import("./commands/policy.js");
        return await runPolicy(invocation.args, io);
      }
    }
  } catch (error) {
    return reportError(error, io, debug);
  }
}

/** Prints a thrown error the way users should see it, and returns the exit code it maps to. */
function reportError(error: unknown, io: CliIo, debug: boolean): ExitCode {
  let code: ExitCode;
  let message: string;
  let hint: string;
  if (error instanceof UsageError) {
    code = ExitCode.Usage;
    message = error.message;
    hint = error.hint;
  } else if (isInvalidInput(error)) {
    code = ExitCode.Usage;
    message = firstLine(error.message);
    hint = 'Fix the configuration named above; "tfwhy explain --help" lists the options.';
  } else {
    code = ExitCode.Internal;
    message = `internal error: ${firstLine(error instanceof Error ? error.message : String(error))}`;
    hint = "This is a bug in tfwhy: please report it with the output of the same command run with --debug.";
  }
  io.stderr(`tfwhy: ${message}\n${hint}\n`);
  if (debug) io.stderr(`${describeForDebug(error)}\n`);
  return code;
}
