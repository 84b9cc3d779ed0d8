// What each tarball holds, read with `tar -tzf`: package.json, README.md, LICENSE (the repository's), dist/ with the
// built JavaScript, its declarations and source maps, and @tfwhy/reporter's schema/; nothing else — no src/, no
// tests, no test fixtures. The source maps are intended (stack traces point at the TypeScript): each one must embed
// its sources (sourcesContent), since src/ is not shipped.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { fail, PACKAGES, repo, run } from "./lib.mjs";

/** Top-level entries a tarball may hold, per package (every path is under `package/`). */
const ALLOWED = {
  core: ["package.json", "README.md", "LICENSE", "dist/"],
  reporter: ["package.json", "README.md", "LICENSE", "dist/", "schema/"],
  cli: ["package.json", "README.md", "LICENSE", "dist/"],
};
const REQUIRED = ["package.json", "README.md", "LICENSE"];
const TEST_FILE = /(^|\/)(test|tests|__tests__|fixtures)\/|\.(test|spec|test-support)\.[cm]?[jt]s(\.map)?$/;

/** Checks the tarballs `files` (in PACKAGES order, inside `tarballs`); returns a one-line summary per package. */
export function checkTarballContents(tarballs, files) {
  const license = readFileSync(join(repo, "LICENSE"), "utf8");
  return PACKAGES.map((name, i) => {
    const tarball = join(tarballs, files[i]);
    const entries = run("tar", ["-tzf", tarball])
      .stdout.split("\n")
      .filter((line) => line !== "")
      .map((line) => line.replace(/^package\//, ""));
    const where = `${files[i]}`;
    for (const required of REQUIRED)
      if (!entries.includes(required)) fail(`${where}: no ${required} (has ${entries.join(", ")})`);
    if (!entries.some((entry) => entry.startsWith("dist/") && entry.endsWith(".js"))) fail(`${where}: no dist/*.js`);
    if (!entries.includes("dist/index.d.ts")) fail(`${where}: no dist/index.d.ts`);
    for (const entry of entries) {
      if (!ALLOWED[name].some((allowed) => (allowed.endsWith("/") ? entry.startsWith(allowed) : entry === allowed)))
        fail(`${where}: unexpected ${entry}`);
      if (TEST_FILE.test(entry)) fail(`${where}: ships a test file: ${entry}`);
    }
    const shipped = run("tar", ["-xOzf", tarball, "package/LICENSE"]).stdout;
    if (shipped !== license) fail(`${where}: LICENSE differs from the repository's LICENSE`);
    const maps = entries.filter((entry) => entry.endsWith(".map"));
    for (const map of maps) {
      const js = map.slice(0, -".map".length);
      if (!entries.includes(js)) fail(`${where}: ${map} without ${js}`);
      const parsed = JSON.parse(run("tar", ["-xOzf", tarball, `package/${map}`]).stdout);
      const embedded = parsed.sourcesContent?.filter((content) => typeof content === "string").length ?? 0;
      if (embedded !== parsed.sources.length) fail(`${where}: ${map} does not embed its sources`);
    }
    return `${name}: ${entries.length} files (${maps.length} source maps, sources embedded)`;
  });
}
