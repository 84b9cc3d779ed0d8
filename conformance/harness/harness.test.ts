/** Unit tests of the harness's parsers and comparison (no Terraform needed). */
import { describe, expect, test } from "vitest";
import type { Explanation } from "../../packages/core/src/trace.js";
import { withoutRunTimeValues } from "../generate-report.js";
import { compare, compareWarnings, contradictions } from "./compare.js";
import { condense, parseDebugLog, parseErrors, parseWarnings, renderMainTf } from "./run-terraform.js";
import type { CommandObservation, RequestRecord } from "./types.js";

const LOG = [
  `2026-01-01T00:00:00.000Z [DEBUG] backend-s3.aws-base: Using profile: tf_aws.profile=team tf_aws.profile.source=envvar`,
  `2026-01-01T00:00:00.000Z [INFO]  backend-s3.aws-base: Retrieved initial credentials: tf_backend.operation=Configure tf_aws.credentials_source=EnvConfigCredentials`,
  `2026-01-01T00:00:00.000Z [INFO]  backend-s3.aws-base: Retrieved credentials: tf_aws.credentials_source="SharedConfigCredentials: /h/.aws/credentials" x=1`,
].join("\n");

const OUTPUT = `Initializing the backend...

Error: No valid credential sources found

Please see https://developer.hashicorp.com/terraform/language/backend/s3
for more information about providing credentials.

Error: failed to refresh cached credentials, no EC2 IMDS role found,
operation error ec2imds: GetMetadata, access disabled to EC2 IMDS via client
`;

function command(requests: RequestRecord[], extra: Partial<CommandObservation> = {}): CommandObservation {
  return {
    command: "init",
    argv: [],
    exitCode: 0,
    durationMs: 1,
    credentialsSources: ["SharedConfigCredentials: /h/.aws/credentials"],
    initialCredentialsSources: [],
    profiles: [{ name: "team", source: "envvar", message: "Using profile" }],
    errors: [],
    warnings: [],
    output: "",
    requests,
    ...extra,
  };
}

const S3 = (keyId: string, region = "us-east-1"): RequestRecord => ({
  keyId,
  service: "s3",
  region,
  operation: "HeadObject",
});

function explanation(credentials: Partial<Explanation["credentials"]>, region = "us-east-1"): Explanation {
  const failed = credentials.status === "failed";
  return {
    verdict: {
      terraformFails: failed,
      firstError: failed ? (credentials.error?.terraformError ?? null) : null,
      backendWarnings: [],
    },
    credentials: {
      status: "resolved",
      source: "SharedConfigCredentials",
      sourceFile: "/h/.aws/credentials",
      accessKeyId: "AKIA************TEAM",
      profile: { name: "team", from: "AWS_PROFILE" },
      assumeRoles: [],
      ...credentials,
    },
    region: { value: region, from: "backend", at: null },
  } as unknown as Explanation;
}

describe("harness parsers", () => {
  test("debug log: sources, initial source, profile", () => {
    expect(parseDebugLog(LOG)).toEqual({
      credentialsSources: ["SharedConfigCredentials: /h/.aws/credentials"],
      initialCredentialsSources: ["EnvConfigCredentials"],
      profiles: [{ name: "team", source: "envvar", message: "Using profile" }],
    });
  });

  test("errors: summary + first detail line, plain and boxed", () => {
    expect(parseErrors(OUTPUT)[0]).toEqual({
      summary: "No valid credential sources found",
      detail: "Please see https://developer.hashicorp.com/terraform/language/backend/s3",
    });
    expect(parseErrors('╷\n│ Error: Missing region value\n│ \n│ The "region" attribute\n╵\n')).toEqual([
      { summary: "Missing region value", detail: 'The "region" attribute' },
    ]);
  });

  test("main.tf: harness attributes unless the scenario sets them; IMDS always on loopback", () => {
    const tf = renderMainTf({ name: "x", rule: "r", backend: 'region = "eu-west-1"' }, "http://127.0.0.1:1", (t) => t);
    expect(tf.match(/region/g)).toHaveLength(1);
    expect(tf).toContain('ec2_metadata_service_endpoint = "http://127.0.0.1:1"');
    expect(renderMainTf({ name: "x", rule: "r", omitDefaults: ["region"] }, "e", (t) => t)).not.toContain("region");
  });
});

describe("compare", () => {
  const obs = condense("s", [command([S3("AKIATFWHYTEST000TEAM")])]);

  test("agreement on source, file, key, profile, region", () => {
    const result = compare(obs, explanation({}));
    expect(result.checks.filter((c) => !c.ok)).toEqual([]);
    expect(result.agree).toBe(true);
  });

  test("a wrong key id disagrees", () => {
    const result = compare(obs, explanation({ accessKeyId: "AKIA************DEF1" }));
    expect(result.checks.find((c) => c.name === "keyId")?.ok).toBe(false);
  });

  test("null key id (run time) needs a temporary key at S3", () => {
    const roleObs = condense("s", [
      command([
        {
          keyId: "AKIATFWHYTEST000BASE",
          service: "sts",
          operation: "AssumeRole",
          roleArn: "arn:r",
          issuedKeyId: "ASIAXYZ",
        },
        S3("ASIAXYZ"),
      ]),
    ]);
    expect(roleObs.signingRole).toBe("arn:r");
    const result = compare(roleObs, explanation({ accessKeyId: null, assumeRoles: ["arn:r"] }));
    expect(result.checks.find((c) => c.name === "keyId")?.ok).toBe(true);
    expect(result.checks.find((c) => c.name === "assumeRoles")?.ok).toBe(true);
  });

  test("failure: tfwhy's terraformError must appear in Terraform's output (whitespace-normalised)", () => {
    const failed = condense("s", [
      command([], { exitCode: 1, credentialsSources: [], errors: parseErrors(OUTPUT), output: OUTPUT, profiles: [] }),
    ]);
    const ok = compare(
      failed,
      explanation({
        status: "failed",
        error: { code: "c", message: "m", terraformError: "No valid credential sources found" },
      }),
    );
    expect(ok.agree).toBe(true);
    const bad = compare(
      failed,
      explanation({ status: "failed", error: { code: "c", message: "m", terraformError: "Missing region value" } }),
    );
    expect(bad.agree).toBe(false);
    expect(contradictions(failed, { error: "access disabled to EC2 IMDS via client" })).toEqual([]);
  });
});

describe("docs/conformance.md currency", () => {
  const report = [
    "Generated by `conformance/` on 2026-12-03T12:59:56.404Z: real Terraform v1.11.4 against moto 5.2.1 on 127.0.0.1",
    "- Scenarios: **2** (mode: compare, run time 15.3 s)",
    "| 1 | a | rule | StaticCredentials; temporary key; as backend-role | StaticCredentials; key run time | yes |",
    "| 2 | b | rule | EnvConfigCredentials; key …ENV1 | EnvConfigCredentials; key …ENV1 | yes |",
  ].join("\n");

  test("ignores the time and the run time, nothing else", () => {
    const rerun = report.replace("2026-12-03T12:59:56.404Z", "2026-12-04T08:00:00.000Z").replace("15.3 s", "17.9 s");
    expect(withoutRunTimeValues(rerun)).toBe(withoutRunTimeValues(report));
    expect(withoutRunTimeValues(report.replace("…ENV1 |", "…ENV2 |"))).not.toBe(withoutRunTimeValues(report));
    expect(withoutRunTimeValues(report.replace("**2**", "**3**"))).not.toBe(withoutRunTimeValues(report));
  });
});

describe("warnings", () => {
  const WARNED = `Initializing the backend...
╷
│ Warning: Deprecated Parameter
│
│   on main.tf line 9, in terraform:
│    9:     dynamodb_table = "locks"
│
│ The parameter "dynamodb_table" is deprecated. Use parameter "use_lockfile"
│ instead.
│
│ (and one more similar warning elsewhere)
╵
╷
│ Warning: Complete URL Expected
│
│ The value should be a valid URL containing at least a scheme and hostname.
╵
╷
│ Error: Invalid Value
│
│   on main.tf line 2, in terraform:
│    2:   backend "s3" {
│
│ The value cannot be empty or all whitespace
╵
`;

  test("parseWarnings reads each Warning block, where it points and how many were folded into it", () => {
    expect(parseWarnings(WARNED)).toEqual([
      { summary: "Deprecated Parameter", at: "main.tf:9", count: 2 },
      { summary: "Complete URL Expected", at: null, count: 1 },
    ]);
    expect(
      parseWarnings("(and 3 more similar warnings elsewhere)\nWarning: X\n\n(and 3 more similar warnings elsewhere)"),
    ).toEqual([{ summary: "X", at: null, count: 4 }]);
    expect(parseWarnings(OUTPUT)).toEqual([]);
  });

  const at = (line: number) => ({ file: "main.tf", path: "/m/main.tf", line });
  const deprecated = (line: number) => ({ summary: "Deprecated Parameter", detail: "d", location: at(line) });
  const withWarnings = (backendWarnings: Explanation["verdict"]["backendWarnings"]): Explanation => {
    const e = explanation({});
    return { ...e, dir: "/m", verdict: { ...e.verdict, backendWarnings } };
  };
  const observed = (exitCode: number, warnings: CommandObservation["warnings"]) =>
    condense("w", [command([S3("AKIATFWHYTEST000TEAM")], { exitCode, warnings })]);

  test("a failed init must print exactly tfwhy's backend warnings: count per summary and the place shown", () => {
    const two = withWarnings([deprecated(9), deprecated(10)]);
    expect(compareWarnings(observed(1, [{ summary: "Deprecated Parameter", at: "main.tf:9", count: 2 }]), two).ok).toBe(
      true,
    );
    // Folded count differs, place differs, or a summary is missing on either side: disagreement.
    expect(compareWarnings(observed(1, [{ summary: "Deprecated Parameter", at: "main.tf:9", count: 1 }]), two).ok).toBe(
      false,
    );
    expect(compareWarnings(observed(1, [{ summary: "Deprecated Parameter", at: "main.tf:2", count: 2 }]), two).ok).toBe(
      false,
    );
    expect(compareWarnings(observed(1, []), two).ok).toBe(false);
    expect(
      compareWarnings(observed(1, [{ summary: "Complete URL Expected", at: null, count: 1 }]), withWarnings([])).ok,
    ).toBe(false);
  });

  test("a successful init prints none, whatever the backend emitted (Terraform 1.11.4 drops them)", () => {
    const check = compareWarnings(observed(0, []), withWarnings([deprecated(9)]));
    expect(check).toMatchObject({ ok: true, terraform: "(none)", tfwhy: "(none)" });
    expect(
      compareWarnings(
        observed(0, [{ summary: "Deprecated Parameter", at: "main.tf:9", count: 1 }]),
        withWarnings([deprecated(9)]),
      ).ok,
    ).toBe(false);
  });
});
