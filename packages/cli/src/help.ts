import type { Command } from "./args.js";

/** `tfwhy --help`. */
export const MAIN_HELP = `Usage: tfwhy <command> [options]

Which AWS credentials will Terraform's S3 backend use, and why?

Commands:
  explain [DIR]   Explain the credentials and region the S3 backend in DIR would use (offline)

Options:
  -h, --help      Show help; "tfwhy <command> --help" shows a command's options
  --version       Show tfwhy's version

Exit codes:
  0  Terraform would find credentials and a region
  1  Terraform would fail (no valid credentials, no region, …), or --fail-on matched; the report says why
  2  Usage or input error (unknown flag, missing file, invalid configuration)
  3  Internal error in tfwhy
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
  --format text|markdown|json|sarif
                                  Output format (default: text). markdown suits $GITHUB_STEP_SUMMARY and PR
                                  comments; json follows @tfwhy/reporter/schema.json (recursive.schema.json
                                  with --recursive); sarif is SARIF 2.1.0 for code scanning, with paths
                                  relative to the current directory (run it from the repository root).
  --json                          Short for --format json.
  --output FILE                   Write the report to FILE instead of stdout.
  --fail-on warning|error         Also exit 1 when a diagnostic of that severity or worse exists
                                  (default: exit 1 only when Terraform would fail).
  --recursive DIR                 Explain every root module under DIR whose backend is "s3" (skipping
                                  node_modules and hidden directories such as .terraform and .git), four at a
                                  time, in one report. A relative -backend-config FILE is read from each module
                                  that has it and skipped in those that do not; KEY=VALUE applies to all.
                                  Progress is shown on stderr when it is a terminal.
  --home DIR                      Home directory whose ~/.aws files are read (explain someone else's setup).
  --env-file FILE                 KEY=VALUE lines that replace those variables in the environment. Repeatable.
  --no-env                        Start from an empty environment: only --env-file variables are seen.
  --color, --no-color             Colour text output or not (default: on for a terminal, off if NO_COLOR is set).
  --debug                         Print stack traces with errors.
  -h, --help                      Show this help.

Examples:
  tfwhy explain
  tfwhy explain infra/prod -backend-config=env/prod.hcl
  tfwhy explain -backend-config=env/backend.hcl -backend-config="profile=terraform"
  tfwhy explain --json | jq .credentials
  tfwhy explain --home ./alice --no-env --env-file alice.env
  tfwhy explain --format markdown >> "$GITHUB_STEP_SUMMARY"
  tfwhy explain --recursive . -backend-config=env/ci.hcl --format sarif --output tfwhy.sarif
  tfwhy explain --recursive infra --fail-on warning

Exit codes: 0 credentials and region resolve, 1 Terraform would fail (or --fail-on matched), 2 usage or input
error, 3 internal error. With --recursive, the most serious over all modules; a module whose configuration cannot
be read is reported in place (exit 2) and the others are still explained.
`;

/** Returns the help text of a command, or the overview. */
export function helpFor(command: Command | null): string {
  return command === "explain" ? EXPLAIN_HELP : MAIN_HELP;
}
