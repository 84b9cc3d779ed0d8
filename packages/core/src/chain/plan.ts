import type { SsoToken } from "../aws-files/sso-cache.js";

/**
 * How to obtain, at run time, the credentials the chain chose: the base source and the role hops on top, in
 * Terraform's order. Holds secrets in memory for verify; it is never part of an Explanation and never rendered.
 */
export type BaseCredentialPlan =
  | {
      readonly kind: "static";
      readonly accessKeyId: string;
      readonly secretAccessKey: string;
      readonly sessionToken?: string;
    }
  | {
      readonly kind: "web-identity";
      readonly roleArn: string;
      /** The token: the backend's literal `web_identity_token`, or the token file's text as the chain read it. */
      readonly token: string;
      /** Absolute path of the token file the token was read from, if any. */
      readonly tokenFile?: string;
      readonly sessionName?: string;
      /** Backend block: uses sts_region; env/profile web identity uses the main region. */
      readonly fromBackend: boolean;
    }
  | {
      readonly kind: "sso";
      readonly cacheFile: string;
      /** The token cache as the chain read it (null: not JSON); verify signs with it, never re-reading the file. */
      readonly token: SsoToken | null;
      readonly ssoRegion: string;
      readonly accountId: string;
      readonly roleName: string;
    }
  | { readonly kind: "process"; readonly command: string }
  | {
      readonly kind: "container";
      readonly url: string;
      readonly authorizationToken?: string;
      readonly authorizationTokenFile?: string;
    }
  | { readonly kind: "imds"; readonly endpoint: string };

export interface RoleHop {
  readonly roleArn: string;
  /** profile: a profile's role_arn (main region STS); backend: the backend's assume_role (sts_region). */
  readonly via: "profile" | "backend";
  readonly sessionName?: string;
  readonly externalId?: string;
  readonly durationSeconds?: number;
  readonly policy?: string;
  readonly policyArns?: readonly string[];
  readonly tags?: Readonly<Record<string, string>>;
  readonly transitiveTagKeys?: readonly string[];
  readonly sourceIdentity?: string;
}

export interface CredentialPlan {
  readonly base: BaseCredentialPlan;
  readonly roles: readonly RoleHop[];
}
