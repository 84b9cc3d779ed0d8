import type { Command } from "./args.js";

/** `tfwhy --help`. */
export const MAIN_HELP = `Usage: tfwhy <command> [options]

Which AWS credentials will Terraform's S3 backend use, and why?

Commands:
  explain [DIR]   Explain the credentials and region the S3 backend in DIR would use (offline)
  verify [DIR]    Check the backend live with those credentials: identity, bucket, state, lock, KMS
  policy [DIR]    Print the least-privilege IAM policy for that identity and backend (offline)

Both use the workspace Terraform would (TF_WORKSPACE, else .terraform/environment, else default) and its state
path; --workspace NAME checks another one instead, overriding both.

Options:
  -h, --help      Show help; "tfwhy <command> --help" shows a command's options
  --version       Show tfwhy's version

Exit codes:
  0    Terraform would find credentials and a region (verify: every check passed)
  1    Terraform would fail (no valid credentials, no region, a -backend-config value it rejects, …), a verify
       check failed, or --fail-on matched
  2    Usage or input error (unknown flag, missing file, configuration tfwhy cannot read)
  3    Internal error in tfwhy
  130  verify was cancelled (Ctrl-C or SIGTERM); the probes it wrote were still removed
`;

/** `tfwhy explain --help`. */
export const EXPLAIN_HELP = `Usage: tfwhy explain [DIR] [options]
       tfwhy explain --recursive DIR [options]

Explains which AWS credentials and region Terraform's S3 backend in DIR (default: the current directory)
would use, and why, without calling AWS. Flags take one dash, as Terraform's do, or two.

Options:
  -backend-config=FILE|KEY=VALUE  Partial backend configuration, as given to terraform init. Repeatable,
                                  applied in order. A relative FILE is read from DIR, as Terraform does.
  -chdir=DIR                      Same as giving DIR.
  --workspace NAME                Use workspace NAME (state <workspace_key_prefix>/NAME/<key>), overriding
                                  TF_WORKSPACE and .terraform/environment, which otherwise select it as in
                                  Terraform.
  --format text|markdown|json|sarif
                                  Output format (default: text). markdown suits $GITHUB_STEP_SUMMARY and PR
                                  comments; json follows @tfwhy/reporter/schema.json (recursive.schema.json
                                  with --recursive); sarif is SARIF 2.1.0 for code scanning, with paths
                                  relative to the current directory (run it from the repository root).
  --json                          Short for --format json.
  --output FILE                   Write the report to FILE instead of stdout (- is stdout). FILE is replaced
                                  atomically; one that cannot be written is exit 2.
  --fail-on warning|error         Also exit 1 when a diagnostic of that severity or worse exists
                                  (default: exit 1 only when Terraform would fail).
  --ignore CODE                   Leave out a diagnostic code (or, for verify, a check code such as
                                  verify.s3.versioning): not printed, not counted for --fail-on or the exit
                                  code; JSON keeps it marked "ignored": true. Repeatable. A .tfwhy.json found
                                  upward from DIR (up to the .git directory) can ignore codes globally and per
                                  path: see the README.
  --recursive DIR                 Explain every root module under DIR whose backend is "s3" (skipping
                                  node_modules and hidden directories such as .terraform and .git), four at a
                                  time, in one report. A relative -backend-config FILE is read from each module
                                  that has it and skipped in those that do not; KEY=VALUE applies to all.
                                  Progress is shown on stderr when it is a terminal.
  --home DIR                      Home directory whose ~/.aws files are read (explain someone else's setup).
  --env-from FILE                 KEY=VALUE lines that replace those variables in the environment. Repeatable.
                                  Only read, never run; /dev/stdin works. (--env-file is the older name: Node 20
                                  reads that one itself when started as "node bin.js", so use --env-from.)
  --no-env                        Start from an empty environment: only --env-from variables are seen.
  --color, --no-color             Colour text output or not (default: on for a terminal, off if NO_COLOR is set).
  --verbose                       Text output in full: the "Why" trace (every credential source, in the order
                                  Terraform checks them, with the evidence); verify: every check, in order;
                                  --recursive: every module after the table. By default text is the answer,
                                  the first error Terraform would print and the diagnostics; --recursive prints
                                  a table, shared diagnostics once, then the modules that need action. No
                                  effect on json and sarif.
  --debug                         Print stack traces with errors.
  -h, --help                      Show this help.

Examples:
  tfwhy explain
  tfwhy explain infra/prod -backend-config=env/prod.hcl
  tfwhy explain -backend-config=env/backend.hcl -backend-config="profile=terraform"
  tfwhy explain --json | jq .credentials
  tfwhy explain --home ./alice --no-env --env-from alice.env
  tfwhy explain --format markdown >> "$GITHUB_STEP_SUMMARY"
  tfwhy explain --recursive . -backend-config=env/ci.hcl --format sarif --output tfwhy.sarif
  tfwhy explain --recursive infra --fail-on warning

Exit codes: 0 credentials and region resolve, 1 Terraform would fail (or --fail-on matched), 2 usage or input
error, 3 internal error. With --recursive, the most serious over all modules; a module whose configuration cannot
be read is reported in place (exit 2) and the others are still explained.
`;

/** `tfwhy verify --help`. */
export const VERIFY_HELP = `Usage: tfwhy verify [DIR] [options]
       tfwhy verify --recursive DIR [options]

Explains which credentials Terraform's S3 backend in DIR would use (as "tfwhy explain" does), then checks the
backend live with exactly those credentials: who the caller is (sts:GetCallerIdentity), each role assumed, the
bucket and its region, listing with the workspace prefix, reading the state object, the bucket policy as it
applies to the caller, encryption and the KMS key, versioning, and the lock (DynamoDB table or S3 lockfile,
including a lock currently held). Nothing is written unless --write-probe: Terraform's writes are checked for
authorisation on the real keys with requests that cannot write (a failing precondition; docs/verify-probes.md).
Failures name the AWS error code, the cause and the fix.

What verify runs and contacts, as Terraform would with the same configuration and environment:
  Credentials     the source Terraform picks: it RUNS the profile's credential_process command (sh -c, with the
                  explained environment), reads web identity token files and the SSO token cache, and calls the
                  container credentials endpoint or EC2 instance metadata (IMDS) when Terraform would.
  STS             GetCallerIdentity, AssumeRole, AssumeRoleWithWebIdentity: endpoints.sts (or sts_endpoint,
                  AWS_ENDPOINT_URL_STS, AWS_STS_ENDPOINT), else AWS_ENDPOINT_URL, else AWS's STS endpoint.
  SSO             GetRoleCredentials: endpoints.sso (or AWS_ENDPOINT_URL_SSO), else AWS_ENDPOINT_URL, else
                  portal.sso.<sso_region>.amazonaws.com. An expired SSO token is reported, never refreshed: verify
                  does not call SSO OIDC CreateToken. Terraform would (sso_session profiles), and endpoints.sso /
                  AWS_ENDPOINT_URL_SSO do not apply to it: it goes to oidc.<sso_region>.amazonaws.com unless the
                  AWS SDK's own AWS_ENDPOINT_URL_SSO_OIDC or AWS_ENDPOINT_URL says otherwise.
  S3              endpoints.s3 (or endpoint, AWS_ENDPOINT_URL_S3, AWS_S3_ENDPOINT), else AWS_ENDPOINT_URL.
  DynamoDB        the lock table: endpoints.dynamodb (or dynamodb_endpoint, AWS_ENDPOINT_URL_DYNAMODB,
                  AWS_DYNAMODB_ENDPOINT), else AWS_ENDPOINT_URL.
  KMS             DescribeKey of kms_key_id: AWS_ENDPOINT_URL_KMS, else AWS_ENDPOINT_URL.
  IAM             never: endpoints.iam only serves Terraform's account-ID fallback.
  After AWS_ENDPOINT_URL (each "else AWS_ENDPOINT_URL" above) come the profile's [services] entry, then its
  endpoint_url; AWS_IGNORE_CONFIGURED_ENDPOINT_URLS=true or ignore_configured_endpoint_urls drops all three.

Options:
  All of "tfwhy explain"'s options, and:
  --recursive DIR                 Verify every root module under DIR whose backend is "s3", found and configured
                                  as "tfwhy explain --recursive" does (same -backend-config rule), four at a
                                  time, in one report. Identical read-only calls (same identity, bucket, table
                                  or key) are made once for all modules; the report says how many were saved.
                                  Write probes are each module's own. Progress is shown on stderr when it is a
                                  terminal.
  --write-probe                   Also test writes and locking: PutObject/DeleteObject on a probe key next to the
                                  state and a lock on a probe LockID / probe lockfile, the way Terraform writes
                                  them. Never the real state key or lock; every probe is removed, also on error,
                                  timeout and Ctrl-C, and the report says removed only when a read confirmed it
                                  (probe names and how to find leftovers: docs/verify-probes.md).
  --operation init|plan|apply     The last Terraform command the pipeline runs (default: apply, so init, plan
                                  and apply). A finding fails only when a call Terraform makes for these
                                  commands needs it (Terraform 1.11.4's calls); otherwise it is a warning. Use
                                  plan for plan-only pipelines. Each failing check names the command, the step,
                                  the AWS call, the IAM action and the resource.
  --timeout SECONDS               Time limit of each AWS call, retries included, and of credential_process
                                  (default: 5; credential_process then gets 15). Probe clean-up has its own
                                  limit: twice this, at least 3 s, at most 30 s.
  --verbose                       Text lists every check in report order, and the "Why" trace. By default: a
                                  summary, then only the checks that did not pass (failing first) and the
                                  probe clean-up, a count of the others, and the offline answer.
  --format text|markdown|json|sarif
                                  json follows @tfwhy/reporter/verify.schema.json
                                  (recursive-verify.schema.json with --recursive).

Examples:
  tfwhy verify -backend-config=env/backend.hcl
  tfwhy verify infra/prod --write-probe
  tfwhy verify --operation plan            (a plan-only pipeline: what init and plan need)
  tfwhy verify --format markdown >> "$GITHUB_STEP_SUMMARY"
  tfwhy verify --json | jq '.checks[] | select(.status == "fail")'
  tfwhy verify --recursive infra -backend-config=env/ci.hcl --format markdown >> "$GITHUB_STEP_SUMMARY"

Exit codes: 0 every check passed (warnings allowed unless --fail-on warning), 1 a check failed or Terraform would
fail before reaching AWS, 2 usage or input error, 3 internal error, 130 cancelled (Ctrl-C; probes still removed).
With --recursive, the most serious over all modules; a module whose configuration cannot be read is reported in
place (exit 2) and the others are verified.
`;

/** `tfwhy policy --help`. */
export const POLICY_HELP = `Usage: tfwhy policy [DIR] [options]

Prints the least-privilege IAM policy for Terraform 1.11.4's S3 backend in DIR, for the identity Terraform would
use (as "tfwhy explain" finds it), without calling AWS. Derived from the calls Terraform makes (tfwhy's call
model, checked against real Terraform): one statement per thing it touches, each with a Sid (ListStateWorkspaces,
ReadWriteDefaultState, ReadWriteWorkspaceStates, Lockfile, DynamoDbLockAndDigest, KmsForStateEncryption), and
sts:AssumeRole for each role hop, for the identity that assumes it. Nothing Terraform never calls (no
dynamodb:DescribeTable, no s3:GetBucketLocation). Proven on real Terraform: docs/policy.md.

Options:
  All of "tfwhy explain"'s configuration options (-backend-config, -chdir, --workspace, --home, --env-from,
  --no-env, --output, --debug), and:
  --operations all|plan           all (default): init, plan, apply, the workspace commands, force-unlock,
                                  state pull/push. plan: what a plan-only pipeline (init, plan) needs.
  --no-lock                       plan and apply run with -lock=false: no lock statements for them.
  --workspaces all|default|NAME   all (default): any workspace (<workspace_key_prefix>/*/<key>), since any
                                  pipeline may run "terraform workspace new"; default: the default workspace
                                  only; NAME: default and that workspace.
  --bucket-policy PRINCIPAL_ARN   Also print the bucket-policy statements granting PRINCIPAL_ARN the same S3
                                  access (for cross-account buckets, or buckets that allow only one role).
  --format text|markdown|json     text (default) and markdown explain each statement: what it is for and
                                  which Terraform commands need each action. json prints the identity policy
                                  document alone, for "aws iam put-role-policy --policy-document file://…";
                                  with --bucket-policy, json prints the bucket policy document instead, for
                                  "aws s3api put-bucket-policy" (merge it with the bucket's own statements).

Examples:
  tfwhy policy -backend-config=env/backend.hcl
  tfwhy policy --operations plan --no-lock --format json > plan-only.json
  tfwhy policy --bucket-policy arn:aws:iam::123456789012:role/terraform --format markdown

Exit codes: 0 printed, 2 usage or input error (as explain), 3 internal error.
`;

/** Returns the help text of a command, or the overview. */
export function helpFor(command: Command | null): string {
  if (command === "policy") return POLICY_HELP;
  if (command === "explain") return EXPLAIN_HELP;
  if (command === "verify") return VERIFY_HELP;
  return MAIN_HELP;
}
