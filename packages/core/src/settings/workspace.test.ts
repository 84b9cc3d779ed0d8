import { describe, expect, it } from "vitest";
import { InvalidInputError } from "../errors.js";
import { createFakeWorld } from "../testing.js";
import {
  describeWorkspace,
  goPathClean,
  goPathJoin,
  isValidWorkspaceName,
  lockfileKeyFor,
  lockIdFor,
  selectWorkspace,
  workspaceStatePath,
} from "./workspace.js";

const DIR = "/work/project/infra";

describe("selectWorkspace (meta.go Workspace / WorkspaceOverridden)", () => {
  it("is the default workspace when nothing selects one", async () => {
    expect(await selectWorkspace(createFakeWorld(), DIR)).toEqual({ name: "default", from: "default" });
  });

  it("takes TF_WORKSPACE over the environment file", async () => {
    const world = createFakeWorld({
      env: { TF_WORKSPACE: "staging" },
      files: { "infra/.terraform/environment": "prod" },
    });
    expect(await selectWorkspace(world, DIR)).toEqual({ name: "staging", from: "TF_WORKSPACE" });
  });

  it("treats an empty TF_WORKSPACE as unset", async () => {
    const world = createFakeWorld({ env: { TF_WORKSPACE: "" }, files: { "infra/.terraform/environment": "prod" } });
    expect((await selectWorkspace(world, DIR)).name).toBe("prod");
  });

  it("reads .terraform/environment relative to the module, trimming whitespace (bytes.TrimSpace)", async () => {
    const world = createFakeWorld({ files: { "infra/.terraform/environment": "  staging\n" } });
    expect(await selectWorkspace(world, DIR)).toEqual({
      name: "staging",
      from: "environment-file",
      at: { file: ".terraform/environment", path: `${DIR}/.terraform/environment`, line: 1 },
    });
  });

  it("reads the environment file from TF_DATA_DIR when set (relative to the module dir)", async () => {
    const world = createFakeWorld({
      env: { TF_DATA_DIR: "../data/infra" },
      files: { "infra/.terraform/environment": "ignored", "data/infra/environment": "staging\n" },
    });
    const selected = await selectWorkspace(world, DIR);
    expect(selected).toMatchObject({ name: "staging", from: "environment-file" });
    expect(selected.at?.path).toBe("/work/project/data/infra/environment");
  });

  it("is the default for an empty, blank or unreadable environment file", async () => {
    for (const text of ["", " \n", null]) {
      const world = createFakeWorld({ files: { "infra/.terraform/environment": text } });
      expect(await selectWorkspace(world, DIR)).toEqual({ name: "default", from: "default" });
    }
  });

  it("does not validate the environment file's name (Terraform does not either)", async () => {
    const world = createFakeWorld({ files: { "infra/.terraform/environment": "a b" } });
    expect((await selectWorkspace(world, DIR)).name).toBe("a b");
  });

  it("rejects an invalid TF_WORKSPACE with Terraform's error", async () => {
    for (const name of ["a/b", "a b", "x?", "ünï", "50%", "a;b", "a,b"]) {
      const world = createFakeWorld({ env: { TF_WORKSPACE: name } });
      const error = await selectWorkspace(world, DIR).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(InvalidInputError);
      expect((error as Error).message).toContain("Invalid workspace name set using TF_WORKSPACE");
    }
  });

  it("lets an override win over TF_WORKSPACE and the file, validated the same way", async () => {
    const world = createFakeWorld({
      env: { TF_WORKSPACE: "staging" },
      files: { "infra/.terraform/environment": "prod" },
    });
    expect(await selectWorkspace(world, DIR, "qa")).toEqual({ name: "qa", from: "option" });
    await expect(selectWorkspace(world, DIR, "q/a")).rejects.toThrow(/Invalid workspace name set using --workspace/);
    await expect(selectWorkspace(world, DIR, "")).rejects.toThrow(InvalidInputError);
  });
});

describe("isValidWorkspaceName (url.PathEscape(name) == name)", () => {
  it("allows what Go leaves unescaped in a path segment", () => {
    for (const name of ["staging", "a-b_c.d~e", "$&+:=@", "..", "UPPER9"])
      expect(isValidWorkspaceName(name)).toBe(true);
  });
  it("rejects what Go escapes", () => {
    for (const name of ["a/b", "a;b", "a,b", "a?b", "a b", "a%b", "a#b", "é", "a\nb"]) {
      expect(isValidWorkspaceName(name)).toBe(false);
    }
  });
});

describe("state paths (backend_state.go path, client.go lock paths)", () => {
  it("uses the key as is for the default workspace", () => {
    expect(workspaceStatePath("default", "env:", "./a//terraform.tfstate")).toBe("./a//terraform.tfstate");
  });
  it("joins prefix, workspace and key for a named workspace", () => {
    expect(workspaceStatePath("staging", "env:", "app/terraform.tfstate")).toBe("env:/staging/app/terraform.tfstate");
    expect(workspaceStatePath("staging", "workspaces", "t.tfstate")).toBe("workspaces/staging/t.tfstate");
    expect(workspaceStatePath("staging", "a/b", "t.tfstate")).toBe("a/b/staging/t.tfstate");
  });
  it("gives `W/<key>` with an empty prefix", () => {
    expect(workspaceStatePath("staging", "", "t.tfstate")).toBe("staging/t.tfstate");
  });
  it("cleans like path.Join: `.`, `..`, repeated slashes", () => {
    expect(workspaceStatePath("staging", "env:", "./a//b/../t.tfstate")).toBe("env:/staging/a/t.tfstate");
    expect(workspaceStatePath("..", "env:", "t.tfstate")).toBe("t.tfstate");
    expect(workspaceStatePath(".", "", "t.tfstate")).toBe("t.tfstate");
    expect(workspaceStatePath("w", "p", "../../../t")).toBe("../t");
  });
  it("Go's path.Clean and path.Join edge cases", () => {
    expect(goPathClean("")).toBe(".");
    expect(goPathClean("/../a/")).toBe("/a");
    expect(goPathClean("a/..")).toBe(".");
    expect(goPathJoin("", "")).toBe("");
    expect(goPathJoin("a", "", "b/")).toBe("a/b");
  });
  it("names the lock item, its digest and the lockfile after the state path", () => {
    expect(lockIdFor("b", "env:/staging/k")).toBe("b/env:/staging/k");
    expect(`${lockIdFor("b", "env:/staging/k")}-md5`).toBe("b/env:/staging/k-md5");
    expect(lockfileKeyFor("env:/staging/k")).toBe("env:/staging/k.tflock");
  });
  it("describes the workspace with only the locks that are configured", () => {
    const backend = { bucket: "b", key: "k", workspaceKeyPrefix: "env:", dynamodbTable: "t", useLockfile: false };
    expect(describeWorkspace({ name: "staging", from: "TF_WORKSPACE" }, backend)).toEqual({
      name: "staging",
      from: "TF_WORKSPACE",
      statePath: "env:/staging/k",
      lockId: "b/env:/staging/k",
      lockfileKey: null,
    });
    const noKey = { ...backend, key: null, dynamodbTable: null, useLockfile: true };
    expect(describeWorkspace({ name: "default", from: "default" }, noKey)).toMatchObject({
      statePath: null,
      lockId: null,
      lockfileKey: null,
    });
  });
});
