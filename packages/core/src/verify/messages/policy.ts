/** The English of the bucket-policy analysis (bucket-policy.ts): why a policy cannot be read, and its quirks. */

export const NOT_A_JSON_OBJECT = "the policy is not a JSON object";

export function statementName(index: number): string {
  return `statement #${index + 1}`;
}

export function statementNotAnObject(index: number): string {
  return `${statementName(index)} is not an object`;
}

export function statementWithoutEffect(index: number): string {
  return `${statementName(index)} has no valid Effect`;
}

export function noPrincipal(statement: string): string {
  return `${statement} has no Principal; a bucket policy statement without one does not apply to anybody.`;
}

export function notPrincipalRoleOnly(statement: string, roleArn: string, sessionArn: string): string {
  return (
    `${statement} lists the role ${roleArn} in NotPrincipal but not the session ARN ${sessionArn}; ` +
    "AWS evaluates the session, so the role's sessions are not exempt."
  );
}
