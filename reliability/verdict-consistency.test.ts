/**
 * Verdicts never contradict their own diagnostics: a backend value tfwhy does not evaluate is "unknown offline",
 * never "absent". For every attribute of the S3 backend schema, written as each kind of constant expression tfwhy
 * does not evaluate, explain must (1) say it did not evaluate it, (2) never call the attribute missing or unset,
 * (3) when it decides the credentials or the region, answer "unknown" (verdict.terraformFails null, the deciding
 * attribute named) instead of a confident answer computed as if it were absent; and verify must not check (nor
 * fail) on such an answer.
 */

import { type AwsPort, type Explanation, explainCredentials, verifyBackend } from "@tfwhy/core";
import { createFakeWorld } from "@tfwhy/core/testing";
import { describe, expect, it } from "vitest";
import { CREDENTIAL_ATTRIBUTES } from "../packages/core/src/backend/module-facts.js";
import { S3_BACKEND_SCHEMA } from "../packages/core/src/backend/schema.js";
import { recordFigures } from "./record.js";

const DIR = "/work/project";
const REQUIRED = { bucket: '"acme-tfstate"', key: '"prod/terraform.tfstate"', region: '"eu-west-1"' } as const;

/** Constant expressions Terraform evaluates and tfwhy does not, around a literal of the attribute's type. */
const KINDS: readonly ((literal: string) => string)[] = [
  (l) => `(${l})`,
  (l) => `true ? ${l} : ${l}`,
  (l) => `[${l}][0]`,
  (l) => `{ v = ${l} }.v`,
];

function literalFor(name: string): string {
  const schema = S3_BACKEND_SCHEMA[name]!;
  if (name === "region" || name === "sts_region") return '"eu-west-1"';
  if (name.endsWith("endpoint")) return '"http://127.0.0.1:9"';
  if (schema.attributes) return "{}";
  switch (schema.type) {
    case "bool":
      return "true";
    case "number":
      return "3";
    case "set(string)":
      return '["a"]';
    case "map(string)":
      return '{ a = "b" }';
    default:
      return '"value"';
  }
}

/** The phrases that would mean "absent". */
const ABSENT = [/is required by the backend/, /sets none of/, /Missing region value/, /\(unset\)`?$/];

function contradictions(name: string, e: Explanation): string[] {
  const found: string[] = [];
  if (!e.diagnostics.some((d) => d.code === "backend-value-not-evaluated"))
    found.push("no backend-value-not-evaluated diagnostic");
  if (!e.backend.unevaluated?.includes(name)) found.push("backend.unevaluated does not name it");
  const texts = [
    ...e.diagnostics.map((d) => d.message),
    ...e.steps.map((s) => s.reason.message),
    e.verdict.firstError ?? "",
  ];
  for (const text of texts) {
    const mentionsIt = new RegExp(`(^|[^a-z_])${name}([^a-z_]|$)`).test(text);
    if (mentionsIt && ABSENT.some((re) => re.test(text)) && !/not evaluate/.test(text))
      found.push(`says absent: ${text.slice(0, 120)}`);
  }
  if (name === "region" && e.region.value === null && "error" in e.region)
    found.push(`region reported as missing: ${e.region.error.code}`);
  if (CREDENTIAL_ATTRIBUTES.has(name) || name === "region") {
    if (e.verdict.terraformFails === false)
      found.push("verdict says Terraform gets through, yet a deciding value is unknown");
    if (
      e.verdict.terraformFails === true &&
      !e.diagnostics.some((d) => d.severity === "error" && d.code !== "answer-unknown-offline")
    ) {
      found.push(`verdict says Terraform fails (${e.verdict.firstError}) with no error of its own`);
    }
    if (e.verdict.terraformFails === null && !e.verdict.unknown?.attributes.includes(name))
      found.push("verdict.unknown does not name it");
  }
  if (CREDENTIAL_ATTRIBUTES.has(name)) {
    if (e.credentials.status === "resolved")
      found.push(`credentials resolved to ${e.credentials.source} as if ${name} were unset`);
    if (e.steps.some((s) => s.outcome === "picked")) found.push("a step is picked as if it were unset");
  }
  return found;
}

describe("verdicts never contradict their own diagnostics", () => {
  it("every schema attribute as every unevaluated expression kind is unknown offline, never absent", async () => {
    const problems: string[] = [];
    let cases = 0;
    for (const name of Object.keys(S3_BACKEND_SCHEMA)) {
      for (const [k, kind] of KINDS.entries()) {
        const lines = Object.entries({ ...REQUIRED, [name]: kind(literalFor(name)) })
          .map(([n, v]) => `    ${n} = ${v}`)
          .join("\n");
        const world = createFakeWorld({
          files: { [`${DIR}/main.tf`]: `terraform {\n  backend "s3" {\n${lines}\n  }\n}\n` },
          env: {
            AWS_ACCESS_KEY_ID: "AKIAIOSFODNN7EXAMPLE",
            AWS_SECRET_ACCESS_KEY: "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
          },
        });
        const explanation = await explainCredentials({ dir: DIR }, world);
        cases++;
        for (const problem of contradictions(name, explanation)) problems.push(`${name} (kind ${k}): ${problem}`);
      }
    }
    recordFigures("verdict-consistency", {
      "attributes × expression kinds checked": cases,
      contradictions: problems.length,
    });
    expect(problems).toEqual([]);
  });

  it("the issue's two examples: a templated region is unknown, not missing; a + in secret_key is not 'none set'", async () => {
    const region = await explainCredentials(
      { dir: DIR },
      createFakeWorld({
        files: {
          [`${DIR}/main.tf`]:
            'terraform {\n  backend "s3" {\n    bucket = "b"\n    key = "k"\n    region = "${"us-east-1"}"\n  }\n}\n',
        },
      }),
    );
    expect(region.region).toMatchObject({ value: null, from: "backend", unknown: { attributes: ["region"] } });
    expect(region.verdict).toMatchObject({ terraformFails: null, firstError: null });
    expect(JSON.stringify(region)).not.toContain("Missing region value");

    const secret = await explainCredentials(
      { dir: DIR },
      createFakeWorld({
        files: {
          [`${DIR}/main.tf`]:
            'terraform {\n  backend "s3" {\n    bucket = "b"\n    key = "k"\n    region = "us-east-1"\n    access_key = "AKIAIOSFODNN7EXAMPLE"\n    secret_key = "a" + "b"\n  }\n}\n',
        },
      }),
    );
    expect(secret.credentials).toMatchObject({
      status: "unknown",
      source: null,
      unknown: { attributes: ["secret_key"] },
    });
    expect(secret.steps.find((s) => s.id === "backend.static")).toMatchObject({ outcome: "unknown" });
    expect(JSON.stringify(secret)).not.toMatch(/sets none of access_key, secret_key and token/);
    expect(secret.verdict.terraformFails).toBeNull();
  });

  it("verify does not check, nor fail, on credentials it cannot know offline", async () => {
    const calls: string[] = [];
    const aws = new Proxy({} as AwsPort, {
      get: (_t, method) => async () => {
        calls.push(String(method));
        throw new Error(`unexpected call ${String(method)}`);
      },
    });
    const report = await verifyBackend(
      { dir: DIR },
      {
        ...createFakeWorld({
          files: {
            [`${DIR}/main.tf`]:
              'terraform {\n  backend "s3" {\n    bucket = "b"\n    key = "k"\n    region = "us-east-1"\n    profile = ("ci")\n  }\n}\n',
          },
        }),
        aws,
      },
    );
    expect(calls).toEqual([]);
    expect(report.summary.fail).toBe(0);
    expect(report.ok).toBe(false);
    expect(report.checks.every((c) => c.status === "not-checked")).toBe(true);
    expect(report.checks[0]?.detail).toMatch(/unknown offline: profile/);
  });
});
