import type { Check, Explanation, VerifyReport } from "@tfwhy/core";
import { Ajv2020 } from "ajv/dist/2020.js";
import addFormats from "ajv-formats";
import { describe, expect, it } from "vitest";
import configSchema from "../../reporter/schema/config.schema.json" with { type: "json" };
import explainSchema from "../../reporter/schema/explain.schema.json" with { type: "json" };
import verifySchema from "../../reporter/schema/verify.schema.json" with { type: "json" };
import { seedIncident } from "../../reporter/test/fixtures/index.js";
import { main } from "../src/main.js";
import { createFakeIo } from "./fake-io.js";

// The fixture's module is /work/project; the repository root (with .git) is /work.
const DIR = "/work/project";
const REPO = { "/work/.git/HEAD": "ref: refs/heads/main\n", [`${DIR}/main.tf`]: "" };
const WARNING = "provider-credentials-ignored";

const ajv = new Ajv2020({ strict: false });
addFormats.default(ajv);
ajv.addSchema(explainSchema);

async function explain(argv: string[], files: Record<string, string> = {}, cwd = DIR) {
  const fake = createFakeIo({ argv: ["explain", ...argv], cwd, files: { ...REPO, ...files }, explain: seedIncident });
  const code = await main(fake.io);
  return { code, stdout: fake.stdout(), stderr: fake.stderr(), explained: fake.calls.length };
}

const config = (value: unknown) => ({ "/work/.tfwhy.json": JSON.stringify(value, null, 2) });

describe("--ignore", () => {
  it("leaves an ignored warning out of the text and of --fail-on; JSON keeps it marked ignored", async () => {
    expect((await explain(["--fail-on", "warning"])).code).toBe(1);
    const text = await explain(["--fail-on", "warning", "--ignore", WARNING, "--no-color"]);
    expect(text.code).toBe(0);
    expect(text.stdout).not.toContain("never reads provider blocks");
    const json = await explain(["--fail-on", "warning", "--ignore", WARNING, "--json"]);
    expect(json.code).toBe(0);
    const parsed = JSON.parse(json.stdout) as Explanation;
    expect(parsed.diagnostics.map((d) => [d.code, d.ignored])).toEqual([
      [WARNING, true],
      ["default-profile-used-while-others-exist", undefined],
    ]);
    expect(ajv.validate(explainSchema, parsed), ajv.errorsText()).toBe(true);
  });

  it("leaves ignored results out of SARIF", async () => {
    const sarif = await explain(["--format", "sarif", "--ignore", WARNING]);
    const results = (JSON.parse(sarif.stdout) as { runs: { results: { ruleId: string }[] }[] }).runs[0]!.results;
    expect(results.map((r) => r.ruleId)).toEqual(["default-profile-used-while-others-exist"]);
  });

  it("rejects an unknown code with exit 2, naming the nearest known code, before explaining", async () => {
    const { code, stdout, stderr, explained } = await explain(["--ignore", "provider-credential-ignored"]);
    expect({ code, stdout, explained }).toEqual({ code: 2, stdout: "", explained: 0 });
    expect(stderr.split("\n")[0]).toBe(
      "tfwhy: --ignore provider-credential-ignored: unknown code (did you mean provider-credentials-ignored?)",
    );
    expect((await explain(["--ignore", "verify.s3.versionin"])).stderr).toContain("did you mean verify.s3.versioning?");
  });
});

describe(".tfwhy.json", () => {
  it("ignores codes globally, found upward from the module", async () => {
    const { code } = await explain(["--fail-on", "warning"], config({ ignore: [WARNING] }));
    expect(code).toBe(0);
  });

  it("ignores codes for paths that match the module: a directory prefix or a glob", async () => {
    const entry = (path: string) => config({ paths: [{ path, ignore: [WARNING] }] });
    for (const path of ["project", "./project/", ".", "*", "proj*", "**", "**/project"]) {
      expect((await explain(["--fail-on", "warning"], entry(path))).code, path).toBe(0);
    }
    for (const path of ["other", "project/sub", "proj", "*/project", "p?"]) {
      expect((await explain(["--fail-on", "warning"], entry(path))).code, path).toBe(1);
    }
  });

  it("is not looked for above the repository root (.git)", async () => {
    const above = { "/.tfwhy.json": JSON.stringify({ ignore: [WARNING] }) };
    expect((await explain(["--fail-on", "warning"], above)).code).toBe(1);
  });

  it("validates against config.schema.json as documented", () => {
    const validate = ajv.compile(configSchema);
    expect(
      validate({ $schema: "x", ignore: [WARNING], paths: [{ path: "infra/*", ignore: ["verify.s3.versioning"] }] }),
    ).toBe(true);
    expect(validate({ ignores: [] })).toBe(false);
  });

  it("a malformed file is one line with file and line, exit 2, nothing explained", async () => {
    const broken = { "/work/.tfwhy.json": '{\n  "ignore": [\n    "a",\n  ]\n}\n' };
    const { code, stdout, stderr, explained } = await explain([], broken);
    expect({ code, stdout, explained }).toEqual({ code: 2, stdout: "", explained: 0 });
    const [first, hint, rest] = stderr.split("\n");
    expect(first).toBe('tfwhy: /work/.tfwhy.json:4: not valid JSON: unexpected "]"');
    expect(hint).toMatch(/README/);
    expect(rest).toBe("");
  });

  it("names the line of an unknown code, and of a key of the wrong shape", async () => {
    const unknown = { "/work/.tfwhy.json": '{\n  "ignore": [\n    "imds-fallbak"\n  ]\n}\n' };
    expect((await explain([], unknown, "/work")).stderr.split("\n")[0]).toBe(
      'tfwhy: .tfwhy.json:3: unknown code "imds-fallbak" (did you mean imds-fallback?)',
    );
    const shape = { "/work/.tfwhy.json": '{\n  "ignore": "imds-fallback"\n}\n' };
    expect((await explain([], shape, "/work")).stderr.split("\n")[0]).toBe(
      'tfwhy: .tfwhy.json:2: "ignore" must be an array of codes',
    );
    const key = { "/work/.tfwhy.json": '{\n  "paths": [],\n  "ignores": []\n}\n' };
    expect((await explain([], key, "/work")).stderr.split("\n")[0]).toBe(
      'tfwhy: .tfwhy.json:3: unknown key "ignores" (keys: ignore, paths)',
    );
  });
});

function verifyReport(checks: Check[]): VerifyReport {
  const count = (status: Check["status"]) => checks.filter((c) => c.status === status).length;
  const summary = { pass: count("pass"), fail: count("fail"), warn: count("warn"), notChecked: count("not-checked") };
  return {
    schemaVersion: 1,
    operation: "apply",
    explanation: { ...seedIncident, diagnostics: [] },
    identity: null,
    writeProbe: false,
    checks,
    summary,
    ok: summary.fail === 0,
  };
}

const checks: Check[] = [
  {
    id: "sts.caller-identity",
    title: "Caller identity",
    status: "pass",
    calls: [],
    detail: "alice.",
    cause: null,
    fix: null,
  },
  {
    id: "s3.versioning",
    title: "Bucket versioning",
    status: "warn",
    calls: [],
    detail: "Versioning is off.",
    cause: null,
    fix: null,
  },
  {
    id: "lock.lockfile",
    title: "Lockfile not held",
    status: "fail",
    calls: [],
    detail: "Held by bob.",
    cause: null,
    fix: null,
  },
];

async function verify(argv: string[], report: VerifyReport, options: { stderrIsTTY?: boolean } = {}) {
  const fake = createFakeIo({ argv: ["verify", ...argv], cwd: DIR, files: REPO, verify: report, ...options });
  const code = await main(fake.io);
  return { code, stdout: fake.stdout(), stderr: fake.stderr() };
}

describe("verify --ignore", () => {
  it("an ignored warning check does not count for --fail-on warning, nor an ignored failed check for the exit", async () => {
    const warned = verifyReport(checks.slice(0, 2));
    expect((await verify(["--fail-on", "warning"], warned)).code).toBe(1);
    expect((await verify(["--fail-on", "warning", "--ignore", "verify.s3.versioning"], warned)).code).toBe(0);
    const failed = verifyReport(checks);
    expect((await verify([], failed)).code).toBe(1);
    const ignored = await verify(["--ignore", "verify.lock.lockfile", "--no-color"], failed);
    expect(ignored.code).toBe(0);
    expect(ignored.stdout).not.toContain("Held by bob");
  });

  it("JSON marks ignored checks, counts only the others in summary and ok, and validates", async () => {
    const { code, stdout } = await verify(["--ignore", "verify.lock.lockfile", "--json"], verifyReport(checks));
    expect(code).toBe(0);
    const json = JSON.parse(stdout) as VerifyReport;
    expect(json.checks.map((c) => c.ignored)).toEqual([undefined, undefined, true]);
    expect(json.summary).toEqual({ pass: 1, fail: 0, warn: 1, notChecked: 0 });
    expect(json.ok).toBe(true);
    expect(ajv.validate(verifySchema, json), ajv.errorsText()).toBe(true);
  });
});

describe("verify progress", () => {
  const announcing = (input: { onCheck?: (id: Check["id"], title: string) => void }) => {
    input.onCheck?.("sts.caller-identity", "Caller identity");
    input.onCheck?.("s3.bucket", "Bucket exists and is reachable");
    return verifyReport(checks.slice(0, 1));
  };

  it("shows the current check on a terminal's stderr, rewritten in place, and clears it before the report", async () => {
    const fake = createFakeIo({ argv: ["verify"], cwd: DIR, files: REPO, verify: announcing, stderrIsTTY: true });
    expect(await main(fake.io)).toBe(0);
    const last = "verifying: Bucket exists and is reachable";
    expect(fake.stderr()).toBe(`\rverifying: Caller identity\r${last}\r${" ".repeat(last.length)}\r`);
    expect(fake.stdout()).not.toContain("\r");
  });

  it("writes nothing extra when stderr is not a terminal", async () => {
    const fake = createFakeIo({ argv: ["verify"], cwd: DIR, files: REPO, verify: announcing });
    expect(await main(fake.io)).toBe(0);
    expect(fake.stderr()).toBe("");
  });
});

describe("verify --recursive with .tfwhy.json", () => {
  const S3 = 'terraform {\n  backend "s3" {}\n}\n';
  const tree = {
    "/repo/.git/HEAD": "",
    "/repo/infra/dev/main.tf": S3,
    "/repo/infra/prod/main.tf": S3,
  };
  const failingAt = (input: { dir: string }) => {
    const report = verifyReport(checks);
    return { ...report, explanation: { ...report.explanation, dir: input.dir } };
  };
  const run = async (paths: string[], format = "text") => {
    const files = {
      ...tree,
      "/repo/.tfwhy.json": JSON.stringify({ paths: paths.map((path) => ({ path, ignore: ["verify.lock.lockfile"] })) }),
    };
    const argv = ["verify", "--recursive", "infra", "--format", format];
    const fake = createFakeIo({ argv, cwd: "/repo", files, verify: failingAt });
    return { code: await main(fake.io), stdout: fake.stdout() };
  };

  it("applies to each module the codes its path matches", async () => {
    expect((await run(["infra/dev"])).code).toBe(1);
    expect((await run(["infra/dev", "infra/prod"])).code).toBe(0);
    const json = JSON.parse((await run(["infra/dev"], "json")).stdout) as {
      modules: { dir: string; report: VerifyReport }[];
    };
    const ignoredIn = json.modules.map((m) => [m.dir, m.report.checks.some((c) => c.ignored), m.report.ok]);
    expect(ignoredIn).toEqual([
      ["dev", true, true],
      ["prod", false, false],
    ]);
  });
});
