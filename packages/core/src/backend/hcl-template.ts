// HCL's template rules for literal strings (hashicorp/hcl hclsyntax): escapes and heredoc indentation.

/**
 * Decodes a literal HCL template's escapes: `\n \r \t \" \\ \uNNNN \UNNNNNNNN` (quoted strings only), then
 * `$${` → `${` and `%%{` → `%{`, then NFC normalisation (hclsyntax scanner + `norm.NFC` in its string token decoding).
 */
export function decodeTemplateLiteral(raw: string, quoted: boolean): string {
  let out = "";
  for (let i = 0; i < raw.length; i++) {
    const char = raw[i]!;
    if (quoted && char === "\\") {
      const selector = raw[i + 1];
      const simple: Record<string, string> = { n: "\n", r: "\r", t: "\t", '"': '"', "\\": "\\" };
      if (selector !== undefined && simple[selector] !== undefined) {
        out += simple[selector];
        i += 1;
        continue;
      }
      const width = selector === "u" ? 4 : selector === "U" ? 8 : 0;
      const hex = raw.slice(i + 2, i + 2 + width);
      if (width > 0 && hex.length === width && /^[0-9a-fA-F]+$/.test(hex)) {
        out += String.fromCodePoint(Number.parseInt(hex, 16));
        i += 1 + width;
        continue;
      }
      out += char; // unreachable for tree-sitter-accepted input: the grammar rejects other escapes
      continue;
    }
    if ((char === "$" || char === "%") && raw[i + 1] === char && raw[i + 2] === "{") {
      out += `${char}{`;
      i += 2;
      continue;
    }
    out += char;
  }
  return out.normalize("NFC");
}

/**
 * Applies HCL's `<<-` rule (hclsyntax flushHeredocTemplateParts): find the smallest leading-whitespace count among
 * lines that are not blank, and remove that many characters from those lines. Blank lines are left untouched.
 */
export function flushHeredoc(content: string): string {
  const lines = content.split(/(?<=\n)/);
  let minSpaces = Number.POSITIVE_INFINITY;
  const counted: boolean[] = [];
  for (const line of lines) {
    const trimmed = line.replace(/^\s+/u, "");
    const blank = trimmed === "" && line.endsWith("\n");
    counted.push(!blank);
    if (!blank) minSpaces = Math.min(minSpaces, [...line.slice(0, line.length - trimmed.length)].length);
  }
  if (!Number.isFinite(minSpaces)) return content;
  return lines.map((line, index) => (counted[index] ? [...line].slice(minSpaces).join("") : line)).join("");
}
