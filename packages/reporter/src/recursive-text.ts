import type { Diagnostic } from "@tfwhy/core";
import { describeCredentialsBrief, describeHeadline, SEVERITIES } from "./describe.js";
import { moduleStatus, pluralize, type RecursiveReport, summarizeModules } from "./modules.js";
import { type OverviewModule, overviewTable, renderOverview } from "./overview.js";
import { createStyle, type Style } from "./style.js";
import { moduleErrorLine, moduleSection, PLAIN, type RenderTextOptions, renderDiagnostic, renderText } from "./text.js";

const HEADERS = ["Module", "Workspace", "Identity", "Verdict", "Top diagnostic"];

/**
 * Returns a recursive report as terminal text: a table (module, workspace, identity, verdict, top diagnostic) and
 * the summary line first, then the diagnostics several modules share (a `~/.aws` file, the same mistake) once
 * each with the modules they affect, then the modules that need action, each as `renderText` prints it without
 * the shared diagnostics. With `verbose`, the table and summary, then every module in full. Ends with a newline.
 */
export function renderRecursiveText(report: RecursiveReport, options: RenderTextOptions): string {
  const style = createStyle({ color: options.color });
  const summary = summaryLine(report, style);
  const modules = report.modules.map((module): OverviewModule => {
    if (!("explanation" in module)) {
      const details = () => moduleSection(module, moduleErrorLine("explain", module.error, style), style);
      return {
        dir: module.dir,
        cells: ["–", "–", "✗ could not be explained", module.error.message],
        diagnostics: [],
        needsAction: () => true,
        details,
      };
    }
    const { explanation } = module;
    const fails = moduleStatus(module) === "fails";
    return {
      dir: module.dir,
      cells: [
        explanation.workspace.name,
        describeCredentialsBrief(explanation, PLAIN),
        fails ? `✗ ${describeHeadline(explanation, PLAIN).answer}` : "✓ OK",
        topDiagnostic(explanation.diagnostics),
      ],
      diagnostics: explanation.diagnostics,
      needsAction: (own) => fails || own.some((d) => d.severity !== "info"),
      details: (own) =>
        moduleSection(module, renderText({ ...explanation, diagnostics: own }, { ...options, verbose: false }), style),
    };
  });
  if (options.verbose !== true) {
    return renderOverview(modules, HEADERS, summary, (d) => renderDiagnostic(d, style), style);
  }
  const sections = report.modules.map((module) =>
    moduleSection(
      module,
      "explanation" in module
        ? renderText(module.explanation, options)
        : moduleErrorLine("explain", module.error, style),
      style,
    ),
  );
  return `${overviewTable(modules, HEADERS, summary, style)}\n\n${sections.join("\n")}`;
}

/** `! provider-credentials-ignored (+2)`: the most serious diagnostic's code, and how many more there are. */
export function topDiagnostic(diagnostics: readonly Diagnostic[]): string {
  for (const { severity } of SEVERITIES) {
    const first = diagnostics.find((d) => d.severity === severity);
    if (first === undefined) continue;
    const more = diagnostics.length > 1 ? ` (+${diagnostics.length - 1})` : "";
    return `${{ error: "✗", warning: "!", info: "i" }[severity]} ${first.code}${more}`;
  }
  return "–";
}

function summaryLine(report: RecursiveReport, style: Style): string {
  const summary = summarizeModules(report);
  const parts = [`${summary.status.ok} OK`];
  if (summary.status.fails > 0) parts.push(style.fail(`${summary.status.fails} Terraform would fail`));
  if (summary.status.error > 0) parts.push(style.fail(`${summary.status.error} could not be explained`));
  const counts = SEVERITIES.filter(({ severity }) => summary.diagnostics[severity] > 0).map(({ severity }) =>
    pluralize(summary.diagnostics[severity], severity === "info" ? "note" : severity),
  );
  const tail = counts.length > 0 ? `; ${counts.join(", ")}` : "";
  const allOk = report.modules.every((m) => moduleStatus(m) === "ok");
  const line = `${pluralize(summary.total, "root module")} under ${report.root}: ${parts.join(", ")}${tail}`;
  return style.bold(allOk ? style.ok(line) : line);
}
