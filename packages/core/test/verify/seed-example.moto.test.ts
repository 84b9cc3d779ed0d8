/**
 * The bundled seed incident (examples/seed-incident) replayed end to end against moto on loopback: the example's own
 * main.tf, env/backend.hcl, env/backend.fixed.hcl and home/.aws, copied to a temp dir (nothing is written into the
 * repo) plus one extra -backend-config file, moto.hcl, that points the endpoints at moto (Terraform merges
 * -backend-config files in order, later wins). The world has an empty environment and the example's home.
 *
 * moto runs through conformance/harness/moto_server.py (via ./moto.ts), which patches moto's SigV4 re-sign bug for
 * keys and queries with `:`/`/` and logs every request. moto enforces identity policies only (a bucket policy Allow
 * never grants there, observed with moto 5.2.1): alice-personal is denied because she has no identity
 * policy, and the bucket policy that names only the role is judged by verify's own analysis (GetBucketPolicy).
 */

import { spawnSync } from "node:child_process";
import { cpSync, existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { CreateTableCommand, DynamoDBClient, ScanCommand } from "@aws-sdk/client-dynamodb";
import {
  ListObjectVersionsCommand,
  PutBucketPolicyCommand,
  PutBucketVersioningCommand,
  PutObjectCommand,
  S3Client,
} from "@aws-sdk/client-s3";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import {
  type AwsPort,
  type Check,
  type CheckId,
  createSdkAwsPort,
  type VerifyReport,
  verifyBackend,
} from "../../src/verify/index.js";
import { createNodeWorld } from "../../src/world/node-world.js";
import { ACCOUNT, allow, isMutating, Moto, motoMissing, type RequestRecord, SETUP_KEY } from "./moto.js";

const missing = motoMissing();
if (missing) console.log(`seed-incident moto test skipped: ${missing}`);

const EXAMPLE = join(dirname(fileURLToPath(import.meta.url)), "../../../../examples/seed-incident");
/** The built CLI (`pnpm build`); the CLI case is skipped without it. */
const CLI = join(dirname(fileURLToPath(import.meta.url)), "../../../cli/dist/bin.js");
const REGION = "eu-west-1";
const BUCKET = "acme-terraform-state";
const STATE_KEY = "network/terraform.tfstate";
const TABLE = "terraform-locks";
const LOCK_ID = `${BUCKET}/${STATE_KEY}`;
const ROLE = "terraform-access-role";
const ROLE_ARN = `arn:aws:iam::${ACCOUNT}:role/${ROLE}`;
/** The keys in examples/seed-incident/home/.aws/credentials. */
const PERSONAL = { accessKeyId: "AKIAPERSONAL0000E001", secretAccessKey: "personal-example-secret-not-real" };
const TEAM = { accessKeyId: "AKIATERRAFORM000T002", secretAccessKey: "team-example-secret-not-real" };
const STATE_BODY = JSON.stringify({
  version: 4,
  terraform_version: "1.11.4",
  serial: 7,
  lineage: "seed-incident",
  outputs: {},
  resources: [],
});

/** The bucket policy of the story: only the role may list, read and write state. */
const BUCKET_POLICY = JSON.stringify({
  Version: "2012-10-17",
  Statement: [
    {
      Sid: "AllowTerraformRoleList",
      Effect: "Allow",
      Principal: { AWS: ROLE_ARN },
      Action: "s3:ListBucket",
      Resource: `arn:aws:s3:::${BUCKET}`,
    },
    {
      Sid: "AllowTerraformRoleState",
      Effect: "Allow",
      Principal: { AWS: ROLE_ARN },
      Action: ["s3:GetObject", "s3:PutObject"],
      Resource: `arn:aws:s3:::${BUCKET}/*`,
    },
  ],
});
/** moto judges trust policies by exact principal ARN. */
const TRUST_TEAM_USER = {
  Version: "2012-10-17",
  Statement: [
    { Effect: "Allow", Principal: { AWS: `arn:aws:iam::${ACCOUNT}:user/terraform-access` }, Action: "sts:AssumeRole" },
  ],
};

/** What the write-capable port methods were asked to touch (the moto log has S3 paths but no DynamoDB keys). */
interface Writes {
  readonly objects: string[];
  readonly deletedObjects: string[];
  readonly lockIds: string[];
  readonly deletedLockIds: string[];
}

describe.skipIf(missing !== null)(
  "the seed incident (examples/seed-incident) against moto",
  { timeout: 60_000 },
  () => {
    let moto: Moto;
    let s3: S3Client;
    let dynamodb: DynamoDBClient;
    let root: string;
    const timings: Record<string, number> = {};

    beforeAll(async () => {
      moto = await Moto.start();
      const common = { region: REGION, endpoint: moto.endpoint, credentials: SETUP_KEY };
      s3 = new S3Client({ ...common, forcePathStyle: true });
      dynamodb = new DynamoDBClient(common);
      root = mkdtempSync(join(tmpdir(), "tfwhy-seed-incident-"));
      cpSync(EXAMPLE, root, { recursive: true });
      const e = moto.endpoint;
      writeFileSync(
        join(root, "moto.hcl"),
        `# Test only: the same backend, pointed at moto on loopback.\nuse_path_style = true\nendpoints = { s3 = "${e}", sts = "${e}", iam = "${e}", dynamodb = "${e}" }\nskip_metadata_api_check = true\n`,
      );
    }, 30_000);

    afterAll(async () => {
      s3?.destroy();
      dynamodb?.destroy();
      await moto?.stop();
      if (root) rmSync(root, { recursive: true, force: true });
      if (Object.keys(timings).length) console.log(`seed-incident verify timings (ms): ${JSON.stringify(timings)}`);
    });

    /**
     * The story's account, from scratch; IAM enforcement on at the end. `alicePolicy` is for the one variant in which
     * the personal user may read the bucket policy (the story's alice has no permissions at all).
     */
    async function seedAccount(alicePolicy?: unknown): Promise<void> {
      await moto.reset();
      await moto.setup({
        buckets: [{ name: BUCKET, region: REGION }],
        users: [
          // [default]: a personal user left over from a tutorial, with no S3 permissions.
          { name: "alice-personal", ...PERSONAL, ...(alicePolicy ? { policy: alicePolicy } : {}) },
          // [terraform-access]: the team's user, which may only assume the role.
          { name: "terraform-access", ...TEAM, policy: allow("sts:AssumeRole") },
        ],
        // moto checks DynamoDB actions against Resource "*" only (moto 5.2.1), hence allow() for both.
        roles: [{ name: ROLE, trust: TRUST_TEAM_USER, policy: allow("s3:*", "dynamodb:*") }],
      });
      await s3.send(new PutBucketVersioningCommand({ Bucket: BUCKET, VersioningConfiguration: { Status: "Enabled" } }));
      await s3.send(new PutBucketPolicyCommand({ Bucket: BUCKET, Policy: BUCKET_POLICY }));
      // The team's existing state, so the fixed run reads a real object.
      await s3.send(
        new PutObjectCommand({ Bucket: BUCKET, Key: STATE_KEY, Body: STATE_BODY, ServerSideEncryption: "AES256" }),
      );
      // Created here rather than with the harness's `tables`, which creates them in us-east-1.
      await dynamodb.send(
        new CreateTableCommand({
          TableName: TABLE,
          KeySchema: [{ AttributeName: "LockID", KeyType: "HASH" }],
          AttributeDefinitions: [{ AttributeName: "LockID", AttributeType: "S" }],
          BillingMode: "PAY_PER_REQUEST",
        }),
      );
      await moto.enforce();
    }

    beforeEach(() => seedAccount());

    interface Run {
      readonly report: VerifyReport;
      readonly requests: readonly RequestRecord[];
      readonly writes: Writes;
      check(id: CheckId): Check;
    }

    async function verify(name: string, backendConfig: string[], writeProbe = false): Promise<Run> {
      const world = createNodeWorld({ env: {}, homeDir: join(root, "home"), cwd: root });
      const writes: Writes = { objects: [], deletedObjects: [], lockIds: [], deletedLockIds: [] };
      // The real SDK port, watched: records the key of every write it is asked to make, then makes it.
      const real = createSdkAwsPort({ env: world.env });
      const aws: AwsPort = {
        ...real,
        putObject: (target, params) => (writes.objects.push(params.key), real.putObject(target, params)),
        deleteObject: (target, params) => (writes.deletedObjects.push(params.key), real.deleteObject(target, params)),
        putLockItem: (target, params) => (writes.lockIds.push(params.lockId), real.putLockItem(target, params)),
        deleteItem: (target, params) => (writes.deletedLockIds.push(params.lockId), real.deleteItem(target, params)),
      };
      const offset = moto.logOffset();
      const t0 = Date.now();
      const report = await verifyBackend({ dir: root, backendConfig, writeProbe }, { ...world, aws });
      timings[name] = Date.now() - t0;
      const requests = moto.requestsSince(offset);
      if (process.env["TFWHY_DEBUG"])
        console.log(
          name,
          JSON.stringify(report.checks, null, 1),
          JSON.stringify(report.explanation.diagnostics, null, 1),
          requests,
        );
      // JSON-safe and free of secrets.
      expect(JSON.parse(JSON.stringify(report))).toEqual(report);
      expect(JSON.stringify(report)).not.toMatch(/example-secret-not-real|AKIAPERSONAL0000E001|AKIATERRAFORM000T002/);
      return {
        report,
        requests,
        writes,
        check: (id) => {
          const found = report.checks.find((c) => c.id === id);
          if (!found) throw new Error(`no check ${id} in ${report.checks.map((c) => c.id).join(", ")}`);
          return found;
        },
      };
    }

    const mutating = (requests: readonly RequestRecord[]) =>
      requests.filter(
        (r) =>
          isMutating(r) ||
          (r.service === "dynamodb" &&
            ["PutItem", "DeleteItem", "UpdateItem", "BatchWriteItem", "TransactWriteItems"].includes(r.operation)),
      );

    it('before the fix: [default] (user/alice-personal) signs, S3 and DynamoDB deny her, and the fix is profile = "terraform"', async () => {
      const o = await verify("before the fix", ["env/backend.hcl", "moto.hcl"]);

      // Who signs, and why: the [default] profile of the example's credentials file.
      expect(o.report.identity).toMatchObject({
        accountId: ACCOUNT,
        arn: `arn:aws:iam::${ACCOUNT}:user/alice-personal`,
        kind: "user",
        roleArn: null,
        temporary: false,
        accessKeyId: "AKIA************E001",
      });
      expect(o.check("credentials.base").status).toBe("pass");
      expect(o.check("sts.caller-identity")).toMatchObject({ status: "pass" });
      expect(o.check("sts.caller-identity").detail).toContain(`arn:aws:iam::${ACCOUNT}:user/alice-personal`);
      expect(o.check("sts.caller-identity").detail).toContain('Profile "default"');
      expect(new Set(o.requests.map((r) => r.keyId))).toEqual(new Set([PERSONAL.accessKeyId]));

      // explain already knows: the provider block's profile and role are ignored, and profile "terraform" assumes the role.
      const ignored = o.report.explanation.diagnostics.find((d) => d.code === "provider-credentials-ignored");
      expect(ignored).toBeDefined();
      expect(ignored!.message).toContain('profile = "terraform-access"');
      expect(ignored!.message).toContain(`assume_role ${ROLE_ARN}`);
      expect(ignored!.message).toContain('It uses profile "default" ([default], because nothing names another)');
      expect(ignored!.fix).toMatch(
        /^Add profile = "terraform" to \S+: profile "terraform" assumes arn:aws:iam::123456789012:role\/terraform-access-role from "terraform-access", as the provider block does\.$/,
      );

      // S3: the listing is denied (a warning: Terraform tolerates it for the default prefix), reading the state fails.
      expect(o.check("s3.list-workspaces")).toMatchObject({
        status: "warn",
        awsError: { code: "AccessDenied", operation: "s3:ListObjectsV2" },
      });
      const read = o.check("s3.state-read");
      expect(read).toMatchObject({ status: "fail", awsError: { operation: "s3:HeadObject", httpStatus: 403 } });
      expect(read.detail).toContain(`Unable to access object "${STATE_KEY}" in S3 bucket "${BUCKET}"`);
      // The caller, and why Terraform signs with it.
      expect(read.cause).toContain(
        `user/alice-personal (arn:aws:iam::${ACCOUNT}:user/alice-personal) is used because Profile "default"`,
      );
      expect(read.cause).toContain("~/.aws/credentials:5");
      // alice may not read the bucket policy (on AWS neither), so verify cannot quote it; it says so.
      expect(o.check("s3.bucket-policy")).toMatchObject({
        status: "not-checked",
        awsError: { code: "AccessDenied", operation: "s3:GetBucketPolicy" },
      });
      expect(read.cause).toContain("The bucket policy was not available to tell more.");
      // The fix: first the profile that assumes the role (from explain's diagnostic), then granting alice; and as
      // her listing is denied too, a missing state answers 403, so s3:ListBucket is named as well.
      expect(read.fix).toMatch(
        new RegExp(
          '^add profile = "terraform" to \\S+: profile "terraform" assumes ' +
            'arn:aws:iam::123456789012:role/terraform-access-role from "terraform-access", as the provider block ' +
            "does; or grant s3:GetObject on arn:aws:s3:::acme-terraform-state/network/terraform\\.tfstate to " +
            "user/alice-personal\\. If the state does not exist yet, grant s3:ListBucket on " +
            "arn:aws:s3:::acme-terraform-state \\(without an s3:prefix condition\\): a missing state then answers " +
            "404\\. The statement `tfwhy policy` gives for it \\(Sid ReadWriteDefaultState\\): " +
            '\\{"Sid":"ReadWriteDefaultState",.*"s3:GetObject".*\\}$',
        ),
      );
      // DynamoDB is denied to alice as well; the same identity fix comes first, and DescribeTable is never suggested.
      expect(o.check("lock.dynamodb-item")).toMatchObject({
        status: "fail",
        awsError: { code: "AccessDeniedException" },
      });
      expect(o.check("lock.dynamodb-item").cause).toContain('user/alice-personal is used because Profile "default"');
      expect(o.check("lock.dynamodb-item").fix).toMatch(
        /^Add profile = "terraform" to env\/backend\.hcl: .*; or grant dynamodb:GetItem, dynamodb:PutItem and dynamodb:DeleteItem on /,
      );
      expect(o.check("lock.dynamodb-item").fix).not.toMatch(/grant [^(;]*DescribeTable/);

      expect(o.report.ok).toBe(false);
    });

    it("before the fix, if alice may read the bucket policy: the diagnosis names the role the policy allows instead of her", async () => {
      // A variant of the story: alice's only permission is s3:GetBucketPolicy, so verify can analyse the policy.
      await seedAccount(allow("s3:GetBucketPolicy"));
      const o = await verify("before the fix, policy readable", ["env/backend.hcl", "moto.hcl"]);
      expect(o.report.identity?.arn).toBe(`arn:aws:iam::${ACCOUNT}:user/alice-personal`);
      const policy = o.check("s3.bucket-policy");
      expect(policy.status).toBe("warn");
      expect(policy.detail).toContain(
        `For user/alice-personal: s3:ListBucket on ${BUCKET} is left to the identity policy`,
      );
      const read = o.check("s3.state-read");
      expect(read.status).toBe("fail");
      expect(read.cause).toContain(
        `user/alice-personal (arn:aws:iam::${ACCOUNT}:user/alice-personal) is used because Profile "default"`,
      );
      expect(read.cause).toContain(
        `The bucket policy allows s3:GetObject only to role/${ROLE} (statement "AllowTerraformRoleState"), not to this caller.`,
      );
      expect(read.fix).toContain('add profile = "terraform" to ');
      expect(read.fix).toContain(`add assume_role = { role_arn = "${ROLE_ARN}" } to env/backend.hcl`);
      expect(read.fix).toContain("grant user/alice-personal s3:GetObject");
      const list = o.check("s3.list-workspaces");
      expect(list.status).toBe("warn");
      expect(list.cause).toContain(
        `The bucket policy allows s3:ListBucket only to role/${ROLE} (statement "AllowTerraformRoleList"), not to this caller.`,
      );
      expect(o.report.ok).toBe(false);
    });

    it("before the fix: every fix names env/backend.hcl, the file that configures this backend, not the test's endpoint override", async () => {
      // README: "the fix is one line in env/backend.hcl". moto.hcl only points the endpoints at moto.
      const o = await verify("before the fix, fix target", ["env/backend.hcl", "moto.hcl"]);
      const ignored = o.report.explanation.diagnostics.find((d) => d.code === "provider-credentials-ignored");
      expect.soft(ignored?.fix).toContain('Add profile = "terraform" to env/backend.hcl:');
      expect.soft(o.check("s3.state-read").fix).toContain('add profile = "terraform" to env/backend.hcl:');
      expect.soft(o.check("s3.list-workspaces").fix).toContain('add profile = "terraform" to env/backend.hcl:');
      // Nowhere else either (explain's other diagnostics, other checks).
      const paths: string[] = [];
      const walk = (v: unknown, at: string): void => {
        if (typeof v === "string" && / to moto\.hcl/.test(v)) paths.push(at);
        else if (Array.isArray(v))
          v.forEach((x, i) =>
            walk(x, `${at}[${(x as { id?: string; code?: string })?.id ?? (x as { code?: string })?.code ?? i}]`),
          );
        else if (v && typeof v === "object") for (const [k, x] of Object.entries(v)) walk(x, `${at}.${k}`);
      };
      walk(o.report, "report");
      expect.soft(paths).toEqual([]);
    });

    it('after the fix: profile "terraform" assumes terraform-access-role from [terraform-access], and every check passes (also with write probes)', async () => {
      const o = await verify("after the fix", ["env/backend.fixed.hcl", "moto.hcl"]);
      expect(o.report.identity).toMatchObject({
        accountId: ACCOUNT,
        kind: "assumed-role",
        roleArn: ROLE_ARN,
        temporary: true,
      });
      expect(o.report.identity?.arn).toMatch(new RegExp(`^arn:aws:sts::${ACCOUNT}:assumed-role/${ROLE}/`));
      expect(o.check("credentials.base").status).toBe("pass");
      expect(o.check("credentials.assume-role[0]")).toMatchObject({ status: "pass" });
      expect(o.check("credentials.assume-role[0]").detail).toContain(`Assumed ${ROLE_ARN}`);
      // The base keys are [terraform-access]'s (source_profile), AssumeRole is signed with them, the rest with the session.
      const assume = o.requests.find((r) => r.operation === "AssumeRole");
      expect(assume).toMatchObject({ keyId: TEAM.accessKeyId, roleArn: ROLE_ARN, status: 200 });
      expect(o.requests.filter((r) => r.operation !== "AssumeRole").every((r) => r.keyId === assume?.issuedKeyId)).toBe(
        true,
      );
      expect(o.report.explanation.diagnostics.some((d) => d.code === "provider-credentials-ignored")).toBe(false);
      expect(o.report.checks.filter((c) => c.status === "fail")).toEqual([]);
      expect(o.report.checks.every((c) => c.status === "pass" || c.status === "not-checked")).toBe(true);
      expect(o.check("s3.bucket-policy").detail).toContain(
        `s3:GetObject on ${BUCKET}/${STATE_KEY} is allowed by the bucket policy`,
      );
      expect(o.check("s3.state-read").status).toBe("pass");
      expect(o.check("lock.dynamodb-item").status).toBe("pass");
      expect(o.report.ok).toBe(true);

      // With write probes: still green; only probe objects and items were written, and each was deleted.
      const w = await verify("after the fix + write probe", ["env/backend.fixed.hcl", "moto.hcl"], true);
      expect(w.report.checks.filter((c) => c.status === "fail")).toEqual([]);
      expect(w.report.checks.every((c) => c.status === "pass" || c.status === "not-checked")).toBe(true);
      for (const id of ["probe.state-write", "probe.dynamodb-lock", "probe.cleanup"] as const)
        expect(w.check(id).status).toBe("pass");
      expect(w.report.ok).toBe(true);

      // the authorisation check on the real state key: refused by its guard (412), nothing written
      const guarded = mutating(w.requests).filter((r) => r.service === "s3" && !/tfwhy-probe/.test(r.path ?? ""));
      expect(guarded.map((r) => `${r.operation} ${r.status}`)).toEqual(["PutObject 412"]);
      const writes = mutating(w.requests).filter((r) => !guarded.includes(r));
      const s3Puts = writes.filter((r) => r.service === "s3" && r.method === "PUT");
      const s3Deletes = writes.filter((r) => r.service === "s3" && r.method === "DELETE");
      expect(s3Puts.length).toBeGreaterThan(0);
      expect(writes.filter((r) => r.service === "s3").every((r) => r.method === "PUT" || r.method === "DELETE")).toBe(
        true,
      );
      for (const r of [...s3Puts, ...s3Deletes]) {
        expect(r.path).toMatch(new RegExp(`^/${BUCKET}/${STATE_KEY.replace(/\./g, "\\.")}\\.tfwhy-probe-[0-9a-f]{8}$`));
        expect(r.path).not.toBe(`/${BUCKET}/${STATE_KEY}`);
      }
      // Every probe object that was put (200) was deleted (204).
      const created = new Set(s3Puts.filter((r) => r.status === 200).map((r) => r.path));
      const deleted = new Set(s3Deletes.filter((r) => r.status === 204).map((r) => r.path));
      expect(created.size).toBeGreaterThan(0);
      expect(deleted).toEqual(created);
      // DynamoDB: the log has no keys, so the watched port names them; the log shows the same calls.
      const items = writes.filter((r) => r.service === "dynamodb").map((r) => `${r.operation} ${r.status}`);
      // the lock item's authorisation checks (condition never holds: 400), then the probe's round trip
      expect(items).toEqual(["PutItem 400", "DeleteItem 400", "PutItem 200", "PutItem 400", "DeleteItem 200"]);
      expect(w.writes.lockIds.length).toBe(2);
      expect(w.writes.deletedLockIds).toEqual([w.writes.lockIds[0]]);
      for (const id of w.writes.lockIds) {
        expect(id).not.toBe(LOCK_ID);
        expect(id).toMatch(new RegExp(`^${LOCK_ID.replace(/\./g, "\\.")}\\.tfwhy-probe-[0-9a-f]{8}$`));
      }
      expect(w.writes.objects.every((k) => k !== STATE_KEY && k.startsWith(`${STATE_KEY}.tfwhy-probe-`))).toBe(true);
      expect(new Set(w.writes.deletedObjects)).toEqual(new Set(w.writes.objects));

      // Server side: the state object still has exactly the one version put in setup; on this versioned bucket the
      // probes' versions were deleted for good (no version, no delete marker left); the lock table is empty.
      await moto.relax();
      const versions = await s3.send(new ListObjectVersionsCommand({ Bucket: BUCKET }));
      expect((versions.Versions ?? []).filter((v) => v.Key === STATE_KEY)).toHaveLength(1);
      expect(created.size).toBeGreaterThan(0);
      expect((versions.Versions ?? []).map((v) => v.Key)).toEqual([STATE_KEY]);
      expect(versions.DeleteMarkers ?? []).toEqual([]);
      expect((await dynamodb.send(new ScanCommand({ TableName: TABLE }))).Count).toBe(0);
    });

    it("without writeProbe, neither run writes anything (only guarded authorisation checks, all refused)", async () => {
      for (const [name, backendConfig] of [
        ["read-only, before the fix", ["env/backend.hcl", "moto.hcl"]],
        ["read-only, after the fix", ["env/backend.fixed.hcl", "moto.hcl"]],
      ] as const) {
        const o = await verify(name, [...backendConfig]);
        expect(o.requests.length).toBeGreaterThan(5);
        expect(mutating(o.requests).filter((r) => r.status < 300)).toEqual([]);
        // a mutating request is only ever an authorisation check: refused by AWS (403) or by its guard
        expect(mutating(o.requests).every((r) => [400, 403, 404, 412].includes(r.status))).toBe(true);
        expect(o.writes).toEqual({ objects: [], deletedObjects: [], lockIds: [], deletedLockIds: [] });
        for (const id of ["probe.state-write", "probe.dynamodb-lock"] as const)
          expect(o.check(id).detail).toMatch(/write probes are off/);
      }
    });

    it.skipIf(!existsSync(CLI))(
      "the same story through the built CLI: `tfwhy verify` exits 1 naming the cause, then 0 after the fix",
      () => {
        const tfwhy = (backendConfig: string) =>
          spawnSync(
            process.execPath,
            [
              CLI,
              "verify",
              root,
              `-backend-config=${backendConfig}`,
              "-backend-config=moto.hcl",
              "--home",
              join(root, "home"),
              "--no-env",
              "--no-color",
            ],
            {
              encoding: "utf8",
              timeout: 60_000,
            },
          );
        const before = tfwhy("env/backend.hcl");
        expect(before.status, before.stderr).toBe(1);
        expect(before.stdout).toMatch(/^Verify failed: /);
        expect(before.stdout).toContain("Identity: arn:aws:iam::123456789012:user/alice-personal");
        expect(before.stdout).toContain('Add profile = "terraform" to env/backend.hcl');
        expect(before.stderr).toBe("");
        expect(before.stdout).not.toMatch(/example-secret-not-real/);

        const after = tfwhy("env/backend.fixed.hcl");
        expect(after.status, after.stdout + after.stderr).toBe(0);
        expect(after.stdout).toMatch(/^Verified: the backend's identity can do what Terraform needs\./);
        expect(after.stdout).toContain(`session of ${ROLE_ARN}`);
      },
    );
  },
);
