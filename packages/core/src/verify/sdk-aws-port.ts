/** Moved to port/sdk-aws-port.ts (one module per service under port/sdk/); this path stays for its importers. */
export {
  createSdkAwsPort,
  parseCredentialJson,
  parseProcessCredentialOutput,
  type SdkAwsPortOptions,
} from "./port/sdk-aws-port.js";
