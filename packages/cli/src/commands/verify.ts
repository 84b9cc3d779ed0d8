import type { VerifyReport } from "@tfwhy/core";
import { renderVerifyJson, renderVerifyMarkdown, renderVerifySarif, renderVerifyText } from "@tfwhy/reporter";
import type { VerifyArgs } from "../args.js";
import { ExitCode } from "../exit-codes.js";
import { applyVerifyIgnores, ignoredCodes } from "../ignore.js";
import type { CliIo } from "../io.js";
import { createStatusLine } from "../progress.js";
import { emitReport, exitCodeForVerify, loadVerify, prepareModule, useColor, VERSION } from "./common.js";

/**
 * `tfwhy verify`: explains like `explain`, then checks the backend live with the identity Terraform would use
 * (read-only unless --write-probe). Ctrl-C stops the run; probes already written are still removed, the report
 * says it was cancelled, and the exit code is 130. Otherwise returns 0 when every check passes (warnings allowed
 * unless --fail-on warning), 1 when a check fails or Terraform fails offline.
 * `--recursive` hands over to `runRecursiveVerify`.
 */
export async function runVerify(args: VerifyArgs, io: CliIo): Promise<ExitCode> {
  if (args.recursive !== undefined) {
    const { runRecursiveVerify } = await import("./recursive-verify.js");
    return runRecursiveVerify(args, args.recursive, io);
  }
  const { dir, world, backendConfig } = await prepareModule(args, io);
  const ignored = await ignoredCodes(args.ignore, world, dir, io);
  const verify = await loadVerify(io);
  const status = createStatusLine({ isTTY: io.stderrIsTTY, write: io.stderr });
  const controller = new AbortController();
  const stopListening = io.onInterrupt?.(() => {
    io.stderr("tfwhy: interrupted; removing probes…\n");
    controller.abort();
  });
  let report: VerifyReport;
  try {
    report = await verify(
      {
        dir,
        backendConfig,
        ...(args.workspace === undefined ? {} : { workspace: args.workspace }),
        writeProbe: args.writeProbe,
        signal: controller.signal,
        ...(args.timeoutMs === undefined ? {} : { timeoutMs: args.timeoutMs }),
        ...(args.operation === undefined ? {} : { operation: args.operation }),
        onCheck: (_id, title) => status.show(`verifying: ${title}`),
      },
      world,
    );
  } finally {
    stopListening?.();
    status.done();
  }
  const { checkCode } = await import("@tfwhy/core");
  const { marked, shown } = applyVerifyIgnores(report, ignored, checkCode);
  await emitReport(render(args.format === "json" ? marked : shown, args, io), args, io);
  // Cancelled wins over what the checks found: the run is incomplete.
  if (controller.signal.aborted) return ExitCode.Cancelled;
  return exitCodeForVerify(shown, args.failOn);
}

function render(report: VerifyReport, args: VerifyArgs, io: CliIo): string {
  switch (args.format) {
    case "json":
      return renderVerifyJson(report);
    case "markdown":
      return renderVerifyMarkdown(report);
    case "sarif":
      return renderVerifySarif(report, { baseDir: io.cwd, toolVersion: VERSION });
    case "text":
      return renderVerifyText(report, { color: useColor(args, io), verbose: args.verbose });
  }
}
