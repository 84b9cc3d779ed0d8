import { styleText } from "node:util";

/** The few looks a report needs. Each returns its input unchanged when colour is off. */
export interface Style {
  readonly ok: (text: string) => string;
  readonly warn: (text: string) => string;
  readonly fail: (text: string) => string;
  readonly dim: (text: string) => string;
  readonly bold: (text: string) => string;
}

/**
 * Returns a `Style` that draws with `node:util` `styleText` when `color` is true and is the identity otherwise.
 * The caller has already decided about colour (flag, NO_COLOR, TTY…): this never reads env or streams.
 */
export function createStyle({ color }: { readonly color: boolean }): Style {
  type Format = Parameters<typeof styleText>[0];
  const paint = (format: Format) =>
    color
      ? (text: string) => (text === "" ? text : styleText(format, text, { validateStream: false }))
      : (text: string) => text;
  return {
    ok: paint("green"),
    warn: paint("yellow"),
    fail: paint("red"),
    dim: paint("dim"),
    bold: paint("bold"),
  };
}
