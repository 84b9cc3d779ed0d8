/** Small helpers of the bucket-policy evaluator: IAM wildcards, IAM ARNs, JSON values. */

/** IAM wildcards: `*` any run of characters (including `/`), `?` one character. */
export function wildcard(pattern: string, text: string, ignoreCase: boolean): boolean {
  const source = pattern
    .replace(/[.+^${}()|[\]\\]/g, "\\$&")
    .replace(/\*/g, ".*")
    .replace(/\?/g, ".");
  return new RegExp(`^${source}$`, ignoreCase ? "is" : "s").test(text);
}

export interface IamArn {
  readonly account: string;
  readonly type: string;
  /** Everything after `type/`: `path/name` for users and roles, `role/session` for assumed roles. */
  readonly name: string;
}

export function parseIamArn(arn: string): IamArn | null {
  const m = /^arn:[^:]+:(?:iam|sts)::(\d{12}):([\w-]+)\/(.+)$/.exec(arn);
  return m ? { account: m[1]!, type: m[2]!, name: m[3]! } : null;
}

export function lastSegment(name: string): string {
  return name.slice(name.lastIndexOf("/") + 1);
}

export function partitionOf(arn: string): string {
  return /^arn:([^:]+):/.exec(arn)?.[1] ?? "aws";
}

export function strings(value: unknown): string[] {
  if (typeof value === "string") return [value];
  if (typeof value === "boolean" || typeof value === "number") return [String(value)];
  return Array.isArray(value)
    ? value
        .filter((v): v is string | boolean | number => ["string", "boolean", "number"].includes(typeof v))
        .map(String)
    : [];
}

export function isObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === "object" && !Array.isArray(value);
}
