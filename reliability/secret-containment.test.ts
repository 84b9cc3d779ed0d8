/**
 * Secret containment as a property: recognisable generated secrets are placed in every input tfwhy reads (the
 * environment and --env-file, the backend block in HCL and JSON, -backend-config files and KEY=VALUE flags, every
 * HCL expression kind, malformed lines around them, both AWS files, the SSO cache, token files, credential_process
 * arguments, URL user-info, the .terraform cache, STS/SSO/process answers and AWS errors that echo what was sent),
 * then every command runs in every format, with and without --debug and --output. No secret, and no 10-character
 * piece of one, may appear in stdout, stderr, a written report, a thrown error (message or stack) or a returned
 * result; access key ids only masked.
 */
import { createHash } from "node:crypto";
import { AwsCallError, type AwsPort, explainCredentials, verifyBackend } from "@tfwhy/core";
import { createFakeWorld } from "@tfwhy/core/testing";
import { describe, expect, it } from "vitest";
import { main } from "../packages/cli/src/main.js";
import { createFakeIo } from "../packages/cli/test/fake-io.js";
import { LONG_RUN, recordFigures } from "./record.js";

const DIR = "/work/project";
const HOME = "/home/user";

/** mulberry32: a small seeded PRNG, so a failing round can be replayed from its seed. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** The secrets of one round: each distinct, random, with the characters real AWS secrets use. */
interface Secrets {
  /** A fresh secret for one placement; every one is remembered for the check. */
  readonly next: () => string;
  /** A fresh access key id (may appear only masked). */
  readonly nextKeyId: () => string;
  readonly all: string[];
  readonly keyIds: string[];
}

function secretsFrom(random: () => number): Secrets {
  const pick = (alphabet: string, n: number) =>
    Array.from({ length: n }, () => alphabet[Math.floor(random() * alphabet.length)]).join("");
  const all: string[] = [];
  const keyIds: string[] = [];
  return {
    all,
    keyIds,
    next: () => {
      // Starts with a letter and avoids quotes, so it can sit in every syntax; `+` and `/` as in real secret keys.
      const secret = `s${pick("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/", 27)}`;
      all.push(secret);
      return secret;
    },
    nextKeyId: () => {
      const id = `AKIA${pick("ABCDEFGHIJKLMNOPQRSTUVWXYZ234567", 16)}`;
      keyIds.push(id);
      return id;
    },
  };
}

/** Every 10-character window of a secret; for key ids, the windows that include hidden (middle) characters. */
function leakWindows(secrets: Secrets): string[] {
  const windows = new Set<string>();
  for (const s of secrets.all) for (let i = 0; i + 10 <= s.length; i++) windows.add(s.slice(i, i + 10));
  for (const id of secrets.keyIds) for (let i = 0; i + 10 <= id.length; i++) windows.add(id.slice(i, i + 10));
  return [...windows];
}

/** One placement of secrets: the files, environment and extra arguments it needs. */
interface Placement {
  readonly name: string;
  readonly files: Record<string, string>;
  readonly env?: Record<string, string>;
  readonly args?: readonly string[];
  /** For verify: which fake AWS behaviour to use. */
  readonly aws?: "echo-errors" | "answers";
}

const BACKEND_HEAD = `terraform {\n  backend "s3" {\n    bucket = "acme-tfstate"\n    key    = "prod/terraform.tfstate"\n    region = "eu-west-1"\n`;
const BACKEND_TAIL = `  }\n}\n`;
const mainTf = (lines: string) => ({ [`${DIR}/main.tf`]: `${BACKEND_HEAD}${lines}${BACKEND_TAIL}` });
const plainMainTf = () => mainTf("");

/** Every HCL expression kind around a quoted secret `q`. */
const EXPRESSION_KINDS: readonly ((q: string) => string)[] = [
  (q) => `(${q})`,
  (q) => `${q} + "x"`,
  (q) => `true ? ${q} : ""`,
  (q) => `[${q}][0]`,
  (q) => `"\${${q}}"`,
  (q) => `"\${"\${${q}}"}"`,
  (q) => `{ a = ${q} }.a`,
  (q) => `${q} == "" ? "a" : "b"`,
  (q) => `upper(${q})`,
  (q) => `[for s in [${q}] : s][0]`,
  (q) => `!${q}`,
  (q) => `-${q}`,
];

/** Lines that break the syntax around a secret value (unterminated, doubled, unbalanced). */
const MALFORMED_LINES: readonly ((s: string) => string)[] = [
  (s) => `"${s}`,
  (s) => `"${s}" "x"`,
  (s) => `${s} ${s}`,
  (s) => `"${s}" +`,
  (s) => `[ "${s}"`,
  (s) => `{ x = "${s}"`,
  (s) => `"\${"${s}"`,
  (s) => `<<EOT\n${s}\n`,
  (s) => `"${s}\\q"`,
  (s) => `0x${s}`,
  (s) => `1${s}`,
  (s) => `${s}`,
  (s) => `"${s}"\n    = "${s}"`,
];

function placements(secrets: Secrets): Placement[] {
  const s = secrets.next;
  const out: Placement[] = [];
  const kid = secrets.nextKeyId;

  out.push({
    name: "environment keys",
    files: plainMainTf(),
    env: {
      AWS_ACCESS_KEY_ID: kid(),
      AWS_SECRET_ACCESS_KEY: s(),
      AWS_SESSION_TOKEN: s(),
      AWS_SSE_CUSTOMER_KEY: s(),
      AWS_CONTAINER_AUTHORIZATION_TOKEN: s(),
    },
    aws: "echo-errors",
  });
  out.push({
    name: "--env-file keys, and a malformed line holding a secret",
    files: { ...plainMainTf(), [`${DIR}/creds.env`]: `AWS_ACCESS_KEY_ID=${kid()}\nAWS_SECRET_ACCESS_KEY="${s()}"\n` },
    args: ["--env-file", "creds.env"],
    aws: "answers",
  });
  for (const line of [
    (x: string) => x,
    (x: string) => `export ${x}`,
    (x: string) => `1BAD=${x}`,
    (x: string) => `AWS_SECRET_ACCESS_KEY ${x}`,
  ]) {
    out.push({
      name: "malformed --env-file line",
      files: { ...plainMainTf(), [`${DIR}/bad.env`]: `A=1\n${line(s())}\n` },
      args: ["--env-file", "bad.env"],
    });
  }
  out.push({
    name: "backend literals",
    files: mainTf(
      `    access_key = "${kid()}"\n    secret_key = "${s()}"\n    token = "${s()}"\n    encrypt = true\n    sse_customer_key = "${s()}"\n`,
    ),
    aws: "echo-errors",
  });
  for (const attribute of ["secret_key", "token", "sse_customer_key", "access_key"]) {
    for (const [i, kind] of EXPRESSION_KINDS.entries()) {
      const value = attribute === "access_key" ? kid() : s();
      out.push({
        name: `${attribute} as expression kind ${i}`,
        files: mainTf(`    ${attribute} = ${kind(`"${value}"`)}\n`),
      });
    }
    for (const [i, bad] of MALFORMED_LINES.entries()) {
      const value = attribute === "access_key" ? kid() : s();
      out.push({ name: `${attribute} on malformed line ${i}`, files: mainTf(`    ${attribute} = ${bad(value)}\n`) });
      out.push({
        name: `${attribute} on malformed line ${i} in a -backend-config file`,
        files: { ...plainMainTf(), [`${DIR}/b.hcl`]: `${attribute} = ${bad(value)}\n` },
        args: ["-backend-config=b.hcl"],
      });
    }
  }
  out.push({
    name: "web identity token as an expression and malformed, in the block and as a flag",
    files: mainTf(
      `    assume_role_with_web_identity = {\n      role_arn = "arn:aws:iam::123456789012:role/r"\n      web_identity_token = ("${s()}")\n    }\n`,
    ),
  });
  for (const flag of [
    `assume_role_with_web_identity={role_arn="arn:aws:iam::123456789012:role/r", web_identity_token="${s()}"}`,
    `assume_role_with_web_identity={role_arn="arn:aws:iam::123456789012:role/r", web_identity_token=("${s()}")}`,
    `assume_role_with_web_identity={web_identity_token="${s()}"`,
    `secret_key=${s()}`,
    `secret_key=("${s()}")`,
    `secret_key="${s()}`,
    `token=[${s()}`,
    `sse_customer_key=${s()}`,
  ]) {
    out.push({
      name: `-backend-config flag ${flag.slice(0, 30)}`,
      files: plainMainTf(),
      args: [`-backend-config=${flag}`],
    });
  }
  out.push({
    name: ".tf.json with templates and nested secrets",
    files: {
      [`${DIR}/main.tf.json`]: JSON.stringify({
        terraform: {
          backend: {
            s3: {
              bucket: "acme-tfstate",
              key: "prod/terraform.tfstate",
              region: "eu-west-1",
              access_key: `\${"${kid()}"}`,
              secret_key: `\${"${s()}"}`,
              token: `\${upper("${s()}")}`,
              assume_role_with_web_identity: {
                role_arn: "arn:aws:iam::123456789012:role/r",
                web_identity_token: `\${"${s()}"}`,
              },
            },
          },
        },
      }),
    },
  });
  out.push({
    name: "malformed .tf.json around a secret",
    files: { [`${DIR}/main.tf.json`]: `{"terraform": {"backend": {"s3": {"secret_key": "${s()}" "token": "${s()}"` },
  });
  out.push({
    name: "shared credentials and config, credential_process arguments",
    files: {
      ...plainMainTf(),
      [`${HOME}/.aws/credentials`]: `[default]\naws_access_key_id = ${kid()}\naws_secret_access_key = ${s()}\naws_session_token = ${s()}\n`,
      [`${HOME}/.aws/config`]: `[profile proc]\ncredential_process = /opt/bin/get-creds --token ${s()} --password=${s()}\n`,
    },
    aws: "answers",
  });
  out.push({
    name: "credential_process profile selected",
    files: {
      ...mainTf(`    profile = "proc"\n`),
      [`${HOME}/.aws/config`]: `[profile proc]\ncredential_process = /opt/bin/get-creds ${s()} "${s()}"\n`,
    },
    aws: "answers",
  });
  for (const bad of [
    (x: string) => `[default]\naws_secret_access_key ${x}\n`,
    (x: string) => `[default\naws_secret_access_key = ${x}\n`,
    (x: string) => `[default]\n${x}\n`,
    (x: string) => `[default]\naws_secret_access_key = "${x}\n`,
    (x: string) => `[default]\naws_access_key_id = AKIAIOSFODNN7EXAMPLE\naws_secret_access_key = '${x}\n[x]\n`,
    (x: string) => `[profile ci]\naws_secret_access_key = ${x}\n[profile\n${x}\n`,
  ]) {
    out.push({
      name: "malformed credentials file",
      files: { ...plainMainTf(), [`${HOME}/.aws/credentials`]: bad(s()) },
    });
    out.push({ name: "malformed config file", files: { ...plainMainTf(), [`${HOME}/.aws/config`]: bad(s()) } });
  }
  const startUrl = "https://acme.awsapps.com/start";
  const cacheFile = `${HOME}/.aws/sso/cache/${createHash("sha1").update("acme").digest("hex")}.json`;
  const ssoConfig = `[profile sso]\nsso_session = acme\nsso_account_id = 123456789012\nsso_role_name = Admin\n[sso-session acme]\nsso_region = eu-west-1\nsso_start_url = ${startUrl}\n`;
  out.push({
    name: "SSO cache tokens",
    files: {
      ...mainTf(`    profile = "sso"\n`),
      [`${HOME}/.aws/config`]: ssoConfig,
      [cacheFile]: JSON.stringify({
        accessToken: s(),
        expiresAt: "2099-01-01T00:00:00Z",
        refreshToken: s(),
        clientId: "c",
        clientSecret: s(),
        region: "eu-west-1",
        startUrl,
      }),
    },
    aws: "answers",
  });
  out.push({
    name: "malformed SSO cache",
    files: {
      ...mainTf(`    profile = "sso"\n`),
      [`${HOME}/.aws/config`]: ssoConfig,
      [cacheFile]: `{"accessToken": "${s()}", "expiresAt": `,
    },
  });
  out.push({
    name: "web identity token file",
    files: { ...plainMainTf(), "/var/run/token": s() },
    env: { AWS_WEB_IDENTITY_TOKEN_FILE: "/var/run/token", AWS_ROLE_ARN: "arn:aws:iam::123456789012:role/ci" },
    aws: "answers",
  });
  out.push({
    name: "URL user-info in proxies and endpoints",
    files: mainTf(
      `    access_key = "${kid()}"\n    secret_key = "${s()}"\n    http_proxy = "http://user:${s()}@proxy.internal:3128"\n    https_proxy = "http://${s()}@proxy.internal:3128"\n    endpoints = {\n      s3 = "http://u:${s()}@127.0.0.1:9"\n      sts = "http://u:${s()}@127.0.0.1:9"\n    }\n`,
    ),
    env: {
      AWS_ENDPOINT_URL_DYNAMODB: `http://u:${s()}@127.0.0.1:9`,
      HTTP_PROXY: `http://u:${s()}@proxy:1`,
      AWS_ENDPOINT_URL: `http://u:${s()}@127.0.0.1:9`,
    },
    aws: "echo-errors",
  });
  out.push({
    name: "corrupt .terraform cache holding secrets",
    files: {
      ...plainMainTf(),
      [`${DIR}/.terraform/terraform.tfstate`]: `{"backend": {"type": "s3", "config": {"secret_key": "${s()}", "token": "${s()}" "x": 1}}}`,
    },
  });
  out.push({
    name: "valid .terraform cache holding secrets (drift)",
    files: {
      ...mainTf(`    secret_key = "${s()}"\n    access_key = "${kid()}"\n`),
      [`${DIR}/.terraform/terraform.tfstate`]: JSON.stringify({
        version: 3,
        backend: {
          type: "s3",
          config: {
            secret_key: s(),
            access_key: kid(),
            token: s(),
            bucket: "acme-tfstate",
            key: "other",
            region: "eu-west-1",
          },
          hash: 1,
        },
      }),
    },
  });
  out.push({
    name: "backend assume_role on environment keys (STS answers)",
    files: mainTf(
      `    assume_role = {\n      role_arn = "arn:aws:iam::123456789012:role/tf"\n    }\n    encrypt = true\n    sse_customer_key = "${s()}"\n`,
    ),
    env: { AWS_ACCESS_KEY_ID: kid(), AWS_SECRET_ACCESS_KEY: s() },
    aws: "answers",
  });
  return out;
}

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
    if (found && !leaks.some((l) => l.startsWith(where.split(":")[0]!)))
      leaks.push(
        `${where} (seed ${seed}) shows "${found.slice(0, 3)}…": ${text.slice(Math.max(0, text.indexOf(found) - 60), text.indexOf(found) + 20).replace(/\s+/g, " ")}`,
      );
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
