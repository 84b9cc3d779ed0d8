import { UsageError } from "./usage-error.js";

/** What `tfwhy policy` takes besides explain's configuration flags (args.ts `PolicyArgs`). */
export interface PolicyFlags {
  /** --operations all|plan (default all). */
  readonly operations: "all" | "plan";
  /** --no-lock: plan and apply run with -lock=false. */
  readonly lock: boolean;
  /** --workspaces all|default|NAME (default all). */
  readonly workspaces: string;
  /** --bucket-policy PRINCIPAL_ARN. */
  readonly bucketPolicy: string | undefined;
}

/** A policy-only flag as read from the command line. */
export interface RawPolicyFlag {
  readonly name: string;
  readonly flag: string;
  readonly value: string | undefined;
}

/** Flags only `policy` takes (args.ts FLAGS lists them too). */
export const POLICY_ONLY = new Set(["operations", "no-lock", "workspaces", "bucket-policy"]);

export const POLICY_HINT = 'Run "tfwhy policy --help" for usage.';

/** The name rule of args.ts `isWorkspaceName`, repeated to keep this file free of a loop with args.ts. */
const WORKSPACE_NAME = /^[A-Za-z0-9\-_.~$&+:=@]+$/;
/** An IAM principal ARN: a role, user, root or assumed role (IAM User Guide, "IAM identifiers"). */
const PRINCIPAL_ARN = /^arn:aws[\w-]*:(iam|sts)::\d{12}:[\w+=,.@\-/:]+$/;

/** The explain flags policy cannot use (args.ts `ExplainArgs`, without importing it: no loop). */
interface ExplainFlags {
  readonly recursive: string | undefined;
  readonly failOn: string | undefined;
  readonly format: string;
}

/** Reads the policy-only flags on top of explain's; the last of repeated flags wins. */
export function toPolicyArgs<T extends ExplainFlags>(args: T, raw: readonly RawPolicyFlag[]): T & PolicyFlags {
  if (args.recursive !== undefined) throw new UsageError("--recursive is not supported by policy", POLICY_HINT);
  if (args.failOn !== undefined) throw new UsageError("--fail-on is not supported by policy", POLICY_HINT);
  if (args.format === "sarif") throw new UsageError("--format must be text, markdown or json for policy", POLICY_HINT);
  let operations: PolicyFlags["operations"] = "all";
  let lock = true;
  let workspaces = "all";
  let bucketPolicy: string | undefined;
  for (const { name, flag, value } of raw) {
    switch (name) {
      case "operations":
        if (value !== "all" && value !== "plan")
          throw new UsageError(`${flag} must be all or plan, not ${JSON.stringify(value)}`, POLICY_HINT);
        operations = value;
        break;
      case "no-lock":
        lock = false;
        break;
      case "workspaces":
        if (value === undefined || !WORKSPACE_NAME.test(value))
          throw new UsageError(
            `${flag} must be all, default or a workspace name, not ${JSON.stringify(value)}`,
            POLICY_HINT,
          );
        workspaces = value;
        break;
      case "bucket-policy":
        if (value === undefined || !PRINCIPAL_ARN.test(value))
          throw new UsageError(
            `${flag} must be an IAM principal ARN (arn:aws:iam::123456789012:role/NAME), not ${JSON.stringify(value)}`,
            POLICY_HINT,
          );
        bucketPolicy = value;
        break;
    }
  }
  return { ...args, operations, lock, workspaces, bucketPolicy };
}
