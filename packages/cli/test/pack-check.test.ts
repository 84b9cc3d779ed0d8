import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { mergeFigures } from "./merge-figures.js";

const repo = fileURLToPath(new URL("../../../", import.meta.url));
const script = fileURLToPath(new URL("../../../scripts/pack-check.mjs", import.meta.url));
// Slow (about 30 s after a build) and needs the npm registry for third-party dependencies: on in CI, or on request.
const enabled = process.env.TFWHY_PACK_CHECK === "1" || process.env.CI === "true";
const reason =
  "set TFWHY_PACK_CHECK=1 (or CI=true) to pack, npm-install and run the three packages (needs the npm registry)";

if (!enabled) console.info(`pack-check skipped: ${reason}`);

describe.runIf(enabled)("the packed packages (scripts/pack-check.mjs)", () => {
  it("install from their tarballs with npm, pnpm and npm i -g, run as tfwhy, load with import and require(), type-check", () => {
    for (const name of ["core", "reporter", "cli"]) {
      expect(
        existsSync(fileURLToPath(new URL(`../../${name}/dist/index.js`, import.meta.url))),
        `packages/${name}/dist: run pnpm build first`,
      ).toBe(true);
    }
    // --no-build: rebuilding here would delete dist/ under the e2e tests running alongside.
    const result = spawnSync(process.execPath, [script, "--no-build"], {
      cwd: repo,
      encoding: "utf8",
      timeout: 540_000,
    });
    console.info(result.stdout.trim().split("\n").at(-1));
    expect(result.status, `${result.stdout}\n${result.stderr}`).toBe(0);
    const runs = /pack-check: env-file: (\d+) runs of the installed tfwhy/.exec(result.stdout)?.[1];
    expect(runs, "pack-check ran the --env-file checks").toBeDefined();
    mergeFigures("env-file-node", {
      "installed bin runs (npm symlink and pnpm shim; NODE_OPTIONS never ran)": Number(runs),
    });
  }, 600_000);
});

describe.runIf(!enabled)("the packed packages (scripts/pack-check.mjs)", () => {
  it.skip(`skipped: ${reason}`, () => {});
});
