import { describe, expect, it } from "vitest";
import { NotS3BackendError } from "../errors.js";
import { createFakeWorld } from "../testing.js";
import { readRootModule } from "./root-module.js";
import { MAIN_TF, origins, readModule, rejection, values } from "./root-module.test-support.js";

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
    ["an unreadable file", { "infra/main.tf": null }, /cannot read main.tf: permission denied/, 1],
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
