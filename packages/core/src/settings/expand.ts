type Env = Readonly<Record<string, string | undefined>>;

/**
 * Terraform's expansion of paths it reads itself (aws-sdk-go-base internal/expand.FilePath): Go `os.ExpandEnv`
 * (`$VAR` and `${VAR}`; unset is empty), then a leading `~` becomes the home directory (go-homedir).
 * Returns null for `~user/…`, which go-homedir refuses ("cannot expand user-specific home dir").
 */
export function expandTerraformPath(path: string, env: Env, homeDir: string): string | null {
  const expanded = expandEnv(path, env);
  if (expanded === "~" || expanded.startsWith("~/")) return `${homeDir.replace(/\/$/, "")}${expanded.slice(1)}`;
  if (expanded.startsWith("~")) return null;
  return expanded;
}

/** Go os.ExpandEnv: `${NAME}` or `$NAME` (letters, digits, underscore); a lone `$` stays. */
export function expandEnv(text: string, env: Env): string {
  return text.replace(
    /\$(\{([^}]*)\}|([A-Za-z0-9_]+))/g,
    (_, __, braced: string | undefined, bare: string | undefined) => env[(braced ?? bare)!] ?? "",
  );
}
