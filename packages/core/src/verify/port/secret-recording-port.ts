import type { SecretRedactor } from "../../redact.js";
import type { AwsPort } from "./aws-port.js";

/** Fields of call parameters and answers that hold secrets (credentials, tokens, the SSE-C key). */
const SECRET_FIELDS = new Set([
  "secretAccessKey",
  "sessionToken",
  "webIdentityToken",
  "accessToken",
  "authorizationToken",
  "customerKeyBase64",
]);

/**
 * Wraps an AWS port so that every secret passing through it, sent (tokens read from files, the SSE-C key) or
 * received (STS, SSO, credential_process, container and IMDS credentials), is known to the redactor that cleans
 * verify's report. The calls themselves are unchanged.
 */
export function recordSecrets(port: AwsPort, redactor: SecretRedactor): AwsPort {
  const note = (value: unknown, depth = 0): void => {
    if (depth > 4 || value === null || typeof value !== "object") return;
    for (const [key, item] of Object.entries(value)) {
      if (SECRET_FIELDS.has(key) && typeof item === "string") redactor.add(item);
      else note(item, depth + 1);
    }
  };
  return new Proxy(port, {
    get(target, property, receiver) {
      const member = Reflect.get(target, property, receiver) as unknown;
      if (typeof member !== "function") return member;
      return async (...args: unknown[]) => {
        for (const arg of args) note(arg);
        const answer = (await (member as (...a: unknown[]) => Promise<unknown>).apply(target, args)) as unknown;
        note(answer);
        return answer;
      };
    },
  });
}
