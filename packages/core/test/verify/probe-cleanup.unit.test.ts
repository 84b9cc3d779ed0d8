/**
 * Probe clean-up with a fake, stateful AWS port (no network): writes whose answer never came are still removed,
 * and probe.cleanup says "removed" only for what a read confirmed gone, naming every leftover otherwise.
 */
import { describe, expect, it } from "vitest";
import { createFakeWorld } from "../../src/testing.js";
import {
  AwsCallError,
  type AwsPort,
  cleanupGraceMs,
  type VerifyReport,
  verifyBackend,
} from "../../src/verify/index.js";

const DIR = "/work/project";
const KEYS = { AWS_ACCESS_KEY_ID: "AKIAUNITCLEANUP00001", AWS_SECRET_ACCESS_KEY: "unit-secret" };
const PROBE = /prod\/terraform\.tfstate\.tfwhy-probe-[0-9a-f]{8}/;

/** What the fake store holds: S3 versions per key (newest last; a null id is a delete marker) and lock items. */
interface Store {
  readonly objects: Map<string, { id: string; marker: boolean }[]>;
  readonly items: Map<string, string>;
  versioned: boolean;
  calls: string[];
}

type Overrides = Partial<AwsPort>;

/** Everything answers like a healthy, permissive AWS; S3 objects and lock items live in `store`. */
function storePort(store: Store, overrides: Overrides = {}): AwsPort {
  let seq = 0;
  const current = (key: string) => {
    const vs = store.objects.get(key) ?? [];
    const top = vs[vs.length - 1];
    return top && !top.marker ? top : null;
  };
  const notFound = (op: string) =>
    new AwsCallError({ operation: op, awsCode: "NotFound", httpStatus: 404, message: "NotFound" });
  const base: AwsPort = {
    getCallerIdentity: async () => ({
      account: "111122223333",
      arn: "arn:aws:iam::111122223333:user/unit",
      userId: "AIDAUNIT",
    }),
    assumeRole: async () => ({ accessKeyId: "ASIAUNITROLE00000001", secretAccessKey: "s" }),
    assumeRoleWithWebIdentity: async () => ({ accessKeyId: "ASIAUNITWEBID0000001", secretAccessKey: "s" }),
    getRoleCredentials: async () => ({ accessKeyId: "ASIAUNITSSO000000001", secretAccessKey: "s" }),
    processCredentials: async () => ({ accessKeyId: "AKIAUNITPROCESS00001", secretAccessKey: "s" }),
    containerCredentials: async () => ({ accessKeyId: "ASIAUNITCONTAINER001", secretAccessKey: "s" }),
    imdsCredentials: async () => ({ accessKeyId: "ASIAUNITIMDS00000001", secretAccessKey: "s", roleName: "r" }),
    headBucket: async () => ({ region: "eu-central-1" }),
    listObjectsV2: async () => ({ keys: [], truncated: false }),
    headObject: async (_t, p) => {
      if (!current(p.key)) throw notFound("s3:HeadObject");
      return { contentLength: 1, lastModified: null, serverSideEncryption: null, kmsKeyId: null };
    },
    getObject: async (_t, p) => {
      if (!current(p.key))
        throw new AwsCallError({
          operation: "s3:GetObject",
          awsCode: "NoSuchKey",
          httpStatus: 404,
          message: "no such key",
        });
      return { contentLength: 1, lastModified: null, serverSideEncryption: null, kmsKeyId: null, text: "{}" };
    },
    getBucketPolicy: async () => null,
    getBucketVersioning: async () => ({ status: store.versioned ? "Enabled" : null }),
    getBucketEncryption: async () => null,
    putObject: async (_t, p) => {
      if (p.ifNoneMatch && current(p.key))
        throw new AwsCallError({
          operation: "s3:PutObject",
          awsCode: "PreconditionFailed",
          httpStatus: 412,
          message: "At least one of the pre-conditions you specified did not hold",
        });
      const id = store.versioned ? `v${++seq}` : "null";
      const vs = store.versioned ? (store.objects.get(p.key) ?? []) : [];
      store.objects.set(p.key, [...vs, { id, marker: false }]);
      return { versionId: store.versioned ? id : null };
    },
    deleteObject: async (_t, p) => {
      const vs = store.objects.get(p.key) ?? [];
      if (p.versionId)
        store.objects.set(
          p.key,
          vs.filter((v) => v.id !== p.versionId),
        );
      else if (store.versioned) store.objects.set(p.key, [...vs, { id: `m${++seq}`, marker: true }]);
      else store.objects.delete(p.key);
      if (store.objects.get(p.key)?.length === 0) store.objects.delete(p.key);
    },
    putObjectAccess: async () => "allowed" as const,
    deleteObjectAccess: async () => "allowed" as const,
    putItemAccess: async () => "allowed" as const,
    deleteItemAccess: async () => "allowed" as const,
    listObjectVersions: async (_t, p) =>
      [...store.objects]
        .filter(([k]) => k.startsWith(p.prefix))
        .flatMap(([key, vs]) => vs.map((v) => ({ key, versionId: v.id, deleteMarker: v.marker }))),
    describeTable: async () => ({
      status: "ACTIVE",
      arn: null,
      keySchema: [{ name: "LockID", keyType: "HASH", attributeType: "S" }],
    }),
    getItem: async (_t, p) =>
      store.items.has(p.lockId) ? { LockID: p.lockId, Info: store.items.get(p.lockId)! } : null,
    putLockItem: async (_t, p) => {
      if (store.items.has(p.lockId))
        throw new AwsCallError({
          operation: "dynamodb:PutItem",
          awsCode: "ConditionalCheckFailedException",
          httpStatus: 400,
          message: "The conditional request failed",
        });
      store.items.set(p.lockId, p.info);
    },
    deleteItem: async (_t, p) => void store.items.delete(p.lockId),
    describeKey: async (_t, keyId) => ({ keyId, arn: keyId, state: "Enabled", keyManager: "CUSTOMER" }),
    generateDataKey: async () => undefined,
  };
  const merged = { ...base, ...overrides } as Record<string, (...a: unknown[]) => Promise<unknown>>;
  return Object.fromEntries(
    Object.entries(merged).map(([name, fn]) => [
      name,
      (...args: unknown[]) => {
        const p = args[1] as { versionId?: string; key?: string } | undefined;
        store.calls.push(
          name === "deleteObject" && p?.versionId
            ? `deleteObject@${p.versionId}`
            : name === "headObject" && p?.key?.includes(".tfwhy-probe-")
              ? "headObject(probe)"
              : name,
        );
        return fn(...args);
      },
    ]),
  ) as unknown as AwsPort;
}

function newStore(versioned = false): Store {
  return { objects: new Map(), items: new Map(), versioned, calls: [] };
}

async function verify(
  backend: string,
  port: AwsPort,
  options: { signal?: AbortSignal; timeoutMs?: number } = {},
): Promise<VerifyReport> {
  const mainTf =
    `terraform {\n  backend "s3" {\n    bucket = "acme-tfstate"\n    key = "prod/terraform.tfstate"\n` +
    `    region = "eu-central-1"\n${backend}\n  }\n}\n`;
  const world = { ...createFakeWorld({ cwd: DIR, env: KEYS, files: { "main.tf": mainTf } }), aws: port };
  return verifyBackend(
    {
      dir: DIR,
      writeProbe: true,
      timeoutMs: options.timeoutMs ?? 1000,
      ...(options.signal ? { signal: options.signal } : {}),
    },
    world,
  );
}

const check = (r: VerifyReport, id: string) => r.checks.find((c) => c.id === id);

/** A write that lands in the store but whose answer never comes: it throws `error` instead. */
function landsThenFails<T extends unknown[]>(real: (...a: T) => Promise<unknown>, error: () => AwsCallError) {
  return async (...a: T) => {
    await real(...a);
    throw error();
  };
}

const timeout = (op: string) => () =>
  new AwsCallError({ operation: op, awsCode: "Timeout", kind: "timeout", message: "no answer within 1000 ms" });

describe("probe clean-up: armed before the write, removed only when confirmed", () => {
  it(
    "a PutObject that landed but timed out is still deleted, " + "and the report names it as removed (HeadObject 404)",
    async () => {
      const store = newStore();
      const real = storePort(store);
      const port = storePort(store, { putObject: landsThenFails(real.putObject, timeout("s3:PutObject")) });
      const r = await verify("", port);
      expect(check(r, "probe.state-write")).toMatchObject({ status: "fail", awsError: { code: "Timeout" } });
      expect(store.objects.size).toBe(0);
      const cleanup = check(r, "probe.cleanup")!;
      expect(cleanup.status).toBe("pass");
      expect(cleanup.detail).toMatch(
        new RegExp(`^Removed, and confirmed gone: s3://acme-tfstate/${PROBE.source} \\(HeadObject answers 404\\)\\.$`),
      );
    },
  );

  it(
    "versioned bucket, answer lost: the probe's version is found by " +
      "ListObjectVersions and deleted by id, no delete marker left",
    async () => {
      const store = newStore(true);
      const real = storePort(store);
      const port = storePort(store, { putObject: landsThenFails(real.putObject, timeout("s3:PutObject")) });
      const r = await verify("", port);
      expect(store.objects.size).toBe(0);
      expect(store.calls).toContain("listObjectVersions");
      expect(store.calls).toContain("deleteObject@v1");
      // Never a plain delete: that would leave a marker over the version.
      expect(store.calls).not.toContain("deleteObject");
      expect(check(r, "probe.cleanup")).toMatchObject({ status: "pass" });
    },
  );

  it(
    "a DeleteObject that is denied: the probe is named as left " +
      "behind with its version and the command to delete it",
    async () => {
      const store = newStore(true);
      const denied = async () => {
        throw new AwsCallError({
          operation: "s3:DeleteObject",
          awsCode: "AccessDenied",
          httpStatus: 403,
          message: "Access Denied",
        });
      };
      const r = await verify("", storePort(store, { deleteObject: denied }));
      const cleanup = check(r, "probe.cleanup")!;
      // Terraform never deletes the state object: a leftover to remove (warning), not a failure of Terraform's.
      expect(cleanup.status).toBe("warn");
      expect(cleanup.detail).not.toMatch(/Removed/);
      expect(cleanup.detail).toMatch(
        new RegExp(
          `^Left behind, or not confirmed gone: s3://acme-tfstate/${PROBE.source} \\(version v1\\): ` +
            "versions still there after DeleteObject failed: AccessDenied\\. Not a failure of Terraform's: " +
            "terraform init, plan and apply never call s3:DeleteObject on the state object \\(Terraform 1\\.11\\.4's " +
            "calls\\)\\.$",
        ),
      );
      expect(cleanup.fix).toMatch(
        new RegExp(`aws s3api delete-object --bucket acme-tfstate --key ${PROBE.source} --version-id v1`),
      );
      expect(r.checks.filter((c) => c.status === "fail")).toEqual([]);
    },
  );

  it("a lockfile probe that cannot be deleted fails: Terraform's unlock deletes its .tflock too", async () => {
    const store = newStore(false);
    const denied = async () => {
      throw new AwsCallError({
        operation: "s3:DeleteObject",
        awsCode: "AccessDenied",
        httpStatus: 403,
        message: "Access Denied",
      });
    };
    const r = await verify("use_lockfile = true", storePort(store, { deleteObject: denied }));
    expect(check(r, "probe.cleanup")?.status).toBe("fail");
    expect(check(r, "probe.cleanup")?.detail).toMatch(/\.tflock/);
    expect(r.ok).toBe(false);
  });

  it(
    "cancel during PutItem that landed: the item is deleted and " +
      "confirmed by GetItem; nothing is claimed for a probe never sent",
    async () => {
      const store = newStore();
      const controller = new AbortController();
      const real = storePort(store);
      const port = storePort(store, {
        putLockItem: async (t, p) => {
          await real.putLockItem(t, p);
          controller.abort();
          throw new AwsCallError({
            operation: "dynamodb:PutItem",
            awsCode: "Aborted",
            kind: "aborted",
            message: "cancelled",
          });
        },
      });
      const r = await verify('dynamodb_table = "locks"\nuse_lockfile = true', port, { signal: controller.signal });
      expect(store.items.size).toBe(0);
      expect(store.objects.size).toBe(0);
      const cleanup = check(r, "probe.cleanup")!;
      expect(cleanup.status).toBe("pass");
      expect(cleanup.detail).toMatch(
        new RegExp(`dynamodb://locks/acme-tfstate/${PROBE.source} \\(GetItem finds no item\\)`),
      );
      expect(cleanup.detail).toMatch(/s3:\/\/acme-tfstate\/\S+\.tflock \(HeadObject answers 404\)/);
      expect(check(r, "probe.dynamodb-lock")?.status).toBe("not-checked");
      expect(r.ok).toBe(false);
    },
  );

  it("DeleteItem answers OK but GetItem cannot confirm: not reported as removed, named as not confirmed", async () => {
    const store = newStore();
    let puts = 0;
    const port = storePort(store, {
      getItem: async (_t, p) => {
        // The lock check's GetItem (real lock) answers; the probe's reads time out.
        if (!p.lockId.includes("tfwhy-probe")) return null;
        throw timeout("dynamodb:GetItem")();
      },
      putLockItem: async (_t, p) => {
        puts++;
        if (store.items.has(p.lockId))
          throw new AwsCallError({
            operation: "dynamodb:PutItem",
            awsCode: "ConditionalCheckFailedException",
            httpStatus: 400,
            message: "failed",
          });
        store.items.set(p.lockId, p.info);
      },
    });
    const r = await verify('dynamodb_table = "locks"', port);
    expect(puts).toBe(2);
    const cleanup = check(r, "probe.cleanup")!;
    expect(cleanup.status).toBe("fail");
    expect(cleanup.detail).toMatch(
      new RegExp(
        `^Left behind, or not confirmed gone: dynamodb://locks/acme-tfstate/${PROBE.source}: ` +
          "GetItem could not confirm its removal: Timeout\\. " +
          `Removed, and confirmed gone: s3://acme-tfstate/${PROBE.source} \\(HeadObject answers 404\\)\\.$`,
      ),
    );
    expect(cleanup.fix).toMatch(
      new RegExp(
        "aws dynamodb delete-item --table-name locks --key " +
          `'\\{"LockID":\\{"S":"acme-tfstate/prod/terraform\\.tfstate\\.tfwhy-probe-[0-9a-f]{8}"\\}\\}'`,
      ),
    );
  });

  it("a write AWS refused (AccessDenied): nothing landed, so no probe.cleanup, no look and no delete", async () => {
    const store = newStore();
    const refuse = async (): Promise<never> => {
      throw new AwsCallError({
        operation: "s3:PutObject",
        awsCode: "AccessDenied",
        httpStatus: 403,
        message: "Access Denied",
      });
    };
    // denied on the real key too (the authorisation check), so the probe's refusal is Terraform's
    const port = storePort(store, { putObject: refuse, putObjectAccess: refuse });
    const r = await verify("", port);
    expect(check(r, "s3.state-write-access")?.status).toBe("fail");
    expect(check(r, "probe.state-write")?.status).toBe("fail");
    expect(check(r, "probe.cleanup")).toBeUndefined();
    expect(store.calls.filter((c) => c.startsWith("deleteObject"))).toEqual([]);
    expect(store.calls).not.toContain("headObject(probe)");
  });

  it(
    "a write answered with an error although an earlier attempt " +
      "landed (SDK retry): found by the read, deleted, reported",
    async () => {
      const store = newStore();
      const real = storePort(store);
      const denied = () =>
        new AwsCallError({
          operation: "s3:PutObject",
          awsCode: "InternalError",
          httpStatus: 500,
          message: "We encountered an internal error",
        });
      const r = await verify("", storePort(store, { putObject: landsThenFails(real.putObject, denied) }));
      expect(check(r, "probe.state-write")?.status).toBe("fail");
      expect(store.objects.size).toBe(0);
      // Looked (present), deleted, confirmed gone.
      expect(store.calls.filter((c) => c === "headObject(probe)" || c === "deleteObject")).toEqual([
        "headObject(probe)",
        "deleteObject",
        "headObject(probe)",
      ]);
      expect(check(r, "probe.cleanup")).toMatchObject({ status: "pass" });
      expect(check(r, "probe.cleanup")?.detail).toMatch(
        new RegExp(`s3://acme-tfstate/${PROBE.source} \\(HeadObject answers 404\\)`),
      );
    },
  );

  it("a store that hangs on DeleteObject: the clean-up stops at its own deadline and says so", async () => {
    const store = newStore();
    const port = storePort(store, {
      deleteObject: (t) =>
        new Promise((_, reject) => {
          // Honours the clean-up deadline only (the fake ignores the per-call timeout): the grace bound is what is
          // measured.
          const fail = () =>
            reject(
              new AwsCallError({
                operation: "s3:DeleteObject",
                awsCode: "Aborted",
                kind: "aborted",
                message: "cancelled",
              }),
            );
          if (t.signal?.aborted) fail();
          else t.signal?.addEventListener("abort", fail, { once: true });
        }),
    });
    const timeoutMs = 200;
    const t0 = Date.now();
    // The probe's own DeleteObject gets the run's signal: give it one that ends the in-flow wait quickly.
    const r = await verify("", port, { timeoutMs, signal: AbortSignal.timeout(300) });
    const elapsed = Date.now() - t0;
    const grace = cleanupGraceMs(timeoutMs);
    expect(grace).toBe(3000);
    expect(elapsed).toBeLessThan(300 + grace + 1000);
    const cleanup = check(r, "probe.cleanup")!;
    expect(cleanup.status).toBe("warn");
    expect(r.ok).toBe(false);
    expect(cleanup.detail).toMatch(
      new RegExp(`s3://acme-tfstate/${PROBE.source}: .*the clean-up deadline of 3 s passed`),
    );
    expect(store.objects.size).toBe(1);
  });
});
