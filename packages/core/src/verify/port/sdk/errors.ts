/** SDK and network errors as AwsCallError. */
import { AwsCallError } from "../aws-port.js";

const NETWORK_CODES = new Set([
  "ECONNREFUSED",
  "ECONNRESET",
  "ENOTFOUND",
  "EAI_AGAIN",
  "EHOSTUNREACH",
  "ENETUNREACH",
  "EPIPE",
  "ECONNABORTED",
  "UND_ERR_SOCKET",
  "UND_ERR_CONNECT_TIMEOUT",
]);

/**
 * SDK/network error → AwsCallError. HEAD responses have no body, so their code comes from the status, as
 * aws-sdk-go-v2 reports it (`Forbidden`, `NotFound`).
 */
export function toAwsCallError(operation: string, error: unknown): AwsCallError {
  const e = (error ?? {}) as {
    name?: string;
    message?: string;
    code?: string;
    cause?: { code?: string; message?: string };
    $metadata?: { httpStatusCode?: number; requestId?: string };
    $response?: { statusCode?: number; headers?: Record<string, string | undefined> };
  };
  const status = e.$metadata?.httpStatusCode ?? e.$response?.statusCode ?? null;
  const requestId = e.$metadata?.requestId ?? null;
  const bucketRegion = e.$response?.headers?.["x-amz-bucket-region"] ?? null;
  const errno = e.code ?? e.cause?.code;
  if (status === null && errno && (NETWORK_CODES.has(errno) || errno === "ETIMEDOUT")) {
    const kind = errno === "ETIMEDOUT" || errno === "UND_ERR_CONNECT_TIMEOUT" ? "timeout" : "network";
    return new AwsCallError(
      {
        operation,
        awsCode: kind === "timeout" ? "Timeout" : "NetworkError",
        kind,
        message: `${errno}: ${e.message ?? e.cause?.message ?? ""}`.trim(),
      },
      { cause: error },
    );
  }
  if (status === null && e.name === "TimeoutError") {
    return new AwsCallError(
      { operation, awsCode: "Timeout", kind: "timeout", message: e.message ?? "timed out" },
      { cause: error },
    );
  }
  if (status === null) {
    return new AwsCallError(
      { operation, awsCode: e.name ?? "Error", kind: "network", message: e.message ?? String(error) },
      { cause: error },
    );
  }
  let code = e.name ?? "Unknown";
  let message = e.message ?? "";
  const unparsed = code === "SyntaxError" || /Deserialization error|Unexpected token|is not valid JSON/i.test(message);
  if (unparsed) {
    // A body the SDK could not read (a proxy's HTML page, an S3-compatible store's own format).
    code = STATUS_CODES[status] ?? `Http${status}`;
    message = `${code} (HTTP ${status}, the error body could not be parsed)`;
  } else if (code === "Unknown" || code === "UnknownError" || message === "UnknownError" || message === "") {
    // No parseable body (HEAD, or a proxy's page): name it the way Terraform's Go SDK does.
    code = STATUS_CODES[status] ?? `Http${status}`;
    message = `${code} (HTTP ${status}, no error body)`;
  }
  return new AwsCallError(
    { operation, awsCode: code, httpStatus: status, requestId, bucketRegion, message },
    { cause: error },
  );
}

const STATUS_CODES: Record<number, string> = {
  301: "PermanentRedirect",
  400: "BadRequest",
  403: "Forbidden",
  404: "NotFound",
  412: "PreconditionFailed",
  503: "SlowDown",
};

export function errorName(error: unknown): string | undefined {
  return (error as { name?: string } | null)?.name;
}

export function invalid(operation: string, message: string): AwsCallError {
  return new AwsCallError({ operation, awsCode: "InvalidResponse", kind: "invalid-response", message });
}
