/**
 * `tfwhy verify --recursive` end to end against moto on loopback (through core's Moto helper, which logs every
 * request the harness receives): six root modules share one bucket and one lock table; five sign with the [default]
 * profile's user and one with [ops]. The shared read-only calls must reach AWS once per identity, every module's
 * own state key and lock item must still be read, and write probes must stay each module's own. The same modules
 * verified one by one, without the deduping port, give the "before" count.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { createNodeWorld, type S3Target, verifyBackend } from "@tfwhy/core";
import type { RecursiveVerifyReport } from "@tfwhy/reporter";
import { Ajv2020 } from "ajv/dist/2020.js";
import addFormats from "ajv-formats";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  allow,
  createSdkAwsPort,
  guardedWrite,
  isMutating,
  Moto,
  motoMissing,
  type RequestRecord,
  SETUP_KEY,
} from "../../core/test/verify/moto.js";
import explainSchema from "../../reporter/schema/explain.schema.json" with { type: "json" };
import recursiveVerifySchema from "../../reporter/schema/recursive-verify.schema.json" with { type: "json" };
import verifySchema from "../../reporter/schema/verify.schema.json" with { type: "json" };
import { type CliIo, createNodeIo } from "../src/io.js";
import { main } from "../src/main.js";

const missing = motoMissing();
if (missing) console.log(`verify --recursive moto test skipped: ${missing}`);

const BUCKET = "tfstate";
const TABLE = "tf-locks";
const REGION = "us-east-1";
const CI = { accessKeyId: "AKIACIUSER000000C001", secretAccessKey: "ci-secret-not-real" };
const OPS = { accessKeyId: "AKIAOPSUSER00000O002", secretAccessKey: "ops-secret-not-real" };
/** m0…m4 sign with [default] (CI), m5 with profile "ops". */
const MODULES = ["m0", "m1", "m2", "m3", "m4", "m5"];
const stateKey = (module: string) => `${module}/terraform.tfstate`;

describe.skipIf(missing !== null)(
  "tfwhy verify --recursive against moto: identical calls are sent once",
  { timeout: 120_000 },
  () => {
    let moto: Moto;
    let root: string;

    beforeAll(async () => {
      moto = await Moto.start();
      await moto.reset();
      await moto.setup({
        buckets: [{ name: BUCKET }],
        tables: [TABLE],
        // moto checks DynamoDB actions against Resource "*" only (moto 5.2.1), hence allow() on "*".
        users: [
          { name: "ci", ...CI, policy: allow("s3:*", "dynamodb:*") },
          { name: "ops", ...OPS, policy: allow("s3:*", "dynamodb:*") },
        ],
      });
      // Each module's existing state, put with the harness key (not logged), through core's own port.
      const setup = createSdkAwsPort();
      const target: S3Target = {
        region: REGION,
        endpoint: moto.endpoint,
        maxAttempts: 1,
        timeoutMs: 10_000,
        credentials: SETUP_KEY,
        forcePathStyle: true,
      };
      for (const module of MODULES) {
        const body = JSON.stringify({
          version: 4,
          terraform_version: "1.11.4",
          serial: 1,
          lineage: module,
          outputs: {},
          resources: [],
        });
        await setup.putObject(target, { bucket: BUCKET, key: stateKey(module), body, checksumSha256: false });
      }
      await moto.enforce();

      root = mkdtempSync(join(tmpdir(), "tfwhy-verify-recursive-"));
      const write = (path: string, text: string) => {
        mkdirSync(dirname(join(root, path)), { recursive: true });
        writeFileSync(join(root, path), text);
      };
      write(
        "home/.aws/credentials",
        `[default]\naws_access_key_id = ${CI.accessKeyId}\naws_secret_access_key = ${CI.secretAccessKey}\n\n` +
          `[ops]\naws_access_key_id = ${OPS.accessKeyId}\naws_secret_access_key = ${OPS.secretAccessKey}\n`,
      );
      const e = moto.endpoint;
      for (const module of MODULES) {
        const lines = [
          `bucket = "${BUCKET}"`,
          `key = "${stateKey(module)}"`,
          `region = "${REGION}"`,
          `dynamodb_table = "${TABLE}"`,
          "use_path_style = true",
          "skip_metadata_api_check = true",
          `endpoints = { s3 = "${e}", sts = "${e}", dynamodb = "${e}", iam = "${e}" }`,
          ...(module === "m5" ? ['profile = "ops"'] : []),
        ];
        write(
          `tree/${module}/main.tf`,
          `terraform {\n  backend "s3" {\n${lines.map((l) => `    ${l}`).join("\n")}\n  }\n}\n`,
        );
      }
    }, 60_000);

    afterAll(async () => {
      await moto?.stop();
      if (root) rmSync(root, { recursive: true, force: true });
    });

    /**
     * `tfwhy <argv>` in this process with an empty environment, from `root`; returns its output and moto's log of
     * it.
     */
    async function tfwhy(argv: string[]) {
      const out: string[] = [];
      const err: string[] = [];
      const { onInterrupt: _ignored, ...node } = createNodeIo();
      const io: CliIo = {
        ...node,
        argv,
        env: {},
        cwd: root,
        stdout: (t) => void out.push(t),
        stderr: (t) => void err.push(t),
        stdoutIsTTY: false,
        stderrIsTTY: false,
      };
      const offset = moto.logOffset();
      const code = await main(io);
      return { code, stdout: out.join(""), stderr: err.join(""), requests: moto.requestsSince(offset) };
    }

    /**
     * The same modules verified one at a time, each with its own (non-deduping) SDK port: what it costs without
     * dedupe.
     */
    async function verifyEachAlone(): Promise<RequestRecord[]> {
      const offset = moto.logOffset();
      for (const module of MODULES) {
        const dir = join(root, "tree", module);
        const world = createNodeWorld({ env: {}, homeDir: join(root, "home"), cwd: dir });
        const report = await verifyBackend({ dir, backendConfig: [] }, world);
        expect(report.checks.filter((c) => c.status === "fail")).toEqual([]);
      }
      return moto.requestsSince(offset);
    }

    const count = (requests: readonly RequestRecord[], operation: string, keyId?: string) =>
      requests.filter((r) => r.operation === operation && (keyId === undefined || r.keyId === keyId)).length;

    it(
      "sends GetCallerIdentity, GetBucketPolicy, DescribeTable… once per identity, " +
        "reads every module's state, and the JSON validates",
      async () => {
        const before = await verifyEachAlone();
        const after = await tfwhy(["verify", "--recursive", "tree", "--home", "home", "--no-env", "--format", "json"]);
        expect(after.stderr).toBe("");
        expect(after.code).toBe(0);

        const report = JSON.parse(after.stdout) as RecursiveVerifyReport;
        const ajv = new Ajv2020({ strict: false });
        addFormats.default(ajv);
        ajv.addSchema(explainSchema);
        ajv.addSchema(verifySchema);
        expect(ajv.validate(recursiveVerifySchema, report), ajv.errorsText()).toBe(true);
        expect(report.modules.map((m) => m.dir)).toEqual(MODULES);
        for (const module of report.modules) {
          expect("report" in module && module.report.ok, module.dir).toBe(true);
          if ("report" in module)
            expect(module.report.identity?.arn).toBe(
              `arn:aws:iam::123456789012:user/${module.dir === "m5" ? "ops" : "ci"}`,
            );
        }

        // Once per distinct identity: the shared, bucket- and table-level reads.
        for (const operation of [
          "GetCallerIdentity",
          "HeadBucket",
          "ListObjectsV2",
          "GetBucketPolicy",
          "GetBucketEncryption",
          "GetBucketVersioning",
          "DescribeTable",
        ]) {
          expect
            .soft([
              operation,
              count(after.requests, operation, CI.accessKeyId),
              count(after.requests, operation, OPS.accessKeyId),
            ])
            .toEqual([operation, 1, 1]);
          expect.soft([operation, count(before, operation)]).toEqual([operation, MODULES.length]);
        }
        // Every module's own state key and lock item are still read, with its module's identity.
        for (const module of MODULES) {
          const keyId = module === "m5" ? OPS.accessKeyId : CI.accessKeyId;
          const reads = after.requests.filter(
            (r) =>
              r.path === `/${BUCKET}/${stateKey(module)}` &&
              (r.operation === "HeadObject" || r.operation === "GetObject"),
          );
          expect(reads.length, module).toBeGreaterThan(0);
          expect(reads.every((r) => r.keyId === keyId && r.status < 300)).toBe(true);
        }
        expect(count(after.requests, "GetItem")).toBe(MODULES.length);
        // only the authorisation checks' guarded writes, which never land
        expect(after.requests.filter(isMutating).every(guardedWrite)).toBe(true);

        // dedupedCalls is exactly what the log saw saved.
        expect(report.dedupedCalls).toBe(before.length - after.requests.length);
        expect(JSON.stringify(report)).not.toMatch(/secret-not-real|AKIACIUSER000000C001|AKIAOPSUSER00000O002/);
        console.info(
          `verify --recursive over ${MODULES.length} modules: ${before.length} AWS requests one by one, ` +
            `${after.requests.length} with dedupe (${report.dedupedCalls} deduplicated)`,
        );
      },
    );

    it("keeps write probes per module: each module puts and deletes its own probe object and lock item", async () => {
      const run = await tfwhy([
        "verify",
        "--recursive",
        "tree",
        "--home",
        "home",
        "--no-env",
        "--write-probe",
        "--format",
        "json",
      ]);
      expect(run.stderr).toBe("");
      expect(run.code).toBe(0);
      const report = JSON.parse(run.stdout) as RecursiveVerifyReport;
      for (const module of report.modules) {
        if (!("report" in module)) throw new Error(`${module.dir}: ${module.error.message}`);
        for (const id of ["probe.state-write", "probe.dynamodb-lock", "probe.cleanup"])
          expect([module.dir, id, module.report.checks.find((c) => c.id === id)?.status]).toEqual([
            module.dir,
            id,
            "pass",
          ]);
      }
      const puts = run.requests.filter((r) => r.operation === "PutObject" && r.status === 200);
      const deletes = run.requests.filter((r) => r.operation === "DeleteObject" && r.status === 204);
      for (const module of MODULES) {
        const own = puts.filter((r) => r.path?.startsWith(`/${BUCKET}/${stateKey(module)}.tfwhy-probe-`));
        expect(own, module).toHaveLength(1);
        expect(deletes.map((r) => r.path)).toContain(own[0]!.path);
      }
      expect(puts.every((r) => !MODULES.some((m) => r.path === `/${BUCKET}/${stateKey(m)}`))).toBe(true);
      // Per module, never shared: the authorisation checks (PutItem, DeleteItem whose condition never holds), then
      // the probe's acquire, the refused second acquire and the release.
      expect(count(run.requests, "PutItem")).toBe(3 * MODULES.length);
      expect(count(run.requests, "DeleteItem")).toBe(2 * MODULES.length);
      expect(count(run.requests, "GetCallerIdentity")).toBe(2);
      expect(report.dedupedCalls).toBeGreaterThan(0);
    });

    it("prints text with a summary line naming the calls saved", async () => {
      const run = await tfwhy(["verify", "--recursive", "tree", "--home", "home", "--no-env", "--verbose"]);
      expect(run.code).toBe(0);
      expect(run.stdout.match(/^── /gm)).toHaveLength(MODULES.length);
      // The table (a header and one row per module), a blank line, then the summary.
      expect(run.stdout.split("\n")[MODULES.length + 2]).toMatch(
        new RegExp(
          "^6 root modules under .*: 6 verified; checks: \\d+ passed, 0 failed, .*; " +
            "\\d+ identical AWS calls saved by deduplication$",
        ),
      );
    });
  },
);
