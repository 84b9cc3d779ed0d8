import { posix } from "node:path";
import { InvalidInputError } from "../errors.js";
import { describeJsonPosition, parseJsonInput } from "../json-input.js";
import type { Location } from "../location.js";
import type { World } from "../world/world.js";
import type { BackendAttribute } from "./backend-attribute.js";
import type { LiteralRecord, LiteralValue } from "./hcl-types.js";
import { isLiteralList, isLiteralRecord, isLiteralValue } from "./hcl-values.js";
import { checkJsonNesting } from "./nesting.js";
import { formatBackendValue } from "./schema.js";

/**
 * The backend configuration saved by the last `terraform init` (`.terraform/terraform.tfstate`, or
 * `$TF_DATA_DIR/…`).
 */
export interface BackendCache {
  /** The cache file, at its `"backend"` key. */
  readonly at: Location;
  /** The saved backend type (`s3`). */
  readonly type: string;
  /** The saved configuration: every schema attribute, null when unset. Secrets included: never show it as is. */
  readonly config: LiteralRecord;
  /** Terraform's hash of the backend block alone (not of -backend-config values); null when absent. */
  readonly hash: number | null;
  /** Attributes whose saved value differs from the configuration now: `terraform init -reconfigure` is due. */
  readonly drift: readonly BackendDrift[];
}

/** One attribute that differs between the saved and the current configuration. Secrets are shown as `(set)`. */
export interface BackendDrift {
  readonly name: string;
  /** As saved, or null when unset there. */
  readonly cached: string | null;
  /** As configured now, or null when unset. */
  readonly current: string | null;
}

/**
 * The backend `terraform init` saved (Meta.backendFromConfig reads `<data dir>/terraform.tfstate`; the data dir is
 * TF_DATA_DIR when set, else `.terraform`, relative to the working directory), compared with the configuration now.
 */
export async function readBackendCache(
  world: World,
  dir: string,
  show: (path: string) => string,
  current: readonly BackendAttribute[],
): Promise<BackendCache | null> {
  const dataDir = world.env.TF_DATA_DIR ? world.env.TF_DATA_DIR : ".terraform";
  const path = posix.resolve(dir, dataDir, "terraform.tfstate");
  const read = await world.fs.readText(path);
  if (read.state === "missing") return null;
  const file = show(path);
  // The file itself is the place (line 1): it exists, only its contents cannot be had.
  if (read.state === "unreadable")
    throw new InvalidInputError(`cannot read ${file}: ${read.message}`, { file, path, line: 1 });
  // Reading the saved configuration recurses (comparison, printing): reject what nests deeper than any config could.
  checkJsonNesting(read.text, { file, path });
  const json = parseJsonInput(read.text);
  if (!json.ok) {
    // No cause: V8's message quotes the text, and the cache holds the backend's secrets.
    throw new InvalidInputError(
      `${file} is not valid JSON${describeJsonPosition(json)} ` +
        "(Terraform: Failed to load state): run terraform init again",
      { file, path, line: json.line ?? 1, ...(json.column !== null ? { column: json.column } : {}) },
    );
  }
  const parsed = json.value;
  const backend = isRecord(parsed) ? parsed.backend : undefined;
  if (!isRecord(backend) || typeof backend.type !== "string") return null;
  const config = isLiteralValue(backend.config) && isLiteralRecord(backend.config) ? backend.config : {};
  const keyIndex = read.text.search(/"backend"\s*:/);
  const line = keyIndex === -1 ? 1 : read.text.slice(0, keyIndex).split("\n").length;
  return {
    at: { file, path, line },
    type: backend.type,
    config,
    hash: typeof backend.hash === "number" ? backend.hash : null,
    drift: compareWithCache(config, current),
  };
}

/** Attributes whose saved and current values differ; null and unset are the same thing, sets compare as sets. */
function compareWithCache(cached: LiteralRecord, current: readonly BackendAttribute[]): BackendDrift[] {
  const currentByName = new Map(current.map((attribute) => [attribute.name, attribute]));
  const names = [...new Set([...Object.keys(cached), ...currentByName.keys()])].sort();
  const drift: BackendDrift[] = [];
  for (const name of names) {
    const attribute = currentByName.get(name);
    if (attribute && attribute.value === undefined) continue; // not known offline: nothing to compare
    const before = normalizeForComparison(cached[name] ?? null);
    const after = normalizeForComparison(attribute?.value ?? null);
    if (JSON.stringify(before) === JSON.stringify(after)) continue;
    drift.push({
      name,
      cached: before === null ? null : formatBackendValue(name, before),
      current: after === null ? null : formatBackendValue(name, after),
    });
  }
  return drift;
}

/** Drops null object members, sorts object keys and sets (cty set order), so equal values print equal. */
function normalizeForComparison(value: LiteralValue): LiteralValue {
  if (isLiteralList(value)) {
    const items = value.map(normalizeForComparison);
    const strings = items.filter((item) => typeof item === "string");
    return strings.length === items.length ? strings.sort() : items;
  }
  if (isLiteralRecord(value)) {
    const record: Record<string, LiteralValue> = {};
    for (const key of Object.keys(value).sort()) {
      const item = value[key];
      if (item !== null && item !== undefined) record[key] = normalizeForComparison(item);
    }
    return record;
  }
  return value;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
