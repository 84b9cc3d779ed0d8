/**
 * Issue 8, fuzzing: every reader of user input, fed structured-but-wrong input (see generators.ts). The property is
 * the same everywhere: the only outcomes are a result or a typed input error that says where (file and line when the
 * format has lines), within a time budget. Any other throw (TypeError, RangeError, a plain Error) is a failure.
 *
 * Short run by default (a few thousand inputs); `TFWHY_LONG=1` runs ≥ 100,000. `TFWHY_FUZZ_SEED` replays a seed.
 * Figures go to `recordFigures("fuzz", …)`.
 */
import { createHash } from "node:crypto";
import { writeFileSync } from "node:fs";
import { explainCredentials, InvalidInputError, type Location, NestingTooDeepError } from "@tfwhy/core";
import { createFakeWorld } from "@tfwhy/core/testing";
import fc from "fast-check";
import { afterAll, describe, expect, it } from "vitest";
import { parseEnvFile } from "../../packages/cli/src/env-file.js";
import { UsageError } from "../../packages/cli/src/usage-error.js";
import { parseIni } from "../../packages/core/src/aws-files/ini.js";
import {
  listProfileNames,
  loadSharedConfigSet,
  resolveSharedConfigProfile,
  type SharedFileInput,
  validateSsoConfiguration,
} from "../../packages/core/src/aws-files/shared-config.js";
import { parseSsoToken } from "../../packages/core/src/aws-files/sso-cache.js";
import { parseHcl } from "../../packages/core/src/backend/hcl.js";
import { readRootModule } from "../../packages/core/src/backend/root-module.js";
import { parseJsonAttributes, parseTerraformJson } from "../../packages/core/src/backend/tf-json.js";
import { AwsCallError } from "../../packages/core/src/verify/aws-port.js";
import { parseCredentialJson, parseProcessCredentialOutput } from "../../packages/core/src/verify/sdk-aws-port.js";
import type { FileRead } from "../../packages/core/src/world/world.js";
import { type Figure, LONG_RUN, recordFigures } from "../record.js";
import {
  backendConfigFlag,
  backendConfigHcl,
  chainConfigText,
  credentialJsonText,
  envFileText,
  iniText,
  mainTf,
  PROFILE_NAMES,
  ssoCacheText,
  tfJson,
} from "./generators.js";

const SEED = process.env["TFWHY_FUZZ_SEED"]
  ? Number(process.env["TFWHY_FUZZ_SEED"])
  : Math.floor(Math.random() * 2 ** 31);
const figures: Record<string, Figure> = { seed: SEED };
let totalInputs = 0;
let totalFailures = 0;
const started = performance.now();

afterAll(() => {
  figures["inputs tried (all targets)"] = totalInputs;
  figures["failures found (all targets)"] = totalFailures;
  figures["elapsed (ms, all targets)"] = Math.round(performance.now() - started);
  recordFigures("fuzz", figures);
});

/**
 * Time one input may take. Inputs run to 200 KB and the suite runs beside others on two cores, so the budgets are a
 * few times the slowest input seen (about 1 s for a 200 KB module); what they catch is a hang or quadratic time
 * (the .tf.json template regex took 23 s on 99 KB).
 */
const BUDGET_MS = { parse: 3_000, module: 5_000, explain: 8_000 } as const;

/** Inputs per target: [short, long]. The long run totals 110,000. */
const RUNS = {
  ini: [800, 20_000],
  "shared-config": [500, 15_000],
  "backend-loader": [300, 15_000],
  "tf-json": [600, 15_000],
  "env-file": [800, 15_000],
  "sso-cache": [600, 10_000],
  "credential-json": [600, 10_000],
  explain: [150, 10_000],
} as const;
type Target = keyof typeof RUNS;

/**
 * Runs one target: `check` throws to fail an input (an unexpected error propagates as is). The input's time is
 * measured and must stay under `budgetMs`.
 */
async function fuzz<T>(
  target: Target,
  arbitrary: fc.Arbitrary<T>,
  check: (input: T) => void | Promise<void>,
  budgetMs: number,
): Promise<void> {
  const numRuns = RUNS[target][LONG_RUN ? 1 : 0];
  let slowest = 0;
  const start = performance.now();
  const details = await fc.check(
    fc.asyncProperty(arbitrary, async (input) => {
      const t0 = performance.now();
      await check(input);
      const ms = performance.now() - t0;
      slowest = Math.max(slowest, ms);
      if (ms > budgetMs) throw new Error(`took ${Math.round(ms)} ms, over the ${budgetMs} ms budget`);
    }),
    // No shrinking: inputs run to 200 KB, and shrinking those takes longer than the run. The report names the seed,
    // the input (its start) and the error; TFWHY_FUZZ_SEED replays it.
    {
      numRuns,
      seed: SEED,
      endOnFailure: true,
      interruptAfterTimeLimit: LONG_RUN ? 1_500_000 : 50_000,
      markInterruptAsFailure: true,
    },
  );
  const tried = details.numRuns + details.numSkips;
  totalInputs += tried;
  totalFailures += details.failed ? 1 : 0;
  figures[`${target}: inputs tried`] = tried;
  figures[`${target}: failures found`] = details.failed ? 1 : 0;
  figures[`${target}: elapsed (ms)`] = Math.round(performance.now() - start);
  figures[`${target}: slowest input (ms)`] = Math.round(slowest);
  const input = details.counterexample ? JSON.stringify(details.counterexample[0]) : "";
  // TFWHY_FUZZ_DUMP=<file> keeps the whole failing input, for replaying outside the harness.
  if (details.failed && process.env["TFWHY_FUZZ_DUMP"])
    writeFileSync(`${process.env["TFWHY_FUZZ_DUMP"]}.${target}.json`, input);
  const error =
    details.errorInstance instanceof Error ? details.errorInstance.message : String(details.errorInstance ?? "");
  expect(
    details.failed,
    `${target}, seed ${SEED}, run ${details.numRuns}: ${error.slice(0, 2000)}\ninput (${input.length} chars): ${input.slice(0, 1500)}`,
  ).toBe(false);
}

/** What a thrown error must be: one of ours, and named for the user (no stack, no TypeError, no RangeError). */
function describeUnexpected(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message}\n${error.stack ?? ""}` : String(error);
}

/**
 * An InvalidInputError whose message is one line, that starts with `file:line: ` when it has a location (the line
 * within the file's lines), or that is one of the kinds with no line to point at (`locationless`).
 */
function assertInputError(
  error: unknown,
  texts: Readonly<Record<string, string>>,
  locationless: RegExp | null,
): asserts error is InvalidInputError {
  if (!(error instanceof InvalidInputError) || error.code !== "invalid-input")
    throw new Error(`not a typed input error: ${describeUnexpected(error)}`);
  if (/[\n\r]/.test(error.message)) throw new Error(`the message spans lines: ${JSON.stringify(error.message)}`);
  if (error.at) {
    assertLocation(error.at, texts);
    if (!error.message.startsWith(`${error.at.file}:${error.at.line}: `))
      throw new Error(`the message does not start with file:line: ${error.message}`);
  } else if (!locationless?.test(error.message)) {
    throw new Error(`an input error without a location: ${error.message}`);
  }
}

function assertLocation(at: Location, texts: Readonly<Record<string, string>>): void {
  if (!at.file || !Number.isInteger(at.line) || at.line < 1) throw new Error(`a bad location: ${JSON.stringify(at)}`);
  const text = texts[at.file];
  if (text !== undefined && at.line > text.split("\n").length)
    throw new Error(`line ${at.line} is past the end of ${at.file}`);
  if (at.column !== undefined && (!Number.isInteger(at.column) || at.column < 1))
    throw new Error(`a bad column: ${JSON.stringify(at)}`);
}

const found = (text: string): FileRead => ({ state: "found", text });
const fileRead = (text: fc.Arbitrary<string>): fc.Arbitrary<FileRead> =>
  fc.oneof(
    { weight: 8, arbitrary: text.map(found) },
    { weight: 1, arbitrary: fc.constant<FileRead>({ state: "missing" }) },
    { weight: 1, arbitrary: fc.constant<FileRead>({ state: "unreadable", message: "permission denied" }) },
  );

describe(`fuzz (seed ${SEED}, ${LONG_RUN ? "long" : "short"} run)`, () => {
  const timeout = LONG_RUN ? 1_800_000 : 60_000;

  it(
    "the INI reader never throws, and every line it reports is in the file",
    async () => {
      await fuzz(
        "ini",
        iniText,
        (text) => {
          const file = { path: "/home/u/.aws/config", display: "~/.aws/config" };
          const document = parseIni(text, file);
          const texts = { "~/.aws/config": text };
          for (const section of document.sections.values()) {
            for (const at of section.headers) assertLocation(at, texts);
            for (const value of section.values.values()) assertLocation(value.at, texts);
          }
          for (const ignored of document.ignoredLines) assertLocation(ignored.at, texts);
          if (document.crash) assertLocation(document.crash.at, texts);
        },
        BUDGET_MS.parse,
      );
    },
    timeout,
  );

  it(
    "the shared config resolver gives a profile, Go's error, or a located NestingTooDeepError for every name",
    async () => {
      const files = fc.record({
        config: fc.array(
          fileRead(fc.oneof({ weight: 4, arbitrary: iniText }, { weight: 1, arbitrary: chainConfigText })),
          { minLength: 1, maxLength: 2 },
        ),
        credentials: fc.array(fileRead(iniText), { maxLength: 2 }),
      });
      await fuzz(
        "shared-config",
        files,
        ({ config, credentials }) => {
          const texts: Record<string, string> = {};
          const input =
            (kind: string) =>
            (read: FileRead, index: number): SharedFileInput => {
              const display = `~/.aws/${kind}${index === 0 ? "" : index}`;
              if (read.state === "found") texts[display] = read.text;
              return { path: `/home/u/.aws/${kind}${index}`, display, read };
            };
          const set = loadSharedConfigSet({
            configFiles: config.map(input("config")),
            credentialsFiles: credentials.map(input("credentials")),
          });
          if (set.failure?.at) assertLocation(set.failure.at, texts);
          for (const name of new Set([...listProfileNames(set), ...PROFILE_NAMES, "p0", "missing"])) {
            try {
              const resolution = resolveSharedConfigProfile(set, name);
              if (resolution.state === "error" && resolution.at) assertLocation(resolution.at, texts);
              if (resolution.state === "found") validateSsoConfiguration(resolution.profile);
            } catch (error) {
              if (!(error instanceof NestingTooDeepError)) throw error;
              assertInputError(error, texts, null);
            }
          }
        },
        BUDGET_MS.parse,
      );
    },
    timeout,
  );

  it(
    "the backend loader (.tf, .tf.json, -backend-config files and KEY=VALUE flags, saved backend) gives a module or a located input error",
    async () => {
      const module = fc.record({
        main: mainTf,
        extra: fc.option(fc.oneof(mainTf, tfJson), { nil: undefined }),
        hcl: backendConfigHcl,
        json: tfJson,
        tfstate: fc.option(fc.oneof(tfJson, fc.constant('{"backend": {"type": "s3", "config": {"bucket": "b"}}}')), {
          nil: undefined,
        }),
        flags: fc.array(
          fc.oneof(
            { weight: 2, arbitrary: fc.constantFrom("backend.hcl", "backend.json", "missing.hcl", "") },
            { weight: 3, arbitrary: backendConfigFlag },
          ),
          { maxLength: 4 },
        ),
      });
      await fuzz(
        "backend-loader",
        module,
        async ({ main, extra, hcl, json, tfstate, flags }) => {
          const texts: Record<string, string> = { "main.tf": main, "backend.hcl": hcl, "backend.json": json };
          if (extra !== undefined)
            texts[extra.trimStart().startsWith("{") ? "extra.tf.json" : "extra_override.tf"] = extra;
          if (tfstate !== undefined) texts[".terraform/terraform.tfstate"] = tfstate;
          const world = createFakeWorld({
            cwd: "/m",
            homeDir: "/home/u",
            files: Object.fromEntries(Object.entries(texts).map(([file, text]) => [`/m/${file}`, text])),
          });
          try {
            await readRootModule(world, { dir: "/m", backendConfig: flags });
          } catch (error) {
            assertInputError(error, texts, /^(no backend block in |-backend-config[= ]|\S+ is not valid JSON )/);
          }
        },
        BUDGET_MS.module,
      );
    },
    timeout,
  );

  it(
    "the Terraform JSON reader gives a body or a located input error",
    async () => {
      await fuzz(
        "tf-json",
        tfJson,
        (text) => {
          const texts = { "main.tf.json": text };
          for (const parse of [parseTerraformJson, parseJsonAttributes]) {
            try {
              parse(text, { file: "main.tf.json", path: "/m/main.tf.json" });
            } catch (error) {
              assertInputError(error, texts, null);
            }
          }
        },
        BUDGET_MS.parse,
      );
    },
    timeout,
  );

  it(
    "the --env-file parser gives variables or a UsageError naming file:line",
    async () => {
      await fuzz(
        "env-file",
        envFileText,
        (text) => {
          try {
            parseEnvFile(text, "vars.env");
          } catch (error) {
            if (!(error instanceof UsageError)) throw new Error(`not a UsageError: ${describeUnexpected(error)}`);
            const match = /^vars\.env:(\d+): /.exec(error.message);
            if (!match) throw new Error(`no file:line: ${error.message}`);
            if (Number(match[1]) > text.split(/\r?\n/).length) throw new Error(`line ${match[1]} is past the end`);
          }
        },
        BUDGET_MS.parse,
      );
    },
    timeout,
  );

  it(
    "the SSO token cache readers never throw and keep only valid times",
    async () => {
      await fuzz(
        "sso-cache",
        ssoCacheText,
        (text) => {
          const token = parseSsoToken(text);
          if (token?.expiresAt && Number.isNaN(token.expiresAt.getTime()))
            throw new Error("an invalid expiresAt was kept");
          if (token?.accessToken !== undefined && (typeof token.accessToken !== "string" || token.accessToken === ""))
            throw new Error("a bad access token was kept");
        },
        BUDGET_MS.parse,
      );
    },
    timeout,
  );

  it(
    "the credential_process / container credential JSON parsers give credentials or an invalid-response AwsCallError",
    async () => {
      await fuzz(
        "credential-json",
        credentialJsonText,
        (text) => {
          const parsers = [
            () => parseProcessCredentialOutput(text),
            () =>
              parseCredentialJson("container:GetCredentials", text, {
                key: "AccessKeyId",
                secret: "SecretAccessKey",
                token: "Token",
                expiration: "Expiration",
              }),
          ];
          for (const parse of parsers) {
            try {
              const credentials = parse();
              if (!credentials.accessKeyId || !credentials.secretAccessKey) throw new Error("credentials without keys");
              // verify prints the expiration with toISOString(): an Invalid Date would throw a RangeError there.
              credentials.expiration?.toISOString();
            } catch (error) {
              if (!(error instanceof AwsCallError) || error.kind !== "invalid-response")
                throw new Error(`not an invalid-response AwsCallError: ${describeUnexpected(error)}`);
              if (/[\n\r]/.test(error.message)) throw new Error(`the message spans lines: ${error.message}`);
            }
          }
        },
        BUDGET_MS.parse,
      );
    },
    timeout,
  );

  it(
    "explainCredentials end to end (module, shared files, SSO caches, env) gives an explanation or a located input error",
    async () => {
      const sha1 = (text: string): string => createHash("sha1").update(text).digest("hex");
      const world = fc.record({
        main: mainTf,
        config: fc.oneof({ weight: 3, arbitrary: iniText }, { weight: 1, arbitrary: chainConfigText }),
        credentials: iniText,
        sso: ssoCacheText,
        profile: fc.option(fc.constantFrom(...PROFILE_NAMES, "p0"), { nil: undefined }),
        staticEnv: fc.boolean(),
        flags: fc.array(backendConfigFlag, { maxLength: 2 }),
      });
      await fuzz(
        "explain",
        world,
        async ({ main, config, credentials, sso, profile, staticEnv, flags }) => {
          const texts = { "main.tf": main, "~/.aws/config": config, "~/.aws/credentials": credentials };
          const files: Record<string, string> = {
            "/m/main.tf": main,
            "/home/u/.aws/config": config,
            "/home/u/.aws/credentials": credentials,
          };
          // The cache of every sso_session name and start URL the generators use.
          for (const key of [...PROFILE_NAMES, "s", "https://sso.example/start"])
            files[`/home/u/.aws/sso/cache/${sha1(key)}.json`] = sso;
          const env: Record<string, string> = {};
          if (profile !== undefined) env["AWS_PROFILE"] = profile;
          if (staticEnv) Object.assign(env, { AWS_ACCESS_KEY_ID: "AKIAENV", AWS_SECRET_ACCESS_KEY: "env-secret" });
          try {
            const explanation = await explainCredentials(
              { dir: "/m", backendConfig: flags },
              createFakeWorld({ cwd: "/m", homeDir: "/home/u", env, files }),
            );
            JSON.stringify(explanation); // what --json prints: no cycles, no BigInt
            if (JSON.stringify(explanation).includes("env-secret")) throw new Error("the explanation shows a secret");
          } catch (error) {
            assertInputError(error, texts, /^(no backend block in |-backend-config[= ])/);
          }
        },
        BUDGET_MS.explain,
      );
    },
    timeout,
  );
});

describe("crashes the fuzzer found, pinned", () => {
  it("the harness itself fails on a parser that throws something other than a typed input error", () => {
    const details = fc.check(
      fc.property(tfJson, (text) => {
        try {
          if (text.length > 10) throw new TypeError("Cannot read properties of null");
        } catch (error) {
          assertInputError(error, {}, null);
        }
      }),
      { numRuns: 100, seed: SEED, endOnFailure: true },
    );
    expect(details.failed).toBe(true);
    expect(String(details.errorInstance)).toMatch(/not a typed input error: TypeError/);
  });

  it("a syntax error inside 200 levels of objects is an input error, twice: Node.parent corrupted tree-sitter's WASM memory", async () => {
    const text = `terraform {\r\n  backend ${"{a=".repeat(200)}"a\\nb" {\r\nin =${"}".repeat(200)} tolist((0))\r\n}\r\n}\r\n`;
    for (let attempt = 0; attempt < 2; attempt++) {
      await expect(parseHcl(text, { file: "main.tf", path: "/m/main.tf" })).rejects.toThrow(/^main\.tf:2: /);
    }
  });

  it("a 200 KB profile name among 200 KB section names is explained in linear time (the typo suggestion took minutes)", async () => {
    const long = "x".repeat(200_000);
    const world = createFakeWorld({
      cwd: "/m",
      homeDir: "/home/u",
      files: {
        "/m/main.tf": `terraform {\n  backend "s3" {\n    profile = "${long}y"\n  }\n}\n`,
        "/home/u/.aws/config": `[profile ${long}z]\nregion = us-east-1\n[profile ${long}]\n`,
      },
    });
    const start = performance.now();
    const explanation = await explainCredentials({ dir: "/m" }, world);
    expect(performance.now() - start).toBeLessThan(3_000);
    expect(explanation.credentials.status).toBe("failed");
  });

  it("a Terraform JSON string with an unclosed ${ and a long name is read in linear time (the function-call regex backtracked: 23 s for 99 KB)", () => {
    const long = `\${${"x".repeat(100_000)}`;
    // A backend block's JSON string is taken as written (FINDINGS §10); a provider block's is a template.
    const text = JSON.stringify({
      terraform: { backend: { s3: { bucket: long } } },
      provider: { aws: { profile: long } },
    });
    const start = performance.now();
    const body = parseTerraformJson(text, { file: "main.tf.json", path: "/m/main.tf.json" });
    expect(performance.now() - start).toBeLessThan(500);
    expect(body.blocks[0]?.body.blocks[0]?.body.attributes[0]?.value).toMatchObject({ kind: "string", value: long });
    expect(body.blocks[1]?.body.attributes[0]?.value).toMatchObject({ kind: "expression", reason: "variables" });
  });

  it("credential JSON that is null, an array or a number is an invalid response, not a TypeError", () => {
    for (const text of ["null", "[]", "1", '"x"']) {
      expect(() =>
        parseCredentialJson("container:GetCredentials", text, {
          key: "AccessKeyId",
          secret: "SecretAccessKey",
          token: "Token",
          expiration: "Expiration",
        }),
      ).toThrow(AwsCallError);
      expect(() => parseProcessCredentialOutput(text)).toThrow(/Version/);
    }
  });

  it("an Expiration that is not a time is an invalid response (verify's report threw a RangeError on it)", () => {
    const text = JSON.stringify({ Version: 1, AccessKeyId: "AKIAX", SecretAccessKey: "s", Expiration: "soon" });
    expect(() => parseProcessCredentialOutput(text)).toThrow(/Expiration that is not a time/);
    const valid = parseProcessCredentialOutput(
      JSON.stringify({ Version: 1, AccessKeyId: "AKIAX", SecretAccessKey: "s", Expiration: "2030-01-01T00:00:00Z" }),
    );
    expect(valid.expiration?.toISOString()).toBe("2030-01-01T00:00:00.000Z");
  });
});
