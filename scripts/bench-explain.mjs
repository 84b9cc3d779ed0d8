#!/usr/bin/env node
// Measures `tfwhy explain` on the seed example: the built CLI end to end (process start included), and
// explainCredentials() in process, cold (first call: grammar load) and warm. Run after `pnpm build`:
//   node scripts/bench-explain.mjs [runs]
import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL("..", import.meta.url));
const runs = Number(process.argv[2] ?? 10);
const example = `${root}examples/seed-incident`;
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

const cli = [];
for (let i = 0; i < runs; i++) {
  const start = performance.now();
  const r = spawnSync(process.execPath, [
    `${root}packages/cli/dist/bin.js`,
    "explain",
    example,
    "-backend-config=env/backend.hcl",
    "--home",
    `${example}/home`,
    "--no-env",
    "--json",
  ]);
  if (r.status !== 0) throw new Error(`tfwhy exited ${r.status}: ${r.stderr}`);
  cli.push(performance.now() - start);
}

const importStart = performance.now();
const { explainCredentials, createNodeWorld } = await import(`${root}packages/core/dist/index.js`);
const importMs = performance.now() - importStart;
const world = createNodeWorld({ env: {}, homeDir: `${example}/home`, cwd: example });
const call = async () => {
  const start = performance.now();
  await explainCredentials({ dir: example, backendConfig: ["env/backend.hcl"] }, world);
  return performance.now() - start;
};
const cold = await call();
const warm = [];
for (let i = 0; i < runs; i++) warm.push(await call());

console.log(
  `tfwhy explain (CLI, process start included): median ${median(cli).toFixed(0)} ms over ${runs} runs (min ${Math.min(...cli).toFixed(0)}, max ${Math.max(...cli).toFixed(0)})`,
);
console.log(
  `import @tfwhy/core: ${importMs.toFixed(0)} ms; explainCredentials cold ${cold.toFixed(0)} ms, warm median ${median(warm).toFixed(1)} ms`,
);
