import type { Location } from "../location.js";
import type { DiagnosticCode, StepReasonCode } from "../reasons.js";
import type { CredentialsSourceName, Diagnostic, Evidence, Severity, Step, StepId } from "../trace.js";

type StepExtras = Partial<Pick<Step, "profileChain" | "roleArn">>;

/** What every step names: the source, its title, and why it did what it did. */
interface StepFacts {
  readonly id: StepId;
  readonly title: string;
  readonly code: StepReasonCode;
  readonly message: string;
  readonly evidence?: readonly Evidence[];
}

export interface PickedStep extends StepFacts {
  readonly credential: { readonly source: CredentialsSourceName; readonly accessKeyId: string | null };
  readonly extras?: StepExtras;
}

export interface AppliedStep extends StepFacts {
  readonly roleArn: string;
}

export interface UnreachedStep extends StepFacts {
  /** The step that won or failed first. */
  readonly because: StepId;
  readonly wouldHave: NonNullable<Step["wouldHave"]>;
}

export interface ErrorStep extends StepFacts {
  readonly extras?: StepExtras;
}

export interface DiagnosticFacts {
  readonly code: DiagnosticCode;
  readonly severity: Severity;
  readonly message: string;
  readonly location: Location | null;
  readonly fix: string | null;
  readonly related?: readonly Location[];
  /** The summary, when Terraform's backend emits this warning itself. */
  readonly terraformWarning?: string;
}

/** Collects steps and diagnostics in evaluation order; the chain walk reads like Go's switch statements. */
export class TraceBuilder {
  readonly steps: Step[] = [];
  readonly diagnostics: Diagnostic[] = [];

  picked({ id, title, code, message, evidence = [], credential, extras = {} }: PickedStep): void {
    this.steps.push({ id, title, outcome: "picked", reason: { code, message }, evidence, credential, ...extras });
  }

  applied({ id, title, code, message, evidence = [], roleArn }: AppliedStep): void {
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

  skipped({ id, title, code, message, evidence = [] }: StepFacts): void {
    this.steps.push({ id, title, outcome: "skipped", reason: { code, message }, evidence });
  }

  unreached({ id, title, because, wouldHave, code, message, evidence = [] }: UnreachedStep): void {
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

  error({ id, title, code, message, evidence = [], extras = {} }: ErrorStep): void {
    this.steps.push({ id, title, outcome: "error", reason: { code, message }, evidence, ...extras });
  }

  diagnose({ code, severity, message, location, fix, related, terraformWarning }: DiagnosticFacts): void {
    if (this.diagnostics.some((d) => d.code === code && d.message === message)) return;
    this.diagnostics.push({
      code,
      severity,
      message,
      location,
      fix,
      ...(related?.length && { related }),
      ...(terraformWarning !== undefined && { terraformWarning }),
    });
  }
}
