import type { BackendView } from "../backend/backend-view.js";
import type { EndpointAnswer, Explanation } from "../trace.js";

type Env = Readonly<Record<string, string | undefined>>;
type Service = "s3" | "sts" | "iam" | "dynamodb" | "sso";

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

/** The custom endpoint Terraform will use per service; services left out use the SDK's normal resolution. */
export function resolveEndpoints(backend: BackendView, env: Env): Explanation["endpoints"] {
  const endpoints: Partial<Record<Service, EndpointAnswer>> = {};
  const nested = backend.object("endpoints") ?? {};
  for (const [service, sources] of Object.entries(SOURCES) as [Service, (typeof SOURCES)[Service]][]) {
    for (const source of sources) {
      if (source.kind === "nested") {
        const url = nested[source.name];
        if (typeof url === "string" && url !== "") {
          endpoints[service] = { url, from: `endpoints.${source.name}`, at: backend.at("endpoints") };
          break;
        }
      } else if (source.kind === "attribute") {
        const url = backend.string(source.name);
        if (url) {
          endpoints[service] = { url, from: source.name, at: backend.at(source.name) };
          break;
        }
      } else if (env[source.name]) {
        endpoints[service] = { url: env[source.name]!, from: source.name, at: null };
        break;
      }
    }
  }
  return endpoints;
}
