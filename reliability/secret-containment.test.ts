/**
 * Secret containment as a property: recognisable generated secrets are placed in every input tfwhy reads (the
 * environment and --env-file, the backend block in HCL and JSON, -backend-config files and KEY=VALUE flags, every
 * HCL expression kind, malformed lines around them, both AWS files, the SSO cache, token files, credential_process
 * arguments, URL user-info, the .terraform cache, STS/SSO/process answers and AWS errors that echo what was sent),
 * then every command runs in every format, with and without --debug and --output. No secret, and no 10-character
 * piece of one, may appear in stdout, stderr, a written report, a thrown error (message or stack) or a returned
 * result; access key ids only masked.
 */
import { AwsCallError, type AwsPort, explainCredentials, verifyBackend } from "@tfwhy/core";
import { createFakeWorld } from "@tfwhy/core/testing";
import { describe, expect, it } from "vitest";
import { main } from "../packages/cli/src/main.js";
import { createFakeIo } from "../packages/cli/test/fake-io.js";
import { LONG_RUN, recordFigures } from "./record.js";
import { DIR, HOME, leakWindows, placements, prng, type Secrets, secretsFrom } from "./secret-placements.js";

/** A fake AWS whose answers carry fresh secrets and whose errors echo whatever secrets were sent. */
function fakeAws(secrets: Secrets, mode: "echo-errors" | "answers"): AwsPort {
  const creds = () => ({
    accessKeyId: secrets.nextKeyId().replace(/^AKIA/, "ASIA"),
    secretAccessKey: secrets.next(),
    sessionToken: secrets.next(),
  });
  const sent = (target: unknown, params?: unknown) => JSON.stringify({ target, params });
  const echo = (operation: string, target: unknown, params?: unknown) =>
    new AwsCallError({
      operation,
      awsCode: "InvalidClientTokenId",
      httpStatus: 403,
      message: `The security token included in the request is invalid: ${sent(target, params)}`,
    });
  const port: AwsPort = {
    getCallerIdentity: async (t) => {
      if (mode === "echo-errors") throw echo("sts:GetCallerIdentity", t);
      return { account: "123456789012", arn: "arn:aws:iam::123456789012:user/ci", userId: "AIDACI" };
    },
    assumeRole: async (_t, p) => ({
      ...creds(),
      assumedRoleArn: `arn:aws:sts::123456789012:assumed-role/tf/${p.sessionName}`,
    }),
    assumeRoleWithWebIdentity: async () => creds(),
    getRoleCredentials: async () => creds(),
    processCredentials: async () => creds(),
    containerCredentials: async () => creds(),
    imdsCredentials: async () => ({ ...creds(), roleName: "r" }),
    headBucket: async () => ({ region: "eu-west-1" }),
    listObjectsV2: async () => ({ keys: [], truncated: false }),
    headObject: async (t, p) => {
      throw echo("s3:HeadObject", t, p);
    },
    getObject: async (t, p) => {
      throw echo("s3:GetObject", t, p);
    },
    getBucketPolicy: async () => null,
    getBucketVersioning: async () => ({ status: null }),
    getBucketEncryption: async () => null,
    putObject: async (t, p) => {
      throw echo("s3:PutObject", t, p);
    },
    deleteObject: async () => undefined,
    putObjectAccess: async () => "allowed" as const,
    deleteObjectAccess: async () => "allowed" as const,
    putItemAccess: async () => "allowed" as const,
    deleteItemAccess: async () => "allowed" as const,
    listObjectVersions: async () => [],
    describeTable: async (t) => {
      throw echo("dynamodb:DescribeTable", t);
    },
    getItem: async () => null,
    putLockItem: async () => undefined,
    deleteItem: async () => undefined,
    describeKey: async (t) => {
      throw echo("kms:DescribeKey", t);
    },
    generateDataKey: async () => undefined,
  };
  return port;
}

const FORMATS = ["text", "json", "markdown", "sarif"] as const;

interface RoundFigures {
  runs: number;
  placements: number;
  secrets: number;
}

async function runRound(seed: number, figures: RoundFigures): Promise<string[]> {
  const secrets = secretsFrom(prng(seed));
  const all = placements(secrets);
  const outputs: { readonly where: string; readonly text: string }[] = [];
  for (const placement of all) {
    const files = placement.files;
    // The library: the result, or the thrown error with its stack.
    const world = createFakeWorld({ env: placement.env ?? {}, files, homeDir: HOME, cwd: DIR });
    const backendConfig = (placement.args ?? [])
      .filter((a) => a.startsWith("-backend-config="))
      .map((a) => a.slice("-backend-config=".length));
    try {
      outputs.push({
        where: `${placement.name}: explainCredentials`,
        text: JSON.stringify(await explainCredentials({ dir: DIR, backendConfig }, world)),
      });
    } catch (error) {
      outputs.push({
        where: `${placement.name}: explainCredentials threw`,
        text: `${String(error)}\n${(error as Error).stack ?? ""}`,
      });
    }
    // The CLI: every command × format, with --debug and --output on some.
    for (const command of placement.aws ? (["explain", "verify"] as const) : (["explain"] as const)) {
      for (const format of FORMATS) {
        // --debug and --output change where text goes, not what it is: every format in the long run, two in CI.
        const variants =
          LONG_RUN || format === "text" || format === "json"
            ? (["plain", "debug", "output"] as const)
            : (["plain"] as const);
        for (const variant of variants) {
          const argv = [
            command,
            DIR,
            "--home",
            HOME,
            "--format",
            format,
            ...(placement.args ?? []),
            ...(variant === "debug" ? ["--debug"] : []),
            ...(variant === "output" ? ["--output", `${DIR}/report.out`] : []),
          ];
          const fake = createFakeIo({
            argv,
            env: placement.env ?? {},
            cwd: DIR,
            files,
            ...(command === "verify"
              ? {
                  verify: (input, w) =>
                    verifyBackend({ ...input, timeoutMs: 1000 }, { ...w, aws: fakeAws(secrets, placement.aws!) }),
                }
              : {}),
          });
          try {
            await main(fake.io);
          } catch (error) {
            outputs.push({
              where: `${placement.name}: main threw`,
              text: `${String(error)}\n${(error as Error).stack ?? ""}`,
            });
          }
          figures.runs++;
          const where = `${placement.name}: ${argv.slice(0, 1).join(" ")} --format ${format} (${variant})`;
          outputs.push(
            { where: `${where} stdout`, text: fake.stdout() },
            { where: `${where} stderr`, text: fake.stderr() },
          );
          for (const [path, text] of fake.written) outputs.push({ where: `${where} wrote ${path}`, text });
        }
      }
    }
  }
  figures.placements += all.length;
  figures.secrets += secrets.all.length + secrets.keyIds.length;
  const windows = leakWindows(secrets);
  const leaks: string[] = [];
  for (const { where, text } of outputs) {
    const found = windows.find((w) => text.includes(w));
    if (found && !leaks.some((l) => l.startsWith(where.split(":")[0]!))) {
      const around = text.slice(Math.max(0, text.indexOf(found) - 60), text.indexOf(found) + 20);
      leaks.push(`${where} (seed ${seed}) shows "${found.slice(0, 3)}…": ${around.replace(/\s+/g, " ")}`);
    }
  }
  return leaks;
}

describe("secret containment", () => {
  it("no secret read from any input appears in any output, error or written file (key ids only masked)", async () => {
    const rounds = LONG_RUN ? 20 : 1;
    const figures: RoundFigures = { runs: 0, placements: 0, secrets: 0 };
    const started = Date.now();
    const leaks: string[] = [];
    for (let round = 0; round < rounds; round++) leaks.push(...(await runRound(0x5ec7e7 + round, figures)));
    recordFigures("secret-containment", {
      "rounds (seeds)": rounds,
      "placements tried": figures.placements,
      "secrets and key ids generated": figures.secrets,
      "CLI runs (command × format × plain/--debug/--output)": figures.runs,
      "leaks found": leaks.length,
      "elapsed ms": Date.now() - started,
    });
    expect(leaks.slice(0, 10)).toEqual([]);
  }, 600_000);
});
