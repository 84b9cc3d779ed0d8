import type { Diagnostic, Explanation, Severity, StepOutcome } from "@tfwhy/core";
import {
  describeBackend,
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
import { backendConfigFlags, type ModuleBase, type ModuleError } from "./modules.js";
import { createStyle, type Style } from "./style.js";

/** Options for `renderText`. */
export interface RenderTextOptions {
  /** Draw with ANSI colours. Decided by the caller (flag, NO_COLOR, TTY); the reporter never looks. */
  readonly color: boolean;
  /**
   * Print everything: the "Why" trace for an explanation, every check of a verify report, every module of a
   * recursive report in full. Off by default, so that the answer and what to change fit on a screen.
   */
  readonly verbose?: boolean;
}

export const PLAIN: Inline = { code: (s) => s, literal: (s) => `"${s}"`, text: (s) => s };

const OUTCOME_MARK: Record<StepOutcome, string> = {
  picked: "✓ picked",
  applied: "✓ applied",
  skipped: "· skipped",
  unreached: "– unreached",
  error: "✗ error",
  unknown: "? unknown",
};

const SEVERITY_MARK: Record<Severity, string> = { error: "✗", warning: "!", info: "i" };

/**
 * Returns the explanation as terminal text, answer first: the verdict line (and the first error Terraform prints),
 * region and backend, then with `verbose` "Why" (one row per step, in the order Terraform checks them, with the
 * evidence under each reason), then the diagnostics grouped by severity with their fixes. Ends with a newline.
 */
export function renderText(explanation: Explanation, options: RenderTextOptions): string {
  const style = createStyle({ color: options.color });
  const lines: string[] = [];

  const headline = describeHeadline(explanation, PLAIN);
  if (headline.ok) {
    lines.push(`${style.bold(style.ok(headline.label))} ${headline.answer}`);
  } else {
    lines.push(`${style.bold(style.fail(headline.label))} ${headline.answer}`);
    if (headline.detail !== null) lines.push(`  ${headline.detail}`);
  }

  const facts: [string, string][] = [];
  const credentials = describeCredentialsFact(explanation, headline, PLAIN);
  if (credentials !== null) facts.push(["Credentials", credentials]);
  const region = describeRegion(explanation, PLAIN);
  facts.push(["Region", region.ok ? region.text : style.fail(region.text)]);
  facts.push(["Backend", describeBackend(explanation, PLAIN)]);
  const state = describeState(explanation, PLAIN);
  if (state !== null) facts.push(["State", state]);
  const endpoints = describeEndpoints(explanation, PLAIN);
  if (endpoints.length > 0) facts.push(["Endpoints", endpoints.join("; ")]);
  const labelWidth = Math.max(...facts.map(([label]) => label.length)) + 2;
  for (const [label, value] of facts) lines.push(`${`${label}:`.padEnd(labelWidth)}${value}`);

  if (options.verbose === true && explanation.steps.length > 0) {
    lines.push("", style.bold("Why (in the order Terraform checks)"), ...renderSteps(explanation, style));
  }

  for (const { severity, heading } of SEVERITIES) {
    const group = explanation.diagnostics.filter((d) => d.severity === severity);
    if (group.length === 0) continue;
    lines.push("", style.bold(`${heading} (${group.length})`));
    for (const diagnostic of group) lines.push(...renderDiagnostic(diagnostic, style));
  }

  // The hint keeps the short default discoverable without a trip to --help.
  const more = options.verbose === true || explanation.steps.length === 0 ? "" : "; --verbose shows why";
  lines.push(
    "",
    style.dim(`Modelled on Terraform ${explanation.terraformVersion}; root module ${explanation.dir}${more}`),
  );
  return `${lines.join("\n")}\n`;
}

/** One module of a recursive report: a `── dir  -backend-config=…` header line, then `body`. */
export function moduleSection(module: ModuleBase, body: string, style: Style): string {
  const files = backendConfigFlags(module).join(" ");
  return `${style.bold(`── ${module.dir}`)}${files === "" ? "" : `  ${style.dim(files)}`}\n${body}`;
}

/** `Could not explain this module: <message>`, for a module that has no report. */
export function moduleErrorLine(verb: "explain" | "verify", error: ModuleError, style: Style): string {
  return `${style.bold(style.fail(`Could not ${verb} this module:`))} ${error.message}\n`;
}

function renderSteps(explanation: Explanation, style: Style): string[] {
  const rows = explanation.steps.map((step) => ({ step, source: step.title, outcome: OUTCOME_MARK[step.outcome] }));
  const sourceWidth = Math.max("Source".length, ...rows.map((r) => r.source.length)) + 2;
  const outcomeWidth = Math.max("Outcome".length, ...rows.map((r) => r.outcome.length)) + 2;
  const indent = " ".repeat(2 + sourceWidth + outcomeWidth);
  const lines = [style.dim(`  ${"Source".padEnd(sourceWidth)}${"Outcome".padEnd(outcomeWidth)}Reason`)];
  for (const { step, source, outcome } of rows) {
    const paint = {
      picked: style.ok,
      applied: style.ok,
      skipped: style.dim,
      unreached: style.dim,
      error: style.fail,
      unknown: style.warn,
    }[step.outcome];
    const wouldHave = describeWouldHave(step);
    const reason = wouldHave === null ? step.reason.message : `${step.reason.message} ${style.dim(`(${wouldHave})`)}`;
    lines.push(`  ${source.padEnd(sourceWidth)}${paint(outcome.padEnd(outcomeWidth))}${reason}`);
    const details = [...describeStepFacts(step, PLAIN), ...step.evidence.map((e) => describeEvidence(e, PLAIN))];
    if (details.length > 0) lines.push(`${indent}${style.dim(`↳ ${details.join(", ")}`)}`);
  }
  return lines;
}

/** One diagnostic: mark, message, location and code, then its fix and related locations indented beneath. */
export function renderDiagnostic(diagnostic: Diagnostic, style: Style): string[] {
  const mark = { error: style.fail, warning: style.warn, info: style.dim }[diagnostic.severity](
    SEVERITY_MARK[diagnostic.severity],
  );
  const at = diagnostic.location === null ? null : formatAt(diagnostic.location);
  const where = at === null || diagnostic.message.includes(at) ? "" : ` (${at})`;
  const lines = [`  ${mark} ${diagnostic.message}${where} ${style.dim(`[${diagnostic.code}]`)}`];
  if (diagnostic.fix !== null) lines.push(`    ${style.bold("fix:")} ${diagnostic.fix}`);
  const related = relatedLocations(diagnostic);
  if (related.length > 0) lines.push(`    ${style.dim(`see also: ${related.join(", ")}`)}`);
  return lines;
}
