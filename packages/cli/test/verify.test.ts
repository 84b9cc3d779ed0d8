import type { Check, VerifyReport } from "@tfwhy/core";
import { Ajv2020 } from "ajv/dist/2020.js";
import addFormats from "ajv-formats";
import { describe, expect, it } from "vitest";
import explainSchema from "../../reporter/schema/explain.schema.json" with { type: "json" };
import verifySchema from "../../reporter/schema/verify.schema.json" with { type: "json" };
import { seedIncident } from "../../reporter/test/fixtures/index.js";
import sarifSchema from "../../reporter/test/fixtures/sarif-schema-2.1.0.json" with { type: "json" };
import { main } from "../src/main.js";
import { createFakeIo } from "./fake-io.js";

const DIR = "/work/project";
const files = { [`${DIR}/main.tf`]: "", [`${DIR}/env/backend.hcl`]: "" };

const identity = {
  accountId: "123456789012",
  arn: "arn:aws:iam::123456789012:user/alice-personal",
  kind: "user",
  roleArn: null,
  sessionName: null,
  accessKeyId: "AKIA************E001",
  temporary: false,
  expiresAt: null,
} as const;

function report(checks: Check[]): VerifyReport {
  const count = (status: Check["status"]) => checks.filter((c) => c.status === status).length;
  const summary = { pass: count("pass"), fail: count("fail"), warn: count("warn"), notChecked: count("not-checked") };
  return {
    schemaVersion: 1,
    operation: "apply",
    explanation: seedIncident,
    identity,
    writeProbe: false,
    checks,
    summary,
    ok: summary.fail === 0,
  };
}

const passing = report([
  {
    id: "sts.caller-identity",
    title: "Caller identity",
    status: "pass",
    calls: ["sts:GetCallerIdentity"],
    detail: "user/alice-personal in 123456789012.",
    cause: null,
    fix: null,
  },
  {
    id: "s3.versioning",
    title: "Bucket versioning",
    status: "warn",
    calls: ["s3:GetBucketVersioning"],
    detail: "Versioning is off.",
    cause: null,
    fix: null,
  },
]);
const failing = report([
  ...passing.checks,
  {
    id: "s3.state-read",
    title: "Read state",
    status: "fail",
    calls: ["s3:HeadObject"],
    detail: "HeadObject network/terraform.tfstate is denied.",
    awsError: {
      operation: "s3:HeadObject",
      code: "Forbidden",
      httpStatus: 403,
      requestId: "REQ1",
      message: "Forbidden",
    },
    cause:
      "user/alice-personal is used because [default]; the bucket policy allows s3:GetObject only to role/terraform-access-role.",
    fix: 'Add profile = "terraform" to env/backend.hcl.',
  },
]);

async function run(argv: string[], verify: VerifyReport) {
  const fake = createFakeIo({ argv, cwd: DIR, files, verify });
  const code = await main(fake.io);
  return { code, stdout: fake.stdout(), stderr: fake.stderr(), calls: fake.verifyCalls };
}

describe("tfwhy verify", () => {
  it("passes the flags to verifyBackend: files resolved against DIR, --write-probe, --timeout in ms", async () => {
    const { code, calls } = await run(
      ["verify", "-backend-config=env/backend.hcl", "-backend-config=profile=x", "--write-probe", "--timeout", "2.5"],
      passing,
    );
    expect(code).toBe(0);
    expect(calls).toHaveLength(1);
    expect(calls[0]).toMatchObject({
      dir: DIR,
      backendConfig: [`${DIR}/env/backend.hcl`, "profile=x"],
      writeProbe: true,
      timeoutMs: 2500,
    });
    expect(calls[0]!.signal).toBeInstanceOf(AbortSignal);
  });

  it("passes --operation to verifyBackend (the last Terraform command the pipeline runs)", async () => {
    const { calls } = await run(["verify", "--operation", "plan"], passing);
    expect(calls[0]).toMatchObject({ operation: "plan" });
    const { calls: defaults } = await run(["verify"], passing);
    expect(defaults[0]).not.toHaveProperty("operation");
  });

  it("prints the Terraform step a failing check stands for, and what the checks were judged for", async () => {
    const [first, ...rest] = failing.checks.slice().reverse();
    const step = {
      command: "init",
      step: "reading the state",
      goFunction: "client.go get",
      call: "s3:HeadObject",
      action: "s3:GetObject",
      resource: "arn:aws:s3:::acme/network/terraform.tfstate",
      conditions: [],
    } as const;
    const withStep = report([...rest.reverse(), { ...first!, terraform: step }]);
    const { stdout } = await run(["verify", "--no-color"], withStep);
    expect(stdout).toContain("Judged:   for terraform init, plan and apply");
    expect(stdout).toContain(
      "terraform: terraform init fails reading the state: s3:HeadObject on arn:aws:s3:::acme/network/terraform.tfstate " +
        "(needs s3:GetObject; client.go get)",
    );
    const markdown = await run(["verify", "--format", "markdown"], withStep);
    expect(markdown.stdout).toContain("**Terraform:** terraform init fails reading the state");
    const json = JSON.parse((await run(["verify", "--format", "json"], withStep)).stdout) as VerifyReport;
    const ajv = new Ajv2020({ strict: false });
    addFormats.default(ajv);
    ajv.addSchema(explainSchema);
    expect(ajv.validate(verifySchema, json), ajv.errorsText()).toBe(true);
    expect(json.operation).toBe("apply");
    expect(json.checks.find((c) => c.id === "s3.state-read")?.terraform).toEqual(step);
  });

  it("one fix shape: every verify check and every explain diagnostic has `fix` (string or null) at its top level", async () => {
    const json = JSON.parse((await run(["verify", "--format", "json"], failing)).stdout) as {
      checks: { fix: unknown; cause: unknown }[];
      explanation: { diagnostics: { fix: unknown }[] };
    };
    const fixes = [...json.checks, ...json.explanation.diagnostics].map((x) => x.fix);
    expect(fixes.length).toBeGreaterThan(3);
    for (const fix of fixes) expect(fix === null || typeof fix === "string").toBe(true);
    expect(json.checks.map((c) => c.fix)).toContain('Add profile = "terraform" to env/backend.hcl.');
    expect(JSON.stringify(json)).not.toContain('"diagnosis"');
  });

  it("is read-only unless --write-probe is given", async () => {
    const { calls } = await run(["verify"], passing);
    expect(calls[0]).toMatchObject({ writeProbe: false });
    expect(calls[0]).not.toHaveProperty("timeoutMs");
  });

  it("exits 1 when a check fails, and the text names the AWS error, the cause and the fix", async () => {
    const { code, stdout } = await run(["verify", "--no-color"], failing);
    expect(code).toBe(1);
    expect(stdout.split("\n")[0]).toMatch(/^Verify failed: 1 check failed: Read state\./);
    expect(stdout).toContain(
      "Identity: arn:aws:iam::123456789012:user/alice-personal (account 123456789012, key AKIA************E001)",
    );
    expect(stdout).toContain("s3:HeadObject: Forbidden (HTTP 403), request id REQ1");
    expect(stdout).toContain("cause: user/alice-personal is used because [default]");
    expect(stdout).toContain('fix: Add profile = "terraform" to env/backend.hcl.');
    expect(stdout).toContain("Offline explanation");
  });

  it("warnings pass unless --fail-on warning", async () => {
    expect((await run(["verify"], passing)).code).toBe(0);
    expect((await run(["verify", "--fail-on", "warning"], passing)).code).toBe(1);
  });

  it("--format json validates against verify.schema.json (which embeds the explanation schema)", async () => {
    const { stdout } = await run(["verify", "--format", "json"], failing);
    const ajv = new Ajv2020({ strict: false });
    addFormats.default(ajv);
    ajv.addSchema(explainSchema);
    const document = JSON.parse(stdout) as { schemaVersion: number };
    expect(ajv.validate(verifySchema, document), ajv.errorsText()).toBe(true);
    expect(Object.keys(document)[0]).toBe("schemaVersion");
    // A check that is not a known id is rejected.
    const broken = JSON.parse(stdout) as { checks: { id: string }[] };
    broken.checks[0]!.id = "s3.made-up";
    expect(ajv.validate(verifySchema, broken)).toBe(false);
  });

  it("--format sarif is valid SARIF 2.1.0 with a result per failed or warning check", async () => {
    const { stdout } = await run(["verify", "--format", "sarif"], failing);
    const ajv = new Ajv2020({ strict: false });
    addFormats.default(ajv);
    const log = JSON.parse(stdout) as { runs: { results: { ruleId: string; level: string }[] }[] };
    expect(ajv.validate(sarifSchema, log), ajv.errorsText()).toBe(true);
    const results = log.runs[0]!.results;
    expect(results).toContainEqual(expect.objectContaining({ ruleId: "verify.s3.state-read", level: "error" }));
    expect(results).toContainEqual(expect.objectContaining({ ruleId: "verify.s3.versioning", level: "warning" }));
  });

  it("--format markdown has the verdict, a checks table and the fixes", async () => {
    const { stdout } = await run(["verify", "--format", "markdown"], failing);
    expect(stdout).toContain("**❌ 1 check failed: Read state.**");
    expect(stdout).toContain(
      "| Read state | ❌ fail | HeadObject network/terraform.tfstate is denied. | `Forbidden` (403) |",
    );
    expect(stdout).toContain("#### What to change");
    expect(stdout).toContain("<details><summary>Offline explanation");
  });

  it.each<[string, string[], string]>([
    [
      "verify flags on explain",
      ["explain", "--write-probe"],
      "tfwhy: --write-probe is a verify flag: explain never calls AWS",
    ],
    [
      "an unknown operation",
      ["verify", "--operation", "destroy"],
      'tfwhy: --operation must be init, plan or apply, not "destroy"',
    ],
    [
      "a bad timeout",
      ["verify", "--timeout", "soon"],
      'tfwhy: --timeout must be a number of seconds between 0 and 600, not "soon"',
    ],
    [
      "verify --recursive with a DIR as well",
      ["verify", "--recursive", ".", "infra"],
      "tfwhy: give the directory once: as --recursive . or as DIR (infra)",
    ],
  ])("%s is a usage error (exit 2)", async (_name, argv, message) => {
    const { code, stderr, calls } = await run(argv, passing);
    expect(code).toBe(2);
    expect(stderr.split("\n")[0]).toBe(message);
    expect(calls).toHaveLength(0);
  });

  it("--help describes the live checks and --write-probe", async () => {
    const { code, stdout } = await run(["verify", "--help"], passing);
    expect(code).toBe(0);
    expect(stdout).toContain("Usage: tfwhy verify [DIR] [options]");
    expect(stdout).toContain("--write-probe");
  });
});
