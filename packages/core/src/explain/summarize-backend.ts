import type { BackendView } from "../backend/backend-view.js";
import type { ModuleFacts } from "../backend/module-facts.js";
import type { BackendSummary } from "../trace.js";

/** The backend as Terraform will configure it, with Terraform's defaults for what is unset. */
export function summarizeBackend(module: ModuleFacts, backend: BackendView): BackendSummary {
  const str = (name: string) => backend.string(name) ?? null;
  return {
    block: module.block,
    fixTarget: module.fixTarget,
    bucket: str("bucket"),
    key: str("key"),
    workspaceKeyPrefix: module.attributes.has("workspace_key_prefix")
      ? (backend.string("workspace_key_prefix") ?? "")
      : "env:",
    dynamodbTable: str("dynamodb_table"),
    useLockfile: backend.bool("use_lockfile") ?? false,
    encrypt: backend.bool("encrypt") ?? false,
    kmsKeyId: str("kms_key_id"),
    usePathStyle: backend.bool("use_path_style") ?? backend.bool("force_path_style") ?? false,
    attributes: backend
      .names()
      .map((name) => ({ name, shown: backend.shown(name) ?? "", via: backend.via(name)!, at: backend.at(name) })),
    ...(module.unevaluated.size > 0 ? { unevaluated: [...module.unevaluated.keys()].sort() } : {}),
  };
}
