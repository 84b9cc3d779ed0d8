import type { Files } from "./shared-config.test-support.js";

// The profile scenarios of shared-config-profile.test.ts: a data table.

export type Expectation =
  | { readonly profile: Record<string, unknown> }
  | { readonly notFound: true }
  | { readonly error: string; readonly at?: string; readonly crash?: true };

export interface Scenario extends Files {
  readonly name: string;
  readonly profile: string;
  readonly expect: Expectation;
  /** `reason name @file:line` of every dropped section. */
  readonly dropped?: readonly string[];
}

// Scenarios follow config v1.29.4 shared_config.go. (TF) = the same input was run through Terraform 1.11.4 and
// printed exactly this error (or behaved as stated).
export const scenarios: readonly Scenario[] = [
  // --- where a profile comes from --------------------------------------------------------------------------------
  {
    name: "static keys in the config file",
    config: "[profile p]\naws_access_key_id = AKIACONFIG\naws_secret_access_key = s\nregion = eu-west-1\n",
    profile: "p",
    expect: {
      profile: {
        name: "p",
        region: "eu-west-1 @config:4",
        credentials: "AKIACONFIG @config:2 / s @config:3 file /home/user/.aws/config",
      },
    },
  },
  {
    name: "credentials file keys override config keys; other config keys stay",
    config: "[profile p]\naws_access_key_id = AKIACONFIG\naws_secret_access_key = s1\nregion = eu-west-1\n",
    credentials: "[p]\naws_access_key_id = AKIACREDS\naws_secret_access_key = s2\naws_session_token = t\n",
    profile: "p",
    expect: {
      profile: {
        name: "p",
        region: "eu-west-1 @config:4",
        credentials:
          "AKIACREDS @credentials:2 / s2 @credentials:3 token t @credentials:4 file /home/user/.aws/credentials",
      },
    },
  },
  {
    name: "profile only in the credentials file: the whole section is used",
    credentials: "[p]\naws_access_key_id = A\naws_secret_access_key = S\nregion = us-west-2\n",
    profile: "p",
    expect: {
      profile: {
        name: "p",
        region: "us-west-2 @credentials:4",
        credentials: "A @credentials:2 / S @credentials:3 file /home/user/.aws/credentials",
      },
    },
  },
  {
    name: "[profile default] replaces [default] whole, whatever the order in the file (TF)",
    config: "[profile default]\nregion = us-east-1\n[default]\nrole_arn = R1\nsource_profile = nope\n",
    profile: "default",
    expect: { profile: { name: "default", region: "us-east-1 @config:2" } },
    dropped: ["replaced-by-profile-section default @config:3"],
  },
  {
    name: "[DEFAULT] is kept but is not the profile named default (TF)",
    config: "[DEFAULT]\nregion = us-east-1\n",
    profile: "default",
    expect: { notFound: true },
  },
  {
    name: "[foo] in the config file is dropped",
    config: "[foo]\naws_access_key_id = A\naws_secret_access_key = S\n",
    profile: "foo",
    expect: { notFound: true },
    dropped: ["config-section-without-profile-prefix foo @config:1"],
  },
  {
    name: "[profile x] in the credentials file is dropped (TF)",
    credentials: "[profile p]\naws_access_key_id = A\naws_secret_access_key = S\n",
    profile: "p",
    expect: { notFound: true },
    dropped: ["credentials-section-with-profile-prefix profile p @credentials:1"],
  },
  {
    name: "a name that sorts after 'profile ': [profile zeta] still wins over [zeta] (TF)",
    config: "[zeta]\nregion = a\n[profile zeta]\nregion = b\n",
    profile: "zeta",
    expect: { profile: { name: "zeta", region: "b @config:4" } },
    dropped: ["replaced-by-profile-section zeta @config:1"],
  },
  {
    name: "sso-session and services sections are kept, not profiles",
    config: "[sso-session s]\nsso_region = us-east-1\n[services s]\ns3 =\n  endpoint_url = http://x\n",
    profile: "p",
    expect: { notFound: true },
  },
  {
    name: "profile missing everywhere",
    config: "[profile other]\n",
    profile: "p",
    expect: { notFound: true },
  },
  // --- merging ---------------------------------------------------------------------------------------------------
  {
    name: "partial keys in the credentials file: error counted twice by Go's two merges (TF)",
    config: "[profile p]\nregion = us-east-1\n",
    credentials: "[p]\naws_access_key_id = A\n",
    profile: "p",
    expect: {
      error:
        "error fetching config from profile, p, Error using profile: \n 2, partial credentials found for profile p\n",
      at: "credentials:2",
    },
  },
  {
    name: "partial keys in the config file name the raw section 'profile p' (TF)",
    config: "[profile p]\naws_access_key_id = A\n",
    profile: "p",
    expect: {
      error:
        "error fetching config from profile, p, Error using profile: \n 1, partial credentials found for profile " +
        "profile p\n",
      at: "config:2",
    },
  },
  {
    name: "partial keys in config are forgotten when the credentials file also has the profile (TF)",
    config: "[profile p]\naws_secret_access_key = S\n",
    credentials: "[p]\nregion = us-east-1\n",
    profile: "p",
    expect: { profile: { name: "p", region: "us-east-1 @credentials:2" } },
  },
  {
    name: "config files merge with the same fixed key list: a later non-listed key is ignored (TF)",
    config: [
      "[profile p]\nregion = us-east-1\n",
      "[profile p]\ndisable_request_compression = bogus\nrole_arn = R\ncredential_source = Environment\n",
    ],
    profile: "p",
    expect: {
      profile: {
        name: "p",
        region: "us-east-1 @config1:2",
        roleArn: "R @config2:3",
        credentialSource: "Environment @config2:4",
      },
    },
  },
  {
    name: "later credentials file wins for static keys",
    credentials: [
      "[p]\naws_access_key_id = A1\naws_secret_access_key = S1\n",
      "[p]\naws_access_key_id = A2\naws_secret_access_key = S2\n",
    ],
    profile: "p",
    expect: {
      profile: { name: "p", credentials: "A2 @credentials2:2 / S2 @credentials2:3 file /home/user/.aws/credentials2" },
    },
  },
  {
    name: "missing and unreadable files are skipped silently",
    config: [{ state: "missing" }, { state: "unreadable", message: "permission denied" }, "[profile p]\nregion = r\n"],
    profile: "p",
    expect: { profile: { name: "p", region: "r @config3:2" } },
  },
  {
    name: "a directory where a file should be stops loading (TF)",
    config: { state: "unreadable", message: "is a directory" },
    credentials: "[p]\naws_access_key_id = A\naws_secret_access_key = S\n",
    profile: "p",
    expect: {
      error:
        "failed to load shared config file, /home/user/.aws/config, read all: read /home/user/.aws/config: is a " +
        "directory",
    },
  },
  {
    name: "a lone quote anywhere makes Terraform panic, whatever the profile (TF)",
    config: "[profile p]\nregion = us-east-1\n",
    credentials: '[other]\naws_session_token = "\n',
    profile: "p",
    expect: { error: "panic: runtime error: slice bounds out of range [1:0]", at: "credentials:2", crash: true },
  },
  // --- source_profile ----------------------------------------------------------------------------------------------
  {
    name: "source_profile with static keys; the linking profile's own keys are cleared",
    config: "[profile p]\nrole_arn = R\nsource_profile = base\naws_access_key_id = A\naws_secret_access_key = S\n",
    credentials: "[base]\naws_access_key_id = B\naws_secret_access_key = BS\n",
    profile: "p",
    expect: {
      profile: {
        name: "p",
        roleArn: "R @config:2",
        sourceProfileName: "base @config:3",
        cleared: ["aws_access_key_id:linked-source-profile", "aws_secret_access_key:linked-source-profile"],
        source: { name: "base", credentials: "B @credentials:2 / BS @credentials:3 file /home/user/.aws/credentials" },
      },
    },
  },
  {
    name: "a source profile with keys stops the chain but keeps its role_arn (TF: two nested AssumeRole calls)",
    config:
      "[profile p]\nrole_arn = R1\nsource_profile = q\n[profile q]\nrole_arn = R2\nsource_profile = does-not-exist\n",
    credentials: "[q]\naws_access_key_id = A\naws_secret_access_key = S\n",
    profile: "p",
    expect: {
      profile: {
        name: "p",
        roleArn: "R1 @config:2",
        sourceProfileName: "q @config:3",
        source: {
          name: "q",
          roleArn: "R2 @config:5",
          sourceProfileName: "does-not-exist @config:6",
          credentials: "A @credentials:2 / S @credentials:3 file /home/user/.aws/credentials",
        },
      },
    },
  },
  {
    name: "three hops to a credential_process",
    config:
      "[profile p]\nrole_arn = R1\nsource_profile = q\n[profile q]\nrole_arn = R2\nsource_profile = r\n[profile " +
      "r]\ncredential_process = get-creds\n",
    profile: "p",
    expect: {
      profile: {
        name: "p",
        roleArn: "R1 @config:2",
        sourceProfileName: "q @config:3",
        source: {
          name: "q",
          roleArn: "R2 @config:5",
          sourceProfileName: "r @config:6",
          source: { name: "r", credentialProcess: "get-creds @config:8" },
        },
      },
    },
  },
  {
    name: "self-reference with keys: the second visit supplies the keys, its role options cleared",
    config: "[profile p]\nrole_arn = R\nsource_profile = p\nexternal_id = X\n",
    credentials: "[p]\naws_access_key_id = A\naws_secret_access_key = S\n",
    profile: "p",
    expect: {
      profile: {
        name: "p",
        roleArn: "R @config:2",
        sourceProfileName: "p @config:3",
        externalId: "X @config:4",
        cleared: ["aws_access_key_id:linked-source-profile", "aws_secret_access_key:linked-source-profile"],
        source: {
          name: "p",
          credentials: "A @credentials:2 / S @credentials:3 file /home/user/.aws/credentials",
          cleared: [
            "role_arn:revisited-in-chain",
            "external_id:revisited-in-chain",
            "source_profile:revisited-in-chain",
          ],
        },
      },
    },
  },
  {
    name: "self-reference without keys (TF)",
    config: "[profile p]\nrole_arn = R\nsource_profile = p\n",
    profile: "p",
    expect: { error: "failed to load assume role R, of profile p, <nil>", at: "config:1" },
  },
  {
    name: "cycle without keys ends on the second visit of the first profile (TF)",
    config: "[profile p]\nrole_arn = R1\nsource_profile = q\n[profile q]\nrole_arn = R2\nsource_profile = p\n",
    profile: "p",
    expect: { error: "failed to load assume role R2, of profile p, <nil>", at: "config:1" },
  },
  {
    name: "cycle where the first profile has keys: it becomes the source of the last hop",
    config: "[profile p]\nrole_arn = R1\nsource_profile = q\n[profile q]\nrole_arn = R2\nsource_profile = p\n",
    credentials: "[p]\naws_access_key_id = A\naws_secret_access_key = S\n",
    profile: "p",
    expect: {
      profile: {
        name: "p",
        roleArn: "R1 @config:2",
        sourceProfileName: "q @config:3",
        cleared: ["aws_access_key_id:linked-source-profile", "aws_secret_access_key:linked-source-profile"],
        source: {
          name: "q",
          roleArn: "R2 @config:5",
          sourceProfileName: "p @config:6",
          source: {
            name: "p",
            credentials: "A @credentials:2 / S @credentials:3 file /home/user/.aws/credentials",
            cleared: ["role_arn:revisited-in-chain", "source_profile:revisited-in-chain"],
          },
        },
      },
    },
  },
  {
    name: "source profile that does not exist (TF)",
    config: "[profile p]\nrole_arn = arn:aws:iam::1:role/X\nsource_profile = missing\n",
    profile: "p",
    expect: {
      error:
        "failed to load assume role arn:aws:iam::1:role/X, of profile missing, failed to get shared config " +
        "profile, missing",
      at: "config:3",
    },
  },
  {
    name: "source profile without any credentials (TF)",
    config: "[profile p]\nrole_arn = R1\nsource_profile = q\n[profile q]\nregion = x\n",
    profile: "p",
    expect: { error: "failed to load assume role R1, of profile q, <nil>", at: "config:4" },
  },
  {
    name: "a source profile's own validation error is returned unwrapped (TF)",
    config: "[profile p]\nrole_arn = R1\nsource_profile = q\n[profile q]\nsource_profile = zz\n",
    credentials: "[q]\naws_access_key_id = A\naws_secret_access_key = S\n",
    profile: "p",
    expect: { error: "credential type source_profile requires role_arn, profile q", at: "config:5" },
  },
  {
    name: "a linking profile still needs its sso-session section (TF)",
    config:
      "[profile p]\nrole_arn = R1\nsource_profile = q\nsso_session = zz\n[profile q]\ncredential_process = echo\n",
    profile: "p",
    expect: { error: "failed to find SSO session section, zz", at: "config:4" },
  },
  // --- validation --------------------------------------------------------------------------------------------------
  {
    name: "source_profile requires role_arn; an empty role_arn counts as unset (TF)",
    config: "[profile p]\nrole_arn =\nsource_profile = x\n",
    profile: "p",
    expect: { error: "credential type source_profile requires role_arn, profile p", at: "config:3" },
  },
  {
    name: "credential_source requires role_arn",
    config: "[profile p]\ncredential_source = Ec2InstanceMetadata\n",
    profile: "p",
    expect: { error: "credential type credential_source requires role_arn, profile p", at: "config:2" },
  },
  {
    name: "web_identity_token_file requires role_arn (TF)",
    config: "[profile p]\nweb_identity_token_file = /x\n",
    profile: "p",
    expect: { error: "credential type web_identity_token_file requires role_arn, profile p", at: "config:2" },
  },
  {
    name: "only one credential type per profile (TF)",
    config: "[profile p]\nrole_arn = R1\ncredential_source = Environment\ncredential_process = echo\n",
    profile: "p",
    expect: {
      error:
        "only one credential type may be specified per profile: source profile, credential source, credential " +
        "process, web identity token",
      at: "config:4",
    },
  },
  {
    name: "static keys next to credential_process are not a conflict (TF: the keys are used)",
    config: "[profile p]\ncredential_process = echo\naws_access_key_id = A\naws_secret_access_key = S\n",
    profile: "p",
    expect: {
      profile: {
        name: "p",
        credentialProcess: "echo @config:2",
        credentials: "A @config:3 / S @config:4 file /home/user/.aws/config",
      },
    },
  },
  {
    name: "role keys are all read, duration_seconds with Go's integer syntax",
    config:
      "[profile p]\nrole_arn = R\ncredential_source = Environment\nexternal_id = E\nmfa_serial = M\n" +
      "role_session_name = N\nduration_seconds = 0x384\n",
    profile: "p",
    expect: {
      profile: {
        name: "p",
        roleArn: "R @config:2",
        credentialSource: "Environment @config:3",
        externalId: "E @config:4",
        mfaSerial: "M @config:5",
        roleSessionName: "N @config:6",
        durationSeconds: "0x384 @config:7 =900s",
      },
    },
  },
  {
    name: "a non-numeric duration_seconds is kept as 0 seconds, not an error (TF)",
    config: "[profile p]\nduration_seconds = 1h\n",
    profile: "p",
    expect: { profile: { name: "p", durationSeconds: "1h @config:2 =0s" } },
  },
  {
    name: "retry_mode is case-sensitive (TF)",
    config: "[profile p]\nretry_mode = Standard\n",
    profile: "p",
    expect: {
      error:
        "error fetching config from profile, p, failed to load retry_mode from shared config, unknown RetryMode, " +
        "Standard",
      at: "config:2",
    },
  },
  {
    name: "max_attempts uses strconv.ParseInt base 0: 019 is invalid octal (TF)",
    config: "[profile p]\nmax_attempts = 019\n",
    profile: "p",
    expect: {
      error:
        "error fetching config from profile, p, failed to load max_attempts from shared config, invalid value " +
        "max_attempts=019, expect integer",
      at: "config:2",
    },
  },
  {
    name: "an invalid IMDS endpoint mode fails loading (TF)",
    config: "[profile p]\nec2_metadata_service_endpoint_mode = ip v4\n",
    profile: "p",
    expect: {
      error:
        "error fetching config from profile, p, failed to load ec2_metadata_service_endpoint_mode from shared " +
        "config, unknown EC2 IMDS endpoint mode, must be either IPv6 or IPv4",
      at: "config:2",
    },
  },
  {
    name: "request_min_compression_size_bytes out of range prints the parsed number (TF)",
    config: "[profile p]\nrequest_min_compression_size_bytes = 10485761\n",
    profile: "p",
    expect: {
      error:
        "error fetching config from profile, p, failed to load request_min_compression_size_bytes from shared " +
        "config, invalid range for min request compression size bytes 10485761, must be within 0 and 10485760 " +
        "inclusively",
      at: "config:2",
    },
  },
  {
    name: "IMDS keys are exposed; valid mode in any case (TF)",
    config:
      "[profile p]\nec2_metadata_service_endpoint = http://[fd00:ec2::254]\nec2_metadata_service_endpoint_mode = " +
      "ipv6\nec2_metadata_v1_disabled = true\n",
    profile: "p",
    expect: {
      profile: {
        name: "p",
        ec2MetadataServiceEndpoint: "http://[fd00:ec2::254] @config:2",
        ec2MetadataServiceEndpointMode: "ipv6 @config:3",
        ec2MetadataV1Disabled: "true @config:4",
      },
    },
  },
  // --- SSO ---------------------------------------------------------------------------------------------------------
  {
    name: "sso_session naming a missing sso-session section (TF)",
    config: "[profile p]\nsso_session = s \n",
    profile: "p",
    expect: { error: "failed to find SSO session section, s", at: "config:2" },
  },
  {
    name: "sso_session is looked up trimmed but reported as written (TF)",
    config:
      '[profile p]\nsso_session = " s "\nsso_account_id = 1\nsso_role_name = r\n[sso-session s]\nsso_region = ' +
      "us-east-1\nsso_start_url = https://x\n",
    profile: "p",
    expect: {
      profile: {
        name: "p",
        ssoSessionName: " s  @config:2",
        ssoAccountId: "1 @config:3",
        ssoRoleName: "r @config:4",
        ssoSession: " s  @5 region=us-east-1 url=https://x",
      },
    },
  },
];
