import { describe, expect, it } from "vitest";
import { createProgress, createStatusLine } from "./progress.js";

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

describe("createStatusLine", () => {
  it("rewrites one line in place on a terminal, cuts what would wrap, and clears it at the end", () => {
    const out: string[] = [];
    const status = createStatusLine({ isTTY: true, write: (t) => void out.push(t) });
    status.show("verifying: Bucket exists and is reachable");
    status.show("verifying: KMS key");
    status.show(`verifying: ${"x".repeat(200)}`);
    status.done();
    expect(out[0]).toBe("\rverifying: Bucket exists and is reachable");
    // Padded over the longer line before it.
    expect(out[1]).toBe(`\r${"verifying: KMS key".padEnd("verifying: Bucket exists and is reachable".length)}`);
    expect(out[2]!.length).toBe(1 + 79);
    expect(out[2]!.endsWith("…")).toBe(true);
    expect(out.slice(-2)).toEqual([`\r${" ".repeat(79)}`, "\r"]);
  });

  it("writes nothing when stderr is not a terminal, nor on done() when nothing was shown", () => {
    const out: string[] = [];
    const silent = createStatusLine({ isTTY: false, write: (t) => void out.push(t) });
    silent.show("verifying: x");
    silent.done();
    createStatusLine({ isTTY: true, write: (t) => void out.push(t) }).done();
    expect(out).toEqual([]);
  });
});
