import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

/** Tests import the workspace packages from source, so they never run against a stale build. */
const alias = {
  "@tfwhy/core/testing": fileURLToPath(new URL("./packages/core/src/testing.ts", import.meta.url)),
  "@tfwhy/core/redact": fileURLToPath(new URL("./packages/core/src/redact.ts", import.meta.url)),
  "@tfwhy/core/errors": fileURLToPath(new URL("./packages/core/src/errors.ts", import.meta.url)),
  "@tfwhy/core": fileURLToPath(new URL("./packages/core/src/index.ts", import.meta.url)),
  "@tfwhy/reporter": fileURLToPath(new URL("./packages/reporter/src/index.ts", import.meta.url)),
};

export default defineConfig({
  resolve: { alias },
  test: {
    projects: [
      {
        extends: true,
        test: { name: "core", root: "packages/core", include: ["src/**/*.test.ts", "test/**/*.test.ts"] },
      },
      {
        extends: true,
        test: { name: "reporter", root: "packages/reporter", include: ["src/**/*.test.ts", "test/**/*.test.ts"] },
      },
      {
        extends: true,
        test: { name: "cli", root: "packages/cli", include: ["src/**/*.test.ts", "test/**/*.test.ts"] },
      },
      {
        extends: true,
        test: {
          name: "reliability",
          root: "reliability",
          include: ["**/*.test.ts"],
          testTimeout: 120_000,
          hookTimeout: 60_000,
        },
      },
      {
        extends: true,
        test: {
          name: "conformance",
          root: "conformance",
          include: ["**/*.test.ts"],
          testTimeout: 120_000,
          hookTimeout: 120_000,
        },
      },
    ],
  },
});
