import { describe, expect, it } from "vitest";
import { recordFigures } from "../../../reliability/record.js";
import {
  type RecursiveReport,
  type RecursiveVerifyReport,
  renderRecursiveMarkdown,
  renderRecursiveVerifyMarkdown,
} from "../src/index.js";
import { GITHUB_COMMENT_LIMIT } from "../src/markdown.js";
import { imdsDisabled } from "./fixtures/imds-disabled.js";
import { at, ROOT } from "./fixtures/recursive.js";
import { sourceProfileAssumeRole } from "./fixtures/source-profile-assume-role.js";
import { seedIncidentFixedVerify, seedIncidentVerify } from "./fixtures/verify.js";

/**
 * `--recursive --format markdown` stays within GitHub's 65,536-character PR-comment limit however many modules there
 * are: 2,000 modules with long paths, clean, failing and errored in several mixes, for explain and verify. Whatever
 * is left out is said in a note, and the failing modules are named in the table as long as their rows fit, else
 * counted.
 */
type Kind = "ok" | "fails" | "error";
const COUNT = 2_000;

/** A long, distinct module path (about 120 characters). */
const dirOf = (i: number) =>
  `stacks/${["eu-west-1", "us-east-1", "ap-southeast-2"][i % 3]}/team-${i % 37}/very-long-service-name-for-a-platform-component-${String(i).padStart(4, "0")}/environments/production`;
const errorOf = (dir: string) => ({
  kind: "invalid-input" as const,
  message: `main.tf:3: Unclosed configuration block in ${dir}`,
  at: { file: "main.tf", path: `${ROOT}/${dir}/main.tf`, line: 3 },
});

function explainReport(kindOf: (i: number) => Kind): RecursiveReport {
  return {
    schemaVersion: 1,
    root: ROOT,
    modules: Array.from({ length: COUNT }, (_, i) => {
      const dir = dirOf(i);
      const kind = kindOf(i);
      if (kind === "error") return { dir, backendConfigFiles: [], error: errorOf(dir) };
      return {
        dir,
        backendConfigFiles: ["env/backend.hcl"],
        explanation: at(dir, kind === "fails" ? imdsDisabled : sourceProfileAssumeRole),
      };
    }),
  };
}

function verifyReport(kindOf: (i: number) => Kind): RecursiveVerifyReport {
  return {
    schemaVersion: 1,
    root: ROOT,
    modules: Array.from({ length: COUNT }, (_, i) => {
      const dir = dirOf(i);
      const kind = kindOf(i);
      if (kind === "error") return { dir, backendConfigFiles: [], error: errorOf(dir) };
      return {
        dir,
        backendConfigFiles: ["env/backend.hcl"],
        report: at(dir, kind === "fails" ? seedIncidentVerify : seedIncidentFixedVerify),
      };
    }),
    dedupedCalls: 3_999,
  };
}

const MIXES: readonly [string, (i: number) => Kind][] = [
  ["all clean", () => "ok"],
  ["20 failing and 5 errored among clean ones", (i) => (i % 100 === 7 ? "fails" : i % 400 === 13 ? "error" : "ok")],
  ["a fifth failing, a tenth errored", (i) => (i % 5 === 0 ? "fails" : i % 10 === 3 ? "error" : "ok")],
  ["all failing or errored", (i) => (i % 3 === 0 ? "error" : "fails")],
];

const figures: Record<string, number> = { modules: COUNT };

/** The module paths named in the Markdown's summary table (first cell of each row). */
function tableDirs(markdown: string): string[] {
  return [...markdown.matchAll(/^\| `([^`]+)` \|/gm)].map((m) => m[1]!);
}

describe.each([
  ["explain --recursive", (kindOf: (i: number) => Kind) => renderRecursiveMarkdown(explainReport(kindOf))],
  ["verify --recursive", (kindOf: (i: number) => Kind) => renderRecursiveVerifyMarkdown(verifyReport(kindOf))],
] as const)("%s Markdown with 2,000 modules", (command, render) => {
  it.each(MIXES)(
    "%s: at most 65,536 characters, failing modules named first, the rest counted in a note",
    (mix, kindOf) => {
      const started = performance.now();
      const markdown = render(kindOf);
      const ms = performance.now() - started;
      const kinds = Array.from({ length: COUNT }, (_, i) => kindOf(i));
      const problemDirs = kinds.flatMap((kind, i) => (kind === "ok" ? [] : [dirOf(i)]));
      const cleanCount = COUNT - problemDirs.length;

      expect(markdown.length).toBeLessThanOrEqual(GITHUB_COMMENT_LIMIT);
      expect(markdown.endsWith("</sub>\n")).toBe(true);
      const listed = tableDirs(markdown);
      expect(listed.length).toBeGreaterThan(0);
      // Failing and errored modules come first: no clean module is listed while a failing one is missing.
      const listedProblems = listed.filter((dir) => problemDirs.includes(dir));
      expect(listed.slice(0, listedProblems.length)).toEqual(listedProblems);
      if (listedProblems.length < problemDirs.length) {
        // Not every failing module fits: the note gives how many are listed and how many are not.
        expect(listed).toEqual(listedProblems);
        expect(markdown).toMatch(
          new RegExp(
            `_The table lists the first ${listed.length} of the ${problemDirs.length} modules [^;]+; the other ${problemDirs.length - listed.length}\\b`,
          ),
        );
      } else {
        for (const dir of problemDirs) expect(markdown).toContain(`\`${dir}\``);
      }
      if (listed.length < COUNT)
        expect(markdown).toMatch(
          /left out to stay under GitHub's 65,536-character comment limit; `--format json` has everything\._/,
        );
      if (cleanCount > 0 && listed.length < COUNT)
        expect(markdown).toContain(String(cleanCount - (listed.length - listedProblems.length)));
      // The verdict line still counts every module.
      if (problemDirs.length > 0)
        expect(markdown).toMatch(
          command.startsWith("explain")
            ? /\*\*❌ Terraform would fail in \d+ of 2000/
            : /\*\*❌ Verification failed in \d+ of 2000/,
        );

      figures[`${command}, ${mix}: characters`] = markdown.length;
      figures[`${command}, ${mix}: modules in the table`] = listed.length;
      figures[`${command}, ${mix}: failing/errored modules named, of`] =
        problemDirs.length === 0 ? 0 : listedProblems.length;
      figures[`${command}, ${mix}: failing/errored modules`] = problemDirs.length;
      figures[`${command}, ${mix}: render ms`] = Math.round(ms);
      recordFigures("recursive-markdown", figures);
    },
  );
});
