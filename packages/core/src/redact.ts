/**
 * Masks an access key id the way aws-sdk-go-base logs it: first 4 + last 4, the rest as `*`
 * (`AKIAIOSFODNN7EXAMPLE` → `AKIA************MPLE`). Short values are fully masked.
 */
export function maskAccessKeyId(accessKeyId: string): string {
  if (accessKeyId.length <= 8) return "*".repeat(accessKeyId.length);
  return `${accessKeyId.slice(0, 4)}${"*".repeat(accessKeyId.length - 8)}${accessKeyId.slice(-4)}`;
}
