/**
 * Go's time.ParseDuration and Duration.String, for the `duration` of the backend's role objects: Terraform's
 * validateDuration and validateDurationBetween (hashicorp/terraform internal/backend/remote-state/s3/validate.go)
 * quote the parse error and the normalised duration ("had 10m0s"), and Configure passes the parsed value to STS.
 */

/** Nanoseconds per unit, as Go's unitMap (both micro signs). */
const UNITS: Readonly<Record<string, number>> = {
  ns: 1,
  us: 1e3,
  µs: 1e3,
  μs: 1e3,
  ms: 1e6,
  s: 1e9,
  m: 60e9,
  h: 3600e9,
};

export type GoDurationParse =
  | { readonly ok: true; readonly nanoseconds: number }
  | { readonly ok: false; readonly error: string };

/** time.ParseDuration: `[-+]?([0-9]*(\.[0-9]*)?[a-z]+)+`, "0" alone needs no unit; errors word for word. */
export function parseGoDuration(text: string): GoDurationParse {
  const quoted = goQuote(text);
  const invalid = { ok: false, error: `time: invalid duration ${quoted}` } as const;
  let rest = text;
  let negative = false;
  if (rest.startsWith("-") || rest.startsWith("+")) {
    negative = rest.startsWith("-");
    rest = rest.slice(1);
  }
  if (rest === "0") return { ok: true, nanoseconds: 0 };
  if (rest === "") return invalid;
  let total = 0;
  while (rest !== "") {
    const number = /^(\d*)(?:\.(\d*))?/.exec(rest)!;
    const [consumed, whole = "", fraction] = number;
    if (whole === "" && (fraction === undefined || fraction === "")) return invalid;
    rest = rest.slice(consumed.length);
    const unitText = /^[^.\d]*/.exec(rest)![0];
    if (unitText === "") return { ok: false, error: `time: missing unit in duration ${quoted}` };
    const unit = UNITS[unitText];
    if (unit === undefined)
      return { ok: false, error: `time: unknown unit ${goQuote(unitText)} in duration ${quoted}` };
    rest = rest.slice(unitText.length);
    total += Number(whole || "0") * unit + (fraction ? Math.floor(Number(`0.${fraction}`) * unit) : 0);
  }
  return { ok: true, nanoseconds: negative ? -total : total };
}

/** Duration.String: `1h30m0s`, `10m0s`, `1.5s`, `500ms`, `0s`. */
export function formatGoDuration(nanoseconds: number): string {
  if (nanoseconds === 0) return "0s";
  const sign = nanoseconds < 0 ? "-" : "";
  const n = Math.abs(nanoseconds);
  const decimal = (value: number, per: number) => `${Math.floor(value / per)}${fractionDigits(value % per, per)}`;
  if (n < 1e3) return `${sign}${n}ns`;
  if (n < 1e6) return `${sign}${decimal(n, 1e3)}µs`;
  if (n < 1e9) return `${sign}${decimal(n, 1e6)}ms`;
  const hours = Math.floor(n / 3600e9);
  const minutes = Math.floor((n % 3600e9) / 60e9);
  const seconds = decimal(n % 60e9, 1e9);
  if (hours > 0) return `${sign}${hours}h${minutes}m${seconds}s`;
  if (minutes > 0) return `${sign}${minutes}m${seconds}s`;
  return `${sign}${seconds}s`;
}

/** `.5` for half a unit, trailing zeros dropped, nothing when whole. */
function fractionDigits(remainder: number, per: number): string {
  if (remainder === 0) return "";
  const digits = String(remainder)
    .padStart(String(per).length - 1, "0")
    .replace(/0+$/, "");
  return `.${digits}`;
}

/** Go time's quote(): a quote or backslash escaped, each byte of a non-ASCII or control character as \xNN. */
function goQuote(text: string): string {
  let out = '"';
  for (const char of text) {
    const code = char.codePointAt(0)!;
    if (code >= 0x80 || code < 0x20) {
      for (const byte of new TextEncoder().encode(char)) out += `\\x${byte.toString(16).padStart(2, "0")}`;
    } else out += char === '"' || char === "\\" ? `\\${char}` : char;
  }
  return `${out}"`;
}
