/**
 * Conformance scenarios for issue 13 areas 4 and 6 (gathered by scenarios.ts): home-directory forms in the shared
 * file lists, and relative paths as Terraform names them. The harness runs Terraform with cwd = the root module
 * (`{{ROOT}}/module`), so `files: { "module/creds": … }` is `creds` to Terraform and `x/creds` is `../x/creds`.
 *
 * Paths Terraform reads itself (shared_credentials_files, shared_config_files, shared_credentials_file,
 * AWS_SHARED_CREDENTIALS_FILE, AWS_SHARED_CONFIG_FILE) go through aws-sdk-go-base internal/expand FilePaths:
 * Go os.ExpandEnv, then go-homedir Expand (`~user` fails, `~` and `~/…` become filepath.Join(HOME, …)); the
 * SDK's own AWS_CONFIG_FILE is taken as written. Relative paths stay relative: the SDK logs the file as it got it.
 */
import type { Scenario } from "./harness/types.js";
import { envKeys, keys, NO_CREDS, NO_IMDS } from "./scenario-kit.js";

const EXPAND_CREDS = "expanding shared credentials files: 1 error occurred:";
const EXPAND_CONFIG = "expanding shared config files: 1 error occurred:";

export const pathScenarios: readonly Scenario[] = [
  // ---------------------------------------------------------------- area 4: home-directory forms
  {
    name: "paths-tilde-user-in-shared-credentials-files",
    rule: "aws-sdk-go-base internal/expand: go-homedir refuses ~user in shared_credentials_files → Terraform fails",
    backend: `shared_credentials_files = ["~root/creds"]`,
    env: envKeys("ENV1"),
    expect: { error: EXPAND_CREDS },
  },
  {
    name: "paths-tilde-user-in-env-shared-credentials-file",
    rule: "aws-sdk-go-base internal/expand: AWS_SHARED_CREDENTIALS_FILE=~user/… is expanded by Terraform → fails",
    env: { ...envKeys("ENV1"), AWS_SHARED_CREDENTIALS_FILE: "~nobody/creds" },
    expect: { error: EXPAND_CREDS },
  },
  {
    name: "paths-tilde-user-in-deprecated-shared-credentials-file",
    rule: "aws-sdk-go-base internal/expand: deprecated shared_credentials_file = ~user/… fails the same way",
    backend: `shared_credentials_file = "~root/creds"`,
    env: envKeys("ENV1"),
    expect: { error: EXPAND_CREDS },
  },
  {
    name: "paths-tilde-user-in-shared-config-files",
    rule: "aws-sdk-go-base internal/expand: ~user in shared_config_files → 'expanding shared config files'",
    backend: `shared_config_files = ["~root/config"]`,
    env: envKeys("ENV1"),
    expect: { error: EXPAND_CONFIG },
  },
  {
    name: "paths-tilde-user-in-env-shared-config-file",
    rule: "aws-sdk-go-base internal/expand: Terraform's AWS_SHARED_CONFIG_FILE=~user/… fails",
    env: { ...envKeys("ENV1"), AWS_SHARED_CONFIG_FILE: "~root/config" },
    expect: { error: EXPAND_CONFIG },
  },
  {
    name: "paths-tilde-user-with-backend-static-keys",
    rule: "aws-sdk-go-base GetAwsConfig: static keys are retrieved, then commonLoadOptions expands the files → fails",
    backend: `access_key = "AKIATFWHYTEST000BKND"\nsecret_key = "secret-BKND"\nshared_credentials_files = ["~root/creds"]`,
    expect: { error: EXPAND_CREDS },
  },
  {
    name: "paths-tilde-user-with-partial-backend-static-keys",
    rule: "aws-sdk-go-base GetAwsConfig: static Retrieve fails on a lone access_key before commonLoadOptions expands",
    backend: `access_key = "AKIATFWHYTEST000BKND"\nshared_credentials_files = ["~root/creds"]`,
    expect: { error: "static credentials are empty" },
  },
  {
    name: "paths-partial-backend-static-keys-and-missing-profile",
    rule: "aws-sdk-go-base GetAwsConfig: static Retrieve fails before LoadDefaultConfig loads the backend's profile",
    backend: `access_key = "AKIATFWHYTEST000BKND"\nprofile = "nope"`,
    expect: { error: "static credentials are empty" },
  },
  {
    name: "paths-tilde-user-in-both-lists",
    rule: "aws-sdk-go-base commonLoadOptions: credentials files are expanded before config files → the credentials error",
    backend: `shared_credentials_files = ["~root/creds"]\nshared_config_files = ["~root/config"]`,
    env: envKeys("ENV1"),
    expect: { error: EXPAND_CREDS },
  },
  {
    name: "paths-tilde-user-twice-in-one-list",
    rule: "aws-sdk-go-base internal/expand FilePaths: every path is tried; go-multierror counts the errors",
    backend: `shared_credentials_files = ["~root/a", "~nobody/b"]`,
    env: envKeys("ENV1"),
    expect: { error: "expanding shared credentials files: 2 errors occurred:" },
  },
  {
    name: "paths-tilde-user-in-AWS_CONFIG_FILE-is-literal",
    rule: "aws-sdk-go-v2 env_config.go: AWS_CONFIG_FILE is not expanded, so ~root/config is a relative path",
    env: { AWS_CONFIG_FILE: "~root/config", AWS_PROFILE: "team" },
    files: { "module/~root/config": keys("profile team", "LITR") },
    expect: { source: "SharedConfigCredentials", keyIdLast4: "LITR" },
  },
  {
    name: "paths-bare-tilde-is-home-directory",
    rule: "go-homedir Expand: ~ alone is HOME, a directory → the SDK fails reading it",
    backend: `shared_credentials_files = ["~"]`,
    env: envKeys("ENV1"),
    expect: { error: "is a directory" },
  },
  {
    name: "paths-tilde-slash-is-home-directory",
    rule: "go-homedir Expand: ~/ is filepath.Join(HOME, /) = HOME, a directory → the SDK fails reading it",
    env: { ...envKeys("ENV1"), AWS_SHARED_CREDENTIALS_FILE: "~/" },
    expect: { error: "is a directory" },
  },
  {
    name: "paths-dollar-home-expanded",
    rule: "aws-sdk-go-base internal/expand: $HOME in shared_credentials_files is expanded (os.ExpandEnv)",
    backend: `shared_credentials_files = ["$HOME/custom/creds"]`,
    home: { "custom/creds": keys("default", "HOME") },
    expect: { source: "SharedConfigCredentials", keyIdLast4: "HOME" },
  },
  {
    name: "paths-braced-home-expanded-in-env",
    rule: "aws-sdk-go-base internal/expand: ${HOME} in AWS_SHARED_CREDENTIALS_FILE is expanded",
    env: { AWS_SHARED_CREDENTIALS_FILE: "${HOME}/custom/creds" },
    home: { "custom/creds": keys("default", "HOME") },
    expect: { source: "SharedConfigCredentials", keyIdLast4: "HOME" },
  },
  {
    name: "paths-dollar-home-in-AWS_CONFIG_FILE-is-literal",
    rule: "aws-sdk-go-v2 env_config.go: AWS_CONFIG_FILE=$HOME/… is not expanded → profile not found",
    env: { AWS_CONFIG_FILE: "$HOME/custom/config", AWS_PROFILE: "team" },
    home: { "custom/config": keys("profile team", "HOME") },
    expect: { error: "failed to get shared config profile, team" },
  },
  {
    name: "paths-leading-space-before-tilde-is-literal",
    rule: "go-homedir Expand: only a leading ~ is expanded; ' ~/creds' is a relative path starting with a space",
    backend: `shared_credentials_files = [" ~/creds"]`,
    files: { "module/ ~/creds": keys("default", "SPCE") },
    home: { creds: keys("default", "HOME") },
    expect: { source: "SharedConfigCredentials", keyIdLast4: "SPCE" },
  },
  {
    name: "paths-tilde-path-is-cleaned",
    rule: "go-homedir Expand: filepath.Join cleans ~/./custom//creds; the log names the cleaned path",
    backend: `shared_credentials_files = ["~/./custom//creds"]`,
    home: { "custom/creds": keys("default", "TILD") },
    expect: { source: "SharedConfigCredentials", keyIdLast4: "TILD" },
  },
  {
    name: "paths-unset-variable-is-an-empty-name",
    rule: "aws-sdk-go-base internal/expand: $UNSET expands to an empty name; the SDK opens nothing, the default is gone",
    backend: `shared_credentials_files = ["$TFWHY_UNSET"]\n${NO_IMDS}`,
    home: { ".aws/credentials": keys("default", "DEF1") },
    expect: { error: NO_CREDS },
  },
  {
    name: "paths-tilde-inside-a-relative-path-is-literal",
    rule: "go-homedir Expand: a ~ that does not lead is an ordinary character (x/~/creds is relative)",
    backend: `shared_credentials_files = ["x/~/creds"]`,
    files: { "module/x/~/creds": keys("default", "MIDT") },
    expect: { source: "SharedConfigCredentials", keyIdLast4: "MIDT" },
  },
  // ---------------------------------------------------------------- area 6: relative paths as Terraform names them
  {
    name: "paths-relative-env-shared-credentials-file",
    rule: "aws-sdk-go-v2 setFromIniSections: Source names the file as given; creds is relative to the module dir",
    env: { AWS_SHARED_CREDENTIALS_FILE: "creds" },
    files: { "module/creds": keys("default", "RELC") },
    home: { ".aws/credentials": keys("default", "DEF1") },
    expect: { source: "SharedConfigCredentials", keyIdLast4: "RELC" },
  },
  {
    name: "paths-dot-slash-env-shared-credentials-file",
    rule: "aws-sdk-go-base internal/expand: ./creds is not cleaned; the log names ./creds",
    env: { AWS_SHARED_CREDENTIALS_FILE: "./creds" },
    files: { "module/creds": keys("default", "DOTC") },
    expect: { source: "SharedConfigCredentials", keyIdLast4: "DOTC" },
  },
  {
    name: "paths-parent-dir-env-shared-credentials-file",
    rule: "aws-sdk-go-base internal/expand: ../x/creds resolves against the module dir, logged as written",
    env: { AWS_SHARED_CREDENTIALS_FILE: "../x/creds" },
    files: { "x/creds": keys("default", "PARC") },
    expect: { source: "SharedConfigCredentials", keyIdLast4: "PARC" },
  },
  {
    name: "paths-relative-shared-credentials-files-attribute",
    rule: "terraform Configure: a relative shared_credentials_files entry is relative to the module dir",
    backend: `shared_credentials_files = ["creds"]`,
    files: { "module/creds": keys("default", "ATTR") },
    expect: { source: "SharedConfigCredentials", keyIdLast4: "ATTR" },
  },
  {
    name: "paths-relative-AWS_CONFIG_FILE-with-keys",
    rule: "aws-sdk-go-v2 env_config.go: a relative AWS_CONFIG_FILE is opened as given; keys in it name it",
    env: { AWS_CONFIG_FILE: "conf/config", AWS_PROFILE: "team" },
    files: { "module/conf/config": keys("profile team", "CONF") },
    expect: { source: "SharedConfigCredentials", keyIdLast4: "CONF" },
  },
  {
    name: "paths-relative-missing-dir-dot-dot",
    rule: "the kernel resolves nope/../creds: a missing directory before .. makes the file missing",
    backend: NO_IMDS,
    env: { AWS_SHARED_CREDENTIALS_FILE: "nope/../creds" },
    files: { "module/creds": keys("default", "DOTD") },
    home: { ".aws/credentials": keys("default", "DEF1") },
    expect: { error: NO_CREDS },
  },
];
