/**
 * docs/verify-conformance.md, written by `pnpm verify-conformance` (TFWHY_VERIFY_REPORT=1). Deterministic: no
 * timestamps, durations, request ids or temporary keys, so regenerating on an unchanged tree gives the same file.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { maskAccessKeyId } from "../../packages/core/src/redact.js";
import { parseErrors } from "../harness/run-terraform.js";
import type { CommandObservation } from "../harness/types.js";
import { type Agreement, describeCause } from "./agreement.js";
import type { VerifySetup } from "./fixtures.js";
import { KNOWN_DISAGREEMENTS } from "./known-disagreements.js";
import type { SetupRun, VerifyRun } from "./run-setup.js";

export const VERIFY_REPORT_PATH = join(
  dirname(fileURLToPath(import.meta.url)),
  "..",
  "..",
  "docs",
  "verify-conformance.md",
);

export interface SetupResult {
  readonly setup: VerifySetup;
  readonly run: SetupRun;
  readonly plain: Agreement;
  readonly probe: Agreement;
}

export interface ReportInput {
  readonly terraform: string;
  readonly moto: string;
  readonly results: readonly SetupResult[];
  readonly excluded: readonly { readonly name: string; readonly reason: string }[];
}

const cell = (s: string): string => s.replaceAll("|", "\\|").replaceAll("\n", " ");

/** Request ids, host ids and key ids out; long lines cut. */
export function scrub(text: string): string {
  return text
    .replace(/RequestID: [^,\s]+/g, "RequestID: …")
    .replace(/HostID: [^,\s]+/g, "HostID: …")
    .replace(/\b(AKIA|ASIA)[A-Z0-9]{16}\b/g, (k) => maskAccessKeyId(k))
    .slice(0, 120);
}

function commandCell(c: CommandObservation): string {
  const name = [c.command, ...(c.argv.includes("new") || c.argv.includes("select") ? (c.argv.slice(-1) ?? []) : [])];
  if (c.exitCode === 0) return `${name.join(" ")} 0`;
  const first = parseErrors(c.output)[0]?.summary ?? c.output.split("\n").find((l) => l.trim() !== "") ?? "";
  return `${name.join(" ")} ${c.exitCode}: ${scrub(first.trim())}`;
}

function verdict(v: VerifyRun): string {
  const codes = (status: string) =>
    v.checks.filter((c) => c.status === status).map((c) => c.code.replace(/^verify\./, ""));
  const fail = codes("fail");
  const warn = codes("warn");
  const head = fail.length > 0 ? `**fail** ${fail.join(", ")}` : "pass";
  return warn.length > 0 ? `${head}; warn ${warn.join(", ")}` : head;
}

const mark = (a: Agreement) => (a.agree ? "yes" : "**no**");

export function summarize(results: readonly SetupResult[]): { line: string } {
  const n = results.length;
  const pct = (k: number) => (n === 0 ? "n/a" : `${((100 * k) / n).toFixed(1)} %`);
  const plain = results.filter((r) => r.plain.agree).length;
  const probe = results.filter((r) => r.probe.agree).length;
  return {
    line:
      `${n} scored setups, ${plain} agree (${pct(plain)}) without --write-probe; ` +
      `${probe} agree (${pct(probe)}) with --write-probe`,
  };
}

const MOTO_ADJUSTMENTS = [
  "**Missing key → 403 without s3:ListBucket** (`awsMissingKey403`, default on with `enforceAuth`): moto answers " +
    "404 for a missing key whatever the caller may do; AWS answers 403 AccessDenied when the caller lacks " +
    "s3:ListBucket on the bucket (GetObject/HeadObject API reference). moto_server.py `_aws_missing_key` turns the " +
    "404 into 403 when moto's own IAM evaluator (`S3IAMRequest(...).check_action_permitted(bucket ARN)`) denies " +
    "s3:ListBucket. A missing bucket stays 404 NoSuchBucket.",
  "**HeadBucket authorised as s3:ListBucket** (`headBucketAsListBucket`, default on with `enforceAuth`): moto asks " +
    "for the non-existent action s3:HeadBucket and so denies every HeadBucket; AWS authorises it with " +
    "s3:ListBucket. moto_server.py `_set_action_aws` maps the action. verify calls HeadBucket; Terraform does not.",
  'DynamoDB statements use `"Resource": "*"`: moto matches DynamoDB actions against `*` only.',
  "moto applies a bucket-policy Deny to every caller, for object GET/PUT only: fine here, with one principal.",
  "Already in the harness: the SigV4 re-signing fix and AWS-shaped STS/DynamoDB error bodies (moto_server.py).",
];

/** What Terraform did in these setups that a reading of "needs permission X" does not predict. */
const TERRAFORM_DID = [
  "Without s3:ListBucket, a first `init` fails (HeadObject of the missing state answers 403, setups " +
    "`missing-s3-ListBucket-*-fresh`) while an existing state is read fine: the workspace listing's AccessDenied is " +
    "tolerated with the default workspace_key_prefix (backend_state.go `Workspaces`).",
  "A lock Terraform cannot release stays held: without s3:DeleteObject (lockfile), dynamodb:DeleteItem, " +
    "dynamodb:GetItem (the unlock reads the lock info first) or s3:GetObject (the lockfile unlock reads the " +
    ".tflock), `plan` takes the lock, fails, and leaves it, so `apply` then fails with the lock held (412 / " +
    "ConditionalCheckFailedException) — by its own lock (client.go `Unlock`).",
  "`init` reads the state digest (DynamoDB GetItem `<bucket>/<key>-md5`) but tolerates its failure: without " +
    "dynamodb:GetItem, and with the table missing (`table-missing`), `init` exits 0 and `plan` fails at the lock.",
  "With TF_WORKSPACE naming a missing workspace and only `default` in the bucket, `init` creates it (writes " +
    "state and takes a lock); with another workspace present it fails with " +
    '"Currently selected workspace "staging" does not exist" (meta_backend.go `selectWorkspace`).',
  "A failed `workspace new` (PutObject of the new workspace's .tflock denied) prints no `Error:` line, and a " +
    "following `apply` runs on `default` and succeeds (`ws-new-in-pipeline-default-key-only`).",
];

export function renderVerifyReport(input: ReportInput): string {
  const cli = input.results.flatMap((r) =>
    r.run.cli.map(
      (c) =>
        `- \`${r.setup.scenario.name}\`${c.writeProbe ? " --write-probe" : ""}: exit ${c.exitCode}` +
        `${c.failing.length > 0 ? `, failing ${c.failing.join(", ")}` : ""}`,
    ),
  );
  const lines: string[] = [
    "# tfwhy verify conformance report",
    "",
    `Generated by \`pnpm verify-conformance\` (conformance/verify-conformance.test.ts): real ${input.terraform}`,
    `against moto ${input.moto} with IAM enforced, on 127.0.0.1. Each setup is a pipeline run by one IAM user`,
    `(key id ${maskAccessKeyId("AKIATFWHYVERIFY00USR")}): \`tfwhy verify\` first (without, then with`,
    "`--write-probe`; the bucket and table must be unchanged after each), then `terraform init`, `plan`, `apply`",
    "(unless listed otherwise). Agreement (conformance/verify/agreement.ts): verify has a failing check iff a",
    "Terraform command failed, and then a failing check names Terraform's cause (the IAM action of the denied call,",
    "or the check of the lock held / bucket / table / workspace missing / AssumeRole denied).",
    "",
    `**${summarize(input.results).line}.**`,
    "",
    "| # | Setup | Exercises | Terraform (command exit: first error) | verify | verify --write-probe | Cause | " +
      "Agree (plain / probe) |",
    "|---|---|---|---|---|---|---|---|",
  ];
  input.results.forEach((r, i) => {
    const tf = r.run.observation.commands.map(commandCell).join("; ");
    lines.push(
      `| ${i + 1} | ${cell(r.setup.scenario.name)} | ${cell(r.setup.exercises)} | ${cell(tf)} | ` +
        `${cell(verdict(r.run.verify))} | ${cell(verdict(r.run.verifyProbe))} | ` +
        `${cell(r.plain.terraformFailed ? describeCause(r.plain.cause) : "–")} | ` +
        `${mark(r.plain)} / ${mark(r.probe)} |`,
    );
  });
  lines.push("", "## Known disagreements (the to-do list of the verify rework)", "");
  const known = Object.entries(KNOWN_DISAGREEMENTS);
  if (known.length === 0) lines.push("None.");
  for (const [name, k] of known) {
    if (k.plain) lines.push(`- \`${name}\` (without --write-probe): ${k.plain}`);
    if (k.probe) lines.push(`- \`${name}\` (with --write-probe): ${k.probe}`);
  }
  lines.push("", "## Through the CLI (`node packages/cli/dist/bin.js verify DIR --format json`)", "", ...cli);
  lines.push("", "## Excluded (moto cannot represent them; not scored)", "");
  for (const e of input.excluded) lines.push(`- \`${e.name}\`: ${e.reason}`);
  lines.push("", "## moto adjustments", "", ...MOTO_ADJUSTMENTS.map((a) => `- ${a}`));
  lines.push("", "## What Terraform did", "", ...TERRAFORM_DID.map((a) => `- ${a}`));
  return `${lines.join("\n")}\n`;
}

export function writeVerifyReport(input: ReportInput, path = VERIFY_REPORT_PATH): void {
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, renderVerifyReport(input));
}
