import { describe, expect, it } from "vitest";
import { readModule, values } from "./root-module.test-support.js";

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
    // Terraform's order: the -backend-config values' problems (init stops there), then the block's.
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
    ]);
    expect(module.backend.schemaProblems.find((p) => p.attribute === "role_arn")!.hint).toBe(
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

  it("lists deprecated attributes that are set, with the warning PrepareConfig builds for each", async () => {
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
      // backend.go PrepareConfig deprecatedAttrDiag (printed only when init fails: FINDINGS.md §15). endpoints.dynamodb
      // is not listed: Terraform builds no diagnostic for it and it only sets the DynamoDB endpoint (FINDINGS.md §12).
      [
        "dynamodb_table",
        "use_lockfile",
        'The parameter "dynamodb_table" is deprecated. Use parameter "use_lockfile" instead.',
        3,
      ],
      [
        "force_path_style",
        "use_path_style",
        'The parameter "force_path_style" is deprecated. Use parameter "use_path_style" instead.',
        4,
      ],
    ]);
  });
});
