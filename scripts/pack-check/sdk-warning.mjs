// The AWS SDK prints a "NodeVersionSupportWarning" when its first client is built on Node < 22; @tfwhy/core marks
// it as already emitted (packages/core/src/verify/port/sdk/load.ts) on the copy of @aws-sdk/core each client
// loads. Checked from an install: a plain Node script runs verifyBackend against a dead loopback endpoint (every
// endpoint http://127.0.0.1:9, no instance metadata, static keys from the World's environment) and must print
// nothing on stderr; a control script building an STS client itself shows the warning is real on this Node. In the
// npm install, the check runs again with a second copy of @aws-sdk/core nested under @aws-sdk/client-sts, as npm
// lays it out when the versions differ: the flag must be set on the copy the client loads, not only on core's.
import { cpSync, existsSync, mkdirSync, mkdtempSync, realpathSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fail, run } from "./lib.mjs";

const DEAD = "http://127.0.0.1:9";
const ENDPOINTS = ["s3", "sts", "dynamodb", "iam", "sso"];

/** A root module whose backend sends every call to the dead endpoint. */
function deadModule(work) {
  const dir = mkdtempSync(join(work, "dead-endpoint-"));
  mkdirSync(join(dir, "home"));
  const endpoints = ENDPOINTS.map((name) => `      ${name} = "${DEAD}"`).join("\n");
  writeFileSync(
    join(dir, "main.tf"),
    `terraform {
  backend "s3" {
    bucket         = "tfwhy-pack-check"
    key            = "state.tfstate"
    region         = "us-east-1"
    use_path_style = true
    endpoints = {
${endpoints}
    }
  }
}
`,
  );
  return dir;
}

const VERIFY_SCRIPT = `import { createNodeWorld, verifyBackend } from "@tfwhy/core";
const [dir, dead] = process.argv.slice(2);
const env = {
  // AWS's documented example key pair: never valid anywhere.
  AWS_ACCESS_KEY_ID: "AKIAIOSFODNN7EXAMPLE",
  AWS_SECRET_ACCESS_KEY: "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
  AWS_EC2_METADATA_DISABLED: "true",
  AWS_ENDPOINT_URL: dead,
  PATH: process.env.PATH,
};
const world = createNodeWorld({ env, homeDir: dir + "/home", cwd: dir });
const report = await verifyBackend({ dir, timeoutMs: 300 }, world);
const failed = report.checks.filter((check) => check.status === "fail").map((check) => check.id);
if (report.ok || failed.length === 0) throw new Error("verify against a dead endpoint did not fail");
console.log("failed: " + failed.join(","));
`;

const CONTROL_SCRIPT = `import { createRequire } from "node:module";
const fromCore = createRequire(createRequire(import.meta.url).resolve("@tfwhy/core/package.json"));
const { STSClient } = fromCore("@aws-sdk/client-sts");
new STSClient({ region: "us-east-1" }).destroy();
`;

/** Distinct copies of @aws-sdk/core under `dir` (npm nesting or pnpm's store layout), as `version path` lines. */
function sdkCoreCopies(dir) {
  const found = run("find", [dir, "-path", "*/@aws-sdk/core/package.json", "-not", "-path", "*/typed/*"]).stdout;
  const copies = new Map();
  for (const file of found.split("\n").filter((line) => line !== "")) {
    const real = realpathSync(file);
    const { stdout } = run(process.execPath, ["-p", `require(${JSON.stringify(real)}).version`]);
    copies.set(real, stdout.trim());
  }
  return [...copies.values()].sort();
}

/**
 * Runs the checks in `dir`, where @tfwhy/core resolves (an npm or pnpm install, or a global prefix's lib/).
 * Returns a summary line; fails on any warning on stderr.
 */
export function checkNoSdkWarning(dir, work, label, { nest = false } = {}) {
  writeFileSync(join(dir, "verify-dead-endpoint.mjs"), VERIFY_SCRIPT);
  writeFileSync(join(dir, "control-sts-client.mjs"), CONTROL_SCRIPT);
  const module = deadModule(work);
  const env = { PATH: process.env.PATH ?? "" };
  const verified = run(process.execPath, ["verify-dead-endpoint.mjs", module, DEAD], { cwd: dir, env });
  if (verified.stderr.includes("NodeVersionSupportWarning") || verified.stderr.includes("Warning"))
    fail(`${label}: verifyBackend printed a warning on stderr:\n${verified.stderr}`);
  if (verified.stderr !== "") fail(`${label}: verifyBackend printed on stderr:\n${verified.stderr}`);
  const control = run(process.execPath, ["control-sts-client.mjs"], { cwd: dir, env });
  const major = Number(process.versions.node.split(".")[0]);
  const warns = control.stderr.includes("NodeVersionSupportWarning");
  if (major < 22 && !warns) fail(`${label}: control: an STS client built directly did not warn on Node ${major}`);
  const copies = sdkCoreCopies(dir);
  let nestedNote = "";
  if (nest) {
    const hoisted = join(dir, "node_modules", "@aws-sdk");
    const nested = join(hoisted, "client-sts", "node_modules", "@aws-sdk", "core");
    if (!existsSync(join(hoisted, "client-sts")) || existsSync(nested)) fail(`${label}: unexpected @aws-sdk layout`);
    cpSync(join(hoisted, "core"), nested, { recursive: true });
    try {
      const again = run(process.execPath, ["verify-dead-endpoint.mjs", module, DEAD], { cwd: dir, env });
      if (again.stderr !== "") fail(`${label}: with a nested @aws-sdk/core, verifyBackend printed:\n${again.stderr}`);
    } finally {
      rmSync(nested, { recursive: true, force: true });
    }
    nestedNote = "; silent with a second copy nested under client-sts too";
  }
  return `${label}: ${verified.stdout.trim()}, stderr empty (control client ${warns ? "warned" : "silent"} on Node ${
    process.versions.node
  }); @aws-sdk/core copies: ${copies.length} (${copies.join(", ")})${nestedNote}`;
}
