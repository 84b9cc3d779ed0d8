/**
 * explainTree / verifyTree: what `tfwhy explain|verify --recursive` does, as a library call. Discovery rules
 * (symlinks included) are pinned in src/tree/discover.test.ts; here, the tree run over a fake world.
 */
import { describe, expect, it } from "vitest";
import {
  AwsCallError,
  type AwsPort,
  BackendConfigFileNotFoundError,
  type Explanation,
  explainTree,
  InternalError,
  InvalidInputError,
  NoS3RootModuleError,
  NotS3BackendError,
  type SignedTarget,
  type TreeEvent,
  type VerifyInput,
  type VerifyReport,
  type VerifyWorld,
  verifyTree,
  type World,
} from "../src/index.js";
import { createFakeWorld } from "../src/testing.js";

const ROOT = "/repo";
const KEYS = { AWS_ACCESS_KEY_ID: "AKIATREETEST00000001", AWS_SECRET_ACCESS_KEY: "tree-secret" };
const s3 = (key: string) =>
  `terraform {\n  backend "s3" {\n    bucket = "b"\n    key = "${key}"\n    region = "us-east-1"\n  }\n}\n`;

function world(files: Record<string, string | null>, cwd = ROOT): World {
  return createFakeWorld({ cwd, env: KEYS, homeDir: "/home/u", files });
}

describe("explainTree", () => {
  it("explains every S3 root module under the root, nested ones and the root itself, in path order", async () => {
    const tree = await explainTree(
      { root: "." },
      world({
        "/repo/main.tf": s3("root"),
        "/repo/envs/prod/main.tf": s3("prod"),
        "/repo/envs/dev/backend.tf.json": JSON.stringify({ terraform: { backend: { s3: { key: "dev" } } } }),
        "/repo/modules/vpc/main.tf": 'resource "aws_vpc" "s3" {}\n',
      }),
    );
    expect(tree.root).toBe(ROOT);
    expect(tree.modules.map((m) => [m.dir, "explanation" in m])).toEqual([
      [".", true],
      ["envs/dev", true],
      ["envs/prod", true],
    ]);
    expect(tree.skipped).toEqual([]);
  });

  it("skips .terraform, other hidden directories and node_modules", async () => {
    const tree = await explainTree(
      { root: ROOT },
      world({
        "/repo/live/main.tf": s3("live"),
        "/repo/live/.terraform/modules/x/main.tf": s3("cached"),
        "/repo/.git/x/main.tf": s3("git"),
        "/repo/node_modules/x/main.tf": s3("npm"),
      }),
    );
    expect(tree.modules.map((m) => m.dir)).toEqual(["live"]);
  });

  it("explains each module with its own directory as the working directory, in the same environment", async () => {
    const seen: { dir: string; cwd: string; home: string; env: World["env"] }[] = [];
    await explainTree(
      { root: ROOT },
      world({ "/repo/a/main.tf": s3("a"), "/repo/b/main.tf": s3("b") }),
      async (i, w) => {
        seen.push({ dir: i.dir, cwd: w.cwd, home: w.homeDir, env: w.env });
        return fakeExplanation();
      },
    );
    expect(seen.sort((x, y) => x.dir.localeCompare(y.dir))).toEqual([
      { dir: "/repo/a", cwd: "/repo/a", home: "/home/u", env: KEYS },
      { dir: "/repo/b", cwd: "/repo/b", home: "/home/u", env: KEYS },
    ]);
  });

  it("returns a module that cannot be read as a value and goes on", async () => {
    const tree = await explainTree(
      { root: ROOT },
      world({
        "/repo/broken/main.tf": 'terraform {\n  backend "s3" {\n    bucket = \n',
        "/repo/gcs/main.tf": 'terraform {\n  backend "s3" {}\n}\n# moved:\nterraform {\n  backend "gcs" {}\n}\n',
        "/repo/ok/main.tf": s3("ok"),
        "/repo/unreadable/main.tf": null,
      }),
    );
    const byDir = Object.fromEntries(tree.modules.map((m) => [m.dir, m]));
    expect(Object.keys(byDir)).toContain("ok");
    expect(byDir.ok).toHaveProperty("explanation");
    expect(byDir.broken).toMatchObject({ error: { kind: "invalid-input" } });
    expect(byDir.unreadable).toMatchObject({ error: { kind: "invalid-input" } });
  });

  it("turns a bug in one module into an internal error value, and tells the listener what was thrown", async () => {
    const events: TreeEvent[] = [];
    const bug = new TypeError("boom\nsecond line");
    const tree = await explainTree(
      { root: ROOT, onEvent: (e) => events.push(e) },
      world({ "/repo/a/main.tf": s3("a"), "/repo/b/main.tf": s3("b") }),
      async (input) => {
        if (input.dir === "/repo/a") throw bug;
        return fakeExplanation();
      },
    );
    expect(tree.modules[0]).toEqual({
      dir: "a",
      backendConfigFiles: [],
      error: { kind: "internal", message: "internal error: boom", at: null },
    });
    expect(events[0]).toEqual({ type: "started", total: 2 });
    expect(events.filter((e) => e.type === "settled")).toHaveLength(2);
    expect(events).toContainEqual({
      type: "settled",
      dir: "a",
      done: expect.any(Number),
      total: 2,
      internalError: bug,
    });
  });

  it("reports directories it cannot list as skipped, before the run starts", async () => {
    const base = world({ "/repo/a/main.tf": s3("a"), "/repo/locked/x/main.tf": s3("x") });
    const locked: World = {
      ...base,
      fs: {
        ...base.fs,
        listDir: async (path) =>
          path === "/repo/locked" ? { state: "unreadable", message: "permission denied" } : base.fs.listDir(path),
      },
    };
    const events: TreeEvent[] = [];
    const tree = await explainTree({ root: ROOT, onEvent: (e) => events.push(e) }, locked, async () =>
      fakeExplanation(),
    );
    expect(tree.skipped).toEqual([{ path: "/repo/locked", message: "permission denied" }]);
    expect(events.slice(0, 2)).toEqual([
      { type: "skipped", path: "/repo/locked", message: "permission denied" },
      { type: "started", total: 1 },
    ]);
  });

  it("applies -backend-config per module: KEY=VALUE everywhere, a relative file where it exists", async () => {
    const inputs: { dir: string; backendConfig: readonly string[] }[] = [];
    const tree = await explainTree(
      { root: ROOT, backendConfig: ["env/backend.hcl", "/shared/common.hcl", "encrypt=true"] },
      world({
        "/repo/a/main.tf": s3("a"),
        "/repo/a/env/backend.hcl": 'key = "a"\n',
        "/repo/b/main.tf": s3("b"),
        "/shared/common.hcl": 'bucket = "shared"\n',
      }),
      async (input) => {
        inputs.push({ dir: input.dir, backendConfig: input.backendConfig ?? [] });
        return fakeExplanation();
      },
    );
    expect(inputs.sort((x, y) => x.dir.localeCompare(y.dir))).toEqual([
      { dir: "/repo/a", backendConfig: ["/repo/a/env/backend.hcl", "/shared/common.hcl", "encrypt=true"] },
      { dir: "/repo/b", backendConfig: ["/shared/common.hcl", "encrypt=true"] },
    ]);
    expect(tree.modules.map((m) => m.backendConfigFiles)).toEqual([
      ["env/backend.hcl", "../../shared/common.hcl"],
      ["../../shared/common.hcl"],
    ]);
  });

  it("throws BackendConfigFileNotFoundError for a -backend-config file that exists nowhere", async () => {
    const files = { "/repo/a/main.tf": s3("a"), "/repo/b/main.tf": s3("b") };
    const relative = explainTree({ root: ROOT, backendConfig: ["backend.hcl"] }, world(files));
    await expect(relative).rejects.toBeInstanceOf(BackendConfigFileNotFoundError);
    await expect(relative).rejects.toMatchObject({ value: "backend.hcl", reason: "in-no-module", moduleCount: 2 });
    const absolute = explainTree({ root: ROOT, backendConfig: ["/nowhere.hcl"] }, world(files));
    await expect(absolute).rejects.toMatchObject({ value: "/nowhere.hcl", reason: "missing" });
    await expect(absolute).rejects.toBeInstanceOf(InvalidInputError);
  });

  it("throws NoS3RootModuleError when nothing mentions an S3 backend, or every candidate uses another", async () => {
    const none = explainTree({ root: ROOT }, world({ "/repo/main.tf": 'resource "null_resource" "x" {}\n' }));
    await expect(none).rejects.toBeInstanceOf(NoS3RootModuleError);
    await expect(none).rejects.toMatchObject({ root: ROOT, reason: "none" });
    const other = explainTree(
      { root: ROOT },
      world({ "/repo/main.tf": 'terraform {\n  backend "s3" {}\n  backend "gcs" {}\n}\n' }),
      async () => {
        throw new NotS3BackendError("backend gcs", { kind: "backend", type: "gcs" }, null);
      },
    );
    await expect(other).rejects.toMatchObject({ reason: "other-backends" });
  });

  it("lets an error that is not tfwhy's escape only as a value (InternalError included)", async () => {
    const tree = await explainTree({ root: ROOT }, world({ "/repo/main.tf": s3("x") }), async () => {
      throw new InternalError("unexpected state");
    });
    expect(tree.modules).toEqual([
      {
        dir: ".",
        backendConfigFiles: [],
        error: { kind: "internal", message: "internal error: unexpected state", at: null },
      },
    ]);
  });
});

describe("verifyTree", () => {
  const TARGET: SignedTarget = {
    region: "us-east-1",
    maxAttempts: 1,
    timeoutMs: 1000,
    credentials: { accessKeyId: KEYS.AWS_ACCESS_KEY_ID, secretAccessKey: KEYS.AWS_SECRET_ACCESS_KEY },
  };
  const files = { "/repo/a/main.tf": s3("a"), "/repo/b/main.tf": s3("b"), "/repo/c/main.tf": s3("c") };

  it("verifies each module through one shared deduping port, passing writeProbe, timeoutMs and signal on", async () => {
    const calls: { input: VerifyInput; world: VerifyWorld }[] = [];
    const signal = new AbortController().signal;
    const tree = await verifyTree(
      { root: ROOT, writeProbe: true, timeoutMs: 1234, signal },
      { ...world(files), aws: countingPort().port },
      async (input, w) => {
        calls.push({ input, world: w });
        await w.aws!.getCallerIdentity(TARGET);
        return { ok: true, dir: input.dir } as unknown as VerifyReport;
      },
    );
    expect(new Set(calls.map((c) => c.world.aws)).size).toBe(1);
    expect(calls.map((c) => c.world.cwd).sort()).toEqual(["/repo/a", "/repo/b", "/repo/c"]);
    expect(
      calls.every((c) => c.input.writeProbe === true && c.input.timeoutMs === 1234 && c.input.signal === signal),
    ).toBe(true);
    expect(tree.modules.map((m) => ("report" in m ? m.dir : null))).toEqual(["a", "b", "c"]);
    expect(tree.awsCalls).toMatchObject({ innerCalls: 1, dedupedCalls: 2 });
  });

  it("runs the real verifyBackend on every module with an injected AWS port, and shares identical calls", async () => {
    const { port, calls } = countingPort();
    const tree = await verifyTree({ root: ROOT }, { ...world(files), aws: port });
    expect(tree.modules.map((m) => [m.dir, "report" in m])).toEqual([
      ["a", true],
      ["b", true],
      ["c", true],
    ]);
    expect(calls.getCallerIdentity).toBe(1);
    expect(tree.awsCalls.dedupedCalls).toBeGreaterThan(0);
  });
});

/** An AWS port where the caller identity answers and every other call is denied; counts the calls that reach it. */
function countingPort(): { port: AwsPort; calls: Record<string, number> } {
  const calls: Record<string, number> = {};
  const port = new Proxy({} as AwsPort, {
    get: (_target, name: string) => async () => {
      calls[name] = (calls[name] ?? 0) + 1;
      if (name === "getCallerIdentity") {
        return { account: "111122223333", arn: "arn:aws:iam::111122223333:user/tree", userId: "AIDATREE" };
      }
      throw new AwsCallError({ operation: name, awsCode: "AccessDenied", httpStatus: 403, message: "denied" });
    },
  });
  return { port, calls };
}

/** explainTree only passes the explanation through: any object stands for one here. */
function fakeExplanation(): Explanation {
  return { verdict: { terraformFails: false } } as unknown as Explanation;
}
