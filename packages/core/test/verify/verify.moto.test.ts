/**
 * verifyBackend end to end against moto on loopback (conformance/harness/moto_server.py, which fixes moto's SigV4
 * re-sign bug for keys and queries with `:`/`/` and logs every request). IAM enforcement is switched on after
 * setup (moto's POST /moto-api/reset-auth, see ./moto.ts); moto enforces identity policies (not bucket-policy principals, see the policy
 * cases), so the identity-policy denials below are real AWS-like answers.
 */

import { createHash } from "node:crypto";
import { DynamoDBClient, PutItemCommand, ScanCommand } from "@aws-sdk/client-dynamodb";
import { CreateAliasCommand, CreateKeyCommand, KMSClient } from "@aws-sdk/client-kms";
import {
  ListObjectsV2Command,
  PutBucketPolicyCommand,
  PutBucketVersioningCommand,
  PutObjectCommand,
  S3Client,
} from "@aws-sdk/client-s3";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  type AwsPort,
  type Check,
  type CheckId,
  createSdkAwsPort,
  type VerifyReport,
  verifyBackend,
} from "../../src/verify/index.js";
import {
  ACCOUNT,
  allow,
  credentialsFile,
  guardedWrite,
  isMutating,
  landedWrite,
  type ModuleSpec,
  Moto,
  motoMissing,
  type RequestRecord,
  SETUP_KEY,
  type SetupSpec,
  writeModule,
} from "./moto.js";

const missing = motoMissing();
if (missing) console.log(`verify moto tests skipped: ${missing}`);

const USER_KEY = "AKIAVERIFYUSER000001";
const STATE_KEY = "prod/terraform.tfstate";
const LOCK_INFO = JSON.stringify({
  ID: "9db590f1-b6fe-c5f2-2678-8804f089deba",
  Operation: "OperationTypeApply",
  Info: "",
  Who: "bob@laptop",
  Version: "1.11.4",
  Created: "2026-01-01T09:00:00.000000Z",
  Path: `tfstate/${STATE_KEY}`,
});

interface Case {
  readonly setup?: SetupSpec;
  /** Calls made with the harness setup key before enforcement is switched on. */
  readonly before?: (clients: Clients) => Promise<void>;
  readonly module?: ModuleSpec;
  readonly writeProbe?: boolean;
  readonly timeoutMs?: number;
  readonly signal?: AbortSignal;
  readonly operation?: "init" | "plan" | "apply";
  /** Switch IAM enforcement on (default true). */
  readonly enforce?: boolean;
  /** Env vars whose values are paths under the temp HOME. */
  readonly envFromHome?: Readonly<Record<string, string>>;
}

interface Clients {
  readonly s3: S3Client;
  readonly dynamodb: DynamoDBClient;
  readonly kms: KMSClient;
}

interface Outcome {
  readonly report: VerifyReport;
  readonly requests: readonly RequestRecord[];
  readonly ms: number;
  check(id: CheckId): Check;
  /** Keys left in the bucket afterwards (listed with the setup key). */
  keysAfter(): Promise<string[]>;
}

const defaultUser = (policy: unknown = allow("s3:*", "dynamodb:*", "kms:*", "sts:AssumeRole")) => ({
  name: "terraform-access",
  accessKeyId: USER_KEY,
  policy,
});
const defaultHome = { ".aws/credentials": credentialsFile({ default: { accessKeyId: USER_KEY } }) };
/** moto judges trust policies by exact principal ARN (an account root principal does not match its users). */
const trustUser = {
  Version: "2012-10-17",
  Statement: [
    { Effect: "Allow", Principal: { AWS: `arn:aws:iam::${ACCOUNT}:user/terraform-access` }, Action: "sts:AssumeRole" },
  ],
};

describe.skipIf(missing !== null)("verifyBackend against moto", { timeout: 60_000 }, () => {
  let moto: Moto;
  let clients: Clients;
  const timings: Record<string, number> = {};

  beforeAll(async () => {
    moto = await Moto.start();
    const common = { region: "us-east-1", endpoint: moto.endpoint, credentials: SETUP_KEY };
    clients = {
      s3: new S3Client({ ...common, forcePathStyle: true }),
      dynamodb: new DynamoDBClient(common),
      kms: new KMSClient(common),
    };
  }, 30_000);

  afterAll(async () => {
    clients?.s3.destroy();
    clients?.dynamodb.destroy();
    clients?.kms.destroy();
    await moto?.stop();
    if (Object.keys(timings).length) console.log(`verify timings (ms): ${JSON.stringify(timings)}`);
  });

  async function run(name: string, c: Case): Promise<Outcome> {
    await moto.reset();
    await moto.setup({ buckets: [{ name: "tfstate" }], users: [defaultUser()], ...c.setup });
    await c.before?.(clients);
    if (c.enforce !== false) await moto.enforce();
    const m = writeModule(moto.endpoint, {
      home: defaultHome,
      ...c.module,
      ...(c.envFromHome ? { envFromHome: c.envFromHome } : {}),
    });
    const offset = moto.logOffset();
    const t0 = Date.now();
    try {
      const report = await verifyBackend(
        {
          dir: m.dir,
          backendConfig: m.backendConfig,
          writeProbe: c.writeProbe ?? false,
          ...(c.timeoutMs ? { timeoutMs: c.timeoutMs } : {}),
          ...(c.signal ? { signal: c.signal } : {}),
          ...(c.operation ? { operation: c.operation } : {}),
        },
        m.world,
      );
      const ms = Date.now() - t0;
      if (process.env["TFWHY_DEBUG"])
        console.log(name, JSON.stringify(report.checks, null, 1), moto.requestsSince(offset));
      timings[name] = ms;
      // JSON-safe and free of secrets.
      expect(JSON.parse(JSON.stringify(report))).toEqual(report);
      expect(JSON.stringify(report)).not.toMatch(/harness-secret|AKIAVERIFY[A-Z0-9]{10}|sso-access-token/);
      return {
        report,
        requests: moto.requestsSince(offset),
        ms,
        check: (id) => {
          const found = report.checks.find((x) => x.id === id);
          if (!found) throw new Error(`no check ${id} in ${report.checks.map((x) => x.id).join(", ")}`);
          return found;
        },
        keysAfter: async () => {
          await moto.relax();
          return ((await clients.s3.send(new ListObjectsV2Command({ Bucket: "tfstate" }))).Contents ?? []).map(
            (o) => o.Key!,
          );
        },
      };
    } finally {
      m.cleanup();
    }
  }

  const statuses = (r: VerifyReport) => Object.fromEntries(r.checks.map((c) => [c.id, c.status]));

  it("all green: every check passes, write probes round-trip, and nothing is left behind", async () => {
    const o = await run("all green + write probe", {
      setup: { tables: ["tf-locks"] },
      before: async ({ s3 }) => {
        await s3.send(
          new PutBucketVersioningCommand({ Bucket: "tfstate", VersioningConfiguration: { Status: "Enabled" } }),
        );
        await s3.send(new PutObjectCommand({ Bucket: "tfstate", Key: STATE_KEY, Body: '{"version":4}' }));
      },
      module: { backend: 'use_lockfile = true\ndynamodb_table = "tf-locks"' },
      writeProbe: true,
    });
    expect(statuses(o.report)).toEqual({
      "credentials.base": "pass",
      "sts.caller-identity": "pass",
      "s3.bucket": "pass",
      "s3.list-workspaces": "pass",
      "s3.state-read": "pass",
      "s3.state-write-access": "pass",
      "s3.bucket-policy": "pass",
      "s3.encryption": "pass",
      "s3.versioning": "pass",
      "lock.lockfile": "pass",
      "lock.lockfile-access": "pass",
      "lock.dynamodb-table": "pass",
      "lock.dynamodb-item": "pass",
      "lock.dynamodb-access": "pass",
      "probe.state-write": "pass",
      "probe.lockfile": "pass",
      "probe.dynamodb-lock": "pass",
      "probe.cleanup": "pass",
    });
    expect(o.report.ok).toBe(true);
    expect(o.report.summary).toEqual({ pass: 18, fail: 0, warn: 0, notChecked: 0 });
    expect(o.report.identity).toMatchObject({
      accountId: ACCOUNT,
      arn: `arn:aws:iam::${ACCOUNT}:user/terraform-access`,
      kind: "user",
      accessKeyId: "AKIA************0001",
    });
    expect(o.check("sts.caller-identity").detail).toContain('Profile "default"');
    // Every request was signed with the user's key; the only writes touched probe keys, and they are gone.
    expect(new Set(o.requests.map((r) => r.keyId))).toEqual(new Set([USER_KEY]));
    const writes = o.requests.filter(landedWrite);
    expect(writes.length).toBeGreaterThan(0);
    for (const w of writes) if (w.service === "s3") expect(w.path).toMatch(/\.tfwhy-probe-[0-9a-f]{8}(\.tflock)?$/);
    const probePuts = o.requests.filter(
      (w) => w.service === "s3" && w.method === "PUT" && /tfwhy-probe/.test(w.path ?? ""),
    );
    expect(probePuts.map((w) => w.status)).toEqual([200, 200, 412]);
    // the authorisation checks on the real keys: refused by their guards, after authorisation
    const real = o.requests.filter((w) => isMutating(w) && !/tfwhy-probe/.test(w.path ?? "") && w.service === "s3");
    expect(real.map((w) => `${w.method} ${w.status}`)).toEqual(["PUT 412", "PUT 404", "DELETE 404"]);
    expect(await o.keysAfter()).toEqual([STATE_KEY]);
    const items = o.requests
      .filter((r) => r.operation === "PutItem" || r.operation === "DeleteItem")
      .map((r) => `${r.operation} ${r.status}`);
    expect(items).toEqual(["PutItem 400", "DeleteItem 400", "PutItem 200", "PutItem 400", "DeleteItem 200"]);
    expect((await clients.dynamodb.send(new ScanCommand({ TableName: "tf-locks" }))).Count).toBe(0);
  });

  it("without writeProbe it sends no mutating call at all, and says the probes were not run", async () => {
    const o = await run("read-only", {
      setup: { tables: ["tf-locks"] },
      module: { backend: 'use_lockfile = true\ndynamodb_table = "tf-locks"' },
    });
    // Authorisation checks send guarded writes that can never land; nothing else mutates.
    expect(o.requests.filter(landedWrite)).toEqual([]);
    expect(o.requests.filter(isMutating).every(guardedWrite)).toBe(true);
    expect(o.requests.filter(guardedWrite).length).toBe(5);
    expect(o.requests.length).toBeGreaterThan(8);
    for (const id of ["probe.state-write", "probe.lockfile", "probe.dynamodb-lock"] as const) {
      expect(o.check(id)).toMatchObject({ status: "not-checked" });
      expect(o.check(id).detail).toMatch(/write probes are off/);
    }
    expect(o.check("s3.versioning").status).toBe("warn");
    expect(o.report.ok).toBe(true);
  });

  it("no lock configured: a warning that suggests use_lockfile", async () => {
    const o = await run("no lock", {});
    expect(o.check("lock.configured")).toMatchObject({ status: "warn" });
    expect(o.check("lock.configured").fix).toContain("use_lockfile = true");
  });

  describe("identity-policy denials (enforced by moto)", () => {
    it("list denied with the default prefix: warn (Terraform tolerates it), and the 403-for-missing-keys caveat", async () => {
      const o = await run("list denied (default prefix)", {
        setup: { users: [defaultUser(allow("s3:GetObject", "s3:PutObject"))] },
      });
      const list = o.check("s3.list-workspaces");
      expect(list).toMatchObject({
        status: "warn",
        awsError: { code: "AccessDenied", httpStatus: 403, operation: "s3:ListObjectsV2" },
      });
      expect(list.detail).toMatch(/tolerates/);
      expect(list.cause).toContain("user/terraform-access");
      expect(list.fix).toContain("s3:ListBucket");
      expect(list.cause).toContain('prefix "env:/"');
    });

    it("list denied with a custom workspace_key_prefix: fail with Terraform's error text", async () => {
      const o = await run("list denied (custom prefix)", {
        setup: { users: [defaultUser(allow("s3:GetObject", "s3:PutObject"))] },
        module: { backend: 'workspace_key_prefix = "workspaces"' },
      });
      const list = o.check("s3.list-workspaces");
      expect(list.status).toBe("fail");
      expect(list.detail).toContain('Unable to list objects in S3 bucket "tfstate" with prefix "workspaces/"');
      expect(o.report.ok).toBe(false);
    });

    it("read denied: state-read fails, names the identity, why it is used, and s3:GetObject", async () => {
      const o = await run("read denied", { setup: { users: [defaultUser(allow("s3:ListBucket"))] } });
      const read = o.check("s3.state-read");
      expect(read).toMatchObject({
        status: "fail",
        awsError: { operation: "s3:HeadObject", code: "Forbidden", httpStatus: 403 },
      });
      expect(read.detail).toContain('Unable to access object "prod/terraform.tfstate" in S3 bucket "tfstate"');
      expect(read.cause).toMatch(/user\/terraform-access .* is used because Profile "default"/);
      expect(read.fix).toContain("grant s3:GetObject on arn:aws:s3:::tfstate/prod/terraform.tfstate");
      expect(o.report.ok).toBe(false);
    });

    it("missing key without s3:ListBucket reads as 403, and verify says so", async () => {
      // moto answers 404 whenever s3:GetObject is allowed; AWS needs s3:ListBucket for that. Without both, both say 403.
      const o = await run("read denied, no list", { setup: { users: [defaultUser(allow("sts:GetCallerIdentity"))] } });
      expect(o.check("s3.list-workspaces").status).toBe("warn");
      expect(o.check("s3.state-read").detail).toMatch(
        /Without s3:ListBucket, S3 also answers 403 for a key that does not exist/,
      );
    });

    it("write denied (writeProbe): the probe fails, names s3:PutObject, and writes nothing", async () => {
      const o = await run("write denied", {
        setup: { users: [defaultUser(allow("s3:ListBucket", "s3:GetObject"))] },
        writeProbe: true,
      });
      expect(o.check("probe.state-write")).toMatchObject({
        status: "fail",
        awsError: { code: "AccessDenied", operation: "s3:PutObject" },
      });
      expect(o.check("probe.state-write").fix).toContain("s3:PutObject");
      // the fix quotes the statement `tfwhy policy` gives for the missing write
      expect(o.check("s3.state-write-access").fix).toMatch(
        /The statement `tfwhy policy` gives for it \(Sid ReadWriteDefaultState\): \{"Sid":"ReadWriteDefaultState",.*"s3:PutObject"/,
      );
      expect(o.check("probe.state-write").terraform).toMatchObject({
        command: "apply",
        step: "writing the state",
        call: "s3:PutObject",
        action: "s3:PutObject",
        resource: "arn:aws:s3:::tfstate/prod/terraform.tfstate",
      });
      expect(o.check("s3.state-read").status).toBe("pass");
      expect(await o.keysAfter()).toEqual([]);
      expect(o.report.checks.some((c) => c.id === "probe.cleanup")).toBe(false);
    });

    it("write denied for a plan-only pipeline (--operation plan): a warning, since plan never writes the state", async () => {
      const o = await run("write denied, plan only", {
        setup: { users: [defaultUser(allow("s3:ListBucket", "s3:GetObject"))] },
        writeProbe: true,
        operation: "plan",
      });
      expect(o.report.operation).toBe("plan");
      expect(o.check("probe.state-write").status).toBe("warn");
      expect(o.check("probe.state-write").detail).toMatch(
        /Not a failure of Terraform's: terraform init and plan never call s3:PutObject on the state object/,
      );
      expect(o.report.ok).toBe(true);
    });

    it("lockfile delete denied (writeProbe): Terraform would lock and never unlock", async () => {
      const o = await run("lockfile delete denied", {
        setup: { users: [defaultUser(allow("s3:ListBucket", "s3:GetObject", "s3:PutObject"))] },
        module: { backend: "use_lockfile = true" },
        writeProbe: true,
      });
      expect(o.check("probe.state-write").status).toBe("pass");
      expect(o.check("probe.state-write").detail).toMatch(/Deleting the probe failed/);
      expect(o.check("probe.lockfile").status).toBe("fail");
      expect(o.check("probe.lockfile").detail).toMatch(/never unlock/);
      expect(o.check("probe.cleanup")).toMatchObject({ status: "fail" });
      expect(o.check("probe.cleanup").detail).toMatch(/tfwhy-probe-[0-9a-f]{8}/);
    });
  });

  describe("credentials", () => {
    it("unknown access key: GetCallerIdentity InvalidClientTokenId stops Terraform; the rest is not checked", async () => {
      const o = await run("unknown key", {
        module: { home: { ".aws/credentials": credentialsFile({ default: { accessKeyId: "AKIAVERIFYNOSUCHKEY1" } }) } },
      });
      expect(o.check("credentials.base").status).toBe("pass");
      expect(o.check("sts.caller-identity")).toMatchObject({
        status: "fail",
        awsError: { code: "InvalidClientTokenId", httpStatus: 403 },
      });
      expect(o.check("sts.caller-identity").cause).toMatch(
        /AWS does not know the access key AKIA\*+KEY1.*Profile "default"/,
      );
      expect(o.check("s3.bucket")).toMatchObject({ status: "not-checked" });
      expect(o.check("s3.bucket").detail).toMatch(/credential validation/);
      expect(o.requests.map((r) => r.operation)).toEqual(["GetCallerIdentity"]);
      expect(o.report.identity).toBeNull();
    });

    it("unknown access key with skip_credentials_validation: S3 answers InvalidAccessKeyId", async () => {
      const o = await run("unknown key, skip validation", {
        module: {
          backend: "skip_credentials_validation = true",
          home: { ".aws/credentials": credentialsFile({ default: { accessKeyId: "AKIAVERIFYNOSUCHKEY1" } }) },
        },
      });
      expect(o.check("sts.caller-identity").status).toBe("warn");
      // HeadBucket's 403 has no body, so it cannot tell a bad key from a denial; ListObjectsV2 can.
      expect(o.check("s3.bucket")).toMatchObject({ status: "warn", awsError: { code: "Forbidden" } });
      expect(o.check("s3.list-workspaces")).toMatchObject({ status: "fail", awsError: { code: "InvalidAccessKeyId" } });
      expect(o.check("s3.list-workspaces").cause).toMatch(/AWS does not know the access key/);
      expect(o.check("s3.state-read").detail).toMatch(/S3 rejects these credentials/);
    });

    it("wrong secret: SignatureDoesNotMatch, with a fix that says where the secret came from", async () => {
      const o = await run("wrong secret", {
        module: {
          home: {
            ".aws/credentials": credentialsFile({ default: { accessKeyId: USER_KEY, secret: "not-the-secret" } }),
          },
        },
      });
      const id = o.check("sts.caller-identity");
      expect(id).toMatchObject({ status: "fail", awsError: { code: "SignatureDoesNotMatch" } });
      expect(id.cause).toMatch(/secret key does not match.*~\/\.aws\/credentials/);
    });

    it("expired SSO token: explain already knows; verify makes no call and says how to log in", async () => {
      const cache = `.aws/sso/cache/${createHash("sha1").update("org").digest("hex")}.json`;
      const o = await run("sso expired", {
        module: {
          backend: 'profile = "dev"',
          home: {
            ".aws/config":
              "[profile dev]\nsso_session = org\nsso_account_id = 123456789012\nsso_role_name = Admin\n\n[sso-session org]\nsso_region = us-east-1\nsso_start_url = https://org.awsapps.com/start\n",
            [cache]: JSON.stringify({
              accessToken: "sso-access-token",
              expiresAt: "2020-01-01T00:00:00Z",
              region: "us-east-1",
              startUrl: "https://org.awsapps.com/start",
            }),
          },
        },
      });
      expect(o.requests).toEqual([]);
      expect(o.report.checks.every((c) => c.status === "not-checked")).toBe(true);
      expect(o.check("credentials.base").detail).toMatch(
        /Terraform fails before it reaches AWS, with "No valid credential sources found"/,
      );
      expect(o.check("credentials.base").fix).toMatch(/aws sso login --sso-session org/);
      expect(o.report.ok).toBe(false);
    });

    it("missing SSO token cache: the same, with the cache path", async () => {
      const o = await run("sso missing", {
        module: {
          backend: 'profile = "dev"',
          home: {
            ".aws/config":
              "[profile dev]\nsso_session = org\nsso_account_id = 123456789012\nsso_role_name = Admin\n\n[sso-session org]\nsso_region = us-east-1\nsso_start_url = https://org.awsapps.com/start\n",
          },
        },
      });
      expect(o.requests).toEqual([]);
      expect(o.check("credentials.base").cause).toMatch(/sso\/cache\/[0-9a-f]{40}\.json is missing/);
    });

    it("valid SSO token: GetRoleCredentials through the SSO endpoint, then the role's key signs S3", async () => {
      // Enforcement stays off: the harness's SSO stub issues a session token moto cannot match to a user key.
      const cache = `.aws/sso/cache/${createHash("sha1").update("org").digest("hex")}.json`;
      const o = await run("sso ok", {
        setup: { ssoTokens: { "sso-access-token": "AKIAVERIFYSSO0000001" } },
        enforce: false,
        module: {
          backend: 'profile = "dev"',
          home: {
            ".aws/config":
              "[profile dev]\nsso_session = org\nsso_account_id = 123456789012\nsso_role_name = Admin\n\n[sso-session org]\nsso_region = us-east-1\nsso_start_url = https://org.awsapps.com/start\n",
            [cache]: JSON.stringify({ accessToken: "sso-access-token", expiresAt: "2099-01-01T00:00:00Z" }),
          },
        },
      });
      expect(o.check("credentials.base")).toMatchObject({ status: "pass", calls: ["sso:GetRoleCredentials"] });
      expect(o.requests[0]).toMatchObject({
        service: "sso",
        operation: "GetRoleCredentials",
        accountId: ACCOUNT,
        roleName: "Admin",
      });
      expect(o.check("sts.caller-identity").status).toBe("pass");
      expect(o.requests.find((r) => r.operation === "ListObjectsV2")?.keyId).toBe("AKIAVERIFYSSO0000001");
    });

    it("backend assume_role: the session of the role signs S3, and sts_region is used for the backend's STS calls", async () => {
      const o = await run("assume role ok", {
        setup: {
          users: [defaultUser(allow("sts:AssumeRole"))],
          roles: [{ name: "terraform-access-role", trust: trustUser, policy: allow("s3:*") }],
        },
        module: {
          backend: `assume_role = { role_arn = "arn:aws:iam::${ACCOUNT}:role/terraform-access-role", session_name = "tfwhy-test" }\nsts_region = "us-west-2"`,
        },
      });
      expect(o.check("credentials.assume-role[0]")).toMatchObject({ status: "pass", calls: ["sts:AssumeRole"] });
      expect(o.report.identity).toMatchObject({
        kind: "assumed-role",
        roleArn: `arn:aws:iam::${ACCOUNT}:role/terraform-access-role`,
        sessionName: "tfwhy-test",
        temporary: true,
      });
      const stsCalls = o.requests.filter((r) => r.service === "sts");
      expect(stsCalls.map((r) => [r.operation, r.region])).toEqual([
        ["AssumeRole", "us-west-2"],
        ["GetCallerIdentity", "us-west-2"],
      ]);
      expect(o.requests.find((r) => r.operation === "ListObjectsV2")?.keyId).toBe(stsCalls[0]?.issuedKeyId);
      expect(o.check("s3.state-read").status).toBe("pass");
    });

    it("profile role_arn hop uses the main region, not sts_region (no custom STS endpoint needed to tell: the log shows the signing region)", async () => {
      const o = await run("profile role hop", {
        setup: {
          users: [defaultUser(allow("sts:AssumeRole"))],
          roles: [{ name: "hop-role", trust: trustUser, policy: allow("s3:*") }],
        },
        module: {
          backend: 'profile = "hop"',
          home: {
            ...defaultHome,
            ".aws/config": `[profile hop]\nrole_arn = arn:aws:iam::${ACCOUNT}:role/hop-role\nsource_profile = default\n`,
          },
        },
      });
      expect(o.check("credentials.assume-role[0]").title).toContain("a profile's role_arn");
      expect(o.requests.find((r) => r.operation === "AssumeRole")?.region).toBe("us-east-1");
      expect(o.report.identity?.kind).toBe("assumed-role");
    });

    it("AssumeRole denied by the trust policy: the hop fails with Terraform's error and a trust-policy fix", async () => {
      const trust = {
        Version: "2012-10-17",
        Statement: [
          {
            Effect: "Allow",
            Principal: { AWS: `arn:aws:iam::${ACCOUNT}:user/somebody-else` },
            Action: "sts:AssumeRole",
          },
        ],
      };
      const o = await run("assume role denied", {
        setup: {
          users: [defaultUser(allow("sts:AssumeRole"))],
          roles: [{ name: "terraform-access-role", trust, policy: allow("s3:*") }],
        },
        module: { backend: `assume_role = { role_arn = "arn:aws:iam::${ACCOUNT}:role/terraform-access-role" }` },
      });
      const hop = o.check("credentials.assume-role[0]");
      expect(hop).toMatchObject({ status: "fail", awsError: { code: "AccessDenied", operation: "sts:AssumeRole" } });
      expect(hop.detail).toContain("Cannot assume IAM Role");
      expect(hop.fix).toMatch(/trust policy/);
      expect(o.check("sts.caller-identity").status).toBe("not-checked");
      expect(o.requests.map((r) => r.operation)).toEqual(["AssumeRole"]);
    });

    it("credential_process runs with sh -c and its key signs the calls", async () => {
      const json = JSON.stringify({ Version: 1, AccessKeyId: USER_KEY, SecretAccessKey: "harness-secret" });
      const o = await run("credential_process", {
        module: {
          backend: 'profile = "proc"',
          home: { ".aws/config": '[profile proc]\ncredential_process = cat "$HOME/creds.json"\n', "creds.json": json },
        },
      });
      expect(o.check("credentials.base")).toMatchObject({ status: "pass", calls: ["process:credential_process"] });
      expect(o.report.identity?.arn).toContain("user/terraform-access");
    });

    it("IMDS (pointed at the loopback stub with ec2_metadata_service_endpoint) and allowed_account_ids", async () => {
      const o = await run("imds", {
        enforce: false, // the stub's session token is unknown to moto's IAM

        module: { imdsEndpoint: moto.endpoint, home: {}, backend: `allowed_account_ids = ["${ACCOUNT}"]` },
      });
      expect(o.check("credentials.base")).toMatchObject({ status: "pass", calls: ["imds:GetCredentials"] });
      expect(o.check("credentials.base").detail).toContain("tfwhy-imds-role");
      expect(o.check("account.allowed").status).toBe("pass");
      expect(o.requests.find((r) => r.operation === "ListObjectsV2")?.keyId).toBe("ASIATFWHYSTUB000IMDS");
    });

    it("container endpoint (AWS_CONTAINER_CREDENTIALS_FULL_URI on loopback) with its authorization token", async () => {
      const o = await run("container", {
        enforce: false, // the stub's session token is unknown to moto's IAM
        before: async () => {
          await fetch(`${moto.endpoint}/_harness/setup`, {
            method: "POST",
            body: JSON.stringify({ container: { token: "Bearer verify" } }),
          });
        },
        module: {
          home: {},
          env: {
            AWS_CONTAINER_CREDENTIALS_FULL_URI: `${moto.endpoint}/container-credentials`,
            AWS_CONTAINER_AUTHORIZATION_TOKEN: "Bearer verify",
          },
        },
      });
      expect(o.check("credentials.base")).toMatchObject({ status: "pass", calls: ["container:GetCredentials"] });
      expect(o.requests.find((r) => r.operation === "ListObjectsV2")?.keyId).toBe("ASIATFWHYSTUB000CONT");
    });

    it("web identity from the environment: unsigned AssumeRoleWithWebIdentity, then the role session signs S3", async () => {
      const o = await run("web identity", {
        enforce: false,
        module: {
          home: { "token.jwt": "eyJhbGciOiJub25lIn0.eyJzdWIiOiJ2ZXJpZnkifQ." },
          env: { AWS_ROLE_ARN: `arn:aws:iam::${ACCOUNT}:role/oidc-role`, AWS_ROLE_SESSION_NAME: "verify-oidc" },
        },
        envFromHome: { AWS_WEB_IDENTITY_TOKEN_FILE: "token.jwt" },
      });
      expect(o.check("credentials.base")).toMatchObject({ status: "pass", calls: ["sts:AssumeRoleWithWebIdentity"] });
      const call = o.requests.find((r) => r.operation === "AssumeRoleWithWebIdentity");
      expect(call).toMatchObject({
        keyId: null,
        roleArn: `arn:aws:iam::${ACCOUNT}:role/oidc-role`,
        roleSessionName: "verify-oidc",
      });
      expect(o.report.identity).toMatchObject({
        kind: "assumed-role",
        roleArn: `arn:aws:iam::${ACCOUNT}:role/oidc-role`,
        sessionName: "verify-oidc",
      });
    });

    it("forbidden account: Terraform stops at the account check", async () => {
      const o = await run("forbidden account", { module: { backend: `forbidden_account_ids = ["${ACCOUNT}"]` } });
      expect(o.check("account.allowed")).toMatchObject({ status: "fail" });
      expect(o.check("account.allowed").detail).toContain(`AWS account ID not allowed: ${ACCOUNT}`);
      expect(o.check("s3.bucket").status).toBe("not-checked");
    });
  });

  describe("bucket, region, table, locks", () => {
    it("bucket missing: s3.bucket fails and the other S3 checks are not checked", async () => {
      const o = await run("bucket missing", { module: { bucket: "no-such-bucket" } });
      expect(o.check("s3.bucket")).toMatchObject({ status: "fail", awsError: { httpStatus: 404 } });
      expect(o.check("s3.bucket").detail).toContain('S3 bucket "no-such-bucket" does not exist.');
      expect(o.check("s3.bucket").fix).toMatch(/main\.tf:\d+/);
      expect(o.check("s3.state-read")).toMatchObject({ status: "not-checked" });
    });

    it("wrong region: names the bucket's region and where the configured one came from", async () => {
      const o = await run("wrong region", {
        setup: { buckets: [{ name: "tfstate-eu", region: "eu-west-1" }] },
        module: { bucket: "tfstate-eu", region: null, env: { AWS_DEFAULT_REGION: "us-east-1" } },
      });
      const bucket = o.check("s3.bucket");
      expect(bucket.status).toBe("fail");
      expect(bucket.detail).toContain(
        'Bucket "tfstate-eu" is in eu-west-1, but the backend\'s region is us-east-1 (from the environment variable AWS_DEFAULT_REGION)',
      );
      expect(bucket.detail).toContain('requested bucket from "us-east-1", actual location "eu-west-1"');
      expect(bucket.fix).toContain("export AWS_DEFAULT_REGION=eu-west-1");
      expect(o.check("s3.list-workspaces").status).toBe("not-checked");
    });

    it("table missing: named with the backend region, and the fix never suggests DescribeTable", async () => {
      const o = await run("table missing", { module: { backend: 'dynamodb_table = "tf-locks"' } });
      expect(o.check("lock.dynamodb-table")).toMatchObject({
        status: "fail",
        awsError: { code: "ResourceNotFoundException" },
      });
      expect(o.check("lock.dynamodb-table").cause).toContain("us-east-1");
      expect(o.check("lock.dynamodb-item").status).toBe("not-checked");
    });

    it("DynamoDB denied: GetItem fails with the three actions Terraform needs; DescribeTable denial is not a failure", async () => {
      const o = await run("dynamodb denied", {
        setup: { tables: ["tf-locks"], users: [defaultUser(allow("s3:*"))] },
        module: { backend: 'dynamodb_table = "tf-locks"' },
      });
      expect(o.check("lock.dynamodb-table")).toMatchObject({
        status: "not-checked",
        awsError: { code: "AccessDeniedException" },
      });
      expect(o.check("lock.dynamodb-table").detail).toMatch(/Do not grant it/);
      const item = o.check("lock.dynamodb-item");
      expect(item).toMatchObject({ status: "fail", awsError: { code: "AccessDeniedException" } });
      expect(item.fix).toContain("dynamodb:GetItem, dynamodb:PutItem and dynamodb:DeleteItem");
      expect(item.fix).toContain("never calls dynamodb:DescribeTable");
      expect(`${item.fix}`).not.toMatch(/Grant[^.]*dynamodb:DescribeTable/);
    });

    it("DynamoDB lock held: Who/Operation/Created and the exact force-unlock command", async () => {
      const o = await run("dynamodb lock held", {
        setup: { tables: ["tf-locks"] },
        before: async ({ dynamodb }) => {
          await dynamodb.send(
            new PutItemCommand({
              TableName: "tf-locks",
              Item: { LockID: { S: `tfstate/${STATE_KEY}` }, Info: { S: LOCK_INFO } },
            }),
          );
        },
        module: { backend: 'dynamodb_table = "tf-locks"' },
      });
      const item = o.check("lock.dynamodb-item");
      expect(item.status).toBe("fail");
      expect(item.detail).toContain(
        "held by bob@laptop, operation OperationTypeApply, created 2026-01-01T09:00:00.000000Z",
      );
      expect(item.fix).toContain("`terraform force-unlock 9db590f1-b6fe-c5f2-2678-8804f089deba`");
    });

    it("lockfile held: its Info and the force-unlock command", async () => {
      const o = await run("lockfile held", {
        before: async ({ s3 }) => {
          await s3.send(new PutObjectCommand({ Bucket: "tfstate", Key: `${STATE_KEY}.tflock`, Body: LOCK_INFO }));
        },
        module: { backend: "use_lockfile = true" },
      });
      const lock = o.check("lock.lockfile");
      expect(lock.status).toBe("fail");
      expect(lock.detail).toContain("held by bob@laptop");
      expect(lock.fix).toContain("terraform force-unlock 9db590f1-b6fe-c5f2-2678-8804f089deba");
    });
  });

  describe("workspaces", () => {
    it("TF_WORKSPACE=staging: reads env:/staging/<key>, its lock item and lockfile; probes write beside it", async () => {
      const staged = `env:/staging/${STATE_KEY}`;
      const o = await run("workspace staging", {
        setup: { tables: ["tf-locks"] },
        before: async ({ s3, dynamodb }) => {
          await s3.send(new PutObjectCommand({ Bucket: "tfstate", Key: staged, Body: '{"version":4}' }));
          await s3.send(new PutObjectCommand({ Bucket: "tfstate", Key: `${staged}.tflock`, Body: LOCK_INFO }));
          await dynamodb.send(
            new PutItemCommand({
              TableName: "tf-locks",
              Item: { LockID: { S: `tfstate/${staged}` }, Info: { S: LOCK_INFO } },
            }),
          );
        },
        module: { backend: 'use_lockfile = true\ndynamodb_table = "tf-locks"', env: { TF_WORKSPACE: "staging" } },
        writeProbe: true,
      });
      expect(o.report.explanation.workspace).toMatchObject({
        name: "staging",
        from: "TF_WORKSPACE",
        statePath: staged,
        lockId: `tfstate/${staged}`,
        lockfileKey: `${staged}.tflock`,
      });
      // The state exists only under the workspace's path: found there, not "no state yet" at the default key.
      const read = o.check("s3.state-read");
      expect(read.status).toBe("pass");
      expect(read.title).toContain(staged);
      expect(read.detail).not.toMatch(/no state yet/i);
      expect(o.check("s3.list-workspaces").detail).toContain("staging");
      // Both locks of the workspace are held, and verify reads exactly those.
      expect(o.check("lock.lockfile")).toMatchObject({ status: "fail" });
      expect(o.check("lock.lockfile").detail).toContain(`${staged}.tflock`);
      expect(o.check("lock.dynamodb-item")).toMatchObject({ status: "fail" });
      expect(o.check("lock.dynamodb-item").detail).toContain(`tfstate/${staged}`);
      expect(o.check("probe.state-write").status).toBe("pass");
      // The probes were written next to the workspace's state and removed.
      const puts = o.requests.filter((r) => landedWrite(r) && r.service === "s3" && r.method === "PUT");
      expect(puts.length).toBeGreaterThan(0);
      for (const w of puts)
        expect(decodeURIComponent(w.path ?? "")).toContain(`/env:/staging/${STATE_KEY}.tfwhy-probe-`);
      expect((await o.keysAfter()).sort()).toEqual([staged, `${staged}.tflock`]);
    });
  });

  describe("encryption and KMS", () => {
    // A well-formed key id (Terraform rejects malformed ones before it reaches AWS) that does not exist.
    it("kms_key_id that does not exist: kms.key fails (and the write probe would fail in KMS)", async () => {
      const missingKey = `arn:aws:kms:us-east-1:${ACCOUNT}:key/1234abcd-12ab-44cd-a6ef-1234567890ab`;
      const o = await run("kms missing", { module: { backend: `encrypt = true\nkms_key_id = "${missingKey}"` } });
      expect(o.check("kms.key")).toMatchObject({ status: "fail", awsError: { code: "NotFoundException" } });
      expect(o.check("kms.key").fix).toContain("kms_key_id");
    });

    it("KMS key denied to the caller: DescribeKey is a warning, GenerateDataKey (writeProbe) a failure", async () => {
      const o = await runWithKey("kms denied", allow("s3:*"), true);
      expect(o.check("kms.key")).toMatchObject({ status: "warn", awsError: { code: "AccessDeniedException" } });
      expect(o.check("probe.kms-data-key")).toMatchObject({ status: "fail" });
      expect(o.check("probe.kms-data-key").fix).toContain("kms:GenerateDataKey");
    });

    it("KMS key usable: DescribeKey and GenerateDataKey pass, the probe object is written with SSE-KMS", async () => {
      const o = await runWithKey("kms usable", allow("s3:*", "kms:*"), true);
      expect(o.check("kms.key").status).toBe("pass");
      expect(o.check("probe.kms-data-key").status).toBe("pass");
      expect(o.check("probe.state-write").detail).toContain("SSE-KMS");
      expect(o.check("s3.encryption").detail).toContain("encrypt = true with kms_key_id");
    });

    it("kms_key_id without encrypt = true is ignored by Terraform: a warning that says so", async () => {
      const o = await run("kms without encrypt", { module: { backend: 'kms_key_id = "alias/terraform"' } });
      expect(o.check("s3.encryption").status).toBe("warn");
      expect(o.check("s3.encryption").detail).toMatch(/ignores kms_key_id entirely/);
      expect(o.check("s3.encryption").fix).toContain("encrypt = true");
    });

    /** A KMS key created with the setup key and named by alias, so the module can name it before it exists. */
    function runWithKey(name: string, policy: unknown, writeProbe: boolean): Promise<Outcome> {
      return run(name, {
        setup: { users: [defaultUser(policy)] },
        before: async ({ kms }) => {
          const keyId = (await kms.send(new CreateKeyCommand({}))).KeyMetadata!.KeyId!;
          await kms.send(new CreateAliasCommand({ AliasName: "alias/terraform-state", TargetKeyId: keyId }));
        },
        module: { backend: 'encrypt = true\nkms_key_id = "alias/terraform-state"' },
        writeProbe,
      });
    }
  });

  describe("bucket policies (moto stores them; principals are judged by analyzeBucketPolicy)", () => {
    const rolePolicy = JSON.stringify({
      Version: "2012-10-17",
      Statement: [
        {
          Sid: "AllowTerraformRole",
          Effect: "Allow",
          Principal: { AWS: `arn:aws:iam::${ACCOUNT}:role/terraform-access-role` },
          Action: "s3:ListBucket",
          Resource: "arn:aws:s3:::tfstate",
        },
        {
          Sid: "AllowTerraformRoleObjects",
          Effect: "Allow",
          Principal: { AWS: `arn:aws:iam::${ACCOUNT}:role/terraform-access-role` },
          Action: ["s3:GetObject", "s3:PutObject"],
          Resource: "arn:aws:s3:::tfstate/*",
        },
      ],
    });

    it("the seed incident: the user from [default] is not the role the bucket policy allows; the fix names the provider's profile", async () => {
      const o = await run("seed incident", {
        setup: {
          users: [defaultUser(allow("sts:AssumeRole", "s3:ListBucket", "s3:GetBucketPolicy"))],
          roles: [{ name: "terraform-access-role", trust: trustUser, policy: allow("s3:*") }],
        },
        before: async ({ s3 }) => {
          await s3.send(new PutBucketPolicyCommand({ Bucket: "tfstate", Policy: rolePolicy }));
        },
        module: {
          extraHcl: 'provider "aws" {\n  region  = "us-east-1"\n  profile = "terraform"\n}\n',
          home: {
            ...defaultHome,
            ".aws/config": `[profile terraform]\nrole_arn = arn:aws:iam::${ACCOUNT}:role/terraform-access-role\nsource_profile = default\n`,
          },
        },
      });
      const policy = o.check("s3.bucket-policy");
      expect(policy.status).toBe("warn");
      expect(policy.detail).toContain(
        "For user/terraform-access: s3:ListBucket on tfstate is left to the identity policy",
      );
      const read = o.check("s3.state-read");
      expect(read.status).toBe("fail");
      expect(read.cause).toContain(
        'user/terraform-access (arn:aws:iam::123456789012:user/terraform-access) is used because Profile "default"',
      );
      expect(read.cause).toContain("The bucket policy allows s3:GetObject only to role/terraform-access-role");
      expect(read.fix).toContain('add profile = "terraform" to main.tf');
      expect(read.fix).toContain(
        `add assume_role = { role_arn = "arn:aws:iam::${ACCOUNT}:role/terraform-access-role" } to main.tf`,
      );
      expect(read.fix).toContain("grant user/terraform-access s3:GetObject");
    });

    it('the seed incident fixed with profile = "terraform": the role session passes the same policy', async () => {
      const o = await run("seed incident fixed", {
        setup: {
          users: [defaultUser(allow("sts:AssumeRole"))],
          roles: [{ name: "terraform-access-role", trust: trustUser, policy: allow("s3:*") }],
        },
        before: async ({ s3 }) => {
          await s3.send(new PutBucketPolicyCommand({ Bucket: "tfstate", Policy: rolePolicy }));
        },
        module: {
          backendConfigFiles: { "env/backend.hcl": 'profile = "terraform"\n' },
          home: {
            ...defaultHome,
            ".aws/config": `[profile terraform]\nrole_arn = arn:aws:iam::${ACCOUNT}:role/terraform-access-role\nsource_profile = default\n`,
          },
        },
      });
      expect(o.report.identity?.roleArn).toBe(`arn:aws:iam::${ACCOUNT}:role/terraform-access-role`);
      expect(o.check("s3.bucket-policy")).toMatchObject({ status: "pass" });
      expect(o.check("s3.bucket-policy").detail).toContain(
        "s3:GetObject on tfstate/prod/terraform.tfstate is allowed by the bucket policy",
      );
      expect(o.check("s3.state-read").status).toBe("pass");
    });

    it("an explicit Deny on GetObject: HeadObject works, GetObject is denied, and the statement is named", async () => {
      const deny = JSON.stringify({
        Version: "2012-10-17",
        Statement: [
          {
            Sid: "DenyStateReads",
            Effect: "Deny",
            Principal: "*",
            Action: "s3:GetObject",
            Resource: "arn:aws:s3:::tfstate/prod/*",
          },
        ],
      });
      const o = await run("bucket policy deny", {
        before: async ({ s3 }) => {
          await s3.send(new PutObjectCommand({ Bucket: "tfstate", Key: STATE_KEY, Body: '{"version":4}' }));
          await s3.send(new PutBucketPolicyCommand({ Bucket: "tfstate", Policy: deny }));
        },
      });
      const read = o.check("s3.state-read");
      // AWS sends AccessDenied; moto answers a bucket-policy Deny with an empty 403 body, read as Forbidden.
      expect(read).toMatchObject({ status: "fail", awsError: { operation: "s3:GetObject", httpStatus: 403 } });
      expect(read.cause).toContain('statement "DenyStateReads" explicitly denies s3:GetObject');
      expect(o.check("s3.bucket-policy").status).toBe("fail");
    });
  });

  it("cancel right after a probe object is written: the run stops and the probe is still removed", async () => {
    const controller = new AbortController();
    await moto.reset();
    await moto.setup({ buckets: [{ name: "tfstate" }], users: [defaultUser()] });
    await moto.enforce();
    const m = writeModule(moto.endpoint, { home: defaultHome, backend: "use_lockfile = true" });
    // The real port, except that the first PutObject is followed by a cancel (as Ctrl-C would).
    const real = createSdkAwsPort({ env: m.world.env });
    const aws: AwsPort = {
      ...real,
      putObject: async (target, params) => {
        const out = await real.putObject(target, params);
        controller.abort();
        return out;
      },
    };
    const offset = moto.logOffset();
    try {
      const report = await verifyBackend(
        { dir: m.dir, writeProbe: true, signal: controller.signal },
        { ...m.world, aws },
      );
      expect(report.ok).toBe(false);
      expect(report.checks.find((c) => c.id === "probe.state-write")).toMatchObject({ status: "not-checked" });
      expect(report.checks.find((c) => c.id === "probe.lockfile")?.detail).toMatch(/cancelled/);
      expect(report.checks.find((c) => c.id === "probe.cleanup")?.status).toBe("pass");
      const writes = moto
        .requestsSince(offset)
        .filter((r) => isMutating(r) && !guardedWrite(r))
        .map((r) => `${r.method} ${r.status}`);
      expect(writes).toEqual(["PUT 200", "DELETE 204"]);
      await moto.relax();
      expect((await clients.s3.send(new ListObjectsV2Command({ Bucket: "tfstate" }))).Contents ?? []).toEqual([]);
    } finally {
      m.cleanup();
    }
  });
});
