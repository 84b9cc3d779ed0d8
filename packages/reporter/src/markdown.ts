import type { Diagnostic, Explanation, Severity, Step, StepOutcome } from "@tfwhy/core";
import {
  countDiagnostics,
  describeBackend,
  describeCredentialsBrief,
  describeCredentialsFact,
  describeEndpoints,
  describeEvidence,
  describeHeadline,
  describeRegion,
  describeState,
  describeStepFacts,
  describeWouldHave,
  formatAt,
  type Inline,
  relatedLocations,
  SEVERITIES,
} from "./describe.js";
import {
  backendConfigFlags,
  type ModuleBase,
  type ModuleError,
  type ModuleResult,
  type ModuleStatus,
  moduleStatus,
  pluralize,
  type RecursiveReport,
  summarizeModules,
} from "./modules.js";

const OUTCOME_LABEL: Record<StepOutcome, string> = {
  picked: "✅ picked",
  applied: "✅ applied",
  skipped: "skipped",
  unreached: "unreached",
  error: "❌ error",
  unknown: "❓ unknown",
};

const SEVERITY_LABEL: Record<Severity, string> = { error: "❌ error", warning: "⚠️ warning", info: "ℹ️ info" };

/**
 * Returns the explanation as GitHub-flavoured Markdown, for `$GITHUB_STEP_SUMMARY` or a PR comment: the verdict
 * line, region/backend/endpoints, the diagnostics table (most serious first), and the steps table
 * inside `<details>` (open when Terraform would fail). Deterministic: no timestamps. Ends with a newline.
 *
 * @example
 * ```ts
 * const explanation = await explainCredentials({ dir: "infra/dev", backendConfig: ["env/backend.hcl"] });
 * await appendFile(process.env.GITHUB_STEP_SUMMARY!, renderMarkdown(explanation));
 * ```
 */
export function renderMarkdown(explanation: Explanation): string {
  const blocks = [
    "### tfwhy: credentials for Terraform's S3 backend",
    ...explanationBlocks(explanation),
    `<sub>tfwhy · modelled on Terraform ${explanation.terraformVersion} · ` +
      `root module ${MARKDOWN.code(explanation.dir)}</sub>`,
  ];
  return `${blocks.join("\n\n")}\n`;
}

/**
 * Returns a recursive report as GitHub-flavoured Markdown: a verdict line over all modules, one summary table
 * (module, verdict, credentials, region, diagnostics), then each module's report inside `<details>` (open when
 * Terraform would fail there or it could not be explained). Deterministic; ends with a newline.
 * Stays within GitHub's 65,536-character PR-comment limit for any number of modules (see `fitMarkdown`).
 */
export function renderRecursiveMarkdown(report: RecursiveReport): string {
  const summary = summarizeModules(report);
  const blocks: string[] = [
    `### tfwhy: credentials for Terraform's S3 backend, ${pluralize(summary.total, "root module")}`,
  ];

  const problems: string[] = [];
  if (summary.status.fails > 0) problems.push(`Terraform would fail in ${summary.status.fails} of ${summary.total}`);
  if (summary.status.error > 0) problems.push(`${summary.status.error} could not be explained`);
  blocks.push(
    problems.length === 0
      ? "**✅ Terraform's S3 backend finds credentials and a region in " +
          `${summary.total === 1 ? "the root module" : `all ${summary.total} root modules`}.**`
      : `**❌ ${problems.join("; ")}.**`,
  );

  const row = (module: ModuleResult): string[] => {
    const dir = MARKDOWN.code(module.dir);
    if (!("explanation" in module))
      return [dir, MODULE_STATUS_LABEL.error, MARKDOWN.text(module.error.message), "", ""];
    const { explanation } = module;
    return [
      dir,
      MODULE_STATUS_LABEL[moduleStatus(module)],
      describeCredentialsBrief(explanation, MARKDOWN),
      explanation.region.value === null ? "❌ not set" : MARKDOWN.code(explanation.region.value),
      describeCounts(explanation.diagnostics),
    ];
  };

  const footer =
    `<sub>tfwhy · modelled on Terraform 1.11 · ${pluralize(summary.total, "root module")} ` +
    `under ${MARKDOWN.code(report.root)}</sub>`;
  const modules = report.modules.map(
    (module): FitModule => ({
      ok: moduleStatus(module) === "ok",
      row: row(module),
      details: moduleDetails(
        module,
        moduleStatus(module),
        "explanation" in module ? explanationBlocks(module.explanation) : [moduleErrorBlock("explain", module.error)],
      ),
    }),
  );
  return fitMarkdown(blocks, ["Module", "Verdict", "Credentials", "Region", "Diagnostics"], modules, footer, {
    ok: "where Terraform succeeds",
    problem: "where Terraform would fail or that could not be explained",
  });
}

/** GitHub refuses PR comments over 65,536 characters; step summaries allow 1 MiB. */
export const GITHUB_COMMENT_LIMIT = 65_536;

/** One module of a recursive Markdown report: its summary-table row and its details blocks. */
export interface FitModule {
  /** Terraform succeeds there (explain) or every check passed (verify): the first to be left out. */
  readonly ok: boolean;
  readonly row: readonly string[];
  readonly details: readonly string[];
}

/** How the notes name the two kinds of modules, e.g. "where Terraform succeeds". */
export interface FitLabels {
  readonly ok: string;
  readonly problem: string;
}

/**
 * Joins the summary blocks, the summary table and each module's details so that the whole stays within `limit`
 * (GitHub's PR-comment limit), leaving out, in this order, until it fits: the details of clean modules, every
 * module's details, the table rows of clean modules, then the last rows of the failing ones. Every step says, in a
 * note under the verdict, what was left out and how many; the verdict line above it counts every module anyway.
 */
export function fitMarkdown(
  head: readonly string[],
  tableHeader: readonly string[],
  modules: readonly FitModule[],
  footer: string,
  labels: FitLabels,
  limit: number = GITHUB_COMMENT_LIMIT,
): string {
  const render = (rows: readonly FitModule[], details: readonly FitModule[], note: string | null) =>
    `${[
      ...head,
      ...(note === null ? [] : [note]),
      table(
        tableHeader,
        rows.map((m) => m.row),
      ),
      ...details.flatMap((m) => m.details),
      footer,
    ].join("\n\n")}\n`;
  const within =
    `to stay under GitHub's ${limit.toLocaleString("en-US")}-character comment limit; ` +
    "`--format json` has everything._";
  const problems = modules.filter((m) => !m.ok);
  const clean = modules.filter((m) => m.ok);

  const candidates: (() => string)[] = [
    () => render(modules, modules, null),
    () =>
      render(modules, problems, `_Details of ${pluralize(clean.length, "module")} ${labels.ok} are left out ${within}`),
    () => render(modules, [], `_Per-module details are left out ${within}`),
  ];
  if (problems.length > 0) {
    candidates.push(
      () =>
        render(
          problems,
          problems,
          `_The table lists only the ${pluralize(problems.length, "module")} ${labels.problem}; ` +
            `the ${clean.length} ${labels.ok} are left out ${within}`,
        ),
      () =>
        render(
          problems,
          [],
          `_The table lists only the ${pluralize(problems.length, "module")} ${labels.problem}, without details; ` +
            `the ${clean.length} ${labels.ok} are left out ${within}`,
        ),
    );
  }
  for (const candidate of candidates) {
    const text = candidate();
    if (text.length <= limit) return text;
  }

  // Not even those rows fit: the first `count` rows, failing modules first, found by bisection (length grows with
  // count).
  const ordered = [...problems, ...clean];
  const truncated = (count: number) => {
    const listed =
      count < problems.length || clean.length === 0
        ? `the first ${count} of the ${pluralize(problems.length, "module")} ${labels.problem}; ` +
          `the other ${problems.length - count}${clean.length === 0 ? "" : `, the ${clean.length} ${labels.ok}`}`
        : problems.length === 0
          ? `the first ${count} of the ${pluralize(clean.length, "module")} ${labels.ok}; ` +
            `the other ${clean.length - count}`
          : `the ${pluralize(problems.length, "module")} ${labels.problem} and the first ${count - problems.length} ` +
            `of the ${clean.length} ${labels.ok}; the other ${clean.length - (count - problems.length)}`;
    return render(
      ordered.slice(0, count),
      [],
      `_The table lists ${listed} and per-module details are left out ${within}`,
    );
  };
  let low = 0;
  let high = ordered.length;
  while (low < high) {
    const middle = Math.ceil((low + high) / 2);
    if (truncated(middle).length <= limit) low = middle;
    else high = middle - 1;
  }
  return truncated(low);
}

/**
 * One module of a recursive report as Markdown blocks: `<details>` (open unless the module is OK) with the status
 * icon and directory as summary, the -backend-config files applied, then `body`.
 */
export function moduleDetails(module: ModuleBase, status: ModuleStatus, body: readonly string[]): string[] {
  const files = backendConfigFlags(module);
  return [
    `<details${status === "ok" ? "" : " open"}>\n` +
      `<summary>${MODULE_STATUS_ICON[status]} <code>${escapeHtml(module.dir)}</code></summary>`,
    ...(files.length === 0 ? [] : [files.map((flag) => MARKDOWN.code(flag)).join(" ")]),
    ...body,
    "</details>",
  ];
}

/** `**⚠️ Could not explain this module:** <message>`, for a module that has no report. */
export function moduleErrorBlock(verb: "explain" | "verify", error: ModuleError): string {
  return `**⚠️ Could not ${verb} this module:** ${MARKDOWN.text(error.message)}`;
}

/** One explanation without title or footer: the verdict line, facts, diagnostics and the steps in `<details>`. */
function explanationBlocks(explanation: Explanation): string[] {
  const blocks: string[] = [];
  const headline = describeHeadline(explanation, MARKDOWN);
  blocks.push(`**${headline.ok ? "✅" : "❌"} ${headline.label}** ${headline.answer}`);
  if (!headline.ok && headline.detail !== null) blocks.push(`> ${headline.detail}`);

  const facts: [string, string][] = [];
  const credentials = describeCredentialsFact(explanation, headline, MARKDOWN);
  if (credentials !== null) facts.push(["Credentials", credentials]);
  const region = describeRegion(explanation, MARKDOWN);
  facts.push(["Region", region.ok ? region.text : `❌ ${region.text}`]);
  facts.push(["Backend", describeBackend(explanation, MARKDOWN)]);
  const state = describeState(explanation, MARKDOWN);
  if (state !== null) facts.push(["State", state]);
  const endpoints = describeEndpoints(explanation, MARKDOWN);
  if (endpoints.length > 0) facts.push(["Endpoints", endpoints.join("; ")]);
  blocks.push(facts.map(([label, value]) => `- **${label}:** ${value}`).join("\n"));

  if (explanation.diagnostics.length > 0) {
    const ordered = SEVERITIES.flatMap(({ severity }) =>
      explanation.diagnostics.filter((d) => d.severity === severity),
    );
    blocks.push("#### Diagnostics", table(["Severity", "Diagnostic", "Where", "Fix"], ordered.map(diagnosticRow)));
  }

  if (explanation.steps.length > 0) {
    const open = explanation.verdict.terraformFails ? " open" : "";
    const count = explanation.steps.length === 1 ? "1 step" : `${explanation.steps.length} steps`;
    blocks.push(
      `<details${open}>\n<summary>Why: ${count}, in the order Terraform checks them</summary>`,
      table(["Source", "Outcome", "Reason", "Evidence"], explanation.steps.map(stepRow)),
      "</details>",
    );
  }
  return blocks;
}

const MODULE_STATUS_LABEL: Record<ModuleStatus, string> = {
  ok: "✅ resolves",
  fails: "❌ fails",
  error: "⚠️ not explained",
};
const MODULE_STATUS_ICON: Record<ModuleStatus, string> = { ok: "✅", fails: "❌", error: "⚠️" };
const SEVERITY_ICON: Record<Severity, string> = { error: "❌", warning: "⚠️", info: "ℹ️" };

/** `❌ 1 · ⚠️ 2`: diagnostics per severity, most serious first; empty when there are none. */
function describeCounts(diagnostics: readonly Diagnostic[]): string {
  const counts = countDiagnostics(diagnostics);
  return SEVERITIES.filter(({ severity }) => counts[severity] > 0)
    .map(({ severity }) => `${SEVERITY_ICON[severity]} ${counts[severity]}`)
    .join(" · ");
}

function escapeHtml(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
}

function diagnosticRow(diagnostic: Diagnostic): string[] {
  const where = diagnostic.location === null ? [] : [MARKDOWN.code(formatAt(diagnostic.location))];
  const related = relatedLocations(diagnostic).map((at) => `see also ${MARKDOWN.code(at)}`);
  return [
    SEVERITY_LABEL[diagnostic.severity],
    `${MARKDOWN.text(diagnostic.message)} <sub>${MARKDOWN.code(diagnostic.code)}</sub>`,
    [...where, ...related].join("<br>"),
    diagnostic.fix === null ? "" : MARKDOWN.text(diagnostic.fix),
  ];
}

function stepRow(step: Step): string[] {
  const wouldHave = describeWouldHave(step);
  const reason = MARKDOWN.text(step.reason.message) + (wouldHave === null ? "" : ` _(${wouldHave})_`);
  const details = [...describeStepFacts(step, MARKDOWN), ...step.evidence.map((e) => describeEvidence(e, MARKDOWN))];
  const title = MARKDOWN.text(step.title);
  return [
    step.outcome === "picked" ? `**${title}**` : title,
    OUTCOME_LABEL[step.outcome],
    reason,
    details.join("<br>"),
  ];
}

/** A GFM table. Pipes are escaped here, once, for every cell (inside code spans too, as GFM tables require). */
export function table(header: readonly string[], rows: readonly (readonly string[])[]): string {
  const line = (cells: readonly string[]) =>
    `| ${cells.map((c) => c.replace(/\|/g, "\\|").replace(/\n/g, "<br>")).join(" | ")} |`;
  return [line(header), `|${header.map(() => "---").join("|")}|`, ...rows.map(line)].join("\n");
}

/** A masked access key id (`AKIA************0001`): shown as code so its asterisks are not emphasis. */
const MASKED_KEY = /\b[A-Z0-9]{4}\*+[A-Z0-9]{4}\b/g;

/** Inline Markdown: identifiers and values in code spans, prose escaped so it renders as written. */
export const MARKDOWN: Inline = {
  code: codeSpan,
  literal: codeSpan,
  text(text: string): string {
    let out = "";
    let last = 0;
    for (const match of text.matchAll(MASKED_KEY)) {
      out += escapeProse(text.slice(last, match.index)) + codeSpan(match[0]);
      last = match.index + match[0].length;
    }
    return out + escapeProse(text.slice(last));
  },
};

function codeSpan(text: string): string {
  if (!text.includes("`")) return `\`${text}\``;
  const pad = text.startsWith("`") || text.endsWith("`") ? " " : "";
  return `\`\`${pad}${text}${pad}\`\``;
}

/**
 * Escapes what would change how prose renders: emphasis and code markers, link brackets, strikethrough tildes,
 * HTML. `_` inside a word (`shared_credentials_files`) cannot start emphasis in GFM, so it stays readable.
 */
function escapeProse(text: string): string {
  return text
    .replace(/[\\`*~[\]]/g, "\\$&")
    .replace(/(?<![A-Za-z0-9])_|_(?![A-Za-z0-9])/g, "\\_")
    .replace(/&(?=#?[A-Za-z0-9]+;)/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;");
}
