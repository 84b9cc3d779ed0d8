import { describe, expect, it } from "vitest";
import { InvalidInputError } from "../errors.js";
import type { HclBody } from "./hcl-types.js";
import { toLiteral } from "./hcl-values.js";
import { parseJsonAttributes, parseTerraformJson } from "./tf-json.js";

const source = { file: "backend.tf.json", path: "/work/project/backend.tf.json" };

function backendValues(body: HclBody): Array<Record<string, unknown>> {
  return body.blocks
    .filter((block) => block.type === "terraform")
    .flatMap((block) => block.body.blocks)
    .filter((block) => block.type === "backend")
    .map((block) => ({
      type: block.labels[0],
      ...Object.fromEntries(block.body.attributes.map((attribute) => [attribute.name, toLiteral(attribute.value)])),
    }));
}

describe("parseTerraformJson", () => {
  it.each([
    ["objects all the way", '{"terraform": {"backend": {"s3": {"bucket": "b"}}}}'],
    ["terraform as an array", '{"terraform": [{"backend": {"s3": {"bucket": "b"}}}]}'],
    ["backend as an array", '{"terraform": {"backend": [{"s3": {"bucket": "b"}}]}}'],
    ["block body as an array", '{"terraform": {"backend": {"s3": [{"bucket": "b"}]}}}'],
    ["every level an array", '{"terraform": [{"backend": [{"s3": [{"bucket": "b"}]}]}]}'],
  ])("reads the backend block written as %s", (_, text) => {
    expect(backendValues(parseTerraformJson(text, source))).toEqual([{ type: "s3", bucket: "b" }]);
  });

  it("gives the line and column of each key, and reads every JSON value type", () => {
    const text = [
      "{",
      '  "//": "comments are ignored",',
      '  "terraform": {',
      '    "backend": {',
      '      "s3": {',
      '        "//": "also here",',
      '        "bucket": "state",',
      '        "encrypt": true,',
      '        "max_retries": 3,',
      '        "kms_key_id": null,',
      '        "shared_config_files": ["a", "b"],',
      '        "assume_role": {"role_arn": "arn:aws:iam::1:role/r", "tags": {"k": "v"}}',
      "      }",
      "    }",
      "  }",
      "}",
    ].join("\n");
    const backend = parseTerraformJson(text, source).blocks[0]!.body.blocks[0]!;
    expect(backend.at).toMatchObject({ line: 5, column: 7 });
    expect(
      backend.body.attributes.map((attribute) => [attribute.name, attribute.at.line, toLiteral(attribute.value)]),
    ).toEqual([
      ["bucket", 7, "state"],
      ["encrypt", 8, true],
      ["max_retries", 9, 3],
      ["kms_key_id", 10, null],
      ["shared_config_files", 11, ["a", "b"]],
      ["assume_role", 12, { role_arn: "arn:aws:iam::1:role/r", tags: { k: "v" } }],
    ]);
    const assumeRole = backend.body.attributes[5]!.value;
    expect(assumeRole.kind === "object" && assumeRole.entries[0]!.at).toMatchObject({ line: 12, column: 25 });
  });

  it("takes backend strings verbatim: ${…}, $${, %{…} and %%{ are plain text (no evaluation context)", () => {
    // Observed on Terraform 1.11.4: a profile written "${team}" in main.tf.json selects the profile named ${team}
    // (conformance scenarios json-*), where native HCL would say "Variables not allowed".
    const text =
      '{"terraform": {"backend": {"s3": {"bucket": "${var.bucket}", "key": "$${literal}", "region": ' +
      '"${upper(\\"x\\")}", "acl": "%{if true}x%{endif}", "profile": "%%{p}", ' +
      '"assume_role": {"role_arn": "${r}", "tags": {"${k}": "${v}"}}, "shared_config_files": ["${f}"]}}}}';
    const attributes = parseTerraformJson(text, source).blocks[0]!.body.blocks[0]!.body.attributes;
    expect(attributes.map((attribute) => toLiteral(attribute.value))).toEqual([
      "${var.bucket}",
      "$${literal}",
      '${upper("x")}',
      "%{if true}x%{endif}",
      "%%{p}",
      { role_arn: "${r}", tags: { "${k}": "${v}" } },
      ["${f}"],
    ]);
  });

  it("treats provider strings as templates: ${…} is an expression, $${ is an escape", () => {
    const text =
      '{"provider": {"aws": {"profile": "${var.p}", "region": "$${literal}", "shared_config_files": ' +
      '["${upper(\\"x\\")}"], "max_retries": "%{if true}1%{endif}"}}}';
    const values = parseTerraformJson(text, source).blocks[0]!.body.attributes.map((attribute) => attribute.value);
    expect(values[0]).toMatchObject({ kind: "expression", reason: "variables", text: "${var.p}" });
    expect(values[1]).toMatchObject({ kind: "string", value: "${literal}" });
    expect(values[2]).toMatchObject({ kind: "tuple", items: [{ kind: "expression", reason: "functions" }] });
    expect(values[3]).toMatchObject({ kind: "expression", reason: "not-evaluated" });
  });

  it("keeps a repeated backend argument for the decoder to report (Terraform: Duplicate argument at init)", () => {
    const text = '{"terraform": {"backend": {"s3": {\n"bucket": "a",\n"bucket": "b"}}}}';
    const attributes = parseTerraformJson(text, source).blocks[0]!.body.blocks[0]!.body.attributes;
    expect(attributes.map((attribute) => [attribute.name, attribute.at.line, toLiteral(attribute.value)])).toEqual([
      ["bucket", 2, "a"],
      ["bucket", 3, "b"],
    ]);
  });

  it("reads provider blocks with their nested blocks, in object and array forms", () => {
    const text = JSON.stringify({
      provider: {
        aws: [
          { region: "eu-west-1", assume_role: { role_arn: "arn:a" } },
          {
            alias: "us",
            region: "us-east-1",
            assume_role: [{ role_arn: "arn:b" }],
            assume_role_with_web_identity: { role_arn: "arn:c" },
          },
        ],
      },
      resource: { aws_s3_bucket: { b: { bucket: "ignored" } } },
    });
    const providers = parseTerraformJson(text, source).blocks;
    expect(
      providers.map((block) => [block.type, block.labels, block.body.blocks.map((nested) => nested.type)]),
    ).toEqual([
      ["provider", ["aws"], ["assume_role"]],
      ["provider", ["aws"], ["assume_role", "assume_role_with_web_identity"]],
    ]);
  });

  it.each([
    ["a trailing comma", '{"terraform": {"backend": {"s3": {"bucket": "b",}}}}', 1, /invalid JSON/],
    [
      "a missing brace",
      '{\n  "terraform": {\n    "backend": {}\n',
      4,
      /invalid JSON: unexpected end of input|expected/,
    ],
    [
      "a repeated provider argument",
      '{"provider": {"aws": {\n"region": "a",\n"region": "b"}}}',
      3,
      /Duplicate argument: the argument "region" was already set at backend.tf.json:2/,
    ],
    ["a label level that is not an object", '{"terraform": {"backend": "s3"}}', 1, /Incorrect JSON value type/],
    ["a body that is not an object", '{"terraform": {"backend": {"s3": "x"}}}', 1, /Incorrect JSON value type/],
    ["an array at the top", "[]", 1, /must be an object/],
    ["an invalid escape", '{"a": "\\q"}', 1, /invalid escape/],
  ])("rejects %s with the line", (_, text, line, message) => {
    const attempt = (): unknown => parseTerraformJson(text, source);
    expect(attempt).toThrow(InvalidInputError);
    expect(attempt).toThrow(message);
    try {
      attempt();
    } catch (error) {
      expect((error as InvalidInputError).at?.line).toBe(line);
    }
  });
});

describe("parseJsonAttributes (-backend-config=file.json)", () => {
  it("reads every key as an argument", () => {
    const body = parseJsonAttributes('{\n  "bucket": "b",\n  "assume_role": {"role_arn": "arn"}\n}', {
      file: "cfg.json",
      path: "/p/cfg.json",
    });
    expect(body.blocks).toEqual([]);
    expect(body.attributes.map((attribute) => [attribute.name, attribute.at.line, toLiteral(attribute.value)])).toEqual(
      [
        ["bucket", 2, "b"],
        ["assume_role", 3, { role_arn: "arn" }],
      ],
    );
  });

  it("takes strings verbatim and keeps a repeated argument", () => {
    const body = parseJsonAttributes('{"profile": "${team}", "key": "$${k}",\n"profile": "b"}', {
      file: "cfg.json",
      path: "/p/cfg.json",
    });
    expect(body.attributes.map((attribute) => [attribute.name, attribute.at.line, toLiteral(attribute.value)])).toEqual(
      [
        ["profile", 1, "${team}"],
        ["key", 1, "$${k}"],
        ["profile", 2, "b"],
      ],
    );
  });
});
