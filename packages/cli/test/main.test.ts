import { InternalError, InvalidInputError } from "@tfwhy/core";
import { renderJson, renderMarkdown, renderText } from "@tfwhy/reporter";
import { describe, expect, it } from "vitest";
import { imdsDisabled, missingRegion, seedIncident } from "../../reporter/test/fixtures/index.js";
import packageJson from "../package.json" with { type: "json" };
import { ExitCode } from "../src/exit-codes.js";
import { main } from "../src/main.js";
import { createFakeIo, type FakeIoSpec } from "./fake-io.js";

const ANSI = /\u001b\[/;

/** A root module and a home with one profile, so the directory checks pass. */
const files = {
  "/work/project/main.tf": 'terraform {\n  backend "s3" {}\n}\n',
  "/work/project/infra/main.tf": 'terraform {\n  backend "s3" {}\n}\n',
  "/home/alice/.aws/credentials": "[default]\naws_access_key_id = AKIAEXAMPLE\n",
  "/work/project/alice.env": "# Alice's shell\nexport AWS_PROFILE=alice\nAWS_REGION='eu-west-1'\n\nEMPTY=\n",
  "/work/project/bad.env": "AWS_PROFILE=ok\nthis is not an assignment\n",
};

async function run(spec: Partial<FakeIoSpec> & { argv: readonly string[] }) {
  const fake = createFakeIo({ files, explain: seedIncident, ...spec });
  const code = await main(fake.io);
  return { code, ...fake, out: fake.stdout(), err: fake.stderr() };
}

describe("tfwhy --version and --help", () => {
  it.each([["--version"], ["-version"], ["explain", "--version"]])("%s prints the package version", async (...argv) => {
    const { code, out, err } = await run({ argv });
    expect(code).toBe(ExitCode.Ok);
    expect(out).toBe(`tfwhy ${packageJson.version}\n`);
    expect(err).toBe("");
  });

  it.each([["--help"], ["-h"], ["-help"]])("%s lists the commands and exit codes", async (...argv) => {
    const { code, out } = await run({ argv });
    expect(code).toBe(ExitCode.Ok);
    expect(out).toContain("explain [DIR]");
    expect(out).toContain("Exit codes:");
    expect(out).toMatch(/^ {2}130 {2}verify was cancelled \(Ctrl-C or SIGTERM\)/m);
  });

  it.each([
    ["explain", "--help"],
    ["explain", "-h"],
    ["--help", "explain"],
  ])("%s %s shows explain's flags and examples", async (...argv) => {
    const { code, out } = await run({ argv });
    expect(code).toBe(ExitCode.Ok);
    expect(out).toMatch(/^Usage: tfwhy explain \[DIR\]/);
    expect(out).toContain("-backend-config=FILE|KEY=VALUE");
    expect(out).toContain("Examples:");
  });
});

describe("usage errors exit 2 with one message line and a hint", () => {
  it.each<[string, string[], string]>([
    ["no command", [], "tfwhy: missing command (commands: explain, verify, policy)"],
    ["an unknown command", ["deploy"], 'tfwhy: unknown command "deploy" (commands: explain, verify, policy)'],
    ["an unknown flag", ["explain", "--frobnicate"], "tfwhy: unknown flag --frobnicate"],
    ["an unknown single-dash flag", ["explain", "-reconfigure"], "tfwhy: unknown flag -reconfigure"],
    ["a flag without its value", ["explain", "-backend-config"], "tfwhy: -backend-config needs a value"],
    ["a value on a switch", ["explain", "--json=yes"], "tfwhy: --json takes no value"],
    [
      "an unknown format",
      ["explain", "--format", "yaml"],
      'tfwhy: --format must be text, markdown, json or sarif, not "yaml"',
    ],
    ["two directories", ["explain", "a", "b"], "tfwhy: explain takes one directory, got 2: a b"],
    [
      "DIR and -chdir",
      ["explain", "infra", "-chdir=infra"],
      "tfwhy: give the directory once: as DIR (infra) or as -chdir (infra)",
    ],
    ["a missing DIR", ["explain", "nope"], "tfwhy: directory nope: no such directory"],
    ["a missing --home", ["explain", "--home", "/home/bob"], "tfwhy: --home /home/bob: no such directory"],
    ["a missing --env-file", ["explain", "--env-file", "none.env"], "tfwhy: --env-file none.env: no such file"],
    [
      "a malformed --env-file",
      ["explain", "--env-file", "bad.env"],
      'tfwhy: bad.env:2: expected KEY=VALUE, found a line without "=" (25 characters)',
    ],
  ])("%s", async (_name, argv, message) => {
    const { code, out, err, calls } = await run({ argv });
    expect(code).toBe(ExitCode.Usage);
    expect(out).toBe("");
    const lines = err.trimEnd().split("\n");
    expect(lines).toHaveLength(2);
    expect(lines[0]).toBe(message);
    expect(lines[1]).toMatch(
      argv.includes("explain")
        ? /^(Run "tfwhy explain --help" for usage|Each line .*)\.$/
        : /^Run "tfwhy --help" for usage\.$/,
    );
    expect(calls).toHaveLength(0);
  });
});

describe("tfwhy explain", () => {
  it("explains the current directory as text, answer first, and exits 0", async () => {
    const { code, out, err, calls } = await run({ argv: ["explain"] });
    expect(code).toBe(ExitCode.Ok);
    expect(err).toBe("");
    expect(out).toBe(renderText(seedIncident, { color: false }));
    expect(calls[0]?.input).toEqual({ dir: "/work/project", backendConfig: [] });
    expect(calls[0]?.world.cwd).toBe("/work/project");
  });

  it.each([
    ["credentials fail", imdsDisabled],
    ["the region is missing", missingRegion],
  ])("exits 1 and still prints the report when %s", async (_name, explanation) => {
    const { code, out, err } = await run({ argv: ["explain"], explain: explanation });
    expect(code).toBe(ExitCode.TerraformFails);
    expect(out).toMatch(/^Terraform will fail: /);
    expect(err).toBe("");
  });

  it.each<[string[], (e: typeof seedIncident) => string]>([
    [["--json"], renderJson],
    [["-json"], renderJson],
    [["--format", "json"], renderJson],
    [["--format=json", "--color"], renderJson],
    [["-format=markdown"], renderMarkdown],
    [["--format", "md"], renderMarkdown],
    [["--json", "--format", "text"], (e) => renderText(e, { color: false })],
  ])("%j prints the chosen format", async (flags, render) => {
    const { code, out } = await run({ argv: ["explain", ...flags] });
    expect(code).toBe(ExitCode.Ok);
    expect(out).toBe(render(seedIncident));
  });

  it("passes -backend-config values in order, files resolved against DIR, KEY=VALUE and empty as given", async () => {
    const { calls } = await run({
      argv: [
        "explain",
        "-backend-config=env/a.hcl",
        "infra",
        "-backend-config",
        "env/b.hcl",
        "--backend-config=profile=terraform",
        "--backend-config",
        "region=eu-west-1",
        "-backend-config=/etc/tf/c.hcl",
        "-backend-config=",
      ],
    });
    expect(calls[0]?.input).toEqual({
      dir: "/work/project/infra",
      backendConfig: [
        "/work/project/infra/env/a.hcl",
        "/work/project/infra/env/b.hcl",
        "profile=terraform",
        "region=eu-west-1",
        "/etc/tf/c.hcl",
        "",
      ],
    });
    expect(calls[0]?.world.cwd).toBe("/work/project/infra");
  });

  it.each([
    [["explain", "-chdir=infra"]],
    [["-chdir=infra", "explain"]],
    [["explain", "--chdir", "infra"]],
    [["explain", "/work/project/infra"]],
    [["explain", "--", "infra"]],
  ])("%j explains infra/", async (argv) => {
    const { code, calls } = await run({ argv });
    expect(code).toBe(ExitCode.Ok);
    expect(calls[0]?.input.dir).toBe("/work/project/infra");
  });

  it("--home makes the world's home directory DIR", async () => {
    const { calls } = await run({ argv: ["explain", "--home", "../../home/alice"] });
    expect(calls[0]?.world.homeDir).toBe("/home/alice");
  });

  describe("environment", () => {
    const env = { AWS_PROFILE: "mine", AWS_ACCESS_KEY_ID: "AKIAMINE", HOME: "/home/me" };

    it("is tfwhy's own by default", async () => {
      const { calls } = await run({ argv: ["explain"], env });
      expect(calls[0]?.world.env).toEqual(env);
    });

    it("--no-env starts empty", async () => {
      const { calls } = await run({ argv: ["explain", "--no-env"], env });
      expect(calls[0]?.world.env).toEqual({});
    });

    it("--env-file replaces the variables it names", async () => {
      const { calls } = await run({ argv: ["explain", "--env-file", "alice.env"], env });
      expect(calls[0]?.world.env).toEqual({ ...env, AWS_PROFILE: "alice", AWS_REGION: "eu-west-1", EMPTY: "" });
    });

    it("--no-env with --env-file sees only the file", async () => {
      const { calls } = await run({ argv: ["explain", "--no-env", "--env-file=/work/project/alice.env"], env });
      expect(calls[0]?.world.env).toEqual({ AWS_PROFILE: "alice", AWS_REGION: "eu-west-1", EMPTY: "" });
    });
  });

  describe("colour", () => {
    it.each<[string, Partial<FakeIoSpec>, boolean]>([
      ["a terminal", { stdoutIsTTY: true }, true],
      ["a pipe", { stdoutIsTTY: false }, false],
      ["a dumb terminal", { stdoutIsTTY: true, env: { TERM: "dumb" } }, false],
      ["NO_COLOR on a terminal", { stdoutIsTTY: true, env: { NO_COLOR: "1" } }, false],
      ["NO_COLOR beats FORCE_COLOR", { env: { NO_COLOR: "yes", FORCE_COLOR: "1" } }, false],
      ["FORCE_COLOR on a pipe", { env: { FORCE_COLOR: "1" } }, true],
      ["--color on a pipe", { argv: ["explain", "--color"] }, true],
      ["--no-color beats FORCE_COLOR", { argv: ["explain", "-no-color"], env: { FORCE_COLOR: "1" } }, false],
      ["--color beats NO_COLOR", { argv: ["explain", "--color"], env: { NO_COLOR: "1" } }, true],
    ])("%s", async (_name, spec, colored) => {
      const { out } = await run({ argv: ["explain"], ...spec });
      expect(ANSI.test(out)).toBe(colored);
    });

    it("never colours JSON or Markdown", async () => {
      for (const format of ["json", "markdown"]) {
        const { out } = await run({ argv: ["explain", "--color", "--format", format], stdoutIsTTY: true });
        expect(out).not.toMatch(ANSI);
      }
    });

    it("ignores colour variables of the explained environment", async () => {
      const { out } = await run({
        argv: ["explain", "--no-env", "--env-file", "color.env"],
        stdoutIsTTY: true,
        files: { ...files, "/work/project/color.env": "NO_COLOR=1\n" },
      });
      expect(out).toMatch(ANSI);
    });
  });
});

describe("errors from explaining", () => {
  const invalid = new InvalidInputError('unsupported attribute "profil"', {
    file: "env/backend.hcl",
    path: "/work/project/env/backend.hcl",
    line: 3,
  });

  it("prints core's InvalidInputError as one line and a hint, exit 2, no stack", async () => {
    const { code, out, err } = await run({ argv: ["explain"], explain: invalid });
    expect(code).toBe(ExitCode.Usage);
    expect(out).toBe("");
    expect(err).toBe(
      'tfwhy: env/backend.hcl:3: unsupported attribute "profil"\nFix the configuration named above; "tfwhy explain --help" lists the options.\n',
    );
  });

  it.each([
    ["a TypeError", new TypeError("Cannot read properties of undefined (reading 'x')")],
    ["core's InternalError", new InternalError("chain walk ended without an answer")],
  ])("reports %s as an internal error, exit 3, no stack", async (_name, error) => {
    const { code, out, err } = await run({ argv: ["explain"], explain: error });
    expect(code).toBe(ExitCode.Internal);
    expect(out).toBe("");
    const lines = err.trimEnd().split("\n");
    expect(lines).toEqual([`tfwhy: internal error: ${error.message}`, expect.stringContaining("--debug")]);
  });

  it("shows the stack and the cause with --debug", async () => {
    const error = new InternalError("outer", { cause: new RangeError("inner") });
    const { code, err } = await run({ argv: ["explain", "--debug"], explain: error });
    expect(code).toBe(ExitCode.Internal);
    expect(err).toMatch(/^tfwhy: internal error: outer\n/);
    expect(err).toMatch(/\n\s+at /);
    expect(err).toContain("Caused by:\nRangeError: inner");
  });

  it("shows the stack of an input error with --debug", async () => {
    const { code, err } = await run({ argv: ["explain", "-debug"], explain: invalid });
    expect(code).toBe(ExitCode.Usage);
    expect(err).toMatch(/\n\s+at /);
  });
});
