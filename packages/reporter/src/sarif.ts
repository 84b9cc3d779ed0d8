import { posix } from "node:path";
import { pathToFileURL } from "node:url";
import { DIAGNOSTIC_CODES, type Diagnostic, type Explanation, type Location, type Severity } from "@tfwhy/core";
import { describeHeadline, type Inline } from "./describe.js";
import type { ModuleError, RecursiveReport } from "./modules.js";

/** Options for `renderSarif`. */
export interface RenderSarifOptions {
  /**
   * Absolute directory that artifact URIs are made relative to (as `%SRCROOT%`): the repository root, for GitHub
   * code scanning. A result about a file outside it (`~/.aws/config`) is anchored at the backend block, the file
   * named in its message (code scanning shows only results in the repository); related locations outside it are
   * named the same way. Without it every URI is absolute.
   */
  readonly baseDir?: string;
  /** The version of tfwhy, for `tool.driver.version`. */
  readonly toolVersion?: string;
}

/** The rule of the result added when Terraform would fail but no error diagnostic says so (e.g. no credentials). */
export const TERRAFORM_FAILS_RULE = "terraform-fails";
const TERRAFORM_FAILS_DESCRIPTION =
  "Terraform's S3 backend would fail to configure: no valid credentials, no region, " +
  "or an invalid backend configuration.";

const SARIF_SCHEMA = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json";
const SRCROOT = "%SRCROOT%";
const LEVEL: Record<Severity, "error" | "warning" | "note"> = { error: "error", warning: "warning", info: "note" };
const PLAIN: Inline = { code: (s) => s, literal: (s) => `"${s}"`, text: (s) => s };

/** One explained (or failed) module, labelled in messages when there are several. */
interface Unit {
  readonly label: string | null;
  readonly explanation?: Explanation;
  readonly error?: ModuleError;
}

/**
 * Returns a SARIF 2.1.0 log (JSON, two-space indented, ending with a newline) for GitHub code scanning and other
 * SARIF viewers: one run of the tool `tfwhy`, whose rules are core's `DIAGNOSTIC_CODES`, with one result per
 * diagnostic (level error/warning/note, the message and its fix, the location and related locations). A
 * diagnostic without a location is placed on the `backend "s3"` block; when Terraform would fail and no error
 * diagnostic says so, a `terraform-fails` result carries the verdict. With several modules each message starts
 * with the module's directory; modules that could not be explained become tool execution notifications.
 *
 * @example
 * ```ts
 * await writeFile("tfwhy.sarif", renderSarif(explanation, { baseDir: process.cwd() }));
 * ```
 */
export function renderSarif(
  input: Explanation | readonly Explanation[] | RecursiveReport,
  options: RenderSarifOptions = {},
): string {
  const baseDir = options.baseDir === undefined ? undefined : options.baseDir.replace(/\/+$/, "") || "/";
  const units = toUnits(input, baseDir);
  const rules = createRules();
  const results: unknown[] = [];
  const notifications: unknown[] = [];
  const artifact = (path: string) => artifactLocation(path, baseDir);
  const inside = (path: string) => baseDir === undefined || relativeTo(path, baseDir) !== undefined;
  const prefix = (unit: Unit, text: string) => (unit.label === null ? text : `${unit.label}: ${text}`);

  for (const unit of units) {
    if (unit.error !== undefined) {
      notifications.push({
        level: "error",
        message: { text: prefix(unit, unit.error.message) },
        ...(unit.error.at === null
          ? {}
          : { locations: [{ physicalLocation: physicalLocation(unit.error.at, artifact) }] }),
        descriptor: { id: unit.error.kind },
      });
      continue;
    }
    const explanation = unit.explanation!;
    for (const diagnostic of explanation.diagnostics) {
      results.push(
        diagnosticResult(diagnostic, explanation, rules.indexOf(diagnostic.code), { artifact, inside }, (t) =>
          prefix(unit, t),
        ),
      );
    }
    if (explanation.verdict.terraformFails && !explanation.diagnostics.some((d) => d.severity === "error")) {
      const headline = describeHeadline(explanation, PLAIN);
      const detail = headline.ok || headline.detail === null ? "" : `. ${headline.detail}`;
      const text = `${headline.label} ${headline.answer}${detail}`;
      results.push({
        ruleId: TERRAFORM_FAILS_RULE,
        ruleIndex: rules.indexOf(TERRAFORM_FAILS_RULE),
        level: "error",
        message: { text: prefix(unit, text) },
        locations: [{ physicalLocation: physicalLocation(explanation.backend.block, artifact) }],
      });
    }
  }

  const driver = {
    name: "tfwhy",
    ...(options.toolVersion === undefined
      ? {}
      : { version: options.toolVersion, semanticVersion: options.toolVersion }),
    rules: rules.descriptors(),
  };
  const run = {
    tool: { driver },
    ...(baseDir === undefined ? {} : { originalUriBaseIds: { [SRCROOT]: { uri: directoryUri(baseDir) } } }),
    invocations: [
      {
        executionSuccessful: units.every((unit) => unit.error?.kind !== "internal"),
        ...(notifications.length === 0 ? {} : { toolExecutionNotifications: notifications }),
      },
    ],
    results,
  };
  return `${JSON.stringify({ $schema: SARIF_SCHEMA, version: "2.1.0", runs: [run] }, null, 2)}\n`;
}

function toUnits(input: Explanation | readonly Explanation[] | RecursiveReport, baseDir: string | undefined): Unit[] {
  if (isRecursiveReport(input)) {
    return input.modules.map((m) =>
      "explanation" in m ? { label: m.dir, explanation: m.explanation } : { label: m.dir, error: m.error },
    );
  }
  if (!isExplanationList(input)) return [{ label: null, explanation: input }];
  if (input.length === 1) return [{ label: null, explanation: input[0]! }];
  return input.map((explanation) => ({ label: relativeTo(explanation.dir, baseDir) ?? explanation.dir, explanation }));
}

function isRecursiveReport(input: Explanation | readonly Explanation[] | RecursiveReport): input is RecursiveReport {
  return !Array.isArray(input) && "modules" in input;
}

function isExplanationList(input: Explanation | readonly Explanation[]): input is readonly Explanation[] {
  return Array.isArray(input);
}

function diagnosticResult(
  diagnostic: Diagnostic,
  explanation: Explanation,
  ruleIndex: number,
  { artifact, inside }: { artifact: (path: string) => object; inside: (path: string) => boolean },
  prefix: (text: string) => string,
): object {
  // Code scanning shows only located results: a diagnostic about the configuration as a whole sits on the backend
  // block.
  const located = diagnostic.location ?? explanation.backend.block;
  // It also shows only results in the repository: one about a file outside it (~/.aws/config) is anchored at the
  // backend block, and the file is named in the message instead.
  const block = explanation.backend.block;
  const at = inside(located.path) || !inside(block.path) ? located : block;
  const all = uniqueLocations(diagnostic.related ?? []).filter((r) => !sameLine(r, at));
  const related = all.filter((r) => inside(r.path));
  const outside = all.filter((r) => !inside(r.path));
  const seeAlso = outside.length === 0 ? "" : ` See also ${outside.map((l) => `${l.file}:${l.line}`).join(", ")}.`;
  const message = `${at === located ? "" : `${located.file}:${located.line}: `}${diagnostic.message}${seeAlso}`;
  const text = diagnostic.fix === null ? message : `${message} Fix: ${diagnostic.fix}`;
  return {
    ruleId: diagnostic.code,
    ruleIndex,
    level: LEVEL[diagnostic.severity],
    message: { text: prefix(text) },
    locations: [{ physicalLocation: physicalLocation(at, artifact) }],
    ...(related.length === 0
      ? {}
      : {
          relatedLocations: related.map((r, i) => ({
            id: i + 1,
            physicalLocation: physicalLocation(r, artifact),
            message: { text: "see also" },
          })),
        }),
  };
}

function physicalLocation(at: Location, artifact: (path: string) => object): object {
  return {
    artifactLocation: artifact(at.path),
    region: at.column === undefined ? { startLine: at.line } : { startLine: at.line, startColumn: at.column },
  };
}

/** `main.tf` under `%SRCROOT%` when inside the base directory, else an absolute `file://` URI. */
function artifactLocation(path: string, baseDir: string | undefined): object {
  const relative = relativeTo(path, baseDir);
  if (relative !== undefined && relative !== ".") return { uri: encodePath(relative), uriBaseId: SRCROOT };
  if (path.startsWith("/")) return { uri: pathToFileURL(path).href };
  return { uri: encodePath(path) };
}

/** `/`-separated path of `path` below `baseDir`, `.` for the directory itself, undefined when outside it. */
function relativeTo(path: string, baseDir: string | undefined): string | undefined {
  if (baseDir === undefined) return undefined;
  if (path === baseDir) return ".";
  const prefix = baseDir.endsWith("/") ? baseDir : `${baseDir}/`;
  return path.startsWith(prefix) ? posix.normalize(path.slice(prefix.length)) : undefined;
}

function encodePath(path: string): string {
  return path.split("/").map(encodeURIComponent).join("/");
}

/** SARIF requires the URI of a base id to end with a slash. */
function directoryUri(dir: string): string {
  const href = pathToFileURL(dir).href;
  return href.endsWith("/") ? href : `${href}/`;
}

function uniqueLocations(locations: readonly Location[]): Location[] {
  const seen = new Set<string>();
  return locations.filter((at) => {
    const key = `${at.path}:${at.line}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

function sameLine(a: Location, b: Location): boolean {
  return a.path === b.path && a.line === b.line;
}

/** Core's catalogue, then the verdict rule, then any code the catalogue lacks (in order of first use). */
function createRules() {
  const descriptions = new Map<string, string>(Object.entries(DIAGNOSTIC_CODES));
  descriptions.set(TERRAFORM_FAILS_RULE, TERRAFORM_FAILS_DESCRIPTION);
  const ids = [...descriptions.keys()];
  return {
    indexOf(code: string): number {
      if (!descriptions.has(code)) {
        descriptions.set(code, `tfwhy diagnostic ${code}.`);
        ids.push(code);
      }
      return ids.indexOf(code);
    },
    descriptors() {
      return ids.map((id) => {
        const text = descriptions.get(id)!;
        // GitHub code scanning shows fullDescription and help on the alert page, and expects both.
        return {
          id,
          shortDescription: { text },
          fullDescription: { text },
          help: { text },
          properties: { tags: ["terraform", "aws", "s3-backend"] },
        };
      });
    },
  };
}
