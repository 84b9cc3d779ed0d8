import { describe, expect, it } from "vitest";
import { goParseInt64 } from "./go-strconv.js";

describe("goParseInt64 (strconv.ParseInt(s, 0, 64))", () => {
  it.each([
    ["900", 900n],
    ["+3", 3n],
    ["-0x10", -16n],
    ["0b11", 3n],
    ["0o17", 15n],
    ["017", 15n],
    ["1_000", 1000n],
    ["0x_1f", 31n],
    ["0", 0n],
    ["019", null],
    ["_1", null],
    ["1__0", null],
    ["1_", null],
    ["0x", null],
    ["", null],
    ["1h", null],
    ["9223372036854775807", 9223372036854775807n],
    ["9223372036854775808", null],
    ["-9223372036854775808", -9223372036854775808n],
  ] as const)("%j → %s", (input, expected) => {
    expect(goParseInt64(input)).toBe(expected);
  });
});
