/**
 * The command line cannot be used (unknown flag or command, missing value, missing file). `main` prints
 * `tfwhy: <message>` and the hint, and exits 2.
 */
export class UsageError extends Error {
  override readonly name = "UsageError";
  /** One line telling the user what to do next. */
  readonly hint: string;
  constructor(message: string, hint = 'Run "tfwhy --help" for usage.') {
    super(message);
    this.hint = hint;
  }
}
