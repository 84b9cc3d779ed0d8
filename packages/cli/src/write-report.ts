import { randomBytes } from "node:crypto";
import * as nodeFs from "node:fs/promises";
import { basename, dirname, join } from "node:path";

/** The file-system calls `writeReportFile` makes, injectable so tests can fail any of them (a full disk mid-write). */
export interface WriteFs {
  stat(path: string): Promise<{ isFile(): boolean; isDirectory(): boolean; mode: number }>;
  realpath(path: string): Promise<string>;
  open(
    path: string,
    flags: string,
    mode?: number,
  ): Promise<{
    writeFile(text: string): Promise<void>;
    chmod(mode: number): Promise<void>;
    sync(): Promise<void>;
    close(): Promise<void>;
  }>;
  writeFile(path: string, text: string): Promise<void>;
  rename(from: string, to: string): Promise<void>;
  rm(path: string, options: { force: boolean }): Promise<void>;
}

const NODE_FS: WriteFs = nodeFs;

/** What writing a report file came to: written, or failed with a one-line reason. */
export type WriteResult = { readonly state: "written" } | { readonly state: "failed"; readonly message: string };

/**
 * Writes a report to `path` so that a reader never sees half of it: the text goes to a temporary file in the same
 * directory (`.NAME.tfwhy-<random>.tmp`), is flushed to disk, then renamed over `path` in one step; on any failure
 * the temporary file is removed and `path` keeps what it had. An existing file keeps its permissions, and a symlink
 * is followed (its target is replaced, not the link). A path that is not a regular file (`/dev/stdout`, a FIFO, a
 * terminal) is written directly: renaming over it would replace the device. The directory must be writable (the
 * temporary file is created there), even when FILE itself is. Failures come back as words
 * ("permission denied"), never as an exception or a bare errno code.
 */
export async function writeReportFile(path: string, text: string, fs: WriteFs = NODE_FS): Promise<WriteResult> {
  let target = path;
  let mode: number | undefined;
  try {
    const existing = await fs.stat(path);
    if (existing.isDirectory()) return { state: "failed", message: "it is a directory" };
    if (!existing.isFile()) {
      await fs.writeFile(path, text);
      return { state: "written" };
    }
    target = await fs.realpath(path);
    mode = existing.mode & 0o7777;
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    // A missing file is the usual case: it is created. Anything else (a missing directory, no permission) is reported.
    if (code !== "ENOENT") return { state: "failed", message: describeFsError(error) };
    try {
      const parent = await fs.stat(dirname(path));
      if (!parent.isDirectory()) return { state: "failed", message: `${dirname(path)} is not a directory` };
    } catch (parentError) {
      const parentCode = (parentError as NodeJS.ErrnoException).code;
      return {
        state: "failed",
        message: parentCode === "ENOENT" ? `directory ${dirname(path)} does not exist` : describeFsError(parentError),
      };
    }
  }

  const temp = join(dirname(target), `.${basename(target)}.tfwhy-${randomBytes(6).toString("hex")}.tmp`);
  let created = false;
  try {
    const handle = await fs.open(temp, "wx", 0o666);
    created = true;
    try {
      await handle.writeFile(text);
      if (mode !== undefined) await handle.chmod(mode);
      await handle.sync();
    } finally {
      await handle.close();
    }
    await fs.rename(temp, target);
    return { state: "written" };
  } catch (error) {
    if (created) await fs.rm(temp, { force: true }).catch(() => undefined);
    return { state: "failed", message: describeFsError(error) };
  }
}

const WORDS: Readonly<Record<string, string>> = {
  EACCES: "permission denied",
  EPERM: "permission denied",
  EROFS: "the file system is read-only",
  ENOSPC: "no space left on the device",
  EDQUOT: "disk quota exceeded",
  EFBIG: "the file is too large",
  EISDIR: "it is a directory",
  ENOTDIR: "a part of the path is not a directory",
  ENOENT: "a directory on the path does not exist",
  ENAMETOOLONG: "the file name is too long",
  ELOOP: "too many levels of symbolic links",
  EIO: "an input/output error occurred",
  EBUSY: "the file is busy",
  ETXTBSY: "the file is busy",
  EXDEV: "the file is on another file system",
  EMFILE: "too many open files",
  ENFILE: "too many open files",
};

/** A file-system error in words; unknown codes keep Node's own description, without the code and the syscall. */
export function describeFsError(error: unknown): string {
  const e = error as NodeJS.ErrnoException;
  const words = WORDS[e.code ?? ""];
  if (words !== undefined) return words;
  const message = e instanceof Error ? e.message : String(error);
  // "ECODE: description, syscall 'path'" → "description"
  const described = /^[A-Z0-9_]+: ([^,]+)/.exec(message)?.[1];
  return described ?? (message.split("\n", 1)[0] || "unknown error");
}
