// The small entries, not core's index: --version, --help and usage errors stay free of core's load time.
import { InvalidInputError } from "@tfwhy/core/errors";
import { redactText } from "@tfwhy/core/redact";

/** core's `InvalidInputError` (exit 2), by type: the CLI never inspects error messages. */
export function isInvalidInput(error: unknown): error is InvalidInputError {
  return error instanceof InvalidInputError;
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
