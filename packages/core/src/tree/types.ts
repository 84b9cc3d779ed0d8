import type { Location } from "../location.js";
import type { Explanation } from "../trace.js";
import type { DedupeStats, VerifyReport } from "../verify/index.js";

/** Why one root module of a tree could not be explained or verified: a value, so the other modules still run. */
export interface ModuleError {
  /** `invalid-input`: its configuration cannot be read (what `tfwhy explain DIR` exits 2 for). `internal`: a bug. */
  readonly kind: "invalid-input" | "internal";
  /** One line, as `tfwhy explain DIR` would print it (key ids and URL user-info hidden). */
  readonly message: string;
  /** Where the problem is, when known. */
  readonly at: Location | null;
}

export interface ModuleBase {
  /** The module directory relative to the searched root, `/`-separated; `.` for the root itself. */
  readonly dir: string;
  /** The `-backend-config` files applied to this module, relative to it (KEY=VALUE arguments are not listed). */
  readonly backendConfigFiles: readonly string[];
}

/** One root module of a tree: its explanation, or why there is none. */
export type ModuleResult =
  | (ModuleBase & { readonly explanation: Explanation })
  | (ModuleBase & { readonly error: ModuleError });

/** One root module of a tree, verified live: its verify report, or why there is none. */
export type VerifyModuleResult =
  | (ModuleBase & { readonly report: VerifyReport })
  | (ModuleBase & { readonly error: ModuleError });

/** A directory of the tree that could not be listed, so its modules (if any) were not searched. */
export interface SkippedDirectory {
  /** Absolute path. */
  readonly path: string;
  readonly message: string;
}

/** What `explainTree` found: every root module with an S3 backend under `root`, in path order. */
export interface TreeExplanation {
  /** Absolute path of the directory that was searched. */
  readonly root: string;
  readonly modules: readonly ModuleResult[];
  readonly skipped: readonly SkippedDirectory[];
}

/** What `verifyTree` found: every root module with an S3 backend under `root`, verified live, in path order. */
export interface TreeVerifyReport {
  /** Absolute path of the directory that was searched. */
  readonly root: string;
  readonly modules: readonly VerifyModuleResult[];
  readonly skipped: readonly SkippedDirectory[];
  /** The AWS calls of all modules: sent, and not sent because an identical one was made for another module. */
  readonly awsCalls: DedupeStats;
}

/** What happens during a tree run, in order, for progress counters and logs. */
export type TreeEvent =
  /** A directory could not be listed (reported while searching, before any module runs). */
  | { readonly type: "skipped"; readonly path: string; readonly message: string }
  /** The modules are found and their `-backend-config` files settled; none has run yet. */
  | { readonly type: "started"; readonly total: number }
  /**
   * One module is done (`done` of `total`). `internalError`, present only when the module hit a bug in tfwhy, is
   * what it threw (the module's result holds one line of it); a module using another backend settles too, and is
   * left out of the result.
   */
  | {
      readonly type: "settled";
      readonly dir: string;
      readonly done: number;
      readonly total: number;
      readonly internalError?: unknown;
    };

/** Where and how to run over a tree of Terraform root modules. */
export interface TreeInput {
  /** The directory to search (itself included); relative to the world's `cwd`. */
  readonly root: string;
  /**
   * `-backend-config` values, as for `terraform init`. KEY=VALUE (and the empty value) apply to every module; an
   * absolute FILE applies to every module and must exist; a relative FILE is read from each module that has it
   * (as Terraform would, run there) and must exist in at least one.
   */
  readonly backendConfig?: readonly string[];
  /** The workspace to use in every module, overriding TF_WORKSPACE and each module's environment file. */
  readonly workspace?: string;
  /** How many modules run at once (default 4): enough to overlap file reads, few enough to keep memory flat. */
  readonly concurrency?: number;
  /** Told what happens as it happens (a directory skipped, the run started, a module done). */
  readonly onEvent?: (event: TreeEvent) => void;
}
