import { createRequire } from "node:module";

/** Each SDK package is imported once, on first use; nothing here runs at module load. */
const imported = new Map<string, Promise<unknown>>();
function lazy<T>(name: string, importer: () => Promise<T>): Promise<T> {
  let p = imported.get(name);
  if (!p) {
    p = importer();
    imported.set(name, p);
  }
  return p as Promise<T>;
}
/**
 * The SDK prints a multi-line "NodeVersionSupportWarning" on stderr when a client is first built on Node < 22;
 * stderr is for tfwhy's own messages. Marking it as already emitted (the SDK's own public flag) silences it
 * without writing to process.env, which credential_process children would inherit. The flag lives in one copy of
 * `@aws-sdk/core`: the one this package resolves, and, when a package manager nested another copy under a client,
 * the one that client itself requires (resolved from the client's own location; a bundle without node_modules has
 * only the first).
 */
function silenceNodeVersionWarning(pkg: string): Promise<unknown> {
  return lazy(`warning ${pkg}`, async () => {
    const { state } = await import("@aws-sdk/core/client");
    state.warningEmitted = true;
    let nested: typeof import("@aws-sdk/core/client") | undefined;
    try {
      const fromClient = createRequire(createRequire(import.meta.url).resolve(pkg));
      nested = fromClient("@aws-sdk/core/client") as typeof import("@aws-sdk/core/client");
    } catch {
      return;
    }
    nested.state.warningEmitted = true;
  });
}
const client = <T>(pkg: string, importer: () => Promise<T>) =>
  lazy(pkg, async () => {
    await silenceNodeVersionWarning(pkg);
    return importer();
  });
/** Type-only references: nothing is imported until a loader runs. */
type Loader<T> = () => Promise<T>;
export const load: {
  readonly sts: Loader<typeof import("@aws-sdk/client-sts")>;
  readonly s3: Loader<typeof import("@aws-sdk/client-s3")>;
  readonly dynamodb: Loader<typeof import("@aws-sdk/client-dynamodb")>;
  readonly kms: Loader<typeof import("@aws-sdk/client-kms")>;
  readonly sso: Loader<typeof import("@aws-sdk/client-sso")>;
  readonly handler: Loader<typeof import("@smithy/node-http-handler")>;
} = {
  sts: () => client("@aws-sdk/client-sts", () => import("@aws-sdk/client-sts")),
  s3: () => client("@aws-sdk/client-s3", () => import("@aws-sdk/client-s3")),
  dynamodb: () => client("@aws-sdk/client-dynamodb", () => import("@aws-sdk/client-dynamodb")),
  kms: () => client("@aws-sdk/client-kms", () => import("@aws-sdk/client-kms")),
  sso: () => client("@aws-sdk/client-sso", () => import("@aws-sdk/client-sso")),
  handler: () => lazy("handler", () => import("@smithy/node-http-handler")),
};

/**
 * Loads the STS, S3 and DynamoDB clients in the background once the first call is on its way: loading costs
 * hundreds of ms that are not in any call's budget, and would otherwise add up after each call, before the next.
 * Loaded while the first call waits for the network, they cost no wall time.
 */
let warmed = false;
export function warmUp(): void {
  if (warmed) return;
  warmed = true;
  for (const l of [load.sts, load.s3, load.dynamodb]) l().catch(() => undefined);
}
