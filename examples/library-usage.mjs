// Using @tfwhy/core from a script: explain the seed incident and fail when Terraform would fall back to
// the [default] profile. Run after `pnpm build`: node examples/library-usage.mjs
import { fileURLToPath } from "node:url";
import { createNodeWorld, explainCredentials } from "@tfwhy/core";

const example = fileURLToPath(new URL("./seed-incident", import.meta.url));
// Explain with the example's fake home and an empty environment, so the answer does not depend on your shell.
const world = createNodeWorld({ env: {}, homeDir: `${example}/home`, cwd: example });

const explanation = await explainCredentials({ dir: example, backendConfig: ["env/backend.hcl"] }, world);
const { credentials } = explanation;

console.log(`source:  ${credentials.source}`);
console.log(`profile: ${credentials.profile?.name} (from ${credentials.profile?.from})`);
console.log(`key:     ${credentials.accessKeyId}`);
for (const diagnostic of explanation.diagnostics) {
  console.log(`${diagnostic.severity}: [${diagnostic.code}] ${diagnostic.message}`);
  if (diagnostic.fix) console.log(`  fix: ${diagnostic.fix}`);
}

// A script can gate on the answer: exit 1 if the backend would use the [default] profile.
process.exitCode = credentials.profile?.from === "default" ? 1 : 0;
