// TypeScript consumers of the installed packages: an ES module (`.mts`) and a CommonJS module (`.cts`) that
// require()s the ESM-only packages (Node ≥ 20.19 runs require(esm); TypeScript ≥ 5.8 types it under
// "module": "nodenext"). Both are type-checked and compiled with the repository's own TypeScript (no download),
// against the declarations in the tarballs (skipLibCheck off), then run with Node.
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fail, repo, run } from "./lib.mjs";

/** The setup the READMEs document for CommonJS consumers; also fine for ES modules. */
export const CONSUMER_COMPILER_OPTIONS = {
  module: "nodenext",
  target: "es2022",
  lib: ["es2023"],
  strict: true,
  skipLibCheck: false,
  types: ["node"],
};

function consumerSource(kind) {
  const seed = join(repo, "examples", "seed-incident");
  const imports =
    kind === "cjs"
      ? 'import core = require("@tfwhy/core");\nimport reporter = require("@tfwhy/reporter");\n'
      : 'import * as core from "@tfwhy/core";\nimport * as reporter from "@tfwhy/reporter";\n';
  return `${imports}import type { Diagnostic, Explanation, VerifyReport } from "@tfwhy/core";

const code: Diagnostic["code"] = "provider-credentials-ignored";
// @ts-expect-error a misspelt diagnostic code does not compile
const typo: Diagnostic["code"] = "provider-credential-ignored";
function verdict(report: VerifyReport): string {
  const failed = report.checks.filter((check) => check.status === "fail").map((check) => check.id);
  return report.ok ? "ok" : \`failed: \${failed.join(", ")}\`;
}
async function main(): Promise<void> {
  const seed = ${JSON.stringify(seed)};
  const world = core.createNodeWorld({ env: {}, homeDir: seed + "/home", cwd: seed });
  const explanation: Explanation = await core.explainCredentials({ dir: seed, backendConfig: ["env/backend.hcl"] }, world);
  const codes: Diagnostic["code"][] = explanation.diagnostics.map((diagnostic) => diagnostic.code);
  if (explanation.credentials.profile?.name !== "default") throw new Error("profile " + explanation.credentials.profile?.name);
  if (!reporter.renderText(explanation, { color: false }).includes('profile "default"')) throw new Error("renderText");
  JSON.parse(reporter.renderJson(explanation));
  if (typeof verdict !== "function" || !codes.includes(code) || typeof typo !== "string") throw new Error("codes " + codes.join(","));
  console.log("ok");
}
main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
`;
}

/** Writes, type-checks, compiles and runs both consumers under `consumer` (where the tarballs are installed). */
export function checkTypedConsumers(consumer) {
  const dir = join(consumer, "typed");
  mkdirSync(dir);
  writeFileSync(join(dir, "esm.mts"), consumerSource("esm"));
  writeFileSync(join(dir, "cjs.cts"), consumerSource("cjs"));
  const compilerOptions = {
    ...CONSUMER_COMPILER_OPTIONS,
    // @types/node from the repository, so that nothing is downloaded for the check.
    typeRoots: [join(repo, "node_modules", "@types")],
    rootDir: ".",
    outDir: "out",
  };
  writeFileSync(
    join(dir, "tsconfig.json"),
    `${JSON.stringify({ compilerOptions, files: ["esm.mts", "cjs.cts"] }, null, 2)}\n`,
  );
  const tsc = join(repo, "node_modules", "typescript", "bin", "tsc");
  const { stdout: version } = run(process.execPath, [tsc, "--version"], { cwd: dir });
  // Fails with tsc's diagnostics (TS1479 / TS1471 if require(esm) were not typed).
  run(process.execPath, [tsc, "-p", "tsconfig.json"], { cwd: dir });
  for (const compiled of ["esm.mjs", "cjs.cjs"]) {
    const { stdout, stderr } = run(process.execPath, [join("out", compiled)], { cwd: dir });
    if (stdout !== "ok\n" || stderr !== "") fail(`${compiled} printed ${JSON.stringify(stdout)} ${stderr}`);
  }
  const cjs = run("grep", ["-c", 'require("@tfwhy/core")', join(dir, "out", "cjs.cjs")], { cwd: dir }).stdout.trim();
  if (cjs !== "1") fail("cjs.cts did not compile to a require() of @tfwhy/core");
  return `${version.trim()}, module nodenext: esm.mts and cjs.cts type-check; out/cjs.cjs require()s the ESM packages`;
}
