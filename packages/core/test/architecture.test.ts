/**
 * The layout rules of docs/architecture.md, checked on the source: imports only go down the layers, and no file,
 * function or line grows past the sizes a reader can hold in mind. A rule broken here is a design question, not a
 * formatting one: move the code to the layer it belongs to, or split it.
 */
import { readdirSync, readFileSync } from "node:fs";
import { dirname, join, posix, relative } from "node:path";
import { fileURLToPath } from "node:url";
import ts from "typescript";
import { describe, expect, it } from "vitest";

const repo = join(dirname(fileURLToPath(import.meta.url)), "../../..");
const coreSrc = join(repo, "packages/core/src");

/** From the bottom up; a file may import its own layer and the ones below it. */
const LAYERS: readonly { readonly name: string; readonly paths: readonly string[] }[] = [
  {
    name: "base",
    paths: [
      "world/",
      "trace.ts",
      "location.ts",
      "redact.ts",
      "errors.ts",
      "reasons.ts",
      "evidence.ts",
      "json-input.ts",
    ],
  },
  { name: "aws-files", paths: ["aws-files/"] },
  { name: "backend", paths: ["backend/"] },
  { name: "chain", paths: ["chain/"] },
  { name: "settings", paths: ["settings/"] },
  { name: "calls", paths: ["calls/"] },
  { name: "explain", paths: ["explain.ts", "explain/"] },
  { name: "policy", paths: ["policy/"] },
  { name: "verify", paths: ["verify/"] },
  { name: "tree", paths: ["tree/"] },
  { name: "entry points", paths: ["index.ts", "testing.ts"] },
];

/** Files that are data tables, not logic: allowed past the file-size limit. */
const DATA_TABLES = new Set<string>([]);

/** Tests, their support files and their data tables are not part of the layout. */
const TEST_ONLY = /\.(test|test-support|scenarios)\.ts$/;

const MAX_FILE_LINES = 400;
const MAX_FUNCTION_LINES = 150;
const MAX_LINE_LENGTH = 120;

function sourceFiles(dir: string): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) out.push(...sourceFiles(path));
    else if (entry.name.endsWith(".ts") && !TEST_ONLY.test(entry.name)) out.push(path);
  }
  return out.sort();
}

function layerOf(file: string): number {
  const rel = relative(coreSrc, file).split("\\").join("/");
  const index = LAYERS.findIndex((layer) => layer.paths.some((p) => (p.endsWith("/") ? rel.startsWith(p) : rel === p)));
  if (index === -1) throw new Error(`${rel} is in no layer: add it to LAYERS and docs/architecture.md`);
  return index;
}

function relativeImports(source: ts.SourceFile): string[] {
  const specifiers: string[] = [];
  for (const statement of source.statements) {
    if (
      (ts.isImportDeclaration(statement) || ts.isExportDeclaration(statement)) &&
      statement.moduleSpecifier &&
      ts.isStringLiteral(statement.moduleSpecifier) &&
      statement.moduleSpecifier.text.startsWith(".")
    )
      specifiers.push(statement.moduleSpecifier.text);
  }
  return specifiers;
}

function parse(file: string): ts.SourceFile {
  return ts.createSourceFile(file, readFileSync(file, "utf8"), ts.ScriptTarget.Latest, true);
}

/** Functions, methods, arrow functions and classes longer than the limit, with their line spans. */
function longBodies(source: ts.SourceFile): string[] {
  const found: string[] = [];
  const visit = (node: ts.Node) => {
    if (ts.isFunctionLike(node) || ts.isClassLike(node)) {
      const start = source.getLineAndCharacterOfPosition(node.getStart(source)).line + 1;
      const end = source.getLineAndCharacterOfPosition(node.getEnd()).line + 1;
      if (end - start + 1 > MAX_FUNCTION_LINES) {
        const name = (node as { name?: ts.Node }).name?.getText(source) ?? "(anonymous)";
        found.push(`${name} at line ${start}: ${end - start + 1} lines`);
      }
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

const packagesSrc = ["core", "reporter", "cli"].flatMap((p) => sourceFiles(join(repo, "packages", p, "src")));
const display = (file: string) => relative(repo, file).split("\\").join("/");

describe("layers of @tfwhy/core", () => {
  it("imports only go down: verify → explain → settings → chain → backend → aws-files → base", () => {
    const upward: string[] = [];
    for (const file of sourceFiles(coreSrc)) {
      const from = layerOf(file);
      for (const specifier of relativeImports(parse(file))) {
        const target = posix.join(dirname(file).split("\\").join("/"), specifier).replace(/\.js$/, ".ts");
        const to = layerOf(target);
        if (to > from)
          upward.push(`${display(file)} (${LAYERS[from]!.name}) imports ${specifier} (${LAYERS[to]!.name})`);
      }
    }
    expect(upward).toEqual([]);
  });
});

describe("imports", () => {
  it("no two files import each other, directly or round a loop", () => {
    const graph = new Map<string, string[]>();
    for (const file of packagesSrc) {
      const targets = relativeImports(parse(file)).map((specifier) =>
        posix.join(dirname(file).split("\\").join("/"), specifier).replace(/\.js$/, ".ts"),
      );
      graph.set(file.split("\\").join("/"), targets);
    }
    expect(findCycles(graph).map((cycle) => cycle.map(display).join(" → "))).toEqual([]);
  });

  it("the cycle check can fail", () => {
    const graph = new Map([
      ["a", ["b"]],
      ["b", ["c"]],
      ["c", ["a"]],
      ["d", ["a"]],
    ]);
    expect(findCycles(graph)).toEqual([["a", "b", "c", "a"]]);
  });
});

/** Each import loop once, from its first file in sorted order (depth-first search, grey/black marks). */
function findCycles(graph: ReadonlyMap<string, readonly string[]>): string[][] {
  const cycles: string[][] = [];
  const done = new Set<string>();
  const path: string[] = [];
  const visit = (node: string) => {
    const at = path.indexOf(node);
    if (at !== -1) {
      cycles.push([...path.slice(at), node]);
      return;
    }
    if (done.has(node)) return;
    path.push(node);
    for (const next of graph.get(node) ?? []) if (graph.has(next)) visit(next);
    path.pop();
    done.add(node);
  };
  for (const node of [...graph.keys()].sort()) visit(node);
  return cycles;
}

describe("sizes", () => {
  it(`no source file over ${MAX_FILE_LINES} lines, data tables aside`, () => {
    const long = packagesSrc
      .filter((file) => !DATA_TABLES.has(display(file)))
      .map((file) => ({ file: display(file), lines: readFileSync(file, "utf8").split("\n").length - 1 }))
      .filter(({ lines }) => lines > MAX_FILE_LINES)
      .map(({ file, lines }) => `${file}: ${lines}`);
    expect(long).toEqual([]);
  });

  it(`no function or class over ${MAX_FUNCTION_LINES} lines`, () => {
    const long = packagesSrc.flatMap((file) => longBodies(parse(file)).map((what) => `${display(file)}: ${what}`));
    expect(long).toEqual([]);
  });

  it(`no line over ${MAX_LINE_LENGTH} characters`, () => {
    const long = packagesSrc.flatMap((file) =>
      readFileSync(file, "utf8")
        .split("\n")
        .flatMap((line, i) => (line.length > MAX_LINE_LENGTH ? [`${display(file)}:${i + 1} (${line.length})`] : [])),
    );
    expect(long).toEqual([]);
  });

  it("the checks can fail: a long line and an upward import are seen", () => {
    const sample = ts.createSourceFile(
      "x.ts",
      `import { a } from "../verify/x.js";\nfunction f() {\n${"  a();\n".repeat(MAX_FUNCTION_LINES)}}\n`,
      ts.ScriptTarget.Latest,
      true,
    );
    expect(relativeImports(sample)).toEqual(["../verify/x.js"]);
    expect(longBodies(sample)).toHaveLength(1);
    expect(layerOf(join(coreSrc, "verify/x.ts"))).toBeGreaterThan(layerOf(join(coreSrc, "chain/x.ts")));
  });
});
