import type { BackendView } from "../backend/backend-view.js";
import type { ModuleFacts } from "../backend/module-facts.js";
import type { ProfileCatalog } from "../chain/profile-types.js";
import type { ChainOutcome } from "../chain/terraform-s3.js";
import type { TraceBuilder } from "../chain/trace-builder.js";
import { formatLocation } from "../location.js";

/**
 * The backend never reads `provider "aws"` blocks (Terraform configures the backend before any provider). Flags
 * each auth setting there that would have changed the answer had it been in the backend, and names the backend
 * setting that does what the provider block does: a profile whose role_arn is the provider's role, when one exists.
 */
export function diagnoseProviderBlocks(
  t: TraceBuilder,
  module: ModuleFacts,
  chain: ChainOutcome,
  backend: BackendView,
  profiles: ProfileCatalog,
  env: Readonly<Record<string, string | undefined>>,
): void {
  const usedProfiles = profileChainNames(chain.profile);
  // aws-vault / Granted export a profile's credentials into the environment: the backend then uses that profile's
  // identity without reading the profile, so a provider naming the same profile is no difference.
  const exported = chain.profile ? null : exportedProfile(env);
  if (exported) usedProfiles.add(exported);
  const usedRoles = new Set(chain.credentials.assumeRoles);
  const staticKeys = backend.has("access_key");
  const target = module.fixTarget;
  for (const provider of module.providers) {
    const differences: string[] = [];
    const label = provider.alias ? `provider "aws" (alias ${provider.alias})` : 'provider "aws"';
    const profile = provider.profile;
    const profileDiffers = profile !== null && !staticKeys && !usedProfiles.has(profile.value);
    if (profileDiffers) differences.push(`profile = "${profile.value}" (${formatLocation(profile.at)})`);
    const roles = provider.assumeRoles.filter((role) => !usedRoles.has(role.value));
    for (const role of roles) differences.push(`assume_role ${role.value} (${formatLocation(role.at)})`);
    for (const key of provider.staticKeys) differences.push(`${key.name} (${formatLocation(key.at)})`);
    for (const file of provider.sharedFiles) differences.push(`${file.name} (${formatLocation(file.at)})`);
    if (differences.length === 0) continue;

    const chosen = backendChoice(backend);
    if (chosen) {
      // The backend names its own credentials: the difference is a choice, and "use the provider's" would undo it.
      t.diagnose({
        code: "provider-credentials-ignored",
        severity: "info",
        message:
          `${label} at ${formatLocation(provider.at)} sets ${differences.join(", ")}; the S3 backend never reads ` +
          `provider blocks and uses its own ${chosen} (${describeAnswer(chain)}), so the two differ. Fine if intended.`,
        location: provider.at,
        fix: null,
        related: [provider.at],
      });
      continue;
    }
    const role = roles[0]?.value;
    const matching = role ? profileAssuming(profiles, role, profile?.value) : null;
    let fix: string;
    if (matching) {
      fix =
        `Add profile = "${matching}" to ${target}: profile "${matching}" assumes ${role}` +
        `${profile ? ` from "${profile.value}"` : ""}, as the provider block does.`;
    } else {
      const parts = [
        ...(profileDiffers ? [`profile = "${profile!.value}"`] : []),
        ...roles.map((r) => `assume_role = { role_arn = "${r.value}" }`),
      ];
      fix =
        parts.length > 0
          ? `Add ${parts.join(" and ")} to ${target}.`
          : `Move the credentials into the backend configuration (${target}) or the environment.`;
    }
    t.diagnose({
      code: "provider-credentials-ignored",
      severity: "warning",
      message:
        `${label} at ${formatLocation(provider.at)} sets ${differences.join(", ")}, but the S3 backend never reads ` +
        "provider blocks: it is configured first, from its own block, -backend-config and the environment. " +
        `It uses ${describeAnswer(chain)} instead.`,
      location: provider.at,
      fix,
      related: [provider.at],
    });
  }
}

/** What the backend configuration itself names as its credentials, if anything (a deliberate choice). */
function backendChoice(backend: BackendView): string | null {
  if (backend.has("access_key")) return "static keys";
  if (backend.has("profile")) return "profile";
  if (backend.has("assume_role_with_web_identity")) return "assume_role_with_web_identity";
  if (backend.has("assume_role")) return "assume_role";
  return null;
}

/** The profile whose credentials a wrapper (aws-vault exec, Granted assume) put in the environment, if any. */
function exportedProfile(env: Readonly<Record<string, string | undefined>>): string | null {
  return env.AWS_VAULT || env.GRANTED_AWS_ROLE_PROFILE || null;
}

/** The profile and its source_profile hops: the names whose keys the chain used. */
function profileChainNames(profile: ChainOutcome["profile"]): Set<string> {
  const names = new Set<string>();
  for (let p: ChainOutcome["profile"] | undefined = profile; p; p = p.source) names.add(p.name);
  return names;
}

/** A profile whose role_arn is `role`, preferring one whose source_profile is `source`. */
function profileAssuming(profiles: ProfileCatalog, role: string, source: string | undefined): string | null {
  let fallback: string | null = null;
  for (const name of profiles.names()) {
    const resolved = profiles.resolve(name);
    if (resolved.state !== "found" || resolved.profile.roleArn?.value !== role) continue;
    if (source === undefined || resolved.profile.sourceProfileName?.value === source) return name;
    fallback ??= name;
  }
  return fallback;
}

function describeAnswer(chain: ChainOutcome): string {
  const c = chain.credentials;
  if (c.status === "unknown") return "credentials tfwhy cannot tell offline (see below)";
  if (c.status === "failed") return `nothing that works (${c.error?.terraformError ?? "it fails"})`;
  const from =
    c.profile?.from === "default" ? " ([default], because nothing names another)" : ` (from ${c.profile?.from})`;
  const profile = c.profile ? `profile "${c.profile.name}"${from}` : null;
  const key = c.accessKeyId ? `, key ${c.accessKeyId}` : "";
  return `${profile ?? c.source}${profile ? ` via ${c.source}` : ""}${key}`;
}
