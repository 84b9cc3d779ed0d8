/**
 * Issue 8, depth and size: absurdly deep input (2,000-level brackets, blocks, templates, JSON, a 5,000-hop
 * source_profile chain) is a clear input error with file:line, never a stack overflow; long operator chains and
 * 500 KB files are read in linear time. Checked through core (fake world) and through the built CLI (exit 2).
 */
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { explainCredentials, InvalidInputError, NestingTooDeepError } from "@tfwhy/core";
import { createFakeWorld } from "@tfwhy/core/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Figure, LONG_RUN, recordFigures } from "./record.js";

const DIR = "/work/project";
const DEPTH = LONG_RUN ? 20_000 : 2_000;
const HOPS = LONG_RUN ? 20_000 : 5_000;
const figures: Record<string, Figure> = { "nesting depth tried": DEPTH, "source_profile hops tried": HOPS };

afterAll(() => recordFigures("depth-size", figures));

function backendTf(...lines: string[]): string {
  return `terraform {\n  backend "s3" {\n    region = "us-east-1"\n    key    = "k"\n${lines.map((l) => `    ${l}\n`).join("")}  }\n}\n`;
}

const nest = (open: string, close: string, inner: string, depth = DEPTH): string =>
  open.repeat(depth) + inner + close.repeat(depth);
const nestedBlocks = (depth = DEPTH): string => `${"a {\n".repeat(depth)}${"}\n".repeat(depth)}`;
const nestedTemplate = (depth: number): string => nest('"${', '}"', '"x"', depth);

/** source_profile chain p0 → p1 → … → p<hops>, the last one with static keys. */
function chainConfig(hops: number): string {
  const parts: string[] = [];
  for (let i = 0; i < hops; i++)
    parts.push(`[profile p${i}]\nrole_arn = arn:aws:iam::123456789012:role/r${i}\nsource_profile = p${i + 1}\n`);
  parts.push(`[profile p${hops}]\naws_access_key_id = AKIAIOSFODNN7EXAMPLE\naws_secret_access_key = chain-secret\n`);
  return parts.join("\n");
}

interface DeepCase {
  /** Files of the module (relative to DIR) and home (`~/…`). */
  readonly files: Readonly<Record<string, string>>;
  readonly backendConfig?: readonly string[];
  /** Where the error must point; null for a command-line value. */
  readonly at: { readonly file: string; readonly line: number } | null;
}

const deepCases: Readonly<Record<string, DeepCase>> = {
  "parentheses in the backend block": {
    files: { "main.tf": backendTf(`bucket = ${nest("(", ")", '"x"')}`) },
    at: { file: "main.tf", line: 5 },
  },
  "tuples in the backend block": {
    files: { "main.tf": backendTf(`bucket = ${nest("[", "]", '"x"')}`) },
    at: { file: "main.tf", line: 5 },
  },
  "objects in the backend block": {
    files: { "main.tf": backendTf(`assume_role = ${nest("{a=", "}", '"x"')}`) },
    at: { file: "main.tf", line: 5 },
  },
  "nested blocks in the backend block": {
    files: { "main.tf": backendTf(...nestedBlocks().trimEnd().split("\n")) },
    at: { file: "main.tf", line: 5 + 254 },
  },
  "nested template interpolation": {
    files: { "main.tf": backendTf(`bucket = ${nestedTemplate(DEPTH)}`) },
    at: { file: "main.tf", line: 5 },
  },
  "nested blocks in a -backend-config file": {
    files: { "main.tf": backendTf('bucket = "b"'), "env/backend.hcl": `# deep\n${nestedBlocks()}` },
    backendConfig: ["env/backend.hcl"],
    at: { file: "env/backend.hcl", line: 2 + 256 },
  },
  "tuples in a -backend-config file": {
    files: { "main.tf": backendTf('bucket = "b"'), "env/backend.hcl": `bucket = ${nest("[", "]", '"x"')}\n` },
    backendConfig: ["env/backend.hcl"],
    at: { file: "env/backend.hcl", line: 1 },
  },
  "objects in a secret-holding -backend-config=KEY=VALUE argument": {
    files: { "main.tf": backendTf('bucket = "b"') },
    backendConfig: [`assume_role_with_web_identity=${nest("{a=", "}", '"x"')}`],
    at: null,
  },
  "objects in a -backend-config=KEY=VALUE argument": {
    files: { "main.tf": backendTf('bucket = "b"') },
    backendConfig: [`assume_role=${nest("{a=", "}", '"x"')}`],
    at: null,
  },
  "arrays in a .tf.json backend": {
    files: {
      "main.tf.json": `{"terraform": {"backend": {"s3": {"region": "us-east-1",\n"bucket": ${nest("[", "]", '"x"')}}}}}`,
    },
    at: { file: "main.tf.json", line: 2 },
  },
  "objects in a .tf.json backend": {
    files: {
      "main.tf.json": `{"terraform": {"backend": {"s3": {"region": "us-east-1",\n"assume_role": ${nest('{"a":', "}", "1")}}}}}`,
    },
    at: { file: "main.tf.json", line: 2 },
  },
  "objects in a JSON -backend-config file": {
    files: { "main.tf": backendTf('bucket = "b"'), "backend.json": `{\n"assume_role": ${nest('{"a":', "}", "1")}}` },
    backendConfig: ["backend.json"],
    at: { file: "backend.json", line: 2 },
  },
  "arrays in the saved backend (.terraform/terraform.tfstate)": {
    files: {
      "main.tf": backendTf('bucket = "b"'),
      ".terraform/terraform.tfstate": `{"version": 3,\n"backend": {"type": "s3", "config": {"bucket": ${nest("[", "]", "1")}}}}`,
    },
    at: { file: ".terraform/terraform.tfstate", line: 2 },
  },
  [`a ${HOPS}-hop source_profile chain`]: {
    files: { "main.tf": backendTf('bucket = "b"', 'profile = "p0"'), "~/.aws/config": chainConfig(HOPS) },
    // p100 is the 101st profile: its source_profile line is the one that crosses the limit of 100 hops.
    at: { file: "~/.aws/config", line: 100 * 4 + 3 },
  },
};

function worldWith(files: Readonly<Record<string, string>>) {
  return createFakeWorld({ cwd: DIR, env: {}, files });
}

async function timed<T>(run: () => Promise<T>): Promise<{ ms: number; result: T | undefined; error: unknown }> {
  const start = performance.now();
  try {
    const result = await run();
    return { ms: performance.now() - start, result, error: undefined };
  } catch (error) {
    return { ms: performance.now() - start, result: undefined, error };
  }
}

describe("depth and size through core (explainCredentials, fake world)", () => {
  let slowest = 0;
  afterAll(() => {
    figures["core: slowest deep-input rejection (ms)"] = Math.round(slowest);
  });

  for (const [name, deep] of Object.entries(deepCases)) {
    it(`${name}: a NestingTooDeepError with file:line, no stack overflow`, async () => {
      const { ms, error } = await timed(() =>
        explainCredentials({ dir: DIR, backendConfig: deep.backendConfig ?? [] }, worldWith(deep.files)),
      );
      slowest = Math.max(slowest, ms);
      expect(error).toBeInstanceOf(NestingTooDeepError);
      const e = error as NestingTooDeepError;
      expect(e).toBeInstanceOf(InvalidInputError);
      expect(e.code).toBe("invalid-input");
      expect(e.message).not.toContain("\n");
      expect(e.message).toMatch(/nested too deep \(more than \d+ levels\)$/);
      if (deep.at) {
        expect({ file: e.at?.file, line: e.at?.line }).toEqual(deep.at);
        expect(e.message.startsWith(`${deep.at.file}:${deep.at.line}: `)).toBe(true);
      } else {
        expect(e.at).toBeNull();
        expect(e.message).toMatch(/^-backend-config="assume_role(=|_with_web_identity=\(set\)")/);
      }
      expect(ms).toBeLessThan(2_000);
    });
  }

  it("nesting just inside the limits still resolves: 200-deep tuples, 25-deep templates, a 100-hop chain", async () => {
    const within = await explainCredentials(
      { dir: DIR },
      worldWith({
        "main.tf": backendTf(`bucket = "b"`, `profile = "p0"`),
        "locals.tf": `locals {\n  t = ${nest("[", "]", "1", 200)}\n  s = ${nestedTemplate(25)}\n}\n`,
        "~/.aws/config": chainConfig(100),
      }),
    );
    expect(within.credentials.status).toBe("resolved");
    expect(within.credentials.assumeRoles).toHaveLength(100);
  });

  it("a cyclic source_profile chain ends the way Go ends it, not by recursion", async () => {
    const config =
      "[profile a]\nrole_arn = arn:aws:iam::123456789012:role/a\nsource_profile = b\n\n[profile b]\nrole_arn = arn:aws:iam::123456789012:role/b\nsource_profile = a\n";
    const { error } = await timed(() =>
      explainCredentials(
        { dir: DIR },
        worldWith({ "main.tf": backendTf('bucket = "b"', 'profile = "a"'), "~/.aws/config": config }),
      ),
    );
    expect(error).toBeUndefined();
  });

  it("long operator chains (20,000 terms, 5,000 nested conditionals, 20,000 unary operators) are read, not overflowed", async () => {
    const cases = {
      plus: `bucket = ${Array(20_000).fill('"a"').join(" + ")}`,
      conditional: `bucket = ${"true ? 1 : ".repeat(5_000)}"x"`,
      unary: `use_path_style = ${"!".repeat(20_000)}true`,
      traversal: `bucket = local${".b".repeat(20_000)}`,
    };
    for (const [name, line] of Object.entries(cases)) {
      const { ms, result, error } = await timed(() =>
        explainCredentials({ dir: DIR }, worldWith({ "main.tf": backendTf(line) })),
      );
      figures[`core: ${name} chain (ms)`] = Math.round(ms);
      expect(error, name).toBeUndefined();
      const problem = result!.diagnostics.find((d) => d.location?.file === "main.tf" && d.location.line === 5);
      expect(problem, name).toBeDefined();
      expect(ms, name).toBeLessThan(3_000);
    }
  });

  it("a 500 KB file with nested templates parses in linear time, and an error at its end names that line and column", async () => {
    const sizes = [100_000, 500_000] as const;
    const times: number[] = [];
    for (const size of sizes) {
      const text = flatFile(size);
      // Best of two: the figure is the parse, not a GC pause or a busy core under a parallel test run.
      let ms = Number.POSITIVE_INFINITY;
      for (let attempt = 0; attempt < 2; attempt++) {
        const run = await timed(() =>
          explainCredentials({ dir: DIR }, worldWith({ "main.tf": backendTf('bucket = "b"'), "locals.tf": text })),
        );
        expect(run.error).toBeUndefined();
        ms = Math.min(ms, run.ms);
      }
      times.push(ms);
      figures[`core: ${Math.round(text.length / 1000)} KB file with nested templates (ms)`] = Math.round(ms);
    }
    expect(times[1]!).toBeLessThan(2_000);
    figures["core: 500 KB / 100 KB time ratio"] = Number((times[1]! / times[0]!).toFixed(2));
    expect(times[1]! / times[0]!).toBeLessThan(15); // linear is 5; quadratic would be 25

    // The same file with an invalid escape deep inside the last template: the error is there, not at line 1.
    const text = flatFile(500_000);
    const lines = text.split("\n").length;
    const broken = `${text}locals {\n  z = ${nest('"${', '}"', '"bad \\q escape"', 20)}\n}\n`;
    const { ms, error } = await timed(() =>
      explainCredentials({ dir: DIR }, worldWith({ "main.tf": backendTf('bucket = "b"'), "locals.tf": broken })),
    );
    figures["core: 500 KB file with an error at its end (ms)"] = Math.round(ms);
    expect(error).toBeInstanceOf(InvalidInputError);
    const e = error as InvalidInputError;
    expect(e.at?.line).toBe(lines + 1);
    expect(e.at?.column).toBe(7 + 20 * 3 + 1 + "bad ".length); // the backslash
    expect(e.message.startsWith(`locals.tf:${lines + 1}: `)).toBe(true);
    expect(ms).toBeLessThan(2_000);
  });
});

/** About `size` characters of valid HCL: locals with nested templates, tuples and objects. */
function flatFile(size: number): string {
  const parts: string[] = [];
  let length = 0;
  for (let i = 0; length < size; i++) {
    const block = `locals {\n  v${i} = "\${"\${"x${i}"}"}-\${var.a}"\n  w${i} = [1, 2, { a = "b", c = ["\${local.v${i}}"] }]\n  # comment with "quotes" and { braces\n}\n`;
    parts.push(block);
    length += block.length;
  }
  return parts.join("");
}

// ─────────────────────────────────────────────────────────────────────────────────────────────────────────────────
// The built CLI as a child process
// ─────────────────────────────────────────────────────────────────────────────────────────────────────────────────

const bin = fileURLToPath(new URL("../packages/cli/dist/bin.js", import.meta.url));

describe.skipIf(!existsSync(bin))("depth and size through the built CLI (exit 2, one line, no stack)", () => {
  let root: string;
  let home: string;
  let slowest = 0;
  beforeAll(() => {
    root = mkdtempSync(join(tmpdir(), "tfwhy-depth-"));
    home = join(root, "home");
    mkdirSync(join(home, ".aws"), { recursive: true });
  });
  afterAll(() => {
    rmSync(root, { recursive: true, force: true });
    figures["CLI: slowest deep-input exit (ms, node start included)"] = Math.round(slowest);
  });

  for (const [name, deep] of Object.entries(deepCases)) {
    it(`${name}: exit 2 with ${deep.at ? "file:line" : "the flag"}`, () => {
      const dir = join(root, name.replace(/[^a-z0-9]+/gi, "-"));
      const caseHome = join(dir, "_home");
      mkdirSync(caseHome, { recursive: true });
      for (const [file, text] of Object.entries(deep.files)) {
        const path = file.startsWith("~/") ? join(caseHome, file.slice(2)) : join(dir, file);
        mkdirSync(dirname(path), { recursive: true });
        writeFileSync(path, text);
      }
      const args = [
        "explain",
        dir,
        "--home",
        caseHome,
        "--no-env",
        ...(deep.backendConfig ?? []).map((value) => `-backend-config=${value}`),
      ];
      const start = performance.now();
      const run = spawnSync(process.execPath, [bin, ...args], {
        encoding: "utf8",
        env: { PATH: process.env.PATH ?? "" },
        timeout: 30_000,
      });
      const ms = performance.now() - start;
      slowest = Math.max(slowest, ms);
      expect(run.status, run.stderr).toBe(2);
      expect(run.stdout).toBe("");
      const [first, hint, ...rest] = run.stderr.split("\n");
      if (deep.at)
        expect(first).toMatch(
          new RegExp(`^tfwhy: ${escape(deep.at.file)}:${deep.at.line}: .*nested too deep \\(more than \\d+ levels\\)$`),
        );
      else
        expect(first).toMatch(
          /^tfwhy: -backend-config="assume_role(=|_with_web_identity=\(set\)").*nested too deep \(more than \d+ levels\)$/,
        );
      expect(hint).toMatch(/^Fix the configuration/);
      expect(rest.join("")).toBe("");
      expect(run.stderr).not.toMatch(/RangeError|Maximum call stack|\n\s+at /);
      expect(ms).toBeLessThan(10_000);
    });
  }

  it("a 500 KB module explains in well under 2 s of parsing (whole CLI run recorded)", () => {
    const dir = join(root, "flat");
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, "main.tf"), backendTf('bucket = "b"'));
    writeFileSync(join(dir, "locals.tf"), flatFile(500_000));
    const start = performance.now();
    const run = spawnSync(process.execPath, [bin, "explain", dir, "--home", home, "--no-env", "--json"], {
      encoding: "utf8",
      env: { PATH: process.env.PATH ?? "" },
      timeout: 30_000,
    });
    const ms = performance.now() - start;
    figures["CLI: 500 KB module, whole run (ms)"] = Math.round(ms);
    expect(run.stderr).toBe("");
    expect([0, 1]).toContain(run.status); // an answer (EC2 metadata would be tried), not an input error
    expect(JSON.parse(run.stdout)).toHaveProperty("credentials.status");
    expect(ms).toBeLessThan(8_000);
  });
});

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}
