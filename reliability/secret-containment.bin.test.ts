/**
 * Secret containment through the built CLI as a child process, where the library test cannot reach: a real
 * credential_process (secret arguments, secret output, a secret on stderr, a failing run), a real SDK answering
 * from a 127.0.0.1 server that echoes the request (headers carry the session token), and an env file — in every
 * format, with --debug. Nothing reaches beyond 127.0.0.1.
 */
import { execFile } from "node:child_process";
import { chmodSync, existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const BIN = fileURLToPath(new URL("../packages/cli/dist/bin.js", import.meta.url));
const built = existsSync(BIN);

const SECRETS = {
  arg: "argS3cr3tV4lue0000000000001",
  output: "outS3cr3tV4lue000000000002",
  token: "tokS3cr3tV4lue000000000003",
  stderr: "errS3cr3tV4lue000000000004",
  envFile: "envS3cr3tV4lue000000000005",
};
const KEY_ID = "AKIAPROCESSKEY000001";

describe.skipIf(!built)("secret containment through the built bin (child process)", () => {
  let root: string;
  let server: Server;
  let endpoint: string;
  beforeAll(async () => {
    root = mkdtempSync(join(tmpdir(), "tfwhy-secrets-"));
    // Answers every request with 403 and the request's own headers in the message: a server that echoes secrets.
    server = createServer((req, res) => {
      res.writeHead(403, { "content-type": "text/xml" });
      res.end(
        `<ErrorResponse><Error><Code>InvalidClientTokenId</Code><Message>${JSON.stringify(req.headers).replace(/[<>&]/g, "")}</Message></Error><RequestId>r</RequestId></ErrorResponse>`,
      );
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const address = server.address();
    endpoint = `http://127.0.0.1:${typeof address === "object" && address ? address.port : 0}`;
  });
  afterAll(async () => {
    await new Promise<void>((resolve) => server.close(() => resolve()));
    rmSync(root, { recursive: true, force: true });
  });

  function module(name: string, processScript: string): { dir: string; home: string } {
    const dir = join(root, name);
    const home = join(dir, "home");
    mkdirSync(join(home, ".aws"), { recursive: true });
    const script = join(dir, "creds.sh");
    writeFileSync(script, processScript);
    chmodSync(script, 0o755);
    writeFileSync(
      join(home, ".aws", "config"),
      `[profile proc]\ncredential_process = ${script} --token ${SECRETS.arg}\n`,
    );
    writeFileSync(
      join(dir, "main.tf"),
      `terraform {\n  backend "s3" {\n    bucket = "b"\n    key = "k"\n    region = "eu-west-1"\n    profile = "proc"\n    endpoints = {\n      s3 = "${endpoint}"\n      sts = "${endpoint}"\n      dynamodb = "${endpoint}"\n    }\n  }\n}\n`,
    );
    writeFileSync(join(dir, "ci.env"), `AWS_SESSION_TOKEN=${SECRETS.envFile}\nAWS_EC2_METADATA_DISABLED=true\n`);
    return { dir, home };
  }

  /** Async, so the echoing server in this process can answer while the child waits on it. */
  function run(args: readonly string[], home: string): Promise<string> {
    return new Promise((resolve) => {
      execFile(
        process.execPath,
        ["--", BIN, ...args, "--home", home, "--no-env", "--env-file", "ci.env", "--timeout", "3"],
        {
          cwd: args[1],
          env: { PATH: process.env["PATH"] ?? "", CHECKPOINT_DISABLE: "1", AWS_EC2_METADATA_DISABLED: "true" },
          encoding: "utf8",
          timeout: 30_000,
        },
        (_error, stdout, stderr) => resolve(`${stdout}\n${stderr}`),
      );
    });
  }

  it.each([
    [
      "a credential_process whose output holds the keys",
      `#!/bin/sh\necho '{"Version": 1, "AccessKeyId": "${KEY_ID}", "SecretAccessKey": "${SECRETS.output}", "SessionToken": "${SECRETS.token}"}'\n`,
    ],
    [
      "a credential_process that fails printing a secret on stderr",
      `#!/bin/sh\necho "could not refresh: token ${SECRETS.stderr} rejected" >&2\nexit 3\n`,
    ],
  ])(
    "%s: no secret in any format, --debug included",
    async (name, script) => {
      const m = module(name.replace(/\W+/g, "-"), script);
      const leaks: string[] = [];
      let runs = 0;
      let echoed = false;
      for (const command of ["explain", "verify"]) {
        for (const format of ["text", "json", "markdown", "sarif"]) {
          for (const debug of [[], ["--debug"]]) {
            const output = await run([command, m.dir, "--format", format, ...debug], m.home);
            if (command === "verify") echoed ||= output.includes("InvalidClientTokenId");
            runs++;
            for (const [what, secret] of Object.entries(SECRETS))
              if (output.includes(secret.slice(0, 12))) leaks.push(`${command} ${format} ${debug.join("")}: ${what}`);
            if (output.includes(KEY_ID)) leaks.push(`${command} ${format} ${debug.join("")}: the key id unmasked`);
          }
        }
      }
      expect(runs).toBe(16);
      // The process-output case reaches STS, whose answer echoes the signed request (the session token header).
      if (name.includes("output")) expect(echoed).toBe(true);
      expect(leaks).toEqual([]);
    },
    120_000,
  );
});
