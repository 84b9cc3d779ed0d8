#!/usr/bin/env node
// Packaging check: what users get from the npm registry, not what the workspace links.
//
//   node scripts/pack-check.mjs [--no-build] [--keep]
//
// 1. builds the packages (skipped with --no-build: the tests run it that way, after `pnpm build`, so that a rebuild
//    never deletes dist/ under other tests), 2. runs publint on each package, 3. `pnpm pack`s each one (pnpm rewrites
//    `workspace:` dependencies to versions) and checks no `workspace:` is left, 4. `npm install`s the three tarballs into
//    an empty directory (third-party dependencies come from the npm registry), 5. runs the installed `tfwhy`
//    (--version, and explain on examples/seed-incident) and checks --env-file stays tfwhy's (Node 20 would read it
//    itself without the shebang's `--`), 6. `pnpm add`s the tarballs elsewhere and runs the same checks through
//    pnpm's shell shim, 7. runs a plain Node script there that `import`s and
//    `require()`s @tfwhy/core and @tfwhy/reporter. After packing, each tarball's file list is checked
//    (pack-check/tarball-contents.mjs); after the installs, an `.mts` and a `.cts` consumer are type-checked with the
//    repository's TypeScript and run (pack-check/typed-consumers.mjs), verifyBackend must print no AWS SDK
//    NodeVersionSupportWarning (pack-check/sdk-warning.mjs), and the README's `npm i -g` line is run into a
//    temporary prefix (pack-check/global-install.mjs). Prints how long each step took; exits 1 on the first failure.
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { checkGlobalInstall } from "./pack-check/global-install.mjs";
import { fail, npmEnv, PACKAGES, repo, run, step, timings } from "./pack-check/lib.mjs";
import { checkNoSdkWarning } from "./pack-check/sdk-warning.mjs";
import { checkTarballContents } from "./pack-check/tarball-contents.mjs";
import { checkTypedConsumers } from "./pack-check/typed-consumers.mjs";

const flags = new Set(process.argv.slice(2));

/**
 * Node 20 also reads `--env-file` after the script name unless `--` comes before the script (nodejs/node#54232):
 * runs the installed `tfwhy` (a symlink to dist/bin.js started through its shebang, or pnpm's shell shim) and checks
 * that an env file's NODE_OPTIONS=--require never runs, a missing file is tfwhy's exit 2, and /dev/stdin reaches tfwhy.
 */
function checkEnvFile(tfwhy) {
  const dir = mkdtempSync(join(work, "env-file-"));
  const marker = join(dir, "marker");
  writeFileSync(join(dir, "evil.cjs"), `require("node:fs").writeFileSync(${JSON.stringify(marker)}, "code ran");\n`);
  writeFileSync(join(dir, "evil.env"), `NODE_OPTIONS=--require ${join(dir, "evil.cjs")}\nAWS_PROFILE=terraform\n`);
  const seed = join(repo, "examples", "seed-incident");
  const explain = ["explain", seed, "-backend-config=env/backend.hcl", "--home", join(seed, "home"), "--no-env"];
  const env = { PATH: process.env.PATH ?? "" };
  const profileOf = (stdout) => JSON.parse(stdout).credentials.profile?.name;

  run(tfwhy, ["--version", "--env-file", "evil.env"], { cwd: dir, env });
  const explained = run(tfwhy, [...explain, "--env-file", "evil.env", "--json"], { cwd: dir, env });
  if (existsSync(marker)) fail(`${tfwhy}: NODE_OPTIONS=--require from an --env-file ran`);
  if (profileOf(explained.stdout) !== "terraform")
    fail(`${tfwhy} --env-file evil.env: AWS_PROFILE from the file not seen`);
  const missing = run(tfwhy, [...explain, "--env-file", "missing.env"], { cwd: dir, env, expect: 2 });
  if (missing.stderr.split("\n")[0] !== "tfwhy: --env-file missing.env: no such file")
    fail(`missing --env-file: ${missing.stderr}`);
  const piped = run(tfwhy, [...explain, "--env-file", "/dev/stdin", "--json"], {
    cwd: dir,
    env,
    input: "AWS_PROFILE=terraform\n",
  });
  if (profileOf(piped.stdout) !== "terraform") fail(`${tfwhy} --env-file /dev/stdin: AWS_PROFILE from stdin not seen`);
  envFileRuns += 4;
}
let envFileRuns = 0;

const started = performance.now();
const work = mkdtempSync(join(tmpdir(), "tfwhy-pack-check-"));
const tarballs = join(work, "tarballs");
const consumer = join(work, "consumer");
const pnpmConsumer = join(work, "pnpm-consumer");
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
      for (const message of messages)
        problems.push(`${pkg.name}: ${message.type}: ${formatMessage(message, pkg) ?? message.code}`);
    }
    if (problems.length > 0) fail(`publint:\n${problems.join("\n")}`);
  });

  const files = await step("pnpm pack", () => {
    for (const name of PACKAGES)
      run("pnpm", ["pack", "--pack-destination", tarballs], { cwd: join(repo, "packages", name) });
    const packed = readdirSync(tarballs).filter((file) => file.endsWith(".tgz"));
    const ordered = PACKAGES.map(
      (name) => packed.find((file) => file.startsWith(`tfwhy-${name}-`)) ?? fail(`no tarball for ${name}`),
    );
    for (const file of ordered) {
      const manifest = run("tar", ["-xOzf", join(tarballs, file), "package/package.json"]).stdout;
      if (manifest.includes("workspace:")) fail(`${file}: package.json still has a workspace: dependency`);
    }
    return ordered;
  });

  await step("tarball contents (tar -tzf)", () => {
    for (const line of checkTarballContents(tarballs, files)) console.log(`pack-check:   ${line}`);
  });

  await step("npm install (tarballs + registry dependencies)", () => {
    writeFileSync(
      join(consumer, "package.json"),
      `${JSON.stringify({ name: "tfwhy-pack-check", private: true }, null, 2)}\n`,
    );
    run(
      "npm",
      ["install", "--no-audit", "--no-fund", "--loglevel=error", ...files.map((file) => join(tarballs, file))],
      { cwd: consumer, env: npmEnv },
    );
  });

  await step("installed tfwhy", () => {
    const tfwhy = join(consumer, "node_modules", ".bin", "tfwhy");
    const { version } = JSON.parse(readFileSync(join(repo, "packages", "cli", "package.json"), "utf8"));
    const shown = run(tfwhy, ["--version"], { cwd: consumer }).stdout;
    if (shown !== `tfwhy ${version}\n`) fail(`tfwhy --version printed ${JSON.stringify(shown)}`);
    const seed = join(repo, "examples", "seed-incident");
    const args = ["explain", seed, "-backend-config=env/backend.hcl", "--home", join(seed, "home"), "--no-env"];
    const { stdout } = run(tfwhy, args, { cwd: consumer, env: { PATH: process.env.PATH ?? "" } });
    if (!stdout.includes('profile "default"'))
      fail(`tfwhy explain seed-incident does not name profile "default":\n${stdout}`);
  });

  await step("installed tfwhy: --env-file is tfwhy's, never Node's", () =>
    checkEnvFile(join(consumer, "node_modules", ".bin", "tfwhy")),
  );

  await step("pnpm add (tarballs) and its shell shim: --env-file is tfwhy's", () => {
    // pnpm writes node_modules/.bin/tfwhy as a shell script that runs `node <shebang args> dist/bin.js "$@"` itself.
    mkdirSync(pnpmConsumer);
    // pnpm resolves @tfwhy/reporter's dependency on @tfwhy/core from the registry unless an override points at the tarball.
    const overrides = Object.fromEntries(
      files.slice(0, 2).map((file, i) => [`@tfwhy/${PACKAGES[i]}`, `file:${join(tarballs, file)}`]),
    );
    writeFileSync(
      join(pnpmConsumer, "package.json"),
      `${JSON.stringify({ name: "tfwhy-pack-check-pnpm", private: true, pnpm: { overrides } }, null, 2)}\n`,
    );
    run("pnpm", ["add", "--ignore-workspace", "--reporter=silent", ...files.map((file) => join(tarballs, file))], {
      cwd: pnpmConsumer,
      env: npmEnv,
    });
    const shim = join(pnpmConsumer, "node_modules", ".bin", "tfwhy");
    if (!/ -- "\$basedir\//.test(readFileSync(shim, "utf8")))
      fail(`pnpm's shim does not run node -- dist/bin.js:\n${readFileSync(shim, "utf8")}`);
    checkEnvFile(shim);
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
    writeFileSync(
      join(consumer, "check.cjs"),
      `const core = require("@tfwhy/core");\nconst reporter = require("@tfwhy/reporter");\nif (typeof core.explainCredentials !== "function" || typeof reporter.renderJson !== "function") throw new Error("require() from CommonJS");\nconsole.log("ok");\n`,
    );
    const cjs = run(process.execPath, ["check.cjs"], { cwd: consumer });
    if (cjs.stdout !== "ok\n") fail(`check.cjs printed ${JSON.stringify(cjs.stdout)} ${cjs.stderr}`);
  });

  await step("TypeScript consumers (.mts, .cts with require(esm))", () => {
    console.log(`pack-check:   ${checkTypedConsumers(consumer)}`);
  });

  await step("no AWS SDK warning from verifyBackend", () => {
    console.log(`pack-check:   ${checkNoSdkWarning(consumer, work, "npm", { nest: true })}`);
    console.log(`pack-check:   ${checkNoSdkWarning(pnpmConsumer, work, "pnpm")}`);
  });

  await step("npm i -g (README's global install)", () => {
    console.log(`pack-check:   installed into ${checkGlobalInstall(work, tarballs, files)}`);
  });
} finally {
  if (flags.has("--keep")) console.log(`pack-check: kept ${work}`);
  else rmSync(work, { recursive: true, force: true });
}

// Read by packages/cli/test/pack-check.test.ts for the reliability figures.
console.log(
  `pack-check: env-file: ${envFileRuns} runs of the installed tfwhy (npm symlink and pnpm shim), no NODE_OPTIONS code ran`,
);
const total = Math.round(performance.now() - started);
console.log(
  `pack-check: OK in ${(total / 1000).toFixed(1)} s (${timings.map(([name, ms]) => `${name} ${(ms / 1000).toFixed(1)} s`).join(", ")})`,
);
