/** Moved to port/aws-port.ts; this path stays for index.ts and existing importers. */
export * from "./port/aws-port.js";
