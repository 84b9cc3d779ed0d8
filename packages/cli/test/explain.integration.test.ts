import * as core from "@tfwhy/core";
import { Ajv2020 } from "ajv/dist/2020.js";
import { describe, expect, it } from "vitest";
// Relative, not "@tfwhy/reporter/schema.json": the test alias maps "@tfwhy/reporter" to its source entry.
import schema from "../../reporter/schema/explain.schema.json" with { type: "json" };
import { ExitCode } from "../src/exit-codes.js";
import { main } from "../src/main.js";
import { createFakeIo } from "./fake-io.js";

/** The seed incident as files: the provider names profile "terraform", the backend names none. */
const seedIncident = {
  "/work/project/main.tf": `terraform {
  backend "s3" {
    use_lockfile = true
  }
}

provider "aws" {
  region  = "eu-west-1"
  profile = "terraform"
}
`,
  "/work/project/env/backend.hcl": `bucket = "acme-tfstate"
key    = "network/terraform.tfstate"
region = "eu-west-1"
`,
  "/home/user/.aws/credentials": `[default]
aws_access_key_id = AKIAIOSFODNN70000001
aws_secret_access_key = wJalrXUtnFEMIK7MDENGbPxRfiCYEXAMPLEKEY1

[terraform]
aws_access_key_id = AKIAIOSFODNN70000002
aws_secret_access_key = wJalrXUtnFEMIK7MDENGbPxRfiCYEXAMPLEKEY2
`,
};

const hasExplain = typeof (core as Record<string, unknown>)["explainCredentials"] === "function";

// Runs main() against core's real explainCredentials and a fake world: the CLI, core and the schema agree.
describe.skipIf(!hasExplain)("tfwhy explain with core's explainCredentials", () => {
  async function explain(argv: string[]) {
    const fake = createFakeIo({ argv, files: seedIncident, env: {} });
    const code = await main(fake.io);
    return { code, out: fake.stdout(), err: fake.stderr() };
  }

  it("names the default profile, masks the key and never prints a secret", async () => {
    const { code, out, err } = await explain(["explain", "-backend-config=env/backend.hcl"]);
    expect(err).toBe("");
    expect(code).toBe(ExitCode.Ok);
    expect(out.split("\n")[0]).toMatch(/^Terraform's S3 backend will use: profile "default" .*AKIA\*{12}0001$/);
    expect(out).not.toContain("AKIAIOSFODNN70000001");
    expect(out).not.toContain("wJalrXUtnFEMI");
  });

  it("prints JSON that validates against @tfwhy/reporter/schema.json", async () => {
    const { code, out } = await explain(["explain", "-backend-config=env/backend.hcl", "--json"]);
    expect(code).toBe(ExitCode.Ok);
    const validate = new Ajv2020({ strict: true, allowUnionTypes: true }).compile(schema);
    const document: unknown = JSON.parse(out);
    expect(validate(document), JSON.stringify(validate.errors)).toBe(true);
    expect(document).toMatchObject({ credentials: { profile: { name: "default", from: "default" } } });
  });

  it("a missing -backend-config file is Terraform's own error (Failed to read file): exit 1, not a usage error", async () => {
    const { code, out, err } = await explain(["explain", "-backend-config=env/missing.hcl"]);
    expect(code).toBe(ExitCode.TerraformFails);
    expect(err).toBe("");
    expect(out.split("\n")[0]).toBe("Terraform will fail: Failed to read file");
    expect(out).toContain('The file "env/missing.hcl" could not be read.');
  });
});

describe.runIf(!hasExplain)("tfwhy explain with core's explainCredentials", () => {
  it.skip("skipped: @tfwhy/core does not export explainCredentials yet", () => {});
});
