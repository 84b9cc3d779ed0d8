/**
 * Mirrors aws-sdk-go-v2 `config` v1.29.4 `shared_config.go` (Terraform 1.11.2+): which sections of the shared
 * config and credentials files survive, how files merge, and how one profile resolves (`LoadSharedConfigProfile`).
 * Error texts are Go's, byte for byte; most were checked against Terraform 1.11.4 itself.
 */

export { nearestName } from "./nearest-name.js";
export { loadSharedConfigSet } from "./shared-config-load.js";
export { listProfileNames, MAX_SOURCE_PROFILE_HOPS, resolveSharedConfigProfile } from "./shared-config-profile.js";
export type * from "./shared-config-types.js";
export { validateSsoConfiguration } from "./sso-validation.js";
