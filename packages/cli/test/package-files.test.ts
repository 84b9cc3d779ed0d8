import { existsSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

// What npm/pnpm pack adds to every tarball besides `files`: the package's own README.md and LICENSE.
// scripts/pack-check.mjs checks the tarballs themselves; this keeps the sources right without packing.
const repo = fileURLToPath(new URL("../../../", import.meta.url));
const read = (path: string) => readFileSync(`${repo}${path}`, "utf8");

describe("each package carries a README and the repository's LICENSE", () => {
  for (const name of ["core", "reporter", "cli"]) {
    it(`@tfwhy/${name}`, () => {
      const pkg = JSON.parse(read(`packages/${name}/package.json`)) as { name: string; license: string };
      expect(pkg.license).toBe("MIT");
      expect(read(`packages/${name}/LICENSE`)).toBe(read("LICENSE"));
      expect(read("LICENSE")).toMatch(/^MIT License\n\nCopyright \(c\) 2026 The tfwhy authors\n/);
      const readme = read(`packages/${name}/README.md`);
      expect(readme.startsWith(`# ${pkg.name}\n`)).toBe(true);
      expect(readme).toContain("](../../README.md)");
      expect(existsSync(`${repo}packages/${name}/src/index.ts`)).toBe(true);
    });
  }

  it("the core README names the functions @tfwhy/core exports", async () => {
    const core = await import("@tfwhy/core");
    const readme = read("packages/core/README.md");
    for (const name of ["explainCredentials", "verifyBackend", "createNodeWorld", "explainTree", "verifyTree"]) {
      expect(readme).toContain(name);
      expect(typeof (core as Record<string, unknown>)[name]).toBe("function");
    }
  });

  it("the reporter README names only render functions @tfwhy/reporter exports", async () => {
    const reporter = (await import("@tfwhy/reporter")) as Record<string, unknown>;
    const named = read("packages/reporter/README.md").match(/\brender[A-Z]\w*/g) ?? [];
    expect(named.length).toBeGreaterThan(10);
    for (const name of named) expect(typeof reporter[name], name).toBe("function");
  });
});
