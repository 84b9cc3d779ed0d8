import type { Explanation } from "@tfwhy/core";
import { describe, expect, it } from "vitest";
import { renderJson, renderMarkdown, renderText } from "../src/index.js";
import { fixtures, imdsDisabled, missingRegion, seedIncident, sourceProfileAssumeRole } from "./fixtures/index.js";

const ANSI = /\u001b\[[0-9;]*m/g;

describe.each(Object.entries(fixtures))("%s", (name, explanation) => {
  it("renders as text", async () => {
    await expect(renderText(explanation, { color: false })).toMatchFileSnapshot(`__snapshots__/${name}.txt`);
  });

  it("renders as text with --verbose: the Why trace too", async () => {
    const verbose = renderText(explanation, { color: false, verbose: true });
    await expect(verbose).toMatchFileSnapshot(`__snapshots__/${name}.verbose.txt`);
    if (explanation.steps.length > 0) expect(verbose).toContain("Why (in the order Terraform checks)");
    expect(renderText(explanation, { color: false })).not.toContain("Why (in the order Terraform checks)");
  });

  it("renders as Markdown", async () => {
    await expect(renderMarkdown(explanation)).toMatchFileSnapshot(`__snapshots__/${name}.md`);
  });

  it("renders as JSON", async () => {
    await expect(renderJson(explanation)).toMatchFileSnapshot(`__snapshots__/${name}.json`);
  });

  it("colours text without changing a character of it", () => {
    const colored = renderText(explanation, { color: true });
    expect(colored).toMatch(ANSI);
    expect(colored.replace(ANSI, "")).toBe(renderText(explanation, { color: false }));
  });
});

describe("renderText", () => {
  it("fits the seed incident on a screen: identity, the provider-block cause and the fix, no Why", () => {
    const text = renderText(seedIncident, { color: false });
    expect(text.trimEnd().split("\n").length).toBeLessThanOrEqual(20);
    expect(text).toMatch(/^Terraform's S3 backend will use: profile "default" .*key AKIA\*{12}0001\n/);
    expect(text).toContain("the S3 backend never reads provider blocks");
    expect(text).toContain('fix: Add profile = "terraform" to env/backend.hcl');
    expect(text).not.toMatch(/AKIA[A-Z0-9]{16}/);
    expect(text).not.toContain("Why (in the order");
  });

  it("starts with the answer, in one line", () => {
    const [first] = renderText(seedIncident, { color: false }).split("\n");
    expect(first).toBe(
      `Terraform's S3 backend will use: profile "default" (from the default profile, because neither the backend nor AWS_PROFILE names one) → SharedConfigCredentials ~/.aws/credentials, key AKIA************0001`,
    );
  });

  it("says Terraform will fail, with Terraform's own summary, when no credentials resolve", () => {
    const [first, second] = renderText(imdsDisabled, { color: false }).split("\n");
    expect(first).toBe("Terraform will fail: No valid credential sources found");
    expect(second).toContain("AWS_EC2_METADATA_DISABLED=true");
  });

  it("names the roles assumed on top of the base credentials", () => {
    const [first] = renderText(sourceProfileAssumeRole, { color: false }).split("\n");
    expect(first).toContain('profile "deploy" (from profile in a -backend-config argument)');
    expect(first).toContain(
      "then assumes arn:aws:iam::222222222222:role/deploy → arn:aws:iam::333333333333:role/tfstate",
    );
  });

  it("leads with Terraform's first error, and still names the credentials it would use", () => {
    const [first, second, third, fourth] = renderText(missingRegion, { color: false }).split("\n");
    expect(first).toBe("Terraform will fail: Missing region value");
    expect(second).toContain('The "region" attribute');
    expect(third).toMatch(/^Credentials: +the environment keys .* key ASIA\*{12}0005$/);
    expect(fourth).toMatch(/^Region: +not set \(Missing region value\)$/);
  });

  it("groups diagnostics by severity, most serious first, each with its fix", () => {
    const text = renderText(seedIncident, { color: false });
    expect(text.indexOf("Warnings (1)")).toBeLessThan(text.indexOf("Notes (1)"));
    expect(text).toContain('fix: Add profile = "terraform" to env/backend.hcl');
  });

  it("emits no escape codes when colour is off", () => {
    for (const explanation of Object.values(fixtures)) {
      expect(renderText(explanation, { color: false })).not.toMatch(/\u001b/);
    }
  });
});

describe("renderJson", () => {
  it("round-trips the explanation, schemaVersion first, with a trailing newline", () => {
    const json = renderJson(seedIncident);
    expect(json.startsWith('{\n  "schemaVersion": 1,\n')).toBe(true);
    expect(json.endsWith("}\n")).toBe(true);
    expect(JSON.parse(json)).toEqual(seedIncident);
  });

  it("prints the same document whatever order the top-level keys were built in", () => {
    const reversed = Object.fromEntries(Object.entries(seedIncident).reverse()) as unknown as Explanation;
    expect(renderJson(reversed)).toBe(renderJson(seedIncident));
  });
});

describe("renderMarkdown", () => {
  it("is deterministic", () => {
    expect(renderMarkdown(seedIncident)).toBe(renderMarkdown(structuredClone(seedIncident)));
  });

  it("opens the steps when Terraform would fail", () => {
    expect(renderMarkdown(imdsDisabled)).toContain("<details open>");
    expect(renderMarkdown(seedIncident)).toContain("<details>");
  });

  it("escapes prose so it renders as written, and pipes once per table cell", () => {
    const tricky: Explanation = {
      ...seedIncident,
      diagnostics: [
        {
          code: "provider-credentials-ignored",
          severity: "warning",
          message: "Key AKIA************0001 <b>bold</b> a|b *x* _y_ ~/.aws/config [link](x) shared_credentials_files",
          location: null,
          fix: null,
        },
      ],
    };
    const row = renderMarkdown(tricky)
      .split("\n")
      .find((line) => line.includes("&lt;b&gt;"));
    expect(row).toContain(
      "Key `AKIA************0001` &lt;b&gt;bold&lt;/b&gt; a\\|b \\*x\\* \\_y\\_ \\~/.aws/config \\[link\\](x) shared_credentials_files",
    );
  });
});

describe("secrets", () => {
  const KEY_LIKE = /\b(?:AKIA|ASIA)[A-Z0-9*]{16}\b/g;
  const MASKED = /^(?:AKIA|ASIA)\*{12}[A-Z0-9]{4}$/;

  it.each(Object.entries(fixtures))("%s renders only masked key ids", (_name, explanation) => {
    const outputs = [
      renderText(explanation, { color: false }),
      renderText(explanation, { color: true }).replace(ANSI, ""),
      renderMarkdown(explanation),
      renderJson(explanation),
    ];
    for (const output of outputs) {
      for (const [key] of output.matchAll(KEY_LIKE)) expect(key).toMatch(MASKED);
    }
  });

  it("shows the masked key ids it was given, in every format", () => {
    for (const output of [
      renderText(missingRegion, { color: false }),
      renderMarkdown(missingRegion),
      renderJson(missingRegion),
    ]) {
      expect(output).toContain("ASIA************0005");
    }
  });
});

describe("a configuration error Terraform reports first", () => {
  const explanation: Explanation = {
    ...seedIncident,
    verdict: { terraformFails: true, firstError: "Missing Required Value", backendWarnings: [] },
    diagnostics: [
      {
        code: "attribute-required",
        severity: "error",
        message: 'The attribute "bucket" is required by the backend.',
        location: seedIncident.backend.block,
        fix: 'Add bucket = "…" to env/backend.hcl.',
        terraformError: "Missing Required Value",
      },
    ],
  };

  it("leads the text with it, then the credentials Terraform would otherwise use", () => {
    const [first, second, third] = renderText(explanation, { color: false }).split("\n");
    expect(first).toBe("Terraform will fail: Missing Required Value");
    expect(second).toBe('  The attribute "bucket" is required by the backend.');
    expect(third).toMatch(/^Credentials: +profile "default" \(from the default profile/);
  });

  it("leads the Markdown with it and opens the steps", () => {
    const markdown = renderMarkdown(explanation);
    expect(markdown).toContain(
      '**❌ Terraform will fail:** Missing Required Value\n\n> The attribute "bucket" is required by the backend.',
    );
    expect(markdown).toContain("- **Credentials:** profile `default`");
    expect(markdown).toContain("<details open>");
  });
});
