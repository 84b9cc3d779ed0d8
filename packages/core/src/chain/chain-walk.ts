import type { BackendView } from "../backend/backend-view.js";
import type { World } from "../world/world.js";
import type { ChainInput, Env } from "./chain-input.js";
import { type ProfileName, resolveProfileName } from "./profile-name.js";
import type { ChainProfile, ProfileCatalog } from "./profile-types.js";
import { TraceBuilder } from "./trace-builder.js";

/**
 * The state one walk of the chain shares between its sources: what it reads, the recorder its sources write
 * their steps and diagnostics to, and the profile LoadDefaultConfig loaded.
 */
export class ChainWalk {
  /** Where the sources record their steps and diagnostics, in evaluation order. */
  readonly recorder = new TraceBuilder();
  readonly backend: BackendView;
  readonly env: Env;
  readonly world: World;
  readonly profiles: ProfileCatalog;
  readonly expandPath: (path: string) => string;
  readonly workingDir: string;
  readonly profileName: ProfileName;
  /** Set by loadSharedConfigProfile: the profile the SDK chain loaded, also when it provides no credentials. */
  loadedProfile: ChainProfile | null = null;

  constructor(input: ChainInput) {
    this.backend = input.backend;
    this.env = input.env;
    this.world = input.world;
    this.profiles = input.profiles;
    this.expandPath = input.expandPath;
    this.workingDir = input.workingDir;
    this.profileName = resolveProfileName(input.backend, input.env);
  }

  /** A path as the Go SDK opens it: relative paths are relative to Terraform's working directory, the root module. */
  absolute(path: string): string {
    return path.startsWith("/") ? path : `${this.workingDir.replace(/\/$/, "")}/${path}`;
  }
}
