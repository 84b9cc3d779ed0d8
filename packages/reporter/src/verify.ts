import {
  type Check,
  type CheckStatus,
  checkCode,
  type Diagnostic,
  type Explanation,
  type TerraformStep,
  type VerifyReport,
} from "@tfwhy/core";
import { describeCredentialsBrief, describeHeadline, type Inline } from "./describe.js";
import { renderJson } from "./json.js";
import { renderMarkdown } from "./markdown.js";
import { type RenderSarifOptions, renderSarif } from "./sarif.js";
import { createStyle, type Style } from "./style.js";
import { type RenderTextOptions, renderText } from "./text.js";

const PLAIN: Inline = { code: (s) => s, literal: (s) => `"${s}"`, text: (s) => s };
const MARKDOWN: Inline = {
  code: (s) => `\`${s.replace(/`/g, "'")}\``,
  literal: (s) => `\`"${s.replace(/`/g, "'")}"\``,
  text: (s) => escapeMarkdown(s),
};

const STATUS_MARK: Record<CheckStatus, string> = {
  pass: "✓ pass",
  fail: "✗ fail",
  warn: "! warn",
  "not-checked": "– not checked",
};
const MARK_WIDTH = Math.max(...Object.values(STATUS_MARK).map((m) => m.length));
const STATUS_LABEL: Record<CheckStatus, string> = {
  pass: "✅ pass",
  fail: "❌ fail",
  warn: "⚠️ warn",
  "not-checked": "not checked",
};

/** Failing checks first, then warnings, then those not checked: the order a person acts in. */
const STATUS_ORDER: Record<CheckStatus, number> = { fail: 0, warn: 1, "not-checked": 2, pass: 3 };

/** The checks that did not pass, failing first (report order within a status). */
export function checksToAct(checks: readonly Check[]): Check[] {
  return checks.filter((c) => c.status !== "pass").sort((a, b) => STATUS_ORDER[a.status] - STATUS_ORDER[b.status]);
}

/**
 * The checks the short text shows: those that did not pass, then the probe clean-up even when it passed, since
 * what verify wrote to a bucket and whether it is gone is always worth a line.
 */
function checksShown(checks: readonly Check[]): Check[] {
  return [...checksToAct(checks), ...checks.filter((c) => c.status === "pass" && c.id === "probe.cleanup")];
}

/**
 * Returns a verify report as terminal text: the verdict and the identity first, then the checks that did not pass
 * (failing first) with what was observed, the AWS error code and, for failures, the cause and the fix, and one
 * line naming the checks that passed; then the offline explanation. With `verbose`, every check in report order
 * and the explanation with its "Why" trace.
 */
export function renderVerifyText(report: VerifyReport, options: RenderTextOptions): string {
  const style = createStyle({ color: options.color });
  const verbose = options.verbose === true;
  const lines: string[] = [verifyHeadline(report, style, PLAIN)];
  lines.push(`Identity: ${describeIdentity(report, PLAIN)}`);
  lines.push(
    `Checks:   ${describeSummary(report)}` +
      (report.writeProbe ? " (write probes on)" : " (read-only; --write-probe also tests writes and locking)"),
  );
  lines.push(`Judged:   for ${describeOperation(report)}`);
  lines.push("");
  const shown = verbose ? report.checks : checksShown(report.checks);
  for (const check of shown) lines.push(...renderCheck(check, style));
  const hidden = report.checks.filter((c) => !shown.includes(c));
  if (hidden.length > 0) {
    const mark = style.ok(STATUS_MARK.pass.padEnd(MARK_WIDTH));
    const count = `${hidden.length} ${shown.length === 0 ? "" : "other "}check${hidden.length === 1 ? "" : "s"}`;
    lines.push(`  ${mark}  ${count} ${style.dim("(--verbose lists each)")}`);
  }
  lines.push("", style.bold("Offline explanation"), "");
  lines.push(renderText(report.explanation, options).trimEnd());
  return `${lines.join("\n")}\n`;
}

/** One check: status first, title beside it, everything else indented beneath (titles are long and vary a lot). */
function renderCheck(check: Check, style: Style): string[] {
  const indent = " ".repeat(MARK_WIDTH + 4);
  const lines = [
    `  ${paintStatus(check.status, STATUS_MARK[check.status].padEnd(MARK_WIDTH), style)}  ${style.bold(check.title)}`,
    `${indent}${check.detail}`,
  ];
  if (check.awsError) {
    const e = check.awsError;
    lines.push(
      `${indent}${style.dim(
        `↳ ${e.operation}: ${e.code}${e.httpStatus ? ` (HTTP ${e.httpStatus})` : ""}` +
          `${e.requestId ? `, request id ${e.requestId}` : ""}`,
      )}`,
    );
  }
  if (check.terraform) lines.push(`${indent}terraform: ${describeTerraformStep(check.terraform)}`);
  if (check.cause !== null) lines.push(`${indent}cause: ${check.cause}`);
  if (check.fix !== null) lines.push(`${indent}${style.bold("fix:")} ${check.fix}`);
  return lines;
}

/**
 * Returns a verify report as GitHub-flavoured Markdown: verdict, identity, a checks table, fixes, and the explanation
 * in `<details>`.
 */
export function renderVerifyMarkdown(report: VerifyReport): string {
  return `${["### tfwhy verify: Terraform's S3 backend, live", ...verifyMarkdownBlocks(report)].join("\n\n")}\n`;
}

/**
 * A verify report without its title: verdict, identity, the checks that did not pass (failing first), the passing
 * ones in `<details>`, fixes, the explanation in `<details>`.
 */
export function verifyMarkdownBlocks(report: VerifyReport): string[] {
  const blocks: string[] = [];
  blocks.push(`**${verdictIcon(report)} ${escapeMarkdown(verifyVerdict(report))}**`);
  blocks.push(
    `- Identity: ${describeIdentity(report, MARKDOWN)}\n` +
      `- Checks: ${describeSummary(report)}${report.writeProbe ? " (write probes on)" : " (read-only)"}, ` +
      `judged for ${describeOperation(report)}`,
  );
  const row = (c: Check): string => {
    const error = c.awsError
      ? `\`${c.awsError.code}\`${c.awsError.httpStatus ? ` (${c.awsError.httpStatus})` : ""}`
      : "";
    return `| ${escapeMarkdown(c.title)} | ${STATUS_LABEL[c.status]} | ${escapeMarkdown(c.detail)} | ${error} |`;
  };
  const header = ["| Check | Result | Observed | AWS error |", "|---|---|---|---|"];
  // Checks that need a look first, failing first; the passing ones collapsed, as a reviewer rarely opens them.
  const toAct = checksToAct(report.checks);
  if (toAct.length > 0) blocks.push([...header, ...toAct.map(row)].join("\n"));
  const passed = report.checks.filter((c) => c.status === "pass");
  if (passed.length > 0) {
    const summary = `${STATUS_LABEL.pass}: ${passed.length === 1 ? "1 check" : `${passed.length} checks`}`;
    blocks.push(
      `<details><summary>${summary}</summary>\n\n${[...header, ...passed.map(row)].join("\n")}\n\n</details>`,
    );
  }
  const fixes = toAct.filter((c) => c.fix !== null && (c.status === "fail" || c.status === "warn"));
  if (fixes.length > 0) {
    blocks.push(
      [
        "#### What to change",
        ...fixes.map(
          (c) =>
            `- **${escapeMarkdown(c.title)}**: ${escapeMarkdown(c.cause ?? c.detail)}` +
            (c.terraform ? `<br>**Terraform:** ${escapeMarkdown(describeTerraformStep(c.terraform))}` : "") +
            `<br>**Fix:** ${escapeMarkdown(c.fix ?? "")}`,
        ),
      ].join("\n"),
    );
  }
  const explanation = renderMarkdown(report.explanation).replace(/^### [^\n]*\n\n/, "");
  blocks.push(
    "<details><summary>Offline explanation (which credentials and why)</summary>\n\n" +
      `${explanation.trimEnd()}\n\n</details>`,
  );
  return blocks;
}

/**
 * Returns a verify report as stable JSON (`schemaVersion` first, trailing newline); see
 * `@tfwhy/reporter/verify.schema.json`.
 */
export function renderVerifyJson(report: VerifyReport): string {
  return `${JSON.stringify(verifyJsonDocument(report), null, 2)}\n`;
}

/** The document `renderVerifyJson` prints, as an object: fixed key order, the explanation as `renderJson` orders it. */
export function verifyJsonDocument(report: VerifyReport): Record<string, unknown> {
  const { schemaVersion, ok, operation, identity, writeProbe, summary, checks, explanation } = report;
  const embedded = JSON.parse(renderJson(explanation)) as unknown;
  return { schemaVersion, ok, operation, identity, writeProbe, summary, checks, explanation: embedded };
}

/**
 * Returns a verify report as SARIF 2.1.0: the explanation's diagnostics plus one result per failed (error) or
 * warning check, with rule id `verify.<check>`, placed on the `backend "s3"` block.
 */
export function renderVerifySarif(report: VerifyReport, options: RenderSarifOptions = {}): string {
  return renderSarif(withCheckDiagnostics(report), options);
}

/** The report's explanation with one more diagnostic per failed (error) or warning check, code `verify.<check>`. */
export function withCheckDiagnostics(report: VerifyReport): Explanation {
  const checks: Diagnostic[] = report.checks
    .filter((c) => c.status === "fail" || c.status === "warn")
    .map((c) => ({
      code: checkCode(c.id),
      severity: c.status === "fail" ? "error" : "warning",
      message:
        `${c.title}: ${c.detail}${c.awsError ? ` (${c.awsError.operation}: ${c.awsError.code})` : ""}` +
        `${c.terraform ? ` Terraform: ${describeTerraformStep(c.terraform)}.` : ""}` +
        `${c.cause !== null ? ` ${c.cause}` : ""}`,
      location: report.explanation.backend.block,
      fix: c.fix,
    }));
  return { ...report.explanation, diagnostics: [...report.explanation.diagnostics, ...checks] };
}

function verifyHeadline(report: VerifyReport, style: Style, inline: Inline): string {
  const label = report.cancelled
    ? style.fail("Verify cancelled:")
    : report.ok
      ? style.ok("Verified:")
      : style.fail("Verify failed:");
  const credentials = style.dim(`(credentials: ${describeCredentialsBrief(report.explanation, inline)})`);
  return `${style.bold(label)} ${verifyVerdict(report)} ${credentials}`;
}

function verdictIcon(report: VerifyReport): string {
  return report.cancelled ? "⏹️ Cancelled:" : report.ok ? "✅" : "❌";
}

function verifyVerdict(report: VerifyReport): string {
  const failed = report.checks.filter((c) => c.status === "fail");
  if (report.cancelled) {
    const unrun = report.summary.notChecked;
    const failedText = failed.length > 0 ? `; failed before that: ${failed.map((c) => c.title).join(", ")}` : "";
    return `interrupted before every check ran (${unrun} not checked)${failedText}.`;
  }
  if (report.explanation.verdict.terraformFails) {
    return `Terraform fails before it reaches AWS: ${describeHeadline(report.explanation, PLAIN).answer}`;
  }
  if (failed.length === 0) return "the backend's identity can do what Terraform needs.";
  return `${failed.length} check${failed.length === 1 ? "" : "s"} failed: ${failed.map((c) => c.title).join(", ")}.`;
}

function describeIdentity(report: VerifyReport, inline: Inline): string {
  const id = report.identity;
  if (!id) return "unknown (no successful sts:GetCallerIdentity)";
  const role = id.kind === "assumed-role" && id.roleArn ? `, session of ${inline.code(id.roleArn)}` : "";
  const key = `key ${inline.code(id.accessKeyId)}${id.temporary ? ", temporary" : ""}`;
  return `${inline.code(id.arn)} (account ${id.accountId}${role}, ${key})`;
}

function describeSummary(report: VerifyReport): string {
  const s = report.summary;
  return `${s.pass} passed, ${s.fail} failed, ${s.warn} warnings, ${s.notChecked} not checked`;
}

function paintStatus(status: CheckStatus, text: string, style: Style): string {
  switch (status) {
    case "pass":
      return style.ok(text);
    case "fail":
      return style.fail(text);
    case "warn":
      return style.warn(text);
    case "not-checked":
      return style.dim(text);
  }
}

function escapeMarkdown(text: string): string {
  return text.replace(/\|/g, "\\|").replace(/\n/g, "<br>").replace(/</g, "&lt;");
}

export type { Check };

/** `terraform init, plan and apply`: the commands the checks were judged for. */
function describeOperation(report: VerifyReport): string {
  const commands = { init: "init", plan: "init and plan", apply: "init, plan and apply" }[report.operation];
  return `terraform ${commands}`;
}

/**
 * The Terraform call a failing check stands for, in one line: `terraform plan fails acquiring the state lock:
 * dynamodb:PutItem on arn:… (needs dynamodb:PutItem, attribute_not_exists(LockID); client.go lockWithDynamoDB)`.
 */
export function describeTerraformStep(step: TerraformStep): string {
  const conditions = step.conditions.length > 0 ? `, ${step.conditions.join(", ")}` : "";
  return (
    `terraform ${step.command} fails ${step.step}: ${step.call} on ${step.resource}` +
    ` (needs ${step.action}${conditions}; ${step.goFunction})`
  );
}
