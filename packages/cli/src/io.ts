import type {
  AwsPort,
  ExplainInput,
  Explanation,
  FileRead,
  VerifyInput,
  VerifyReport,
  VerifyWorld,
  World,
} from "@tfwhy/core";
import { describeFsError, type WriteResult, writeReportFile } from "./write-report.js";

/**
 * Explains a root module in a world: core's `explainCredentials` unless a test injects another. The CLI passes an
 * absolute `dir` and absolute `-backend-config` file paths.
 */
export type ExplainFn = (input: ExplainInput, world: World) => Promise<Explanation>;

/** Verifies a root module live: core's `verifyBackend` unless a test injects another (e.g. with a fake AWS port). */
export type VerifyFn = (input: VerifyInput, world: VerifyWorld) => Promise<VerifyReport>;

/** How the CLI asks for a world: everything it decided from the flags. */
export interface WorldOptions {
  /** The environment Terraform would see (after --no-env / --env-file). */
  readonly env: Readonly<Record<string, string | undefined>>;
  /** Terraform's working directory: DIR. */
  readonly cwd: string;
  /** `--home`; the real home directory when absent. */
  readonly homeDir?: string;
}

/** Everything the CLI touches, injected so tests run `main` without a process. */
export interface CliIo {
  /** Arguments after the program name. */
  readonly argv: readonly string[];
  /** tfwhy's own environment: colour decisions, and the starting point of the explained environment. */
  readonly env: Readonly<Record<string, string | undefined>>;
  /** Absolute directory that relative DIR, --home and --env-file paths are resolved against. */
  readonly cwd: string;
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
  readonly stdoutIsTTY: boolean;
  /** Progress counters are drawn only on a terminal. */
  readonly stderrIsTTY: boolean;
  /**
   * Writes `--output FILE` atomically (temp file + rename, see `writeReportFile`); a failure is an answer in words,
   * not an exception.
   */
  writeFile(path: string, text: string): Promise<WriteResult>;
  /**
   * Reads standard input to its end: `--env-file /dev/stdin` (or `/dev/fd/0`) comes here rather than through the
   * file system, because opening /dev/stdin fails (ENXIO) when stdin is a socket, as it is under many process managers.
   */
  readStdin?(): Promise<FileRead>;
  /** Async so that core is loaded only by commands that need a world (not by --help or --version). */
  createWorld(options: WorldOptions): Promise<World>;
  /** Defaults to core's `explainCredentials`, loaded only when `explain` runs. */
  readonly explain?: ExplainFn;
  /** Defaults to core's `verifyBackend`, loaded only when `verify` runs. */
  readonly verify?: VerifyFn;
  /**
   * The AWS port `verify --recursive` wraps in one deduping port shared by every module (core's
   * `createSdkAwsPort` when absent); tests inject a fake. Single-module `verify` leaves the choice to `verify`.
   */
  readonly aws?: AwsPort;
  /**
   * Calls `handler` once on Ctrl-C (SIGINT) or SIGTERM until the returned function is called; verify uses it to
   * stop and clean up its probes. Absent in tests that do not need it.
   */
  onInterrupt?(handler: () => void): () => void;
}

export type { WriteResult } from "./write-report.js";

/** Returns the `CliIo` of this process: real argv, env, streams and file system. */
export function createNodeIo(): CliIo {
  return {
    argv: process.argv.slice(2),
    env: { ...process.env },
    cwd: process.cwd(),
    stdout: (text) => void process.stdout.write(text),
    stderr: (text) => void process.stderr.write(text),
    stdoutIsTTY: process.stdout.isTTY === true,
    stderrIsTTY: process.stderr.isTTY === true,
    writeFile: (path, text) => writeReportFile(path, text),
    async readStdin() {
      try {
        const chunks: Buffer[] = [];
        for await (const chunk of process.stdin)
          chunks.push(typeof chunk === "string" ? Buffer.from(chunk) : (chunk as Buffer));
        return { state: "found", text: Buffer.concat(chunks).toString("utf8") };
      } catch (error) {
        return { state: "unreadable", message: `cannot read standard input: ${describeFsError(error)}` };
      }
    },
    onInterrupt(handler) {
      // SIGTERM too: CI runners cancel a job with it, and the probes must still be removed.
      const once = () => {
        stop();
        handler();
      };
      const stop = () => {
        process.off("SIGINT", once);
        process.off("SIGTERM", once);
      };
      process.on("SIGINT", once);
      process.on("SIGTERM", once);
      return stop;
    },
    async createWorld({ env, cwd, homeDir }) {
      const { createNodeWorld } = await import("@tfwhy/core");
      return createNodeWorld(homeDir === undefined ? { env, cwd } : { env, cwd, homeDir });
    },
  };
}
