import { createFakeWorld } from "../../packages/core/src/testing.js";
import type { World } from "../../packages/core/src/world/world.js";
import type { BackendValue, GoTableCase } from "./go-table-case.js";

/** The root module every ported case is explained in. */
export const CASE_DIR = "/work/project";

/** The case's world: its env and files, and a root module whose `backend "s3"` block holds the case's config. */
export function worldForCase(c: GoTableCase): World {
  return createFakeWorld({
    cwd: CASE_DIR,
    homeDir: "/home/user",
    env: { ...c.env },
    files: { ...c.files, [`${CASE_DIR}/main.tf`]: mainTfFor(c.backend ?? {}) },
    ...(c.now ? { now: c.now } : {}),
  });
}

/** `terraform { backend "s3" { … } }` with each attribute as HCL (the Go test's config map, in its order). */
export function mainTfFor(backend: Readonly<Record<string, BackendValue>>): string {
  const lines = Object.entries(backend).map(([name, v]) => `    ${name} = ${hcl(v, "    ")}`);
  return `terraform {\n  backend "s3" {\n${lines.join("\n")}\n  }\n}\n`;
}

/** A value as an HCL expression: strings quoted (a `${` escaped so nothing is interpolated), objects one key a line. */
export function hcl(v: BackendValue, indent = ""): string {
  if (v === null) return "null";
  if (typeof v === "string")
    return JSON.stringify(v)
      .replaceAll("${", () => "$${")
      .replaceAll("%{", () => "%%{");
  if (typeof v === "number" || typeof v === "boolean") return String(v);
  if (Array.isArray(v)) return `[${v.map((item) => hcl(item, indent)).join(", ")}]`;
  const entries = Object.entries(v as Record<string, BackendValue>);
  if (entries.length === 0) return "{}";
  const inner = `${indent}  `;
  const body = entries.map(
    ([k, item]) => `${inner}${/^[A-Za-z_][\w-]*$/.test(k) ? k : JSON.stringify(k)} = ${hcl(item, inner)}`,
  );
  return `{\n${body.join("\n")}\n${indent}}`;
}
