#!/usr/bin/env node
// Packaging check: what users get from the npm registry, not what the workspace links.
//
//   node scripts/pack-check.mjs [--no-build] [--keep]
//
// 1. builds the packages (skipped with --no-build: the tests run it that way, after `pnpm build`, so that a rebuild
//    never deletes dist/ under other tests), 2. runs publint on each package, 3. `pnpm pack`s each one (pnpm rewrites
//    `workspace:` dependencies to versions) and checks no `workspace:` is left, 4. `npm install`s the three tarballs into
//    an empty directory (third-party dependencies come from the npm registry), 5. runs the installed `tfwhy`
//    (--version, and explain on examples/seed-incident), 6. runs a plain Node script there that `import`s and
//    `require()`s @tfwhy/core and @tfwhy/reporter. Prints how long each step took; exits 1 on the first failure.
import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const repo = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const PACKAGES = ["core", "reporter", "cli"];
const flags = new Set(process.argv.slice(2));
const timings = [];

/** npm settings worth keeping from the caller's environment; pnpm's own npm_config_* would confuse npm. */
const NPM_SETTINGS = new Set(["registry", "cache", "userconfig", "proxy", "https_proxy", "noproxy", "strict_ssl", "cafile"]);
const npmEnv = Object.fromEntries(
  Object.entries(process.env).filter(([key]) => {
    const match = /^npm_config_(.+)$/i.exec(key);
    return match === null ? !/^(npm_|pnpm_)/i.test(key) : NPM_SETTINGS.has(match[1].toLowerCase());
  }),
);

function fail(message) {
  console.error(`pack-check: FAILED: ${message}`);
  process.exit(1);
}

async function step(name, action) {
  const started = performance.now();
  const result = await action();
  const ms = Math.round(performance.now() - started);
  timings.push([name, ms]);
  console.log(`pack-check: ${name} (${(ms / 1000).toFixed(1)} s)`);
  return result;
}

/** Runs a command; fails the check unless it exits with `expect` (0 by default). */
function run(command, args, { cwd = repo, env = process.env, expect = 0 } = {}) {
  const result = spawnSync(command, args, { cwd, env, encoding: "utf8", maxBuffer: 64 * 1024 * 1024 });
  if (result.error) fail(`${command} ${args.join(" ")}: ${result.error.message}`);
  if (result.status !== expect) {
    fail(`${command} ${args.join(" ")} exited ${result.status} (expected ${expect})\n${result.stdout}\n${result.stderr}`);
  }
  return result;
}

const started = performance.now();
const work = mkdtempSync(join(tmpdir(), "tfwhy-pack-check-"));
const tarballs = join(work, "tarballs");
const consumer = join(work, "consumer");
mkdirSync(tarballs);
mkdirSync(consumer);

try {
  if (!flags.has("--no-build")) {
    await step("build", () => run("pnpm", ["-r", "--filter", "./packages/**", "run", "build"]));
  }

  await step("publint", async () => {
    const { publint } = await import("publint");
    const { formatMessage } = await import("publint/utils");
    const problems = [];
    for (const name of PACKAGES) {
      const pkgDir = join(repo, "packages", name);
      const pkg = JSON.parse(readFileSync(join(pkgDir, "package.json"), "utf8"));
      const { messages } = await publint({ pkgDir, level: "suggestion", strict: true, pack: "pnpm" });
      for (const message of messages) problems.push(`${pkg.name}: ${message.type}: ${formatMessage(message, pkg) ?? message.code}`);
    }
    if (problems.length > 0) fail(`publint:\n${problems.join("\n")}`);
  });

  const files = await step("pnpm pack", () => {
    for (const name of PACKAGES) run("pnpm", ["pack", "--pack-destination", tarballs], { cwd: join(repo, "packages", name) });
    const packed = readdirSync(tarballs).filter((file) => file.endsWith(".tgz"));
    const ordered = PACKAGES.map((name) => packed.find((file) => file.startsWith(`tfwhy-${name}-`)) ?? fail(`no tarball for ${name}`));
    for (const file of ordered) {
      const manifest = run("tar", ["-xOzf", join(tarballs, file), "package/package.json"]).stdout;
      if (manifest.includes("workspace:")) fail(`${file}: package.json still has a workspace: dependency`);
    }
    return ordered;
  });

  await step("npm install (tarballs + registry dependencies)", () => {
    writeFileSync(join(consumer, "package.json"), `${JSON.stringify({ name: "tfwhy-pack-check", private: true }, null, 2)}\n`);
    run("npm", ["install", "--no-audit", "--no-fund", "--loglevel=error", ...files.map((file) => join(tarballs, file))], { cwd: consumer, env: npmEnv });
  });

  await step("installed tfwhy", () => {
    const tfwhy = join(consumer, "node_modules", ".bin", "tfwhy");
    const { version } = JSON.parse(readFileSync(join(repo, "packages", "cli", "package.json"), "utf8"));
    const shown = run(tfwhy, ["--version"], { cwd: consumer }).stdout;
    if (shown !== `tfwhy ${version}\n`) fail(`tfwhy --version printed ${JSON.stringify(shown)}`);
    const seed = join(repo, "examples", "seed-incident");
    const args = ["explain", seed, "-backend-config=env/backend.hcl", "--home", join(seed, "home"), "--no-env"];
    const { stdout } = run(tfwhy, args, { cwd: consumer, env: { PATH: process.env.PATH ?? "" } });
    if (!stdout.includes('profile "default"')) fail(`tfwhy explain seed-incident does not name profile "default":\n${stdout}`);
  });

  await step("import and require() from a plain Node script", () => {
    const seed = join(repo, "examples", "seed-incident");
    writeFileSync(
      join(consumer, "check.mjs"),
      `import { createRequire } from "node:module";
import * as core from "@tfwhy/core";
import * as reporter from "@tfwhy/reporter";
const require = createRequire(import.meta.url);
const required = { core: require("@tfwhy/core"), reporter: require("@tfwhy/reporter") };
for (const [name, fn] of [["explainCredentials", core.explainCredentials], ["createNodeWorld", core.createNodeWorld], ["renderSarif", reporter.renderSarif], ["renderRecursiveJson", reporter.renderRecursiveJson]]) {
  if (typeof fn !== "function") throw new Error("import: " + name + " is not a function");
}
if (required.core.explainCredentials !== core.explainCredentials) throw new Error("require() and import give different @tfwhy/core");
if (typeof required.reporter.renderMarkdown !== "function") throw new Error("require(): renderMarkdown is not a function");
for (const schema of ["@tfwhy/reporter/schema.json", "@tfwhy/reporter/recursive.schema.json", "@tfwhy/reporter/recursive-verify.schema.json"]) require(schema);
const world = core.createNodeWorld({ env: {}, homeDir: ${JSON.stringify(join(seed, "home"))}, cwd: ${JSON.stringify(seed)} });
const explanation = await core.explainCredentials({ dir: ${JSON.stringify(seed)}, backendConfig: [${JSON.stringify(join(seed, "env", "backend.hcl"))}] }, world);
if (explanation.credentials.profile?.name !== "default") throw new Error("library explain: profile " + explanation.credentials.profile?.name);
JSON.parse(reporter.renderSarif(explanation, { baseDir: ${JSON.stringify(repo)} }));
console.log("ok");
`,
    );
    const { stdout, stderr } = run(process.execPath, ["check.mjs"], { cwd: consumer });
    if (stdout !== "ok\n") fail(`check.mjs printed ${JSON.stringify(stdout)} ${stderr}`);
    writeFileSync(join(consumer, "check.cjs"), `const core = require("@tfwhy/core");\nconst reporter = require("@tfwhy/reporter");\nif (typeof core.explainCredentials !== "function" || typeof reporter.renderJson !== "function") throw new Error("require() from CommonJS");\nconsole.log("ok");\n`);
    const cjs = run(process.execPath, ["check.cjs"], { cwd: consumer });
    if (cjs.stdout !== "ok\n") fail(`check.cjs printed ${JSON.stringify(cjs.stdout)} ${cjs.stderr}`);
  });
} finally {
  if (flags.has("--keep")) console.log(`pack-check: kept ${work}`);
  else rmSync(work, { recursive: true, force: true });
}

const total = Math.round(performance.now() - started);
console.log(`pack-check: OK in ${(total / 1000).toFixed(1)} s (${timings.map(([name, ms]) => `${name} ${(ms / 1000).toFixed(1)} s`).join(", ")})`);
