import type { SharedConfigSet } from "../aws-files/shared-config.js";
import type { ModuleFacts } from "../backend/module-facts.js";
import type { ChainOutcome } from "../chain/terraform-s3.js";
import type { TraceBuilder } from "../chain/trace-builder.js";
import { formatLocation, type Location } from "../location.js";
import type { Diagnostic, RegionAnswer } from "../trace.js";

/** The module's own problems (schema, PrepareConfig, Configure checks) and a stale `terraform init` cache. */
export function diagnoseModule(t: TraceBuilder, module: ModuleFacts): void {
  for (const problem of module.problems) {
    t.diagnose({
      code: problem.code,
      severity: problem.severity,
      message: problem.message,
      location: problem.at,
      fix: problem.fix,
      ...(problem.terraformWarning !== undefined && { terraformWarning: problem.terraformWarning }),
    });
  }
  if (module.drift.length > 0) {
    const lines = module.drift.map((d) => `${d.name}: cached ${d.cached}, now ${d.current}`).join("; ");
    t.diagnose({
      code: "backend-cache-drift",
      severity: "warning",
      message:
        `The backend configuration cached by the last terraform init (${module.cacheFile}) differs from the ` +
        `current configuration (${lines}); commands other than init keep using the cached values.`,
      location: module.cacheAt,
      fix: "Run terraform init -reconfigure (or -migrate-state to move existing state).",
    });
  }
}

/** Sections the Go SDK drops and shared files it cannot read (a path Terraform cannot expand fails the chain). */
export function diagnoseSharedFiles(t: TraceBuilder, shared: SharedConfigSet): void {
  for (const dropped of shared.dropped) {
    if (dropped.reason === "replaced-by-profile-section") continue;
    const at = dropped.headers[0] ?? null;
    const fix =
      dropped.reason === "config-section-without-profile-prefix"
        ? `Rename the section to [profile ${dropped.name}].`
        : `Rename the section to [${dropped.name.replace(/^profile\s+/, "")}].`;
    t.diagnose({ code: dropped.reason, severity: "warning", message: dropped.message, location: at, fix });
  }
  for (const file of shared.files) {
    if (file.state === "unreadable") {
      t.diagnose({
        code: "shared-file-unreadable",
        severity: "warning",
        message:
          `${file.display} exists but cannot be read (${file.message ?? "unreadable"}); ` +
          "the Go SDK skips it silently.",
        location: null,
        fix: `Fix the permissions of ${file.display}.`,
      });
    }
  }
}

/** A missing region, and the profile region the S3 backend never reads. */
export function diagnoseRegion(t: TraceBuilder, region: RegionAnswer, chain: ChainOutcome, module: ModuleFacts): void {
  if (region.value !== null || "unknown" in region) return;
  const profileRegion = chain.profile?.region;
  // The provider block's static region is what the module's resources use: the likeliest intended value.
  const provider = providerRegion(module);
  const suggest = (fallback: string | null) =>
    provider
      ? `Add region = "${provider.value}" to the backend configuration (the region of provider "aws" at ` +
        `${formatLocation(provider.at)}), or export AWS_REGION=${provider.value}.`
      : fallback;
  if (profileRegion) {
    t.diagnose({
      code: "region-only-in-profile",
      severity: "error",
      message:
        `The region is set only in profile "${chain.profile!.name}" (${formatLocation(profileRegion.at)}); ` +
        `the S3 backend never reads a profile's region, so Terraform fails with "Missing region value".`,
      location: profileRegion.at,
      fix:
        suggest(null) ??
        `Add region = "${profileRegion.value}" to the backend configuration, ` +
          `or export AWS_REGION=${profileRegion.value}.`,
    });
    return;
  }
  if (region.error.code === "region-missing") {
    t.diagnose({
      code: "region-missing",
      severity: "error",
      message: `Terraform fails with "Missing region value": ${region.error.message}`,
      location: null,
      fix: suggest('Add region = "…" to the backend configuration or export AWS_REGION.'),
    });
  }
}

/** The static region of the default `provider "aws"` block, else of the first block that has one. */
function providerRegion(module: ModuleFacts): { readonly value: string; readonly at: Location } | null {
  const withRegion = module.providers.filter((p) => p.region !== null);
  return (withRegion.find((p) => p.alias === null) ?? withRegion[0])?.region ?? null;
}

/** The credentials or the region tfwhy cannot tell offline (the chain and resolveRegion say which). */
export function diagnoseUnknownOffline(t: TraceBuilder, region: RegionAnswer, chain: ChainOutcome): void {
  const unknown =
    chain.credentials.unknown ?? (region.value === null && "unknown" in region ? region.unknown : undefined);
  if (!unknown) return;
  t.diagnose({
    code: "answer-unknown-offline",
    severity: "warning",
    message: unknown.message,
    location: null,
    fix: "Write the value as a literal (tfwhy evaluates literals only), or run tfwhy where the expression is resolved.",
  });
}

const SEVERITY_ORDER = { error: 0, warning: 1, info: 2 } as const;

/** Errors first, then warnings, then infos; otherwise in the order they were found. */
export function sortDiagnostics(diagnostics: Diagnostic[]): Diagnostic[] {
  return diagnostics
    .map((d, i) => ({ d, i }))
    .sort((a, b) => SEVERITY_ORDER[a.d.severity] - SEVERITY_ORDER[b.d.severity] || a.i - b.i)
    .map(({ d }) => d);
}
