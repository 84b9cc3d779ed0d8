import { posix } from "node:path";

type Env = Readonly<Record<string, string | undefined>>;

/** go-homedir's error for `~user/…` (mitchellh/go-homedir Expand), which Terraform prints as it is. */
export const CANNOT_EXPAND_USER_HOME = "cannot expand user-specific home dir";

/**
 * Terraform's expansion of paths it reads itself (aws-sdk-go-base internal/expand.FilePath): Go `os.ExpandEnv`,
 * then go-homedir `Expand`. Only a leading `~` counts: `~`, `~/…` (and `~\…`) become `filepath.Join(HOME, rest)`,
 * which also cleans the path; any other `~x…` is `~user`, which go-homedir refuses. Every other path is returned
 * exactly as written (relative paths stay relative: the SDK opens and names them so).
 * Returns null for `~user/…` ({@link CANNOT_EXPAND_USER_HOME}).
 */
export function expandTerraformPath(path: string, env: Env, homeDir: string): string | null {
  const expanded = expandEnv(path, env);
  if (!expanded.startsWith("~")) return expanded;
  if (expanded.length > 1 && expanded[1] !== "/" && expanded[1] !== "\\") return null;
  return goClean(`${homeDir}/${expanded.slice(1)}`);
}

/** Go path/filepath.Clean on a Unix path: lexical, and no trailing slash except for the root. */
function goClean(path: string): string {
  const normalized = posix.normalize(path);
  return normalized.length > 1 ? normalized.replace(/\/+$/, "") : normalized;
}

/**
 * Go os.ExpandEnv (os.Expand with os.Getenv): `${NAME}`, `$NAME` (letters, digits, underscore) and the one-character
 * shell names `$*`, `$#`, `$$`, `$@`, `$!`, `$?`, `$-`, `$0`…`$9`; an unset name is empty. Bad syntax is eaten as Go
 * does (`${}` and an unclosed `${`), and a `$` followed by nothing Go can read as a name stays.
 */
export function expandEnv(text: string, env: Env): string {
  let out = "";
  let i = 0;
  for (let j = 0; j < text.length; j++) {
    if (text[j] !== "$" || j + 1 >= text.length) continue;
    out += text.slice(i, j);
    const { name, width } = shellName(text.slice(j + 1));
    if (name === "" && width === 0) out += "$";
    else if (name !== "") out += env[name] ?? "";
    j += width;
    i = j + 1;
  }
  return out + text.slice(i);
}

const SHELL_SPECIAL = "*#$@!?-0123456789";

// Go os.getShellName: the name after `$` and how many bytes it takes.
function shellName(s: string): { name: string; width: number } {
  if (s[0] === "{") {
    if (s.length > 2 && SHELL_SPECIAL.includes(s[1]!) && s[2] === "}") return { name: s[1]!, width: 3 };
    const close = s.indexOf("}", 1);
    if (close === 1) return { name: "", width: 2 };
    if (close === -1) return { name: "", width: 1 };
    return { name: s.slice(1, close), width: close + 1 };
  }
  if (SHELL_SPECIAL.includes(s[0]!)) return { name: s[0]!, width: 1 };
  const word = /^[A-Za-z0-9_]*/.exec(s)![0];
  return { name: word, width: word.length };
}
