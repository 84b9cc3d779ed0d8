import type { ModuleResult, VerifyModuleResult, World } from "@tfwhy/core";
import { applyIgnores, applyVerifyIgnores, checkIgnoreFlags, loadIgnoreConfig } from "./ignore.js";
import { codesFor } from "./ignore-config.js";
import type { CliIo } from "./io.js";

/** The codes ignored for a module directory (absolute): --ignore plus its nearest `.tfwhy.json`. */
export type IgnoredFor = (dir: string) => Promise<ReadonlySet<string>>;

/**
 * For --recursive: checks the --ignore flags up front (exit 2 before any module runs), then resolves each module's
 * codes, reading each directory's `.tfwhy.json` once however many modules share it.
 */
export async function treeIgnores(flags: readonly string[], world: World, io: CliIo): Promise<IgnoredFor> {
  await checkIgnoreFlags(flags);
  const configs = new Map<string, ReturnType<typeof loadIgnoreConfig>>();
  return async (dir) => {
    let config = configs.get(dir);
    if (config === undefined) {
      config = loadIgnoreConfig(world, dir, io);
      configs.set(dir, config);
    }
    const found = await config;
    return new Set([...flags, ...(found === null ? [] : codesFor(found, dir))]);
  };
}

/** `explain --recursive`: each module's explanation marked (for JSON) and filtered (for the other formats). */
export async function ignoreModules(
  modules: readonly ModuleResult[],
  ignoredFor: IgnoredFor,
): Promise<{ readonly marked: ModuleResult[]; readonly shown: ModuleResult[] }> {
  const both = await Promise.all(
    modules.map(async (m) => {
      if (!("explanation" in m)) return { marked: m, shown: m };
      const { marked, shown } = applyIgnores(m.explanation, await ignoredFor(m.explanation.dir));
      return { marked: { ...m, explanation: marked }, shown: { ...m, explanation: shown } };
    }),
  );
  return { marked: both.map((b) => b.marked), shown: both.map((b) => b.shown) };
}

/** `verify --recursive`: each module's report marked (for JSON) and filtered (for the other formats). */
export async function ignoreVerifyModules(
  modules: readonly VerifyModuleResult[],
  ignoredFor: IgnoredFor,
): Promise<{ readonly marked: VerifyModuleResult[]; readonly shown: VerifyModuleResult[] }> {
  const { checkCode } = await import("@tfwhy/core");
  const both = await Promise.all(
    modules.map(async (m) => {
      if (!("report" in m)) return { marked: m, shown: m };
      const codes = await ignoredFor(m.report.explanation.dir);
      const { marked, shown } = applyVerifyIgnores(m.report, codes, checkCode);
      return { marked: { ...m, report: marked }, shown: { ...m, report: shown } };
    }),
  );
  return { marked: both.map((b) => b.marked), shown: both.map((b) => b.shown) };
}
