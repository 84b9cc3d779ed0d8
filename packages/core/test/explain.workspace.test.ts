import { describe, expect, it } from "vitest";
import { explainCredentials, InvalidInputError } from "../src/index.js";
import { DIR, worldFor } from "./scenario-world.js";

const KEYS = { AWS_ACCESS_KEY_ID: "AKIAENVKEY0000000001", AWS_SECRET_ACCESS_KEY: "env-secret" };

describe("explainCredentials: the selected workspace and its state path", () => {
  it("the default workspace reads `key` and locks it", async () => {
    const world = worldFor({ backend: 'dynamodb_table = "locks"\nuse_lockfile = true', env: KEYS, expect: {} });
    const { workspace } = await explainCredentials({ dir: DIR }, world);
    expect(workspace).toEqual({
      name: "default",
      from: "default",
      statePath: "k",
      lockId: "b/k",
      lockfileKey: "k.tflock",
    });
  });

  it("TF_WORKSPACE=staging reads and locks env:/staging/<key>", async () => {
    const world = worldFor({
      backend: 'dynamodb_table = "locks"\nuse_lockfile = true',
      env: { ...KEYS, TF_WORKSPACE: "staging" },
      files: { ".terraform/environment": "prod" },
      expect: {},
    });
    const { workspace } = await explainCredentials({ dir: DIR }, world);
    expect(workspace).toEqual({
      name: "staging",
      from: "TF_WORKSPACE",
      statePath: "env:/staging/k",
      lockId: "b/env:/staging/k",
      lockfileKey: "env:/staging/k.tflock",
    });
  });

  it("a workspace selected in .terraform/environment, with a custom workspace_key_prefix", async () => {
    const world = worldFor({
      backend: 'workspace_key_prefix = "workspaces"',
      env: KEYS,
      files: { ".terraform/environment": "prod\n" },
      expect: {},
    });
    const { workspace } = await explainCredentials({ dir: DIR }, world);
    expect(workspace).toMatchObject({
      name: "prod",
      from: "environment-file",
      at: { file: ".terraform/environment", line: 1 },
      statePath: "workspaces/prod/k",
      lockId: null,
      lockfileKey: null,
    });
  });

  it("ExplainInput.workspace overrides TF_WORKSPACE and the environment file", async () => {
    const world = worldFor({ env: { ...KEYS, TF_WORKSPACE: "staging" }, expect: {} });
    const { workspace } = await explainCredentials({ dir: DIR, workspace: "qa" }, world);
    expect(workspace).toMatchObject({ name: "qa", from: "option", statePath: "env:/qa/k" });
  });

  it("an invalid TF_WORKSPACE is Terraform's error", async () => {
    const world = worldFor({ env: { ...KEYS, TF_WORKSPACE: "a/b" }, expect: {} });
    await expect(explainCredentials({ dir: DIR }, world)).rejects.toThrow(InvalidInputError);
    await expect(explainCredentials({ dir: DIR }, world)).rejects.toThrow(
      /Invalid workspace name set using TF_WORKSPACE/,
    );
  });
});
