import { resolve } from "node:path";
import type { VerifyReport } from "@tfwhy/core";
import { renderVerifyJson, renderVerifyMarkdown, renderVerifySarif, renderVerifyText } from "@tfwhy/reporter";
import type { VerifyArgs } from "../args.js";
import { ExitCode } from "../exit-codes.js";
import type { CliIo, VerifyFn } from "../io.js";
import { UsageError } from "../usage-error.js";
import { VERSION, emitReport, readEnvironment, requireDirectory, useColor } from "./common.js";

const SEVERITY_RANK = { error: 2, warning: 1, info: 0 } as const;

/**
 * `tfwhy verify`: explains like `explain`, then checks the backend live with the identity Terraform would use
 * (read-only unless --write-probe). Ctrl-C stops the run; probes already written are still removed. Returns 0 when
 * every check passes (warnings allowed unless --fail-on warning), 1 when a check fails or Terraform fails offline.
 */
export async function runVerify(args: VerifyArgs, io: CliIo): Promise<ExitCode> {
  if (args.recursive !== undefined) {
    throw new UsageError("verify checks one root module at a time", 'Run "tfwhy explain --recursive DIR" for a tree, then "tfwhy verify DIR" where it matters.');
  }
  const dir = resolve(io.cwd, args.dir ?? ".");
  const homeDir = args.home === undefined ? undefined : resolve(io.cwd, args.home);
  const env = await readEnvironment(args, io);
  const world = await io.createWorld(homeDir === undefined ? { env, cwd: dir } : { env, cwd: dir, homeDir });
  await requireDirectory(world, dir, args.dir ?? dir, "directory");
  if (homeDir !== undefined) await requireDirectory(world, homeDir, args.home ?? homeDir, "--home");

  const backendConfig = args.backendConfig.map((value) => (value === "" || value.includes("=") ? value : resolve(dir, value)));
  const verify = await loadVerify(io);
  const controller = new AbortController();
  const stopListening = io.onInterrupt?.(() => {
    io.stderr("tfwhy: interrupted; removing probes…\n");
    controller.abort();
  });
  let report: VerifyReport;
  try {
    report = await verify(
      { dir, backendConfig, writeProbe: args.writeProbe, signal: controller.signal, ...(args.timeoutMs === undefined ? {} : { timeoutMs: args.timeoutMs }) },
      world,
    );
  } finally {
    stopListening?.();
  }
  await emitReport(render(report, args, io), args, io);
  return exitCodeForReport(report, args);
}

async function loadVerify(io: CliIo): Promise<VerifyFn> {
  if (io.verify !== undefined) return io.verify;
  // The AWS SDK prints a multi-line Node version notice on stderr when it loads on Node 20; stderr is for tfwhy's own messages.
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= "true";
  const { verifyBackend } = await import("@tfwhy/core");
  return verifyBackend;
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
      return renderVerifyText(report, { color: useColor(args, io) });
  }
}

/** 1 when a check failed or Terraform fails offline; with --fail-on, also for warnings/diagnostics at that level. */
function exitCodeForReport(report: VerifyReport, args: VerifyArgs): ExitCode {
  if (!report.ok) return ExitCode.TerraformFails;
  if (args.failOn === undefined) return ExitCode.Ok;
  const threshold = SEVERITY_RANK[args.failOn];
  const warned = threshold <= SEVERITY_RANK.warning && report.checks.some((c) => c.status === "warn");
  const diagnosed = report.explanation.diagnostics.some((d) => SEVERITY_RANK[d.severity] >= threshold);
  return warned || diagnosed ? ExitCode.TerraformFails : ExitCode.Ok;
}
