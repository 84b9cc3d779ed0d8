/**
 * Compares what Terraform did (TerraformObservation) with what tfwhy predicted (Explanation), and what reading
 * the source predicted (Scenario.expect). Pure functions: the test asserts on `Comparison.checks`, the report prints them.
 */
import { relative } from "node:path";
import type { Explanation, TerraformWarning } from "../../packages/core/src/trace.js";
import type { Expectation, TerraformObservation, TerraformWarningSeen } from "./types.js";

export interface Check {
  readonly name:
    | "status"
    | "source"
    | "sourceFile"
    | "keyId"
    | "profile"
    | "assumeRoles"
    | "region"
    | "error"
    | "warnings";
  readonly ok: boolean;
  readonly terraform: string;
  readonly tfwhy: string;
}

export interface Comparison {
  readonly agree: boolean;
  readonly checks: readonly Check[];
}

/** Errors that come from the provider install step (`-plugin-dir=<empty>`), not from the backend. */
const NON_BACKEND_ERRORS = [
  /^Failed to query available provider packages/,
  /^Failed to install provider/,
  /^Inconsistent dependency lock file/,
];

/** The backend-related `Error:` summaries of the last command. */
export function backendErrors(obs: TerraformObservation): string[] {
  return obs.errors.map((e) => e.summary).filter((s) => !NON_BACKEND_ERRORS.some((re) => re.test(s)));
}

/** Did Terraform get as far as using credentials against S3/DynamoDB? */
export function terraformResolved(obs: TerraformObservation): boolean {
  return (
    obs.source !== null && obs.commands[obs.commands.length - 1]!.requests.some((r) => r.service === "s3" && r.keyId)
  );
}

const last4 = (id: string | null | undefined): string => (id ? id.slice(-4) : "null");
const isTemporary = (id: string | null): boolean => id?.startsWith("ASIA") === true;
const norm = (s: string): string => s.replace(/\s+/g, " ").trim();

/**
 * The AssumeRole hops that led to the key that signed S3, outermost last, found by walking back from that key
 * (Terraform assumes a backend role twice per command; only the hop whose key was used counts).
 * AssumeRoleWithWebIdentity is the base credential, not a hop.
 */
export function roleChain(obs: TerraformObservation): string[] {
  const chain: string[] = [];
  let keyId = obs.signingKeyId;
  for (let guard = 0; keyId !== null && guard < 10; guard++) {
    const hop = obs.assumedRoles.find((a) => a.issuedKeyId === keyId);
    if (hop?.operation !== "AssumeRole") break;
    chain.unshift(hop.roleArn);
    keyId = hop.callerKeyId;
  }
  return chain;
}

/** Region of the S3 requests' credential scope (what the backend signed with). */
export function observedRegion(obs: TerraformObservation): string | null {
  const s3 = obs.commands[obs.commands.length - 1]!.requests.filter((r) => r.service === "s3" && r.region);
  return s3[s3.length - 1]?.region ?? null;
}

export function compare(obs: TerraformObservation, exp: Explanation): Comparison {
  const checks: Check[] = [];
  const c = exp.credentials;
  const tfOk = terraformResolved(obs);
  const output = norm(obs.commands[obs.commands.length - 1]!.output);
  const tfErrors = backendErrors(obs);
  // The verdict is the first error Terraform prints: configuration decoding, then PrepareConfig, then credentials.
  const predictedFailure = exp.verdict.terraformFails;

  // Terraform counts as "resolved" when S3 saw a signed request; a later state/region error is not a credentials error.
  const tfCredentialFailure = !tfOk && tfErrors.length > 0;
  checks.push({
    name: "status",
    ok: predictedFailure === tfCredentialFailure,
    terraform: tfCredentialFailure ? `failed: ${tfErrors[0] ?? ""}` : tfOk ? "resolved" : `exit ${obs.exitCode}`,
    tfwhy: predictedFailure ? "failed" : "resolved",
  });

  checks.push(compareWarnings(obs, exp));

  if (predictedFailure) {
    const wanted = exp.verdict.firstError ?? "";
    checks.push({
      name: "error",
      ok: wanted !== "" && output.includes(norm(wanted)),
      terraform: tfErrors.join(" | ") || "(none)",
      tfwhy: wanted,
    });
    return { agree: checks.every((k) => k.ok), checks };
  }

  checks.push({ name: "source", ok: c.source === obs.source, terraform: String(obs.source), tfwhy: String(c.source) });
  if (obs.source === "SharedConfigCredentials" || c.source === "SharedConfigCredentials") {
    checks.push({
      name: "sourceFile",
      ok: c.sourceFile === obs.sourceFile,
      terraform: String(obs.sourceFile),
      tfwhy: String(c.sourceFile),
    });
  }
  if (c.accessKeyId !== null) {
    checks.push({
      name: "keyId",
      ok: last4(c.accessKeyId) === last4(obs.signingKeyId),
      terraform: last4(obs.signingKeyId),
      tfwhy: last4(c.accessKeyId),
    });
  } else {
    // "only known at run time": the key that reached S3 must be a temporary one (role, SSO, IMDS, container) or
    // whatever credential_process printed.
    checks.push({
      name: "keyId",
      ok: isTemporary(obs.signingKeyId) || (obs.signingKeyId !== null && obs.source === "ProcessProvider"),
      terraform: obs.signingKeyId ?? "null",
      tfwhy: "null (run time; expect a temporary ASIA key)",
    });
  }
  // Terraform logs `Using profile` for AWS_PROFILE/AWS_DEFAULT_PROFILE even when env keys win, so compare only when
  // both name a profile: same name, and backend attribute ↔ `provider`, env vars ↔ `envvar`.
  if (obs.profile !== null && c.profile !== null) {
    const from = c.profile.from === "backend" ? "provider" : c.profile.from === "default" ? "(none)" : "envvar";
    checks.push({
      name: "profile",
      ok: c.profile.name === obs.profile.name && (from === obs.profile.source || from === "(none)"),
      terraform: `${obs.profile.name} (${obs.profile.source ?? "?"})`,
      tfwhy: `${c.profile.name} (${c.profile.from})`,
    });
  }
  const tfRoles = roleChain(obs);
  checks.push({
    name: "assumeRoles",
    ok: JSON.stringify(tfRoles) === JSON.stringify(c.assumeRoles),
    terraform: tfRoles.join(" → ") || "(none)",
    tfwhy: c.assumeRoles.join(" → ") || "(none)",
  });
  const region = observedRegion(obs);
  if (region !== null && exp.region.value !== null) {
    checks.push({ name: "region", ok: exp.region.value === region, terraform: region, tfwhy: exp.region.value });
  }
  return { agree: checks.every((k) => k.ok), checks };
}

/** One summary's warnings: how many, and every place they point (`main.tf:9`, or `-` for none). */
interface WarningGroup {
  readonly count: number;
  readonly at: readonly string[];
}

const describeGroups = (groups: ReadonlyMap<string, WarningGroup>): string =>
  [...groups].map(([summary, g]) => `${summary} ×${g.count} at ${g.at.join(", ")}`).join(" | ") || "(none)";

/**
 * The warnings check, both ways: what Terraform printed during its last `init` (and any command after it) against
 * what tfwhy says Terraform prints. Terraform 1.11.4 prints the backend's warnings only when init fails, so tfwhy's
 * `verdict.backendWarnings` are expected printed exactly when Terraform's init failed (a failure tfwhy cannot see
 * offline, such as a missing bucket, counts too: the warnings were emitted before it), and none otherwise.
 * Per summary the counts must match and the place Terraform shows (the first of a folded group) must be one tfwhy
 * names for that summary.
 */
export function compareWarnings(obs: TerraformObservation, exp: Explanation): Check {
  const lastInit = obs.commands.findLastIndex((c) => c.command === "init");
  const printed = obs.commands.slice(Math.max(lastInit, 0)).flatMap((c) => c.warnings);
  const initFailed = lastInit >= 0 && obs.commands[lastInit]!.exitCode !== 0;
  const predicted = initFailed ? exp.verdict.backendWarnings : [];
  const tf = group(printed);
  const ours = group(asSeen(predicted, exp.dir));
  const ok =
    tf.size === ours.size &&
    [...tf].every(([summary, seen]) => {
      const mine = ours.get(summary);
      return mine !== undefined && mine.count === seen.count && seen.at.every((at) => mine.at.includes(at));
    });
  return { name: "warnings", ok, terraform: describeGroups(tf), tfwhy: describeGroups(ours) };
}

/** Warnings by summary: their count and the places they point at. */
function group(warnings: readonly TerraformWarningSeen[]): Map<string, WarningGroup> {
  const groups = new Map<string, WarningGroup>();
  for (const w of warnings) {
    const g = groups.get(w.summary) ?? { count: 0, at: [] };
    groups.set(w.summary, { count: g.count + w.count, at: [...g.at, w.at ?? "-"] });
  }
  return groups;
}

/** tfwhy's warnings in the form Terraform's are read in: `main.tf:9` relative to the root module. */
function asSeen(warnings: readonly TerraformWarning[], moduleDir: string): TerraformWarningSeen[] {
  return warnings.map((w) => ({
    summary: w.summary,
    at: w.location ? `${relative(moduleDir, w.location.path)}:${w.location.line}` : null,
    count: 1,
  }));
}

/** Where Terraform's behaviour contradicts the expectation read from the source (Scenario.expect); empty when it agrees. */
export function contradictions(obs: TerraformObservation, expect: Expectation | undefined): string[] {
  if (!expect) return [];
  const out: string[] = [];
  const output = norm(obs.commands[obs.commands.length - 1]!.output);
  if (expect.error !== undefined) {
    if (!output.includes(norm(expect.error))) {
      out.push(
        `expected error containing "${expect.error}", got ${backendErrors(obs).join(" | ") || `success (source ${obs.source})`}`,
      );
    }
    return out;
  }
  if (!terraformResolved(obs))
    out.push(`expected success, got ${backendErrors(obs).join(" | ") || `exit ${obs.exitCode}`}`);
  if (expect.source !== undefined && expect.source !== obs.source)
    out.push(`source ${obs.source} (expected: ${expect.source})`);
  if (expect.initialSource !== undefined && expect.initialSource !== obs.initialSource) {
    out.push(`initial source ${obs.initialSource} (expected: ${expect.initialSource})`);
  }
  if (expect.keyIdLast4 !== undefined && expect.keyIdLast4 !== (obs.signingKeyId?.slice(-4) ?? null)) {
    out.push(`S3 signed by …${last4(obs.signingKeyId)} (expected: …${expect.keyIdLast4})`);
  }
  if (expect.assumedRole !== undefined && expect.assumedRole !== obs.signingRole) {
    out.push(`S3 signed as role ${obs.signingRole ?? "(none)"} (expected: ${expect.assumedRole})`);
  }
  return out;
}
