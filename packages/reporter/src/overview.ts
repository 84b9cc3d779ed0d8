import type { Diagnostic, Severity } from "@tfwhy/core";
import type { Style } from "./style.js";

/** The widest a table cell gets before it is cut with `…`: the table must stay one line per module. */
const CELL_MAX = 56;

const SEVERITY_RANK: Record<Severity, number> = { error: 0, warning: 1, info: 2 };

/** One module of a short recursive report, as the text renderers of explain and verify describe it. */
export interface OverviewModule {
  readonly dir: string;
  /** The table row after the module column: workspace, identity, verdict, top diagnostic. */
  readonly cells: readonly string[];
  /** The module's diagnostics that may be shared with others (empty for a module that has no report). */
  readonly diagnostics: readonly Diagnostic[];
  /** Whether its details are worth printing once the shared diagnostics are taken out. */
  readonly needsAction: (own: readonly Diagnostic[]) => boolean;
  /** Its details (header included), with only its own diagnostics. */
  readonly details: (own: readonly Diagnostic[]) => string;
}

/** A diagnostic reported by several modules alike, printed once with the modules it affects. */
export interface SharedDiagnostic {
  readonly diagnostic: Diagnostic;
  readonly dirs: readonly string[];
}

/**
 * The diagnostics that two or more modules report alike (same code, severity, message and fix): they come from a
 * file the modules share, such as `~/.aws/config`, or the same mistake copied between them. Most serious first.
 */
export function sharedDiagnostics(modules: readonly OverviewModule[]): SharedDiagnostic[] {
  const groups = new Map<string, { diagnostic: Diagnostic; dirs: string[] }>();
  for (const module of modules) {
    for (const diagnostic of module.diagnostics) {
      const key = diagnosticKey(diagnostic);
      const group = groups.get(key) ?? { diagnostic, dirs: [] };
      if (!group.dirs.includes(module.dir)) group.dirs.push(module.dir);
      groups.set(key, group);
    }
  }
  return [...groups.values()]
    .filter((group) => group.dirs.length > 1)
    .sort((a, b) => SEVERITY_RANK[a.diagnostic.severity] - SEVERITY_RANK[b.diagnostic.severity]);
}

/** What makes two modules' diagnostics the same finding. */
export function diagnosticKey(diagnostic: Diagnostic): string {
  return JSON.stringify([diagnostic.code, diagnostic.severity, diagnostic.message, diagnostic.fix]);
}

/**
 * The short form of a recursive text report: the table (one row per module), the summary line, the shared
 * diagnostics once each with the modules they affect, then the details of the modules that still need action,
 * each without the shared diagnostics. Ends with a newline.
 */
export function renderOverview(
  modules: readonly OverviewModule[],
  headers: readonly string[],
  summary: string,
  renderShared: (diagnostic: Diagnostic) => string[],
  style: Style,
): string {
  const lines = [overviewTable(modules, headers, summary, style)];

  const shared = sharedDiagnostics(modules);
  if (shared.length > 0) {
    lines.push("", style.bold(`Shared by several modules (${shared.length})`));
    for (const { diagnostic, dirs } of shared) {
      lines.push(...renderShared(diagnostic), `    ${style.dim(`modules: ${dirs.join(", ")}`)}`);
    }
  }

  const sharedKeys = new Set(shared.map((s) => diagnosticKey(s.diagnostic)));
  const sections: string[] = [];
  const fine: string[] = [];
  for (const module of modules) {
    const own = module.diagnostics.filter((d) => !sharedKeys.has(diagnosticKey(d)));
    if (module.needsAction(own)) sections.push(module.details(own));
    else fine.push(module.dir);
  }
  if (sections.length > 0) lines.push("", style.bold(`Needs action (${sections.length})`), "", sections.join("\n"));
  if (fine.length > 0) {
    const tail = sections.length > 0 ? "" : "\n";
    lines.push(`${tail}${style.dim(`Nothing more to do in: ${fine.join(", ")} (--verbose for every module)`)}`);
  }
  return `${lines.join("\n").replace(/\n+$/, "")}\n`;
}

/** The table, one row per module, then the summary line. No trailing newline. */
export function overviewTable(
  modules: readonly OverviewModule[],
  headers: readonly string[],
  summary: string,
  style: Style,
): string {
  const rows = modules.map((m) => [m.dir, ...m.cells]);
  return [...renderTable(headers, rows, style), "", summary].join("\n");
}

/** Left-aligned columns, two spaces apart; long cells are cut so that each module stays on one line. */
function renderTable(headers: readonly string[], rows: readonly (readonly string[])[], style: Style): string[] {
  const cut = rows.map((row) => row.map((cell) => (cell.length > CELL_MAX ? `${cell.slice(0, CELL_MAX - 1)}…` : cell)));
  const widths = headers.map((header, i) => Math.max(header.length, ...cut.map((row) => (row[i] ?? "").length)));
  const line = (cells: readonly string[]) =>
    cells
      .map((cell, i) => (i === cells.length - 1 ? cell : cell.padEnd(widths[i] ?? 0)))
      .join("  ")
      .trimEnd();
  return [style.bold(line(headers)), ...cut.map(line)];
}
