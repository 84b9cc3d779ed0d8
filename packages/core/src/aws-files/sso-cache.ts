/**
 * The fields of an SSO token cache file (`~/.aws/sso/cache/<sha1>.json`) that Terraform's Go SDK reads
 * (credentials/ssocreds).
 */
export interface SsoToken {
  readonly accessToken?: string;
  readonly expiresAt?: Date;
  readonly refreshToken?: string;
  readonly clientId?: string;
  readonly clientSecret?: string;
}

/** Reads an SSO token cache file (`~/.aws/sso/cache/*.json`); null when it is not JSON. Never throws. */
export function parseSsoToken(text: string): SsoToken | null {
  try {
    const json = JSON.parse(text) as Record<string, unknown>;
    const str = (k: string) => (typeof json[k] === "string" && json[k] !== "" ? (json[k] as string) : undefined);
    const expires = str("expiresAt");
    const expiresAt = expires ? new Date(expires) : undefined;
    return {
      ...(str("accessToken") ? { accessToken: str("accessToken")! } : {}),
      ...(expiresAt && !Number.isNaN(expiresAt.getTime()) ? { expiresAt } : {}),
      ...(str("refreshToken") ? { refreshToken: str("refreshToken")! } : {}),
      ...(str("clientId") ? { clientId: str("clientId")! } : {}),
      ...(str("clientSecret") ? { clientSecret: str("clientSecret")! } : {}),
    };
  } catch {
    return null;
  }
}
