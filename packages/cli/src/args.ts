import { POLICY_HINT, POLICY_ONLY, type PolicyFlags, type RawPolicyFlag, toPolicyArgs } from "./policy-args.js";
import { UsageError } from "./usage-error.js";

/** The commands tfwhy knows. */
export const COMMANDS = ["explain", "verify", "policy"] as const;
export type Command = (typeof COMMANDS)[number];

/** Output formats; `md` is accepted as a short name for `markdown`. */
export type Format = "text" | "json" | "markdown" | "sarif";

/** `--fail-on`: the least serious diagnostic severity that also makes tfwhy exit 1. */
export type FailOn = "warning" | "error";

/** The flags of `tfwhy explain`, as given (paths not resolved yet). */
export interface ExplainArgs {
  /** DIR, from the positional argument or -chdir. */
  readonly dir: string | undefined;
  /** -backend-config values in command-line order. */
  readonly backendConfig: readonly string[];
  /** --workspace NAME: use this workspace instead of TF_WORKSPACE / .terraform/environment. */
  readonly workspace: string | undefined;
  readonly format: Format;
  /** --output FILE: where the report goes instead of stdout. */
  readonly output: string | undefined;
  /** --fail-on; undefined: exit 1 only when Terraform would fail. */
  readonly failOn: FailOn | undefined;
  /** --recursive DIR: explain every root module with an S3 backend under DIR. */
  readonly recursive: string | undefined;
  /** --color / --no-color; undefined when neither was given. */
  readonly color: boolean | undefined;
  readonly home: string | undefined;
  readonly envFiles: readonly string[];
  readonly noEnv: boolean;
  readonly debug: boolean;
  /** --verbose: text also prints the "Why" trace, every check, every module in full (no effect on JSON/SARIF). */
  readonly verbose: boolean;
  /** --ignore CODE, repeatable: diagnostic or verify check codes left out of the output and the exit code. */
  readonly ignore: readonly string[];
}

/** The flags of `tfwhy verify`: explain's, plus the live-check knobs. */
export interface VerifyArgs extends ExplainArgs {
  /** --write-probe: also test writes and locking on probe keys (always cleaned up). */
  readonly writeProbe: boolean;
  /** --timeout SECONDS for each AWS call (retries included); undefined: core's default. */
  readonly timeoutMs: number | undefined;
  /** --operation init|plan|apply: the last Terraform command the pipeline runs; undefined: core's default (apply). */
  readonly operation: Operation | undefined;
}

/** The flags of `tfwhy policy`: explain's configuration flags, plus what the policy is for. */
export type PolicyArgs = ExplainArgs & PolicyFlags;

/** The Terraform commands verify can judge for (core's TerraformOperation; kept here so parsing loads no core). */
export type Operation = "init" | "plan" | "apply";
const OPERATIONS: readonly Operation[] = ["init", "plan", "apply"];

/** What the command line asks for. */
export type Invocation =
  | { readonly kind: "version" }
  | { readonly kind: "help"; readonly command: Command | null }
  | { readonly kind: "explain"; readonly args: ExplainArgs }
  | { readonly kind: "verify"; readonly args: VerifyArgs }
  | { readonly kind: "policy"; readonly args: PolicyArgs };

/** Flags taking a value (`-name=value`, `-name value`, `--name=value`, `--name value`) or none. */
const FLAGS: Readonly<Record<string, "value" | "switch">> = {
  "backend-config": "value",
  chdir: "value",
  format: "value",
  json: "switch",
  output: "value",
  "fail-on": "value",
  recursive: "value",
  home: "value",
  "env-from": "value",
  // the older name: Node 20 also reads it when tfwhy runs as `node bin.js …` (README "Node and --env-file")
  "env-file": "value",
  "no-env": "switch",
  color: "switch",
  "no-color": "switch",
  debug: "switch",
  verbose: "switch",
  help: "switch",
  version: "switch",
  "write-probe": "switch",
  timeout: "value",
  operation: "value",
  workspace: "value",
  operations: "value",
  "no-lock": "switch",
  workspaces: "value",
  "bucket-policy": "value",
  ignore: "value",
};

/** Flags only `verify` takes. */
const VERIFY_ONLY = new Set(["write-probe", "timeout", "operation"]);

const EXPLAIN_HINT = 'Run "tfwhy explain --help" for usage.';
const VERIFY_HINT = 'Run "tfwhy verify --help" for usage.';

const FORMATS: Readonly<Record<string, Format>> = {
  text: "text",
  json: "json",
  markdown: "markdown",
  md: "markdown",
  sarif: "sarif",
};
const FAIL_ON: Readonly<Record<string, FailOn>> = { warning: "warning", error: "error" };

/**
 * Parses the arguments after the program name. Flags take one dash (Terraform's style) or two, may appear before
 * or after the command, and the last of conflicting flags wins (`--json --format text` is text). `--` ends flags.
 * Throws `UsageError` for anything it cannot use.
 */
export function parseArgs(argv: readonly string[]): Invocation {
  const hint = argv.includes("verify")
    ? VERIFY_HINT
    : argv.includes("explain")
      ? EXPLAIN_HINT
      : argv.includes("policy")
        ? POLICY_HINT
        : undefined;
  return toInvocation(readFlags(argv, hint));
}

/** Every flag as given, plus the positionals; the last of conflicting flags wins. */
interface ReadFlags {
  positionals: string[];
  backendConfig: string[];
  envFiles: string[];
  verifyOnly: string[];
  policyOnly: RawPolicyFlag[];
  ignore: string[];
  chdir?: string;
  workspace?: string;
  format: Format;
  output?: string;
  failOn?: FailOn;
  recursive?: string;
  color?: boolean;
  home?: string;
  noEnv: boolean;
  debug: boolean;
  verbose: boolean;
  help: boolean;
  version: boolean;
  writeProbe: boolean;
  timeoutMs?: number;
  operation?: Operation;
}

function readFlags(argv: readonly string[], hint: string | undefined): ReadFlags {
  const flags: ReadFlags = {
    positionals: [],
    backendConfig: [],
    envFiles: [],
    verifyOnly: [],
    policyOnly: [],
    ignore: [],
    format: "text",
    noEnv: false,
    debug: false,
    verbose: false,
    help: false,
    version: false,
    writeProbe: false,
  };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === "--") {
      flags.positionals.push(...argv.slice(i + 1));
      break;
    }
    if (!arg.startsWith("-") || arg === "-") {
      flags.positionals.push(arg);
      continue;
    }
    if (arg === "-h") {
      flags.help = true;
      continue;
    }
    const body = arg.startsWith("--") ? arg.slice(2) : arg.slice(1);
    const eq = body.indexOf("=");
    const name = eq === -1 ? body : body.slice(0, eq);
    const flag = `${arg.startsWith("--") ? "--" : "-"}${name}`;
    const kind = FLAGS[name];
    if (kind === undefined) throw new UsageError(`unknown flag ${flag}`, hint);
    let value: string | undefined;
    if (kind === "value") {
      value = eq === -1 ? argv[++i] : body.slice(eq + 1);
      if (value === undefined) throw new UsageError(`${flag} needs a value`, hint);
    } else if (eq !== -1) {
      throw new UsageError(`${flag} takes no value`, hint);
    }
    if (POLICY_ONLY.has(name)) {
      flags.policyOnly.push({ name, flag, value });
      continue;
    }
    if (VERIFY_ONLY.has(name)) flags.verifyOnly.push(flag);
    applyFlag(flags, name, flag, value, hint);
  }
  return flags;
}

/** Records one flag; `value` is set for the flags FLAGS marks as taking one. */
function applyFlag(flags: ReadFlags, name: string, flag: string, value: string | undefined, hint?: string): void {
  switch (name) {
    case "write-probe":
      flags.writeProbe = true;
      break;
    case "timeout": {
      const seconds = Number(value);
      if (!Number.isFinite(seconds) || seconds <= 0 || seconds > 600) {
        throw new UsageError(
          `${flag} must be a number of seconds between 0 and 600, not ${JSON.stringify(value)}`,
          hint,
        );
      }
      flags.timeoutMs = Math.round(seconds * 1000);
      break;
    }
    case "operation": {
      const operation = OPERATIONS.find((o) => o === value);
      if (!operation) throw new UsageError(`${flag} must be init, plan or apply, not ${JSON.stringify(value)}`, hint);
      flags.operation = operation;
      break;
    }
    case "backend-config":
      flags.backendConfig.push(value!);
      break;
    case "chdir":
      flags.chdir = value!;
      break;
    case "workspace":
      if (!isWorkspaceName(value!)) {
        throw new UsageError(
          `${flag} must be a valid workspace name (letters, digits and - _ . ~ $ & + : = @), ` +
            `not ${JSON.stringify(value)}`,
          hint,
        );
      }
      flags.workspace = value!;
      break;
    case "format": {
      const chosen = FORMATS[value!];
      if (chosen === undefined)
        throw new UsageError(`${flag} must be text, markdown, json or sarif, not ${JSON.stringify(value)}`, hint);
      flags.format = chosen;
      break;
    }
    case "output":
      if (value === "") throw new UsageError(`${flag} needs a file name`, hint);
      flags.output = value!;
      break;
    case "fail-on": {
      const chosen = FAIL_ON[value!];
      if (chosen === undefined)
        throw new UsageError(`${flag} must be warning or error, not ${JSON.stringify(value)}`, hint);
      flags.failOn = chosen;
      break;
    }
    case "recursive":
      flags.recursive = value!;
      break;
    case "json":
      flags.format = "json";
      break;
    case "home":
      flags.home = value!;
      break;
    case "env-from":
    case "env-file":
      flags.envFiles.push(value!);
      break;
    case "ignore":
      flags.ignore.push(value!);
      break;
    case "no-env":
      flags.noEnv = true;
      break;
    case "color":
    case "no-color":
      flags.color = name === "color";
      break;
    case "debug":
      flags.debug = true;
      break;
    case "verbose":
      flags.verbose = true;
      break;
    case "help":
      flags.help = true;
      break;
    case "version":
      flags.version = true;
      break;
  }
}

/** The command and its arguments, once every flag is read: checks what only the whole line can tell. */
function toInvocation(flags: ReadFlags): Invocation {
  if (flags.version) return { kind: "version" };
  const [commandName, ...rest] = flags.positionals;
  if (commandName === undefined) {
    if (flags.help) return { kind: "help", command: null };
    throw new UsageError(`missing command (commands: ${COMMANDS.join(", ")})`);
  }
  if (!isCommand(commandName)) {
    throw new UsageError(`unknown command ${JSON.stringify(commandName)} (commands: ${COMMANDS.join(", ")})`);
  }
  if (flags.help) return { kind: "help", command: commandName };
  const commandHint = commandName === "verify" ? VERIFY_HINT : commandName === "policy" ? POLICY_HINT : EXPLAIN_HINT;
  if (commandName !== "policy" && flags.policyOnly.length > 0)
    throw new UsageError(`${flags.policyOnly[0]?.flag} is a policy flag`, 'Use "tfwhy policy" for the IAM policy.');
  if (commandName === "policy" && flags.verifyOnly.length > 0)
    throw new UsageError(`${flags.verifyOnly[0]} is a verify flag: policy never calls AWS`, POLICY_HINT);
  // accepted and unused it would look like it worked: say so instead
  if (commandName === "policy" && flags.ignore.length > 0)
    throw new UsageError("--ignore is an explain and verify flag: policy does not filter what it quotes", POLICY_HINT);
  if (commandName === "explain" && flags.verifyOnly.length > 0) {
    throw new UsageError(
      `${flags.verifyOnly[0]} is a verify flag: explain never calls AWS`,
      'Use "tfwhy verify" for live checks.',
    );
  }

  if (rest.length > 1)
    throw new UsageError(`${commandName} takes one directory, got ${rest.length}: ${rest.join(" ")}`, commandHint);
  const [positionalDir] = rest;
  const { chdir, recursive } = flags;
  if (positionalDir !== undefined && chdir !== undefined) {
    throw new UsageError(`give the directory once: as DIR (${positionalDir}) or as -chdir (${chdir})`, commandHint);
  }
  const dir = positionalDir ?? chdir;
  if (recursive !== undefined && dir !== undefined) {
    throw new UsageError(`give the directory once: as --recursive ${recursive} or as DIR (${dir})`, commandHint);
  }
  const { backendConfig, workspace, format, output, failOn, color, home, envFiles, noEnv, debug, verbose } = flags;
  const args: ExplainArgs = {
    dir,
    backendConfig,
    workspace,
    format,
    output,
    failOn,
    recursive,
    color,
    home,
    envFiles,
    noEnv,
    debug,
    verbose,
    ignore: flags.ignore,
  };
  if (commandName === "policy") return { kind: "policy", args: toPolicyArgs(args, flags.policyOnly) };
  if (commandName === "verify")
    return {
      kind: "verify",
      args: { ...args, writeProbe: flags.writeProbe, timeoutMs: flags.timeoutMs, operation: flags.operation },
    };
  return { kind: "explain", args };
}

function isCommand(name: string): name is Command {
  return (COMMANDS as readonly string[]).includes(name);
}

/**
 * Terraform's rule for a workspace name (hashicorp/terraform internal/command/workspace_command.go
 * validWorkspaceName: `url.PathEscape(name) == name`), non-empty. The same rule as core's `isValidWorkspaceName`
 * (a test holds them equal), kept here so that parsing the command line loads no part of core.
 */
export function isWorkspaceName(name: string): boolean {
  return /^[A-Za-z0-9\-_.~$&+:=@]+$/.test(name);
}
