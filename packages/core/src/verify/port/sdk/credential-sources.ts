/** Credential sources that are not AWS APIs: credential_process, the container endpoint, EC2 IMDS. */
import { spawn } from "node:child_process";
import { redactOpaqueTokens } from "../../../redact.js";
import { AwsCallError, type AwsCredentials, type AwsPort } from "../aws-port.js";
import { withBudget } from "./budget.js";
import { invalid } from "./errors.js";

/** `env`: the environment `credential_process` runs with. */
export function credentialSourceCalls(
  env: Readonly<Record<string, string | undefined>>,
): Pick<AwsPort, "processCredentials" | "containerCredentials" | "imdsCredentials"> {
  return {
    processCredentials: (p) =>
      withBudget(
        "process:credential_process",
        { timeoutMs: p.timeoutMs, ...(p.signal ? { signal: p.signal } : {}) },
        (signal) => runCredentialProcess(p.command, env, signal),
      ),

    containerCredentials: (p) =>
      withBudget(
        "container:GetCredentials",
        { timeoutMs: p.timeoutMs, ...(p.signal ? { signal: p.signal } : {}) },
        async (signal) => {
          const res = await fetch(p.url, {
            signal,
            headers: p.authorizationToken ? { Authorization: p.authorizationToken } : {},
          });
          const text = await res.text();
          if (!res.ok)
            throw new AwsCallError({
              operation: "container:GetCredentials",
              awsCode: `HTTP${res.status}`,
              httpStatus: res.status,
              message: text.slice(0, 200) || `HTTP ${res.status}`,
            });
          return parseCredentialJson("container:GetCredentials", text, {
            key: "AccessKeyId",
            secret: "SecretAccessKey",
            token: "Token",
            expiration: "Expiration",
          });
        },
      ),

    imdsCredentials: (p) =>
      withBudget(
        "imds:GetCredentials",
        { timeoutMs: p.timeoutMs, ...(p.signal ? { signal: p.signal } : {}) },
        (signal) => imdsRoleCredentials(p.endpoint, signal),
      ),
  };
}

/**
 * Go processcreds: `sh -c <command>`, stdout is JSON with Version 1. The command runs in its own process group
 * (detached), and when the budget ends (timeout or Ctrl-C) the whole group is killed: a helper's own children
 * (a browser login, a sleeping retry) would otherwise outlive verify and hold its stdout pipe, and with it the
 * process, open.
 */
function runCredentialProcess(
  command: string,
  env: Readonly<Record<string, string | undefined>>,
  signal: AbortSignal,
): Promise<AwsCredentials> {
  const operation = "process:credential_process";
  return new Promise((resolve, reject) => {
    const child = spawn("sh", ["-c", command], { env: { ...env }, detached: true, stdio: ["ignore", "pipe", "pipe"] });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    let size = 0;
    let settled = false;
    const killGroup = () => {
      try {
        if (child.pid) process.kill(-child.pid, "SIGKILL");
      } catch {
        // Already gone.
      }
    };
    const settle = (fn: () => void) => {
      if (settled) return;
      settled = true;
      signal.removeEventListener("abort", onAbort);
      fn();
    };
    const onAbort = () => {
      killGroup();
      // A grandchild that survived the kill (it left the group) must not hold the pipes, and so the process, open.
      child.stdout.destroy();
      child.stderr.destroy();
      settle(() =>
        reject(
          new AwsCallError({
            operation,
            awsCode: "Timeout",
            kind: "timeout",
            message: "credential_process did not finish in time",
          }),
        ),
      );
    };
    if (signal.aborted) return onAbort();
    signal.addEventListener("abort", onAbort, { once: true });
    const collect = (into: Buffer[]) => (chunk: Buffer) => {
      size += chunk.length;
      if (size > 1 << 20) {
        killGroup();
        settle(() => reject(invalid(operation, "credential_process printed more than 1 MiB")));
        return;
      }
      into.push(chunk);
    };
    child.stdout.on("data", collect(out));
    child.stderr.on("data", collect(err));
    child.on("error", (error) =>
      settle(() =>
        reject(
          new AwsCallError(
            { operation, awsCode: "ProcessFailed", message: `credential_process could not start: ${error.message}` },
            { cause: error },
          ),
        ),
      ),
    );
    child.on("close", (code, sig) => {
      const stdout = Buffer.concat(out).toString("utf8");
      const stderr = Buffer.concat(err).toString("utf8");
      if (code !== 0) {
        settle(() =>
          reject(
            new AwsCallError({
              operation,
              awsCode: "ProcessFailed",
              message:
                `credential_process exited with ${code ?? sig ?? "an error"}: ` +
                redactOpaqueTokens(stderr.trim()).slice(0, 200),
            }),
          ),
        );
        return;
      }
      settle(() => {
        try {
          resolve(parseProcessCredentialOutput(stdout));
        } catch (e) {
          reject(
            e instanceof AwsCallError ? e : invalid(operation, "credential_process printed something that is not JSON"),
          );
        }
      });
    });
  });
}

/**
 * Go processcreds: the command's stdout is a JSON object with `Version` 1, `AccessKeyId`, `SecretAccessKey`, and
 * optionally `SessionToken` and `Expiration` (RFC 3339).
 * @throws AwsCallError (`invalid-response`) for anything else.
 */
export function parseProcessCredentialOutput(stdout: string): AwsCredentials {
  const operation = "process:credential_process";
  let json: unknown;
  try {
    json = JSON.parse(stdout);
  } catch {
    throw invalid(operation, "credential_process printed something that is not JSON");
  }
  const version = isJsonObject(json) ? json["Version"] : undefined;
  if (version !== 1)
    throw invalid(operation, `credential_process output has Version ${String(version)}; the Go SDK requires 1`);
  return parseCredentialJson(operation, stdout, {
    key: "AccessKeyId",
    secret: "SecretAccessKey",
    token: "SessionToken",
    expiration: "Expiration",
  });
}

/** IMDSv2 (token PUT), falling back to v1 when the token call is refused, like the Go SDK's imds client. */
async function imdsRoleCredentials(
  endpoint: string,
  signal: AbortSignal,
): Promise<AwsCredentials & { roleName: string }> {
  const operation = "imds:GetCredentials";
  const base = endpoint.replace(/\/+$/, "");
  let headers: Record<string, string> = {};
  const tokenRes = await fetch(`${base}/latest/api/token`, {
    method: "PUT",
    signal,
    headers: { "x-aws-ec2-metadata-token-ttl-seconds": "21600" },
  });
  if (tokenRes.ok) headers = { "x-aws-ec2-metadata-token": await tokenRes.text() };
  else await tokenRes.body?.cancel();
  const rolesRes = await fetch(`${base}/latest/meta-data/iam/security-credentials/`, { signal, headers });
  const roles = await rolesRes.text();
  const roleName = roles.split("\n")[0]?.trim() ?? "";
  if (!rolesRes.ok || !roleName) {
    throw new AwsCallError({
      operation,
      awsCode: "NoRole",
      httpStatus: rolesRes.status,
      message: `no EC2 IMDS role found (HTTP ${rolesRes.status})`,
    });
  }
  const credRes = await fetch(`${base}/latest/meta-data/iam/security-credentials/${encodeURIComponent(roleName)}`, {
    signal,
    headers,
  });
  const text = await credRes.text();
  if (!credRes.ok)
    throw new AwsCallError({
      operation,
      awsCode: `HTTP${credRes.status}`,
      httpStatus: credRes.status,
      message: text.slice(0, 200),
    });
  return {
    ...parseCredentialJson(operation, text, {
      key: "AccessKeyId",
      secret: "SecretAccessKey",
      token: "Token",
      expiration: "Expiration",
    }),
    roleName,
  };
}

/**
 * Reads the credentials JSON of credential_process, the container endpoint and IMDS.
 * @throws AwsCallError (`invalid-response`) when it is not a JSON object with both keys, or its expiration is not
 * a time.
 */
export function parseCredentialJson(
  operation: string,
  text: string,
  names: { key: string; secret: string; token: string; expiration: string },
): AwsCredentials {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw invalid(operation, "the credentials response is not JSON");
  }
  // `null`, a number or an array parse fine but hold no credentials (reading a key of null threw a TypeError).
  if (!isJsonObject(parsed)) throw invalid(operation, "the credentials response is not a JSON object");
  const json = parsed;
  const key = json[names.key];
  const secret = json[names.secret];
  if (typeof key !== "string" || typeof secret !== "string" || !key || !secret)
    throw invalid(operation, `the credentials response lacks ${names.key}/${names.secret}`);
  const token = json[names.token];
  const expiration = json[names.expiration];
  // Go decodes Expiration into a time.Time and fails on anything else; an Invalid Date made verify's report throw.
  const expiresAt = typeof expiration === "string" ? new Date(expiration) : undefined;
  if (expiresAt && Number.isNaN(expiresAt.getTime()))
    throw invalid(operation, `the credentials response has an ${names.expiration} that is not a time`);
  return {
    accessKeyId: key,
    secretAccessKey: secret,
    ...(typeof token === "string" && token ? { sessionToken: token } : {}),
    ...(expiresAt ? { expiration: expiresAt } : {}),
  };
}

function isJsonObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
