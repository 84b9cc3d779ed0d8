import { describe, expect, it } from "vitest";
import { pathMatches } from "./ignore-config.js";

describe("pathMatches", () => {
  it("treats a path without wildcards as a directory prefix", () => {
    expect(pathMatches("infra", "infra")).toBe(true);
    expect(pathMatches("infra/", "infra/prod")).toBe(true);
    expect(pathMatches("./infra", "infra/prod/eu")).toBe(true);
    expect(pathMatches("infra", "infrastructure")).toBe(false);
    expect(pathMatches(".", "anything/below")).toBe(true);
  });

  it("treats a path with * or ? as a glob: * and ? within a segment, ** across segments", () => {
    expect(pathMatches("infra/*", "infra/prod")).toBe(true);
    expect(pathMatches("infra/*", "infra/prod/eu")).toBe(false);
    expect(pathMatches("infra/**", "infra/prod/eu")).toBe(true);
    expect(pathMatches("**/legacy", "legacy")).toBe(true);
    expect(pathMatches("**/legacy", "a/b/legacy")).toBe(true);
    expect(pathMatches("env-?", "env-1")).toBe(true);
    expect(pathMatches("a.b*", "axb")).toBe(false);
  });
});
