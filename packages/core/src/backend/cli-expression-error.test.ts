import { describe, expect, it } from "vitest";
import { diagnoseCliExpression, missingSeparatorError } from "./cli-expression-error.js";
import { parseHclExpression } from "./hcl.js";

const parses = (text: string) =>
  parseHclExpression(text, "-backend-config").then(
    () => true,
    () => false,
  );

// Every value below was given to Terraform 1.11.4 as -backend-config=assume_role=VALUE (or a set attribute);
// the expected summary is its first `Error:` line (conformance/FINDINGS.md §10).
describe("diagnoseCliExpression: Terraform's first error for a value that is not one HCL expression", () => {
  it.each([
    ...["/x/creds", "./x", "*", "]", "}", ")", ",", ":x", "=x", "%x", "?x"].map((v) => [v, "Invalid expression"]),
    ...["", " ", "[", "{a=", '["a",', '{a="x",', "1 +", "#x"].map((v) => [v, "Missing expression"]),
    ...["arn:aws:iam::1:role/x", '["a"]x', '{role_arn="x"}}', "C:\\x", '"a" "b"', "a.b c", "1x", "true false"].map(
      (v) => [v, "Extra characters after expression"],
    ),
    ...['["/x"', "[{a=1}", "[1,2", '["a" ', '["a", {b=1}'].map((v) => [v, "Unterminated tuple constructor expression"]),
    ...['{role_arn="x"', "{a=1", "{a"].map((v) => [v, "Unterminated object constructor expression"]),
    ['"abc', "Unterminated template string"],
    ...["~/x", "&x", "|x", "^x"].map((v) => [v, "Unsupported operator"]),
    ...[";", "`x", "'x'", "@x", "$x"].map((v) => [v, "Invalid character"]),
  ])("%j → %s", async (value, summary) => {
    expect((await diagnoseCliExpression(value, parses))?.summary).toBe(summary);
  });

  it.each([
    ...["[a b]", '["a" "b"]', "[a, b c]", "[[a b]", "[[a] b]", '[{a=1} "x"]', "[a b + c"].map((v) => [
      v,
      "Missing item separator",
    ]),
    ...["{a=1 b=2}", '{role_arn="x" session_name="y"}', "{a={b=1} c=2}"].map((v) => [v, "Missing attribute separator"]),
  ])("%j → %s (a comma missing between two items)", async (value, summary) => {
    expect((await diagnoseCliExpression(value, parses))?.summary).toBe(summary);
  });

  it.each(["(a b)", "[a + b c]"])("%j: null, tfwhy does not word it", async (value) => {
    expect(await diagnoseCliExpression(value, parses)).toBeNull();
  });

  it("gives Terraform's detail with the summary", async () => {
    expect(await diagnoseCliExpression("~/creds", parses)).toEqual({
      summary: "Unsupported operator",
      detail: 'Bitwise operators are not supported. Did you mean boolean NOT ("!")?',
    });
  });

  it("finds a missing separator even where tfwhy's own parser is lenient, and leaves multi-line values alone", () => {
    expect(missingSeparatorError('{role_arn="x" session_name="y"}')?.summary).toBe("Missing attribute separator");
    expect(missingSeparatorError('{role_arn="x", session_name="y"}')).toBeNull();
    expect(missingSeparatorError('{\n role_arn="x"\n session_name="y"\n}')).toBeNull();
    expect(missingSeparatorError('["a", "b"]')).toBeNull();
  });
});
