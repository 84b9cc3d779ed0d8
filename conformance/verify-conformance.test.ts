/**
 * Verify conformance: `tfwhy verify` is the gate a pipeline runs before `terraform init`, so all green must mean
 * Terraform gets through and a red check must be something Terraform really hits. For each setup in
 * verify/setups.ts (an IAM user against moto with IAM enforced): verify runs first on the freshly seeded server,
 * without and with write probes (and through the built CLI for a few), and must leave the bucket and table as
 * seeded; then real Terraform 1.11.4 runs the pipeline on a server seeded again. verify/agreement.ts says when they
 * agree; every setup agrees except those in verify/known-disagreements.ts, which must still disagree.
 *
 * moto is adjusted the AWS way for these setups (conformance/harness/moto_server.py): a missing key answers 403
 * without s3:ListBucket; HeadBucket is authorised as s3:ListBucket.
 *
 * Env: TFWHY_VERIFY_REPORT=1 writes docs/verify-conformance.md (pnpm verify-conformance); TFWHY_VERIFY_ONLY=<regex>
 * runs matching setups only; TFWHY_VERIFY_CONCURRENCY (default 4).
 */
import { readFileSync, writeFileSync } from "node:fs";
import { afterAll, beforeAll, describe, test } from "vitest";
import { missingPrerequisite, toolVersions } from "./harness/prereqs.js";
import { cleanupScenarioDirs } from "./harness/run-terraform.js";
import { ServerPool } from "./harness/server.js";
import { agreement } from "./verify/agreement.js";
import { KNOWN_DISAGREEMENTS } from "./verify/known-disagreements.js";
import {
  renderVerifyReport,
  type SetupResult,
  summarize,
  VERIFY_REPORT_PATH,
  writeVerifyReport,
} from "./verify/report.js";
import { runSetup } from "./verify/run-setup.js";
import { EXCLUDED, SETUPS } from "./verify/setups.js";

const ONLY = process.env["TFWHY_VERIFY_ONLY"];
const CONCURRENCY = Number(process.env["TFWHY_VERIFY_CONCURRENCY"] ?? 4);
const setups = ONLY ? SETUPS.filter((s) => new RegExp(ONLY).test(s.scenario.name)) : SETUPS;
const missing = missingPrerequisite();
// `vitest run conformance/conformance.test.ts` also matches this file: a run narrowed to credential scenarios
// (TFWHY_CONFORMANCE_ONLY) skips the verify setups unless TFWHY_VERIFY_ONLY asks for some.
const narrowedElsewhere = process.env["TFWHY_CONFORMANCE_ONLY"] !== undefined && ONLY === undefined;

describe.skipIf(missing !== null || narrowedElsewhere)(
  "verify held against Terraform 1.11 on moto with IAM enforced",
  () => {
    let pool: ServerPool;
    const results = new Map<string, SetupResult>();
    const started = Date.now();

    beforeAll(async () => {
      pool = await ServerPool.start(Math.min(CONCURRENCY, setups.length));
    });

    afterAll(async () => {
      await pool?.stop();
      cleanupScenarioDirs(false);
      const ordered = setups.flatMap((s) => results.get(s.scenario.name) ?? []);
      console.log(`verify conformance: ${summarize(ordered).line} (${((Date.now() - started) / 1000).toFixed(1)} s)`);
      const dump = process.env["TFWHY_VERIFY_DUMP"]; // a JSON file of every result, for debugging a setup
      if (dump) writeFileSync(dump, JSON.stringify(ordered, null, 1));
      if (ONLY || ordered.length !== SETUPS.length) return;
      const report = { ...toolVersions(), results: ordered, excluded: EXCLUDED };
      if (process.env["TFWHY_VERIFY_REPORT"] === "1") writeVerifyReport(report);
      else if (readFileSync(VERIFY_REPORT_PATH, "utf8") !== renderVerifyReport(report)) {
        // deterministic (fixed key ids, no times): a full run that reads differently means the document is stale
        throw new Error(
          "docs/verify-conformance.md is out of date with this run: regenerate it with `pnpm verify-conformance`",
        );
      }
    });

    test("every known disagreement names a setup", ({ expect }) => {
      const names = new Set(SETUPS.map((s) => s.scenario.name));
      expect(Object.keys(KNOWN_DISAGREEMENTS).filter((n) => !names.has(n))).toEqual([]);
      expect(SETUPS.length).toBeGreaterThanOrEqual(44);
      expect(names.size).toBe(SETUPS.length);
    });

    test.concurrent.for(setups.map((s) => [s.scenario.name, s] as const))("%s", async ([name, setup], { expect }) => {
      const run = await pool.with((server) => runSetup(setup, server));
      const commands = run.observation.commands;
      const plain = agreement(commands, run.verify.checks);
      const probe = agreement(commands, run.verifyProbe.checks);
      results.set(name, { setup, run, plain, probe });
      // verify is read-only without --write-probe; with it, it removes its probes, and names every one it could not
      for (const change of run.changes) {
        const cli = run.cli.find((c) => c.writeProbe);
        const cleanup =
          change.run === "verify --write-probe"
            ? (run.verifyProbe.checks.find((c) => c.id === "probe.cleanup")?.detail ?? "")
            : change.run === "cli --write-probe"
              ? (cli?.cleanupDetail ?? "")
              : "";
        expect(change.removed, `${change.run} removed entries`).toEqual([]);
        const unnamed = change.added.filter((n) => !cleanup.includes(n));
        expect(unnamed, `${change.run} left entries its probe.cleanup check does not name`).toEqual([]);
      }
      for (const cli of run.cli) {
        const inProcess = cli.writeProbe ? run.verifyProbe : run.verify;
        expect(cli.exitCode, `CLI exit code${cli.writeProbe ? " --write-probe" : ""}`).toBe(inProcess.ok ? 0 : 1);
        const failing = inProcess.checks.filter((c) => c.status === "fail").map((c) => c.code);
        expect(cli.failing, "CLI failing checks").toEqual(failing);
      }
      // a mode listed in KNOWN_DISAGREEMENTS must still disagree (fixing verify forces removing it), any other agree
      const known = KNOWN_DISAGREEMENTS[name] ?? {};
      for (const [mode, result] of [
        ["plain", plain],
        ["probe", probe],
      ] as const) {
        const reason = known[mode];
        if (reason === undefined) expect(result.reason, `verify (${mode}) disagrees with Terraform`).toBe("");
        else expect(result.agree, `known disagreement (${mode}) now agrees, remove it: ${reason}`).toBe(false);
      }
    });
  },
);
