import type { CredentialPlan } from "../chain/plan.js";
import type { BackendSettings } from "../settings/client-settings.js";
import type { Explanation } from "../trace.js";
import type { World } from "../world/world.js";
import type { BucketPolicyAnalysis, PolicyCaller } from "./bucket-policy.js";
import { type CallResult, callThroughGate, type Service } from "./call-gate.js";
import { dynamodbTarget, kmsTarget, s3Target, signedStsTarget, ssoTarget, stsTarget } from "./call-targets.js";
import { CheckLog } from "./check-log.js";
import { callerPhrase } from "./messages/diagnose.js";
import type {
  AwsCallError,
  AwsCredentials,
  AwsPort,
  CallTarget,
  ObjectHead,
  S3Target,
  SignedTarget,
} from "./port/aws-port.js";
import type { VerifiedIdentity } from "./report.js";

export type { CallResult, Service } from "./call-gate.js";
export { scrub } from "./check-log.js";

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
   * refused: AWS answered with an error. not-sent: the call was skipped, or refused as not authorised (403).
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

/**
 * Shared state of one verify run: settings, the AWS port, the probes armed, what the run has learned, and (as a
 * CheckLog) the checks planned and recorded so far.
 */
export class VerifyContext extends CheckLog {
  /** Endpoints that did not answer (or stayed throttled), with the reason later calls to them are skipped. */
  readonly unreachable = new Map<Service, string>();
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
    super();
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
      // An authorisation refusal (403) is final: the SDK does not retry it, and an earlier attempt that was let in
      // would have let this one in too, so nothing landed and there is nothing to look for.
      if (r.skipped !== undefined) probe.outcome = "not-sent";
      else if (r.error.kind === "aws" && r.error.httpStatus === 403) probe.outcome = "not-sent";
      else if (r.error.kind === "aws" && (r.error.httpStatus ?? 0) >= 400) probe.outcome = "refused";
    }
  }

  /** Runs one port call through the gate (never throws; a dead endpoint is not asked again). */
  call<T>(service: Service, operation: string, fn: () => Promise<T>): Promise<CallResult<T>> {
    return callThroughGate(this, service, operation, fn);
  }

  /** STS target (see call-targets.ts stsTarget: which calls use sts_region). */
  stsTarget(via: "backend" | "chain"): CallTarget {
    return stsTarget(this, via);
  }

  signedSts(via: "backend" | "chain", credentials: AwsCredentials): SignedTarget {
    return signedStsTarget(this, via, credentials);
  }

  /** `cleanup`: for undoing probes (ignores the caller's signal; the clean-up's own deadline, when given). */
  s3(cleanup = false, deadline?: AbortSignal): S3Target {
    return s3Target(this, cleanup, deadline);
  }

  dynamodb(cleanup = false, deadline?: AbortSignal): SignedTarget {
    return dynamodbTarget(this, cleanup, deadline);
  }

  kms(region: string): SignedTarget {
    return kmsTarget(this, region);
  }

  sso(region: string): CallTarget {
    return ssoTarget(this, region);
  }

  /** The caller, as a phrase: `user/terraform-access (arn:aws:iam::…)`. */
  callerPhrase(): string {
    return callerPhrase(this.identity);
  }
}
