import { formatLocation } from "../location.js";
import type { Explanation } from "../trace.js";
import type { VerifiedIdentity } from "./report.js";

/** The parts of an STS caller ARN that matter for policies. */
export interface ParsedCallerArn {
  readonly kind: VerifiedIdentity["kind"];
  /** For role sessions: `arn:<partition>:iam::<account>:role/<name>` (the session ARN never shows the role's path). */
  readonly roleArn: string | null;
  readonly sessionName: string | null;
  /** `user/terraform-access`, `assumed-role/terraform-access-role/…`: how people name a principal. */
  readonly shortName: string;
}

/**
 * Reads a GetCallerIdentity ARN. A role session (`arn:aws:sts::1:assumed-role/R/s`) maps to the role ARN
 * `arn:aws:iam::1:role/R`; `knownRoleArns` (the roles the plan assumed) restore a path such as `role/ci/R`.
 */
export function parseCallerArn(arn: string, knownRoleArns: readonly string[] = []): ParsedCallerArn {
  const m = /^arn:([^:]+):(iam|sts)::(\d{12}):(.+)$/.exec(arn);
  if (!m) return { kind: "other", roleArn: null, sessionName: null, shortName: arn };
  const [, partition, , account, resource] = m as unknown as [string, string, string, string, string];
  if (resource === "root") return { kind: "root", roleArn: null, sessionName: null, shortName: "root" };
  const slash = resource.indexOf("/");
  const type = slash === -1 ? resource : resource.slice(0, slash);
  const rest = slash === -1 ? "" : resource.slice(slash + 1);
  if (type === "assumed-role") {
    const cut = rest.indexOf("/");
    const roleName = cut === -1 ? rest : rest.slice(0, cut);
    const sessionName = cut === -1 ? null : rest.slice(cut + 1);
    const known = knownRoleArns.find(
      (r) => r.startsWith(`arn:${partition}:iam::${account}:role/`) && r.endsWith(`/${roleName}`),
    );
    return {
      kind: "assumed-role",
      roleArn: known ?? `arn:${partition}:iam::${account}:role/${roleName}`,
      sessionName,
      shortName: `assumed-role/${roleName}`,
    };
  }
  if (type === "user")
    return {
      kind: "user",
      roleArn: null,
      sessionName: null,
      shortName: `user/${rest.slice(rest.lastIndexOf("/") + 1)}`,
    };
  if (type === "federated-user")
    return { kind: "federated-user", roleArn: null, sessionName: null, shortName: `federated-user/${rest}` };
  return { kind: "other", roleArn: null, sessionName: null, shortName: resource };
}

/** `role/terraform-access-role` from a role ARN, the way people name it. */
export function shortRoleName(roleArn: string): string {
  const m = /:role\/(?:.*\/)?([^/]+)$/.exec(roleArn);
  return m ? `role/${m[1]}` : roleArn;
}

/**
 * Why the backend signs with this identity, from the explanation: the picked step's own reason (which names the
 * source, the profile and where it came from) and the role hops on top. One sentence fragment.
 */
export function describeWhyThisIdentity(explanation: Explanation): string {
  const c = explanation.credentials;
  const picked = explanation.steps.find((s) => s.outcome === "picked");
  const base = picked ? stripPeriod(picked.reason.message) : (c.source ?? "an unknown source");
  const roles = c.assumeRoles.length ? `, then assumes ${c.assumeRoles.map(shortRoleName).join(" → ")}` : "";
  return `${base}${roles}`;
}

/** The file a user should edit to change the backend: the -backend-config file when one is used, else the block's. */
export function backendFixTarget(explanation: Explanation): string {
  return explanation.backend.fixTarget;
}

/**
 * Where a fix to one attribute belongs: file:line where it is set (it may be the backend block even when a
 * -backend-config file is given), else the backend's fix target.
 */
export function attributeFixTarget(explanation: Explanation, name: string): string {
  const at = explanation.backend.attributes.find((a) => a.name === name)?.at;
  return at ? formatLocation(at) : explanation.backend.fixTarget;
}

/**
 * Where the region came from, as a phrase: `the backend's region attribute (env/backend.hcl:2)`,
 * `AWS_DEFAULT_REGION`.
 */
export function describeRegionOrigin(explanation: Explanation): string {
  const r = explanation.region;
  if (r.value === null) return "nowhere";
  if (r.from === "backend")
    return r.at ? `the backend's region attribute (${formatLocation(r.at)})` : "the backend's region attribute";
  return `the environment variable ${r.from}`;
}

function stripPeriod(text: string): string {
  return text.endsWith(".") ? text.slice(0, -1) : text;
}
