/**
 * Conformance: real Terraform 1.11 against moto on loopback is the judge of tfwhy's predictions.
 *
 * For every scenario in scenarios.ts: run Terraform (harness/run-terraform.ts) against a moto server started by
 * harness/moto_server.py (which patches moto's SigV4 re-signing bug and reshapes auth errors, see that file), then
 * run tfwhy's explainCredentials on the same inputs and assert agreement (harness/compare.ts).
 *
 * Env: TFWHY_CONFORMANCE_OBSERVE=1 only runs Terraform and records observations (no tfwhy needed);
 *      TFWHY_CONFORMANCE_ONLY=<regex> runs matching scenarios only; TFWHY_CONFORMANCE_KEEP=1 keeps the temp dirs
 *      (module, HOME, Terraform debug logs, outputs) and prints where; TFWHY_CONFORMANCE_CONCURRENCY (default 3). Results: conformance/.results/results.json,
 *      report: docs/conformance.md (also `generate-report.ts`).
 */
import { afterAll, beforeAll, describe, test } from "vitest";
import type { Explanation, World } from "../packages/core/src/index.js";
import { maskAccessKeyId } from "../packages/core/src/redact.js";
import { reportIsCurrent, writeReport } from "./generate-report.js";
import { compare, contradictions } from "./harness/compare.js";
import { missingPrerequisite, toolVersions } from "./harness/prereqs.js";
import { type PredictionSummary, type ScenarioResult, writeResults } from "./harness/results.js";
import { cleanupScenarioDirs, observeScenario, type PreparedScenario } from "./harness/run-terraform.js";
import { ServerPool } from "./harness/server.js";
import type { TerraformObservation } from "./harness/types.js";
import { scenarios as allScenarios } from "./scenarios.js";

const OBSERVE = process.env["TFWHY_CONFORMANCE_OBSERVE"] === "1";
const ONLY = process.env["TFWHY_CONFORMANCE_ONLY"];
const CONCURRENCY = Number(process.env["TFWHY_CONFORMANCE_CONCURRENCY"] ?? 3);
const scenarios = ONLY ? allScenarios.filter((s) => new RegExp(ONLY).test(s.name)) : allScenarios;

const missing = missingPrerequisite();
if (missing) console.log(`conformance: skipped, ${missing}`);

type Explain = (input: { dir: string; backendConfig: string[] }, world: World) => Promise<Explanation>;
interface Core {
  explainCredentials: Explain;
  createNodeWorld: (overrides: Partial<World>) => World;
}

/** tfwhy's core, or a clear reason it cannot be used yet. */
async function loadCore(): Promise<Core> {
  let mod: Partial<Core>;
  try {
    mod = (await import("../packages/core/src/index.js")) as unknown as Partial<Core>;
  } catch (error) {
    throw new Error(
      `tfwhy core (packages/core/src/index.ts) could not be loaded: ${String(error)}. ` +
        "Run with TFWHY_CONFORMANCE_OBSERVE=1 to only observe Terraform.",
      { cause: error },
    );
  }
  if (typeof mod.explainCredentials !== "function") {
    throw new Error(
      "packages/core/src/index.ts does not export explainCredentials yet: run with TFWHY_CONFORMANCE_OBSERVE=1 to only observe Terraform",
    );
  }
  return mod as Core;
}

function summarize(exp: Explanation): PredictionSummary {
  const c = exp.credentials;
  return {
    status: c.status,
    source: c.source,
    sourceFile: c.sourceFile,
    accessKeyId: c.accessKeyId,
    profile: c.profile ? `${c.profile.name} (${c.profile.from})` : null,
    assumeRoles: c.assumeRoles,
    region: exp.region.value,
    error: c.error?.terraformError ?? ("error" in exp.region ? exp.region.error.terraformError : null),
  };
}

const THREW = (error: unknown): PredictionSummary => ({
  status: "threw",
  source: null,
  sourceFile: null,
  accessKeyId: null,
  profile: null,
  assumeRoles: [],
  region: null,
  error: null,
  threw: error instanceof Error ? error.message : String(error),
});

function slim(obs: TerraformObservation): ScenarioResult["observation"] {
  return {
    ...obs,
    commands: obs.commands.map((c) => ({
      command: c.command,
      exitCode: c.exitCode,
      durationMs: c.durationMs,
      credentialsSources: c.credentialsSources,
      warnings: c.warnings,
      requests: c.requests.map(({ error, ...r }) => (error ? { ...r, error: error.slice(0, 160) } : r)),
    })),
  };
}

describe.skipIf(missing !== null)("conformance with Terraform 1.11 + moto", () => {
  let pool: ServerPool;
  let core: Core | null = null;
  const results = new Map<string, ScenarioResult>();
  const started = Date.now();

  beforeAll(async () => {
    if (!OBSERVE) core = await loadCore(); // fails the suite clearly when the API is missing
    pool = await ServerPool.start(Math.min(CONCURRENCY, scenarios.length));
  });

  afterAll(async () => {
    await pool?.stop();
    cleanupScenarioDirs(process.env["TFWHY_CONFORMANCE_KEEP"] === "1");
    if (results.size === 0) return;
    const versions = toolVersions();
    const ordered = scenarios.flatMap((s) => results.get(s.name) ?? []);
    const file = {
      generatedAt: new Date().toISOString(),
      ...versions,
      mode: OBSERVE ? ("observe" as const) : ("compare" as const),
      durationMs: Date.now() - started,
      results: ordered,
    };
    writeResults(file);
    // docs/conformance.md carries a timestamp: rewritten only on request (pnpm conformance), so pnpm test leaves the
    // tree clean; a full compare run checks that it is current, run-time values aside.
    if (ONLY || OBSERVE) return;
    if (process.env["TFWHY_CONFORMANCE_REPORT"] === "1") writeReport(file);
    else if (!reportIsCurrent(file)) {
      throw new Error("docs/conformance.md is out of date with this run: regenerate it with `pnpm conformance`");
    }
  });

  // test.for (not .each) so each concurrent test gets its own `expect` (a global expect would blame the wrong test).
  test.concurrent.for(scenarios.map((s) => [s.name, s] as const))("%s", async ([, scenario], { expect }) => {
    const { observation, prepared } = await pool.with((server) => observeScenario(scenario, server));
    const result: ScenarioResult = {
      name: scenario.name,
      rule: scenario.rule,
      unverified: scenario.unverified ?? false,
      decidedAtRunTime: scenario.decidedAtRunTime ?? null,
      expect: scenario.expect ?? null,
      observation: slim(observation),
      contradictions: contradictions(observation, scenario.expect),
      prediction: null,
      comparison: null,
    };
    results.set(scenario.name, result);
    // `decidedAtRunTime`: the outcome depends on a server or a process (IAM decision, SSO portal, IMDS, a
    // credential_process exit code); explain cannot know it offline, so these scenarios only record what Terraform did.
    const serverDecides = scenario.decidedAtRunTime !== undefined;
    if (OBSERVE || core === null || serverDecides) {
      console.log(
        `${scenario.name}: source=${observation.source}${observation.sourceFile ? `:${observation.sourceFile}` : ""} ` +
          `key=${observation.signingKeyId ? maskAccessKeyId(observation.signingKeyId) : null} role=${observation.signingRole} exit=${observation.exitCode} ` +
          `errors=${JSON.stringify(observation.errors.map((e) => e.summary))}`,
      );
      return;
    }
    let explanation: Explanation;
    try {
      explanation = await predict(core, prepared);
    } catch (error) {
      results.set(scenario.name, { ...result, prediction: THREW(error) });
      throw error;
    }
    const comparison = compare(observation, explanation);
    results.set(scenario.name, { ...result, prediction: summarize(explanation), comparison });
    for (const check of comparison.checks) {
      expect.soft(check.ok, `${check.name}: Terraform ${check.terraform} vs tfwhy ${check.tfwhy}`).toBe(true);
    }
  });
});

/** tfwhy on exactly the inputs Terraform's last command had. */
function predict(core: Core, prepared: PreparedScenario): Promise<Explanation> {
  const world = core.createNodeWorld({ env: { ...prepared.lastEnv }, homeDir: prepared.home, cwd: prepared.module });
  return core.explainCredentials({ dir: prepared.module, backendConfig: [...prepared.backendConfig] }, world);
}
