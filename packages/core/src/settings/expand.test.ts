import { describe, expect, it } from "vitest";
import { expandEnv, expandTerraformPath } from "./expand.js";

const HOME = "/home/user";
const ENV = { HOME, TEAM: "platform", EMPTY: "", "1": "one" };

describe("expandEnv (Go os.ExpandEnv)", () => {
  it.each([
    ["$HOME/creds", "/home/user/creds"],
    ["${HOME}/creds", "/home/user/creds"],
    ["$TEAM$TEAM", "platformplatform"],
    ["$UNSET/creds", "/creds"],
    ["${UNSET}x", "x"],
    ["$EMPTY", ""],
    // One-character shell names: `$12` is `$1` then `2`, and `$$` is the (unset) variable `$`.
    ["$12", "one2"],
    ["a$$b", "ab"],
    ["${1}", "one"],
    // Bad syntax is eaten: `${}` whole, an unclosed `${` only its two characters.
    ["a${}b", "ab"],
    ["a${HOME", "aHOME"],
    // A `$` Go cannot read a name after stays, and so does a trailing one.
    ["$/x", "$/x"],
    ["cost$", "cost$"],
    ["no dollars", "no dollars"],
  ])("%s → %s", (input, expected) => {
    expect(expandEnv(input, ENV)).toBe(expected);
  });
});

describe("expandTerraformPath (aws-sdk-go-base internal/expand.FilePath: os.ExpandEnv, then go-homedir)", () => {
  it.each([
    ["~", HOME],
    ["~/", HOME],
    ["~/.aws/credentials", `${HOME}/.aws/credentials`],
    // filepath.Join cleans what follows the ~, and only then.
    ["~/./x//creds/", `${HOME}/x/creds`],
    ["~/../other/creds", "/home/other/creds"],
    // go-homedir also accepts a backslash after the ~ (a file named `\creds` under HOME on Unix).
    ["~\\creds", `${HOME}/\\creds`],
    ["$HOME/creds", `${HOME}/creds`],
    // The environment is expanded first, so a variable holding ~/… is expanded too.
    ["$TILDE/creds", `${HOME}/creds`],
    // Relative paths are returned as written: not cleaned, not made absolute.
    ["creds", "creds"],
    ["./creds", "./creds"],
    ["../x//creds", "../x//creds"],
    ["x/~/creds", "x/~/creds"],
    // Only a leading ~ counts: a leading space makes the rest a relative path.
    [" ~/creds", " ~/creds"],
  ])("%s → %s", (input, expected) => {
    expect(expandTerraformPath(input, { ...ENV, TILDE: "~" }, HOME)).toBe(expected);
  });

  it.each(["~root/creds", "~root", "~nobody", "~~/creds", "$USERHOME/creds"])(
    "refuses %s (go-homedir: cannot expand user-specific home dir)",
    (input) => {
      expect(expandTerraformPath(input, { USERHOME: "~root" }, HOME)).toBeNull();
    },
  );

  it("ignores a trailing slash on the home directory", () => {
    expect(expandTerraformPath("~/creds", {}, "/home/user/")).toBe("/home/user/creds");
  });
});
