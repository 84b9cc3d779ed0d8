import { describe, expect, it } from "vitest";
import { InvalidInputError, NotS3BackendError } from "../errors.js";
import { createFakeWorld } from "../testing.js";
import { type RootModule, readRootModule } from "./root-module.js";

const MAIN_TF = `
  terraform {
    backend "s3" {
      bucket = "block-bucket"
      key    = "block/key.tfstate"
      region = "eu-west-1"
    }
  }
`;

async function readModule(
  files: Record<string, string | null>,
  backendConfig: readonly string[] = [],
  env: Record<string, string> = {},
): Promise<RootModule> {
  return readRootModule(createFakeWorld({ files, env }), { dir: "infra", backendConfig });
}

/** name → value, for the attributes that are set. */
function values(module: RootModule): Record<string, unknown> {
  return Object.fromEntries(module.backend.attributes.map((attribute) => [attribute.name, attribute.value]));
}

/** name → where the value came from, as `via file:line` or `via argument`. */
function origins(module: RootModule): Record<string, string> {
  return Object.fromEntries(
    module.backend.attributes.map((attribute) => [
      attribute.name,
      attribute.at
        ? `${attribute.via} ${attribute.at.file}:${attribute.at.line}`
        : `${attribute.via} ${attribute.argument}`,
    ]),
  );
}

async function rejection(promise: Promise<unknown>): Promise<InvalidInputError> {
  const error = await promise.then(
    () => undefined,
    (thrown: unknown) => thrown,
  );
  expect(error).toBeInstanceOf(InvalidInputError);
  return error as InvalidInputError;
}

describe("readRootModule: the backend block", () => {
  it("reads the block's attributes with file:line and absolute paths", async () => {
    const module = await readModule({ "infra/main.tf": MAIN_TF });
    expect(module.dir).toBe("/work/project/infra");
    expect(module.files).toEqual(["main.tf"]);
    expect(module.backend.block).toEqual({ file: "main.tf", path: "/work/project/infra/main.tf", line: 2, column: 3 });
    expect(values(module)).toEqual({ bucket: "block-bucket", key: "block/key.tfstate", region: "eu-west-1" });
    expect(origins(module)).toEqual({
      bucket: "backend-block main.tf:3",
      key: "backend-block main.tf:4",
      region: "backend-block main.tf:5",
    });
    expect(module.backend.schemaProblems).toEqual([]);
    expect(module.cache).toBeNull();
  });

  it("converts values to the schema types as Terraform does", async () => {
    const module = await readModule({
      "infra/main.tf": `
        terraform {
          backend "s3" {
            bucket              = 42
            encrypt             = "true"
            max_retries         = "3"
            shared_config_files = ["z", "a", "z"]
            assume_role         = { role_arn = "arn:aws:iam::1:role/r", tags = { n = 1 } }
          }
        }
      `,
    });
    expect(values(module)).toMatchObject({
      bucket: "42",
      encrypt: true,
      max_retries: 3,
      shared_config_files: ["a", "z"],
      assume_role: { role_arn: "arn:aws:iam::1:role/r", tags: { n: "1" }, session_name: null },
    });
  });

  it("reads the backend from *.tf.json", async () => {
    const module = await readModule({
      "infra/backend.tf.json":
        '{\n  "terraform": [{\n    "backend": {\n      "s3": [{\n        "bucket": "json-bucket",\n        ' +
        '"use_lockfile": true\n      }]\n    }\n  }]\n}\n',
    });
    expect(values(module)).toEqual({ bucket: "json-bucket", use_lockfile: true });
    expect(origins(module)).toEqual({
      bucket: "backend-block backend.tf.json:5",
      use_lockfile: "backend-block backend.tf.json:6",
    });
  });

  it("loads override files last, and their backend block replaces the primary one whole", async () => {
    const module = await readModule({
      "infra/main.tf": MAIN_TF,
      "infra/a_override.tf": 'terraform {\n  backend "s3" {\n    bucket = "override-bucket"\n  }\n}\n',
      "infra/z.tf": "locals {\n  x = 1\n}\n",
    });
    expect(module.files).toEqual(["main.tf", "z.tf", "a_override.tf"]);
    expect(module.backend.block).toMatchObject({ file: "a_override.tf", line: 2 });
    expect(values(module)).toEqual({ bucket: "override-bucket" });
  });

  it("skips files Terraform ignores and subdirectories", async () => {
    const module = await readModule({
      "infra/main.tf": MAIN_TF,
      "infra/.hidden.tf": "not hcl {",
      "infra/backup.tf~": "not hcl {",
      "infra/#autosave.tf#": "not hcl {",
      "infra/notes.txt": "not hcl {",
      "infra/modules/vpc/main.tf": 'terraform {\n  backend "local" {}\n}\n',
      "infra/.terraform/modules/modules.json": "{}",
    });
    expect(module.files).toEqual(["main.tf"]);
  });

  it.each([
    [
      "no backend block",
      { "infra/main.tf": 'resource "x" "y" {}\n' },
      /^no backend block in infra: tfwhy explains the s3 backend$/,
      null,
    ],
    [
      "another backend type",
      { "infra/main.tf": 'terraform {\n  backend "gcs" {}\n}\n' },
      /backend "gcs" is not the s3 backend/,
      2,
    ],
    [
      "two backend blocks",
      { "infra/a.tf": MAIN_TF, "infra/b.tf": 'terraform {\n  backend "s3" {}\n}\n' },
      new RegExp(
        "Duplicate backend configuration: A module may have only one backend configuration. " +
          "The backend was previously configured at a.tf:2.",
      ),
      2,
    ],
    [
      "a cloud block",
      { "infra/main.tf": 'terraform {\n  cloud {\n    organization = "o"\n  }\n}\n' },
      /uses HCP Terraform/,
      2,
    ],
    [
      "a syntax error in any file",
      { "infra/main.tf": MAIN_TF, "infra/vars.tf": 'variable "x" {\n  default = "unterminated\n}\n' },
      /Unterminated|multi-line/,
      2,
    ],
    ["an unreadable file", { "infra/main.tf": null }, /cannot read main.tf: permission denied/, null],
  ])("throws InvalidInputError for %s", async (_, files, message, line) => {
    const error = await rejection(readModule(files));
    expect(error.message).toMatch(message);
    expect(error.at?.line ?? null).toBe(line);
  });

  it.each([
    ["no backend block", { "infra/main.tf": 'resource "x" "y" {}\n' }, { kind: "none" }],
    [
      "another backend type",
      { "infra/main.tf": 'terraform {\n  backend "gcs" {}\n}\n' },
      { kind: "backend", type: "gcs" },
    ],
    [
      "a cloud block",
      { "infra/main.tf": 'terraform {\n  cloud {\n    organization = "o"\n  }\n}\n' },
      { kind: "cloud" },
    ],
  ])("says %s by type (NotS3BackendError), so callers never read the message", async (_, files, found) => {
    const error = await rejection(readModule(files));
    expect(error).toBeInstanceOf(NotS3BackendError);
    expect((error as NotS3BackendError).found).toEqual(found);
  });

  it("other input errors are not NotS3BackendError", async () => {
    const error = await rejection(
      readModule({ "infra/a.tf": MAIN_TF, "infra/b.tf": 'terraform {\n  backend "s3" {}\n}\n' }),
    );
    expect(error).not.toBeInstanceOf(NotS3BackendError);
  });

  it("throws when the directory does not exist", async () => {
    const error = await rejection(readRootModule(createFakeWorld(), { dir: "/nowhere", backendConfig: [] }));
    expect(error.message).toBe("no such directory: /nowhere");
  });
});

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

  it('rejects "" among other -backend-config values (Terraform reads it as a file name)', async () => {
    const error = await rejection(readModule({ "infra/main.tf": MAIN_TF }, ["", "bucket=x"]));
    expect(error.message).toMatch(/only when it is the only -backend-config/);
  });

  it("names a missing -backend-config file", async () => {
    const error = await rejection(readModule({ "infra/main.tf": MAIN_TF }, ["env/missing.hcl"]));
    expect(error.message).toBe("-backend-config file env/missing.hcl does not exist (Terraform: Failed to read file)");
  });

  it("rejects a syntax error in a -backend-config file or argument", async () => {
    expect(
      (await rejection(readModule({ "infra/main.tf": MAIN_TF, "infra/bad.hcl": 'bucket = "x\n' }, ["bad.hcl"])))
        .message,
    ).toMatch(/^bad.hcl:1: /);
    expect((await rejection(readModule({ "infra/main.tf": MAIN_TF }, ["assume_role={role_arn="]))).message).toMatch(
      /^-backend-config="assume_role=/,
    );
  });

  it("does not quote a secret in the error for an invalid argument", async () => {
    const error = await rejection(
      readModule({ "infra/main.tf": MAIN_TF }, ['assume_role_with_web_identity={web_identity_token="eyJsecret" oops}']),
    );
    expect(error.message).toBe('-backend-config="assume_role_with_web_identity=(set)": not a valid HCL expression');
    expect(error.cause).toBeUndefined();
  });
});

describe("readRootModule: schema problems (collected, not thrown)", () => {
  it("reports unknown, removed and block-style attributes with Terraform's words", async () => {
    const module = await readModule(
      {
        "infra/main.tf": `
          terraform {
            backend "s3" {
              bucke    = "typo"
              role_arn = "arn:aws:iam::1:role/old"
              assume_role {
                role_arn = "arn:aws:iam::1:role/block"
              }
            }
          }
        `,
        "infra/extra.hcl": 'session_name = "x"\nprofiles = "y"\n',
      },
      ["extra.hcl", "external_id=abc", "nonsense=1"],
    );
    expect(
      module.backend.schemaProblems.map(({ code, attribute, via, at, summary, detail }) => [
        code,
        attribute,
        via,
        at && `${at.file}:${at.line}`,
        summary,
        detail,
      ]),
    ).toEqual([
      [
        "unsupported-argument",
        "bucke",
        "backend-block",
        "main.tf:3",
        "Unsupported argument",
        'An argument named "bucke" is not expected here. Did you mean "bucket"?',
      ],
      [
        "removed-argument",
        "role_arn",
        "backend-block",
        "main.tf:4",
        "Unsupported argument",
        'An argument named "role_arn" is not expected here.',
      ],
      [
        "unsupported-block",
        "assume_role",
        "backend-block",
        "main.tf:5",
        "Unsupported block type",
        'Blocks of type "assume_role" are not expected here. Did you mean to define argument "assume_role"? If ' +
          "so, use the equals sign to assign it a value.",
      ],
      [
        "removed-argument",
        "session_name",
        "backend-config-file",
        "extra.hcl:1",
        "Unsupported argument",
        'An argument named "session_name" is not expected here.',
      ],
      [
        "unsupported-argument",
        "profiles",
        "backend-config-file",
        "extra.hcl:2",
        "Unsupported argument",
        'An argument named "profiles" is not expected here. Did you mean "profile"?',
      ],
      [
        "invalid-cli-argument",
        "external_id",
        "backend-config-argument",
        null,
        "Invalid backend configuration argument",
        'The backend configuration argument "external_id" given on the command line is not expected for the ' +
          "selected backend type.",
      ],
      [
        "invalid-cli-argument",
        "nonsense",
        "backend-config-argument",
        null,
        "Invalid backend configuration argument",
        'The backend configuration argument "nonsense" given on the command line is not expected for the ' +
          "selected backend type.",
      ],
    ]);
    expect(module.backend.schemaProblems[1]!.hint).toBe(
      'Terraform 1.10 removed "role_arn"; set it inside the assume_role object instead: assume_role = { role_arn = … }',
    );
    expect(module.backend.attributes).toEqual([]);
  });

  it("reports variables and function calls that survive the merge, and not those an override replaced", async () => {
    const module = await readModule(
      {
        "infra/main.tf": `
          terraform {
            backend "s3" {
              bucket = var.bucket
              key    = "\${local.env}/key"
              region = lower("EU-WEST-1")
              acl    = 1 + 1
              assume_role = { role_arn = var.role }
            }
          }
        `,
      },
      ["bucket=real-bucket"],
    );
    expect(values(module)).toEqual({
      bucket: "real-bucket",
      key: undefined,
      region: undefined,
      acl: undefined,
      assume_role: undefined,
    });
    expect(
      module.backend.schemaProblems.map(({ code, attribute, at, summary, detail }) => [
        code,
        attribute,
        at && `${at.line}:${at.column}`,
        summary,
        detail,
      ]),
    ).toEqual([
      [
        "expression-not-evaluated",
        "acl",
        "6:14",
        "Expression not evaluated",
        'tfwhy does not evaluate "1 + 1"; Terraform can, as it uses no variables or functions.',
      ],
      ["variables-not-allowed", "assume_role", "7:32", "Variables not allowed", "Variables may not be used here."],
      ["variables-not-allowed", "key", "4:14", "Variables not allowed", "Variables may not be used here."],
      ["functions-not-allowed", "region", "5:14", "Function calls not allowed", "Functions may not be called here."],
    ]);
  });

  it("reports values of the wrong type, and bad primitive arguments", async () => {
    const module = await readModule(
      {
        "infra/main.tf":
          'terraform {\n  backend "s3" {\n    encrypt = "yes"\n    assume_role = { session_name = "s" }\n  }\n}\n',
      },
      ["use_lockfile=True", "secret_key=x"],
    );
    expect(
      module.backend.schemaProblems.map(({ code, attribute, summary, detail }) => [code, attribute, summary, detail]),
    ).toEqual([
      [
        "invalid-cli-value",
        "use_lockfile",
        "Invalid backend configuration value",
        'Invalid backend configuration argument -backend-config="use_lockfile=True": a bool is required; to ' +
          'convert from string, use lowercase "true"',
      ],
      [
        "invalid-value-type",
        "assume_role",
        "Incorrect attribute value type",
        'Inappropriate value for attribute "assume_role": attribute "role_arn" is required.',
      ],
      [
        "invalid-value-type",
        "encrypt",
        "Incorrect attribute value type",
        'Inappropriate value for attribute "encrypt": a bool is required.',
      ],
    ]);
    expect(values(module)).toEqual({ encrypt: undefined, assume_role: undefined, secret_key: "x" });
  });

  it("lists deprecated attributes that are set, with Terraform's warning", async () => {
    const module = await readModule({
      "infra/main.tf": `
        terraform {
          backend "s3" {
            dynamodb_table   = "locks"
            force_path_style = true
            endpoint         = null
            endpoints        = {
              dynamodb = "http://localhost:8000"
            }
          }
        }
      `,
    });
    expect(
      module.backend.deprecated.map(({ attribute, replacement, warning, at }) => [
        attribute,
        replacement,
        warning?.detail ?? null,
        at?.line,
      ]),
    ).toEqual([
      [
        "dynamodb_table",
        "use_lockfile",
        'The parameter "dynamodb_table" is deprecated. Use parameter "use_lockfile" instead.',
        3,
      ],
      ["endpoints.dynamodb", "use_lockfile", null, 7],
      [
        "force_path_style",
        "use_path_style",
        'The parameter "force_path_style" is deprecated. Use parameter "use_path_style" instead.',
        4,
      ],
    ]);
  });
});

describe("readRootModule: provider blocks", () => {
  it("collects every aws provider, its auth attributes and nested role blocks, keeping expression text", async () => {
    const module = await readModule({
      "infra/main.tf": MAIN_TF,
      "infra/providers.tf": `
        provider "aws" {
          region  = var.region
          profile = "dev"
          default_tags {
            tags = { a = "b" }
          }
          assume_role {
            role_arn     = "arn:aws:iam::1:role/deploy"
            session_name = "deploy-\${var.env}"
          }
        }

        provider "aws" {
          alias                    = "us"
          shared_credentials_files = ["~/.aws/creds"]
          assume_role_with_web_identity {
            role_arn                = "arn:aws:iam::1:role/ci"
            web_identity_token_file = "/token"
          }
        }

        provider "google" {
          project = "p"
        }
      `,
      "infra/json.tf.json":
        '{"provider": {"aws": {"alias": "json", "access_key": "AKIAIOSFODNN7EXAMPLE", "secret_key": "x"}}}',
    });
    // Files load in name order: json.tf.json, main.tf, providers.tf.
    const [first, second, third] = module.providers;
    expect([first?.alias, second?.alias, third?.alias]).toEqual(["json", null, "us"]);
    expect(second?.block).toMatchObject({ file: "providers.tf", line: 1 });
    expect(
      second?.attributes.map((attribute) => [
        attribute.name,
        attribute.value.kind === "expression"
          ? attribute.value.text
          : attribute.value.kind === "string"
            ? attribute.value.value
            : "?",
        attribute.at.line,
      ]),
    ).toEqual([
      ["region", "var.region", 2],
      ["profile", "dev", 3],
    ]);
    expect(
      second?.assumeRole.map((block) => [block.at.line, block.attributes.map((attribute) => attribute.name)]),
    ).toEqual([[7, ["role_arn", "session_name"]]]);
    expect(second?.assumeRole[0]?.attributes[1]?.value).toMatchObject({
      kind: "expression",
      text: '"deploy-${var.env}"',
    });
    expect(third?.attributes.map((attribute) => attribute.name)).toEqual(["shared_credentials_files"]);
    expect(third?.assumeRoleWithWebIdentity[0]?.attributes.map((attribute) => attribute.name)).toEqual([
      "role_arn",
      "web_identity_token_file",
    ]);
    expect(first?.attributes.map((attribute) => attribute.name)).toEqual(["access_key", "secret_key"]);
  });

  it("merges a provider in an override file into the one with the same alias", async () => {
    const module = await readModule({
      "infra/main.tf": `${MAIN_TF}\nprovider "aws" {\n  region  = "eu-west-1"\n  profile = "base"\n}\n`,
      "infra/override.tf":
        'provider "aws" {\n  profile = "override"\n  assume_role {\n    role_arn = "arn:o"\n  }\n}\n',
    });
    expect(module.providers).toHaveLength(1);
    expect(
      module.providers[0]?.attributes.map((attribute) => `${attribute.name}@${attribute.at.file}:${attribute.at.line}`),
    ).toEqual(["region@main.tf:10", "profile@override.tf:2"]);
    expect(module.providers[0]?.assumeRole[0]?.at).toMatchObject({ file: "override.tf", line: 3 });
  });
});

describe("readRootModule: the saved backend (.terraform/terraform.tfstate)", () => {
  function savedBackend(config: Record<string, unknown>, type = "s3"): string {
    return `${JSON.stringify({ version: 3, serial: 1, backend: { type, config, hash: 1234567 } }, null, 2)}\n`;
  }
  const saved = {
    access_key: null,
    bucket: "block-bucket",
    key: "block/key.tfstate",
    region: "eu-west-1",
    shared_config_files: null,
    assume_role: null,
  };

  it("reports no drift when the saved configuration matches (null and unset are equal)", async () => {
    const module = await readModule({
      "infra/main.tf": MAIN_TF,
      "infra/.terraform/terraform.tfstate": savedBackend(saved),
    });
    expect(module.cache).toMatchObject({
      type: "s3",
      hash: 1234567,
      drift: [],
      at: { file: ".terraform/terraform.tfstate", line: 4 },
    });
    expect(module.cache?.config.bucket).toBe("block-bucket");
  });

  it("lists every attribute that changed since the last init, hiding secrets", async () => {
    const module = await readModule(
      {
        "infra/main.tf": MAIN_TF,
        "infra/.terraform/terraform.tfstate": savedBackend({
          ...saved,
          bucket: "old-bucket",
          secret_key: "old-secret",
          profile: "old",
          shared_config_files: ["b", "a"],
        }),
      },
      ["secret_key=new-secret", "region=us-east-1", 'shared_config_files=["a","b"]'],
    );
    expect(module.cache?.drift).toEqual([
      { name: "bucket", cached: '"old-bucket"', current: '"block-bucket"' },
      { name: "profile", cached: '"old"', current: null },
      { name: "region", cached: '"eu-west-1"', current: '"us-east-1"' },
      { name: "secret_key", cached: "(set)", current: "(set)" },
    ]);
  });

  it("compares nested objects ignoring null members", async () => {
    const module = await readModule({
      "infra/main.tf": 'terraform {\n  backend "s3" {\n    assume_role = { role_arn = "arn:new" }\n  }\n}\n',
      "infra/.terraform/terraform.tfstate": savedBackend({
        assume_role: { role_arn: "arn:old", duration: null, tags: null },
      }),
    });
    expect(module.cache?.drift).toEqual([
      { name: "assume_role", cached: '{ role_arn = "arn:old" }', current: '{ role_arn = "arn:new" }' },
    ]);
  });

  it("honours TF_DATA_DIR, relative to the module", async () => {
    const module = await readModule(
      { "infra/main.tf": MAIN_TF, "infra/data/terraform.tfstate": savedBackend({ ...saved, key: "other" }) },
      [],
      { TF_DATA_DIR: "data" },
    );
    expect(module.cache?.at.file).toBe("data/terraform.tfstate");
    expect(module.cache?.drift.map((drift) => drift.name)).toEqual(["key"]);
  });

  it("returns null for a data directory without a backend, and throws on a corrupt one", async () => {
    expect(
      (await readModule({ "infra/main.tf": MAIN_TF, "infra/.terraform/terraform.tfstate": '{"version": 3}' })).cache,
    ).toBeNull();
    const error = await rejection(
      readModule({ "infra/main.tf": MAIN_TF, "infra/.terraform/terraform.tfstate": "{not json" }),
    );
    expect(error.message).toMatch(/^.terraform\/terraform.tfstate is not valid JSON/);
  });
});
