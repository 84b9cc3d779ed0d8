import type { Location } from "../location.js";

/**
 * A parser for the AWS shared config/credentials INI dialect with the exact semantics of aws-sdk-go-v2
 * `internal/ini` v1.8.2 (the version Terraform 1.11.2+ links), keeping the 1-based line of every section
 * and value so answers can point at `file:line`.
 *
 * Go never returns a parse error at this version (`tokenize` ignores unrecognised lines); the only failure is a
 * runtime panic on a value that is a lone quote, reported here as {@link IniDocument.crash}.
 */

/** Which file is being parsed: `path` is absolute (Go's `SourceFile`), `display` is what users recognise. */
export interface IniFileRef {
  readonly path: string;
  readonly display: string;
}

/** One key's value (Go `ini.Value`). */
export interface IniValue {
  /** What Go's `Section.String(key)` returns: quotes stripped, empty when the key holds sub-properties. */
  readonly value: string;
  /** Indented `k = v` lines under an empty-valued key (Go `Value.mp`), e.g. `s3 =` + `  addressing_style = path`. */
  readonly subProperties: ReadonlyMap<string, string> | null;
  /** The line of the key itself (the last definition wins, so this is the one Go keeps). */
  readonly at: Location;
}

export interface IniSection {
  /** Go's section key: `default`, `profile x` (one space, however many were written), `sso-session s`. */
  readonly name: string;
  /** Every header line that opened this section, in order; duplicates merge into one section. */
  readonly headers: readonly Location[];
  /** Keys are lower-cased, as Go does. A `Map`, so `__proto__` and `constructor` are plain keys. */
  readonly values: ReadonlyMap<string, IniValue>;
}

/** Why a non-blank, non-comment line contributed nothing. */
export type IniIgnoredLineReason =
  /** A property, sub-property or continuation before the first section (or inside `[]`). */
  | "outside-section"
  /** Not a section, has no `=` or `:`, and is not indented (Go: "unrecognized tokens are effectively ignored"). */
  | "unrecognized"
  /** An indented line without `=`/`:` following a key whose value is empty or has sub-properties. */
  | "continuation-ignored";

export interface IniIgnoredLine {
  readonly at: Location;
  readonly text: string;
  readonly reason: IniIgnoredLineReason;
}

/** Go panics while tokenizing this line: Terraform crashes before it reads any credentials. */
export interface IniCrash {
  readonly at: Location;
  /** The first line of Go's panic, as Terraform prints it after its crash banner. */
  readonly message: string;
}

export interface IniDocument {
  readonly file: IniFileRef;
  /** In order of first appearance. */
  readonly sections: ReadonlyMap<string, IniSection>;
  readonly ignoredLines: readonly IniIgnoredLine[];
  /** Non-null when Go would panic reading this file (the first such line). */
  readonly crash: IniCrash | null;
}

/** `panic: runtime error: slice bounds out of range [1:0]` from ini.unquote on a value that is just `"` or `'`. */
export const LONE_QUOTE_PANIC = "panic: runtime error: slice bounds out of range [1:0]";

/**
 * Parses INI text the way aws-sdk-go-v2 `ini.Parse` does (`strings.Split` on `\n`, then `tokenize`, then `parse`).
 * Pure: the caller reads the file.
 */
export function parseIni(text: string, file: IniFileRef): IniDocument {
  const parser = new IniParser(file);
  // ini.Parse: strings.Split(contents, "\n"); a CR stays at the end of each line of a CRLF file.
  const lines = text.split("\n");
  for (const [index, line] of lines.entries()) parser.line(line, index + 1);
  return parser.result();
}

type LineToken =
  | { readonly kind: "profile"; readonly type: string; readonly name: string }
  | { readonly kind: "property"; readonly key: string; readonly value: string }
  | { readonly kind: "sub-property"; readonly key: string; readonly value: string }
  | { readonly kind: "continuation"; readonly value: string };

interface MutableValue {
  value: string;
  subProperties: Map<string, string> | null;
  at: Location;
}

interface MutableSection {
  readonly name: string;
  readonly headers: Location[];
  readonly values: Map<string, MutableValue>;
}

/** Go `ini.parser`: the current section and key drive where each token lands. */
class IniParser {
  private readonly sections = new Map<string, MutableSection>();
  private readonly ignoredLines: IniIgnoredLine[] = [];
  private crash: IniCrash | null = null;
  private currentSection = "";
  private currentKey = "";

  constructor(private readonly file: IniFileRef) {}

  line(line: string, lineNumber: number): void {
    // tokenize: blank lines and whole-line comments are skipped.
    if (goTrimSpace(line) === "" || isLineComment(line)) return;
    const at: Location = { file: this.file.display, path: this.file.path, line: lineNumber };
    const token = this.tokenize(line, at);
    if (token === null) {
      this.ignore(at, line, "unrecognized");
      return;
    }
    switch (token.kind) {
      case "profile":
        this.handleProfile(token, at);
        return;
      case "property":
        this.handleProperty(token.key, token.value, at, line);
        return;
      case "sub-property":
        this.handleSubProperty(token.key, token.value, at, line);
        return;
      case "continuation":
        this.handleContinuation(token.value, at, line);
        return;
    }
  }

  result(): IniDocument {
    return { file: this.file, sections: this.sections, ignoredLines: this.ignoredLines, crash: this.crash };
  }

  // Go tokenize: asProfile, then asProperty, then asSubProperty, then asContinuation; the first match wins.
  private tokenize(line: string, at: Location): LineToken | null {
    const profile = asProfile(line);
    if (profile) return profile;
    const property = asProperty(line);
    if (property) return { kind: "property", key: property.key, value: this.legacyStrconv(property.value, at) };
    const subProperty = asSubProperty(line);
    if (subProperty)
      return { kind: "sub-property", key: subProperty.key, value: this.legacyStrconv(subProperty.value, at) };
    return asContinuation(line);
  }

  // Go legacyStrconv → unquote: `s[1 : len(s)-1]` when s starts and ends with the same quote. For a lone `"` or `'`
  // that slice is [1:0], and Go panics (checked against Terraform 1.11.4: it crashes).
  private legacyStrconv(value: string, at: Location): string {
    if (value === '"' || value === "'") {
      this.crash ??= { at, message: LONE_QUOTE_PANIC };
      return value;
    }
    return unquote(value);
  }

  // Go parser.handleProfile: a repeated header reopens the existing section (later keys win).
  private handleProfile(token: { type: string; name: string }, at: Location): void {
    const name = token.type !== "" ? `${token.type} ${token.name}` : token.name;
    this.currentKey = "";
    this.currentSection = name;
    const existing = this.sections.get(name);
    if (existing) existing.headers.push(at);
    else this.sections.set(name, { name, headers: [at], values: new Map() });
  }

  // Go parser.handleProperty: properties outside a section are dropped ("LEGACY: don't error on global properties").
  private handleProperty(key: string, value: string, at: Location, text: string): void {
    const section = this.section();
    if (!section) {
      this.ignore(at, text, "outside-section");
      return;
    }
    this.currentKey = key;
    section.values.set(key, { value, subProperties: null, at });
  }

  // Go parser.handleSubProperty: an indented `k = v` is a sub-property only under a key whose value is empty;
  // otherwise ("orphaned") it is promoted to a normal property, with its inline comment trimmed then.
  private handleSubProperty(key: string, value: string, at: Location, text: string): void {
    const section = this.section();
    if (!section) {
      this.ignore(at, text, "outside-section");
      return;
    }
    const parent = this.currentKey === "" ? undefined : section.values.get(this.currentKey);
    if (parent?.value !== "") {
      this.handleProperty(key, goTrimSpace(trimPropertyComment(value)), at, text);
      return;
    }
    parent.subProperties ??= new Map();
    parent.subProperties.set(key, value);
  }

  // Go parser.handleContinuation: appended with "\n" only to a non-empty plain string value; otherwise dropped.
  private handleContinuation(value: string, at: Location, text: string): void {
    const section = this.section();
    const current = section && this.currentKey !== "" ? section.values.get(this.currentKey) : undefined;
    if (!current) {
      this.ignore(at, text, section ? "continuation-ignored" : "outside-section");
      return;
    }
    if (current.value !== "" && current.subProperties === null) current.value = `${current.value}\n${value}`;
    else this.ignore(at, text, "continuation-ignored");
  }

  private section(): MutableSection | undefined {
    return this.currentSection === "" ? undefined : this.sections.get(this.currentSection);
  }

  private ignore(at: Location, text: string, reason: IniIgnoredLineReason): void {
    this.ignoredLines.push({ at, text, reason });
  }
}

// Go isLineComment: first non-space/tab character is `#` or `;`.
function isLineComment(line: string): boolean {
  const trimmed = trimLeftLineSpace(line);
  return trimmed.startsWith("#") || trimmed.startsWith(";");
}

// Go asProfile: `[ type name ] ; comment`. Any `#`/`;` starts a comment on a section line.
function asProfile(line: string): LineToken | null {
  const trimmed = goTrimSpace(trimProfileComment(line));
  if (!trimmed.startsWith("[") || !trimmed.endsWith("]")) return null;
  const [type, name] = splitProfile(goTrimSpace(trimmed.slice(1, -1)));
  return { kind: "profile", type, name };
}

// Go asProperty: not indented; inline comments need a space or tab before `#`/`;`; keys are lower-cased.
function asProperty(line: string): { key: string; value: string } | null {
  if (isLineSpace(line.charAt(0))) return null;
  const split = splitProperty(trimRightLineSpace(trimPropertyComment(line)));
  return split ? { key: split.key.toLowerCase(), value: split.value } : null;
}

// Go asSubProperty: indented `k = v`; comments stay in the value ("comments on sub-properties are included").
function asSubProperty(line: string): { key: string; value: string } | null {
  if (!isLineSpace(line.charAt(0))) return null;
  const split = splitProperty(trimLeftLineSpace(line));
  return split ? { key: split.key.toLowerCase(), value: split.value } : null;
}

// Go asContinuation: any other indented line, kept verbatim after its indentation (comments and a CR included).
function asContinuation(line: string): LineToken | null {
  if (!isLineSpace(line.charAt(0))) return null;
  return { kind: "continuation", value: trimLeftLineSpace(line) };
}

// Go trimProfileComment: cut at the first `#`, then at the first `;`.
function trimProfileComment(s: string): string {
  return cutBefore(cutBefore(s, "#"), ";");
}

// Go trimPropertyComment: cut at ` #`, ` ;`, `\t#`, `\t;` (ini v1.7.1: `a#b` is a value, `a #b` has a comment).
function trimPropertyComment(s: string): string {
  return cutBefore(cutBefore(cutBefore(cutBefore(s, " #"), " ;"), "\t#"), "\t;");
}

// Go splitProperty: the separator is `=`, or `:` when there is no `=` or the `:` comes first.
function splitProperty(s: string): { key: string; value: string } | null {
  const equalsAt = s.indexOf("=");
  const colonAt = s.indexOf(":");
  const separator = equalsAt === -1 || (colonAt !== -1 && colonAt < equalsAt) ? ":" : "=";
  const at = s.indexOf(separator);
  if (at === -1) return null;
  return { key: goTrimSpace(s.slice(0, at)), value: goTrimSpace(s.slice(at + 1)) };
}

// Go splitProfile: the first space/tab run splits "type" from "name"; no space means no type.
function splitProfile(s: string): [type: string, name: string] {
  let first = 0;
  for (let i = 0; i < s.length; i++) {
    if (isLineSpace(s.charAt(i))) {
      if (first === 0) first = i;
    } else if (first !== 0) {
      return [s.slice(0, first), s.slice(i)];
    }
  }
  return first === 0 ? ["", s] : ["", ""];
}

// Go unquote (ini v1.7.3+: no escape processing): strip one pair of matching surrounding quotes.
function unquote(s: string): string {
  const quoted = (q: string): boolean => s.startsWith(q) && s.endsWith(q);
  return quoted('"') || quoted("'") ? s.slice(1, -1) : s;
}

function cutBefore(s: string, separator: string): string {
  const at = s.indexOf(separator);
  return at === -1 ? s : s.slice(0, at);
}

function isLineSpace(ch: string): boolean {
  return ch === " " || ch === "\t";
}

function trimLeftLineSpace(s: string): string {
  return s.replace(/^[ \t]+/, "");
}

function trimRightLineSpace(s: string): string {
  return s.replace(/[ \t]+$/, "");
}

// Go unicode.IsSpace. Unlike JS `trim()`, it keeps U+FEFF (so a BOM survives) and removes U+0085.
const GO_SPACE =
  "\t\n\v\f\r \u0085\u00a0\u1680" +
  "\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u2028\u2029\u202f\u205f\u3000";

/** Go `strings.TrimSpace`. */
export function goTrimSpace(s: string): string {
  let start = 0;
  let end = s.length;
  while (start < end && GO_SPACE.includes(s.charAt(start))) start++;
  while (end > start && GO_SPACE.includes(s.charAt(end - 1))) end--;
  return s.slice(start, end);
}
