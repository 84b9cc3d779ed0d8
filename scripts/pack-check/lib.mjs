// Shared by scripts/pack-check.mjs and its steps in this directory.
import { spawnSync } from "node:child_process";
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";

export const repo = resolve(dirname(fileURLToPath(import.meta.url)), "..", "..");
export const PACKAGES = ["core", "reporter", "cli"];
/** [step name, milliseconds], in the order the steps ran. */
export const timings = [];

/** npm settings worth keeping from the caller's environment; pnpm's own npm_config_* would confuse npm. */
const NPM_SETTINGS = new Set([
  "registry",
  "cache",
  "userconfig",
  "proxy",
  "https_proxy",
  "noproxy",
  "strict_ssl",
  "cafile",
]);
export const npmEnv = Object.fromEntries(
  Object.entries(process.env).filter(([key]) => {
    const match = /^npm_config_(.+)$/i.exec(key);
    return match === null ? !/^(npm_|pnpm_)/i.test(key) : NPM_SETTINGS.has(match[1].toLowerCase());
  }),
);

export function fail(message) {
  console.error(`pack-check: FAILED: ${message}`);
  process.exit(1);
}

export async function step(name, action) {
  const started = performance.now();
  const result = await action();
  const ms = Math.round(performance.now() - started);
  timings.push([name, ms]);
  console.log(`pack-check: ${name} (${(ms / 1000).toFixed(1)} s)`);
  return result;
}

/** Runs a command; fails the check unless it exits with `expect` (0 by default). */
export function run(command, args, { cwd = repo, env = process.env, expect = 0, input } = {}) {
  const result = spawnSync(command, args, {
    cwd,
    env,
    encoding: "utf8",
    maxBuffer: 64 * 1024 * 1024,
    ...(input === undefined ? {} : { input }),
  });
  if (result.error) fail(`${command} ${args.join(" ")}: ${result.error.message}`);
  if (result.status !== expect) {
    fail(
      `${command} ${args.join(" ")} exited ${result.status} (expected ${expect})\n${result.stdout}\n${result.stderr}`,
    );
  }
  return result;
}
