import { AwsCallError } from "../aws-port.js";
import { toAwsCallError } from "./errors.js";

/** What one call saw: the last transport error of its HTTP handler, the last attempt's error, its budget signal. */
export interface Seen {
  last?: unknown;
  /** The error of the last failed attempt (a parsed AWS answer such as 503 SlowDown, or a transport error). */
  attempt?: unknown;
  signal?: AbortSignal;
}

/**
 * The SDK's standard retry (exponential backoff with full jitter: 100 ms base, 500 ms for throttling, at most 20 s;
 * no retry for client errors) without its retry quota, whose waits end when the call's budget signal aborts. The
 * SDK's own wait is a setTimeout it never clears: after a timeout or Ctrl-C it would keep the process alive for up
 * to the whole backoff. Here the SDK is told to wait 0 ms, and the wait happens in refreshRetryTokenForRetry, with a
 * timer that is cleared on abort. It also remembers each failed attempt's error (Seen.attempt).
 */
export function budgetedRetryStrategy(maxAttempts: number, seen: Seen) {
  const token = (count: number) => ({
    getRetryCount: () => count,
    getRetryDelay: () => 0,
    getRetryTokenCount: () => 0,
  });
  return {
    mode: "standard",
    acquireInitialRetryToken: async () => token(0),
    refreshRetryTokenForRetry: async (
      previous: { getRetryCount(): number },
      info: { errorType: string; error?: unknown; retryAfterHint?: Date },
    ) => {
      seen.attempt = info.error;
      const count = previous.getRetryCount();
      if (count + 1 >= maxAttempts || info.errorType === "CLIENT_ERROR") throw new Error("no retry");
      const base = info.errorType === "THROTTLING" ? 500 : 100;
      let delay = Math.floor(Math.min(20_000, Math.random() * 2 ** count * base));
      if (info.retryAfterHint) delay = Math.min(20_000, Math.max(delay, info.retryAfterHint.getTime() - Date.now()));
      await abortableSleep(delay, seen.signal);
      return token(count + 1);
    },
    recordSuccess: () => undefined,
  };
}

function abortableSleep(ms: number, signal: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal?.reason);
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener("abort", onAbort);
      resolve();
    }, ms);
    signal?.addEventListener("abort", onAbort, { once: true });
  });
}

/**
 * Runs `fn` with a signal that aborts after `timeoutMs` or when the caller aborts, and gives up waiting at that
 * moment even if the SDK is still sleeping between retries: the result is always an AwsCallError within budget.
 */
export async function withBudget<T>(
  operation: string,
  target: { readonly timeoutMs: number; readonly signal?: AbortSignal },
  fn: (signal: AbortSignal) => Promise<T>,
): Promise<T> {
  const timeout = AbortSignal.timeout(target.timeoutMs);
  const signal = target.signal ? AbortSignal.any([target.signal, timeout]) : timeout;
  const reasonError = (): AwsCallError =>
    target.signal?.aborted
      ? new AwsCallError({ operation, awsCode: "Aborted", kind: "aborted", message: "cancelled" })
      : new AwsCallError({
          operation,
          awsCode: "Timeout",
          kind: "timeout",
          message: `no answer within ${target.timeoutMs} ms`,
        });
  if (signal.aborted) throw reasonError();
  let onAbort: () => void = () => {};
  const aborted = new Promise<never>((_, reject) => {
    onAbort = () => reject(reasonError());
    signal.addEventListener("abort", onAbort, { once: true });
  });
  const work = fn(signal);
  work.catch(() => undefined); // the race may have been lost; never leave an unhandled rejection behind
  try {
    return await Promise.race([work, aborted]);
  } catch (error) {
    if (error instanceof AwsCallError) throw error;
    if (signal.aborted) throw reasonError();
    throw toAwsCallError(operation, error);
  } finally {
    signal.removeEventListener("abort", onAbort);
  }
}
