const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;

/**
 * Returns the value Go's `strconv.ParseInt(s, 0, 64)` would, or null where Go returns an error: an optional sign,
 * then a `0x`/`0o`/`0b` prefix or a leading `0` for octal, `_` only between digits; int64 range.
 * (The Go SDK reads `duration_seconds`, `max_attempts` and `request_min_compression_size_bytes` with it.)
 */
export function goParseInt64(s: string): bigint | null {
  let rest = s;
  let negative = false;
  if (rest.startsWith("+") || rest.startsWith("-")) {
    negative = rest.startsWith("-");
    rest = rest.slice(1);
  }
  const magnitude = parseUnsignedBase0(rest);
  if (magnitude === null) return null;
  const value = negative ? -magnitude : magnitude;
  return value < INT64_MIN || value > INT64_MAX ? null : value;
}

// Go strconv.ParseUint with base 0.
function parseUnsignedBase0(s: string): bigint | null {
  if (s === "") return null;
  let base = 10n;
  let digits = s;
  if (s.startsWith("0")) {
    const prefix = s.charAt(1).toLowerCase();
    if (s.length >= 3 && (prefix === "b" || prefix === "o" || prefix === "x")) {
      base = prefix === "b" ? 2n : prefix === "o" ? 8n : 16n;
      digits = s.slice(2);
    } else {
      base = 8n;
      digits = s.slice(1);
    }
  }
  let value = 0n;
  let sawUnderscore = false;
  for (const ch of digits) {
    if (ch === "_") {
      sawUnderscore = true;
      continue;
    }
    if (!/^[0-9a-zA-Z]$/.test(ch)) return null;
    const digit = BigInt(Number.parseInt(ch, 36));
    if (digit >= base) return null;
    value = value * base + digit;
  }
  if (sawUnderscore && !underscoreOk(s)) return null;
  return value;
}

// Go strconv.underscoreOK: `_` must sit between digits, or between a base prefix and a digit.
function underscoreOk(s: string): boolean {
  let saw: "^" | "0" | "_" | "!" = "^";
  let i = 0;
  let hex = false;
  if (s.length >= 2 && s.charAt(0) === "0" && "box".includes(s.charAt(1).toLowerCase())) {
    i = 2;
    saw = "0";
    hex = s.charAt(1).toLowerCase() === "x";
  }
  for (; i < s.length; i++) {
    const ch = s.charAt(i);
    if ((ch >= "0" && ch <= "9") || (hex && /[a-f]/i.test(ch))) {
      saw = "0";
      continue;
    }
    if (ch === "_") {
      if (saw !== "0") return false;
      saw = "_";
      continue;
    }
    if (saw === "_") return false;
    saw = "!";
  }
  return saw !== "_";
}
