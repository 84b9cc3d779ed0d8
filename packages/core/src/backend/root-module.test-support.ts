import { expect } from "vitest";
import { InvalidInputError } from "../errors.js";
import { createFakeWorld } from "../testing.js";
import { type RootModule, readRootModule } from "./root-module.js";

// Shared by the readRootModule tests: a module under `infra/` in a fake world, and views of what was read.

export const MAIN_TF = `
  terraform {
    backend "s3" {
      bucket = "block-bucket"
      key    = "block/key.tfstate"
      region = "eu-west-1"
    }
  }
`;

/** Reads `infra/` from a fake world holding `files`. */
export async function readModule(
  files: Record<string, string | null>,
  backendConfig: readonly string[] = [],
  env: Record<string, string> = {},
): Promise<RootModule> {
  return readRootModule(createFakeWorld({ files, env }), { dir: "infra", backendConfig });
}

/** name → value, for the attributes that are set. */
export function values(module: RootModule): Record<string, unknown> {
  return Object.fromEntries(module.backend.attributes.map((attribute) => [attribute.name, attribute.value]));
}

/** name → where the value came from, as `via file:line` or `via argument`. */
export function origins(module: RootModule): Record<string, string> {
  return Object.fromEntries(
    module.backend.attributes.map((attribute) => [
      attribute.name,
      attribute.at
        ? `${attribute.via} ${attribute.at.file}:${attribute.at.line}`
        : `${attribute.via} ${attribute.argument}`,
    ]),
  );
}

/** The InvalidInputError a read rejects with. */
export async function rejection(promise: Promise<unknown>): Promise<InvalidInputError> {
  const error = await promise.then(
    () => undefined,
    (thrown: unknown) => thrown,
  );
  expect(error).toBeInstanceOf(InvalidInputError);
  return error as InvalidInputError;
}
