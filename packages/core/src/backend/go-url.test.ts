import { describe, expect, it } from "vitest";
import { parseGoUrl } from "./go-url.js";

// Go net/url.Parse results. The first five were seen in Terraform 1.11.4's own messages (conformance/FINDINGS.md §12);
// the rest follow net/url's parse, getScheme, parseHost and unescape.
describe("parseGoUrl (Go net/url.Parse)", () => {
  it.each([
    ["iam.example.com", "", ""],
    ["localhost:4566", "localhost", ""],
    ["", "", ""],
    ["https://s3.example.com", "https", "s3.example.com"],
    ["HTTP://127.0.0.1:4566/path?x=1#top", "http", "127.0.0.1:4566"],
    ["http://[::1]:4566", "http", "[::1]:4566"],
    ["https://user:pass@host.example", "https", "host.example"],
    ["s3.example.com/path", "", ""],
  ])("%j parses: scheme %j, host %j", (raw, scheme, host) => {
    expect(parseGoUrl(raw)).toEqual({ ok: true, scheme, host });
  });

  it.each([
    ["127.0.0.1:9000", 'parse "127.0.0.1:9000": first path segment in URL cannot contain colon'],
    ["http://[::1", `parse "http://[::1": missing ']' in host`],
    ["http://host:abc", 'parse "http://host:abc": invalid port ":abc" after host'],
    ["http://[::1]x", 'parse "http://[::1]x": invalid port "x" after host'],
    [":4566", 'parse ":4566": missing protocol scheme'],
    ["http://a b.example", 'parse "http://a b.example": invalid character " " in host name'],
    ["http://x.example/%zz", 'parse "http://x.example/%zz": invalid URL escape "%zz"'],
    ["http://x.example/a#%g", 'parse "http://x.example/a#%g": invalid URL escape "%g"'],
    ["http://x\t.example", 'parse "http://x\\t.example": net/url: invalid control character in URL'],
  ])("%j does not parse", (raw, error) => {
    expect(parseGoUrl(raw)).toEqual({ ok: false, error });
  });
});
