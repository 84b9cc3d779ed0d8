import { describe, expect, it } from "vitest";
import { type ColorInputs, shouldUseColor } from "./color.js";

describe("shouldUseColor", () => {
  it.each<[string, ColorInputs, boolean]>([
    ["--color wins over NO_COLOR", { flag: true, env: { NO_COLOR: "1" }, isTTY: false }, true],
    ["--no-color wins over FORCE_COLOR", { flag: false, env: { FORCE_COLOR: "1" }, isTTY: true }, false],
    ["any non-empty NO_COLOR disables", { flag: undefined, env: { NO_COLOR: "0" }, isTTY: true }, false],
    ["an empty NO_COLOR is ignored", { flag: undefined, env: { NO_COLOR: "" }, isTTY: true }, true],
    ["NO_COLOR beats FORCE_COLOR", { flag: undefined, env: { NO_COLOR: "1", FORCE_COLOR: "1" }, isTTY: true }, false],
    ["FORCE_COLOR enables on a pipe", { flag: undefined, env: { FORCE_COLOR: "1" }, isTTY: false }, true],
    ["an empty FORCE_COLOR enables", { flag: undefined, env: { FORCE_COLOR: "" }, isTTY: false }, true],
    ["FORCE_COLOR=0 disables on a terminal", { flag: undefined, env: { FORCE_COLOR: "0" }, isTTY: true }, false],
    ["FORCE_COLOR=false disables", { flag: undefined, env: { FORCE_COLOR: "false" }, isTTY: true }, false],
    ["a terminal", { flag: undefined, env: {}, isTTY: true }, true],
    ["a dumb terminal", { flag: undefined, env: { TERM: "dumb" }, isTTY: true }, false],
    ["a pipe", { flag: undefined, env: { TERM: "xterm-256color" }, isTTY: false }, false],
  ])("%s", (_name, inputs, expected) => {
    expect(shouldUseColor(inputs)).toBe(expected);
  });
});
