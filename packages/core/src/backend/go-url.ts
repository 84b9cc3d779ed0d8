/**
 * Go's `net/url.Parse`, as far as the S3 backend's URL validators look at it (hashicorp/terraform
 * internal/backend/remote-state/s3/validate.go validateStringLegacyURL, validateStringValidURL): whether the value
 * parses, the error text Go gives when it does not, and the scheme and host when it does.
 */
import { goQuote } from "../aws-files/go-strings.js";

export type GoUrl =
  | { readonly ok: true; readonly scheme: string; readonly host: string }
  | { readonly ok: false; readonly error: string };

/** Go url.Parse(raw): an error reads `parse "<raw>": <why>`, as `(*url.Error).Error()` prints it. */
export function parseGoUrl(raw: string): GoUrl {
  const hash = raw.indexOf("#");
  const beforeFragment = hash < 0 ? raw : raw.slice(0, hash);
  const parsed = parseWithoutFragment(beforeFragment);
  if (!parsed.ok) return { ok: false, error: `parse ${goQuote(beforeFragment)}: ${parsed.error}` };
  if (hash >= 0) {
    const fragmentError = unescapeError(raw.slice(hash + 1), "fragment");
    if (fragmentError) return { ok: false, error: `parse ${goQuote(raw)}: ${fragmentError}` };
  }
  return parsed;
}

// net/url parse(rawURL, viaRequest=false); the first check is Go stringContainsCTLByte.
function parseWithoutFragment(raw: string): GoUrl {
  if (/[\x00-\x1f\x7f]/.test(raw)) return { ok: false, error: "net/url: invalid control character in URL" };
  if (raw === "*") return { ok: true, scheme: "", host: "" };
  const split = splitScheme(raw);
  if (!split.ok) return split;
  const scheme = split.scheme.toLowerCase();
  let rest = split.rest;
  if (rest.endsWith("?") && rest.split("?").length === 2) rest = rest.slice(0, -1);
  else if (rest.includes("?")) rest = rest.slice(0, rest.indexOf("?"));
  if (!rest.startsWith("/")) {
    // A rootless value after a scheme is opaque (`localhost:4566`): no host.
    if (scheme !== "") return { ok: true, scheme, host: "" };
    if ((rest.split("/")[0] ?? "").includes(":"))
      return { ok: false, error: "first path segment in URL cannot contain colon" };
  }
  let host = "";
  if ((scheme !== "" || !rest.startsWith("///")) && rest.startsWith("//")) {
    let authority = rest.slice(2);
    const slash = authority.indexOf("/");
    rest = slash >= 0 ? authority.slice(slash) : "";
    if (slash >= 0) authority = authority.slice(0, slash);
    const parsedHost = parseAuthority(authority);
    if (!parsedHost.ok) return parsedHost;
    host = parsedHost.host;
  }
  const pathError = unescapeError(rest, "path");
  if (pathError) return { ok: false, error: pathError };
  return { ok: true, scheme, host };
}

// net/url getScheme.
function splitScheme(raw: string): { ok: true; scheme: string; rest: string } | { ok: false; error: string } {
  for (let i = 0; i < raw.length; i++) {
    const c = raw[i]!;
    if (/[A-Za-z]/.test(c)) continue;
    if (/[0-9+.-]/.test(c)) {
      if (i === 0) return { ok: true, scheme: "", rest: raw };
      continue;
    }
    if (c === ":") {
      if (i === 0) return { ok: false, error: "missing protocol scheme" };
      return { ok: true, scheme: raw.slice(0, i), rest: raw.slice(i + 1) };
    }
    return { ok: true, scheme: "", rest: raw };
  }
  return { ok: true, scheme: "", rest: raw };
}

// net/url parseAuthority + parseHost (user info after the last `@` is checked only for bad escapes).
function parseAuthority(authority: string): { ok: true; host: string } | { ok: false; error: string } {
  const at = authority.lastIndexOf("@");
  const host = at < 0 ? authority : authority.slice(at + 1);
  if (host.startsWith("[")) {
    const close = host.lastIndexOf("]");
    if (close < 0) return { ok: false, error: "missing ']' in host" };
    const colonPort = host.slice(close + 1);
    if (!validOptionalPort(colonPort)) return { ok: false, error: `invalid port ${goQuote(colonPort)} after host` };
  } else {
    const colon = host.lastIndexOf(":");
    if (colon >= 0 && !validOptionalPort(host.slice(colon)))
      return { ok: false, error: `invalid port ${goQuote(host.slice(colon))} after host` };
  }
  const hostError = unescapeError(host, "host");
  if (hostError) return { ok: false, error: hostError };
  if (at >= 0) {
    const user = authority.slice(0, at);
    if (!/^[A-Za-z0-9\-._:~!$&'()*+,;=%@]*$/.test(user)) return { ok: false, error: "net/url: invalid userinfo" };
    const userError = unescapeError(user, "user");
    if (userError) return { ok: false, error: userError };
  }
  return { ok: true, host: decodeLoosely(host) };
}

function validOptionalPort(port: string): boolean {
  return port === "" || /^:[0-9]*$/.test(port);
}

// net/url unescape: a `%` must start two hex digits; a host also refuses characters Go would have to escape.
function unescapeError(text: string, mode: "path" | "host" | "user" | "fragment"): string | null {
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (c === "%") {
      const sequence = text.slice(i, i + 3);
      if (!/^%[0-9A-Fa-f]{2}$/.test(sequence)) return `invalid URL escape ${goQuote(sequence)}`;
      if (mode === "host" && Number.parseInt(sequence.slice(1), 16) < 0x80 && sequence !== "%25")
        return `invalid URL escape ${goQuote(sequence)}`;
      i += 2;
    } else if (mode === "host" && c.charCodeAt(0) < 0x80 && !/[A-Za-z0-9\-._~!$&'()*+,;=:[\]<>"]/.test(c)) {
      return `invalid character ${goQuote(c)} in host name`;
    }
  }
  return null;
}

function decodeLoosely(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}
