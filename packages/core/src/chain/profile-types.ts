import type { ProfileResolution, SharedConfigProfile } from "../aws-files/shared-config.js";

export type { LocatedValue } from "../aws-files/shared-config.js";
/** One resolved shared-config profile (the Go SDK's `SharedConfig` after `setFromIniSections`). */
export type ChainProfile = SharedConfigProfile;
export type ChainProfileResolution = ProfileResolution;

/** The shared config as the chain sees it. */
export interface ProfileCatalog {
  resolve(name: string): ChainProfileResolution;
  /** Every profile name the Go SDK would accept, sorted. */
  names(): readonly string[];
}
