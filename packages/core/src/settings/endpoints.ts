import { equalFold } from "../aws-files/go-strings.js";
import type { LocatedValue, SharedConfigSet } from "../aws-files/shared-config.js";
import type { BackendView } from "../backend/backend-view.js";
import type { EndpointAnswer, Explanation } from "../trace.js";

type Env = Readonly<Record<string, string | undefined>>;
type Service = "s3" | "sts" | "iam" | "dynamodb" | "sso";
/** A service the SDK resolves an endpoint for: Terraform's five, and KMS (verify's key probe). */
export type SdkService = Service | "kms";

/** Terraform's retrieveArgument chains (backend.go Configure): first non-empty wins. */
const SOURCES: Record<Service, readonly { readonly kind: "attribute" | "nested" | "env"; readonly name: string }[]> = {
  s3: [
    { kind: "nested", name: "s3" },
    { kind: "attribute", name: "endpoint" },
    { kind: "env", name: "AWS_ENDPOINT_URL_S3" },
    { kind: "env", name: "AWS_S3_ENDPOINT" },
  ],
  dynamodb: [
    { kind: "nested", name: "dynamodb" },
    { kind: "attribute", name: "dynamodb_endpoint" },
    { kind: "env", name: "AWS_ENDPOINT_URL_DYNAMODB" },
    { kind: "env", name: "AWS_DYNAMODB_ENDPOINT" },
  ],
  sts: [
    { kind: "nested", name: "sts" },
    { kind: "attribute", name: "sts_endpoint" },
    { kind: "env", name: "AWS_ENDPOINT_URL_STS" },
    { kind: "env", name: "AWS_STS_ENDPOINT" },
  ],
  iam: [
    { kind: "nested", name: "iam" },
    { kind: "attribute", name: "iam_endpoint" },
    { kind: "env", name: "AWS_ENDPOINT_URL_IAM" },
    { kind: "env", name: "AWS_IAM_ENDPOINT" },
  ],
  sso: [
    { kind: "nested", name: "sso" },
    { kind: "env", name: "AWS_ENDPOINT_URL_SSO" },
  ],
};

/** The endpoint settings of the profile the SDK loads (aws-sdk-go-v2 config shared_config.go). */
export interface ProfileEndpointSettings {
  readonly profile: string;
  /** `endpoint_url`: every service's base endpoint. */
  readonly endpointUrl: LocatedValue | null;
  /** The `[services <name>]` section the profile's `services` key names, and its `<service> = endpoint_url` entries. */
  readonly services: { readonly section: string; readonly urls: ReadonlyMap<string, LocatedValue> } | null;
  /** `ignore_configured_endpoint_urls`, true only for `true` in any case (Go ini Value.BoolValue). */
  readonly ignoreConfiguredEndpointUrls: boolean;
}

/**
 * Reads the endpoint keys of the selected profile's own section (not its source_profile chain), as Go
 * setFromIniSection does: `endpoint_url`, `ignore_configured_endpoint_urls` and `services`, whose section is looked
 * up by name in setFromIniSections. Null when the profile does not exist or the shared files failed to load.
 */
export function readProfileEndpointSettings(shared: SharedConfigSet, profile: string): ProfileEndpointSettings | null {
  if (shared.failure) return null;
  const section = shared.sections.get(profile);
  if (!section) return null;
  const endpointUrl = section.values.get("endpoint_url");
  const ignore = section.values.get("ignore_configured_endpoint_urls");
  const servicesName = section.values.get("services")?.value;
  const servicesSection = servicesName ? shared.sections.get(`services ${servicesName}`) : undefined;
  let services: ProfileEndpointSettings["services"] = null;
  if (servicesName && servicesSection) {
    const urls = new Map<string, LocatedValue>();
    for (const [service, value] of servicesSection.values) {
      const url = value.subProperties?.get("endpoint_url");
      if (url) urls.set(service, { value: url, at: value.at });
    }
    services = { section: servicesName, urls };
  }
  return {
    profile,
    endpointUrl: endpointUrl?.value ? { value: endpointUrl.value, at: endpointUrl.at } : null,
    services,
    ignoreConfiguredEndpointUrls: ignore !== undefined && equalFold(ignore.value, "true"),
  };
}

/**
 * The endpoint Terraform will use per service; services left out use the SDK's default AWS endpoint. Terraform's
 * own chain (attribute, then its env vars) comes first; otherwise the SDK's configured endpoints (sdkEndpoint).
 */
export function resolveEndpoints(
  backend: BackendView,
  env: Env,
  profile: ProfileEndpointSettings | null = null,
): Explanation["endpoints"] {
  const endpoints: Partial<Record<Service, EndpointAnswer>> = {};
  for (const service of Object.keys(SOURCES) as Service[]) {
    const own = terraformEndpoint(service, backend, env);
    const answer = own === LEFT_TO_SDK ? sdkEndpoint(service, env, profile) : own;
    if (answer) endpoints[service] = answer;
  }
  return endpoints;
}

/** No value in Terraform's chain, or an empty STS/IAM/SSO one (aws-sdk-go-base treats it as unset): the SDK decides. */
const LEFT_TO_SDK = Symbol("left to the SDK");

/**
 * Terraform's retrieveArgument chain for a service. A nested attribute set to "" is a value (stringValueOk): it
 * stops the chain. For S3 and DynamoDB it becomes the endpoint itself (EndpointResolverFromURL(""): every call then
 * fails with `unsupported protocol scheme ""`, seen on 1.11.4); for STS, IAM and SSO the SDK resolves as if unset.
 */
function terraformEndpoint(service: Service, backend: BackendView, env: Env): EndpointAnswer | typeof LEFT_TO_SDK {
  const nested = backend.object("endpoints") ?? {};
  const emptyValue = (from: string, at: EndpointAnswer["at"]) =>
    service === "s3" || service === "dynamodb" ? { url: "", from, at } : LEFT_TO_SDK;
  for (const source of SOURCES[service]) {
    if (source.kind === "nested") {
      const url = nested[source.name];
      const from = `endpoints.${source.name}`;
      if (typeof url === "string")
        return url === "" ? emptyValue(from, backend.at("endpoints")) : { url, from, at: backend.at("endpoints") };
    } else if (source.kind === "attribute") {
      // BackendView reads an empty top-level attribute as unset: only the nested empty value is followed here.
      const url = backend.string(source.name);
      if (url) return { url, from: source.name, at: backend.at(source.name) };
    } else if (env[source.name]) {
      return { url: env[source.name]!, from: source.name, at: null };
    }
  }
  return LEFT_TO_SDK;
}

/**
 * The SDK's configured endpoint for a service (aws-sdk-go-v2 `service/<svc>` resolveBaseEndpoint over config
 * resolveBaseEndpoint and internal/configsources ResolveServiceBaseEndpoint): AWS_ENDPOINT_URL_<SVC>, then
 * AWS_ENDPOINT_URL, then the profile's `[services]` entry, then its `endpoint_url`. A set AWS_ENDPOINT_URL (even
 * empty: os.LookupEnv) without AWS_ENDPOINT_URL_<SVC> skips the per-service lookup. AWS_IGNORE_CONFIGURED_ENDPOINT_URLS
 * (`true`/`false` in any case, which beats the profile) or the profile's ignore_configured_endpoint_urls drop them all.
 */
export function sdkEndpoint(
  service: SdkService,
  env: Env,
  profile: ProfileEndpointSettings | null,
): EndpointAnswer | null {
  if (ignoresConfiguredEndpoints(env, profile)) return null;
  const serviceVar = `AWS_ENDPOINT_URL_${service.toUpperCase()}`;
  const globalOnly = env.AWS_ENDPOINT_URL !== undefined && env[serviceVar] === undefined;
  if (!globalOnly) {
    if (env[serviceVar]) return { url: env[serviceVar]!, from: serviceVar, at: null };
    const entry = profile?.services?.urls.get(service);
    if (entry)
      return {
        url: entry.value,
        from: `${service} endpoint_url of [services ${profile!.services!.section}]`,
        at: entry.at,
      };
  }
  if (env.AWS_ENDPOINT_URL) return { url: env.AWS_ENDPOINT_URL, from: "AWS_ENDPOINT_URL", at: null };
  if (profile?.endpointUrl)
    return {
      url: profile.endpointUrl.value,
      from: `endpoint_url of profile ${profile.profile}`,
      at: profile.endpointUrl.at,
    };
  return null;
}

/** aws-sdk-go-v2 config GetIgnoreConfiguredEndpoints: the env var (when true or false) first, then the profile. */
function ignoresConfiguredEndpoints(env: Env, profile: ProfileEndpointSettings | null): boolean {
  const fromEnv = env.AWS_IGNORE_CONFIGURED_ENDPOINT_URLS;
  if (fromEnv !== undefined && equalFold(fromEnv, "true")) return true;
  if (fromEnv !== undefined && equalFold(fromEnv, "false")) return false;
  return profile?.ignoreConfiguredEndpointUrls ?? false;
}
