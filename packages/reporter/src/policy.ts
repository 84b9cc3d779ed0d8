import type { BackendPolicyReport, ExplainedStatement, PolicyDocument, PrincipalPolicy } from "@tfwhy/core";

/**
 * `tfwhy policy` reports: text and Markdown explain each statement (what it is for, which Terraform commands
 * need each action); JSON is one IAM policy document alone, ready for `aws iam put-role-policy` (the identity
 * policy) or `aws s3api put-bucket-policy` (the bucket policy, when asked for).
 */

const json = (document: PolicyDocument): string => JSON.stringify(document, null, 2);

/** Which document `--format json` prints. */
export type PolicyJsonDocument = "identity" | "bucket";

export function renderPolicyJson(report: BackendPolicyReport, which: PolicyJsonDocument = "identity"): string {
  const chosen = which === "bucket" ? report.policy.bucketPolicy : report.policy.identity;
  return `${json((chosen ?? report.policy.identity).document)}\n`;
}

function heading(report: BackendPolicyReport): string[] {
  const { explanation, policy } = report;
  const b = explanation.backend;
  const o = policy.options;
  const where = [
    `bucket ${b.bucket ?? "?"}`,
    `key ${b.key ?? "?"}`,
    `region ${explanation.region.value ?? "?"}`,
    ...(b.dynamodbTable ? [`DynamoDB table ${b.dynamodbTable}`] : []),
    ...(b.useLockfile ? ["S3 lockfile"] : []),
  ];
  const lock = o.lock ? "on" : "-lock=false";
  return [
    `Terraform ${policy.terraformVersion} S3 backend in ${explanation.dir}: ${where.join(", ")}.`,
    `For: terraform ${policy.commands.join(", ")} (workspaces: ${o.workspaces}; lock: ${lock}).`,
  ];
}

/** Who signs Terraform's calls, and explain's warnings: a policy for the wrong identity is the seed's mistake. */
function identityLines(report: BackendPolicyReport): string[] {
  const { policy, explanation } = report;
  const hops = policy.assumeRole.map((p) => p.statements[0]?.statement.Resource).filter((r) => r !== undefined);
  const lines = [`Terraform signs its S3 and DynamoDB calls as: ${policy.identity.principal}`];
  if (hops.length > 0)
    lines.push(`  base credentials: ${policy.assumeRole[0]?.principal}; assumes ${hops.join(" → ")}`);
  const serious = explanation.diagnostics.filter((d) => d.severity !== "info");
  for (const d of serious) lines.push(`  ${d.severity}: ${d.message}${d.fix ? ` Fix: ${d.fix}` : ""}`);
  if (serious.some((d) => d.code !== "attribute-deprecated"))
    lines.push("  The policy below is for this identity. If you meant another, fix the configuration first.");
  return lines;
}

function statementText(s: ExplainedStatement): string[] {
  const width = Math.max(...s.needs.map((n) => n.action.length));
  return [
    `  ${s.statement.Sid}: ${s.purpose}`,
    ...s.needs.map((n) => `    ${n.action.padEnd(width)}  needed by ${n.commands.join(", ")}`),
  ];
}

function sectionText(title: string, p: PrincipalPolicy): string[] {
  return [title, ...p.statements.flatMap(statementText), "", json(p.document), ""];
}

export function renderPolicyText(report: BackendPolicyReport): string {
  const { policy } = report;
  const lines = [...heading(report), "", ...identityLines(report), ""];
  lines.push(...sectionText(`Identity policy for ${policy.identity.principal}:`, policy.identity));
  for (const hop of policy.assumeRole) lines.push(...sectionText(`Identity policy for ${hop.principal}:`, hop));
  if (policy.bucketPolicy !== null)
    lines.push(
      ...sectionText(
        `Bucket-policy statements for ${policy.bucketPolicy.principal} (add them to the bucket's policy):`,
        policy.bucketPolicy,
      ),
    );
  lines.push("Notes:", ...policy.notes.map((n) => `  - ${n}`));
  return `${lines.join("\n")}\n`;
}

function statementMarkdown(s: ExplainedStatement): string[] {
  return [
    `- **${s.statement.Sid}**: ${s.purpose}`,
    ...s.needs.map((n) => `  - \`${n.action}\`: needed by ${n.commands.map((c) => `\`${c}\``).join(", ")}`),
  ];
}

function sectionMarkdown(title: string, p: PrincipalPolicy): string[] {
  return [`## ${title}`, "", ...p.statements.flatMap(statementMarkdown), "", "```json", json(p.document), "```", ""];
}

export function renderPolicyMarkdown(report: BackendPolicyReport): string {
  const { policy } = report;
  const lines = ["# Least-privilege policy for the S3 backend", "", ...heading(report), ""];
  lines.push(...identityLines(report).map((l) => (l.startsWith("  ") ? `> ${l.trim()}` : `${l}`)), "");
  lines.push(...sectionMarkdown(`Identity policy for \`${policy.identity.principal}\``, policy.identity));
  for (const hop of policy.assumeRole) lines.push(...sectionMarkdown(`Identity policy for ${hop.principal}`, hop));
  if (policy.bucketPolicy !== null)
    lines.push(
      ...sectionMarkdown(`Bucket-policy statements for \`${policy.bucketPolicy.principal}\``, policy.bucketPolicy),
    );
  lines.push("## Notes", "", ...policy.notes.map((n) => `- ${n}`), "");
  return lines.join("\n");
}
