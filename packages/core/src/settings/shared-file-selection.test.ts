import { describe, expect, it } from "vitest";
import { BackendView, type MergedAttribute } from "../backend/backend-view.js";
import { selectSharedFiles } from "./shared-file-selection.js";

const HOME = "/home/user";
const MODULE = "/work/project/infra";
const at = (line: number) => ({ file: "main.tf", path: `${MODULE}/main.tf`, line });

function backend(values: Record<string, string | string[]>): BackendView {
  const attributes = new Map<string, MergedAttribute>();
  for (const [index, [name, value]] of Object.entries(values).entries()) {
    attributes.set(name, { value, via: "backend-block", at: at(index + 2) });
  }
  return new BackendView(attributes);
}

const select = (values: Record<string, string | string[]>, env: Record<string, string> = {}) =>
  selectSharedFiles(backend(values), env, HOME, MODULE);
const files = (list: readonly { name: string; path: string; from: string }[]) =>
  list.map(({ name, path, from }) => ({ name, path, from }));

describe("selectSharedFiles: names as Terraform gives them to the SDK, paths for reading", () => {
  it("keeps a relative name as written and resolves it against the root module", () => {
    const selection = select({}, { AWS_SHARED_CREDENTIALS_FILE: "../shared/creds", AWS_CONFIG_FILE: "conf/config" });
    expect(files(selection.credentialsFiles)).toEqual([
      { name: "../shared/creds", path: `${MODULE}/../shared/creds`, from: "AWS_SHARED_CREDENTIALS_FILE" },
    ]);
    expect(files(selection.configFiles)).toEqual([
      { name: "conf/config", path: `${MODULE}/conf/config`, from: "AWS_CONFIG_FILE" },
    ]);
  });

  it("expands the lists Terraform reads itself ($VAR, then ~) but takes AWS_CONFIG_FILE literally", () => {
    const selection = select({ shared_credentials_files: ["$HOME/b", "~/a"] }, { AWS_CONFIG_FILE: "~/config", HOME });
    expect(selection.credentialsFiles.map((f) => f.name)).toEqual([`${HOME}/b`, `${HOME}/a`]);
    expect(files(selection.configFiles)).toEqual([
      { name: "~/config", path: `${MODULE}/~/config`, from: "AWS_CONFIG_FILE" },
    ]);
  });

  it("names the default files by their absolute paths", () => {
    const selection = select({});
    expect(selection.credentialsFiles.map((f) => f.name)).toEqual([`${HOME}/.aws/credentials`]);
    expect(selection.configFiles.map((f) => f.name)).toEqual([`${HOME}/.aws/config`]);
    expect(selection.expansionFailure).toBeNull();
  });

  it("keeps an empty expansion empty (the SDK opens nothing, so the file counts as missing)", () => {
    const selection = select({ shared_credentials_files: ["$UNSET"] });
    expect(files(selection.credentialsFiles)).toEqual([{ name: "", path: "", from: "shared_credentials_files" }]);
  });
});

describe("selectSharedFiles: ~user paths (aws-sdk-go-base Config.ResolveSharedCredentialsFiles)", () => {
  it("fails with go-base's error and keeps where each refused path was written", () => {
    const selection = select({ shared_credentials_files: ["~root/creds", "/ok/creds"] });
    expect(selection.expansionFailure).toEqual({
      message: "expanding shared credentials files: 1 error occurred:\n\t* cannot expand user-specific home dir",
      paths: [{ path: "~root/creds", from: "shared_credentials_files", at: at(2) }],
    });
    expect(selection.credentialsFiles.map((f) => f.name)).toEqual(["/ok/creds"]);
  });

  it("counts every refused path of the list, as go-multierror does", () => {
    const selection = select({ shared_config_files: ["~b/config", "~a/config"] });
    expect(selection.expansionFailure?.message).toBe(
      "expanding shared config files: 2 errors occurred:\n" +
        "\t* cannot expand user-specific home dir\n\t* cannot expand user-specific home dir",
    );
    expect(selection.expansionFailure?.paths.map((p) => p.path)).toEqual(["~a/config", "~b/config"]);
  });

  it("reports the credentials list when both lists fail: it is expanded first", () => {
    const selection = select({ shared_config_files: ["~a/config"] }, { AWS_SHARED_CREDENTIALS_FILE: "~root/creds" });
    expect(selection.expansionFailure?.message).toMatch(/^expanding shared credentials files: 1 error occurred:/);
    expect(selection.expansionFailure?.paths).toEqual([
      { path: "~root/creds", from: "AWS_SHARED_CREDENTIALS_FILE", at: null },
    ]);
  });

  it("fails for Terraform's AWS_SHARED_CONFIG_FILE and the deprecated shared_credentials_file too", () => {
    expect(select({}, { AWS_SHARED_CONFIG_FILE: "~x/config" }).expansionFailure?.message).toMatch(
      /^expanding shared config files:/,
    );
    expect(select({ shared_credentials_file: "~x/creds" }).expansionFailure?.paths[0]?.from).toBe(
      "shared_credentials_file",
    );
  });

  it("never fails for the SDK's own AWS_CONFIG_FILE", () => {
    const selection = select({}, { AWS_CONFIG_FILE: "~root/config" });
    expect(selection.expansionFailure).toBeNull();
    expect(selection.configFiles.map((f) => f.path)).toEqual([`${MODULE}/~root/config`]);
  });
});
