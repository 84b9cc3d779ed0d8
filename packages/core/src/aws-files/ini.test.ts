import { describe, expect, it } from "vitest";
import { goTrimSpace, type IniDocument, LONE_QUOTE_PANIC, parseIni } from "./ini.js";

const FILE = { path: "/home/user/.aws/config", display: "~/.aws/config" };

/** `{ section: { key: "value@line" } }`: compact enough to read a whole table at a glance. */
function summarize(document: IniDocument): Record<string, Record<string, string>> {
  const out: Record<string, Record<string, string>> = {};
  for (const section of document.sections.values()) {
    const values: Record<string, string> = {};
    for (const [key, value] of section.values) {
      const sub = value.subProperties ? ` {${[...value.subProperties].map(([k, v]) => `${k}=${v}`).join(",")}}` : "";
      values[key] = `${value.value}@${value.at.line}${sub}`;
    }
    out[`${section.name}@${section.headers.map((h) => h.line).join(",")}`] = values;
  }
  return out;
}

// Each case mirrors aws-sdk-go-v2 internal/ini v1.8.2 (tokenize.go, parse.go, strings.go). Cases marked (TF) were
// also run through Terraform 1.11.4 (a profile's role_arn/source_profile echoed back in its error text).
const cases: ReadonlyArray<{ name: string; text: string; expected: Record<string, Record<string, string>> }> = [
  {
    name: "basic section and keys, keys lower-cased, values trimmed",
    text: "[default]\nAWS_Access_Key_ID =  AKIA  \nregion=us-east-1\n",
    expected: { "default@1": { aws_access_key_id: "AKIA@2", region: "us-east-1@3" } },
  },
  {
    name: "CRLF line endings: CR trimmed from headers and values (TF)",
    text: "[profile p]\r\nregion = eu-west-1\r\n",
    expected: { "profile p@1": { region: "eu-west-1@2" } },
  },
  {
    name: "whole-line comments with # and ; even when indented",
    text: "# top\n[default]\n  ; indented comment\n\t# tab comment\nregion = x\n",
    expected: { "default@2": { region: "x@5" } },
  },
  {
    name: "inline comment needs a space or tab before # or ; (TF)",
    text: "[default]\na = v #c\nb = v\t;c\nc = v#notcomment\nd = v;notcomment\n",
    expected: { "default@1": { a: "v@2", b: "v@3", c: "v#notcomment@4", d: "v;notcomment@5" } },
  },
  {
    name: "section lines cut at any # or ;",
    text: "[profile p]#c\n[profile q] ; c\n[profile a;b]\nk = v\n",
    // `[profile a;b]` becomes `[profile a` (not a section, not a property): k lands in q.
    expected: { "profile p@1": {}, "profile q@2": { k: "v@4" } },
  },
  {
    name: "one pair of matching quotes stripped, no escape processing (TF)",
    text: `[default]\na = "x y"\nb = 'x'\nc = "x'\nd = ""\ne = "a\\"b"\nf = "#x" #c\n`,
    expected: { "default@1": { a: "x y@2", b: "x@3", c: `"x'@4`, d: "@5", e: `a\\"b@6`, f: "#x@7" } },
  },
  {
    name: "colon separator, and whichever of = and : comes first wins (TF)",
    text: "[default]\na: b=c\nd = e:f\ng:\n",
    expected: { "default@1": { a: "b=c@2", d: "e:f@3", g: "@4" } },
  },
  {
    name: "empty values are kept as empty strings",
    text: "[default]\nregion =\nrole_arn=\n",
    expected: { "default@1": { region: "@2", role_arn: "@3" } },
  },
  {
    name: "continuation line appends with a newline to a non-empty value (TF)",
    text: "[default]\nrole_arn = R\n  more\n\tand more\n",
    expected: { "default@1": { role_arn: "R\nmore\nand more@2" } },
  },
  {
    name: "continuation after an empty value is dropped",
    text: "[default]\nk =\n  more\n",
    expected: { "default@1": { k: "@2" } },
  },
  {
    name: "continuation keeps inline comments and a trailing CR",
    text: "[default]\nk = v\r\n  w # c\r\n",
    expected: { "default@1": { k: "v\nw # c\r@2" } },
  },
  {
    name: "sub-properties under an empty-valued key, comments kept in their values",
    text: "[services s]\ns3 =\n  endpoint_url = http://x # c\n  Addressing_Style = path\n",
    expected: { "services s@1": { s3: "@2 {endpoint_url=http://x # c,addressing_style=path}" } },
  },
  {
    name: "indented k = v after a non-empty value is promoted to a property, comment trimmed (TF)",
    text: "[default]\nrole_arn = R\n  source_profile = other # c\n",
    expected: { "default@1": { role_arn: "R@2", source_profile: "other@3" } },
  },
  {
    name: "indented k = v right after the header is promoted too",
    text: "[default]\n  region = us-east-1\n",
    expected: { "default@1": { region: "us-east-1@2" } },
  },
  {
    name: "properties before the first section are ignored",
    text: "region = x\n  y = z\n[default]\nk = v\n",
    expected: { "default@3": { k: "v@4" } },
  },
  {
    name: "duplicate sections merge and later keys win",
    text: "[default]\na = 1\nb = 1\n[other]\n[default]\na = 2\na = 3\n",
    expected: { "default@1,5": { a: "3@7", b: "1@3" }, "other@4": {} },
  },
  {
    name: "[profile    x] and [profile\\tx] normalise to one space (TF)",
    text: "[profile    x]\na = 1\n[profile\tx]\nb = 2\n[ profile  y ]\n",
    expected: { "profile x@1,3": { a: "1@2", b: "2@4" }, "profile y@5": {} },
  },
  {
    name: "section names keep their case; only the first space splits type from name",
    text: "[Profile Dev]\n[DEFAULT]\n[profile a b  c]\n",
    expected: { "Profile Dev@1": {}, "DEFAULT@2": {}, "profile a b  c@3": {} },
  },
  {
    name: "tabs around keys and values",
    text: "[default]\n\tregion\t=\tus-east-1\t\nkey\t= v\n",
    expected: { "default@1": { region: "us-east-1@2", key: "v@3" } },
  },
  {
    name: "a line that is neither section nor property is ignored, not an error",
    text: "[default]\njust some words\nk = v\n",
    expected: { "default@1": { k: "v@3" } },
  },
  {
    name: "UTF-8 BOM is not stripped, so the first header is lost (TF)",
    text: "\uFEFF[default]\nk = v\n[other]\nk = w\n",
    expected: { "other@3": { k: "w@4" } },
  },
  {
    name: "__proto__ and constructor are ordinary names",
    text: "[__proto__]\nconstructor = x\n__proto__ = y\n[constructor]\n",
    expected: { "__proto__@1": { constructor: "x@2", __proto__: "y@3" }, "constructor@4": {} },
  },
  {
    name: "empty brackets open a nameless section whose properties are dropped",
    text: "[]\nk = v\n[default]\n",
    expected: { "@1": {}, "default@3": {} },
  },
  {
    name: "a header line may be indented",
    text: "  [default]\nk = v\n",
    expected: { "default@1": { k: "v@2" } },
  },
  {
    name: "key with no name is kept under the empty key",
    text: "[default]\n= v\n",
    expected: { "default@1": { "": "v@2" } },
  },
];

describe("parseIni: Go internal/ini semantics", () => {
  it.each(cases)("$name", ({ text, expected }) => {
    const document = parseIni(text, FILE);
    expect(summarize(document)).toEqual(expected);
    expect(document.crash).toBeNull();
  });

  it("keeps file path and display name in every location", () => {
    const section = parseIni("[default]\nk = v\n", FILE).sections.get("default");
    expect(section?.headers[0]).toEqual({ file: "~/.aws/config", path: "/home/user/.aws/config", line: 1 });
    expect(section?.values.get("k")?.at).toEqual({ file: "~/.aws/config", path: "/home/user/.aws/config", line: 2 });
  });

  it("records ignored lines with the reason", () => {
    const document = parseIni("orphan = 1\n[default]\nwords\nk =\n  more\n", FILE);
    expect(document.ignoredLines.map((l) => [l.at.line, l.reason])).toEqual([
      [1, "outside-section"],
      [3, "unrecognized"],
      [5, "continuation-ignored"],
    ]);
  });

  it.each([
    ["double quote", '[default]\nregion = "\n'],
    ["single quote", "[default]\nregion = '\n"],
    ["sub-property", "[default]\ns3 =\n  k = '\n"],
    ["before any section", 'k = "\n[default]\n'],
  ])("a value that is a lone quote makes Go panic (%s) (TF: Terraform crashes)", (_, text) => {
    const document = parseIni(text, FILE);
    expect(document.crash?.message).toBe(LONE_QUOTE_PANIC);
    expect(document.crash?.at.line).toBe(text.startsWith("k") ? 1 : text.includes("s3") ? 3 : 2);
  });
});

describe("goTrimSpace", () => {
  it.each([
    ["  a  ", "a"],
    ["\r\n\ta\v\f", "a"],
    ["\u00a0a\u0085", "a"],
    ["\uFEFFa", "\uFEFFa"],
  ])("%j → %j", (input, expected) => {
    expect(goTrimSpace(input)).toBe(expected);
  });
});
