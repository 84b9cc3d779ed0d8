/** Moved to port/deduping-port.ts; this path stays for index.ts and existing importers. */
export * from "./port/deduping-port.js";
