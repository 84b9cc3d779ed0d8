/**
 * verifyBackend with an injected AwsPort (no network): which calls it makes with which settings, and how it
 * reports answers moto cannot give. Every port call is recorded with its target.
 */
import { describe, expect, it } from "vitest";
import { AwsCallError, verifyBackend } from "../../src/verify/index.js";
import { DIR, fakePort, KEYS, world } from "./fake-port.js";

describe("verifyBackend with a fake AwsPort", () => {
  it(
    "passes Terraform's client settings: region, sts_region for " +
      "the backend's STS calls, endpoints, path style, max_retries",
    async () => {
      const port = fakePort({
        getCallerIdentity: async () => ({
          account: "111122223333",
          arn: "arn:aws:sts::111122223333:assumed-role/tf/aws-go-sdk-1",
          userId: "AROAUNIT:aws-go-sdk-1",
        }),
      });
      const { world: w, calls } = world(
        'region = "eu-central-1"\nsts_region = "eu-west-1"\nmax_retries ' +
          "= 2\nuse_path_style = true\nendpoints = { s3 = " +
          '"https://s3.example.test", sts = "https://sts.example.test" ' +
          '}\nassume_role = { role_arn = "arn:aws:iam::111122223333:role/tf" }',
        KEYS,
        {},
        port,
      );
      const report = await verifyBackend({ dir: DIR, timeoutMs: 1234 }, w);
      const assume = calls.find((c) => c.method === "assumeRole")!;
      expect(assume.target).toMatchObject({
        region: "eu-west-1",
        endpoint: "https://sts.example.test",
        maxAttempts: 2,
        timeoutMs: 1234,
      });
      expect((assume.target as unknown as { credentials: { accessKeyId: string } }).credentials.accessKeyId).toBe(
        KEYS.AWS_ACCESS_KEY_ID,
      );
      expect(calls.find((c) => c.method === "getCallerIdentity")?.target).toMatchObject({
        region: "eu-west-1",
        credentials: { accessKeyId: "ASIAUNITROLE00000001" },
      });
      expect(calls.find((c) => c.method === "headBucket")?.target).toMatchObject({
        region: "eu-central-1",
        endpoint: "https://s3.example.test",
        forcePathStyle: true,
        maxAttempts: 2,
      });
      expect(calls.find((c) => c.method === "listObjectsV2")?.params).toEqual({
        bucket: "acme-tfstate",
        prefix: "env:/",
      });
      expect(report.checks.find((c) => c.id === "s3.list-workspaces")?.detail).toContain(
        "other workspaces: dev, staging.",
      );
      expect(report.identity).toMatchObject({
        kind: "assumed-role",
        roleArn: "arn:aws:iam::111122223333:role/tf",
        temporary: true,
        accessKeyId: "ASIA************0001",
      });
      // No IMDS, container, process or write call for a static-keys plan without writeProbe.
      expect(calls.map((c) => c.method)).not.toEqual(expect.arrayContaining(["imdsCredentials"]));
      expect(
        calls.some((c) =>
          [
            "imdsCredentials",
            "containerCredentials",
            "processCredentials",
            "putObject",
            "deleteObject",
            "putLockItem",
            "deleteItem",
            "generateDataKey",
          ].includes(c.method),
        ),
      ).toBe(false);
    },
  );

  it(
    "a profile role_arn hop signs STS in the main region unless " +
      "a custom STS endpoint is set (credentialsEndpointResolver)",
    async () => {
      const files = {
        "~/.aws/config": "[profile ci]\nrole_arn = arn:aws:iam::111122223333:role/ci\nsource_profile = base\n",
        "~/.aws/credentials": "[base]\naws_access_key_id = AKIAUNITBASE00000001\naws_secret_access_key = s\n",
      };
      const plain = world('region = "eu-central-1"\nsts_region = "eu-west-1"\nprofile = "ci"', {}, files);
      await verifyBackend({ dir: DIR }, plain.world);
      expect(plain.calls.find((c) => c.method === "assumeRole")?.target?.region).toBe("eu-central-1");
      const custom = world(
        'region = "eu-central-1"\nsts_region = "eu-west-1"\nprofile ' +
          '= "ci"\nendpoints = { sts = "https://sts.example.test" }',
        {},
        files,
      );
      await verifyBackend({ dir: DIR }, custom.world);
      expect(custom.calls.find((c) => c.method === "assumeRole")?.target).toMatchObject({
        region: "eu-west-1",
        endpoint: "https://sts.example.test",
      });
    },
  );

  it(
    "Terraform fails offline (no region): every check is " + "not-checked with the reason, and no call is made",
    async () => {
      const { world: w, calls } = world("");
      const report = await verifyBackend({ dir: DIR }, w);
      expect(calls).toEqual([]);
      expect(report.checks.length).toBeGreaterThan(5);
      expect(report.checks.every((c) => c.status === "not-checked")).toBe(true);
      expect(report.checks[0]?.detail).toBe(
        'Not checked: Terraform fails before it reaches AWS, with "Missing region value".',
      );
      expect(report.checks[0]?.fix).toMatch(/region/);
      expect(report).toMatchObject({ ok: false, identity: null, summary: { pass: 0, fail: 0, warn: 0 } });
    },
  );

  it("onCheck announces each check before its AWS calls, with its title; the report is the same without it", async () => {
    const { world: w, calls } = world('region = "eu-central-1"');
    const announced: { id: string; title: string; callsSoFar: number }[] = [];
    const report = await verifyBackend(
      { dir: DIR, onCheck: (id, title) => announced.push({ id, title, callsSoFar: calls.length }) },
      w,
    );
    expect(announced[0]).toMatchObject({ id: "credentials.base", callsSoFar: 0 });
    const bucket = announced.find((a) => a.id === "s3.bucket")!;
    expect(bucket.title).toBe(report.checks.find((c) => c.id === "s3.bucket")?.title);
    expect(bucket.callsSoFar).toBeLessThanOrEqual(calls.findIndex((c) => c.method === "headBucket"));
    // Announced in report order, each once.
    const ids = announced.map((a) => a.id);
    expect(new Set(ids).size).toBe(ids.length);
    const { world: again } = world('region = "eu-central-1"');
    const plain = await verifyBackend({ dir: DIR }, again);
    expect(plain.checks.map((c) => [c.id, c.status])).toEqual(report.checks.map((c) => [c.id, c.status]));
  });

  it("IMDS only when the plan says so, at the plan's endpoint", async () => {
    const { world: w, calls } = world('region = "eu-central-1"', {});
    const report = await verifyBackend({ dir: DIR }, w);
    expect(calls[0]).toMatchObject({
      method: "imdsCredentials",
      params: { endpoint: "http://169.254.169.254", timeoutMs: 5000 },
    });
    expect(report.checks[0]).toMatchObject({ id: "credentials.base", status: "pass" });
    expect(report.checks[0]?.detail).toContain("IMDS returned role unit-role credentials (ASIA************0001)");
  });

  it(
    "web identity from the environment: reads the token file " +
      "through the world, main-region STS, Go's default session name",
    async () => {
      const { world: w, calls } = world(
        'region = "eu-central-1"\nsts_region = "eu-west-1"',
        { AWS_WEB_IDENTITY_TOKEN_FILE: "/var/run/token", AWS_ROLE_ARN: "arn:aws:iam::111122223333:role/oidc" },
        { "/var/run/token": "eyJhbGciOi.unit.token\n" },
      );
      await verifyBackend({ dir: DIR }, w);
      const call = calls.find((c) => c.method === "assumeRoleWithWebIdentity")!;
      expect(call.target?.region).toBe("eu-central-1");
      expect(call.params).toEqual({
        roleArn: "arn:aws:iam::111122223333:role/oidc",
        sessionName: "1772366400000000000",
        webIdentityToken: "eyJhbGciOi.unit.token",
      });
    },
  );

  it("container credentials: the authorization token file is read through the world", async () => {
    const { world: w, calls } = world(
      'region = "eu-central-1"',
      {
        AWS_CONTAINER_CREDENTIALS_FULL_URI: "http://127.0.0.1:9911/creds",
        AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE: "/run/token",
      },
      { "/run/token": "Bearer unit\n" },
    );
    await verifyBackend({ dir: DIR }, w);
    expect(calls[0]).toMatchObject({
      method: "containerCredentials",
      params: { url: "http://127.0.0.1:9911/creds", authorizationToken: "Bearer unit" },
    });
  });

  it("a port that throws something other than AwsCallError becomes a failed check, not a rejection", async () => {
    const port = fakePort({
      listObjectsV2: async () => {
        throw new TypeError("boom");
      },
    });
    const { world: w } = world('region = "eu-central-1"', KEYS, {}, port);
    const report = await verifyBackend({ dir: DIR }, w);
    expect(report.checks.find((c) => c.id === "s3.list-workspaces")).toMatchObject({
      status: "fail",
      awsError: { code: "Error", message: "boom" },
    });
  });

  it("a 301 without a region header still says the bucket is elsewhere", async () => {
    const port = fakePort({
      headBucket: async () => {
        throw new AwsCallError({
          operation: "s3:HeadBucket",
          awsCode: "PermanentRedirect",
          httpStatus: 301,
          message: "PermanentRedirect (HTTP 301, no error body)",
        });
      },
    });
    const { world: w } = world('region = "eu-central-1"', KEYS, {}, port);
    const report = await verifyBackend({ dir: DIR }, w);
    expect(report.checks.find((c) => c.id === "s3.bucket")).toMatchObject({ status: "fail" });
    expect(report.checks.find((c) => c.id === "s3.bucket")?.fix).toContain('region = "<the bucket\'s region>"');
  });

  it("a lock table with a sort key fails: Terraform's items have only LockID", async () => {
    const port = fakePort({
      describeTable: async () => ({
        status: "ACTIVE",
        arn: null,
        keySchema: [
          { name: "LockID", keyType: "HASH", attributeType: "S" },
          { name: "Sort", keyType: "RANGE", attributeType: "S" },
        ],
      }),
    });
    const { world: w } = world('region = "eu-central-1"\ndynamodb_table = "locks"', KEYS, {}, port);
    const report = await verifyBackend({ dir: DIR }, w);
    expect(report.checks.find((c) => c.id === "lock.dynamodb-table")).toMatchObject({ status: "fail" });
  });

  it("a held lock's age comes from the world's clock; an unreadable Info is said so", async () => {
    const info = JSON.stringify({
      ID: "abc",
      Operation: "OperationTypePlan",
      Who: "ci@runner",
      Created: "2026-03-01T09:00:00Z",
    });
    const held = fakePort({ getItem: async () => ({ LockID: "acme-tfstate/prod/terraform.tfstate", Info: info }) });
    const r1 = await verifyBackend(
      { dir: DIR },
      world('region = "eu-central-1"\ndynamodb_table = "locks"', KEYS, {}, held).world,
    );
    expect(r1.checks.find((c) => c.id === "lock.dynamodb-item")?.detail).toContain(
      "created 2026-03-01T09:00:00Z (3 h ago)",
    );
    const broken = fakePort({ getItem: async () => ({ LockID: "x", Info: "{" }) });
    const r2 = await verifyBackend(
      { dir: DIR },
      world('region = "eu-central-1"\ndynamodb_table = "locks"', KEYS, {}, broken).world,
    );
    expect(r2.checks.find((c) => c.id === "lock.dynamodb-item")?.detail).toContain(
      "the lock's Info is not valid lock JSON",
    );
    expect(r2.checks.find((c) => c.id === "lock.dynamodb-item")?.fix).toContain("terraform force-unlock <LOCK_ID>");
  });

  it("a store that ignores If-None-Match fails the lockfile probe; all probe objects are still deleted", async () => {
    const { port, calls } = fakePort();
    const { world: w } = world(
      'region = "eu-central-1"\nuse_lockfile = true\nencrypt = true\nkms_key_id = "alias/state"',
      KEYS,
      {},
      { port, calls },
    );
    const report = await verifyBackend({ dir: DIR, writeProbe: true }, w);
    expect(report.checks.find((c) => c.id === "probe.lockfile")).toMatchObject({ status: "fail" });
    expect(report.checks.find((c) => c.id === "probe.lockfile")?.detail).toMatch(/ignores If-None-Match/);
    const puts = calls
      .filter((c) => c.method === "putObject")
      .map((c) => c.params as { key: string; sse: unknown; ifNoneMatch?: string; checksumSha256: boolean });
    expect(puts.map((p) => p.key)).toEqual([
      expect.stringMatching(/^prod\/terraform\.tfstate\.tfwhy-probe-[0-9a-f]{8}$/),
      expect.stringMatching(/\.tflock$/),
      expect.stringMatching(/\.tflock$/),
    ]);
    expect(
      puts.every((p) => JSON.stringify(p.sse) === '{"kind":"kms","kmsKeyId":"alias/state"}' && p.checksumSha256),
    ).toBe(true);
    expect(puts.slice(1).every((p) => p.ifNoneMatch === "*")).toBe(true);
    const deleted = calls.filter((c) => c.method === "deleteObject").map((c) => (c.params as { key: string }).key);
    expect(new Set(deleted)).toEqual(new Set(puts.map((p) => p.key)));
    expect(report.checks.find((c) => c.id === "probe.kms-data-key")).toMatchObject({ status: "pass" });
  });

  describe("without s3:ListBucket, S3 answers 403 for a key that does not exist (AWS; moto answers 404)", () => {
    const denied = (operation: string) => async () => {
      throw new AwsCallError({ operation, awsCode: "AccessDenied", httpStatus: 403, message: "Access Denied" });
    };
    const noListBucket = () =>
      fakePort({
        listObjectsV2: denied("s3:ListObjectsV2"),
        headObject: denied("s3:HeadObject"),
        getObject: denied("s3:GetObject"),
      });

    it("a 403 on the lockfile is no failure: Terraform only reads the .tflock when it exists", async () => {
      const { world: w } = world('region = "eu-central-1"\nuse_lockfile = true', KEYS, {}, noListBucket());
      const report = await verifyBackend({ dir: DIR }, w);
      expect(report.checks.find((c) => c.id === "s3.list-workspaces")?.status).toBe("warn");
      const lockfile = report.checks.find((c) => c.id === "lock.lockfile");
      expect(lockfile?.status).toBe("warn");
      expect(lockfile?.detail).toContain("most likely means no lock is held");
    });

    it("a 403 on the state object names s3:ListBucket as the grant for a first init", async () => {
      const { world: w } = world('region = "eu-central-1"', KEYS, {}, noListBucket());
      const report = await verifyBackend({ dir: DIR }, w);
      const read = report.checks.find((c) => c.id === "s3.state-read");
      expect(read?.status).toBe("fail");
      expect(read?.cause).toContain("without s3:ListBucket S3 answers 403 instead of 404");
      expect(read?.fix).toContain("grant s3:ListBucket on arn:aws:s3:::acme-tfstate (without an s3:prefix condition)");
    });
  });

  describe("a selected workspace that is not in the bucket (as Terraform 1.11.4 did in conformance/)", () => {
    const listCheck = (report: Awaited<ReturnType<typeof verifyBackend>>) =>
      report.checks.find((c) => c.id === "s3.list-workspaces");
    const emptyBucket = () => fakePort({ listObjectsV2: async () => ({ keys: [], truncated: false }) });

    it("other workspaces exist: init fails, so the check fails and names the fix", async () => {
      const { world: w } = world('region = "eu-central-1"', { ...KEYS, TF_WORKSPACE: "qa" });
      const report = await verifyBackend({ dir: DIR }, w);
      expect(listCheck(report)?.status).toBe("fail");
      expect(listCheck(report)?.detail).toContain(`'Currently selected workspace "qa" does not exist'`);
      expect(listCheck(report)?.fix).toBe(
        "Create it with `terraform workspace new qa`, or select an existing one (default, dev, staging).",
      );
      expect(report.ok).toBe(false);
    });

    it("only default exists and TF_WORKSPACE names it: init creates it, a write (warning)", async () => {
      const { world: w } = world('region = "eu-central-1"', { ...KEYS, TF_WORKSPACE: "qa" }, {}, emptyBucket());
      const report = await verifyBackend({ dir: DIR }, w);
      expect(listCheck(report)?.status).toBe("warn");
      expect(listCheck(report)?.detail).toContain(
        'writing an empty state at "env:/qa/prod/terraform.tfstate" under the state lock',
      );
    });

    it("only default exists and .terraform/environment names it: init switches to default (warning)", async () => {
      const files = { ".terraform/environment": "ghost\n" };
      const { world: w } = world('region = "eu-central-1"', KEYS, files, emptyBucket());
      const report = await verifyBackend({ dir: DIR }, w);
      expect(listCheck(report)?.status).toBe("warn");
      expect(listCheck(report)?.detail).toContain('terraform init switches to "default"');
    });

    it("the workspace is listed: the check passes", async () => {
      const { world: w } = world('region = "eu-central-1"', { ...KEYS, TF_WORKSPACE: "dev" });
      expect(listCheck(await verifyBackend({ dir: DIR }, w))?.status).toBe("pass");
    });
  });

  it("TF_WORKSPACE=staging: every state read, lock read and probe uses env:/staging/<key>", async () => {
    const { world: w, calls } = world('region = "eu-central-1"\ndynamodb_table = "locks"\nuse_lockfile = true', {
      ...KEYS,
      TF_WORKSPACE: "staging",
    });
    const report = await verifyBackend({ dir: DIR, writeProbe: true }, w);
    const state = "env:/staging/prod/terraform.tfstate";
    const params = (method: string) => calls.filter((c) => c.method === method).map((c) => c.params);
    // the state read, then the clean-up's confirmation of each probe next to it
    expect(params("headObject")).toEqual([
      expect.objectContaining({ bucket: "acme-tfstate", key: state }),
      expect.objectContaining({ key: expect.stringMatching(/^env:\/staging\/prod\/terraform\.tfstate\.tfwhy-probe-/) }),
      expect.objectContaining({ key: expect.stringMatching(/\.tfwhy-probe-[0-9a-f]{8}\.tflock$/) }),
    ]);
    expect(params("getObject")).toContainEqual(expect.objectContaining({ key: `${state}.tflock` }));
    expect(params("getItem")[0]).toEqual({ table: "locks", lockId: `acme-tfstate/${state}` });
    for (const p of params("putObject"))
      expect((p as { key: string }).key.startsWith(`${state}.tfwhy-probe-`)).toBe(true);
    for (const p of params("putLockItem")) {
      expect((p as { lockId: string }).lockId.startsWith(`acme-tfstate/${state}.tfwhy-probe-`)).toBe(true);
    }
    expect(params("putObject").length).toBeGreaterThan(0);
    expect(params("putLockItem").length).toBeGreaterThan(0);
    // Nothing touched the default workspace's key.
    for (const c of calls) expect(JSON.stringify(c.params ?? null)).not.toMatch(/"(acme-tfstate\/)?prod\/terraform/);
    expect(report.checks.find((c) => c.id === "s3.state-read")?.title).toContain(state);
  });
});
