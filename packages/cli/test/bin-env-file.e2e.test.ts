import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { delimiter, dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import packageJson from "../package.json" with { type: "json" };
import { mergeFigures } from "./merge-figures.js";

/**
 * `--env-file` is tfwhy's flag, but Node 20 also takes `--env-file` from the arguments after the script name
 * (nodejs/node#54232) unless a `--` comes before the script. These tests start the built bin the way npm's
 * `node_modules/.bin` symlink does, through its shebang (never `node bin.js`, which is exactly the unsafe call), so a
 * shebang without `--` fails them. scripts/pack-check.mjs runs the same checks against the npm-installed bin.
 */
const bin = fileURLToPath(new URL("../dist/bin.js", import.meta.url));
const coreDist = fileURLToPath(new URL("../../core/dist/index.js", import.meta.url));
const built = existsSync(bin) && existsSync(coreDist);

/** `node` on PATH is the node running the tests, as it would be for a user. */
const PATH = [dirname(process.execPath), process.env.PATH ?? ""].join(delimiter);

function runBin(args: readonly string[], options: { cwd: string; input?: string }) {
  const result = spawnSync(bin, args, {
    cwd: options.cwd,
    env: { PATH },
    encoding: "utf8",
    timeout: 30_000,
    ...(options.input === undefined ? {} : { input: options.input }),
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr, error: result.error };
}

describe.skipIf(!built)("the built bin started through its shebang: --env-file is tfwhy's, never Node's", () => {
  let root: string;
  let marker: string;
  const seed = fileURLToPath(new URL("../../../examples/seed-incident", import.meta.url));
  const explainSeed = ["explain", seed, "-backend-config=env/backend.hcl", "--home", join(seed, "home"), "--no-env"];
  let runs = 0;
  let markersWritten = 0;
  const started = performance.now();

  const run = (args: readonly string[], input?: string) => {
    runs++;
    const result = runBin(args, input === undefined ? { cwd: root } : { cwd: root, input });
    if (existsSync(marker)) {
      markersWritten++;
      rmSync(marker);
    }
    return result;
  };

  beforeAll(() => {
    root = mkdtempSync(join(tmpdir(), "tfwhy-bin-env-file-"));
    marker = join(root, "marker");
    // A module that leaves a marker file when Node loads it: what NODE_OPTIONS=--require in an env file would run.
    writeFileSync(join(root, "evil.cjs"), `require("node:fs").writeFileSync(${JSON.stringify(marker)}, "code ran");\n`);
    writeFileSync(join(root, "evil.env"), `NODE_OPTIONS=--require ${join(root, "evil.cjs")}\nAWS_PROFILE=terraform\n`);
    mkdirSync(join(root, "sub"));
  });
  afterAll(() => {
    rmSync(root, { recursive: true, force: true });
    mergeFigures("env-file-node", {
      "built bin runs (through the shebang)": runs,
      "marker files written by NODE_OPTIONS=--require in an env file": markersWritten,
      shebang: readFileSync(bin, "utf8").split("\n", 1)[0]!,
      "wall time ms": Math.round(performance.now() - started),
    });
  });

  it("has a shebang that puts -- before the script, and is executable", () => {
    expect(readFileSync(bin, "utf8").split("\n", 1)[0]).toBe("#!/usr/bin/env -S node --");
    expect(statSync(bin).mode & 0o111).toBe(0o111);
  });

  it("never runs NODE_OPTIONS=--require from an env file: --version", () => {
    for (const args of [
      ["--version", "--env-file", "evil.env"],
      ["--env-file=evil.env", "--version"],
    ]) {
      const { code, stdout } = run(args);
      expect(existsSync(marker), args.join(" ")).toBe(false);
      expect({ code, stdout }, args.join(" ")).toEqual({ code: 0, stdout: `tfwhy ${packageJson.version}\n` });
    }
    // Node 20.20 also knows --env-file-if-exists; for tfwhy it is an unknown flag (exit 2), and nothing runs.
    const other = run(["--version", "--env-file-if-exists=evil.env"]);
    expect(other.code).toBe(2);
    expect(other.stderr.split("\n")[0]).toBe("tfwhy: unknown flag --env-file-if-exists");
    expect(markersWritten).toBe(0);
  });

  it("never runs NODE_OPTIONS=--require from an env file: explain, and reads the file itself", () => {
    const { code, stdout, stderr } = run([...explainSeed, "--env-file", "evil.env", "--json"]);
    expect(markersWritten).toBe(0);
    expect(stderr).toBe("");
    expect(code).toBe(0);
    // tfwhy read the file: AWS_PROFILE=terraform from it picks profile terraform (and NODE_OPTIONS is just a variable).
    const explanation = JSON.parse(stdout) as { credentials: { profile: { name: string; from: string } } };
    expect(explanation.credentials.profile).toEqual({ name: "terraform", from: "AWS_PROFILE" });
  });

  it("a missing --env-file is tfwhy's usage error (exit 2, one line and a hint), not Node's exit 9", () => {
    for (const args of [
      [...explainSeed, "--env-file", "missing.env"],
      [...explainSeed, "--env-file=missing.env"],
    ]) {
      const { code, stdout, stderr } = run(args);
      expect(code, args.join(" ")).toBe(2);
      expect(stdout).toBe("");
      expect(stderr).toBe('tfwhy: --env-file missing.env: no such file\nRun "tfwhy explain --help" for usage.\n');
    }
  });

  it("--env-file /dev/stdin reads the piped file: the explained environment has its AWS_PROFILE", () => {
    const { code, stdout, stderr } = run(
      [...explainSeed, "--env-file", "/dev/stdin", "--json"],
      "AWS_PROFILE=terraform\n",
    );
    expect(stderr).toBe("");
    expect(code).toBe(0);
    const explanation = JSON.parse(stdout) as { credentials: { profile: { name: string; from: string } } };
    expect(explanation.credentials.profile).toEqual({ name: "terraform", from: "AWS_PROFILE" });
  });

  it("--env-file /dev/stdin and <(…) from a shell: a real pipe, and bash's process substitution", () => {
    const args = explainSeed.map((a) => `'${a}'`).join(" ");
    const piped = spawnSync(
      "sh",
      ["-c", `printf 'AWS_PROFILE=terraform\\n' | '${bin}' ${args} --env-file /dev/stdin --json`],
      { cwd: root, env: { PATH }, encoding: "utf8" },
    );
    runs++;
    expect(piped.stderr).toBe("");
    expect((JSON.parse(piped.stdout) as { credentials: { profile: unknown } }).credentials.profile).toEqual({
      name: "terraform",
      from: "AWS_PROFILE",
    });
    const substituted = spawnSync(
      "bash",
      ["--norc", "--noprofile", "-c", `'${bin}' ${args} --env-file <(printf 'AWS_PROFILE=terraform\\n') --json`],
      { cwd: root, env: { PATH }, encoding: "utf8" },
    );
    runs++;
    expect(substituted.stderr).toBe("");
    expect((JSON.parse(substituted.stdout) as { credentials: { profile: unknown } }).credentials.profile).toEqual({
      name: "terraform",
      from: "AWS_PROFILE",
    });
  });

  it("--env-from is safe however tfwhy is started: node bin.js --env-from runs nothing, and tfwhy reads the file", () => {
    const env = join(root, "evil.env");
    const version = spawnSync(process.execPath, [bin, "--version", "--env-from", env], {
      env: { PATH },
      encoding: "utf8",
    });
    expect(version.stdout).toBe(`tfwhy ${packageJson.version}\n`);
    expect(existsSync(marker)).toBe(false);
    const explained = spawnSync(
      process.execPath,
      [bin, "explain", seed, "--home", join(seed, "home"), "--no-env", "--env-from", env, "--format", "json"],
      { env: { PATH }, encoding: "utf8" },
    );
    expect(existsSync(marker)).toBe(false);
    // AWS_PROFILE=terraform came from the file, read by tfwhy
    expect(
      (JSON.parse(explained.stdout) as { credentials: { profile: { name: string } } }).credentials.profile.name,
    ).toBe("terraform");
  });

  it("still runs as node packages/cli/dist/bin.js (the README's form), and as node -- bin.js with --env-file", () => {
    const direct = spawnSync(process.execPath, [bin, "--version"], { env: { PATH }, encoding: "utf8" });
    expect(direct.stdout).toBe(`tfwhy ${packageJson.version}\n`);
    const guarded = spawnSync(process.execPath, ["--", bin, "--version", "--env-file", join(root, "evil.env")], {
      env: { PATH },
      encoding: "utf8",
    });
    expect(guarded.stdout).toBe(`tfwhy ${packageJson.version}\n`);
    expect(existsSync(marker)).toBe(false);
  });
});

/** npm's own cmd-shim (bundled with npm), which writes the Windows shims (.cmd, .ps1, and sh for Git Bash) from the shebang. */
function findNpmCmdShim(): string | null {
  const root = spawnSync("npm", ["root", "-g"], { encoding: "utf8", env: { PATH } }).stdout?.trim();
  const candidate = root ? join(root, "npm", "node_modules", "cmd-shim", "lib", "index.js") : "";
  return candidate !== "" && existsSync(candidate) ? candidate : null;
}
const npmCmdShim = built ? findNpmCmdShim() : null;

describe.skipIf(npmCmdShim === null)("npm's Windows shims of the built bin (cmd-shim)", () => {
  it("run node -- dist/bin.js from .cmd, .ps1 and the Git Bash sh shim; the sh shim keeps --env-file tfwhy's", async () => {
    const { createRequire } = await import("node:module");
    const cmdShim = createRequire(import.meta.url)(npmCmdShim!) as (from: string, to: string) => Promise<void>;
    const dir = mkdtempSync(join(tmpdir(), "tfwhy-cmd-shim-"));
    try {
      const to = join(dir, "bin", "tfwhy");
      await cmdShim(bin, to);
      expect(readFileSync(`${to}.cmd`, "utf8")).toMatch(/"%_prog%" -- "%dp0%\\[^"]*dist\\bin\.js" %\*/);
      expect(readFileSync(`${to}.ps1`, "utf8")).toMatch(/& "node\$exe" -- "\$basedir\/[^"]*dist\/bin\.js" \$args/);
      const marker = join(dir, "marker");
      writeFileSync(
        join(dir, "evil.cjs"),
        `require("node:fs").writeFileSync(${JSON.stringify(marker)}, "code ran");\n`,
      );
      writeFileSync(join(dir, "evil.env"), `NODE_OPTIONS=--require ${join(dir, "evil.cjs")}\n`);
      const result = spawnSync("sh", [to, "--version", "--env-file", "evil.env"], {
        cwd: dir,
        env: { PATH },
        encoding: "utf8",
      });
      expect(result.stdout).toBe(`tfwhy ${packageJson.version}\n`);
      expect(existsSync(marker)).toBe(false);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe.runIf(!built)("the built bin started through its shebang", () => {
  it.skip("skipped: packages/cli/dist/bin.js or packages/core/dist is missing; run pnpm build", () => {});
});
