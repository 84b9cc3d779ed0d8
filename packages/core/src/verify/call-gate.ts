/**
 * The one way checks reach the AWS port: never throws, and remembers an endpoint that timed out, refused or stayed
 * throttled, so later calls to it are skipped at once (a dead endpoint costs one timeout, not one per check).
 */
import type { BackendSettings } from "../settings/client-settings.js";
import * as msg from "./messages/diagnose.js";
import { AwsCallError, isAwsCallError } from "./port/aws-port.js";
import { isThrottled } from "./throttling.js";

/** The services verify talks to; an endpoint that did not answer is not asked again. */
export type Service = "sts" | "sso" | "s3" | "dynamodb" | "kms" | "credentials";

export type CallResult<T> =
  | { readonly ok: true; readonly value: T }
  | { readonly ok: false; readonly error: AwsCallError; readonly skipped?: undefined }
  | { readonly ok: false; readonly error?: undefined; readonly skipped: string };

/** What the gate needs from the run: its settings and budget, its signal, and the endpoints found dead so far. */
export interface CallGate {
  readonly settings: BackendSettings;
  readonly timeoutMs: number;
  readonly signal: AbortSignal | undefined;
  readonly unreachable: Map<Service, string>;
}

/**
 * Runs one port call for `service`. Never throws: an endpoint that timed out or refused is remembered, and
 * later calls to it are skipped at once, so a dead endpoint costs one timeout, not one per check.
 */
export async function callThroughGate<T>(
  gate: CallGate,
  service: Service,
  operation: string,
  fn: () => Promise<T>,
): Promise<CallResult<T>> {
  const dead = gate.unreachable.get(service);
  if (dead) return { ok: false, skipped: dead };
  if (gate.signal?.aborted) return { ok: false, skipped: msg.CANCELLED_BEFORE_CALL };
  try {
    return { ok: true, value: await fn() };
  } catch (thrown) {
    const error = isAwsCallError(thrown)
      ? thrown
      : new AwsCallError(
          {
            operation,
            awsCode: "Error",
            kind: "network",
            message: thrown instanceof Error ? thrown.message : String(thrown),
          },
          { cause: thrown },
        );
    if (isThrottled(error)) {
      // Still throttled (or busy) after every retry: later calls to it would only spend their budgets the same way.
      const until = error.budgetExhausted
        ? msg.budgetRanOut(gate.timeoutMs)
        : msg.allAttempts(gate.settings.maxAttempts);
      gate.unreachable.set(service, msg.stillThrottled(error.httpStatus, error.awsCode, operation, until));
    } else if (error.kind === "timeout" || error.kind === "network") {
      const url =
        service === "credentials"
          ? null
          : (gate.settings.endpoints[service as keyof BackendSettings["endpoints"]] ?? msg.defaultEndpoint(service));
      gate.unreachable.set(service, msg.endpointDead(url, operation, error.awsCode, error.message));
    }
    return { ok: false, error };
  }
}
