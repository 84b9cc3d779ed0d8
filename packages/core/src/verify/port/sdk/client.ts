/**
 * One SDK call: a fresh client configured exactly as Terraform configures its own (region, custom endpoint, max
 * attempts) and nothing else, one command within the call's budget, the client destroyed afterwards.
 */
import { AwsCallError, type AwsCredentials, type CallTarget } from "../aws-port.js";
import { budgetedRetryStrategy, type Seen, withBudget } from "./budget.js";
import { toAwsCallError } from "./errors.js";
import { load, warmUp } from "./load.js";

const quiet = { debug() {}, info() {}, warn() {}, error() {} };

/** Settings shared by every client: explicit, so the SDK reads nothing from the process environment or ~/.aws. */
export async function baseConfig(target: CallTarget, seen: Seen) {
  const { NodeHttpHandler } = await load.handler();
  // No connectionTimeout: its timer is not cleared when a connection is refused, so it kept the process alive for
  // up to a whole timeout after the report. requestTimeout (a timer from the start of each attempt, cleared on every
  // outcome) and the call's budget bound connecting as well.
  const requestHandler = new NodeHttpHandler({
    requestTimeout: target.timeoutMs,
    throwOnRequestTimeout: true,
    logger: quiet,
  });
  // Remember the last transport error: when retries run the budget out, it says why (ECONNREFUSED, reset…).
  const handle = requestHandler.handle.bind(requestHandler);
  requestHandler.handle = async (...args: Parameters<typeof handle>) => {
    try {
      return await handle(...args);
    } catch (error) {
      seen.last = error;
      throw error;
    }
  };
  const maxAttempts = Math.max(1, target.maxAttempts);
  return {
    region: target.region,
    ...(target.endpoint ? { endpoint: target.endpoint } : {}),
    maxAttempts,
    retryStrategy: budgetedRetryStrategy(maxAttempts, seen),
    // Terraform resolves endpoints itself (explanation.endpoints); profile endpoint_url/services are not read here.
    ignoreConfiguredEndpointUrls: true,
    useFipsEndpoint: false,
    useDualstackEndpoint: false,
    logger: quiet,
    requestHandler,
  } as const;
}

export const creds = (c: AwsCredentials) => ({
  accessKeyId: c.accessKeyId,
  secretAccessKey: c.secretAccessKey,
  ...(c.sessionToken ? { sessionToken: c.sessionToken } : {}),
});

/**
 * Builds a client (loading the SDK first, outside the budget), runs one command within the budget, and always
 * destroys the client, so no socket outlives the call.
 */
export async function runSdkCall<C extends { send: (...args: never[]) => unknown; destroy(): void }, T>(
  operation: string,
  target: CallTarget,
  make: (seen: Seen) => Promise<C>,
  send: (client: C, abortSignal: AbortSignal) => Promise<T>,
): Promise<T> {
  const seen: Seen = {};
  const client = await make(seen);
  try {
    const work = withBudget(operation, target, (signal) => {
      seen.signal = signal;
      return send(client, signal);
    });
    warmUp();
    return await work;
  } catch (error) {
    if (error instanceof AwsCallError && error.kind === "timeout") {
      // The budget ran out while retrying: say what the endpoint last answered (503 SlowDown is not "no answer").
      const answered = seen.attempt === undefined ? null : toAwsCallError(operation, seen.attempt);
      if (answered?.httpStatus) {
        throw new AwsCallError(
          {
            operation,
            awsCode: answered.awsCode,
            httpStatus: answered.httpStatus,
            requestId: answered.requestId,
            budgetExhausted: true,
            message:
              `the endpoint answered ${answered.httpStatus} ${answered.awsCode} (${answered.message}); ` +
              `still so when the ${target.timeoutMs} ms budget ran out`,
          },
          { cause: seen.attempt },
        );
      }
      const underlying = seen.last === undefined ? null : toAwsCallError(operation, seen.last);
      if (underlying?.kind === "network") {
        throw new AwsCallError(
          {
            operation,
            awsCode: underlying.awsCode,
            kind: "network",
            message: `${underlying.message} (still failing when the ${target.timeoutMs} ms budget ran out)`,
          },
          { cause: seen.last },
        );
      }
    }
    throw error;
  } finally {
    client.destroy();
  }
}
