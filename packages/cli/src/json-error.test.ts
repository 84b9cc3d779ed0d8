import { describe, expect, it } from "vitest";
import { jsonError } from "./json-error.js";

describe("jsonError", () => {
  it("is null for valid JSON", () => {
    for (const text of ['{"ignore":["a"],"paths":[{"path":"x","ignore":[]}]}', "[]", " 1.5e3 ", '"a\\"b"', "null"]) {
      expect(jsonError(text), text).toBeNull();
    }
  });

  it("gives the offset and the problem of the first error", () => {
    expect(jsonError('["a",]')).toEqual({ offset: 5, problem: 'unexpected "]"' });
    expect(jsonError('{"a":1,}')).toEqual({ offset: 7, problem: 'expected a quoted key, found "}"' });
    expect(jsonError('{"a" 1}')).toEqual({ offset: 5, problem: 'expected ":", found "1"' });
    expect(jsonError('{"a":1')).toEqual({ offset: 6, problem: 'expected "," or "}", found the end of the file' });
    expect(jsonError('"abc')).toEqual({ offset: 4, problem: "unterminated string" });
    expect(jsonError("{} x")).toEqual({ offset: 3, problem: 'unexpected "x"' });
    expect(jsonError("")).toEqual({ offset: 0, problem: "unexpected end of file" });
  });

  it("agrees with JSON.parse on what is valid", () => {
    for (const text of ["{", "[1 2]", "tru", "01", "{'a':1}", '{"a":[1,{"b":null}]}', "-", "1."]) {
      let valid = true;
      try {
        JSON.parse(text);
      } catch {
        valid = false;
      }
      expect(jsonError(text) === null, text).toBe(valid);
    }
  });
});
