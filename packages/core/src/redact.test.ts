import { describe, expect, it } from "vitest";
import { describeCommandLine, maskAccessKeyId, redactSourceExcerpt, redactText, SecretRedactor } from "./redact.js";

describe("redact", () => {
  it.each([
    ["http://user:p4ss@proxy:3128", "http://****@proxy:3128"],
    ["https://tok/en+x:a/b@host.example/path", "https://****@host.example/path"],
    ['endpoints = { s3 = "http://u:s3cr3t@127.0.0.1:9" }', 'endpoints = { s3 = "http://****@127.0.0.1:9" }'],
    ["key AKIAIOSFODNN7EXAMPLE used", "key AKIA************MPLE used"],
    ["ASIAXXXXXXXXXXXXXXXX", "ASIA************XXXX"],
    ["http://127.0.0.1:9/path", "http://127.0.0.1:9/path"],
    ["arn:aws:iam::123456789012:role/terraform", "arn:aws:iam::123456789012:role/terraform"],
    // Without a scheme (Terraform only warns "Complete URL Expected" and uses it): the password still never shows.
    ['Had "admin:hunter2@minio.local".', 'Had "****@minio.local".'],
    ["s3 admin:hunter2@127.0.0.1:9000 (endpoints.s3)", "s3 ****@127.0.0.1:9000 (endpoints.s3)"],
    [
      "arn:aws:sts::123456789012:assumed-role/r/me@example.com",
      "arn:aws:sts::123456789012:assumed-role/r/me@example.com",
    ],
    ["mail ops@example.com", "mail ops@example.com"],
    ["https://****@minio.local", "https://****@minio.local"],
  ])("redactText(%j)", (input, shown) => {
    expect(redactText(input)).toBe(shown);
  });

  it("shows a credential_process program, never its arguments", () => {
    expect(describeCommandLine("/opt/get-creds --token abc --password=x")).toBe(
      "/opt/get-creds …(3 arguments not shown)",
    );
    expect(describeCommandLine("aws-vault")).toBe("aws-vault");
    expect(describeCommandLine("   ")).toBe("(empty)");
  });

  it("drops string contents from source excerpts, and the whole excerpt on a secret's line", () => {
    expect(redactSourceExcerpt('= "abc" + x')).toBe('= "…" + x');
    expect(redactSourceExcerpt('"unterminated')).toBe('"…');
    expect(redactSourceExcerpt("x x", "    secret_key = x x")).toBeNull();
    expect(redactSourceExcerpt("0xAKIA", "  access_key = 0xAKIA")).toBeNull();
    expect(redactSourceExcerpt("}", "  bucket = }")).toBe("}");
  });

  it("replaces every registered secret, longest first, and ignores values too short to search for", () => {
    const r = new SecretRedactor().add("abc").add("supersecretvalue").add("supersecret");
    expect(r.size).toBe(2);
    expect(r.redact("x supersecretvalue y supersecret abc")).toBe("x **** y **** abc");
    expect(r.redactDeep({ a: ["supersecret"], when: new Date(0) })).toEqual({ a: ["****"], when: new Date(0) });
  });

  it("registers only secret-named environment variables", () => {
    const r = new SecretRedactor().addEnvironment({
      AWS_SECRET_ACCESS_KEY: "s3cr3tvalue",
      AWS_PROFILE: "default",
      AWS_WEB_IDENTITY_TOKEN_FILE: "/var/run/tok",
    });
    expect(r.redact("profile default /var/run/tok s3cr3tvalue")).toBe("profile default /var/run/tok ****");
  });

  it("masks key ids the way go-base logs them", () => {
    expect(maskAccessKeyId("AKIAIOSFODNN7EXAMPLE")).toBe("AKIA************MPLE");
    expect(maskAccessKeyId("short")).toBe("*****");
  });
});
