import type { CredentialPlan } from "../chain/plan.js";
import { maskAccessKeyId } from "../redact.js";
import type { BackendSettings } from "../settings/client-settings.js";
import type { Explanation } from "../trace.js";
import type { World } from "../world/world.js";
import type { BucketPolicyAnalysis, PolicyCaller } from "./bucket-policy.js";
import { isThrottled } from "./diagnose.js";
import * as msg from "./messages/diagnose.js";
import {
  AwsCallError,
  type AwsCredentials,
  type AwsPort,
  type CallTarget,
  isAwsCallError,
  type ObjectHead,
  type S3Target,
  type SignedTarget,
} from "./port/aws-port.js";
import type { Check, CheckAwsError, CheckId, CheckStatus, Diagnosis, VerifiedIdentity } from "./report.js";

/** The services verify talks to; an endpoint that did not answer is not asked again. */
export type Service = "sts" | "sso" | "s3" | "dynamodb" | "kms" | "credentials";

export type CallResult<T> =
  | { readonly ok: true; readonly value: T }
  | { readonly ok: false; readonly error: AwsCallError; readonly skipped?: undefined }
  | { readonly ok: false; readonly error?: undefined; readonly skipped: string };

/** The bucket policy as fetched (json null: none), its analysis for this caller, or the error that hid it. */
export interface BucketPolicyFacts {
  readonly json: string | null;
  readonly analysis: BucketPolicyAnalysis | null;
  readonly error: AwsCallError | null;
}

/** A probe object or item verify may have written, and what it knows about it. */
export type ArmedProbe = (
  | { readonly kind: "s3"; readonly bucket: string; readonly key: string }
  | { readonly kind: "dynamodb"; readonly table: string; readonly lockId: string }
) & {
  /** `s3://bucket/key` or `dynamodb://table/LockID`. */
  readonly name: string;
  /**
   * sent: no definite answer (in flight, timed out, cancelled: it may have landed). written: acknowledged.
   * refused: AWS answered with an error. not-sent: the call was skipped.
   */
  outcome: "sent" | "written" | "refused" | "not-sent";
  /** Version ids S3 returned for its writes (versioned buckets). */
  readonly versionIds: string[];
  /** A delete during the probe itself answered OK; the clean-up then only confirms. */
  deleted: boolean;
  /** A plain DeleteObject on a maybe-versioned bucket: a delete marker may hide a version, so HEAD proves nothing. */
  markerMayHide: boolean;
};

/** What one verify run starts from: explain's answer, the client settings, the port and the run's budget. */
export interface VerifyContextInit {
  readonly explanation: Explanation;
  readonly plan: CredentialPlan | null;
  readonly settings: BackendSettings;
  readonly world: World;
  readonly aws: AwsPort;
  /** Budget per AWS call, retries included. */
  readonly timeoutMs: number;
  readonly writeProbe: boolean;
  readonly signal: AbortSignal | undefined;
  /** Budget of credential_process; 15 s when not given. */
  readonly processTimeoutMs?: number;
}

/** Shared state of one verify run: settings, the AWS port, the checks recorded so far. */
export class VerifyContext {
  readonly checks: Check[] = [];
  /** Checks this configuration calls for, in report order; whatever is not recorded ends up not-checked. */
  readonly planned: { readonly id: CheckId; readonly title: string }[] = [];
  private readonly unreachable = new Map<Service, string>();
  /**
   * Every probe verify sent a write for, armed BEFORE the write goes out: a write whose answer never came (Ctrl-C,
   * timeout, a late answer) may still have landed. verifyBackend removes and confirms each one in a finally block.
   */
  readonly probes = new Map<string, ArmedProbe>();
  /** Budget of credential_process: the caller's timeoutMs when given, else 15 s. */
  readonly processTimeoutMs: number;
  // What the run has learned so far. Written only by the runner (verify.ts), from what each check returns; the
  // checks and probes after it read them.
  /** The bucket's versioning from s3.versioning: null when off, undefined when unknown (not asked or denied). */
  bucketVersioning: "Enabled" | "Suspended" | null | undefined = undefined;
  credentials: AwsCredentials | null = null;
  identity: VerifiedIdentity | null = null;
  caller: PolicyCaller | null = null;
  /** The state object's head, when it exists (for KMS: the key reads need). */
  stateObject: ObjectHead | null = null;
  /** The KMS key a state write uses (or the state object's), once known. */
  kmsKeyId: string | null = null;
  policy: BucketPolicyFacts | null = null;

  readonly explanation: Explanation;
  readonly plan: CredentialPlan | null;
  readonly settings: BackendSettings;
  readonly world: World;
  readonly aws: AwsPort;
  readonly timeoutMs: number;
  readonly writeProbe: boolean;
  readonly signal: AbortSignal | undefined;

  constructor(init: VerifyContextInit) {
    this.explanation = init.explanation;
    this.plan = init.plan;
    this.settings = init.settings;
    this.world = init.world;
    this.aws = init.aws;
    this.timeoutMs = init.timeoutMs;
    this.writeProbe = init.writeProbe;
    this.signal = init.signal;
    this.processTimeoutMs = init.processTimeoutMs ?? 15_000;
  }

  get aborted(): boolean {
    return this.signal?.aborted ?? false;
  }

  /** Adds a check to the plan (after `after` when given, else at the end); a known id keeps its place. */
  expect(id: CheckId, title: string, after?: CheckId): void {
    if (this.planned.some((p) => p.id === id)) return;
    const at = after ? this.planned.findIndex((p) => p.id === after) : -1;
    if (at === -1) this.planned.push({ id, title });
    else this.planned.splice(at + 1, 0, { id, title });
  }

  /** Arms the clean-up of a probe object or item: call it before its write is sent. */
  armProbe(
    probe:
      | { readonly kind: "s3"; readonly bucket: string; readonly key: string }
      | { readonly kind: "dynamodb"; readonly table: string; readonly lockId: string },
  ): ArmedProbe {
    const name =
      probe.kind === "s3" ? `s3://${probe.bucket}/${probe.key}` : `dynamodb://${probe.table}/${probe.lockId}`;
    const existing = this.probes.get(name);
    if (existing) return existing;
    const armed: ArmedProbe = { ...probe, name, outcome: "sent", versionIds: [], deleted: false, markerMayHide: false };
    this.probes.set(name, armed);
    return armed;
  }

  /** Records what the write of an armed probe answered (a probe written once stays written). */
  // biome-ignore lint/suspicious/noConfusingVoidType: deleteObject and putObject answer void or a version id
  settleProbe(probe: ArmedProbe, r: CallResult<{ readonly versionId?: string | null } | void>): void {
    if (r.ok) {
      probe.outcome = "written";
      const v = r.value && "versionId" in r.value ? r.value.versionId : null;
      if (v && !probe.versionIds.includes(v)) probe.versionIds.push(v);
    } else if (probe.outcome === "sent") {
      // Skipped: never sent. An error status: refused (only an earlier, retried attempt could have landed; the
      // clean-up still looks). Anything else (no answer, a 2xx it could not read) may have written it.
      if (r.skipped !== undefined) probe.outcome = "not-sent";
      else if (r.error.kind === "aws" && (r.error.httpStatus ?? 0) >= 400) probe.outcome = "refused";
    }
  }

  titleOf(id: CheckId): string {
    return this.planned.find((p) => p.id === id)?.title ?? id;
  }

  isRecorded(id: CheckId): boolean {
    return this.checks.some((c) => c.id === id);
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
      ...(extra.diagnosis
        ? { diagnosis: { cause: scrub(extra.diagnosis.cause), fix: scrub(extra.diagnosis.fix) } }
        : {}),
    };
    this.checks.push(check);
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

  /**
   * Runs one port call for `service`. Never throws: an endpoint that timed out or refused is remembered, and
   * later calls to it are skipped at once, so a dead endpoint costs one timeout, not one per check.
   */
  async call<T>(service: Service, operation: string, fn: () => Promise<T>): Promise<CallResult<T>> {
    const dead = this.unreachable.get(service);
    if (dead) return { ok: false, skipped: dead };
    if (this.aborted) return { ok: false, skipped: msg.CANCELLED_BEFORE_CALL };
    try {
      return { ok: true, value: await fn() };
    } catch (thrown) {
      const error = isAwsCallError(thrown)
        ? thrown
        : new AwsCallError(
            {
              operation,
              awsCode: "Error",
              kind: "network",
              message: thrown instanceof Error ? thrown.message : String(thrown),
            },
            { cause: thrown },
          );
      if (isThrottled(error)) {
        // Still throttled (or busy) after every retry: later calls to it would only spend their budgets the same way.
        const until = error.budgetExhausted
          ? msg.budgetRanOut(this.timeoutMs)
          : msg.allAttempts(this.settings.maxAttempts);
        this.unreachable.set(service, msg.stillThrottled(error.httpStatus, error.awsCode, operation, until));
      } else if (error.kind === "timeout" || error.kind === "network") {
        const url =
          service === "credentials"
            ? null
            : (this.settings.endpoints[service as keyof BackendSettings["endpoints"]] ?? msg.defaultEndpoint(service));
        this.unreachable.set(service, msg.endpointDead(url, operation, error.awsCode, error.message));
      }
      return { ok: false, error };
    }
  }

  private base(region: string, endpoint: string | undefined, cleanup = false): CallTarget {
    return {
      region,
      ...(endpoint ? { endpoint } : {}),
      maxAttempts: this.settings.maxAttempts,
      timeoutMs: this.timeoutMs,
      ...(this.signal && !cleanup ? { signal: this.signal } : {}),
    };
  }

  /**
   * STS client settings. The backend's own STS calls (GetCallerIdentity, assume_role, assume_role_with_web_identity)
   * use sts_region (aws-sdk-go-base clients.go stsClient). Calls made inside the SDK chain (profile role_arn, env or
   * profile web identity) use the main region; sts_region only becomes their signing region together with a custom
   * STS endpoint (aws-sdk-go-base endpoints.go credentialsEndpointResolver).
   */
  stsTarget(via: "backend" | "chain"): CallTarget {
    const s = this.settings;
    const region = via === "backend" || s.endpoints.sts ? (s.stsRegion ?? s.region) : s.region;
    return this.base(region, s.endpoints.sts);
  }

  signedSts(via: "backend" | "chain", credentials: AwsCredentials): SignedTarget {
    return { ...this.stsTarget(via), credentials };
  }

  /**
   * `cleanup`: for undoing probes; ignores the caller's AbortSignal (a Ctrl-C must still clean up) and uses the
   * clean-up's own deadline instead, when given (the per-call timeout still applies).
   */
  s3(cleanup = false, deadline?: AbortSignal): S3Target {
    return {
      ...this.base(this.settings.region, this.settings.endpoints.s3, cleanup),
      ...(cleanup && deadline ? { signal: deadline } : {}),
      credentials: this.credentials!,
      forcePathStyle: this.settings.forcePathStyle,
    };
  }

  dynamodb(cleanup = false, deadline?: AbortSignal): SignedTarget {
    return {
      ...this.base(this.settings.region, this.settings.endpoints.dynamodb, cleanup),
      ...(cleanup && deadline ? { signal: deadline } : {}),
      credentials: this.credentials!,
    };
  }

  kms(region: string): SignedTarget {
    return { ...this.base(region, this.settings.endpoints.kms), credentials: this.credentials! };
  }

  sso(region: string): CallTarget {
    return this.base(region, this.settings.endpoints.sso);
  }

  /** The caller, as a phrase: `user/terraform-access (arn:aws:iam::…)`. */
  callerPhrase(): string {
    const id = this.identity;
    if (!id) return "the caller";
    const short =
      id.kind === "assumed-role" && id.roleArn
        ? `a session of ${id.roleArn.replace(/^arn:[^:]+:iam::\d+:/, "")}`
        : id.arn.replace(/^arn:[^:]+:(iam|sts)::\d+:/, "");
    return `${short} (${id.arn})`;
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
