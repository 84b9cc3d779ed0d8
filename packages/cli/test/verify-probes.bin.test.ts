/**
 * The built `tfwhy verify --write-probe` as a child process against moto on loopback, through a proxy that lets a
 * probe write land and holds back its answer: SIGINT while PutObject / the lockfile PutObject / PutItem is in flight,
 * and a store that answers only after --timeout. After each run the bucket (every version) and the lock table are
 * listed directly: no probe may remain, and the report may call removed only what is really gone. Regression tests
 * for issue 8: before the fix, cleanup was registered only after a write answered, so all of these left probes.
 */
import { spawn } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Figure, LONG_RUN, recordFigures } from "../../../reliability/record.js";
import { Moto, motoMissing } from "../../core/test/verify/moto.js";
import {
  enableVersioning,
  listProbeLeftovers,
  type SeenRequest,
  type SlowProxy,
  startSlowProxy,
} from "../../core/test/verify/slow-proxy.js";

const bin = fileURLToPath(new URL("../dist/bin.js", import.meta.url));
const built = existsSync(bin);
const missing = motoMissing();
const skipReason = !built ? "packages/cli/dist/bin.js is missing (run pnpm build first)" : missing;
if (skipReason) console.log(`verify probe clean-up (built bin) tests skipped: ${skipReason}`);

const BUCKET = "tfstate";
const TABLE = "tf-locks";
/** How long the proxy holds a probe write's answer: far beyond anything the test waits for. */
const HOLD_MS = 20_000;
const ROUNDS = LONG_RUN ? 5 : 1;

type Stage = "state PutObject" | "lockfile PutObject" | "PutItem";

const isProbeWrite =
  (stage: Stage) =>
  (r: SeenRequest): boolean => {
    if (stage === "PutItem") return r.target === "DynamoDB_20120810.PutItem" && r.body.includes(".tfwhy-probe-");
    const path = r.path.replace(/\?.*$/, "");
    if (r.method !== "PUT" || !path.includes(".tfwhy-probe-")) return false;
    return stage === "lockfile PutObject" ? path.endsWith(".tflock") : !path.endsWith(".tflock");
  };

interface Run {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly stdout: string;
  readonly stderr: string;
  /** ms from spawn to exit. */
  readonly elapsed: number;
  /** ms from the SIGINT (if any) to exit. */
  readonly afterInterrupt: number | null;
}

describe.skipIf(skipReason !== null)(
  "tfwhy verify --write-probe (built bin): interrupted and late probe writes leave nothing behind",
  { timeout: 60_000 },
  () => {
    let moto: Moto;
    let root: string;
    const figures = {
      interrupts: 0,
      interruptExit130: 0,
      lateAnswerRuns: 0,
      probesSeenWritten: 0,
      leftovers: 0,
      maxInterruptToExitMs: 0,
      maxLateRunMs: 0,
    };

    beforeAll(async () => {
      moto = await Moto.start();
      root = mkdtempSync(join(tmpdir(), "tfwhy-probes-bin-"));
    });
    afterAll(async () => {
      await moto?.stop();
      if (root) rmSync(root, { recursive: true, force: true });
      if (!skipReason) {
        const f: Record<string, Figure> = {
          "SIGINTs sent to the built CLI during a probe write": figures.interrupts,
          "of those, runs that exited 130": figures.interruptExit130,
          "runs where the store answered after --timeout": figures.lateAnswerRuns,
          "probe writes that landed while the client waited": figures.probesSeenWritten,
          "probe objects/versions/items left afterwards (must be 0)": figures.leftovers,
          "max ms from SIGINT to exit": figures.maxInterruptToExitMs,
          "max ms of a late-answer run (--timeout 1)": figures.maxLateRunMs,
        };
        recordFigures("probe-cleanup", f);
      }
    });

    async function freshStore(versioned: boolean): Promise<void> {
      await moto.reset();
      await moto.setup({ buckets: [{ name: BUCKET }], tables: [TABLE] });
      if (versioned) await enableVersioning(moto.endpoint, BUCKET);
    }

    function writeModule(name: string, endpoint: string, backend: string): string {
      const dir = join(root, name);
      mkdirSync(join(dir, "home"), { recursive: true });
      const lines = [
        `bucket = "${BUCKET}"`,
        'key = "prod/terraform.tfstate"',
        'region = "us-east-1"',
        "use_path_style = true",
        "skip_metadata_api_check = true",
        `endpoints = { s3 = "${endpoint}", sts = "${endpoint}", dynamodb = "${endpoint}", iam = "${endpoint}" }`,
        ...backend.split("\n").filter(Boolean),
      ];
      writeFileSync(
        join(dir, "main.tf"),
        `terraform {\n  backend "s3" {\n${lines.map((l) => `    ${l}`).join("\n")}\n  }\n}\n`,
      );
      return dir;
    }

    /** Runs the built CLI; `interruptWhen` resolves when SIGINT should be sent. Killed after 30 s whatever happens. */
    function tfwhy(dir: string, args: string[], interruptWhen?: Promise<unknown>): Promise<Run> {
      const child = spawn(process.execPath, [bin, "verify", dir, "--write-probe", ...args], {
        env: {
          PATH: process.env["PATH"] ?? "/usr/bin:/bin",
          HOME: join(dir, "home"),
          AWS_ACCESS_KEY_ID: "AKIAPROBESBIN0000001",
          AWS_SECRET_ACCESS_KEY: "probes-bin-secret-not-real",
          AWS_EC2_METADATA_DISABLED: "true",
          CHECKPOINT_DISABLE: "1",
        },
        stdio: ["ignore", "pipe", "pipe"],
      });
      const t0 = Date.now();
      let interruptedAt: number | null = null;
      let stdout = "";
      let stderr = "";
      child.stdout.on("data", (c: Buffer) => (stdout += c.toString()));
      child.stderr.on("data", (c: Buffer) => (stderr += c.toString()));
      const guard = setTimeout(() => child.kill("SIGKILL"), 30_000);
      void interruptWhen?.then(() => {
        if (child.exitCode !== null) return;
        interruptedAt = Date.now();
        child.kill("SIGINT");
      });
      return new Promise((resolve) => {
        child.on("close", (code, signal) => {
          clearTimeout(guard);
          const end = Date.now();
          resolve({
            code,
            signal,
            stdout,
            stderr,
            elapsed: end - t0,
            afterInterrupt: interruptedAt === null ? null : end - interruptedAt,
          });
        });
      });
    }

    /** The probe.cleanup line of the text report and the names it claims removed. */
    function claimedRemoved(stdout: string): string[] {
      const m = /Removed, and confirmed gone: (.*)\.$/m.exec(stdout);
      return m ? [...m[1]!.matchAll(/((?:s3|dynamodb):\/\/\S+)/g)].map((x) => x[1]!) : [];
    }

    async function expectNothingLeft(proxy: SlowProxy, run: Run, table: string | null): Promise<void> {
      const left = await listProbeLeftovers(moto.endpoint, BUCKET, table);
      figures.leftovers += left.length;
      figures.probesSeenWritten += proxy.held.length;
      expect(left, run.stdout).toEqual([]);
      // The report names every probe it removed; each one really is gone (checked above), and none is left unnamed.
      expect(run.stdout).not.toMatch(/Left behind/);
      const claimed = claimedRemoved(run.stdout);
      for (const h of proxy.held) {
        const name = h.target
          ? `dynamodb://${TABLE}/${(/"LockID":\{"S":"([^"]+)"/.exec(h.body) ?? [])[1]}`
          : `s3://${BUCKET}/${decodeURIComponent(h.path.replace(/^\/tfstate\//, "").replace(/\?.*$/, ""))}`;
        expect(claimed, run.stdout).toContain(name);
      }
      // Secrets never reach the output.
      expect(run.stdout + run.stderr).not.toContain("probes-bin-secret-not-real");
      expect(run.stdout + run.stderr).not.toContain("AKIAPROBESBIN0000001");
    }

    for (const [stage, backend, versioned] of [
      ["state PutObject", "", true],
      ["lockfile PutObject", "use_lockfile = true", false],
      ["PutItem", `dynamodb_table = "${TABLE}"`, false],
    ] as const) {
      it(`SIGINT while the probe's ${stage} is in flight (it landed; the answer is held): exit 130, "cancelled", nothing left`, async () => {
        for (let round = 0; round < ROUNDS; round++) {
          await freshStore(versioned);
          const proxy = await startSlowProxy(moto.endpoint, (r) => (isProbeWrite(stage)(r) ? HOLD_MS : null));
          try {
            const dir = writeModule(`int-${stage.replace(/\W/g, "")}-${round}`, proxy.endpoint, backend);
            const run = await tfwhy(dir, ["--timeout", "15"], proxy.nextHeld());
            figures.interrupts++;
            figures.maxInterruptToExitMs = Math.max(figures.maxInterruptToExitMs, run.afterInterrupt ?? 0);
            expect(proxy.held).toHaveLength(1);
            expect(run.signal).toBeNull();
            expect(run.code, run.stderr).toBe(130);
            figures.interruptExit130++;
            expect(run.stderr).toContain("tfwhy: interrupted; removing probes…");
            expect(run.stdout.split("\n")[0]).toMatch(/^Verify cancelled: interrupted before every check ran/);
            expect(run.stdout).not.toMatch(/^Verify failed/m);
            await expectNothingLeft(proxy, run, TABLE);
            // The clean-up has its own deadline (2 × 15 s here) but on a live store takes well under a few seconds.
            expect(run.afterInterrupt).toBeLessThan(5000);
          } finally {
            await proxy.close();
          }
        }
      });
    }

    it("a store that answers only after --timeout (PutObject and PutItem both land): nothing left, and the report names both as removed", async () => {
      for (let round = 0; round < ROUNDS; round++) {
        await freshStore(true);
        const proxy = await startSlowProxy(moto.endpoint, (r) =>
          isProbeWrite("state PutObject")(r) || isProbeWrite("PutItem")(r) ? 2500 : null,
        );
        try {
          const dir = writeModule(`late-${round}`, proxy.endpoint, `dynamodb_table = "${TABLE}"`);
          const run = await tfwhy(dir, ["--timeout", "1"]);
          figures.lateAnswerRuns++;
          figures.maxLateRunMs = Math.max(figures.maxLateRunMs, run.elapsed);
          expect(proxy.held.map((h) => (h.target ? "PutItem" : "PutObject"))).toEqual(["PutObject", "PutItem"]);
          expect(run.code).toBe(1);
          expect(run.stdout).toMatch(/✗ fail\s+Write probe: s3:PutObject/);
          expect(run.stdout).toMatch(/✓ pass\s+Write probes cleaned up/);
          await expectNothingLeft(proxy, run, TABLE);
          // Two timed-out writes (1 s each) plus the clean-up on a live store, and start-up.
          expect(run.elapsed).toBeLessThan(2 * 1000 + 3000);
        } finally {
          await proxy.close();
        }
      }
    });
  },
);
