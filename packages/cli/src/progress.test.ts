import { describe, expect, it } from "vitest";
import { createProgress } from "./progress.js";

describe("createProgress", () => {
  it("redraws `explained n/total` in place on a terminal, padding over longer text, then clears the line", () => {
    const out: string[] = [];
    const progress = createProgress({ total: 10, isTTY: true, write: (t) => void out.push(t) });
    for (let i = 0; i < 10; i++) progress.tick();
    progress.done();
    expect(out[0]).toBe("\rexplained 0/10");
    expect(out[10]).toBe("\rexplained 10/10");
    expect(out.slice(-2)).toEqual([`\r${" ".repeat("explained 10/10".length)}`, "\r"]);
    expect(out.join("")).not.toMatch(/\u001b/);
  });

  it("writes nothing when stderr is not a terminal", () => {
    const out: string[] = [];
    const progress = createProgress({ total: 3, isTTY: false, write: (t) => void out.push(t) });
    progress.tick();
    progress.done();
    expect(out).toEqual([]);
  });
});
