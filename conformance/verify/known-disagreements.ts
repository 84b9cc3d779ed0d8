/**
 * Setups where the current verify disagrees with Terraform (agreement.ts): setup name → per mode (`plain` without
 * --write-probe, `probe` with it) one line saying what verify did wrong and what Terraform did. The to-do list of
 * the verify rework: the test fails when a listed mode starts to agree, so a fix must remove its line.
 */
export interface KnownDisagreement {
  readonly plain?: string;
  readonly probe?: string;
}

/**
 * Empty: every scored setup agrees with and without --write-probe (docs/verify-conformance.md). A setup added here
 * must name the check and status verify gave and what Terraform did; the test fails as soon as it agrees.
 */
export const KNOWN_DISAGREEMENTS: Readonly<Record<string, KnownDisagreement>> = {};
