import type {
  BackendValueOrigin,
  Diagnostic,
  Evidence,
  Explanation,
  Location,
  ProfileNameOrigin,
  Severity,
  Step,
} from "@tfwhy/core";

/**
 * How a format writes inline pieces, so text and Markdown share one wording.
 * `code` is an identifier or path (`AWS_PROFILE`, `~/.aws/config`), `literal` a value the user wrote
 * (`"default"` in text, `` `default` `` in Markdown), `text` prose taken from the explanation.
 */
export interface Inline {
  readonly code: (text: string) => string;
  readonly literal: (text: string) => string;
  readonly text: (text: string) => string;
}

/** The first line of a report: what Terraform will sign with, or the first error Terraform will print. */
export type Headline =
  | { readonly ok: true; readonly label: string; readonly answer: string }
  | { readonly ok: false; readonly label: string; readonly answer: string; readonly detail: string | null };

/** `file:line`, the way people paste locations. */
export function formatAt(at: Location): string {
  return `${at.file}:${at.line}`;
}

/** The answer in one line, from `explanation.verdict`; `inline` decides how names and paths are marked up. */
export function describeHeadline(explanation: Explanation, inline: Inline): Headline {
  const answer = describeCredentialsAnswer(explanation, inline);
  if (explanation.verdict.terraformFails === null && explanation.verdict.unknown) {
    return {
      ok: false,
      label: "Unknown offline:",
      answer: inline.text(explanation.verdict.unknown.message),
      detail: null,
    };
  }
  if (!explanation.verdict.terraformFails && answer !== null) {
    return { ok: true, label: "Terraform's S3 backend will use:", answer };
  }
  const { credentials, region } = explanation;
  const regionError = region.value === null && "error" in region ? region.error : undefined;
  const firstError = explanation.verdict.firstError ?? credentials.error?.terraformError ?? regionError?.terraformError;
  const detail =
    credentials.error?.terraformError === firstError
      ? credentials.error?.message
      : regionError?.terraformError === firstError
        ? regionError?.message
        : explanation.diagnostics.find((d) => d.terraformError !== undefined && d.terraformError === firstError)
            ?.message;
  return {
    ok: false,
    label: "Terraform will fail:",
    answer: inline.text(firstError ?? "see the diagnostics below"),
    detail: detail === undefined ? null : inline.text(detail),
  };
}

/**
 * The credentials line for a report whose headline is a failure (null when the headline already says it all):
 * the credentials Terraform would still use, or how credential resolution fails on its own.
 */
export function describeCredentialsFact(explanation: Explanation, headline: Headline, inline: Inline): string | null {
  if (headline.ok) return null;
  const answer = describeCredentialsAnswer(explanation, inline);
  if (answer !== null) return answer;
  const error = explanation.credentials.error;
  if (error === undefined || inline.text(error.terraformError) === headline.answer) return null;
  return `none. ${inline.text(error.terraformError)}: ${inline.text(error.message)}`;
}

/** What Terraform will sign with: the source, its provider and file, the key id and any roles; null when it fails. */
function describeCredentialsAnswer(explanation: Explanation, inline: Inline): string | null {
  const { credentials } = explanation;
  if (credentials.status !== "resolved") return null;
  // The last picked step wins: backend assume_role_with_web_identity replaces what the chain picked.
  const picked = explanation.steps.findLast((step) => step.outcome === "picked");
  const provider: string[] = [];
  if (credentials.source !== null) provider.push(inline.code(credentials.source));
  if (credentials.sourceFile !== null) provider.push(inline.code(displayFile(explanation, credentials.sourceFile)));
  let answer = describeSubject(explanation, picked, inline);
  if (provider.length > 0) answer += ` → ${provider.join(" ")}`;
  if (credentials.accessKeyId !== null) answer += `, key ${inline.code(credentials.accessKeyId)}`;
  if (credentials.assumeRoles.length > 0) {
    answer += `, then assumes ${credentials.assumeRoles.map((arn) => inline.code(arn)).join(" → ")}`;
  }
  return answer;
}

/**
 * What Terraform will sign with, short enough for a table cell: the subject (profile, environment keys…) and the
 * last role assumed, without origins or files. On failure, Terraform's own summary.
 */
export function describeCredentialsBrief(explanation: Explanation, inline: Inline): string {
  const { credentials } = explanation;
  if (credentials.status === "failed")
    return `none (${inline.text(credentials.error?.terraformError ?? "no valid credentials")})`;
  const picked = explanation.steps.findLast((step) => step.outcome === "picked");
  const lastRole = credentials.assumeRoles.at(-1);
  const subject = describeSubject(explanation, picked, inline, false);
  return lastRole === undefined ? subject : `${subject}, assumes ${inline.code(lastRole)}`;
}

function describeSubject(
  explanation: Explanation,
  picked: Step | undefined,
  inline: Inline,
  withOrigin = true,
): string {
  const { profile } = explanation.credentials;
  if (picked === undefined || picked.id === "profile") {
    if (profile !== null) {
      if (!withOrigin) return `profile ${inline.literal(profile.name)}`;
      return `profile ${inline.literal(profile.name)} (${describeProfileOrigin(explanation, profile.from, inline)})`;
    }
    return picked ? inline.text(picked.title) : "credentials known only at run time";
  }
  switch (picked.id) {
    case "backend.static":
      return `the ${inline.code("access_key")}/${inline.code("secret_key")} set for the backend`;
    case "env.static":
      return `the environment keys ${inline.code("AWS_ACCESS_KEY_ID")}/${inline.code("AWS_SECRET_ACCESS_KEY")}`;
    case "env.web-identity":
      return `web identity from ${inline.code("AWS_WEB_IDENTITY_TOKEN_FILE")} and ${inline.code("AWS_ROLE_ARN")}`;
    case "container":
      return "the container credentials endpoint";
    case "imds":
      return "the EC2 instance profile (instance metadata)";
    default:
      return inline.text(picked.title);
  }
}

/** Why this profile name: the backend, AWS_PROFILE, AWS_DEFAULT_PROFILE or the default. */
export function describeProfileOrigin(explanation: Explanation, from: ProfileNameOrigin, inline: Inline): string {
  switch (from) {
    case "backend": {
      const attribute = explanation.backend.attributes.find((a) => a.name === "profile");
      if (attribute === undefined) return `from the backend's ${inline.code("profile")}`;
      return `from ${inline.code("profile")} in ${describeBackendOrigin(attribute.via, attribute.at, inline)}`;
    }
    case "AWS_PROFILE":
      return `from ${inline.code("AWS_PROFILE")}, because the backend names none`;
    case "AWS_DEFAULT_PROFILE":
      return (
        `from ${inline.code("AWS_DEFAULT_PROFILE")}, ` +
        `because neither the backend nor ${inline.code("AWS_PROFILE")} names one`
      );
    case "default":
      return `from the default profile, because neither the backend nor ${inline.code("AWS_PROFILE")} names one`;
  }
}

/** Where a backend attribute was set: `main.tf:4`, `env/backend.hcl:1`, or a `-backend-config` argument. */
export function describeBackendOrigin(via: BackendValueOrigin, at: Location | null, inline: Inline): string {
  if (at !== null) return inline.code(formatAt(at));
  switch (via) {
    case "backend-block":
      return "the backend block";
    case "backend-config-file":
      return `a ${inline.code("-backend-config")} file`;
    case "backend-config-argument":
      return `a ${inline.code("-backend-config")} argument`;
  }
}

/** The region line's value, or the failure Terraform reports. */
export function describeRegion(
  explanation: Explanation,
  inline: Inline,
): { readonly ok: boolean; readonly text: string } {
  const { region } = explanation;
  if (region.value === null && "unknown" in region) {
    return {
      ok: false,
      text:
        `unknown offline (${inline.code("region")} is an expression tfwhy does not evaluate` +
        `${region.at ? `, ${formatAt(region.at)}` : ""})`,
    };
  }
  if (region.value === null) {
    return { ok: false, text: `not set (${inline.text(region.error.terraformError)})` };
  }
  let from: string;
  if (region.from === "backend") {
    const attribute = explanation.backend.attributes.find((a) => a.name === "region");
    from = `${inline.code("region")} in ${describeBackendOrigin(attribute?.via ?? "backend-block", region.at, inline)}`;
  } else {
    from = inline.code(region.from);
  }
  return { ok: true, text: `${inline.code(region.value)} from ${from}` };
}

/** The bucket and key the backend will use, with the block's location. */
export function describeBackend(explanation: Explanation, inline: Inline): string {
  const { backend } = explanation;
  const value = (v: string | null) => (v === null ? "(not set)" : inline.literal(v));
  const block = `${inline.code('backend "s3"')} at ${inline.code(formatAt(backend.block))}`;
  return `bucket ${value(backend.bucket)}, key ${value(backend.key)} (${block})`;
}

/**
 * The state object of the selected workspace and why that workspace, or null when nothing selected one (the
 * default workspace uses `key` as is, which the Backend line already shows).
 */
export function describeState(explanation: Explanation, inline: Inline): string | null {
  const { workspace, backend } = explanation;
  if (workspace.from === "default") return null;
  const from =
    workspace.from === "option"
      ? `from ${inline.code("--workspace")}`
      : workspace.from === "TF_WORKSPACE"
        ? `from ${inline.code("TF_WORKSPACE")}`
        : `from ${inline.code(workspace.at ? formatAt(workspace.at) : "environment")}`;
  const why = `(workspace ${inline.literal(workspace.name)}, ${from})`;
  if (workspace.statePath === null || backend.bucket === null) return `key not known offline ${why}`;
  return `${inline.code(`s3://${backend.bucket}/${workspace.statePath}`)} ${why}`;
}

/** Endpoint overrides, one string each, in a fixed service order. */
export function describeEndpoints(explanation: Explanation, inline: Inline): string[] {
  const services = ["s3", "sts", "iam", "dynamodb", "sso"] as const;
  const lines: string[] = [];
  for (const service of services) {
    const endpoint = explanation.endpoints[service];
    if (endpoint === undefined) continue;
    const where = endpoint.at
      ? `${inline.code(endpoint.from)}, ${inline.code(formatAt(endpoint.at))}`
      : inline.code(endpoint.from);
    lines.push(`${service} ${inline.code(endpoint.url)} (${where})`);
  }
  return lines;
}

/** One piece of evidence, short: the name, its shown value, and where it is. */
export function describeEvidence(evidence: Evidence, inline: Inline): string {
  switch (evidence.kind) {
    case "env":
      return evidence.shown !== undefined
        ? inline.code(`${evidence.name}=${evidence.shown}`)
        : `${inline.code(evidence.name)} (${evidence.state})`;
    case "backend-attribute": {
      const name = evidence.shown !== undefined ? `${evidence.name}=${evidence.shown}` : evidence.name;
      return `${inline.code(name)} (${describeBackendOrigin(evidence.via, evidence.at, inline)})`;
    }
    case "profile-key": {
      const key = evidence.shown !== undefined ? `${evidence.key}=${evidence.shown}` : evidence.key;
      return `${inline.code(`[${evidence.profile}] ${key}`)} (${inline.code(formatAt(evidence.at))})`;
    }
    case "file":
      return `${inline.code(evidence.path)} (${evidence.state})`;
    case "provider-attribute": {
      const name = evidence.shown !== undefined ? `${evidence.name}=${evidence.shown}` : evidence.name;
      return `provider ${inline.code(name)} (${inline.code(formatAt(evidence.at))})`;
    }
  }
}

/**
 * The extra facts a step carries besides its evidence: the source_profile hops, and the role it assumes when no
 * evidence already shows it.
 */
export function describeStepFacts(step: Step, inline: Inline): string[] {
  const facts: string[] = [];
  if (step.profileChain !== undefined && step.profileChain.length > 1) {
    facts.push(`profiles ${step.profileChain.map((p) => inline.literal(p)).join(" → ")}`);
  }
  const roleArn = step.roleArn;
  if (roleArn !== undefined && !step.evidence.some((e) => "shown" in e && e.shown?.includes(roleArn))) {
    facts.push(`role ${inline.code(roleArn)}`);
  }
  return facts;
}

/** For an `unreached` step: what it would have done, as a short clause; otherwise null. */
export function describeWouldHave(step: Step): string | null {
  if (step.outcome !== "unreached" || step.wouldHave === undefined) return null;
  switch (step.wouldHave) {
    case "provided":
      return "would have provided credentials";
    case "skipped":
      return "would have been skipped";
    case "failed":
      return "would have failed";
    case "unknown":
      return "outcome unknown offline";
  }
}

/** A diagnostic's related locations, without the one it is already located at. */
export function relatedLocations(diagnostic: Diagnostic): string[] {
  const at = diagnostic.location === null ? null : formatAt(diagnostic.location);
  return [...new Set((diagnostic.related ?? []).map(formatAt))].filter((related) => related !== at);
}

/** How many diagnostics of each severity. */
export function countDiagnostics(diagnostics: readonly Diagnostic[]): Record<Severity, number> {
  const counts: Record<Severity, number> = { error: 0, warning: 0, info: 0 };
  for (const diagnostic of diagnostics) counts[diagnostic.severity]++;
  return counts;
}

/** Severities, most serious first, with their group headings. */
export const SEVERITIES: readonly { readonly severity: Severity; readonly heading: string }[] = [
  { severity: "error", heading: "Errors" },
  { severity: "warning", heading: "Warnings" },
  { severity: "info", heading: "Notes" },
];

/**
 * Turns an absolute path into the form the explanation already uses for it elsewhere (`~/.aws/credentials`),
 * falling back to a path relative to the root module, then to the absolute path.
 */
export function displayFile(explanation: Explanation, path: string): string {
  for (const at of locationsIn(explanation)) if (at.path === path) return at.file;
  const prefix = explanation.dir.endsWith("/") ? explanation.dir : `${explanation.dir}/`;
  return path.startsWith(prefix) ? path.slice(prefix.length) : path;
}

function* locationsIn(explanation: Explanation): Generator<Location> {
  for (const step of explanation.steps) {
    for (const evidence of step.evidence) {
      if ("at" in evidence && evidence.at !== null) yield evidence.at;
    }
  }
  for (const attribute of explanation.backend.attributes) if (attribute.at !== null) yield attribute.at;
  for (const diagnostic of explanation.diagnostics) {
    if (diagnostic.location !== null) yield diagnostic.location;
    yield* diagnostic.related ?? [];
  }
}
