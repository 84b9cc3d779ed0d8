import type { BackendPolicyReport } from "@tfwhy/core";
import { renderPolicyJson, renderPolicyMarkdown, renderPolicyText } from "@tfwhy/reporter";
import type { PolicyArgs } from "../args.js";
import { ExitCode } from "../exit-codes.js";
import type { CliIo } from "../io.js";
import { emitReport, prepareModule } from "./common.js";

/**
 * `tfwhy policy`: explains the module offline as `explain` does, and prints the least-privilege IAM policy for
 * the identity Terraform would use (core's `backendPolicy`). Returns 0 once printed; usage problems throw
 * `UsageError` and configuration errors `InvalidInputError` (both exit 2, from `main`).
 */
export async function runPolicy(args: PolicyArgs, io: CliIo): Promise<ExitCode> {
  const { dir, world, backendConfig } = await prepareModule(args, io);
  const { backendPolicy } = await import("@tfwhy/core");
  const report = await backendPolicy(
    {
      dir,
      backendConfig,
      ...(args.workspace === undefined ? {} : { workspace: args.workspace }),
      operations: args.operations,
      lock: args.lock,
      workspaces: args.workspaces,
      ...(args.bucketPolicy === undefined ? {} : { bucketPolicyPrincipal: args.bucketPolicy }),
    },
    world,
  );
  await emitReport(render(report, args), args, io);
  return ExitCode.Ok;
}

function render(report: BackendPolicyReport, args: PolicyArgs): string {
  switch (args.format) {
    case "json":
      // With --bucket-policy the JSON is the bucket policy (put-bucket-policy); else the identity policy.
      return renderPolicyJson(report, args.bucketPolicy === undefined ? "identity" : "bucket");
    case "markdown":
      return renderPolicyMarkdown(report);
    default:
      return renderPolicyText(report);
  }
}
