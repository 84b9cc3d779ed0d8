/** A counter on stderr while --recursive explains or verifies modules. */
export interface Progress {
  tick(): void;
  done(): void;
}

/**
 * Returns a progress counter (`explained 12/57`, or `verified 12/57` with that `verb`) redrawn in place with `\r`,
 * or a silent one when stderr is not a terminal: logs and pipes get no progress, and stdout never does. Plain
 * characters only, so it also works on a dumb terminal and with NO_COLOR.
 */
export function createProgress({
  total,
  isTTY,
  write,
  verb = "explained",
}: {
  readonly total: number;
  readonly isTTY: boolean;
  readonly write: (text: string) => void;
  readonly verb?: "explained" | "verified";
}): Progress {
  if (!isTTY) return { tick() {}, done() {} };
  let count = 0;
  let width = 0;
  const draw = (text: string) => {
    write(`\r${text.padEnd(width)}`);
    width = text.length;
  };
  draw(`${verb} 0/${total}`);
  return {
    tick() {
      count++;
      draw(`${verb} ${count}/${total}`);
    },
    done() {
      // Leave the line empty so the shell prompt, or the report on the same terminal, starts clean.
      draw("");
      write("\r");
    },
  };
}
