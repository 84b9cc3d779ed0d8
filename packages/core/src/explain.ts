import { BackendView } from "./backend/backend-view.js";
import { readModuleFacts } from "./backend/module-facts.js";
import type { CredentialPlan } from "./chain/plan.js";
import { resolveProfileName } from "./chain/profile-name.js";
import { walkTerraformChain } from "./chain/terraform-s3.js";
import { TraceBuilder } from "./chain/trace-builder.js";
import { InvalidInputError } from "./errors.js";
import {
  diagnoseModule,
  diagnoseRegion,
  diagnoseSharedFiles,
  diagnoseUnknownOffline,
  sortDiagnostics,
} from "./explain/diagnose.js";
import { diagnoseProviderBlocks } from "./explain/diagnose-provider-blocks.js";
import { addSharedConfigSecrets, profileCatalog, readSharedConfig } from "./explain/shared-config.js";
import { summarizeBackend } from "./explain/summarize-backend.js";
import { decideVerdict } from "./explain/verdict.js";
import type { Location } from "./location.js";
import { SecretRedactor } from "./redact.js";
import { type BackendSettings, resolveClientSettings } from "./settings/client-settings.js";
import { readProfileEndpointSettings, resolveEndpoints } from "./settings/endpoints.js";
import { expandTerraformPath } from "./settings/expand.js";
import { resolveRegion } from "./settings/region.js";
import { selectSharedFiles } from "./settings/shared-file-selection.js";
import { describeWorkspace, selectWorkspace } from "./settings/workspace.js";
import type { Explanation } from "./trace.js";
import { createNodeWorld } from "./world/node-world.js";
import type { World } from "./world/world.js";

export interface ExplainInput {
  /** The root module directory (Terraform's working directory). Relative to the world's cwd. */
  readonly dir: string;
  /** Every `-backend-config` argument in command-line order: a file path or `name=value`. */
  readonly backendConfig?: readonly string[];
  /**
   * Explain this workspace instead of the selected one: overrides TF_WORKSPACE and `.terraform/environment`.
   * Validated like TF_WORKSPACE (an invalid name throws `InvalidInputError`).
   */
  readonly workspace?: string;
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

  // Terraform runs in the root module (`-chdir` or where it is started): relative file names resolve there.
  const selection = selectSharedFiles(backend, env, world.homeDir, module.dir);
  const shared = await withRedactedErrors(redactor, () => readSharedConfig(world, selection, module.dir));
  addSharedConfigSecrets(redactor, shared);
  const profiles = profileCatalog(shared);
  const chain = await walkTerraformChain({
    backend,
    unevaluated: module.unevaluated,
    env,
    profiles,
    world,
    expandPath: (path) => expandTerraformPath(path, env, world.homeDir) ?? path,
    workingDir: module.dir,
  });
  const region = resolveRegion(backend, env, module.unevaluated);
  const profileEndpoints = readProfileEndpointSettings(shared, resolveProfileName(backend, env).name);
  const selected = await selectWorkspace(world, module.dir, input.workspace);

  // The provider-block diagnostic comes first: when it applies it is usually the whole story.
  const first = new TraceBuilder();
  diagnoseProviderBlocks(first, module, chain, backend, profiles, env);
  const extra = new TraceBuilder();
  diagnoseModule(extra, module);
  diagnoseSharedFiles(extra, shared);
  diagnoseRegion(extra, region, chain, module);
  diagnoseUnknownOffline(extra, region, chain);
  const diagnostics = sortDiagnostics([...first.diagnostics, ...chain.diagnostics, ...extra.diagnostics]);

  const summary = summarizeBackend(module, backend);
  const raw: Explanation = {
    schemaVersion: 1,
    terraformVersion: "1.11",
    dir: module.dir,
    verdict: decideVerdict(module, region, chain),
    backend: summary,
    credentials: chain.credentials,
    region,
    endpoints: resolveEndpoints(backend, env, profileEndpoints),
    workspace: describeWorkspace(selected, summary),
    steps: chain.steps,
    diagnostics,
  };
  // The last net: whatever text still holds a secret tfwhy read, or a key id or URL user-info, is hidden here.
  const explanation = redactor.redactDeep(raw);
  // From the unredacted answer: the clients use the real values (endpoint user-info included).
  const settings = resolveClientSettings(raw, backend, env, profileEndpoints);
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

export type { Location };
