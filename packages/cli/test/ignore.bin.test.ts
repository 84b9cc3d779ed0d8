/**
 * `--ignore`, `.tfwhy.json` and verify's progress through the built bin, as a pipeline runs it: a child process
 * with pipes (so stderr is not a terminal).
 */
import { spawnSync } from "node:child_process";
import { cpSync, existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const bin = fileURLToPath(new URL("../dist/bin.js", import.meta.url));
const seed = fileURLToPath(new URL("../../../examples/seed-incident", import.meta.url));

describe.skipIf(!existsSync(bin))("the built bin: --ignore, .tfwhy.json, verify progress", () => {
  let repo: string;
  let module: string;
  beforeAll(() => {
    repo = mkdtempSync(join(tmpdir(), "tfwhy-ignore-"));
    mkdirSync(join(repo, ".git"));
    module = join(repo, "infra", "seed");
    cpSync(seed, module, { recursive: true });
  });
  afterAll(() => rmSync(repo, { recursive: true, force: true }));

  const tfwhy = (args: string[]) => {
    const result = spawnSync(
      process.execPath,
      [bin, ...args, "infra/seed", "-backend-config=env/backend.hcl", "--home", "infra/seed/home", "--no-env"],
      { cwd: repo, env: { PATH: process.env.PATH ?? "" }, encoding: "utf8", timeout: 30_000 },
    );
    return { code: result.status, stdout: result.stdout, stderr: result.stderr };
  };
  const config = (text: string) => writeFileSync(join(repo, ".tfwhy.json"), text);
  // The seed's warnings: the provider block's profile, the [default] fallback, and dynamodb_table's deprecation.
  const WARNINGS = ["provider-credentials-ignored", "default-profile-used-while-others-exist", "attribute-deprecated"];

  it("--ignore turns --fail-on warning's exit 1 into 0 when every warning is ignored", () => {
    rmSync(join(repo, ".tfwhy.json"), { force: true });
    expect(tfwhy(["explain", "--fail-on", "warning"]).code).toBe(1);
    expect(tfwhy(["explain", "--fail-on", "warning", "--ignore", WARNINGS[0]!]).code).toBe(1);
    const ignored = tfwhy(["explain", "--fail-on", "warning", ...WARNINGS.flatMap((c) => ["--ignore", c])]);
    expect({ code: ignored.code, stderr: ignored.stderr }).toEqual({ code: 0, stderr: "" });
    expect(ignored.stdout).not.toContain("provider-credentials-ignored");
  });

  it("an unknown --ignore code is exit 2 with one line naming the nearest code", () => {
    const { code, stdout, stderr } = tfwhy(["explain", "--ignore", "attribute-deprecate"]);
    expect({ code, stdout }).toEqual({ code: 2, stdout: "" });
    expect(stderr.split("\n")[0]).toBe(
      "tfwhy: --ignore attribute-deprecate: unknown code (did you mean attribute-deprecated?)",
    );
  });

  it("a .tfwhy.json at the repository root ignores codes globally and per path", () => {
    config(JSON.stringify({ ignore: [WARNINGS[2]], paths: [{ path: "infra/*", ignore: WARNINGS.slice(0, 2) }] }));
    expect(tfwhy(["explain", "--fail-on", "warning"]).code).toBe(0);
    const json = JSON.parse(tfwhy(["explain", "--json"]).stdout) as { diagnostics: { ignored?: true }[] };
    expect(json.diagnostics.every((d) => d.ignored === true)).toBe(true);
    config(JSON.stringify({ ignore: [WARNINGS[2]], paths: [{ path: "other", ignore: WARNINGS.slice(0, 2) }] }));
    expect(tfwhy(["explain", "--fail-on", "warning"]).code).toBe(1);
  });

  it("a malformed .tfwhy.json is exit 2: one line with the file and line, a hint, no stack", () => {
    config('{\n  "ignore": [\n    "attribute-deprecated",\n  ]\n}\n');
    const { code, stdout, stderr } = tfwhy(["explain"]);
    expect({ code, stdout }).toEqual({ code: 2, stdout: "" });
    const lines = stderr.trimEnd().split("\n");
    expect(lines[0]).toBe('tfwhy: .tfwhy.json:4: not valid JSON: unexpected "]"');
    expect(lines).toHaveLength(2);
    expect(stderr).not.toMatch(/\n\s+at /);
  });

  it("--recursive: each module gets the codes its path matches", () => {
    cpSync(seed, join(repo, "infra", "other"), { recursive: true });
    const recursive = (args: string[]) =>
      spawnSync(
        process.execPath,
        [
          bin,
          "explain",
          "--recursive",
          "infra",
          "-backend-config=env/backend.hcl",
          "--home",
          "infra/seed/home",
          ...args,
        ],
        { cwd: repo, env: { PATH: process.env.PATH ?? "" }, encoding: "utf8", timeout: 30_000 },
      ).status;
    config(JSON.stringify({ paths: [{ path: "infra/seed", ignore: WARNINGS }] }));
    expect(recursive(["--fail-on", "warning", "--no-env"])).toBe(1);
    config(
      JSON.stringify({
        paths: [
          { path: "infra/seed", ignore: WARNINGS },
          { path: "infra/o*", ignore: WARNINGS },
        ],
      }),
    );
    expect(recursive(["--fail-on", "warning", "--no-env"])).toBe(0);
    rmSync(join(repo, "infra", "other"), { recursive: true });
  });

  it("verify with stderr on a pipe prints no progress", () => {
    rmSync(join(repo, ".tfwhy.json"), { force: true });
    // region= clears the region: Terraform fails offline, so verify decides without calling AWS.
    const { code, stdout, stderr } = tfwhy(["verify", "-backend-config=region="]);
    expect(code).toBe(1);
    expect(stdout).toContain("region");
    expect(stderr).toBe("");
  });
});
