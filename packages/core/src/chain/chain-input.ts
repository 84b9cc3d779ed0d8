import type { BackendView } from "../backend/backend-view.js";
import type { Location } from "../location.js";
import type { World } from "../world/world.js";
import type { ProfileCatalog } from "./profile-types.js";

export type Env = Readonly<Record<string, string | undefined>>;

/** What the chain reads: the merged backend, the environment, the shared config and the world. */
export interface ChainInput {
  readonly backend: BackendView;
  /** Backend attributes set by expressions tfwhy does not evaluate, with where (module facts' `unevaluated`). */
  readonly unevaluated: ReadonlyMap<string, Location | null>;
  readonly env: Env;
  readonly profiles: ProfileCatalog;
  /** For reading SSO caches and web-identity token files; and the clock for token expiry. */
  readonly world: World;
  /** Terraform's path expansion for paths it reads itself ($VAR, then ~). */
  readonly expandPath: (path: string) => string;
  /** Where Terraform runs (the root module): the Go SDK opens relative token files from there. */
  readonly workingDir: string;
}
