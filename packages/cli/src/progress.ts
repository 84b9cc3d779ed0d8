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

/** One line of status on stderr (verify's current check), rewritten in place. */
export interface StatusLine {
  show(text: string): void;
  done(): void;
}

/** Longest status drawn: a line that wraps cannot be rewritten with `\r`. */
const STATUS_WIDTH = 79;

/**
 * Returns a status line redrawn in place with `\r` and cleared by `done()`, or a silent one when stderr is not a
 * terminal (logs and pipes get nothing extra). Text longer than a narrow terminal is cut with `…`.
 */
export function createStatusLine({
  isTTY,
  write,
}: {
  readonly isTTY: boolean;
  readonly write: (text: string) => void;
}): StatusLine {
  if (!isTTY) return { show() {}, done() {} };
  let width = 0;
  const draw = (text: string) => {
    const line = text.length > STATUS_WIDTH ? `${text.slice(0, STATUS_WIDTH - 1)}…` : text;
    write(`\r${line.padEnd(width)}`);
    width = line.length;
  };
  return {
    show: draw,
    done() {
      if (width === 0) return;
      draw("");
      write("\r");
    },
  };
}
