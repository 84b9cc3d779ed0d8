/**
 * Runs one scenario against real Terraform: builds a temp root module + fresh HOME, runs the commands with a
 * scrubbed environment (like `env -i`), and condenses Terraform's debug log, its error output and the test
 * server's request log into a TerraformObservation.
 */
import { spawn } from "node:child_process";
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import type { TestServer } from "./server.js";
import type {
  CommandObservation,
  CommandSpec,
  FileSpec,
  Scenario,
  TerraformCommand,
  TerraformError,
  TerraformObservation,
  TerraformWarningSeen,
} from "./types.js";

const TERRAFORM = process.env["TFWHY_TERRAFORM"] ?? "terraform";
const COMMAND_TIMEOUT_MS = 60_000;

/** The directories and inputs of one prepared scenario (what tfwhy is given too). */
export interface PreparedScenario {
  readonly root: string;
  readonly home: string;
  readonly module: string;
  /** `-backend-config` values, in order: file paths (relative to the module dir), then k=v. */
  readonly backendConfig: readonly string[];
  /** The full environment Terraform's last command ran with. */
  readonly lastEnv: Readonly<Record<string, string>>;
}

let baseTmp: string | null = null;
function scenarioRoot(name: string): string {
  baseTmp ??= mkdtempSync(join(tmpdir(), "tfwhy-conformance-"));
  const dir = join(baseTmp, name.replace(/[^A-Za-z0-9._-]+/g, "-").slice(0, 80));
  mkdirSync(dir, { recursive: true });
  return dir;
}

/** Removes all scenario dirs of this run (or, with keep, says where they are). */
export function cleanupScenarioDirs(keep: boolean): void {
  if (baseTmp === null) return;
  if (keep) console.log(`conformance: scenario dirs kept in ${baseTmp}`);
  else rmSync(baseTmp, { recursive: true, force: true });
  baseTmp = null;
}

/** Replaces `{{HOME}}`, `{{ROOT}}`, `{{MODULE}}`, `{{ENDPOINT}}`. */
export type Substitute = (text: string) => string;

function writeTree(
  base: string,
  files: Readonly<Record<string, string | FileSpec>> | undefined,
  sub: Substitute,
): void {
  for (const [rel, spec] of Object.entries(files ?? {})) {
    const path = join(base, sub(rel));
    const { content, mode } = typeof spec === "string" ? { content: spec, mode: undefined } : spec;
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, sub(content));
    if (mode !== undefined) chmodSync(path, mode);
  }
}

/** main.tf: the harness attributes (unless the scenario sets them) + the scenario's backend lines. */
export function renderMainTf(scenario: Scenario, endpoint: string, sub: Substitute): string {
  const own = sub(scenario.backend ?? "");
  const has = (attr: string) => new RegExp(`^\\s*${attr}\\s*=`, "m").test(own);
  const lines = ['bucket = "tfstate"', 'key    = "conformance/terraform.tfstate"'];
  if (!has("region") && !scenario.omitDefaults?.includes("region")) lines.push('region = "us-east-1"');
  if (!has("use_path_style")) lines.push("use_path_style = true");
  if (!has("endpoints")) {
    lines.push(
      `endpoints = { s3 = "${endpoint}", sts = "${endpoint}", iam = "${endpoint}", dynamodb = "${endpoint}", sso = "${endpoint}" }`,
    );
  }
  // IMDS always points at the loopback stub: nothing may reach 169.254.169.254.
  if (!has("ec2_metadata_service_endpoint")) lines.push(`ec2_metadata_service_endpoint = "${endpoint}"`);
  const body = [...lines, ...own.split("\n").filter((l) => l.trim() !== "")].map((l) => `    ${l.trim()}`).join("\n");
  const provider = scenario.provider === undefined ? "" : `\nprovider "aws" {\n${sub(scenario.provider)}\n}\n`;
  return `terraform {\n  backend "s3" {\n${body}\n  }\n}\n${provider}\noutput "x" {\n  value = 1\n}\n`;
}

/**
 * main.tf.json (for `backendJson`): the same harness attributes as {@link renderMainTf}, as JSON members, then the
 * scenario's own members verbatim.
 */
export function renderMainTfJson(scenario: Scenario, endpoint: string, sub: Substitute): string {
  const own = sub(scenario.backendJson ?? "").trim();
  const has = (attr: string) => own.includes(`"${attr}"`);
  const members: string[] = [];
  if (!has("bucket")) members.push('"bucket": "tfstate"');
  if (!has("key")) members.push('"key": "conformance/terraform.tfstate"');
  if (!has("region") && !scenario.omitDefaults?.includes("region")) members.push('"region": "us-east-1"');
  if (!has("use_path_style")) members.push('"use_path_style": true');
  if (!has("endpoints")) {
    const services = ["s3", "sts", "iam", "dynamodb", "sso"].map((s) => `"${s}": "${endpoint}"`).join(", ");
    members.push(`"endpoints": {${services}}`);
  }
  // IMDS always points at the loopback stub: nothing may reach 169.254.169.254.
  if (!has("ec2_metadata_service_endpoint")) members.push(`"ec2_metadata_service_endpoint": "${endpoint}"`);
  if (own !== "") members.push(own);
  const body = members.map((m) => `        ${m}`).join(",\n");
  return `{\n  "terraform": {\n    "backend": {\n      "s3": {\n${body}\n      }\n    }\n  },\n  "output": {"x": {"value": 1}}\n}\n`;
}

export function prepareScenario(scenario: Scenario, server: TestServer): PreparedScenario & { sub: Substitute } {
  const root = scenarioRoot(scenario.name);
  const home = join(root, "home");
  const module = join(root, "module");
  for (const d of [home, module, join(root, "empty-plugins")]) mkdirSync(d, { recursive: true });
  const sub: Substitute = (t) =>
    t
      .replaceAll("{{HOME}}", home)
      .replaceAll("{{ROOT}}", root)
      .replaceAll("{{MODULE}}", module)
      .replaceAll("{{ENDPOINT}}", server.endpoint);
  writeTree(home, scenario.home, sub);
  writeTree(root, scenario.files, sub);
  writeTree(module, scenario.backendConfigFiles, sub);
  if (scenario.backendJson === undefined)
    writeFileSync(join(module, "main.tf"), renderMainTf(scenario, server.endpoint, sub));
  else writeFileSync(join(module, "main.tf.json"), renderMainTfJson(scenario, server.endpoint, sub));
  const backendConfig = [
    ...Object.keys(scenario.backendConfigFiles ?? {}),
    ...(scenario.backendConfigArgs ?? []).map(sub),
  ];
  return { root, home, module, backendConfig, lastEnv: {}, sub };
}

/** The environment of one command: scrubbed base + the scenario's (or the command's) variables. */
export function commandEnv(
  prepared: { home: string; sub: Substitute },
  vars: Readonly<Record<string, string>> | undefined,
  logPath: string,
): Record<string, string> {
  const env: Record<string, string> = {
    PATH: "/usr/local/bin:/usr/bin:/bin",
    HOME: prepared.home,
    CHECKPOINT_DISABLE: "1",
    TF_IN_AUTOMATION: "1",
    TF_LOG: "DEBUG",
    TF_LOG_PATH: logPath,
  };
  for (const [k, v] of Object.entries(vars ?? {})) env[k] = prepared.sub(v);
  return env;
}

function argvFor(
  command: TerraformCommand,
  scenario: Scenario,
  backendConfig: readonly string[],
  root: string,
): string[] {
  switch (command) {
    case "init": {
      const argv = ["init", "-input=false", "-no-color", ...backendConfig.map((b) => `-backend-config=${b}`)];
      if (scenario.provider !== undefined) argv.push(`-plugin-dir=${join(root, "empty-plugins")}`);
      return argv;
    }
    case "plan":
      return ["plan", "-input=false", "-no-color"];
    case "apply":
      return ["apply", "-input=false", "-no-color", "-auto-approve"];
    case "workspace list":
      return ["workspace", "list", "-no-color"];
    case "workspace new":
    case "workspace select":
    case "workspace delete":
      return [...command.split(" "), "-no-color"];
    case "force-unlock":
      return ["force-unlock", "-force", "-no-color"];
    case "state pull":
      return ["state", "pull"];
    case "state push":
      return ["state", "push"];
  }
}

function run(argv: string[], cwd: string, env: Record<string, string>): Promise<{ code: number; output: string }> {
  return new Promise((resolve) => {
    const child = spawn(TERRAFORM, argv, { cwd, env, stdio: ["ignore", "pipe", "pipe"] });
    let output = "";
    child.stdout.on("data", (c: Buffer) => (output += c.toString()));
    child.stderr.on("data", (c: Buffer) => (output += c.toString()));
    const timer = setTimeout(() => child.kill("SIGKILL"), COMMAND_TIMEOUT_MS);
    child.on("close", (code) => {
      clearTimeout(timer);
      resolve({ code: code ?? -1, output });
    });
    child.on("error", (e) => {
      clearTimeout(timer);
      resolve({ code: -1, output: String(e) });
    });
  });
}

/** Value of an hclog field `name=value` or `name="quoted value"`. */
function logField(line: string, name: string): string | null {
  const m = new RegExp(`${name.replaceAll(".", "\\.")}=("(?:[^"\\\\]|\\\\.)*"|\\S+)`).exec(line);
  if (!m?.[1]) return null;
  const raw = m[1];
  if (raw.startsWith('"')) {
    try {
      return JSON.parse(raw) as string;
    } catch {
      return raw.slice(1, -1);
    }
  }
  return raw;
}

/** Reads `Retrieved credentials` / `Retrieved initial credentials` / `Using profile` lines of the debug log. */
export function parseDebugLog(
  text: string,
): Pick<CommandObservation, "credentialsSources" | "initialCredentialsSources" | "profiles"> {
  const credentialsSources: string[] = [];
  const initialCredentialsSources: string[] = [];
  const profiles: { name: string; source: string | null; message: string }[] = [];
  for (const line of text.split("\n")) {
    if (!line.includes("backend-s3")) continue;
    const source = logField(line, "tf_aws.credentials_source");
    if (line.includes("Retrieved initial credentials") && source) initialCredentialsSources.push(source);
    else if (line.includes("Retrieved credentials") && source) credentialsSources.push(source);
    const m = /aws-base: ((?:Using|Setting) profile)/.exec(line);
    if (m?.[1]) {
      profiles.push({
        name: logField(line, "tf_aws.profile") ?? "",
        source: logField(line, "tf_aws.profile.source"),
        message: m[1],
      });
    }
  }
  return { credentialsSources, initialCredentialsSources, profiles };
}

/** `Error: <summary>` blocks of Terraform's output (boxed or, with -no-color in automation, plain). */
export function parseErrors(output: string): TerraformError[] {
  const lines = output.split("\n").map((l) => l.replace(/^[│╷╵]\s?/, "").replace(/\s+$/, ""));
  const errors: TerraformError[] = [];
  lines.forEach((line, i) => {
    const m = /^Error: (.*)$/.exec(line);
    if (!m) return;
    let detail = "";
    for (let j = i + 1; j < lines.length; j++) {
      const next = lines[j] ?? "";
      if (next.startsWith("Error: ")) break;
      if (next.trim() !== "") {
        detail = next.trim();
        // a multi-line summary is followed directly (no blank line) by its continuation; keep the first line only
        if (j === i + 1) continue;
        break;
      }
    }
    errors.push({ summary: (m[1] ?? "").trim(), detail });
  });
  return errors;
}

const FOLDED = /^\(and (one|\d+) more similar warnings? elsewhere\)$/;

/**
 * `Warning: <summary>` blocks of Terraform's output, with where each points (`on main.tf line 9, in terraform:`) and
 * how many Terraform folded into it (hashicorp/terraform internal/command/format consolidateWarnings).
 */
export function parseWarnings(output: string): TerraformWarningSeen[] {
  const lines = output.split("\n").map((l) => l.replace(/^[│╷╵]\s?/, "").trim());
  const warnings: TerraformWarningSeen[] = [];
  lines.forEach((line, i) => {
    const m = /^Warning: (.*)$/.exec(line);
    if (!m) return;
    let at: string | null = null;
    let count = 1;
    for (let j = i + 1; j < lines.length; j++) {
      const next = lines[j] ?? "";
      if (/^(Warning|Error): /.test(next)) break;
      const on = /^on (\S+) line (\d+)/.exec(next);
      if (on && at === null) at = `${on[1]}:${on[2]}`;
      const folded = FOLDED.exec(next);
      if (folded) count = 1 + (folded[1] === "one" ? 1 : Number(folded[1]));
    }
    warnings.push({ summary: (m[1] ?? "").trim(), at, count });
  });
  return warnings;
}

/** Runs all commands of a scenario on a reset server and observes them. */
export async function observeScenario(
  scenario: Scenario,
  server: TestServer,
  options: { readonly stopAtFailure?: boolean } = {},
): Promise<{ observation: TerraformObservation; prepared: PreparedScenario }> {
  await server.reset();
  await server.setup(scenario.moto ?? {});
  const prepared = prepareScenario(scenario, server);
  const specs: CommandSpec[] = (scenario.commands ?? ["init"]).map((c) => (typeof c === "string" ? { command: c } : c));
  const commands: CommandObservation[] = [];
  let lastEnv: Record<string, string> = {};
  for (const [i, spec] of specs.entries()) {
    const logPath = join(prepared.root, `tf-${i}-${spec.command.replace(" ", "-")}.log`);
    const env = commandEnv(prepared, spec.env ?? scenario.env, logPath);
    lastEnv = env;
    const argv = [...argvFor(spec.command, scenario, prepared.backendConfig, prepared.root), ...(spec.args ?? [])];
    const offset = server.logOffset();
    const started = Date.now();
    const { code, output } = await run(argv, prepared.module, env);
    let log = "";
    try {
      log = readFileSync(logPath, "utf8");
    } catch {
      // Terraform failed before logging
    }
    writeFileSync(join(prepared.root, `tf-${i}.out`), output);
    commands.push({
      command: spec.command,
      argv,
      exitCode: code,
      durationMs: Date.now() - started,
      ...parseDebugLog(log),
      errors: parseErrors(output),
      warnings: parseWarnings(output),
      output,
      requests: server.requestsSince(offset),
    });
    // A mutation run (conformance/policy.test.ts) only needs the first command that fails.
    if (options.stopAtFailure && code !== 0) break;
  }
  return { observation: condense(scenario.name, commands), prepared: { ...prepared, lastEnv } };
}

function lastOf<T>(items: readonly T[]): T | undefined {
  return items[items.length - 1];
}

/** The TerraformObservation of the last command (plus all commands for reference). */
export function condense(name: string, commands: readonly CommandObservation[]): TerraformObservation {
  const last = commands[commands.length - 1];
  if (!last) throw new Error(`scenario ${name} ran no command`);
  const rawSource = lastOf(last.credentialsSources) ?? null;
  const [source, sourceFile] = splitSource(rawSource);
  const [initialSource] = splitSource(lastOf(last.initialCredentialsSources) ?? null);
  const signed = (svc: string) => last.requests.filter((r) => r.service === svc && r.keyId);
  const signer =
    lastOf(signed("s3")) ??
    lastOf(signed("dynamodb")) ??
    lastOf(signed("sts").filter((r) => r.operation === "GetCallerIdentity"));
  const signingKeyId = signer?.keyId ?? null;
  const keyIdsByService: Record<string, string[]> = {};
  for (const r of last.requests) {
    if (!r.service) continue;
    const id = r.keyId ?? r.issuedKeyId;
    if (!id) continue;
    const list = (keyIdsByService[r.service] ??= []);
    if (!list.includes(id)) list.push(id);
  }
  const assumedRoles = last.requests
    .filter((r) => r.operation === "AssumeRole" || r.operation === "AssumeRoleWithWebIdentity")
    .map((r) => ({
      operation: r.operation,
      roleArn: r.roleArn ?? "",
      callerKeyId: r.keyId,
      issuedKeyId: r.issuedKeyId ?? null,
    }));
  const signingRole =
    assumedRoles.find((a) => a.issuedKeyId !== null && a.issuedKeyId === signingKeyId)?.roleArn ?? null;
  const profileLine = lastOf(last.profiles);
  return {
    scenario: name,
    commands,
    source,
    sourceFile,
    initialSource,
    signingKeyId,
    keyIdsByService,
    assumedRoles,
    signingRole,
    profile: profileLine ? { name: profileLine.name, source: profileLine.source } : null,
    errors: last.errors,
    exitCode: last.exitCode,
  };
}

function splitSource(raw: string | null): [string | null, string | null] {
  if (raw === null) return [null, null];
  const i = raw.indexOf(": ");
  return i < 0 ? [raw, null] : [raw.slice(0, i), raw.slice(i + 2)];
}
