import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    projects: [
      { test: { name: "core", root: "packages/core", include: ["src/**/*.test.ts", "test/**/*.test.ts"] } },
      { test: { name: "reporter", root: "packages/reporter", include: ["src/**/*.test.ts", "test/**/*.test.ts"] } },
      { test: { name: "cli", root: "packages/cli", include: ["src/**/*.test.ts", "test/**/*.test.ts"] } },
      {
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
