import { goParseInt64 } from "./go-strconv.js";
import { equalFold } from "./go-strings.js";

// The fatal value checks of setFromIniSection in config v1.29.4, in Go's order (texts checked on Terraform 1.11.4).
export const VALUE_CHECKS: ReadonlyArray<{ readonly key: string; readonly problem: (value: string) => string | null }> =
  [
    {
      // imds.EndpointModeState.SetFromString
      key: "ec2_metadata_service_endpoint_mode",
      problem: (v) =>
        v === "" || equalFold(v, "IPv4") || equalFold(v, "IPv6")
          ? null
          : "unknown EC2 IMDS endpoint mode, must be either IPv6 or IPv4",
    },
    {
      // aws.DefaultsMode.SetFromString
      key: "defaults_mode",
      problem: (v) =>
        v === "" ||
        ["auto", "cross-region", "in-region", "legacy", "mobile", "standard"].some((mode) => equalFold(v, mode))
          ? null
          : `invalid value: ${v}`,
    },
    {
      // updateInt
      key: "max_attempts",
      problem: (v) => (goParseInt64(v) !== null ? null : `invalid value max_attempts=${v}, expect integer`),
    },
    {
      // aws.ParseRetryMode: exact, lower case only
      key: "retry_mode",
      problem: (v) => (v === "standard" || v === "adaptive" ? null : `unknown RetryMode, ${v}`),
    },
    {
      key: "disable_request_compression",
      problem: (v) =>
        v === "true" || v === "false"
          ? null
          : `invalid value for shared config profile field, disable_request_compression=${v}, need true or false`,
    },
    {
      key: "request_min_compression_size_bytes",
      problem: (v) => {
        const size = goParseInt64(v);
        if (size === null) return `invalid value for min request compression size bytes ${v}, need int64`;
        return size < 0n || size > 10485760n
          ? `invalid range for min request compression size bytes ${size}, must be within 0 and 10485760 inclusively`
          : null;
      },
    },
    {
      key: "account_id_endpoint_mode",
      problem: (v) =>
        ["preferred", "required", "disabled"].includes(v)
          ? null
          : "invalid value for shared config profile field, " +
            `account_id_endpoint_mode=${v}, must be preferred/required/disabled`,
    },
    {
      key: "request_checksum_calculation",
      problem: (v) =>
        ["when_supported", "when_required"].includes(v.toLowerCase())
          ? null
          : "invalid value for shared config profile field, " +
            `request_checksum_calculation=${v}, must be when_supported/when_required`,
    },
    {
      key: "response_checksum_validation",
      problem: (v) =>
        ["when_supported", "when_required"].includes(v.toLowerCase())
          ? null
          : "invalid value for shared config profile field, " +
            `response_checksum_validation=${v}, must be when_supported/when_required`,
    },
  ];
