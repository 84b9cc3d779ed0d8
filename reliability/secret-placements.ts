/**
 * The placements of secret containment (secret-containment.test.ts): recognisable generated secrets, and every
 * input tfwhy reads with some of them in it.
 */
import { createHash } from "node:crypto";

export const DIR = "/work/project";
export const HOME = "/home/user";

/** mulberry32: a small seeded PRNG, so a failing round can be replayed from its seed. */
export function prng(seed: number): () => number {
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
export interface Secrets {
  /** A fresh secret for one placement; every one is remembered for the check. */
  readonly next: () => string;
  /** A fresh access key id (may appear only masked). */
  readonly nextKeyId: () => string;
  readonly all: string[];
  readonly keyIds: string[];
}

export function secretsFrom(random: () => number): Secrets {
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
export function leakWindows(secrets: Secrets): string[] {
  const windows = new Set<string>();
  for (const s of secrets.all) for (let i = 0; i + 10 <= s.length; i++) windows.add(s.slice(i, i + 10));
  for (const id of secrets.keyIds) for (let i = 0; i + 10 <= id.length; i++) windows.add(id.slice(i, i + 10));
  return [...windows];
}

/** One placement of secrets: the files, environment and extra arguments it needs. */
export interface Placement {
  readonly name: string;
  readonly files: Record<string, string>;
  readonly env?: Record<string, string>;
  readonly args?: readonly string[];
  /** For verify: which fake AWS behaviour to use. */
  readonly aws?: "echo-errors" | "answers";
}

const BACKEND_HEAD =
  `terraform {\n  backend "s3" {\n    bucket = "acme-tfstate"\n   ` +
  ` key    = "prod/terraform.tfstate"\n    region = "eu-west-1"\n`;
const BACKEND_TAIL = `  }\n}\n`;
const mainTf = (lines: string) => ({ [`${DIR}/main.tf`]: `${BACKEND_HEAD}${lines}${BACKEND_TAIL}` });
export const plainMainTf = () => mainTf("");

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

/** Every placement, in a fixed order (the secrets are drawn in this order, so a seed always gives the same round). */
export function placements(secrets: Secrets): Placement[] {
  const out: Placement[] = [];
  const draw = { s: secrets.next, kid: secrets.nextKeyId };
  environmentAndBackend(out, draw);
  filesAndFlags(out, draw);
  sourcesAndAnswers(out, draw);
  return out;
}

interface Draw {
  readonly s: () => string;
  readonly kid: () => string;
}

function environmentAndBackend(out: Placement[], { s, kid }: Draw): void {
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
      `    access_key = "${kid()}"\n    secret_key = "${s()}"\n    token = "${s()}"\n` +
        `    encrypt = true\n    sse_customer_key = "${s()}"\n`,
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
      `    assume_role_with_web_identity = {\n` +
        `      role_arn = "arn:aws:iam::123456789012:role/r"\n` +
        `      web_identity_token = ("${s()}")\n    }\n`,
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
}

function filesAndFlags(out: Placement[], { s, kid }: Draw): void {
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
      [`${HOME}/.aws/credentials`]:
        `[default]\naws_access_key_id = ${kid()}\n` + `aws_secret_access_key = ${s()}\naws_session_token = ${s()}\n`,
      [`${HOME}/.aws/config`]:
        `[profile proc]\ncredential_process = /opt/bin/get-creds --token ${s()} ` + `--password=${s()}\n`,
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
}

function sourcesAndAnswers(out: Placement[], { s, kid }: Draw): void {
  const startUrl = "https://acme.awsapps.com/start";
  const cacheFile = `${HOME}/.aws/sso/cache/${createHash("sha1").update("acme").digest("hex")}.json`;
  const ssoConfig =
    `[profile sso]\nsso_session = acme\nsso_account_id = 123456789012\n` +
    `sso_role_name = Admin\n[sso-session acme]\nsso_region = eu-west-1\nsso_start_url = ${startUrl}\n`;
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
      `    access_key = "${kid()}"\n    secret_key = "${s()}"\n` +
        `    http_proxy = "http://user:${s()}@proxy.internal:3128"\n` +
        `    https_proxy = "http://${s()}@proxy.internal:3128"\n    endpoints = {\n` +
        `      s3 = "http://u:${s()}@127.0.0.1:9"\n      sts = "http://u:${s()}@127.0.0.1:9"\n    }\n`,
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
      [`${DIR}/.terraform/terraform.tfstate`]:
        `{"backend": {"type": "s3", "config": {"secret_key": "${s()}", ` + `"token": "${s()}" "x": 1}}}`,
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
      `    assume_role = {\n      role_arn = "arn:aws:iam::123456789012:role/tf"\n    }\n` +
        `    encrypt = true\n    sse_customer_key = "${s()}"\n`,
    ),
    env: { AWS_ACCESS_KEY_ID: kid(), AWS_SECRET_ACCESS_KEY: s() },
    aws: "answers",
  });
}
