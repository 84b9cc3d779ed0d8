import type { Options } from "tsup";

/** Options shared by every package build: ESM only (Node ≥20.19 can require() it), with types. */
export const base = {
  format: ["esm"],
  dts: true,
  sourcemap: true,
  clean: true,
  target: "node20",
  splitting: true,
} satisfies Options;
