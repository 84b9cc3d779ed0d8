// The README's global install: `npm i -g ./tfwhy-core-….tgz ./tfwhy-reporter-….tgz ./tfwhy-cli-….tgz`, here into a
// temporary prefix (`--prefix`) so that the real global directory is never touched; then `<prefix>/bin/tfwhy`.
import { mkdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { fail, npmEnv, repo, run } from "./lib.mjs";

/** Installs the tarballs globally into `<work>/global`, runs the bin; returns the prefix. */
export function checkGlobalInstall(work, tarballs, files) {
  const prefix = join(work, "global");
  mkdirSync(prefix);
  // Run where the tarballs are, with ./ as the README says: npm reads `dir/file.tgz` as a GitHub repository.
  run(
    "npm",
    ["i", "-g", "--prefix", prefix, "--no-audit", "--no-fund", "--loglevel=error", ...files.map((f) => `./${f}`)],
    {
      cwd: tarballs,
      env: npmEnv,
    },
  );
  const tfwhy = join(prefix, "bin", "tfwhy");
  const { version } = JSON.parse(readFileSync(join(repo, "packages", "cli", "package.json"), "utf8"));
  const env = { PATH: `${join(prefix, "bin")}:${process.env.PATH ?? ""}` };
  const shown = run(tfwhy, ["--version"], { cwd: work, env }).stdout;
  if (shown !== `tfwhy ${version}\n`) fail(`${tfwhy} --version printed ${JSON.stringify(shown)}`);
  const onPath = run("tfwhy", ["--version"], { cwd: work, env }).stdout;
  if (onPath !== shown) fail(`tfwhy on PATH printed ${JSON.stringify(onPath)}`);
  const seed = join(repo, "examples", "seed-incident");
  const args = ["explain", seed, "-backend-config=env/backend.hcl", "--home", join(seed, "home"), "--no-env"];
  const { stdout } = run("tfwhy", args, { cwd: work, env });
  if (!stdout.includes('profile "default"')) fail(`global tfwhy explain does not name profile "default":\n${stdout}`);
  return prefix;
}
