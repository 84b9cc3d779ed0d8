import type { World } from "../src/index.js";
import { createFakeWorld } from "../src/testing.js";
import type { Scenario } from "./scenarios.js";

/** The root module directory every scenario's world is built around. */
export const DIR = "/work/project";

/** A scenario's world: its backend lines inside `backend "s3"` (after bucket, key and region unless bare). */
export function worldFor(scenario: Scenario): World {
  const lines = scenario.bare ? [] : ['bucket = "b"', 'key = "k"', 'region = "us-east-1"'];
  if (scenario.backend) lines.push(...scenario.backend.split("\n"));
  const mainTf = `terraform {\n  backend "s3" {\n${lines.map((l) => `    ${l}`).join("\n")}\n  }\n}\n`;
  return createFakeWorld({
    cwd: DIR,
    env: scenario.env ?? {},
    files: { "main.tf": mainTf, ...scenario.files },
    ...(scenario.now ? { now: scenario.now } : {}),
  });
}
