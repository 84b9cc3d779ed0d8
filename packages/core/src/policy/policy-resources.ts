/**
 * The ARNs a backend policy names: the bucket, its objects, the DynamoDB table, the KMS key. The workspace the
 * policy stands for ("any workspace", policy-calls.ts ANY_WORKSPACE) becomes `*`.
 */
import { ANY_WORKSPACE } from "./policy-calls.js";

/** IAM's wildcard for "any workspace"; in an object ARN it also matches `/` (IAM wildcards span path segments). */
export const anyWorkspace = (text: string): string => text.replaceAll(ANY_WORKSPACE, "*");

export const bucketArn = (bucket: string): string => `arn:aws:s3:::${bucket}`;

export const objectArn = (bucket: string, key: string): string => `arn:aws:s3:::${bucket}/${anyWorkspace(key)}`;

/** The table ARN; `*` for what is not known offline (region, account). */
export function tableArn(table: string, region: string, accountId: string | null): string {
  return `arn:aws:dynamodb:${region || "*"}:${accountId ?? "*"}:table/${table}`;
}

/** The account of an ARN (`arn:aws:iam::123456789012:role/x`), or null. */
export function accountOf(arn: string): string | null {
  return /^arn:aws[\w-]*:[\w-]+:[\w-]*:(\d{12}):/.exec(arn)?.[1] ?? null;
}

/** Where `kms_key_id` points: a key ARN as is; a key id as its ARN; an alias by the `kms:ResourceAliases` key. */
export type KmsTarget =
  | { readonly kind: "key"; readonly arn: string }
  | { readonly kind: "alias"; readonly alias: string; readonly arn: string };

/**
 * An alias names no key an identity policy can list as Resource: AWS KMS Developer Guide, "Using aliases to control
 * access to KMS keys" (the `kms:ResourceAliases` condition key).
 */
export function kmsTarget(kmsKeyId: string, region: string, accountId: string | null): KmsTarget {
  const account = accountId ?? "*";
  const reg = region || "*";
  if (kmsKeyId.startsWith("arn:")) {
    const alias = /:(alias\/.+)$/.exec(kmsKeyId)?.[1];
    return alias === undefined ? { kind: "key", arn: kmsKeyId } : { kind: "alias", alias, arn: kmsKeyId };
  }
  if (kmsKeyId.startsWith("alias/"))
    return { kind: "alias", alias: kmsKeyId, arn: `arn:aws:kms:${reg}:${account}:${kmsKeyId}` };
  return { kind: "key", arn: `arn:aws:kms:${reg}:${account}:key/${kmsKeyId}` };
}
