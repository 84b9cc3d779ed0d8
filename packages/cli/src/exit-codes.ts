/**
 * What `tfwhy` exits with. Scripts branch on these, so they never change meaning.
 *
 * | code | meaning |
 * | --- | --- |
 * | 0 | Terraform's S3 backend would find credentials and a region. |
 * | 1 | tfwhy worked and the answer is negative: Terraform would fail (no valid credentials, no region, …, or a |
 * |   | configuration error Terraform prints and tfwhy reproduces: a malformed `-backend-config=KEY=VALUE`, an |
 * |   | unreadable `-backend-config` file), or a diagnostic matched `--fail-on`. |
 * | 2 | Usage or input error: unknown command or flag, missing directory or file (but -backend-config files), |
 * |   | invalid HCL/INI, a -backend-config value whose Terraform error tfwhy cannot word, input nested too deep. |
 * | 3 | Internal error: a bug in tfwhy. |
 * | 130 | verify was cancelled (Ctrl-C / SIGINT, or SIGTERM): the report says so, and the probes it wrote were |
 * |     | still removed. |
 *
 * With `--recursive` the code is the most serious over all modules (130 > 3 > 2 > 1 > 0), and the report is printed
 * even when a module could not be read (2) or hit a bug (3): the other modules are still explained.
 */
export const ExitCode = {
  /** Terraform would get past backend configuration: credentials and region resolve. */
  Ok: 0,
  /** The explanation says Terraform would fail (`verdict.terraformFails`), or `--fail-on` matched; still printed. */
  TerraformFails: 1,
  /** The command line or the configuration it points at cannot be used; stdout stays empty (but with --recursive). */
  Usage: 2,
  /** A bug in tfwhy. */
  Internal: 3,
  /** verify was cancelled by SIGINT (128 + 2, the shell's convention); the report is still printed. */
  Cancelled: 130,
} as const;

export type ExitCode = (typeof ExitCode)[keyof typeof ExitCode];
