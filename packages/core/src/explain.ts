import {
  listProfileNames,
  loadSharedConfigSet,
  resolveSharedConfigProfile,
  type SharedConfigSet,
} from "./aws-files/shared-config.js";
import { BackendView } from "./backend/backend-view.js";
import { CREDENTIAL_ATTRIBUTES, type ModuleFacts, readModuleFacts } from "./backend/module-facts.js";
import type { CredentialPlan } from "./chain/plan.js";
import type { ProfileCatalog } from "./chain/profile-types.js";
import { type ChainOutcome, walkTerraformChain } from "./chain/terraform-s3.js";
import { TraceBuilder } from "./chain/trace-builder.js";
import { InvalidInputError } from "./errors.js";
import { displayPath, formatLocation, type Location } from "./location.js";
import { SecretRedactor } from "./redact.js";
import { type BackendSettings, resolveClientSettings } from "./settings/client-settings.js";
import { resolveEndpoints } from "./settings/endpoints.js";
import { expandTerraformPath } from "./settings/expand.js";
import { resolveRegion } from "./settings/region.js";
import { type SharedFileSelection, selectSharedFiles } from "./settings/shared-file-selection.js";
import type { BackendSummary, Diagnostic, Explanation, RegionAnswer, Verdict } from "./trace.js";
import { createNodeWorld } from "./world/node-world.js";
import type { World } from "./world/world.js";

export interface ExplainInput {
  /** The root module directory (Terraform's working directory). Relative to the world's cwd. */
  readonly dir: string;
  /** Every `-backend-config` argument in command-line order: a file path or `name=value`. */
  readonly backendConfig?: readonly string[];
}

/**
 * Explains, without touching AWS, which credentials Terraform 1.11's S3 backend will use for `dir` and why:
 * every source Terraform considers, in its order, with evidence, plus region, endpoints and diagnostics.
 *
 * Throws `InvalidInputError` (one line, with file:line) when the input cannot be read: no backend block,
 * malformed HCL, a missing `-backend-config` file.
 *
 * @example
 * const explanation = await explainCredentials({ dir: "infra/prod", backendConfig: ["env/backend.hcl"] });
 * console.log(explanation.credentials.source, explanation.credentials.profile);
 */
export async function explainCredentials(input: ExplainInput, world: World = createNodeWorld()): Promise<Explanation> {
  return (await explainWithPlan(input, world)).explanation;
}

/** What verify needs beyond the explanation: how to obtain the chosen credentials (secrets stay in memory). */
export interface ExplainedBackend {
  readonly explanation: Explanation;
  /** Null when Terraform would fail before it has credentials. */
  readonly plan: CredentialPlan | null;
  /** The settings Terraform's clients use (endpoints as configured, SSE headers, retries), resolved once here. */
  readonly settings: BackendSettings;
  /** Knows every secret read so far; verify adds what it obtains and redacts its report with it. */
  readonly redactor: SecretRedactor;
}

/** explainCredentials plus the credential plan; for verifyBackend. */
export async function explainWithPlan(input: ExplainInput, world: World): Promise<ExplainedBackend> {
  const redactor = new SecretRedactor().addEnvironment(world.env);
  const module = await withRedactedErrors(redactor, () => readModuleFacts(world, input.dir, input.backendConfig ?? []));
  for (const secret of module.secretValues) redactor.add(secret);
  const backend = new BackendView(module.attributes);
  const env = world.env;

  const selection = selectSharedFiles(backend, env, world.homeDir, world.cwd);
  const shared = await withRedactedErrors(redactor, () => readSharedConfig(world, selection, module.dir));
  addSharedConfigSecrets(redactor, shared);
  const profiles: ProfileCatalog = {
    resolve: (name) => resolveSharedConfigProfile(shared, name),
    names: () => listProfileNames(shared),
  };
  const walked = await walkTerraformChain({
    backend,
    env,
    profiles,
    world,
    expandPath: (path) => expandTerraformPath(path, env, world.homeDir) ?? path,
  });

  const chain = withUnknownCredentials(walked, module);
  const region = withUnknownRegion(resolveRegion(backend, env), module);
  // The provider-block diagnostic comes first: when it applies it is usually the whole story.
  const first = new TraceBuilder();
  diagnoseProviderBlocks(first, module, chain, backend, profiles);
  const extra = new TraceBuilder();
  diagnoseModule(extra, module);
  diagnoseSharedFiles(extra, shared, selection);
  diagnoseRegion(extra, region, chain);

  const unknown =
    chain.credentials.unknown ?? (region.value === null && "unknown" in region ? region.unknown : undefined);
  if (unknown)
    extra.diagnose(
      "answer-unknown-offline",
      "warning",
      unknown.message,
      null,
      "Write the value as a literal (tfwhy evaluates literals only), or run tfwhy where the expression is resolved.",
    );
  const diagnostics = sortDiagnostics([...first.diagnostics, ...chain.diagnostics, ...extra.diagnostics]);
  const endpoints = resolveEndpoints(backend, env);
  const raw: Explanation = {
    schemaVersion: 1,
    terraformVersion: "1.11",
    dir: module.dir,
    verdict: decideVerdict(module, region, chain),
    backend: summarizeBackend(module, backend),
    credentials: chain.credentials,
    region,
    endpoints,
    steps: chain.steps,
    diagnostics,
  };
  // The last net: whatever text still holds a secret tfwhy read, or a key id or URL user-info, is hidden here.
  const explanation = redactor.redactDeep(raw);
  // From the unredacted answer: the clients use the real values (endpoint user-info included).
  const settings = resolveClientSettings(raw, backend, env);
  return { explanation, plan: chain.plan, settings, redactor };
}

/** Input errors thrown while reading leave core with every secret known so far hidden. */
async function withRedactedErrors<T>(redactor: SecretRedactor, read: () => Promise<T>): Promise<T> {
  try {
    return await read();
  } catch (error) {
    if (error instanceof InvalidInputError) throw error.redactedWith((text) => redactor.redact(text));
    throw error;
  }
}

/**
 * Secret keys of the AWS files. credential_process arguments are not registered: words like `default` or `--json`
 * would be hidden everywhere; the command line itself is only ever shown through describeCommandLine.
 */
function addSharedConfigSecrets(redactor: SecretRedactor, shared: SharedConfigSet): void {
  for (const section of shared.sections.values()) {
    for (const [key, value] of section.values) if (SECRET_PROFILE_KEYS.has(key)) redactor.add(value.value);
  }
}

const SECRET_PROFILE_KEYS = new Set(["aws_secret_access_key", "aws_session_token", "aws_security_token"]);

/** Backend attributes tfwhy did not evaluate among `names`, in order, or none. */
function unevaluatedAmong(module: ModuleFacts, names: ReadonlySet<string>): string[] {
  return [...module.unevaluated.keys()].filter((name) => names.has(name)).sort();
}

function describeUnevaluated(module: ModuleFacts, names: readonly string[]): string {
  return names
    .map((name) => {
      const at = module.unevaluated.get(name);
      return at ? `${name} (${formatLocation(at)})` : name;
    })
    .join(", ");
}

/**
 * A value tfwhy does not evaluate is unknown, not absent: when one of the credential attributes is an expression,
 * the walk (which saw it as unset) is no answer. Its picked, applied and failed steps become `unknown`, as does the
 * static-keys step when a key is the expression; answer-dependent diagnostics are dropped; there is no plan.
 */
function withUnknownCredentials(chain: ChainOutcome, module: ModuleFacts): ChainOutcome {
  const names = unevaluatedAmong(module, CREDENTIAL_ATTRIBUTES);
  if (names.length === 0) return chain;
  const which = describeUnevaluated(module, names);
  const message = `The credentials Terraform uses are unknown offline: ${which} ${names.length === 1 ? "is an expression" : "are expressions"} tfwhy does not evaluate, and ${names.length === 1 ? "its value decides" : "their values decide"} which source Terraform takes.`;
  const unknown = { attributes: names, message };
  const staticUnknown = names.some((name) => STATIC_KEY_ATTRIBUTES.has(name));
  const steps = chain.steps.map((step) => {
    if (step.id === "backend.static" && staticUnknown) {
      return {
        ...step,
        outcome: "unknown" as const,
        reason: {
          code: "value-not-evaluated",
          message: `The backend sets ${which} by an expression tfwhy does not evaluate: if the keys are not empty, Terraform uses them and no other source.`,
        },
      };
    }
    if (step.outcome === "picked" || step.outcome === "applied" || step.outcome === "error") {
      return {
        ...step,
        outcome: "unknown" as const,
        reason: {
          code: "value-not-evaluated",
          message: `Only if ${which} leave${names.length === 1 ? "s" : ""} this unchanged: ${step.reason.message}`,
        },
      };
    }
    return step;
  });
  return {
    ...chain,
    steps,
    diagnostics: chain.diagnostics.filter((d) => d.severity !== "error" && !ANSWER_DIAGNOSTICS.has(d.code)),
    credentials: {
      status: "unknown",
      source: null,
      sourceFile: null,
      accessKeyId: null,
      profile: null,
      assumeRoles: [],
      unknown,
    },
    plan: null,
  };
}

const STATIC_KEY_ATTRIBUTES: ReadonlySet<string> = new Set(["access_key", "secret_key", "token"]);
/** Diagnostics that describe the walked answer, which is no answer when a credential attribute is unknown. */
const ANSWER_DIAGNOSTICS: ReadonlySet<string> = new Set([
  "imds-fallback",
  "default-profile-used-while-others-exist",
  "backend-static-keys-bypass-chain",
]);

/** The region is unknown, not missing, when the backend's region is an expression tfwhy does not evaluate. */
function withUnknownRegion(region: RegionAnswer, module: ModuleFacts): RegionAnswer {
  if (!module.unevaluated.has("region")) return region;
  const at = module.unevaluated.get("region") ?? null;
  const message = `The region is unknown offline: region${at ? ` (${formatLocation(at)})` : ""} is an expression tfwhy does not evaluate; Terraform uses its value over AWS_REGION and AWS_DEFAULT_REGION.`;
  return { value: null, from: "backend", at, unknown: { attributes: ["region"], message } };
}

/** Reads the selected files through the world and merges them with Go's rules. */
async function readSharedConfig(world: World, selection: SharedFileSelection, dir: string): Promise<SharedConfigSet> {
  const read = (files: SharedFileSelection["configFiles"]) =>
    Promise.all(
      files.map(async (f) => ({
        path: f.path,
        display: displayPath(f.path, dir, world.homeDir),
        read: await world.fs.readText(f.path),
      })),
    );
  return loadSharedConfigSet({
    configFiles: await read(selection.configFiles),
    credentialsFiles: await read(selection.credentialsFiles),
  });
}

/**
 * The first error Terraform prints, in its own order: configuration decoding and PrepareConfig (schema, required
 * attributes, region) come before Configure (credentials, then the SSE-C key checks).
 */
function decideVerdict(module: ModuleFacts, region: RegionAnswer, chain: ChainOutcome): Verdict {
  const errors = module.problems.filter((p) => p.severity === "error");
  const configError = errors.find((p) => p.stage !== "configure");
  if (configError) return { terraformFails: true, firstError: configError.terraformError };
  if (region.value === null && "unknown" in region)
    return { terraformFails: null, firstError: null, unknown: region.unknown };
  if (region.value === null) return { terraformFails: true, firstError: region.error.terraformError };
  if (chain.credentials.unknown) return { terraformFails: null, firstError: null, unknown: chain.credentials.unknown };
  if (chain.credentials.status === "failed")
    return { terraformFails: true, firstError: chain.credentials.error?.terraformError ?? null };
  const configureError = errors.find((p) => p.stage === "configure");
  if (configureError) return { terraformFails: true, firstError: configureError.terraformError };
  return { terraformFails: false, firstError: null };
}

function diagnoseModule(t: TraceBuilder, module: ModuleFacts): void {
  for (const problem of module.problems) {
    t.diagnose(problem.code, problem.severity, problem.message, problem.at, problem.fix);
  }
  if (module.drift.length > 0) {
    const lines = module.drift.map((d) => `${d.name}: cached ${d.cached}, now ${d.current}`).join("; ");
    t.diagnose(
      "backend-cache-drift",
      "warning",
      `The backend configuration cached by the last terraform init (${module.cacheFile}) differs from the current configuration (${lines}); commands other than init keep using the cached values.`,
      module.cacheAt,
      "Run terraform init -reconfigure (or -migrate-state to move existing state).",
    );
  }
}

function diagnoseSharedFiles(t: TraceBuilder, shared: SharedConfigSet, selection: SharedFileSelection): void {
  for (const dropped of shared.dropped) {
    if (dropped.reason === "replaced-by-profile-section") continue;
    const at = dropped.headers[0] ?? null;
    const fix =
      dropped.reason === "config-section-without-profile-prefix"
        ? `Rename the section to [profile ${dropped.name}].`
        : `Rename the section to [${dropped.name.replace(/^profile\s+/, "")}].`;
    t.diagnose(dropped.reason, "warning", dropped.message, at, fix);
  }
  for (const file of shared.files) {
    if (file.state === "unreadable") {
      t.diagnose(
        "shared-file-unreadable",
        "warning",
        `${file.display} exists but cannot be read (${file.message ?? "unreadable"}); the Go SDK skips it silently.`,
        null,
        `Fix the permissions of ${file.display}.`,
      );
    }
  }
  for (const failed of selection.expansionErrors) {
    t.diagnose(
      "shared-file-unreadable",
      "warning",
      `${failed.from} = ${failed.path}: Terraform cannot expand a ~user path.`,
      null,
      "Use an absolute path or ~/….",
    );
  }
}

function diagnoseRegion(t: TraceBuilder, region: RegionAnswer, chain: ChainOutcome): void {
  if (region.value !== null || "unknown" in region) return;
  const profileRegion = chain.profile?.region;
  if (profileRegion) {
    t.diagnose(
      "region-only-in-profile",
      "error",
      `The region is set only in profile "${chain.profile!.name}" (${formatLocation(profileRegion.at)}); the S3 backend never reads a profile's region, so Terraform fails with "Missing region value".`,
      profileRegion.at,
      `Add region = "${profileRegion.value}" to the backend configuration, or export AWS_REGION=${profileRegion.value}.`,
    );
    return;
  }
  if (region.error.code === "region-missing") {
    t.diagnose(
      "region-missing",
      "error",
      `Terraform fails with "Missing region value": ${region.error.message}`,
      null,
      'Add region = "…" to the backend configuration or export AWS_REGION.',
      undefined,
    );
  }
}

/**
 * The backend never reads `provider "aws"` blocks (Terraform configures the backend before any provider). Flags
 * each auth setting there that would have changed the answer had it been in the backend, and names the backend
 * setting that does what the provider block does: a profile whose role_arn is the provider's role, when one exists.
 */
function diagnoseProviderBlocks(
  t: TraceBuilder,
  module: ModuleFacts,
  chain: ChainOutcome,
  backend: BackendView,
  profiles: ProfileCatalog,
): void {
  const usedProfiles = profileChainNames(chain.profile);
  const usedRoles = new Set(chain.credentials.assumeRoles);
  const staticKeys = backend.has("access_key");
  const target = module.fixTarget;
  for (const provider of module.providers) {
    const differences: string[] = [];
    const label = provider.alias ? `provider "aws" (alias ${provider.alias})` : 'provider "aws"';
    const profile = provider.profile;
    const profileDiffers = profile !== null && !staticKeys && !usedProfiles.has(profile.value);
    if (profileDiffers) differences.push(`profile = "${profile.value}" (${formatLocation(profile.at)})`);
    const roles = provider.assumeRoles.filter((role) => !usedRoles.has(role.value));
    for (const role of roles) differences.push(`assume_role ${role.value} (${formatLocation(role.at)})`);
    for (const key of provider.staticKeys) differences.push(`${key.name} (${formatLocation(key.at)})`);
    for (const file of provider.sharedFiles) differences.push(`${file.name} (${formatLocation(file.at)})`);
    if (differences.length === 0) continue;

    const role = roles[0]?.value;
    const matching = role ? profileAssuming(profiles, role, profile?.value) : null;
    let fix: string;
    if (matching) {
      fix = `Add profile = "${matching}" to ${target}: profile "${matching}" assumes ${role}${profile ? ` from "${profile.value}"` : ""}, as the provider block does.`;
    } else {
      const parts = [
        ...(profileDiffers ? [`profile = "${profile!.value}"`] : []),
        ...roles.map((r) => `assume_role = { role_arn = "${r.value}" }`),
      ];
      fix =
        parts.length > 0
          ? `Add ${parts.join(" and ")} to ${target}.`
          : `Move the credentials into the backend configuration (${target}) or the environment.`;
    }
    t.diagnose(
      "provider-credentials-ignored",
      "warning",
      `${label} at ${formatLocation(provider.at)} sets ${differences.join(", ")}, but the S3 backend never reads provider blocks: it is configured first, from its own block, -backend-config and the environment. It uses ${describeAnswer(chain)} instead.`,
      provider.at,
      fix,
      [provider.at],
    );
  }
}

/** The profile and its source_profile hops: the names whose keys the chain used. */
function profileChainNames(profile: ChainOutcome["profile"]): Set<string> {
  const names = new Set<string>();
  for (let p: ChainOutcome["profile"] | undefined = profile; p; p = p.source) names.add(p.name);
  return names;
}

/** A profile whose role_arn is `role`, preferring one whose source_profile is `source`. */
function profileAssuming(profiles: ProfileCatalog, role: string, source: string | undefined): string | null {
  let fallback: string | null = null;
  for (const name of profiles.names()) {
    const resolved = profiles.resolve(name);
    if (resolved.state !== "found" || resolved.profile.roleArn?.value !== role) continue;
    if (source === undefined || resolved.profile.sourceProfileName?.value === source) return name;
    fallback ??= name;
  }
  return fallback;
}

function describeAnswer(chain: ChainOutcome): string {
  const c = chain.credentials;
  if (c.status === "unknown") return "credentials tfwhy cannot tell offline (see below)";
  if (c.status === "failed") return `nothing that works (${c.error?.terraformError ?? "it fails"})`;
  const profile = c.profile
    ? `profile "${c.profile.name}"${c.profile.from === "default" ? " ([default], because nothing names another)" : ` (from ${c.profile.from})`}`
    : null;
  const key = c.accessKeyId ? `, key ${c.accessKeyId}` : "";
  return `${profile ?? c.source}${profile ? ` via ${c.source}` : ""}${key}`;
}

function summarizeBackend(module: ModuleFacts, backend: BackendView): BackendSummary {
  const str = (name: string) => backend.string(name) ?? null;
  return {
    block: module.block,
    fixTarget: module.fixTarget,
    bucket: str("bucket"),
    key: str("key"),
    workspaceKeyPrefix: module.attributes.has("workspace_key_prefix")
      ? (backend.string("workspace_key_prefix") ?? "")
      : "env:",
    dynamodbTable: str("dynamodb_table"),
    useLockfile: backend.bool("use_lockfile") ?? false,
    encrypt: backend.bool("encrypt") ?? false,
    kmsKeyId: str("kms_key_id"),
    usePathStyle: backend.bool("use_path_style") ?? backend.bool("force_path_style") ?? false,
    attributes: backend
      .names()
      .map((name) => ({ name, shown: backend.shown(name) ?? "", via: backend.via(name)!, at: backend.at(name) })),
    ...(module.unevaluated.size > 0 ? { unevaluated: [...module.unevaluated.keys()].sort() } : {}),
  };
}

const SEVERITY_ORDER = { error: 0, warning: 1, info: 2 } as const;

function sortDiagnostics(diagnostics: Diagnostic[]): Diagnostic[] {
  return diagnostics
    .map((d, i) => ({ d, i }))
    .sort((a, b) => SEVERITY_ORDER[a.d.severity] - SEVERITY_ORDER[b.d.severity] || a.i - b.i)
    .map(({ d }) => d);
}

export type { Location };
