import type { CredentialsSourceName } from "../trace.js";
import type { BaseCredentialPlan, RoleHop } from "./plan.js";

/** Terraform's summary lines (aws-sdk-go-base errors.go, Terraform backend diagnostics). */
export const NO_VALID_CREDENTIALS = "No valid credential sources found";
export const STATIC_EMPTY = "retrieving credentials: static credentials are empty";

/** Why Terraform stops at a source, and the summary line it prints. */
export interface ChainFailure {
  readonly code: string;
  readonly message: string;
  readonly terraformError: string;
}

/** The base credentials a branch ended with, before any role layer. */
export interface BaseCredentials {
  readonly source: CredentialsSourceName;
  readonly accessKeyId: string | null;
  readonly sourceFile: string | null;
  /** Profile role_arn hops assumed on top, innermost first. */
  readonly profileRoles: RoleHop[];
  /** How verify obtains the base credentials at run time. */
  readonly plan: BaseCredentialPlan;
}

/**
 * What one credential source decided, after recording its step: it provides the credentials, Terraform stops
 * there, or it does not apply and the walk goes on to the next source.
 */
export type SourceOutcome =
  | { readonly kind: "picked"; readonly credentials: BaseCredentials }
  | { readonly kind: "failure"; readonly failure: ChainFailure }
  | { readonly kind: "skipped" };

/** A source (or a branch of sources) that always decides: it never falls through. */
export type DecidedOutcome = Exclude<SourceOutcome, { readonly kind: "skipped" }>;

export function picked(credentials: BaseCredentials): DecidedOutcome {
  return { kind: "picked", credentials };
}

export function failure(failure: ChainFailure): DecidedOutcome {
  return { kind: "failure", failure };
}

export const SKIPPED: SourceOutcome = { kind: "skipped" };
