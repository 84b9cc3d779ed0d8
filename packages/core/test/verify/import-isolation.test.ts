/**
 * Explain must never pay for the AWS SDK: importing @tfwhy/core (src/index.ts) and the verify module must not load
 * any @aws-sdk or @smithy module; only a verify call does (sdk-aws-port.ts imports them with `await import()`).
 * Checked in a separate Node process with a module-resolution hook, on the sources transpiled as they are
 * (TypeScript's transpileModule keeps the `.js` specifiers, so the output runs unchanged).
 */
import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import ts from "typescript";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const CORE = join(dirname(fileURLToPath(import.meta.url)), "../..");

describe("importing core does not load the AWS SDK", { timeout: 60_000 }, () => {
  let out = "";
  beforeAll(() => {
    out = mkdtempSync(join(tmpdir(), "tfwhy-import-"));
    const src = join(CORE, "src");
    const walk = (dir: string): string[] =>
      readdirSync(dir, { withFileTypes: true }).flatMap((d) =>
        d.isDirectory()
          ? walk(join(dir, d.name))
          : d.name.endsWith(".ts") && !d.name.endsWith(".test.ts")
            ? [join(dir, d.name)]
            : [],
      );
    for (const file of walk(src)) {
      const js = ts.transpileModule(readFileSync(file, "utf8"), {
        compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022, verbatimModuleSyntax: true },
      }).outputText;
      const target = join(out, "src", relative(src, file)).replace(/\.ts$/, ".js");
      mkdirSync(dirname(target), { recursive: true });
      writeFileSync(target, js);
    }
    writeFileSync(join(out, "package.json"), '{ "type": "module" }');
    symlinkSync(join(CORE, "node_modules"), join(out, "node_modules"));
    // Every bare specifier Node resolves is appended to a file (hooks run off the main thread).
    writeFileSync(
      join(out, "hooks.mjs"),
      `import { appendFileSync } from "node:fs";
export async function resolve(specifier, context, next) {
  if (/^@(aws-sdk|smithy)\\//.test(specifier)) appendFileSync(${JSON.stringify(join(out, "loaded.txt"))}, specifier + "\\n");
  return next(specifier, context);
}`,
    );
    writeFileSync(
      join(out, "register.mjs"),
      `import { register } from "node:module";\nregister("./hooks.mjs", import.meta.url);\n`,
    );
    // transpiles every core source: seconds on a loaded 2-core runner, past the default hook budget
  }, 60_000);
  afterAll(() => {
    if (out) rmSync(out, { recursive: true, force: true });
  });

  function loadedBy(script: string): string[] {
    rmSync(join(out, "loaded.txt"), { force: true });
    const r = spawnSync(process.execPath, ["--import", "./register.mjs", "--input-type=module", "-e", script], {
      cwd: out,
      encoding: "utf8",
      env: { PATH: process.env["PATH"] ?? "" },
    });
    expect(r.stderr.replace(/\(node:\d+\) Warning: NodeVersionSupportWarning[\s\S]*$/, "").trim()).toBe("");
    expect(r.status).toBe(0);
    try {
      return readFileSync(join(out, "loaded.txt"), "utf8").split("\n").filter(Boolean);
    } catch {
      return [];
    }
  }

  it("src/index.ts and src/verify/index.ts load no @aws-sdk / @smithy module", () => {
    expect(
      loadedBy(
        `const core = await import("./src/index.js"); const verify = await import("./src/verify/index.js"); if (typeof verify.verifyBackend !== "function" || typeof core.explainCredentials !== "function") process.exit(3);`,
      ),
    ).toEqual([]);
  });

  it("creating the SDK port loads nothing either; its first call does (so the hook does see SDK imports)", () => {
    const script = `const { createSdkAwsPort } = await import("./src/verify/sdk-aws-port.js");
const port = createSdkAwsPort({ env: {} });
const { readFileSync } = await import("node:fs");
let before = ""; try { before = readFileSync("loaded.txt", "utf8"); } catch {}
if (before !== "") process.exit(4);
await port.getCallerIdentity({ region: "us-east-1", endpoint: "http://127.0.0.1:9", maxAttempts: 1, timeoutMs: 500, credentials: { accessKeyId: "AKIAEXAMPLE", secretAccessKey: "x" } }).catch(() => undefined);`;
    const loaded = loadedBy(script);
    expect(loaded).toContain("@aws-sdk/client-sts");
    expect(loaded).toContain("@smithy/node-http-handler");
  });
});
