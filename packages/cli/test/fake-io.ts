import type { ExplainInput, Explanation, World } from "@tfwhy/core";
import { createFakeWorld } from "@tfwhy/core/testing";
import type { CliIo, ExplainFn, WorldOptions } from "../src/io.js";

export interface FakeIoSpec {
  readonly argv: readonly string[];
  readonly env?: Readonly<Record<string, string | undefined>>;
  readonly cwd?: string;
  readonly stdoutIsTTY?: boolean;
  /** Files by absolute path; every other path is missing. */
  readonly files?: Readonly<Record<string, string | null>>;
  /** What the injected explain returns or throws; omit to use core's real explainCredentials. */
  readonly explain?: Explanation | Error;
}

export interface FakeIo {
  readonly io: CliIo;
  readonly stdout: () => string;
  readonly stderr: () => string;
  /** Every world the CLI asked for, in order. */
  readonly worlds: WorldOptions[];
  /** Every call to the injected explain. */
  readonly calls: { readonly input: ExplainInput; readonly world: World }[];
}

/** A `CliIo` made of data: output is collected, worlds are fake, nothing touches the process. */
export function createFakeIo(spec: FakeIoSpec): FakeIo {
  const out: string[] = [];
  const err: string[] = [];
  const worlds: WorldOptions[] = [];
  const calls: FakeIo["calls"] = [];
  const explain: ExplainFn | undefined =
    spec.explain === undefined
      ? undefined
      : async (input, world) => {
          calls.push({ input, world });
          if (spec.explain instanceof Error) throw spec.explain;
          return spec.explain!;
        };
  const io: CliIo = {
    argv: spec.argv,
    env: spec.env ?? {},
    cwd: spec.cwd ?? "/work/project",
    stdout: (text) => void out.push(text),
    stderr: (text) => void err.push(text),
    stdoutIsTTY: spec.stdoutIsTTY ?? false,
    async createWorld(options) {
      worlds.push(options);
      return createFakeWorld({ ...options, files: spec.files ?? {} });
    },
    ...(explain === undefined ? {} : { explain }),
  };
  return { io, stdout: () => out.join(""), stderr: () => err.join(""), worlds, calls };
}
