/**
 * The least-privilege policy (packages/core/src/policy, `tfwhy policy`) held against real Terraform 1.11.4 on moto
 * with IAM enforced (moto's differences as shared/docs/moto-notes.md says; see policy/policy-cases.ts `forMoto`):
 *
 * - Enough: for each lock mode (none, lockfile, DynamoDB, both) × default-only and with workspaces, an IAM user
 *   whose ONLY policy is the generated one runs init, force-unlock of a stale lock, plan, apply (and workspace new,
 *   apply in it, workspace select default, workspace delete): all pass. The plan-only policies (with the lock, and
 *   `plan -lock=false` without) pass init and plan and fail apply. With a backend `assume_role`, the user's only
 *   policy is `sts:AssumeRole` on the role and the role's is the identity policy: all pass.
 * - Nothing superfluous: each action of each statement removed in turn makes a command fail, and that command is
 *   one the statement names for the action (from the call model). To stay within the time budget this runs once
 *   per lock mode, on the with-workspaces policy (a superset of the default-only and plan-only ones), stopping at
 *   the first failing command; and once for the assume-role user's sts:AssumeRole.
 *
 * `pnpm policy-proof` (TFWHY_POLICY_REPORT=1) also writes docs/policy.md; `pnpm test` never writes it.
 */
import { readFileSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import type { CallCommand } from "../packages/core/src/calls/terraform-calls.js";
import { LOCK_MODES, type LockMode } from "./calls-support.js";
import { missingPrerequisite } from "./harness/prereqs.js";
import { cleanupScenarioDirs, observeScenario } from "./harness/run-terraform.js";
import { ServerPool } from "./harness/server.js";
import type { CommandObservation, CommandSpec } from "./harness/types.js";
import {
  type AttachedPolicies,
  generated,
  PASS_CASES,
  type PolicyCase,
  policyCase,
  scenarioFor,
  without,
} from "./policy/policy-cases.js";
import {
  type MutationResult,
  type PassResult,
  POLICY_REPORT_PATH,
  renderPolicyReport,
  writePolicyReport,
} from "./policy/policy-report.js";

const missing = missingPrerequisite();
const passes: PassResult[] = [];
const mutations: MutationResult[] = [];

const label = (spec: CommandSpec): string =>
  spec.command === "force-unlock" ? "force-unlock (stale lock)" : [spec.command, ...(spec.args ?? [])].join(" ");

interface Mutation {
  readonly c: PolicyCase;
  readonly sid: string;
  readonly action: string;
  readonly named: readonly string[];
  /** Which attached document loses the action. */
  readonly from: keyof AttachedPolicies;
}

/**
 * One mutation per action of each statement of each lock mode's with-workspaces policy, and sts:AssumeRole of the
 * assume-role case's user.
 */
const MUTATIONS: readonly Mutation[] = [
  ...(Object.keys(LOCK_MODES) as LockMode[]).flatMap((lock) => {
    const c = policyCase(lock, "workspaces");
    return c.policy.identity.statements.flatMap((s) =>
      s.needs.map((need) => ({
        c,
        sid: s.statement.Sid,
        action: need.action,
        named: need.commands,
        from: "identity" as const,
      })),
    );
  }),
  ...[policyCase("both", "assume-role")].flatMap((c) =>
    c.policy.assumeRole.flatMap((p) =>
      p.statements.flatMap((s) =>
        s.needs.map((need) => ({
          c,
          sid: s.statement.Sid,
          action: need.action,
          named: need.commands,
          from: "assumeRole" as const,
        })),
      ),
    ),
  ),
];

function mutated(m: Mutation): AttachedPolicies {
  const attached = generated(m.c);
  const document = attached[m.from];
  if (document === undefined) throw new Error(`${m.c.name} has no ${m.from} policy`);
  return { ...attached, [m.from]: without(document, m.sid, m.action) };
}

function failedAt(commands: readonly CommandObservation[]): number | null {
  const index = commands.findIndex((o) => o.exitCode !== 0);
  return index === -1 ? null : index;
}

describe.skipIf(missing !== null)("the generated backend policy with Terraform 1.11 + moto (IAM enforced)", () => {
  let pool: ServerPool;
  beforeAll(async () => {
    pool = await ServerPool.start(4);
  });
  afterAll(async () => {
    await pool?.stop();
    cleanupScenarioDirs(process.env["TFWHY_CONFORMANCE_KEEP"] === "1");
    if (process.env["TFWHY_POLICY_REPORT"] === "1") writePolicyReport(passes, mutations);
    else if (
      passes.length === PASS_CASES.length &&
      mutations.length === MUTATIONS.length &&
      readFileSync(POLICY_REPORT_PATH, "utf8") !== renderPolicyReport(passes, mutations)
    ) {
      // deterministic: a full run that reads differently means the committed document is stale
      throw new Error("docs/policy.md is out of date with this run: regenerate it with `pnpm policy-proof`");
    }
  });

  test.concurrent.for(PASS_CASES.map((c) => [c.name, c] as const))("%s", async ([, c], { expect }) => {
    const { observation } = await pool.with((server) => observeScenario(scenarioFor(c, generated(c)), server));
    const outcomes = c.commands.map((spec, i) => ({ label: label(spec), ok: observation.commands[i]?.exitCode === 0 }));
    const failed = failedAt(observation.commands);
    passes.push({
      name: c.name,
      statements: c.policy.identity.statements.map((s) => s.statement.Sid),
      outcomes,
      asExpected: failed === c.expectFailureAt,
    });
    const detail = failed === null ? "" : observation.commands[failed]?.output.slice(0, 1500);
    expect(failed, `${c.name}: ${detail}`).toBe(c.expectFailureAt);
    if (c.expectFailureAt !== null) expect(observation.commands[c.expectFailureAt]?.output).toMatch(/AccessDenied/);
  });

  test.concurrent.for(MUTATIONS.map((m) => [`${m.c.name}: without ${m.action} in ${m.sid}`, m] as const))(
    "%s",
    async ([, m], { expect }) => {
      const c: PolicyCase = m.c;
      const name = `${c.name}-without-${m.sid}-${m.action.replace(":", "-")}`;
      const { observation } = await pool.with((server) =>
        observeScenario(scenarioFor(c, mutated(m), name), server, { stopAtFailure: true }),
      );
      const index = failedAt(observation.commands);
      const failed: CallCommand | null = index === null ? null : (c.commands[index]?.command ?? null);
      const lock = c.variant === "assume-role" ? `${c.lock} (assume_role; the user's policy)` : c.lock;
      mutations.push({ lock, sid: m.sid, action: m.action, failed, named: m.named });
      expect(failed, `removing ${m.action} from ${m.sid} broke nothing`).not.toBeNull();
      expect(m.named).toContain(failed);
    },
  );
});

test("each lock mode's policy has the statements its lock needs", () => {
  const sids = (lock: LockMode) =>
    policyCase(lock, "workspaces").policy.identity.statements.map((s) => s.statement.Sid);
  expect(sids("none")).toEqual(["ListStateWorkspaces", "ReadWriteDefaultState", "ReadWriteWorkspaceStates"]);
  expect(sids("both")).toEqual([
    "ListStateWorkspaces",
    "ReadWriteDefaultState",
    "ReadWriteWorkspaceStates",
    "Lockfile",
    "DynamoDbLockAndDigest",
  ]);
});
