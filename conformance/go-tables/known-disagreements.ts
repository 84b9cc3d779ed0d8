/**
 * Ported Go cases where tfwhy still disagrees with Terraform 1.11.4, by case id (`<Go test>/<case name>`).
 * Areas are issue 14's fix areas: 1 backend assume_role_with_web_identity as base source / missing token files,
 * 2 PrepareConfig validation of nested values, 3 EC2 metadata endpoint and its mode, 4 STS endpoint from
 * AWS_ENDPOINT_URL and the shared config file, 5 "Complete URL Expected" / "Deprecated Environment Variable" warnings,
 * 6 endpoints.dynamodb reported deprecated; 0 is outside those areas. The list can only shrink: an entry whose case
 * now agrees fails go-tables.test.ts ("stale entry: remove it").
 */
export interface KnownDisagreement {
  readonly area: 0 | 1 | 2 | 3 | 4 | 5 | 6;
  readonly reason: string;
}

// Issue 14 areas 3-5 (endpoints branch) settled the last 18: every compared case agrees.
export const KNOWN_DISAGREEMENTS: Readonly<Record<string, KnownDisagreement>> = {};
