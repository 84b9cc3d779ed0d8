import { describe, expect, it } from "vitest";
import { parseEnvFile } from "./env-file.js";
import { UsageError } from "./usage-error.js";

describe("parseEnvFile", () => {
  it.each<[string, string, Record<string, string>]>([
    ["plain pairs", "A=1\nB=two words\n", { A: "1", B: "two words" }],
    ["comments, blank lines and CRLF", "# c\r\n\r\nA=1\r\n  # indented\r\n", { A: "1" }],
    ["an export prefix", "export AWS_PROFILE=dev", { AWS_PROFILE: "dev" }],
    ["quotes removed once", `A="x"\nB='y'\nC="'z'"`, { A: "x", B: "y", C: "'z'" }],
    ["unmatched quotes kept", `A="x\nB=y'`, { A: '"x', B: "y'" }],
    ["an empty value", "EMPTY=\nSPACED = v ", { EMPTY: "", SPACED: "v" }],
    ["= inside the value", "URL=http://h/?a=b", { URL: "http://h/?a=b" }],
    ["the last of a repeated key", "A=1\nA=2", { A: "2" }],
    ["no variable expansion", "A=$HOME/x", { A: "$HOME/x" }],
  ])("%s", (_name, text, expected) => {
    expect(parseEnvFile(text, "test.env")).toEqual(expected);
  });

  it.each([
    ["no equals sign", "JUST_A_NAME"],
    ["a bad name", "1A=x"],
    ["a space in the name", "MY VAR=x"],
  ])("rejects %s with file:line", (_name, line) => {
    expect(() => parseEnvFile(`OK=1\n${line}\n`, "x.env")).toThrow(UsageError);
    expect(() => parseEnvFile(`OK=1\n${line}\n`, "x.env")).toThrow(/^x\.env:2: expected KEY=VALUE/);
  });
});
