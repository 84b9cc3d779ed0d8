/**
 * Where a JSON text first goes wrong, found by a small scanner: Node's JSON.parse messages give no position for
 * many errors (`Unexpected token ']', ... is not valid JSON`), and a config error should name its line.
 * Null when the text is valid JSON.
 */
export function jsonError(text: string): { readonly offset: number; readonly problem: string } | null {
  let i = 0;
  const fail = (problem: string): never => {
    throw new ScanError(i, problem);
  };
  const space = () => {
    while (i < text.length && " \t\n\r".includes(text[i]!)) i++;
  };
  const unexpected = () => fail(i >= text.length ? "unexpected end of file" : `unexpected ${JSON.stringify(text[i])}`);
  const string = () => {
    i++;
    while (i < text.length && text[i] !== '"') {
      if (text[i] === "\\") i++;
      else if (text[i]! < " ") fail("control character in a string");
      i++;
    }
    if (i >= text.length) fail("unterminated string");
    i++;
  };
  const value = (): void => {
    space();
    const c = text[i];
    if (c === "{") container("}", true);
    else if (c === "[") container("]", false);
    else if (c === '"') string();
    else {
      const literal = /^(?:true|false|null|-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?)/.exec(text.slice(i));
      if (literal === null) unexpected();
      else i += literal[0].length;
    }
  };
  const container = (close: string, object: boolean): void => {
    i++;
    space();
    if (text[i] === close) {
      i++;
      return;
    }
    for (;;) {
      space();
      if (object) {
        if (text[i] !== '"') fail(`expected a quoted key, found ${describe(text[i])}`);
        string();
        space();
        if (text[i] !== ":") fail(`expected ":", found ${describe(text[i])}`);
        i++;
      }
      value();
      space();
      if (text[i] === close) {
        i++;
        return;
      }
      if (text[i] !== ",") fail(`expected "," or "${close}", found ${describe(text[i])}`);
      i++;
    }
  };
  try {
    value();
    space();
    if (i < text.length) unexpected();
    return null;
  } catch (error) {
    if (error instanceof ScanError) return { offset: error.offset, problem: error.message };
    throw error;
  }
}

function describe(c: string | undefined): string {
  return c === undefined ? "the end of the file" : JSON.stringify(c);
}

class ScanError extends Error {
  readonly offset: number;
  constructor(offset: number, problem: string) {
    super(problem);
    this.offset = offset;
  }
}
