import { posix } from "node:path";
import { InvalidInputError, NotS3BackendError } from "../errors.js";
import type { World } from "../world/world.js";
import { parseHcl } from "./hcl.js";
import type { HclBlock, HclBody, HclSource } from "./hcl-types.js";
import { type AwsProviderConfig, addProvider } from "./provider-config.js";
import { parseTerraformJson } from "./tf-json.js";

/** One `*.tf` or `*.tf.json` file of the module, parsed. */
export interface ConfigurationFile {
  readonly source: HclSource;
  readonly isOverride: boolean;
  readonly body: HclBody;
}

/**
 * Terraform configs.Parser dirFiles: `.tf` / `.tf.json`, not hidden or editor backups, override files after the rest.
 */
export async function readConfigurationFiles(
  world: World,
  dir: string,
  show: (path: string) => string,
): Promise<ConfigurationFile[]> {
  const listing = await world.fs.listDir(dir);
  if (listing.state === "missing") throw new InvalidInputError(`no such directory: ${dir}`);
  if (listing.state === "unreadable") throw new InvalidInputError(`cannot read directory ${dir}: ${listing.message}`);
  const primary: ConfigurationFile[] = [];
  const overrides: ConfigurationFile[] = [];
  for (const entry of listing.entries) {
    if (entry.kind === "directory" || entry.kind === "other") continue;
    const extension = entry.name.endsWith(".tf.json") ? ".tf.json" : entry.name.endsWith(".tf") ? ".tf" : undefined;
    if (!extension || isIgnoredFile(entry.name)) continue;
    const path = posix.join(dir, entry.name);
    const source = { file: show(path), path };
    const body = await readAndParse(world, source, extension === ".tf.json" ? "terraform-json" : "hcl");
    const base = entry.name.slice(0, -extension.length);
    const isOverride = base === "override" || base.endsWith("_override");
    (isOverride ? overrides : primary).push({ source, isOverride, body });
  }
  return [...primary, ...overrides];
}

/** Terraform configs.IsIgnoredFile: hidden files, vim backups, emacs autosaves. */
function isIgnoredFile(name: string): boolean {
  return name.startsWith(".") || name.endsWith("~") || (name.startsWith("#") && name.endsWith("#"));
}

async function readAndParse(world: World, source: HclSource, syntax: "hcl" | "terraform-json"): Promise<HclBody> {
  const read = await world.fs.readText(source.path);
  if (read.state === "missing") throw new InvalidInputError(`file not found: ${source.file}`);
  if (read.state === "unreadable")
    throw new InvalidInputError(`cannot read ${source.file}: ${read.message}`, {
      file: source.file,
      path: source.path,
      line: 1,
    });
  return syntax === "terraform-json" ? parseTerraformJson(read.text, source) : parseHcl(read.text, source);
}

/** The module's one backend block and its aws provider blocks, after override files are merged in. */
interface AssembledModule {
  readonly backend: HclBlock;
  readonly providers: AwsProviderConfig[];
}

/** Terraform configs Module.appendFile / mergeFile, for the backend and the aws providers. */
export function assembleModule(files: readonly ConfigurationFile[], dirShown: string): AssembledModule {
  let backend: HclBlock | undefined;
  let cloud: HclBlock | undefined;
  const providers: AwsProviderConfig[] = [];
  for (const file of files) {
    const settings = file.body.blocks
      .filter((block) => block.type === "terraform")
      .flatMap((block) => block.body.blocks);
    const backends = settings.filter((block) => block.type === "backend");
    const clouds = settings.filter((block) => block.type === "cloud");
    if (file.isOverride) {
      // mergeFile: a backend (or cloud) block in an override file replaces the module's, whole.
      if (backends.length > 1)
        throw duplicateBackend(
          backends[1]!,
          backends[0]!,
          "Each override file may have only one backend configuration.",
        );
      if (backends[0]) [backend, cloud] = [backends[0], undefined];
      if (clouds[0]) [backend, cloud] = [undefined, clouds[0]];
    } else {
      // appendFile: "Duplicate backend configuration".
      for (const block of backends) {
        if (backend) throw duplicateBackend(block, backend, "A module may have only one backend configuration.");
        backend = block;
      }
      cloud ??= clouds[0];
      if (backend && cloud) {
        throw new InvalidInputError(
          "Both a backend and a cloud block are present: a module may use only one of them",
          cloud.at,
        );
      }
    }
    for (const block of file.body.blocks) {
      if (block.type === "provider" && block.labels[0] === "aws") addProvider(providers, block, file.isOverride);
    }
  }
  if (!backend) {
    if (cloud)
      throw new NotS3BackendError(
        `${dirShown} uses HCP Terraform (a cloud block), not a backend`,
        { kind: "cloud" },
        cloud.at,
      );
    throw new NotS3BackendError(`no backend block in ${dirShown}`, { kind: "none" }, null);
  }
  if (backend.labels.length !== 1)
    throw new InvalidInputError("a backend block needs exactly one label, its type", backend.at);
  if (backend.labels[0] !== "s3") {
    // JSON quoting: the same for a plain label, and an escaped `\n` in the label cannot split the one-line message.
    throw new NotS3BackendError(
      `backend ${JSON.stringify(backend.labels[0])} is not the s3 backend`,
      { kind: "backend", type: backend.labels[0]! },
      backend.at,
    );
  }
  return { backend, providers };
}

function duplicateBackend(block: HclBlock, previous: HclBlock, rule: string): InvalidInputError {
  return new InvalidInputError(
    `Duplicate backend configuration: ${rule} ` +
      `The backend was previously configured at ${previous.at.file}:${previous.at.line}.`,
    block.at,
  );
}
