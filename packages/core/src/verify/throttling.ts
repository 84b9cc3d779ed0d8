import type { AwsCallError } from "./port/aws-port.js";

const THROTTLING_CODES = new Set([
  "Throttling",
  "ThrottlingException",
  "SlowDown",
  "TooManyRequestsException",
  "RequestLimitExceeded",
  "ProvisionedThroughputExceededException",
  "RequestThrottled",
]);

/** Throttling codes, 429, and 503 (SlowDown, ServiceUnavailable): the endpoint answered, busy. */
export function isThrottled(error: AwsCallError): boolean {
  return THROTTLING_CODES.has(error.awsCode) || error.httpStatus === 429 || error.httpStatus === 503;
}
