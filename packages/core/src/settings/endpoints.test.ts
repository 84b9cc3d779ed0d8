import { describe, expect, it } from "vitest";
import { explainWithPlan } from "../explain.js";
import { createFakeWorld } from "../testing.js";

const DIR = "/work/project";
const KEYS = { AWS_ACCESS_KEY_ID: "AKIAENVKEY0000000001", AWS_SECRET_ACCESS_KEY: "env-secret" };
const LOCAL = "http://127.0.0.1:4566";
const OTHER = "http://127.0.0.1:9";

interface Case {
  readonly backend?: string;
  readonly env?: Record<string, string>;
  readonly config?: string;
}

async function explain({ backend = "", env = {}, config }: Case) {
  const body = ['bucket = "b"', 'key = "k"', 'region = "us-east-1"', ...backend.split("\n")];
  const mainTf = `terraform {\n  backend "s3" {\n${body.map((l) => `    ${l}`).join("\n")}\n  }\n}\n`;
  const files: Record<string, string> = { "main.tf": mainTf };
  if (config !== undefined) files["~/.aws/config"] = config;
  const world = createFakeWorld({ cwd: DIR, env: { ...KEYS, ...env }, files });
  return explainWithPlan({ dir: DIR }, world);
}

/** `service → "url from"` (and the line, for shared-config sources). */
async function endpointsOf(c: Case): Promise<Record<string, string>> {
  const { explanation } = await explain(c);
  return Object.fromEntries(
    Object.entries(explanation.endpoints).map(([service, e]) => [
      service,
      `${e.url} from ${e.from}${e.at ? ` (${e.at.file}:${e.at.line})` : ""}`,
    ]),
  );
}

// Each precedence rule here was confirmed on Terraform 1.11.4 by a conformance scenario (conformance/FINDINGS.md §12).
describe("resolveEndpoints: Terraform's chains, then the SDK's configured endpoints", () => {
  it("AWS_ENDPOINT_URL serves every service Terraform's own chain leaves unset", async () => {
    expect(await endpointsOf({ env: { AWS_ENDPOINT_URL: LOCAL } })).toEqual({
      s3: `${LOCAL} from AWS_ENDPOINT_URL`,
      sts: `${LOCAL} from AWS_ENDPOINT_URL`,
      iam: `${LOCAL} from AWS_ENDPOINT_URL`,
      dynamodb: `${LOCAL} from AWS_ENDPOINT_URL`,
      sso: `${LOCAL} from AWS_ENDPOINT_URL`,
    });
  });

  it("the selected profile's endpoint_url, with its file and line", async () => {
    const config = `[default]\nendpoint_url = ${OTHER}\n\n[profile local]\nendpoint_url = ${LOCAL}\n`;
    const endpoints = await endpointsOf({ env: { AWS_PROFILE: "local" }, config });
    expect(endpoints.sts).toBe(`${LOCAL} from endpoint_url of profile local (~/.aws/config:5)`);
    expect(endpoints.s3).toBe(`${LOCAL} from endpoint_url of profile local (~/.aws/config:5)`);
  });

  it("a [services] section beats the profile's endpoint_url for the services it lists", async () => {
    const config = `[default]\nendpoint_url = ${OTHER}\nservices = local\n\n[services local]\nsts =\n  endpoint_url = ${LOCAL}\n`;
    const endpoints = await endpointsOf({ config });
    expect(endpoints.sts).toBe(`${LOCAL} from sts endpoint_url of [services local] (~/.aws/config:6)`);
    expect(endpoints.s3).toBe(`${OTHER} from endpoint_url of profile default (~/.aws/config:2)`);
  });

  it("AWS_ENDPOINT_URL beats a [services] entry; AWS_ENDPOINT_URL_STS and AWS_STS_ENDPOINT beat AWS_ENDPOINT_URL", async () => {
    const config = `[default]\nservices = dead\n\n[services dead]\nsts =\n  endpoint_url = ${OTHER}\n`;
    expect((await endpointsOf({ env: { AWS_ENDPOINT_URL: LOCAL }, config })).sts).toBe(
      `${LOCAL} from AWS_ENDPOINT_URL`,
    );
    expect((await endpointsOf({ env: { AWS_ENDPOINT_URL: OTHER, AWS_ENDPOINT_URL_STS: LOCAL } })).sts).toBe(
      `${LOCAL} from AWS_ENDPOINT_URL_STS`,
    );
    expect((await endpointsOf({ env: { AWS_ENDPOINT_URL: OTHER, AWS_STS_ENDPOINT: LOCAL } })).sts).toBe(
      `${LOCAL} from AWS_STS_ENDPOINT`,
    );
  });

  it("the backend attribute beats every variable", async () => {
    const endpoints = await endpointsOf({
      backend: `endpoints = { sts = "${LOCAL}" }`,
      env: { AWS_ENDPOINT_URL_STS: OTHER, AWS_ENDPOINT_URL: OTHER },
    });
    expect(endpoints.sts).toBe(`${LOCAL} from endpoints.sts (main.tf:6)`);
  });

  it("an empty endpoints.s3 stops Terraform's chain and is the endpoint; an empty endpoints.sts leaves STS to the SDK", async () => {
    const endpoints = await endpointsOf({
      backend: 'endpoints = { s3 = "", sts = "" }',
      env: { AWS_ENDPOINT_URL_S3: LOCAL, AWS_STS_ENDPOINT: OTHER, AWS_ENDPOINT_URL: LOCAL },
    });
    expect(endpoints.s3).toBe(" from endpoints.s3 (main.tf:6)");
    expect(endpoints.sts).toBe(`${LOCAL} from AWS_ENDPOINT_URL`);
  });

  it("AWS_IGNORE_CONFIGURED_ENDPOINT_URLS drops the SDK's endpoints but not Terraform's AWS_ENDPOINT_URL_STS", async () => {
    const endpoints = await endpointsOf({
      env: { AWS_IGNORE_CONFIGURED_ENDPOINT_URLS: "TRUE", AWS_ENDPOINT_URL: OTHER, AWS_ENDPOINT_URL_STS: LOCAL },
      config: `[default]\nendpoint_url = ${OTHER}\n`,
    });
    expect(endpoints).toEqual({ sts: `${LOCAL} from AWS_ENDPOINT_URL_STS` });
  });

  it("the profile's ignore_configured_endpoint_urls drops them too, unless the variable says false", async () => {
    const config = `[default]\nendpoint_url = ${LOCAL}\nignore_configured_endpoint_urls = true\n`;
    expect(await endpointsOf({ config })).toEqual({});
    expect((await endpointsOf({ config, env: { AWS_IGNORE_CONFIGURED_ENDPOINT_URLS: "false" } })).sts).toBe(
      `${LOCAL} from endpoint_url of profile default (~/.aws/config:2)`,
    );
  });
});

describe("resolveClientSettings: the endpoints verify's clients use", () => {
  it("take the explanation's endpoints, and KMS from the SDK's configured endpoints", async () => {
    const config = `[default]\nservices = local\n\n[services local]\nkms =\n  endpoint_url = ${LOCAL}\n`;
    const { settings } = await explain({ backend: `endpoints = { s3 = "${LOCAL}" }`, env: {}, config });
    expect(settings.endpoints).toEqual({ s3: LOCAL, kms: LOCAL });
    const fromEnv = await explain({ env: { AWS_ENDPOINT_URL: OTHER, AWS_ENDPOINT_URL_KMS: LOCAL } });
    expect(fromEnv.settings.endpoints).toEqual({ s3: OTHER, sts: OTHER, dynamodb: OTHER, sso: OTHER, kms: LOCAL });
  });
});
