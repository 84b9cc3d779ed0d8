import { describe, expect, it } from "vitest";
import { MAIN_TF, readModule, rejection } from "./root-module.test-support.js";

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
    expect(error.message).toMatch(/^.terraform\/terraform.tfstate:1: .terraform\/terraform.tfstate is not valid JSON/);
    expect(error.at).toMatchObject({ file: ".terraform/terraform.tfstate", line: 1 });
    const unreadable = await rejection(
      readModule({ "infra/main.tf": MAIN_TF, "infra/.terraform/terraform.tfstate": null }),
    );
    expect(unreadable.at).toMatchObject({ file: ".terraform/terraform.tfstate", line: 1 });
  });
});
