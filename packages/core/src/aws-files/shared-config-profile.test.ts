import { describe, expect, it } from "vitest";
import {
  listProfileNames,
  nearestName,
  resolveSharedConfigProfile,
  type SharedConfigProfile,
} from "./shared-config.js";
import { scenarios } from "./shared-config.scenarios.js";
import { load, where } from "./shared-config.test-support.js";

const FIELDS = [
  "roleArn",
  "sourceProfileName",
  "credentialSource",
  "webIdentityTokenFile",
  "roleSessionName",
  "externalId",
  "mfaSerial",
  "credentialProcess",
  "ssoSessionName",
  "ssoStartUrl",
  "ssoRegion",
  "ssoAccountId",
  "ssoRoleName",
  "region",
  "ec2MetadataServiceEndpoint",
  "ec2MetadataServiceEndpointMode",
  "ec2MetadataV1Disabled",
] as const;

/** The profile flattened to strings `value @file:line`, so a scenario states the whole expected profile. */
function flatten(profile: SharedConfigProfile): Record<string, unknown> {
  const out: Record<string, unknown> = { name: profile.name };
  for (const field of FIELDS) {
    const value = profile[field];
    if (value) out[field] = where(value);
  }
  if (profile.durationSeconds)
    out.durationSeconds = `${where(profile.durationSeconds)} =${profile.durationSeconds.seconds}s`;
  const creds = profile.credentials;
  if (creds) {
    const token = creds.sessionToken ? ` token ${where(creds.sessionToken)}` : "";
    out.credentials = `${where(creds.accessKeyId)} / ${where(creds.secretAccessKey)}${token} file ${creds.file}`;
  }
  if (profile.ssoSession) {
    const s = profile.ssoSession;
    out.ssoSession = `${s.name} @${s.at.line} region=${s.ssoRegion?.value ?? "-"} url=${s.ssoStartUrl?.value ?? "-"}`;
  }
  if (profile.clearedKeys.length > 0) out.cleared = profile.clearedKeys.map((k) => `${k.key}:${k.reason}`);
  if (profile.source) out.source = flatten(profile.source);
  return out;
}

describe("resolveSharedConfigProfile: Go LoadSharedConfigProfile scenarios", () => {
  it.each(scenarios)("$name", (scenario) => {
    const set = load(scenario);
    const result = resolveSharedConfigProfile(set, scenario.profile);
    const expectation = scenario.expect;
    if ("profile" in expectation) {
      expect(result.state).toBe("found");
      if (result.state === "found") expect(flatten(result.profile)).toEqual(expectation.profile);
    } else if ("notFound" in expectation) {
      expect(result).toEqual({ state: "not-found", name: scenario.profile });
    } else {
      expect(result.state).toBe("error");
      if (result.state === "error") {
        expect(result.message).toBe(expectation.error);
        expect(result.at ? `${result.at.file.replace("~/.aws/", "")}:${result.at.line}` : undefined).toBe(
          expectation.at,
        );
        expect(result.crash).toBe(expectation.crash ?? false);
      }
    }
    const dropped = set.dropped.map(
      (d) => `${d.reason} ${d.name} ${d.headers.map((h) => `@${h.file.replace("~/.aws/", "")}:${h.line}`).join(" ")}`,
    );
    expect(dropped).toEqual(scenario.dropped ?? []);
  });
});

describe("profile names", () => {
  it("lists every profile a lookup can find, sorted", () => {
    const set = load({
      config: "[default]\n[profile b]\n[foo]\n[sso-session s]\n[services x]\n",
      credentials: "[a]\n[profile c]\n[]\n",
    });
    expect(listProfileNames(set)).toEqual(["a", "b", "default"]);
  });

  it.each([
    ["prodd", ["dev", "prod", "staging"], "prod"],
    ["Prod", ["dev", "prod"], "prod"],
    ["stagign", ["dev", "prod", "staging"], "staging"],
    ["terraform", ["dev", "prod"], null],
    ["x", [], null],
  ] as const)("nearestName(%j) → %j", (name, candidates, expected) => {
    expect(nearestName(name, candidates)).toBe(expected);
  });
});
