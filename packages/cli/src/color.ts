/** What the colour decision depends on; all of it is read once, by the caller. */
export interface ColorInputs {
  /** `--color` (true) or `--no-color` (false); undefined when neither was given. */
  readonly flag: boolean | undefined;
  /** tfwhy's own environment (not the one being explained). */
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly isTTY: boolean;
}

/**
 * Returns whether text output is coloured: the flag wins; then any non-empty `NO_COLOR` disables (no-color.org);
 * then `FORCE_COLOR` enables unless it is `0` or `false` (as Node and supports-color read it); then colour is on
 * for a terminal whose `TERM` is not `dumb`.
 */
export function shouldUseColor({ flag, env, isTTY }: ColorInputs): boolean {
  if (flag !== undefined) return flag;
  if (env.NO_COLOR) return false;
  if (env.FORCE_COLOR !== undefined) return env.FORCE_COLOR !== "0" && env.FORCE_COLOR.toLowerCase() !== "false";
  return isTTY && env.TERM !== "dumb";
}
