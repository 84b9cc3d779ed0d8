/**
 * Setups where the current verify disagrees with Terraform (agreement.ts): setup name → per mode (`plain` without
 * --write-probe, `probe` with it) one line saying what verify did wrong and what Terraform did. The to-do list of
 * the verify rework: the test fails when a listed mode starts to agree, so a fix must remove its line.
 */
export interface KnownDisagreement {
  readonly plain?: string;
  readonly probe?: string;
}

/** verify's probe clean-up confirmation with Terraform's own policy (no s3:GetBucketVersioning/ListBucketVersions). */
const CLEANUP =
  "probe.cleanup fail: its S3 probes were deleted (the bucket is as seeded) but 'not confirmed gone: its versions " +
  "could not be listed: AccessDenied' (s3:GetBucketVersioning denied, so it asks ListObjectVersions = " +
  "s3:ListBucketVersions, neither needed by Terraform); Terraform init/plan/apply exit 0";
const readOnly = (action: string, terraform: string) =>
  `no failing check: no read-only check exercises ${action} (probe.* not-checked without --write-probe); ${terraform}`;
const PUT_APPLY = "Terraform apply exit 1 'Failed to save state': S3 PutObject 403 AccessDenied";
const PUT_LOCK = "Terraform plan exit 1 'Error acquiring the state lock': S3 PutObject of the .tflock 403 AccessDenied";
const DELETE_UNLOCK =
  "Terraform plan exit 1 'Error releasing the state lock': S3 DeleteObject of the .tflock 403 AccessDenied " +
  "(apply then exit 1 on its own leftover lock, 412)";
const PUTITEM_LOCK =
  "Terraform plan exit 1 'Error acquiring the state lock': DynamoDB PutItem 400 AccessDeniedException";
const DELETEITEM_UNLOCK =
  "Terraform plan exit 1 'Error releasing the state lock': DynamoDB DeleteItem 400 AccessDeniedException";

export const KNOWN_DISAGREEMENTS: Readonly<Record<string, KnownDisagreement>> = {
  "baseline-lockfile-fresh": { probe: CLEANUP },
  "baseline-lockfile-existing": { probe: CLEANUP },
  "baseline-both-fresh": { probe: CLEANUP },
  "baseline-both-existing": { probe: CLEANUP },
  "missing-s3-ListBucket-lockfile-existing": { probe: CLEANUP },
  "ws-tf-workspace-existing": { probe: CLEANUP },
  "ws-tf-workspace-missing-only-default": { probe: CLEANUP },
  "ws-environment-file-selects": { probe: CLEANUP },
  "ws-new-in-pipeline": { probe: CLEANUP },
  "assume-role-ok": { probe: CLEANUP },
  "missing-s3-PutObject-none-fresh": { plain: readOnly("s3:PutObject", PUT_APPLY) },
  "missing-s3-PutObject-none-existing": { plain: readOnly("s3:PutObject", PUT_APPLY) },
  "missing-s3-PutObject-dynamodb-existing": { plain: readOnly("s3:PutObject", PUT_APPLY) },
  "missing-s3-PutObject-lockfile-existing": { plain: readOnly("s3:PutObject", PUT_LOCK) },
  "missing-s3-DeleteObject-lockfile-fresh": { plain: readOnly("s3:DeleteObject", DELETE_UNLOCK) },
  "missing-s3-DeleteObject-lockfile-existing": { plain: readOnly("s3:DeleteObject", DELETE_UNLOCK) },
  "missing-s3-DeleteObject-both-existing": { plain: readOnly("s3:DeleteObject", DELETE_UNLOCK) },
  "missing-dynamodb-PutItem-dynamodb-fresh": { plain: readOnly("dynamodb:PutItem", PUTITEM_LOCK) },
  "missing-dynamodb-PutItem-dynamodb-existing": { plain: readOnly("dynamodb:PutItem", PUTITEM_LOCK) },
  "missing-dynamodb-PutItem-both-fresh": { plain: readOnly("dynamodb:PutItem", PUTITEM_LOCK) },
  "missing-dynamodb-DeleteItem-dynamodb-fresh": { plain: readOnly("dynamodb:DeleteItem", DELETEITEM_UNLOCK) },
  "missing-dynamodb-DeleteItem-dynamodb-existing": { plain: readOnly("dynamodb:DeleteItem", DELETEITEM_UNLOCK) },
  "missing-dynamodb-DeleteItem-both-existing": { plain: readOnly("dynamodb:DeleteItem", DELETEITEM_UNLOCK) },
  "assume-role-role-lacks-put": {
    plain: readOnly("s3:PutObject for the assumed role", `${PUT_LOCK} for the role session`),
  },
  "bucket-policy-deny-put": {
    plain:
      "no failing check: s3.bucket-policy not-checked (s3:GetBucketPolicy denied) and no read-only check exercises " +
      `s3:PutObject; ${PUT_APPLY} (bucket-policy Deny)`,
  },
  "ws-new-in-pipeline-default-key-only": {
    plain:
      "no failing check: verify judges only the workspace selected when it runs (default) and no read-only check " +
      "exercises s3:PutObject; Terraform 'workspace new staging' exit 1: S3 PutObject of " +
      "env:/staging/<key>.tflock 403 AccessDenied (apply then ran on default, exit 0)",
  },
  "versioned-bucket": {
    probe:
      "probe.cleanup fail, and versions plus delete markers of both S3 probes are left in the bucket: deleting a " +
      "version needs s3:DeleteObjectVersion and confirming needs s3:ListBucketVersions, neither granted nor needed " +
      "by Terraform; Terraform init/plan/apply exit 0",
  },
  "exact-key-policy": {
    probe:
      "probe.state-write fail (PutObject of <key>.tfwhy-probe-* denied: the policy names the state key and its " +
      ".tflock only); Terraform init/plan/apply exit 0 — the probe writes a key Terraform never writes",
  },
};
