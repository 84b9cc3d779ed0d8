import { defineConfig } from "tsup";
import { base } from "../../tsup.base.js";

export default defineConfig({
  ...base,
  entry: { index: "src/index.ts", testing: "src/testing.ts", redact: "src/redact.ts", errors: "src/errors.ts" },
});
