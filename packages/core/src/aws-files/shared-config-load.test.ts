import { describe, expect, it } from "vitest";
import { load } from "./shared-config.test-support.js";

describe("file bookkeeping", () => {
  it("records each file's state and what was skipped", () => {
    const set = load({
      config: [{ state: "missing" }, "[profile p]\nwords\n"],
      credentials: { state: "unreadable", message: "permission denied" },
    });
    expect(set.files.map((f) => `${f.kind} ${f.display} ${f.state}${f.message ? ` (${f.message})` : ""}`)).toEqual([
      "config ~/.aws/config1 missing",
      "config ~/.aws/config2 loaded",
      "credentials ~/.aws/credentials unreadable (permission denied)",
    ]);
    expect(set.files[1]?.ignoredLines.map((l) => `${l.at.line} ${l.reason}`)).toEqual(["2 unrecognized"]);
  });

  it("stops at the first failing file and marks the rest not read", () => {
    const set = load({ config: ['[default]\nk = "\n', "[profile p]\n"], credentials: "[p]\n" });
    expect(set.files.map((f) => f.state)).toEqual(["failed", "not-read", "not-read"]);
    expect(set.failure).toMatchObject({ crash: true, at: { line: 2 } });
  });

  it("lists keys the merge skipped when the profile already exists", () => {
    const set = load({
      config: "[profile p]\nregion = us-east-1\n",
      credentials: "[p]\nendpoint_url = http://x\naws_access_key_id = A\n",
    });
    expect(set.unmergedKeys.map((k) => `${k.section}.${k.key} ${k.reason} @${k.at.line}`)).toEqual([
      "p.endpoint_url not-in-merge-list @2",
      "p.aws_access_key_id partial-static-keys @3",
    ]);
  });
});
