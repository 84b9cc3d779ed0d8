import type { Location } from "@tfwhy/core";
// The small redaction entry, not core's index: --version, --help and usage errors stay free of core's load time.
import { redactText } from "@tfwhy/core/redact";

/** core's `InvalidInputError`, recognised by its code so that modules checking for it need not load core. */
export function isInvalidInput(error: unknown): error is Error & { readonly at?: Location | null } {
  return error instanceof Error && (error as { code?: unknown }).code === "invalid-input";
}

/** The first line of an error message, with key ids and URL user-info hidden (messages may quote input). */
export function firstLine(text: string): string {
  return redactText(text.split("\n", 1)[0] ?? "");
}

/** The stack, then each `cause` in turn. */
export function describeForDebug(error: unknown): string {
  const parts: string[] = [];
  let current: unknown = error;
  for (let depth = 0; current !== undefined && depth < 5; depth++) {
    parts.push(current instanceof Error ? (current.stack ?? `${current.name}: ${current.message}`) : String(current));
    current = current instanceof Error ? current.cause : undefined;
    if (current !== undefined) parts.push("Caused by:");
  }
  return redactText(parts.join("\n"));
}
