import { posix } from "node:path";
import { describe, expect, it } from "vitest";
import type { DirEntry, WorldFs } from "../world/world.js";
import { findRootModules } from "./discover.js";

const S3 = 'terraform {\n  backend "s3" {}\n}\n';

/**
 * A tiny file system with symlinks: `files` by path, `links` from a path to its (absolute) target. Only what
 * findRootModules asks for.
 */
function fakeFs(files: Record<string, string | null>, links: Record<string, string> = {}): Required<WorldFs> {
  const resolveLinks = (path: string): string => {
    for (let i = 0; i < 40; i++) {
      const link = Object.keys(links).find((l) => path === l || path.startsWith(`${l}/`));
      if (link === undefined) return path;
      path = links[link]! + path.slice(link.length);
    }
    throw new Error("ELOOP");
  };
  const isDir = (path: string) => Object.keys(files).some((f) => f.startsWith(`${path}/`));
  return {
    async realpath(path) {
      const real = resolveLinks(path);
      return isDir(real) || real in files ? real : null;
    },
    async listDir(path) {
      const real = resolveLinks(path);
      if (real in files) return { state: "unreadable", message: "not a directory", notADirectory: true };
      if (!isDir(real)) return { state: "missing" };
      const names = new Map<string, DirEntry["kind"]>();
      for (const f of Object.keys(files)) {
        if (!f.startsWith(`${real}/`)) continue;
        const rest = f.slice(real.length + 1);
        names.set(rest.split("/")[0]!, rest.includes("/") ? "directory" : "file");
      }
      for (const l of Object.keys(links)) if (posix.dirname(l) === real) names.set(posix.basename(l), "symlink");
      return { state: "found", entries: [...names].sort().map(([name, kind]) => ({ name, kind })) };
    },
    async readText(path) {
      const text = files[resolveLinks(path)];
      if (text === undefined) return { state: "missing" };
      return text === null ? { state: "unreadable", message: "permission denied" } : { state: "found", text };
    },
  };
}

describe("findRootModules", () => {
  it('finds `backend "s3"` and `backend s3` in .tf, and the s3 backend in .tf.json, sorted', async () => {
    const fs = fakeFs({
      "/r/b/main.tf": S3,
      "/r/a/backend.tf": "terraform {\n  backend s3 {\n  }\n}\n",
      "/r/c/main.tf.json": '{"terraform":[{"backend":[{"s3":{}}]}]}',
      "/r/d/main.tf": 'terraform {\n  backend "gcs" {}\n}\n',
      "/r/e/main.tf": 'resource "aws_s3_bucket" "s3" {}\n',
      "/r/f/main.tf.json": '{"resource":{"aws_s3_bucket":{"s3":{}}}}',
    });
    expect(await findRootModules("/r", fs)).toEqual({ modules: ["/r/a", "/r/b", "/r/c"], unreadable: [] });
  });

  it("skips node_modules, hidden directories, hidden and backup files", async () => {
    const fs = fakeFs({
      "/r/node_modules/x/main.tf": S3,
      "/r/.terraform/modules/x/main.tf": S3,
      "/r/.git/x/main.tf": S3,
      "/r/.terragrunt-cache/x/main.tf": S3,
      "/r/m/.main.tf": S3,
      "/r/m/main.tf~": S3,
      "/r/m/#main.tf#": S3,
      "/r/m/main.tf.bak": S3,
    });
    expect((await findRootModules("/r", fs)).modules).toEqual([]);
  });

  it("includes the root itself and nested root modules", async () => {
    const fs = fakeFs({ "/r/main.tf": S3, "/r/envs/prod/main.tf": S3 });
    expect((await findRootModules("/r", fs)).modules).toEqual(["/r", "/r/envs/prod"]);
  });

  it("ends a symlink loop at once and lists a symlinked module under its real path only", async () => {
    const fs = fakeFs(
      { "/r/mods/a/main.tf": S3, "/r/mods/b/main.tf": S3 },
      { "/r/mods/a/loop": "/r/mods", "/r/alias": "/r/mods/b", "/r/self": "/r", "/r/broken": "/nowhere" },
    );
    expect(await findRootModules("/r", fs)).toEqual({ modules: ["/r/mods/a", "/r/mods/b"], unreadable: [] });
  });

  it("follows a symlink to a directory outside the tree", async () => {
    const fs = fakeFs({ "/r/README.md": "", "/shared/live/main.tf": S3 }, { "/r/live": "/shared/live" });
    expect((await findRootModules("/r", fs)).modules).toEqual(["/r/live"]);
  });

  it("does not report a symlink to a file as a directory it cannot list", async () => {
    const fs = fakeFs({ "/r/main.tf": S3, "/r/notes.txt": "" }, { "/r/notes": "/r/notes.txt" });
    expect(await findRootModules("/r", fs)).toEqual({ modules: ["/r"], unreadable: [] });
  });

  it("leaves symlinked directories alone in a world without realpath (nothing else could end a loop)", async () => {
    const { realpath: _, ...fs } = fakeFs(
      { "/r/a/main.tf": S3, "/shared/live/main.tf": S3 },
      { "/r/live": "/shared/live" },
    );
    expect((await findRootModules("/r", fs)).modules).toEqual(["/r/a"]);
  });

  it("reads a symlinked .tf file, and counts an unreadable one as a candidate for core to report", async () => {
    const fs = fakeFs(
      { "/shared/backend.tf": S3, "/r/a/x.tf": null, "/r/b/main.tf": "" },
      { "/r/b/backend.tf": "/shared/backend.tf" },
    );
    expect((await findRootModules("/r", fs)).modules).toEqual(["/r/a", "/r/b"]);
  });

  it("reports directories it cannot list", async () => {
    const fs = fakeFs({ "/r/a/main.tf": S3 });
    const listDir = fs.listDir;
    fs.listDir = async (path) =>
      path === "/r/a" ? { state: "unreadable", message: "permission denied" } : listDir(path);
    expect(await findRootModules("/r", fs)).toEqual({
      modules: [],
      unreadable: [{ path: "/r/a", message: "permission denied" }],
    });
  });
});
