import type {
  BackendValueOrigin,
  CredentialsAnswer,
  CredentialsSourceName,
  Evidence,
  Explanation,
  ProfileNameOrigin,
  Severity,
  Step,
  StepId,
  StepOutcome,
} from "@tfwhy/core";
import { Ajv2020 } from "ajv/dist/2020.js";
import { describe, expect, it } from "vitest";
import schema from "../schema/explain.schema.json" with { type: "json" };
import { renderJson } from "../src/index.js";
import { fixtures, seedIncident } from "./fixtures/index.js";

const ajv = new Ajv2020({ strict: true, allowUnionTypes: true, allErrors: true });
const validate = ajv.compile(schema);

/** Every member of a union, as object keys: `satisfies Record<U, true>` fails to compile when one is missing or extra. */
const unions = {
  CredentialsSourceName: {
    StaticCredentials: true,
    EnvConfigCredentials: true,
    SharedConfigCredentials: true,
    ProcessProvider: true,
    AssumeRoleProvider: true,
    WebIdentityCredentials: true,
    SSOProvider: true,
    EC2RoleProvider: true,
    CredentialsEndpointProvider: true,
  } satisfies Record<CredentialsSourceName, true>,
  ProfileNameOrigin: { backend: true, AWS_PROFILE: true, AWS_DEFAULT_PROFILE: true, default: true } satisfies Record<
    ProfileNameOrigin,
    true
  >,
  StepId: {
    "backend.static": true,
    "env.static": true,
    "env.web-identity": true,
    profile: true,
    container: true,
    imds: true,
    "profile.role-arn": true,
    "backend.assume-role-with-web-identity": true,
    "backend.assume-role": true,
  } satisfies Record<StepId, true>,
  StepOutcome: {
    picked: true,
    applied: true,
    skipped: true,
    unreached: true,
    error: true,
    unknown: true,
  } satisfies Record<StepOutcome, true>,
  Severity: { error: true, warning: true, info: true } satisfies Record<Severity, true>,
  BackendValueOrigin: {
    "backend-block": true,
    "backend-config-file": true,
    "backend-config-argument": true,
  } satisfies Record<BackendValueOrigin, true>,
};
const evidenceKinds = {
  env: true,
  "backend-attribute": true,
  "profile-key": true,
  file: true,
  "provider-attribute": true,
} satisfies Record<Evidence["kind"], true>;
const credentialStatuses = { resolved: true, failed: true, unknown: true } satisfies Record<
  CredentialsAnswer["status"],
  true
>;
const wouldHave = { provided: true, skipped: true, failed: true, unknown: true } satisfies Record<
  NonNullable<Step["wouldHave"]>,
  true
>;

const sorted = (values: readonly unknown[]) => [...values].map(String).sort();

/** Applies `edit` to a deep copy of the seed incident, for documents that must not validate. */
function broken(edit: (doc: any) => void): unknown {
  const doc = structuredClone(seedIncident);
  edit(doc);
  return doc;
}

describe("explain.schema.json", () => {
  it("is a draft 2020-12 schema", () => {
    expect(schema.$schema).toBe("https://json-schema.org/draft/2020-12/schema");
  });

  it.each(Object.entries(fixtures))("accepts the %s fixture and its rendered JSON", (_name, explanation) => {
    expect(validate(explanation), ajv.errorsText(validate.errors)).toBe(true);
    expect(validate(JSON.parse(renderJson(explanation))), ajv.errorsText(validate.errors)).toBe(true);
  });

  it.each(Object.entries(unions))("lists exactly the %s values of trace.ts", (name, members) => {
    const def: unknown = (schema.$defs as Record<string, unknown>)[name];
    expect(sorted((def as { enum?: unknown[] } | undefined)?.enum ?? [])).toEqual(sorted(Object.keys(members)));
  });

  it("lists exactly the evidence kinds, credential statuses and wouldHave values of trace.ts", () => {
    expect(sorted(schema.$defs.Evidence.properties.kind.enum)).toEqual(sorted(Object.keys(evidenceKinds)));
    expect(sorted(schema.$defs.CredentialsAnswer.properties.status.enum)).toEqual(
      sorted(Object.keys(credentialStatuses)),
    );
    expect(sorted(schema.$defs.Step.properties.wouldHave.enum)).toEqual(sorted(Object.keys(wouldHave)));
  });

  it("requires every top-level field of Explanation", () => {
    const keys = Object.keys(seedIncident) satisfies string[];
    expect(sorted(schema.required)).toEqual(sorted(keys as (keyof Explanation)[]));
  });

  it.each<[string, unknown]>([
    ["a missing schemaVersion", broken((d) => delete d.schemaVersion)],
    ["another schemaVersion", broken((d) => (d.schemaVersion = 2))],
    ["an unknown top-level field", broken((d) => (d.generatedAt = "2026-01-01T00:00:00.000Z"))],
    ["an unknown step outcome", broken((d) => (d.steps[0].outcome = "won"))],
    ["an unknown step id", broken((d) => (d.steps[0].id = "profile.sso"))],
    ["an unknown credentials status", broken((d) => (d.credentials.status = "unresolved"))],
    ["an unknown credentials source", broken((d) => (d.credentials.source = "EnvProvider"))],
    ["an unknown profile origin", broken((d) => (d.credentials.profile.from = "AWS_DEFAULT"))],
    ["an unknown severity", broken((d) => (d.diagnostics[0].severity = "fatal"))],
    ["a diagnostic without fix", broken((d) => delete d.diagnostics[0].fix)],
    ["an evidence of unknown kind", broken((d) => (d.steps[0].evidence[0].kind = "secret"))],
    ["a secret value in env evidence", broken((d) => (d.steps[0].evidence[0].value = "wJalrXUtnFEMI"))],
    ["a line 0 location", broken((d) => (d.region.at.line = 0))],
    [
      "a region without value that names a source",
      broken(
        (d) => (d.region = { value: null, from: "backend", error: { code: "x", message: "x", terraformError: "x" } }),
      ),
    ],
    [
      "a region with value and error",
      broken((d) => (d.region.error = { code: "x", message: "x", terraformError: "x" })),
    ],
    [
      "an unknown endpoint service",
      broken((d) => (d.endpoints.ec2 = { url: "http://x", from: "AWS_ENDPOINT_URL_EC2", at: null })),
    ],
    ["a non-boolean useLockfile", broken((d) => (d.backend.useLockfile = "true"))],
  ])("rejects %s", (_name, doc) => {
    expect(validate(doc)).toBe(false);
  });
});
