/**
 * The checks of one run: the ones this configuration calls for (planned, in report order) and the results
 * recorded so far (one per id). Whatever is planned and never recorded ends up not-checked.
 */
import { maskAccessKeyId } from "../redact.js";
import type { VerifyCheckCode } from "../trace.js";
import { checkCode } from "./check-code.js";
import type { AwsCallError } from "./port/aws-port.js";
import type { Check, CheckAwsError, CheckId, CheckStatus, Diagnosis } from "./report.js";
import type { Tested } from "./terraform-needs.js";

/**
 * What a check decided, before the log turns it into a report's Check (title from the plan, secrets scrubbed,
 * the AWS error made JSON-safe). Immutable; checks that return one leave recording to the runner.
 */
export interface CheckResult {
  readonly id: CheckId;
  /** The check's code (VERIFY_CHECK_CODES): what the reporter names a failed or warning check by. */
  readonly code: VerifyCheckCode;
  readonly status: CheckStatus;
  readonly detail: string;
  readonly calls?: readonly string[];
  readonly error?: AwsCallError;
  readonly diagnosis?: Diagnosis;
  /** Overrides the planned title. */
  readonly title?: string;
  /** The Terraform call the check stands for, when its id cannot tell (check-tested.ts). */
  readonly tested?: Tested;
}

/** A check result; `extra` as CheckLog.record takes it. */
export function checkResult(
  id: CheckId,
  status: CheckStatus,
  detail: string,
  extra: Omit<CheckResult, "id" | "code" | "status" | "detail"> = {},
): CheckResult {
  return { id, code: checkCode(id), status, detail, ...extra };
}

export class CheckLog {
  readonly checks: Check[] = [];
  /** Checks this configuration calls for, in report order; whatever is not recorded ends up not-checked. */
  readonly planned: { readonly id: CheckId; readonly title: string }[] = [];
  /** What the checks that declared it stand for (CheckResult.tested). */
  readonly tested = new Map<CheckId, Tested>();
  /** Called after each check is recorded (verify's progress callback hangs here). */
  onRecorded: (() => void) | undefined = undefined;

  /** Adds a check to the plan (after `after` when given, else at the end); a known id keeps its place. */
  expect(id: CheckId, title: string, after?: CheckId): void {
    if (this.planned.some((p) => p.id === id)) return;
    const at = after ? this.planned.findIndex((p) => p.id === after) : -1;
    if (at === -1) this.planned.push({ id, title });
    else this.planned.splice(at + 1, 0, { id, title });
  }

  titleOf(id: CheckId): string {
    return this.planned.find((p) => p.id === id)?.title ?? id;
  }

  isRecorded(id: CheckId): boolean {
    return this.checks.some((c) => c.id === id);
  }

  /** Records what a check returned (once per id, as record does). */
  add(result: CheckResult): void {
    const { id, code: _code, status, detail, tested, ...extra } = result;
    if (tested && !this.isRecorded(id)) this.tested.set(id, tested);
    this.record(id, status, detail, extra);
  }

  /** Records a check result (once per id; a later record for the same id is ignored). */
  record(
    id: CheckId,
    status: CheckStatus,
    detail: string,
    extra: {
      readonly calls?: readonly string[];
      readonly error?: AwsCallError;
      readonly diagnosis?: Diagnosis;
      readonly title?: string;
    } = {},
  ): void {
    if (this.isRecorded(id)) return;
    this.expect(id, extra.title ?? id);
    const check: Check = {
      id,
      title: extra.title ?? this.titleOf(id),
      status,
      calls: extra.calls ?? (extra.error ? [extra.error.operation] : []),
      detail: scrub(detail),
      ...(extra.error ? { awsError: toCheckAwsError(extra.error) } : {}),
      cause: extra.diagnosis ? scrub(extra.diagnosis.cause) : null,
      fix: extra.diagnosis ? scrub(extra.diagnosis.fix) : null,
    };
    this.checks.push(check);
    this.onRecorded?.();
  }

  /** Marks every planned, unrecorded check matching `filter` as not-checked, with the reason. */
  skipPending(filter: (id: CheckId) => boolean, reason: string, diagnosis?: Diagnosis): void {
    for (const p of this.planned) {
      if (!this.isRecorded(p.id) && filter(p.id))
        this.record(p.id, "not-checked", reason, diagnosis ? { diagnosis } : {});
    }
  }

  /** Checks in planned order (recorded ones that were not planned come last, in recording order). */
  ordered(): Check[] {
    const rank = new Map(this.planned.map((p, i) => [p.id, i]));
    return [...this.checks].sort((a, b) => (rank.get(a.id) ?? 1e9) - (rank.get(b.id) ?? 1e9));
  }
}

function toCheckAwsError(error: AwsCallError): CheckAwsError {
  return {
    operation: error.operation,
    code: error.awsCode,
    httpStatus: error.httpStatus,
    requestId: error.requestId,
    message: scrub(error.message),
  };
}

/** Masks anything that looks like an access key id (AKIA…/ASIA…); reports must never carry one in full. */
export function scrub(text: string): string {
  return text.replace(/\b(AKIA|ASIA)[A-Z0-9]{12,}\b/g, (m) => maskAccessKeyId(m));
}
