import type { Check, Diagnostic, VerifyReport, VerifySummary } from "@tfwhy/core";
import { describeHeadline } from "./describe.js";
import { type FitModule, fitMarkdown, MARKDOWN, moduleDetails, moduleErrorBlock } from "./markdown.js";
import {
  type ModuleStatus,
  pluralize,
  type RecursiveReport,
  type RecursiveVerifyReport,
  summarizeVerifyModules,
  type VerifyModuleResult,
  verifyModuleStatus,
} from "./modules.js";
import { type OverviewModule, overviewTable, renderOverview } from "./overview.js";
import { topDiagnostic } from "./recursive-text.js";
import { type RenderSarifOptions, renderSarif } from "./sarif.js";
import { createStyle } from "./style.js";
import { moduleErrorLine, moduleSection, PLAIN, type RenderTextOptions, renderDiagnostic } from "./text.js";
import {
  checksToAct,
  renderVerifyText,
  verifyJsonDocument,
  verifyMarkdownBlocks,
  withCheckDiagnostics,
} from "./verify.js";

const MODULE_RESULT_LABEL: Record<ModuleStatus, string> = {
  ok: "✅ verified",
  fails: "❌ failed",
  error: "⚠️ not verified",
};

/**
 * Returns a recursive verify report as terminal text: a table (module, workspace, identity, verdict, top finding)
 * and one summary line with the modules by result, the checks over all modules and the AWS calls deduplication
 * saved; then the offline diagnostics several modules share, once each with the modules they affect; then the
 * modules that need action (a failed or warning check, a diagnostic of their own), each as `renderVerifyText`
 * prints it without the shared diagnostics. With `verbose`, the table and summary, then every module in full.
 * Ends with a newline.
 */
export function renderRecursiveVerifyText(report: RecursiveVerifyReport, options: RenderTextOptions): string {
  const style = createStyle({ color: options.color });
  const summary = summarizeVerifyModules(report);
  const parts = [`${summary.status.ok} verified`];
  if (summary.status.fails > 0) parts.push(style.fail(`${summary.status.fails} failed`));
  if (summary.status.error > 0) parts.push(style.fail(`${summary.status.error} could not be verified`));
  const line =
    `${pluralize(summary.total, "root module")} under ${report.root}: ${parts.join(", ")}; ` +
    `checks: ${describeChecks(summary.checks)}; ${describeDeduped(report)}`;
  const allOk = summary.status.ok === summary.total;
  const summaryLine = style.bold(allOk ? style.ok(line) : line);

  const modules = report.modules.map((module): OverviewModule => {
    if (!("report" in module)) {
      return {
        dir: module.dir,
        cells: ["–", "–", "✗ could not be verified", module.error.message],
        diagnostics: [],
        needsAction: () => true,
        details: () => moduleSection(module, moduleErrorLine("verify", module.error, style), style),
      };
    }
    const verify = module.report;
    const toAct = checksToAct(verify.checks).filter((c) => c.status === "fail" || c.status === "warn");
    return {
      dir: module.dir,
      cells: [
        verify.explanation.workspace.name,
        verify.identity?.arn ?? "unknown",
        describeModuleVerdict(verify),
        topFinding(toAct, verify.explanation.diagnostics),
      ],
      diagnostics: verify.explanation.diagnostics,
      needsAction: (own) => !verify.ok || toAct.length > 0 || own.some((d) => d.severity !== "info"),
      details: (own) => {
        const trimmed = { ...verify, explanation: { ...verify.explanation, diagnostics: own } };
        return moduleSection(module, renderVerifyText(trimmed, { ...options, verbose: false }), style);
      },
    };
  });
  if (options.verbose !== true) {
    return renderOverview(modules, HEADERS, summaryLine, (d) => renderDiagnostic(d, style), style);
  }
  const sections = report.modules.map((module) =>
    moduleSection(
      module,
      "report" in module ? renderVerifyText(module.report, options) : moduleErrorLine("verify", module.error, style),
      style,
    ),
  );
  return `${overviewTable(modules, HEADERS, summaryLine, style)}\n\n${sections.join("\n")}`;
}

const HEADERS = ["Module", "Workspace", "Identity", "Verdict", "Top finding"];

/** The first failed (else warning) check and how many more there are; without one, the top diagnostic. */
function topFinding(toAct: readonly Check[], diagnostics: readonly Diagnostic[]): string {
  const [first] = toAct;
  if (first === undefined) return topDiagnostic(diagnostics);
  return `${first.status === "fail" ? "✗" : "!"} ${first.title}${toAct.length > 1 ? ` (+${toAct.length - 1})` : ""}`;
}

/** `✓ verified`, `✗ Read state failed`, `✗ fails offline: Missing region value`, `✗ cancelled`. */
function describeModuleVerdict(report: VerifyReport): string {
  if (report.cancelled) return "✗ cancelled";
  if (report.ok) return "✓ verified";
  if (report.explanation.verdict.terraformFails) {
    return `✗ fails offline: ${describeHeadline(report.explanation, PLAIN).answer}`;
  }
  const failed = report.checks.filter((c) => c.status === "fail").map((c) => c.title);
  return `✗ ${failed.join(", ")} failed`;
}

/**
 * Returns a recursive verify report as GitHub-flavoured Markdown: a verdict line over all modules, the check totals
 * and the calls deduplication saved, one summary table (module, result, identity, checks), then each module's
 * verify report inside `<details>` (open when it failed or could not be verified). Deterministic; ends with a newline.
 */
export function renderRecursiveVerifyMarkdown(report: RecursiveVerifyReport): string {
  const summary = summarizeVerifyModules(report);
  const blocks: string[] = [
    `### tfwhy verify: Terraform's S3 backend, live, ${pluralize(summary.total, "root module")}`,
  ];

  const problems: string[] = [];
  if (summary.status.fails > 0) problems.push(`verification failed in ${summary.status.fails} of ${summary.total}`);
  if (summary.status.error > 0) problems.push(`${summary.status.error} could not be verified`);
  blocks.push(
    problems.length === 0
      ? `**✅ Every check passed in ${summary.total === 1 ? "the root module" : `all ${summary.total} root modules`}` +
          ".**"
      : `**❌ ${capitalize(problems.join("; "))}.**`,
  );
  blocks.push(`Checks over all modules: ${describeChecks(summary.checks)}; ${describeDeduped(report)}.`);

  const row = (module: VerifyModuleResult): string[] => {
    const dir = MARKDOWN.code(module.dir);
    if (!("report" in module)) return [dir, MODULE_RESULT_LABEL.error, MARKDOWN.text(module.error.message), ""];
    return [
      dir,
      MODULE_RESULT_LABEL[verifyModuleStatus(module)],
      describeIdentity(module.report),
      describeCheckCounts(module.report.summary),
    ];
  };

  const modules = report.modules.map(
    (module): FitModule => ({
      ok: verifyModuleStatus(module) === "ok",
      row: row(module),
      details: moduleDetails(
        module,
        verifyModuleStatus(module),
        "report" in module ? verifyMarkdownBlocks(module.report) : [moduleErrorBlock("verify", module.error)],
      ),
    }),
  );
  const footer =
    `<sub>tfwhy verify · modelled on Terraform 1.11 · ${pluralize(summary.total, "root module")} ` +
    `under ${MARKDOWN.code(report.root)}</sub>`;
  return fitMarkdown(blocks, ["Module", "Result", "Identity", "Checks"], modules, footer, {
    ok: "where every check passed",
    problem: "where verification failed or that could not be verified",
  });
}

/**
 * Returns a recursive verify report as the JSON document `tfwhy verify --recursive DIR --format json` prints:
 * `{ schemaVersion, root, modules: [{ dir, backendConfigFiles, report | error }], dedupedCalls }`, each report as
 * `renderVerifyJson` prints it. Valid against `@tfwhy/reporter/recursive-verify.schema.json`.
 */
export function renderRecursiveVerifyJson(report: RecursiveVerifyReport): string {
  const modules = report.modules.map((module) =>
    "report" in module
      ? { dir: module.dir, backendConfigFiles: module.backendConfigFiles, report: verifyJsonDocument(module.report) }
      : { dir: module.dir, backendConfigFiles: module.backendConfigFiles, error: module.error },
  );
  const document = {
    schemaVersion: report.schemaVersion,
    root: report.root,
    modules,
    dedupedCalls: report.dedupedCalls,
  };
  return `${JSON.stringify(document, null, 2)}\n`;
}

/**
 * Returns a recursive verify report as SARIF 2.1.0, as `renderSarif` does for a recursive explain report: each
 * module's diagnostics plus one result per failed (error) or warning check (`verify.<check>`), messages prefixed
 * with the module's directory; modules that could not be verified become tool execution notifications.
 */
export function renderRecursiveVerifySarif(report: RecursiveVerifyReport, options: RenderSarifOptions = {}): string {
  const explained: RecursiveReport = {
    schemaVersion: report.schemaVersion,
    root: report.root,
    modules: report.modules.map((module) =>
      "report" in module
        ? {
            dir: module.dir,
            backendConfigFiles: module.backendConfigFiles,
            explanation: withCheckDiagnostics(module.report),
          }
        : module,
    ),
  };
  return renderSarif(explained, options);
}

function describeChecks(checks: VerifySummary): string {
  const warnings = pluralize(checks.warn, "warning");
  return `${checks.pass} passed, ${checks.fail} failed, ${warnings}, ${checks.notChecked} not checked`;
}

/** `✅ 8 · ❌ 1 · ⚠️ 2 · 3 not checked`: one module's checks, zero counts left out. */
function describeCheckCounts(summary: VerifySummary): string {
  const parts = [
    [`✅`, summary.pass],
    [`❌`, summary.fail],
    [`⚠️`, summary.warn],
  ] as const;
  const counts = parts.filter(([, n]) => n > 0).map(([icon, n]) => `${icon} ${n}`);
  if (summary.notChecked > 0) counts.push(`${summary.notChecked} not checked`);
  return counts.join(" · ");
}

function describeDeduped(report: RecursiveVerifyReport): string {
  return `${pluralize(report.dedupedCalls, "identical AWS call")} saved by deduplication`;
}

function describeIdentity(report: VerifyReport): string {
  return report.identity ? MARKDOWN.code(report.identity.arn) : "unknown";
}

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
