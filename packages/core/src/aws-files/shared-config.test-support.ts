import type { FileRead } from "../world/world.js";
import { type LocatedValue, loadSharedConfigSet, type SharedConfigSet, type SharedFileInput } from "./shared-config.js";

// Shared by the shared-config tests: files under `~/.aws/` loaded the way the chain loads them.

/** A file's content, or how reading it went. */
export type FileSpec = string | FileRead;

export interface Files {
  /** One file is `~/.aws/config`; several are `config1`, `config2`… in that (Go's) order. */
  readonly config?: FileSpec | readonly FileSpec[];
  readonly credentials?: FileSpec | readonly FileSpec[];
}

export function inputs(kind: "config" | "credentials", spec: Files["config"]): SharedFileInput[] {
  if (spec === undefined) return [];
  const list: readonly FileSpec[] = typeof spec === "string" || !Array.isArray(spec) ? [spec as FileSpec] : spec;
  return list.map((file, index) => {
    const name = list.length === 1 ? kind : `${kind}${index + 1}`;
    const read: FileRead = typeof file === "string" ? { state: "found", text: file } : file;
    return { path: `/home/user/.aws/${name}`, display: `~/.aws/${name}`, read };
  });
}

export function load(files: Files): SharedConfigSet {
  return loadSharedConfigSet({
    configFiles: inputs("config", files.config),
    credentialsFiles: inputs("credentials", files.credentials),
  });
}

export const where = (v: LocatedValue): string => `${v.value} @${v.at.file.replace("~/.aws/", "")}:${v.at.line}`;
