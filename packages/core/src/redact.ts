/**
 * The one place where text made from user input is made safe to show. Every sentence, evidence value or error that
 * quotes input goes through these functions, which know what is secret:
 * - values of secret attributes and keys (never quoted, not even as an unevaluated expression);
 * - access key ids (masked the way aws-sdk-go-base logs them);
 * - URL user-info (`https://user:password@host` → `https://****@host`);
 * - command arguments (`credential_process = get-creds --token X` → `get-creds …(2 arguments not shown)`);
 * - the contents of string literals in source excerpts (a malformed line may hold a secret).
 * `SecretRedactor` adds a last net: every secret value tfwhy read is replaced wherever it still appears.
 */

/**
 * Masks an access key id the way aws-sdk-go-base logs it: first 4 + last 4, the rest as `*`
 * (`AKIAIOSFODNN7EXAMPLE` → `AKIA************MPLE`). Short values are fully masked.
 */
export function maskAccessKeyId(accessKeyId: string): string {
  if (accessKeyId.length <= 8) return "*".repeat(accessKeyId.length);
  return `${accessKeyId.slice(0, 4)}${"*".repeat(accessKeyId.length - 8)}${accessKeyId.slice(-4)}`;
}

/** Long-term (AKIA) and temporary (ASIA) access key ids: 20 upper-case letters and digits. */
const ACCESS_KEY_ID = /\b(?:AKIA|ASIA)[A-Z0-9]{12,}\b/g;
/**
 * `scheme://userinfo@`: everything between `//` and the last `@` of the token. Unencoded `/` and `:` are allowed in
 * it: people paste passwords into proxy URLs as they are, and hiding a path by mistake costs nothing.
 */
const URL_USERINFO = /\b([a-z][a-z0-9+.-]*:\/\/)[^\s"'\\<>]*@/gi;

/**
 * `user:password@host` written without a scheme (an endpoint Terraform only warns about, "Complete URL Expected"): a
 * word with a colon before its `@`. The password part holds no `/`, so ARNs with a session name (`…/user@example.com`)
 * and e-mail addresses (no colon) stay as they are.
 */
const BARE_USERINFO = /(^|[\s"'(=,[{])[^\s"'@/:()=,[\]{}]+:[^\s"'@/]*@/g;

/** Hides URL user-info (with or without a scheme) and masks access key ids in any text quoted from input. */
export function redactText(text: string): string {
  return text
    .replace(URL_USERINFO, "$1****@")
    .replace(BARE_USERINFO, "$1****@")
    .replace(ACCESS_KEY_ID, (id) => maskAccessKeyId(id));
}

/**
 * Free text from a program tfwhy ran (credential_process stderr): long opaque tokens (20+ characters of key or token
 * alphabet, with at least one digit) become `****`, as they may be the credentials the program was printing.
 */
export function redactOpaqueTokens(text: string): string {
  return redactText(text).replace(/[A-Za-z0-9+/=_\-.]{20,}/g, (token) =>
    /\d/.test(token) && !/^[a-z.-]+$/i.test(token) && !token.includes("*") ? "****" : token,
  );
}

/**
 * A `credential_process` command line as it may be shown: the program and how many arguments follow, never the
 * arguments themselves (they often carry a token or a password).
 */
export function describeCommandLine(commandLine: string): string {
  const words = commandLine
    .trim()
    .split(/\s+/)
    .filter((w) => w !== "");
  if (words.length === 0) return "(empty)";
  const program = redactText(words[0]!);
  const rest = words.length - 1;
  return rest === 0 ? program : `${program} …(${rest} argument${rest === 1 ? "" : "s"} not shown)`;
}

/** Names of keys and attributes whose values are secrets (or key ids), in HCL, JSON, INI and `KEY=VALUE` text. */
const SECRET_NAMES = [
  "access_key",
  "aws_access_key_id",
  "AWS_ACCESS_KEY_ID",
  "secret_key",
  "token",
  "sse_customer_key",
  "web_identity_token",
  "aws_secret_access_key",
  "aws_session_token",
  "aws_security_token",
  "AWS_SECRET_ACCESS_KEY",
  "AWS_SESSION_TOKEN",
  "AWS_SECURITY_TOKEN",
  "AWS_SSE_CUSTOMER_KEY",
];
const SECRET_ASSIGNMENT = new RegExp(`(^|[\\s{,;"'])(${SECRET_NAMES.join("|")})(["']?\\s*[=:])`, "i");

/**
 * An excerpt of source text (a syntax error's "unexpected …") as it may be shown: string literal contents become
 * `…` (an unterminated one to the end), and nothing at all is shown once a secret attribute is assigned. Returns
 * null when nothing of it may be shown.
 */
export function redactSourceExcerpt(excerpt: string, line?: string): string | null {
  if (SECRET_ASSIGNMENT.test(excerpt) || (line !== undefined && SECRET_ASSIGNMENT.test(line))) return null;
  return redactText(excerpt.replace(/"(?:[^"\\]|\\.)*("|$)/g, (_m, end: string) => `"…${end}`));
}

/** Whether an environment variable's value is a secret by its name (keys, tokens, passwords). */
export function isSecretEnvName(name: string): boolean {
  if (/_FILE$|_PATH$|_URI$|_ARN$/i.test(name)) return false;
  return /SECRET|TOKEN|PASSWORD|PASSWD|CREDENTIAL|SSE_CUSTOMER_KEY|PRIVATE_KEY/i.test(name);
}

/** Secrets shorter than this are not searched for in text: too many innocent matches, and no real key is that short. */
const MIN_SECRET_LENGTH = 6;

/**
 * The last net: every secret value tfwhy read (from the environment, the backend, the AWS files, the SSO cache,
 * token files, STS answers) is registered, and `redact` replaces each occurrence with `****` before text leaves
 * core. Values themselves stay in memory only.
 */
export class SecretRedactor {
  private readonly secrets = new Set<string>();

  /** Registers a secret value (ignored when empty or too short to search for). */
  add(value: string | null | undefined): this {
    if (typeof value !== "string") return this;
    const trimmed = value.trim();
    if (trimmed.length >= MIN_SECRET_LENGTH) this.secrets.add(trimmed);
    // A value quoted in source text appears with its escapes; register that form too.
    const escaped = JSON.stringify(trimmed).slice(1, -1);
    if (escaped !== trimmed && escaped.length >= MIN_SECRET_LENGTH) this.secrets.add(escaped);
    return this;
  }

  /** Registers every secret-named variable of an environment. */
  addEnvironment(env: Readonly<Record<string, string | undefined>>): this {
    for (const [name, value] of Object.entries(env)) if (isSecretEnvName(name)) this.add(value);
    return this;
  }

  get size(): number {
    return this.secrets.size;
  }

  /** Replaces every registered secret (longest first), then URL user-info and key ids. */
  redact(text: string): string {
    let out = text;
    if (this.secrets.size > 0) {
      for (const secret of [...this.secrets].sort((a, b) => b.length - a.length)) {
        if (out.includes(secret)) out = out.split(secret).join("****");
      }
    }
    return redactText(out);
  }

  /** A copy of a JSON-safe value with every string redacted (object keys included). */
  redactDeep<T>(value: T): T {
    return redactValue(value, (text) => this.redact(text)) as T;
  }
}

function redactValue(value: unknown, redact: (text: string) => string): unknown {
  if (typeof value === "string") return redact(value);
  if (Array.isArray(value)) return value.map((item) => redactValue(item, redact));
  if (value !== null && typeof value === "object" && isPlainObject(value)) {
    const out: Record<string, unknown> = {};
    for (const [key, item] of Object.entries(value)) out[redact(key)] = redactValue(item, redact);
    return out;
  }
  return value;
}

function isPlainObject(value: object): boolean {
  const proto = Object.getPrototypeOf(value) as unknown;
  return proto === Object.prototype || proto === null;
}
