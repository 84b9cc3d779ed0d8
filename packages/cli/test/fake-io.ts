import { posix } from "node:path";
import type { AwsPort, ExplainInput, Explanation, VerifyInput, VerifyReport, VerifyWorld, World } from "@tfwhy/core";
import { createFakeWorld } from "@tfwhy/core/testing";
import type { CliIo, ExplainFn, VerifyFn, WorldOptions } from "../src/io.js";

export interface FakeIoSpec {
  readonly argv: readonly string[];
  readonly env?: Readonly<Record<string, string | undefined>>;
  readonly cwd?: string;
  readonly stdoutIsTTY?: boolean;
  readonly stderrIsTTY?: boolean;
  /** Files by absolute path; every other path is missing. */
  readonly files?: Readonly<Record<string, string | null>>;
  /**
   * What the injected explain returns or throws (per input, when a function); omit to use core's real
   * explainCredentials.
   */
  readonly explain?: Explanation | Error | ((input: ExplainInput) => Explanation | Error);
  /**
   * What the injected verify returns or throws (per call, when a function); every call is recorded in
   * `verifyCalls`.
   */
  readonly verify?:
    | VerifyReport
    | ((input: VerifyInput, world: VerifyWorld) => VerifyReport | Error | Promise<VerifyReport>);
  /** The AWS port the CLI wraps for `verify --recursive` (io.aws). */
  readonly aws?: AwsPort;
}

export interface FakeIo {
  readonly io: CliIo;
  readonly stdout: () => string;
  readonly stderr: () => string;
  /** Every world the CLI asked for, in order. */
  readonly worlds: WorldOptions[];
  /** Every call to the injected explain. */
  readonly calls: { readonly input: ExplainInput; readonly world: World }[];
  /** Files written with --output, by absolute path. */
  readonly written: Map<string, string>;
  /** Every call to the injected verify. */
  readonly verifyCalls: VerifyInput[];
  /** The world of each call to the injected verify, in the same order. */
  readonly verifyWorlds: VerifyWorld[];
}

/** A `CliIo` made of data: output is collected, worlds are fake, nothing touches the process. */
export function createFakeIo(spec: FakeIoSpec): FakeIo {
  const out: string[] = [];
  const err: string[] = [];
  const worlds: WorldOptions[] = [];
  const calls: FakeIo["calls"] = [];
  const written = new Map<string, string>();
  const verifyCalls: VerifyInput[] = [];
  const verifyWorlds: VerifyWorld[] = [];
  const verify: VerifyFn | undefined =
    spec.verify === undefined
      ? undefined
      : async (input, world) => {
          verifyCalls.push(input);
          verifyWorlds.push(world);
          const answer = typeof spec.verify === "function" ? await spec.verify(input, world) : spec.verify!;
          if (answer instanceof Error) throw answer;
          return answer;
        };
  const explain: ExplainFn | undefined =
    spec.explain === undefined
      ? undefined
      : async (input, world) => {
          calls.push({ input, world });
          const answer = typeof spec.explain === "function" ? spec.explain(input) : spec.explain!;
          if (answer instanceof Error) throw answer;
          return answer;
        };
  const io: CliIo = {
    argv: spec.argv,
    env: spec.env ?? {},
    cwd: spec.cwd ?? "/work/project",
    stdout: (text) => void out.push(text),
    stderr: (text) => void err.push(text),
    stdoutIsTTY: spec.stdoutIsTTY ?? false,
    stderrIsTTY: spec.stderrIsTTY ?? false,
    async writeFile(path, text) {
      // Like the disk: writing needs an existing directory.
      const parent = posix.dirname(path);
      const exists = Object.keys(spec.files ?? {}).some((file) => file.startsWith(`${parent}/`));
      if (!exists) return { state: "failed", message: `directory ${parent} does not exist` };
      written.set(path, text);
      return { state: "written" };
    },
    async createWorld(options) {
      worlds.push(options);
      return createFakeWorld({ ...options, files: spec.files ?? {} });
    },
    ...(explain === undefined ? {} : { explain }),
    ...(verify === undefined ? {} : { verify }),
    ...(spec.aws === undefined ? {} : { aws: spec.aws }),
  };
  return {
    io,
    stdout: () => out.join(""),
    stderr: () => err.join(""),
    worlds,
    calls,
    written,
    verifyCalls,
    verifyWorlds,
  };
}
