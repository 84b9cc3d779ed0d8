import type { CredentialsSourceName } from "../../packages/core/src/trace.js";

/**
 * One case of a Go test table of Terraform 1.11.4's S3 backend (or aws-sdk-go-base), ported as data: the world the
 * Go test builds around it and what the Go test asserts that tfwhy can decide offline. The Go harness's run-time
 * pieces are fixed facts here: a mock server is a 127.0.0.1 URL, a temp file a fixed path (generate_cases.py).
 */
export interface GoTableCase {
  /** The Go test function, e.g. `TestBackendConfig_Authentication`. */
  readonly goTest: string;
  /** The case's name in the Go table. */
  readonly name: string;
  /** The GitHub repository, tag and path of the Go test file. */
  readonly repo: "hashicorp/terraform" | "hashicorp/aws-sdk-go-base";
  readonly ref: string;
  readonly path: string;
  /** 1-based line of the case's name in that file. */
  readonly line: number;
  /** Why the case is not compared (outside tfwhy's domain, or a value the port does not translate). */
  readonly skip?: string;
  /** The backend block's attributes after the Go test's loop filled in its required fields; null = HCL null. */
  readonly backend?: Readonly<Record<string, BackendValue>>;
  readonly env?: Readonly<Record<string, string>>;
  /** Absolute path → content (shared config and credentials files, web identity token files). */
  readonly files?: Readonly<Record<string, string>>;
  /** The clock, when a file's content depends on it (an SSO token written to expire 15 minutes later). */
  readonly now?: string;
  readonly expect?: GoTableExpectation;
}

export type BackendValue =
  | string
  | number
  | boolean
  | null
  | readonly BackendValue[]
  | { readonly [key: string]: BackendValue };

/** What the Go case asserts, limited to what is decidable offline; an absent field is not compared. */
export interface GoTableExpectation {
  /** Summary of the first error diagnostic; null: the backend configures without error. */
  readonly error?: string | null;
  /** Summaries of the warning diagnostics the backend emits, in order. */
  readonly warnings?: readonly string[];
  /** The Go SDK provider's Source name of the credentials (never the key: a mock server issues it). */
  readonly source?: CredentialsSourceName;
  /** Roles assumed on top of the base credentials, outermost first (the mock's AssumeRole request asserts each). */
  readonly assumeRoles?: readonly string[];
  /** The endpoint a client uses; url null: the AWS default (no override). */
  readonly endpoint?: { readonly service: "s3" | "sts" | "iam" | "dynamodb"; readonly url: string | null };
  readonly region?: string;
  /** What else the Go case asserts that tfwhy's explanation does not carry, hence not compared. */
  readonly notCompared?: string;
  /** What the Go case asserts that comes from a mock server's reply, hence not compared offline. */
  readonly decidedByMock?: string;
  /** Where real Terraform 1.11.4 contradicts the Go case: this expectation follows Terraform (FINDINGS §13). */
  readonly terraformOverrides?: string;
}

/** `TestBackendConfig_Authentication/empty config`: the id vitest and KNOWN_DISAGREEMENTS use. */
export const caseId = (c: GoTableCase): string => `${c.goTest}/${c.name}`;

/** The case's line in the Go source at the pinned tag. */
export const caseUrl = (c: GoTableCase): string => `https://github.com/${c.repo}/blob/${c.ref}/${c.path}#L${c.line}`;
