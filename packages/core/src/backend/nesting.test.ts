import { describe, expect, it } from "vitest";
import { NestingTooDeepError } from "../errors.js";
import { checkHclNesting, checkJsonNesting, MAX_NESTING, MAX_TEMPLATE_NESTING } from "./nesting.js";

const source = { file: "main.tf", path: "/m/main.tf" };

function depthError(run: () => void): NestingTooDeepError | undefined {
  try {
    run();
    return undefined;
  } catch (error) {
    if (error instanceof NestingTooDeepError) return error;
    throw error;
  }
}

describe("checkHclNesting", () => {
  it("accepts brackets up to the limit and rejects one more, at the opening that crosses it", () => {
    expect(
      depthError(() => checkHclNesting(`x = ${"[".repeat(MAX_NESTING)}${"]".repeat(MAX_NESTING)}\n`, source)),
    ).toBeUndefined();
    const error = depthError(() => checkHclNesting(`# one\nx = ${"(".repeat(MAX_NESTING + 1)}`, source));
    expect(error?.at).toEqual({ file: "main.tf", path: "/m/main.tf", line: 2, column: 5 + MAX_NESTING });
    expect(error?.message).toBe(`main.tf:2: expressions and blocks nested too deep (more than ${MAX_NESTING} levels)`);
  });

  it("does not count brackets in strings, comments, heredocs or escaped template sequences", () => {
    const deep = "[".repeat(MAX_NESTING + 10);
    const text = [
      `a = "${deep}"`,
      `# ${deep}`,
      `// ${deep}`,
      `/* ${deep}\n${deep} */`,
      `b = <<EOT\n${deep}\n  $\${ ${deep}\nEOT`,
      `c = <<-EOT\n  ${deep}\n  EOT`,
      `d = "$\${${deep} %%{${deep}"`,
      `e = "\\"${deep}"`,
    ].join("\n");
    expect(depthError(() => checkHclNesting(text, source))).toBeUndefined();
  });

  it("counts interpolations in strings and heredocs, and limits template nesting separately", () => {
    const template = (depth: number): string => `${'"${'.repeat(depth)}"x"${'}"'.repeat(depth)}`;
    // depth levels of "${ plus the innermost string: 2 * depth + 1 scanner contexts.
    const fits = Math.floor((MAX_TEMPLATE_NESTING - 1) / 2);
    expect(depthError(() => checkHclNesting(`a = ${template(fits)}\n`, source))).toBeUndefined();
    const error = depthError(() => checkHclNesting(`a = ${template(fits + 1)}\n`, source));
    expect(error?.message).toBe(`main.tf:1: templates nested too deep (more than ${MAX_TEMPLATE_NESTING} levels)`);
    const heredoc = `a = <<EOT\n${'${"'.repeat(40)}\nEOT\n`;
    expect(depthError(() => checkHclNesting(heredoc, source))?.message).toMatch(
      /^main\.tf:2: templates nested too deep/,
    );
  });

  it("ends a heredoc at its closing line and a quoted string at the end of its line", () => {
    const opened = "(".repeat(MAX_NESTING - 1);
    // Were the heredoc or the broken string still open, the brackets after them would cross the limit.
    expect(
      depthError(() => checkHclNesting(`a = <<EOT\n"\nEOT\nb = "unterminated\nc = ${opened}`, source)),
    ).toBeUndefined();
  });

  it("is linear: a 2 MB file is scanned in well under a second", () => {
    const text = 'locals {\n  a = "${"${x}"}" # { [ (\n  b = [1, {c = 2}]\n}\n'.repeat(40_000);
    const start = performance.now();
    checkHclNesting(text, source);
    expect(performance.now() - start).toBeLessThan(1_000);
  });
});

describe("checkJsonNesting", () => {
  it("rejects arrays and objects deeper than the limit, ignoring brackets in strings", () => {
    expect(
      depthError(() =>
        checkJsonNesting(
          `{"a": "${"[".repeat(1000)}", "b": ${"[".repeat(MAX_NESTING - 1)}${"]".repeat(MAX_NESTING - 1)}}`,
          source,
        ),
      ),
    ).toBeUndefined();
    const error = depthError(() => checkJsonNesting(`{\n "a": "\\"[",\n "b": ${"[{".repeat(MAX_NESTING)}`, source));
    expect(error?.at?.line).toBe(3);
    expect(error?.message).toBe(`main.tf:3: JSON values nested too deep (more than ${MAX_NESTING} levels)`);
  });
});
