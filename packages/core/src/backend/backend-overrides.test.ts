import { describe, expect, it } from "vitest";
import { MAIN_TF, origins, readModule, rejection, values } from "./root-module.test-support.js";

describe("readRootModule: -backend-config merging (backendConfigOverrideBody)", () => {
  const files = {
    "infra/main.tf": MAIN_TF,
    "infra/env/first.hcl": 'bucket = "file-bucket"\nkey    = "first/key"\n',
    "infra/env/second.hcl": '# staging\n\nkey = "second/key"\n',
  };

  it("applies file, then name=value, then file, in command-line order", async () => {
    const module = await readModule(files, ["env/first.hcl", "bucket=arg-bucket", "env/second.hcl"]);
    expect(values(module)).toEqual({ bucket: "arg-bucket", key: "second/key", region: "eu-west-1" });
    expect(origins(module)).toEqual({
      bucket: "backend-config-argument bucket=arg-bucket",
      key: "backend-config-file env/second.hcl:3",
      region: "backend-block main.tf:5",
    });
  });

  it("lets a later file override an earlier argument", async () => {
    const module = await readModule(files, ["bucket=arg-bucket", "env/first.hcl"]);
    expect(origins(module).bucket).toBe("backend-config-file env/first.hcl:1");
  });

  it("lets a later argument replace an earlier one", async () => {
    const module = await readModule(files, ["region=us-east-1", "region=us-west-2"]);
    expect(values(module).region).toBe("us-west-2");
  });

  it("replaces objects whole instead of merging their keys", async () => {
    const module = await readModule(
      {
        "infra/main.tf":
          'terraform {\n  backend "s3" {\n    assume_role = { role_arn = "arn:block", session_name = ' +
          '"from-block" }\n  }\n}\n',
        "infra/role.hcl": 'assume_role = {\n  role_arn = "arn:file"\n}\n',
      },
      ["role.hcl"],
    );
    expect(values(module).assume_role).toMatchObject({ role_arn: "arn:file", session_name: null });
    const written = module.backend.attributes[0]!.written;
    expect(written.kind === "object" && written.entries[0]!.at).toMatchObject({ file: "role.hcl", line: 2 });
  });

  it("parses non-primitive arguments as HCL expressions (configValueFromCLI)", async () => {
    const module = await readModule({ "infra/main.tf": MAIN_TF }, [
      'assume_role={role_arn="arn:aws:iam::1:role/cli", session_name="cli"}',
      'shared_credentials_files=["/b", "/a"]',
      'endpoints={s3="http://localhost:4566"}',
    ]);
    expect(values(module)).toMatchObject({
      assume_role: { role_arn: "arn:aws:iam::1:role/cli", session_name: "cli" },
      shared_credentials_files: ["/a", "/b"],
      endpoints: { s3: "http://localhost:4566", sts: null },
    });
  });

  it("converts primitive arguments from strings, keeping quotes as part of a string", async () => {
    const module = await readModule({ "infra/main.tf": MAIN_TF }, [
      "encrypt=true",
      "max_retries=9",
      'bucket="quoted"',
      "key=a=b",
    ]);
    expect(values(module)).toMatchObject({ encrypt: true, max_retries: 9, bucket: '"quoted"', key: "a=b" });
  });

  it("records arguments without secret values", async () => {
    const module = await readModule({ "infra/main.tf": MAIN_TF }, [
      "access_key=AKIAIOSFODNN7EXAMPLE",
      "secret_key=s3cr3t",
      "token=t0k3n",
    ]);
    const argument = (name: string): string | null | undefined =>
      module.backend.attributes.find((attribute) => attribute.name === name)?.argument;
    expect([argument("access_key"), argument("secret_key"), argument("token")]).toEqual([
      "access_key=AKIAIOSFODNN7EXAMPLE",
      "secret_key=(set)",
      "token=(set)",
    ]);
    expect(JSON.stringify(module.backend.attributes.map((attribute) => attribute.argument))).not.toContain("s3cr3t");
  });

  it("reads a JSON -backend-config file", async () => {
    const module = await readModule({ "infra/main.tf": MAIN_TF, "infra/cfg.json": '{\n  "bucket": "from-json"\n}\n' }, [
      "cfg.json",
    ]);
    expect(origins(module).bucket).toBe("backend-config-file cfg.json:2");
  });

  it("resolves files against the module directory and shows paths outside it from ~ or /", async () => {
    const module = await readModule(
      { "infra/main.tf": MAIN_TF, "~/shared/backend.hcl": 'bucket = "home"\n', "/etc/tf/backend.hcl": 'key = "etc"\n' },
      ["/home/user/shared/backend.hcl", "../../../etc/tf/backend.hcl"],
    );
    expect(origins(module)).toMatchObject({
      bucket: "backend-config-file ~/shared/backend.hcl:1",
      key: "backend-config-file /etc/tf/backend.hcl:1",
    });
    expect(module.backend.attributes[0]!.at?.path).toBe("/home/user/shared/backend.hcl");
  });

  it('treats a lone -backend-config="" as "no overrides"', async () => {
    const module = await readModule({ "infra/main.tf": MAIN_TF }, [""]);
    expect(module.backend.overridesCleared).toBe(true);
    expect(values(module).bucket).toBe("block-bucket");
  });

  it('reports "" among other -backend-config values as Terraform does (a file named ".")', async () => {
    const module = await readModule({ "infra/main.tf": MAIN_TF }, ["", "bucket=x"]);
    expect(module.backend.schemaProblems).toMatchObject([
      { summary: "Failed to read file", detail: 'The file "." could not be read.', at: null },
    ]);
    expect(module.backend.schemaProblems[0]!.hint).toMatch(/only when it is the only -backend-config/);
  });

  it("reports a missing -backend-config file as Terraform does (Failed to read file), with the name as given", async () => {
    const module = await readModule({ "infra/main.tf": MAIN_TF }, ["env/missing.hcl", "bucket=x"]);
    expect(module.backend.schemaProblems).toMatchObject([
      {
        code: "file-unreadable",
        via: "backend-config-file",
        // No place to point at: the name comes from the command line, and a Location is a line in a file that exists.
        at: null,
        summary: "Failed to read file",
        detail: 'The file "env/missing.hcl" could not be read.',
      },
    ]);
    // The other values are still read, as Terraform does (it reports every -backend-config error, then stops).
    expect(values(module).bucket).toBe("x");
  });

  it("rejects a syntax error in a -backend-config file", async () => {
    expect(
      (await rejection(readModule({ "infra/main.tf": MAIN_TF, "infra/bad.hcl": 'bucket = "x\n' }, ["bad.hcl"])))
        .message,
    ).toMatch(/^bad.hcl:1: /);
  });

  it.each([
    // Each observed on Terraform 1.11.4 (conformance/FINDINGS.md §10).
    ["shared_credentials_files=/x/creds", "Invalid expression", "found an invalid expression token."],
    ["shared_credentials_files=./creds", "Invalid expression", "found an invalid expression token."],
    ["shared_credentials_files=", "Missing expression", "found the end of the file."],
    ["assume_role={role_arn=", "Missing expression", "found the end of the file."],
    ["shared_credentials_files=[", "Missing expression", "found the end of the file."],
    ["assume_role=arn:aws:iam::1:role/x", "Extra characters after expression", "extra characters were found"],
    ['shared_credentials_files=["a"]x', "Extra characters after expression", "extra characters were found"],
    ["shared_credentials_files=C:\\creds", "Extra characters after expression", "extra characters were found"],
    ['shared_credentials_files=["/x"', "Unterminated tuple constructor expression", "no corresponding closing bracket"],
    ['assume_role={role_arn="x"', "Unterminated object constructor expression", "no corresponding closing brace"],
    ['assume_role="abc', "Unterminated template string", "No closing marker was found for the string."],
    ["shared_credentials_files=~/creds", "Unsupported operator", 'Did you mean boolean NOT ("!")?'],
    ["shared_credentials_files='/x'", "Invalid character", "Single quotes are not valid."],
    ["endpoints=s3", "Variables not allowed", "Variables may not be used here."],
    ['shared_credentials_files=[abs("x")]', "Function calls not allowed", "Functions may not be called here."],
  ])("reports -backend-config=%s as Terraform's %s, not as a usage error", async (argument, summary, detail) => {
    const module = await readModule({ "infra/main.tf": MAIN_TF }, [argument]);
    const [problem, ...others] = module.backend.schemaProblems;
    expect(others).toEqual([]);
    expect(problem).toMatchObject({ via: "backend-config-argument", at: null, summary });
    expect(problem!.detail).toContain(detail);
    expect(problem!.attribute).toBe(argument.slice(0, argument.indexOf("=")));
  });

  it("puts the -backend-config problems before the block's, in command-line order (Terraform stops after them)", async () => {
    const main = 'terraform {\n  backend "s3" {\n    bucket = var.b\n  }\n}\n';
    const module = await readModule({ "infra/main.tf": main }, ["use_path_style=yes", "nonsense=1", "missing.hcl"]);
    expect(module.backend.schemaProblems.map((problem) => problem.summary)).toEqual([
      "Invalid backend configuration value",
      "Invalid backend configuration argument",
      "Failed to read file",
      "Variables not allowed",
    ]);
  });

  it("words an unknown key in main.tf.json's backend block as HCL's JSON syntax does, suggestion included", async () => {
    const main = '{"terraform": {"backend": {"s3": {"bucket": "b",\n"profil": "x",\n"role_arn": "y"}}}}';
    const module = await readModule({ "infra/main.tf.json": main }, []);
    expect(module.backend.schemaProblems.map((p) => [p.summary, p.detail, p.at?.line])).toEqual([
      ["Extraneous JSON object property", 'No argument or block type is named "profil". Did you mean "profile"?', 2],
      ["Extraneous JSON object property", 'No argument or block type is named "role_arn".', 3],
    ]);
  });

  it("reads a JSON -backend-config file verbatim, with JSON's words for an unknown or repeated key", async () => {
    const module = await readModule(
      { "infra/main.tf": MAIN_TF, "infra/b.tfbackend.json": '{"profile": "${p}",\n"nope": 1,\n"profile": "q"}' },
      ["b.tfbackend.json"],
    );
    expect(module.backend.schemaProblems.map((p) => [p.summary, p.detail, p.at?.line])).toEqual([
      ["Duplicate argument", 'The argument "profile" was already set at b.tfbackend.json:1.', 3],
      ["Extraneous JSON object property", 'No argument or block type is named "nope".', 2],
    ]);
  });

  it("does not quote a secret in the error for an invalid argument", async () => {
    const error = await rejection(
      readModule({ "infra/main.tf": MAIN_TF }, [
        'assume_role_with_web_identity={web_identity_token=("eyJsecret" oops)}',
      ]),
    );
    expect(error.message).toBe('-backend-config="assume_role_with_web_identity=(set)": not a valid HCL expression');
    expect(error.cause).toBeUndefined();
  });

  it("words a missing separator as Terraform does, without quoting a secret", async () => {
    const module = await readModule({ "infra/main.tf": MAIN_TF }, [
      'assume_role_with_web_identity={web_identity_token="eyJsecret" oops}',
    ]);
    const problem = module.backend.schemaProblems[0];
    expect(problem).toMatchObject({ summary: "Missing attribute separator" });
    expect(JSON.stringify(module.backend)).not.toContain("eyJsecret");
  });
});
