import { describe, expect, it } from "vitest";
import { formatGoDuration, parseGoDuration } from "./go-duration.js";

describe("parseGoDuration (Go time.ParseDuration)", () => {
  it.each([
    ["1h30m", 5400e9],
    ["90m", 5400e9],
    ["3600s", 3600e9],
    [".5h", 1800e9],
    ["1.h", 3600e9],
    ["0", 0],
    ["-15m", -900e9],
    ["1500ms", 1.5e9],
    ["2µs", 2e3],
  ])("%s → %d ns", (text, nanoseconds) => {
    expect(parseGoDuration(text)).toEqual({ ok: true, nanoseconds });
  });

  it.each([
    // Seen on Terraform 1.11.4: `The value "1d" cannot be parsed as a duration: time: unknown unit "d" in duration "1d"`.
    ["1d", 'time: unknown unit "d" in duration "1d"'],
    ["1h30", 'time: missing unit in duration "1h30"'],
    ["60", 'time: missing unit in duration "60"'],
    ["", 'time: invalid duration ""'],
    ["abc", 'time: invalid duration "abc"'],
    [".", 'time: invalid duration "."'],
    ["1h ", 'time: unknown unit "h " in duration "1h "'],
    ['1x"', 'time: unknown unit "x\\"" in duration "1x\\""'],
    ["5é", 'time: unknown unit "\\xc3\\xa9" in duration "5\\xc3\\xa9"'],
    ["1 h", 'time: unknown unit " h" in duration "1 h"'],
  ])("%j → %s", (text, error) => {
    expect(parseGoDuration(text)).toEqual({ ok: false, error });
  });
});

describe("formatGoDuration (Go Duration.String)", () => {
  it.each([
    [600e9, "10m0s"],
    [13 * 3600e9, "13h0m0s"],
    [5400e9, "1h30m0s"],
    [90.5e9, "1m30.5s"],
    [1.5e9, "1.5s"],
    [500e6, "500ms"],
    [0, "0s"],
    [-900e9, "-15m0s"],
  ])("%d ns → %s", (nanoseconds, text) => {
    expect(formatGoDuration(nanoseconds)).toBe(text);
  });
});
