"""A reader for the Go composite literals of a test table (stdlib only; Go itself is not installed here).

It turns `testCases := map[string]struct{...}{ "name": { Field: expr, ... }, ... }` into plain JSON-able values:
strings, numbers, booleans, None (nil), {"ident": "pkg.Name"}, {"call": fn, "args": [...]},
{"composite": type, "items": [...] } with items either {"key": k, "value": v} or a value, {"func": text},
{"concat": [...]}. Each case keeps the 1-based line of its name, for the link to the Go source.
"""
import re

TOKEN = re.compile(
    r"""(?P<ws>[ \t\r\n]+)|(?P<comment>//[^\n]*|/\*.*?\*/)|(?P<raw>`[^`]*`)|(?P<str>"(?:\\.|[^"\\])*")"""
    r"""|(?P<char>'(?:\\.|[^'\\])+')|(?P<num>\d+(?:\.\d+)?(?:[eE][-+]?\d+)?)|(?P<ident>[A-Za-z_][A-Za-z_0-9]*)"""
    r"""|(?P<op>:=|\.\.\.|&&|\|\||==|!=|<=|>=|[{}()\[\].,:;&*+\-!<>=/%|])""",
    re.S,
)


def tokenize(text):
    tokens, pos, line = [], 0, 1
    while pos < len(text):
        m = TOKEN.match(text, pos)
        if not m:
            raise SyntaxError(f"line {line}: cannot read {text[pos:pos+20]!r}")
        kind = m.lastgroup
        value = m.group()
        if kind not in ("ws", "comment"):
            tokens.append((kind, value, line))
        line += value.count("\n")
        pos = m.end()
    return tokens


def go_string(kind, value):
    if kind == "raw":
        return value[1:-1].replace("\r", "")
    return bytes(value[1:-1], "utf-8").decode("unicode_escape").encode("latin-1").decode("utf-8")


class Parser:
    def __init__(self, tokens, i=0):
        self.t, self.i = tokens, i

    def peek(self, k=0):
        return self.t[self.i + k] if self.i + k < len(self.t) else ("eof", "", 0)

    def next(self):
        tok = self.peek()
        self.i += 1
        return tok

    def expect(self, value):
        tok = self.next()
        if tok[1] != value:
            raise SyntaxError(f"line {tok[2]}: expected {value!r}, got {tok[1]!r}")
        return tok

    def skip_balanced(self, open_, close):
        """From an opening token, to just past its matching close; returns the text between (tokens joined)."""
        self.expect(open_)
        depth, start = 1, self.i
        while depth:
            tok = self.next()
            if tok[1] == open_:
                depth += 1
            elif tok[1] == close:
                depth -= 1
        return " ".join(v for _, v, _ in self.t[start : self.i - 1])

    def parse_type(self):
        tok = self.peek()
        if tok[1] == "*":
            self.next()
            return "*" + self.parse_type()
        if tok[1] == "[":
            self.next()
            self.expect("]")
            return "[]" + self.parse_type()
        if tok[1] == "map":
            self.next()
            self.expect("[")
            key = self.parse_type()
            self.expect("]")
            return f"map[{key}]" + self.parse_type()
        if tok[1] in ("interface", "struct"):
            kind = self.next()[1]
            self.skip_balanced("{", "}")
            return "any" if kind == "interface" else "struct"
        if tok[1] == "struct":
            self.next()
            self.skip_balanced("{", "}")
            return "struct"
        if tok[1] == "func":
            self.next()
            self.skip_balanced("(", ")")
            return "func"
        name = self.next()[1]
        while self.peek()[1] == ".":
            self.next()
            name += "." + self.next()[1]
        return name

    def parse_composite_body(self, type_):
        self.expect("{")
        items = []
        while self.peek()[1] != "}":
            line = self.peek()[2]
            first = self.parse_expr()
            if self.peek()[1] == ":":
                self.next()
                key = first["ident"] if isinstance(first, dict) and "ident" in first else first
                items.append({"key": key, "value": self.parse_expr(), "line": line})
            else:
                items.append(first)
            if self.peek()[1] == ",":
                self.next()
        self.expect("}")
        return {"composite": type_, "items": items}

    def parse_expr(self):
        left = self.parse_unary()
        parts = [left]
        while self.peek()[1] in ("+",):
            self.next()
            parts.append(self.parse_unary())
        if self.peek()[1] == "*":  # `1 * time.Hour`
            self.next()
            return {"mul": [left, self.parse_expr()]}
        return parts[0] if len(parts) == 1 else {"concat": parts}

    def parse_unary(self):
        tok = self.peek()
        if tok[1] == "&":
            self.next()
            return self.parse_unary()
        if tok[1] == "-":
            self.next()
            value = self.parse_unary()
            return -value if isinstance(value, (int, float)) else {"neg": value}
        return self.parse_postfix(self.parse_primary())

    def parse_primary(self):
        kind, value, line = self.peek()
        if kind in ("str", "raw"):
            self.next()
            return go_string(kind, value)
        if kind == "num":
            self.next()
            return float(value) if "." in value or "e" in value.lower() else int(value)
        if value == "{":
            return self.parse_composite_body(None)
        if value == "(":
            self.next()
            inner = self.parse_expr()
            self.expect(")")
            return inner
        if value == "func":
            self.next()
            signature = self.skip_balanced("(", ")")
            while self.peek()[1] != "{":
                self.next()
            return {"func": signature, "body": self.skip_balanced("{", "}")}
        if value in ("[", "map", "struct", "interface"):
            type_ = self.parse_type()
            return self.parse_composite_body(type_)
        if kind == "ident":
            self.next()
            if value in ("true", "false"):
                return value == "true"
            if value == "nil":
                return None
            return {"ident": value}
        raise SyntaxError(f"line {line}: unexpected {value!r}")

    def parse_postfix(self, expr):
        while True:
            tok = self.peek()
            if tok[1] == "." and isinstance(expr, dict) and "ident" in expr:
                self.next()
                expr = {"ident": expr["ident"] + "." + self.next()[1]}
            elif tok[1] == ".":
                self.next()
                expr = {"method": self.next()[1], "on": expr}
            elif tok[1] == "(":
                self.next()
                args = []
                while self.peek()[1] != ")":
                    args.append(self.parse_expr())
                    if self.peek()[1] == "...":
                        self.next()
                    if self.peek()[1] == ",":
                        self.next()
                self.expect(")")
                fn = expr["ident"] if isinstance(expr, dict) and "ident" in expr else expr
                expr = {"call": fn, "args": args}
            elif tok[1] == "[":
                self.next()
                index = self.parse_expr()
                self.expect("]")
                expr = {"index": index, "on": expr}
            elif tok[1] == "{" and isinstance(expr, dict) and "ident" in expr:
                expr = self.parse_composite_body(expr["ident"])
            else:
                return expr


def read_table(text, function, variable=None):
    """The cases of the first table literal in `func <function>(`: [{name, line, fields}]."""
    tokens = tokenize(text)
    start = next(i for i, t in enumerate(tokens) if t[1] == function and tokens[i - 1][1] == "func")
    i = start
    while not (tokens[i][1] == ":=" and tokens[i + 1][1] in ("map", "[") and (variable is None or tokens[i - 1][1] == variable)):
        i += 1
    p = Parser(tokens, i + 1)
    type_ = p.parse_type()
    table = p.parse_composite_body(type_)
    cases = []
    for item in table["items"]:
        if "key" in item:
            fields = {f["key"]: f["value"] for f in item["value"]["items"]}
            cases.append({"name": item["key"], "line": item["line"], "fields": fields})
        else:
            fields = {f["key"]: f["value"] for f in item["items"]}
            line = item["items"][0]["line"] if item["items"] else 0
            cases.append({"name": None, "line": line, "fields": fields})
    return cases
