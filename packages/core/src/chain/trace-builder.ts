import type { Location } from "../location.js";
import type { DiagnosticCode } from "../reasons.js";
import type { CredentialsSourceName, Diagnostic, Evidence, Severity, Step, StepId } from "../trace.js";

type StepExtras = Partial<Pick<Step, "profileChain" | "roleArn">>;

/** Collects steps and diagnostics in evaluation order; the chain walk reads like Go's switch statements. */
export class TraceBuilder {
  readonly steps: Step[] = [];
  readonly diagnostics: Diagnostic[] = [];

  picked(
    id: StepId,
    title: string,
    code: string,
    message: string,
    evidence: readonly Evidence[],
    credential: { source: CredentialsSourceName; accessKeyId: string | null },
    extras: StepExtras = {},
  ): void {
    this.steps.push({ id, title, outcome: "picked", reason: { code, message }, evidence, credential, ...extras });
  }

  applied(
    id: StepId,
    title: string,
    code: string,
    message: string,
    evidence: readonly Evidence[],
    roleArn: string,
  ): void {
    this.steps.push({
      id,
      title,
      outcome: "applied",
      reason: { code, message },
      evidence,
      credential: { source: "AssumeRoleProvider", accessKeyId: null },
      roleArn,
    });
  }

  skipped(id: StepId, title: string, code: string, message: string, evidence: readonly Evidence[] = []): void {
    this.steps.push({ id, title, outcome: "skipped", reason: { code, message }, evidence });
  }

  unreached(
    id: StepId,
    title: string,
    because: StepId,
    wouldHave: NonNullable<Step["wouldHave"]>,
    code: string,
    message: string,
    evidence: readonly Evidence[] = [],
  ): void {
    this.steps.push({
      id,
      title,
      outcome: "unreached",
      reason: { code, message },
      evidence,
      unreachedBecause: because,
      wouldHave,
    });
  }

  error(
    id: StepId,
    title: string,
    code: string,
    message: string,
    evidence: readonly Evidence[],
    extras: StepExtras = {},
  ): void {
    this.steps.push({ id, title, outcome: "error", reason: { code, message }, evidence, ...extras });
  }

  diagnose(
    code: DiagnosticCode,
    severity: Severity,
    message: string,
    location: Location | null,
    fix: string | null,
    related?: readonly Location[],
  ): void {
    if (this.diagnostics.some((d) => d.code === code && d.message === message)) return;
    this.diagnostics.push(
      related?.length
        ? { code, severity, message, location, fix, related }
        : { code, severity, message, location, fix },
    );
  }
}
