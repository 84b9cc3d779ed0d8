import { describe, expect, it } from "vitest";
import { explainCredentials } from "../explain.js";
import { createFakeWorld } from "../testing.js";
import type { Diagnostic } from "../trace.js";

const DIR = "/work/project";
const KEYS = { AWS_ACCESS_KEY_ID: "AKIAENVKEY0000000001", AWS_SECRET_ACCESS_KEY: "env-secret" };

/** Explains a module whose backend block (main.tf line 2) holds bucket, key, region and `lines` from line 6 on. */
async function explain(lines: string, env: Record<string, string> = KEYS) {
  const body = ['bucket = "b"', 'key = "k"', 'region = "us-east-1"', ...lines.split("\n")];
  const mainTf = `terraform {\n  backend "s3" {\n${body.map((l) => `    ${l}`).join("\n")}\n  }\n}\n`;
  return explainCredentials({ dir: DIR }, createFakeWorld({ cwd: DIR, env, files: { "main.tf": mainTf } }));
}

/** The diagnostics this file adds, in a shape that reads like Terraform's output. */
function endpointDiagnostics(diagnostics: readonly Diagnostic[]) {
  return diagnostics
    .filter((d) => ["endpoint-url-incomplete", "env-var-deprecated", "backend-value-invalid"].includes(d.code))
    .map((d) => ({
      code: d.code,
      severity: d.severity,
      summary: d.terraformWarning ?? null,
      line: d.location?.line ?? null,
      message: d.message,
    }));
}

describe("PrepareConfig's endpoint URL checks (backend.go validateStringLegacyURL / validateStringValidURL)", () => {
  it("a host-only endpoints.iam is a Complete URL Expected warning; Terraform points at the backend block", async () => {
    const { diagnostics, verdict } = await explain('endpoints = { iam = "iam.example.com" }');
    expect(endpointDiagnostics(diagnostics)).toEqual([
      {
        code: "endpoint-url-incomplete",
        severity: "warning",
        summary: "Complete URL Expected",
        line: 6,
        message:
          'Complete URL Expected: The value should be a valid URL containing at least a scheme and hostname. Had "iam.example.com". ' +
          "Using an incomplete URL, such as a hostname only, may work, but may have unexpected behavior (endpoints.iam).",
      },
    ]);
    expect(diagnostics.find((d) => d.code === "endpoint-url-incomplete")?.fix).toBe(
      "Write endpoints.iam as a full URL with a scheme and host, e.g. https://iam.example.com.",
    );
    // A warning only: init still succeeds (and then Terraform prints no backend warning at all).
    expect(verdict.terraformFails).toBe(false);
    // When init fails, Terraform prints it at the `backend "s3"` line (main.tf:2).
    const failing = await explain('endpoints = { iam = "iam.example.com" }\nassume_role = { role_arn = "" }');
    expect(failing.verdict.backendWarnings?.map((w) => [w.summary, w.location?.line])).toContainEqual([
      "Complete URL Expected",
      2,
    ]);
  });

  it("a top-level endpoint attribute warns at its own line; `localhost:4566` and an empty value warn too", async () => {
    const { diagnostics } = await explain(
      'iam_endpoint = "localhost:4566"\nendpoints = { s3 = "https://s3.example.com", sts = "" }',
    );
    expect(endpointDiagnostics(diagnostics).map((d) => [d.code, d.line, d.message.match(/Had "[^"]*"/)?.[0]])).toEqual([
      ["endpoint-url-incomplete", 7, 'Had ""'],
      ["endpoint-url-incomplete", 6, 'Had "localhost:4566"'],
    ]);
  });

  it("endpoints.sso and ec2_metadata_service_endpoint must be full URLs: Invalid Value errors", async () => {
    const { diagnostics, verdict } = await explain(
      'endpoints = { sso = "sso.example.com" }\nec2_metadata_service_endpoint = "imds.internal"',
    );
    expect(endpointDiagnostics(diagnostics)).toEqual([
      expect.objectContaining({
        severity: "error",
        line: 6,
        message:
          "Invalid Value: The value must be a valid URL containing at least a scheme and hostname. " +
          'Had "sso.example.com" (endpoints.sso).',
      }),
      expect.objectContaining({
        severity: "error",
        line: 7,
        message:
          "Invalid Value: The value must be a valid URL containing at least a scheme and hostname. " +
          'Had "imds.internal" (ec2_metadata_service_endpoint).',
      }),
    ]);
    expect(verdict).toMatchObject({ terraformFails: true, firstError: "Invalid Value" });
  });

  it("a value Go's url.Parse refuses is Invalid Value for every endpoint, with Go's error", async () => {
    const { diagnostics, verdict } = await explain(
      'endpoints = { iam = "127.0.0.1:9000" }\nec2_metadata_service_endpoint = "http://[::1"',
    );
    expect(endpointDiagnostics(diagnostics).map((d) => [d.severity, d.line, d.message])).toEqual([
      [
        "error",
        6,
        'Invalid Value: The value "127.0.0.1:9000" cannot be parsed as a URL: parse "127.0.0.1:9000": ' +
          "first path segment in URL cannot contain colon (endpoints.iam).",
      ],
      [
        "error",
        7,
        'Invalid Value: The value "http://[::1" cannot be parsed as a URL: parse "http://[::1": ' +
          "missing ']' in host (ec2_metadata_service_endpoint).",
      ],
    ]);
    expect(verdict.firstError).toBe("Invalid Value");
  });

  it("an empty ec2_metadata_service_endpoint or _mode is Invalid Value", async () => {
    const { diagnostics } = await explain(
      'ec2_metadata_service_endpoint = ""\nec2_metadata_service_endpoint_mode = ""',
    );
    expect(
      diagnostics
        .filter((d) => d.code === "backend-value-invalid")
        .map((d) => [d.location?.line, d.message])
        .sort(),
    ).toEqual([
      [
        6,
        'Invalid Value: The value must be a valid URL containing at least a scheme and hostname. Had "" (ec2_metadata_service_endpoint).',
      ],
      [7, "Invalid Value: Value must be one of [IPv4, IPv6] (ec2_metadata_service_endpoint_mode)."],
    ]);
  });

  it("full URLs raise nothing", async () => {
    const { diagnostics } = await explain(
      'endpoints = { s3 = "http://127.0.0.1:4566", sso = "https://sso.example.com", dynamodb = "http://[::1]:8000" }\n' +
        'ec2_metadata_service_endpoint = "http://169.254.169.254"',
    );
    expect(endpointDiagnostics(diagnostics)).toEqual([]);
  });

  it("endpoints.dynamodb is not reported deprecated: it only sets the DynamoDB endpoint", async () => {
    const { diagnostics, endpoints } = await explain('endpoints = { dynamodb = "http://127.0.0.1:8000" }');
    expect(diagnostics.filter((d) => d.code === "attribute-deprecated")).toEqual([]);
    expect(endpoints.dynamodb).toMatchObject({ url: "http://127.0.0.1:8000", from: "endpoints.dynamodb" });
  });
});

describe("Configure's endpoint diagnostics (backend.go Configure, aws-sdk-go-base GetAwsConfig)", () => {
  it("each old endpoint variable is a Deprecated Environment Variable warning at the backend block", async () => {
    const { diagnostics } = await explain("", {
      ...KEYS,
      AWS_S3_ENDPOINT: "http://127.0.0.1:4566",
      AWS_METADATA_URL: "http://127.0.0.1:1338",
    });
    const warnings = diagnostics.filter((d) => d.code === "env-var-deprecated");
    expect(warnings.map((d) => [d.terraformWarning, d.location?.line, d.message, d.fix])).toEqual([
      [
        "Deprecated Environment Variable",
        2,
        'Deprecated Environment Variable: The environment variable "AWS_S3_ENDPOINT" is deprecated. ' +
          'Use environment variable "AWS_ENDPOINT_URL_S3" instead.',
        "Export AWS_ENDPOINT_URL_S3 instead of AWS_S3_ENDPOINT.",
      ],
      [
        "Deprecated Environment Variable",
        2,
        'Deprecated Environment Variable: The environment variable "AWS_METADATA_URL" is deprecated. ' +
          'Use environment variable "AWS_EC2_METADATA_SERVICE_ENDPOINT" instead.',
        "Export AWS_EC2_METADATA_SERVICE_ENDPOINT instead of AWS_METADATA_URL.",
      ],
    ]);
  });

  it("an unknown AWS_EC2_METADATA_SERVICE_ENDPOINT_MODE fails Configure; any case of IPv4/IPv6 is fine", async () => {
    const bad = await explain("", { ...KEYS, AWS_EC2_METADATA_SERVICE_ENDPOINT_MODE: "IPv5" });
    expect(bad.verdict).toMatchObject({
      terraformFails: true,
      firstError: "unknown EC2 IMDS endpoint mode, must be either IPv6 or IPv4",
    });
    const lower = await explain("", { ...KEYS, AWS_EC2_METADATA_SERVICE_ENDPOINT_MODE: "ipv6" });
    expect(lower.verdict.terraformFails).toBe(false);
  });

  it("with the mode attribute set, the SDK's own env loading still refuses a bad variable", async () => {
    const { verdict } = await explain('ec2_metadata_service_endpoint_mode = "IPv4"', {
      ...KEYS,
      AWS_EC2_METADATA_SERVICE_ENDPOINT_MODE: "IPv5",
    });
    expect(verdict.firstError).toBe(
      "invalid value for environment variable, AWS_EC2_METADATA_SERVICE_ENDPOINT_MODE=IPv5, " +
        "unknown EC2 IMDS endpoint mode, must be either IPv6 or IPv4",
    );
  });

  it("AWS_IGNORE_CONFIGURED_ENDPOINT_URLS must be true or false (any case)", async () => {
    const bad = await explain("", { ...KEYS, AWS_IGNORE_CONFIGURED_ENDPOINT_URLS: "yes" });
    expect(bad.verdict.firstError).toBe(
      "invalid value for environment variable, AWS_IGNORE_CONFIGURED_ENDPOINT_URLS=yes, need true or false",
    );
    const upper = await explain("", { ...KEYS, AWS_IGNORE_CONFIGURED_ENDPOINT_URLS: "TRUE" });
    expect(upper.verdict.terraformFails).toBe(false);
  });
});

describe("an endpoint written as user:password@host, without a scheme", () => {
  it("is quoted in the Complete URL Expected warning and the endpoints, never with its password", async () => {
    const e = await explain('endpoints = { s3 = "admin:hunter2@minio.local" }');
    const json = JSON.stringify(e);
    expect(json).not.toContain("hunter2");
    expect(e.diagnostics.find((d) => d.code === "endpoint-url-incomplete")?.message).toContain('"****@minio.local"');
    expect(e.endpoints.s3?.url).toBe("****@minio.local");
  });
});

describe("an empty endpoints.s3 or endpoints.dynamodb", () => {
  it("warns, and says the first call to the service fails (empty sts is left to the SDK)", async () => {
    const s3 = await explain('endpoints = { s3 = "" }');
    const warning = s3.diagnostics.find((d) => d.code === "endpoint-url-incomplete");
    expect(warning).toMatchObject({ terraformWarning: "Complete URL Expected" });
    expect(warning?.message).toContain('first call to that service fails ("unsupported protocol scheme")');
    const sts = await explain('endpoints = { sts = "" }');
    expect(sts.diagnostics.find((d) => d.code === "endpoint-url-incomplete")?.message).not.toContain("first call");
  });
});
