import { describe, expect, it } from "vitest";
import { analyzeBucketPolicy, type PolicyCaller } from "../../src/verify/bucket-policy.js";

const ACCOUNT = "111122223333";
const OTHER = "444455556666";
const USER: PolicyCaller = {
  arn: `arn:aws:iam::${ACCOUNT}:user/terraform-access`,
  accountId: ACCOUNT,
  userId: "AIDAEXAMPLEUSER00001",
};
const SESSION: PolicyCaller = {
  arn: `arn:aws:sts::${ACCOUNT}:assumed-role/terraform-access-role/aws-go-sdk-1700000000000000000`,
  accountId: ACCOUNT,
  roleArn: `arn:aws:iam::${ACCOUNT}:role/terraform-access-role`,
  userId: "AROAEXAMPLEROLE00001:aws-go-sdk-1700000000000000000",
};
const BUCKET = "acme-tfstate";
const KEY = "prod/terraform.tfstate";
const ACTIONS = ["s3:ListBucket", "s3:GetObject", "s3:PutObject"];

const policy = (...statements: object[]) => JSON.stringify({ Version: "2012-10-17", Statement: statements });
const decisions = (json: string, caller: PolicyCaller, options = {}) =>
  Object.fromEntries(
    analyzeBucketPolicy(json, caller, BUCKET, KEY, ACTIONS, options).actions.map((a) => [a.action, a.decision]),
  );

/** The policy from the seed incident: only the role may touch the state, the user is implicitly left out. */
const ROLE_ONLY = policy(
  {
    Sid: "AllowTerraformRole",
    Effect: "Allow",
    Principal: { AWS: `arn:aws:iam::${ACCOUNT}:role/terraform-access-role` },
    Action: ["s3:ListBucket"],
    Resource: `arn:aws:s3:::${BUCKET}`,
  },
  {
    Sid: "AllowTerraformRoleObjects",
    Effect: "Allow",
    Principal: { AWS: [`arn:aws:iam::${ACCOUNT}:role/terraform-access-role`] },
    Action: ["s3:GetObject", "s3:PutObject"],
    Resource: `arn:aws:s3:::${BUCKET}/*`,
  },
);

describe("analyzeBucketPolicy: principals", () => {
  it("an Allow naming only a role is not an Allow for a user of the same account (identity policy decides)", () => {
    const a = analyzeBucketPolicy(ROLE_ONLY, USER, BUCKET, KEY, ACTIONS);
    expect(a.valid).toBe(true);
    expect(a.crossAccount).toBeNull();
    for (const x of a.actions) {
      expect(x.decision).toBe("identity-decides");
      expect(x.allows).toEqual([]);
      expect(x.allowsForOthers[0]?.principals).toEqual([`arn:aws:iam::${ACCOUNT}:role/terraform-access-role`]);
    }
    expect(a.actions.find((x) => x.action === "s3:GetObject")?.allowsForOthers[0]?.statement).toBe(
      "AllowTerraformRoleObjects",
    );
  });

  it("an assumed-role session matches a role ARN principal (session ARN → role ARN)", () => {
    expect(decisions(ROLE_ONLY, SESSION)).toEqual({
      "s3:ListBucket": "allowed",
      "s3:GetObject": "allowed",
      "s3:PutObject": "allowed",
    });
  });

  it("matches a role principal with a path against the session's path-less role ARN (role names are unique per account)", () => {
    const json = policy({
      Effect: "Allow",
      Principal: { AWS: `arn:aws:iam::${ACCOUNT}:role/ci/terraform-access-role` },
      Action: "s3:*",
      Resource: [`arn:aws:s3:::${BUCKET}`, `arn:aws:s3:::${BUCKET}/*`],
    });
    expect(decisions(json, SESSION)).toEqual({
      "s3:ListBucket": "allowed",
      "s3:GetObject": "allowed",
      "s3:PutObject": "allowed",
    });
  });

  it("a role principal does not match a role of the same name in another account", () => {
    const json = policy({
      Effect: "Allow",
      Principal: { AWS: `arn:aws:iam::${OTHER}:role/terraform-access-role` },
      Action: "s3:GetObject",
      Resource: `arn:aws:s3:::${BUCKET}/*`,
    });
    expect(decisions(json, SESSION)["s3:GetObject"]).toBe("identity-decides");
  });

  it("an exact user ARN principal allows that user", () => {
    const json = policy({
      Effect: "Allow",
      Principal: { AWS: USER.arn },
      Action: "s3:GetObject",
      Resource: `arn:aws:s3:::${BUCKET}/${KEY}`,
    });
    expect(decisions(json, USER)).toEqual({
      "s3:ListBucket": "identity-decides",
      "s3:GetObject": "allowed",
      "s3:PutObject": "identity-decides",
    });
  });

  it("a unique-id principal (what AWS shows after the principal was recreated) matches the caller's UserId", () => {
    const json = policy({
      Effect: "Allow",
      Principal: { AWS: "AROAEXAMPLEROLE00001" },
      Action: "s3:GetObject",
      Resource: `arn:aws:s3:::${BUCKET}/*`,
    });
    expect(decisions(json, SESSION)["s3:GetObject"]).toBe("allowed");
    expect(decisions(json, USER)["s3:GetObject"]).toBe("identity-decides");
  });

  it('"*" and {"AWS": "*"} match everyone', () => {
    for (const principal of ["*", { AWS: "*" }]) {
      const json = policy({
        Effect: "Allow",
        Principal: principal,
        Action: "s3:GetObject",
        Resource: `arn:aws:s3:::${BUCKET}/*`,
      });
      expect(decisions(json, USER)["s3:GetObject"]).toBe("allowed");
    }
  });

  it("an account principal delegates to identity policies: not a grant by itself in the same account", () => {
    const json = policy({
      Effect: "Allow",
      Principal: { AWS: `arn:aws:iam::${ACCOUNT}:root` },
      Action: "s3:*",
      Resource: `arn:aws:s3:::${BUCKET}/*`,
    });
    const a = analyzeBucketPolicy(json, USER, BUCKET, KEY, ["s3:GetObject"]);
    expect(a.actions[0]?.decision).toBe("identity-decides");
    expect(a.actions[0]?.allows[0]?.viaAccount).toBe(true);
  });

  it("service principals are never the caller", () => {
    const json = policy({
      Effect: "Allow",
      Principal: { Service: "logging.s3.amazonaws.com" },
      Action: "s3:PutObject",
      Resource: `arn:aws:s3:::${BUCKET}/*`,
    });
    const a = analyzeBucketPolicy(json, USER, BUCKET, KEY, ["s3:PutObject"]);
    expect(a.actions[0]?.allowsForOthers[0]?.principals).toEqual(["Service:logging.s3.amazonaws.com"]);
  });
});

describe("analyzeBucketPolicy: explicit Deny", () => {
  it("a Deny for everyone on GetObject is an explicit deny, whatever the Allows say", () => {
    const json = policy(
      { Sid: "AllowAll", Effect: "Allow", Principal: "*", Action: "s3:*", Resource: `arn:aws:s3:::${BUCKET}/*` },
      {
        Sid: "DenyStateReads",
        Effect: "Deny",
        Principal: "*",
        Action: "s3:GetObject",
        Resource: `arn:aws:s3:::${BUCKET}/prod/*`,
      },
    );
    const a = analyzeBucketPolicy(json, USER, BUCKET, KEY, ACTIONS);
    expect(a.actions.find((x) => x.action === "s3:GetObject")).toMatchObject({
      decision: "explicit-deny",
      denies: [{ statement: "DenyStateReads", conditional: false }],
    });
    expect(a.decision).toBe("explicit-deny");
  });

  it("NotPrincipal Deny excludes the listed user but denies everybody else", () => {
    const json = policy({
      Sid: "OnlyTerraform",
      Effect: "Deny",
      NotPrincipal: { AWS: [USER.arn, `arn:aws:iam::${ACCOUNT}:root`] },
      Action: "s3:*",
      Resource: `arn:aws:s3:::${BUCKET}/*`,
    });
    expect(decisions(json, USER)["s3:GetObject"]).toBe("identity-decides");
    const other: PolicyCaller = { arn: `arn:aws:iam::${ACCOUNT}:user/alice`, accountId: ACCOUNT };
    expect(decisions(json, other)["s3:GetObject"]).toBe("explicit-deny");
  });

  it("NotPrincipal listing only the role ARN does not exempt its sessions (AWS evaluates the session ARN), and says so", () => {
    const json = policy({
      Sid: "OnlyRole",
      Effect: "Deny",
      NotPrincipal: { AWS: SESSION.roleArn! },
      Action: "s3:GetObject",
      Resource: `arn:aws:s3:::${BUCKET}/*`,
    });
    const a = analyzeBucketPolicy(json, SESSION, BUCKET, KEY, ["s3:GetObject"]);
    expect(a.actions[0]?.decision).toBe("explicit-deny");
    expect(a.notes.join(" ")).toMatch(/NotPrincipal but not the session ARN/);
    const withSession = policy({
      Effect: "Deny",
      NotPrincipal: { AWS: [SESSION.roleArn!, SESSION.arn] },
      Action: "s3:GetObject",
      Resource: `arn:aws:s3:::${BUCKET}/*`,
    });
    expect(analyzeBucketPolicy(withSession, SESSION, BUCKET, KEY, ["s3:GetObject"]).actions[0]?.decision).toBe(
      "identity-decides",
    );
  });

  it("an account ARN in NotPrincipal does not exempt the account's users", () => {
    const json = policy({
      Effect: "Deny",
      NotPrincipal: { AWS: `arn:aws:iam::${ACCOUNT}:root` },
      Action: "s3:GetObject",
      Resource: `arn:aws:s3:::${BUCKET}/*`,
    });
    expect(decisions(json, USER)["s3:GetObject"]).toBe("explicit-deny");
  });

  it("NotAction / NotResource are honoured", () => {
    const json = policy(
      {
        Sid: "DenyAllButRead",
        Effect: "Deny",
        Principal: "*",
        NotAction: ["s3:GetObject", "s3:ListBucket"],
        Resource: `arn:aws:s3:::${BUCKET}/*`,
      },
      {
        Sid: "DenyOutsideProd",
        Effect: "Deny",
        Principal: "*",
        Action: "s3:GetObject",
        NotResource: `arn:aws:s3:::${BUCKET}/prod/*`,
      },
    );
    expect(decisions(json, USER)).toEqual({
      "s3:ListBucket": "identity-decides",
      "s3:GetObject": "identity-decides",
      "s3:PutObject": "explicit-deny",
    });
    const staging = analyzeBucketPolicy(json, USER, BUCKET, "staging/terraform.tfstate", ["s3:GetObject"]);
    expect(staging.actions[0]?.decision).toBe("explicit-deny");
  });

  it("action and resource wildcards: case-insensitive actions, `*` across slashes, `?` one character", () => {
    const json = policy({
      Effect: "Deny",
      Principal: "*",
      Action: "S3:Put*",
      Resource: `arn:aws:s3:::${BUCKET}/pro?/*.tfstate`,
    });
    expect(decisions(json, USER)).toMatchObject({
      "s3:PutObject": "explicit-deny",
      "s3:GetObject": "identity-decides",
    });
    const nested = analyzeBucketPolicy(json, USER, BUCKET, "prod/a/b/terraform.tfstate", ["s3:PutObject"]);
    expect(nested.actions[0]?.decision).toBe("explicit-deny");
  });
});

describe("analyzeBucketPolicy: conditions", () => {
  it("aws:SecureTransport is evaluated when known; otherwise the Deny is possible, not certain", () => {
    const json = policy({
      Sid: "DenyInsecure",
      Effect: "Deny",
      Principal: "*",
      Action: "s3:*",
      Resource: [`arn:aws:s3:::${BUCKET}`, `arn:aws:s3:::${BUCKET}/*`],
      Condition: { Bool: { "aws:SecureTransport": "false" } },
    });
    expect(decisions(json, USER, { secureTransport: true })["s3:GetObject"]).toBe("identity-decides");
    expect(decisions(json, USER, { secureTransport: false })["s3:GetObject"]).toBe("explicit-deny");
    const unknown = analyzeBucketPolicy(json, USER, BUCKET, KEY, ["s3:GetObject"]);
    expect(unknown.actions[0]).toMatchObject({
      decision: "possible-deny",
      notEvaluated: [{ statement: "DenyInsecure", keys: ["Bool aws:SecureTransport"] }],
    });
  });

  it("a Deny-unless-PrincipalArn pattern: evaluated against the role ARN for sessions, the user ARN for users", () => {
    const json = policy({
      Sid: "OnlyTheRole",
      Effect: "Deny",
      Principal: "*",
      Action: "s3:*",
      Resource: `arn:aws:s3:::${BUCKET}/*`,
      Condition: { ArnNotLike: { "aws:PrincipalArn": [`arn:aws:iam::${ACCOUNT}:role/terraform-*`] } },
    });
    expect(decisions(json, SESSION)["s3:GetObject"]).toBe("identity-decides");
    expect(decisions(json, USER)["s3:GetObject"]).toBe("explicit-deny");
  });

  it("an s3:prefix condition on ListBucket is judged with the prefix Terraform sends (env:/)", () => {
    const docsExample = policy({
      Sid: "ListOnlyMyKey",
      Effect: "Allow",
      Principal: { AWS: USER.arn },
      Action: "s3:ListBucket",
      Resource: `arn:aws:s3:::${BUCKET}`,
      Condition: { StringEquals: { "s3:prefix": `${BUCKET}/${KEY}` } },
    });
    const listing = (prefix: string) =>
      analyzeBucketPolicy(docsExample, USER, BUCKET, KEY, [{ action: "s3:ListBucket", prefix }]).actions[0];
    expect(listing("env:/")?.decision).toBe("identity-decides");
    expect(listing("env:/")?.allows).toEqual([]);
    expect(listing(`${BUCKET}/${KEY}`)?.decision).toBe("allowed");
  });

  it("unknown keys and set operators stay unevaluated; an Allow with them is conditional", () => {
    const json = policy({
      Sid: "FromVpce",
      Effect: "Allow",
      Principal: { AWS: USER.arn },
      Action: "s3:GetObject",
      Resource: `arn:aws:s3:::${BUCKET}/*`,
      Condition: {
        StringEquals: { "aws:SourceVpce": "vpce-1a2b3c4d" },
        "ForAnyValue:StringLike": { "aws:PrincipalOrgPaths": "o-x/*" },
      },
    });
    const a = analyzeBucketPolicy(json, USER, BUCKET, KEY, ["s3:GetObject"]).actions[0]!;
    expect(a.decision).toBe("identity-decides");
    expect(a.allows).toEqual([{ statement: "FromVpce", effect: "Allow", viaAccount: false, conditional: true }]);
    expect(a.notEvaluated[0]?.keys).toEqual([
      "StringEquals aws:SourceVpce",
      "ForAnyValue:StringLike aws:PrincipalOrgPaths",
    ]);
  });

  it("a condition that is certainly false removes the statement", () => {
    const json = policy({
      Effect: "Deny",
      Principal: "*",
      Action: "s3:*",
      Resource: `arn:aws:s3:::${BUCKET}/*`,
      Condition: { StringNotEquals: { "aws:PrincipalAccount": ACCOUNT } },
    });
    expect(decisions(json, USER)["s3:GetObject"]).toBe("identity-decides");
    const foreign: PolicyCaller = { arn: `arn:aws:iam::${OTHER}:user/bob`, accountId: OTHER };
    expect(decisions(json, foreign)["s3:GetObject"]).toBe("explicit-deny");
  });
});

describe("analyzeBucketPolicy: cross-account", () => {
  const crossRole: PolicyCaller = {
    arn: `arn:aws:sts::${OTHER}:assumed-role/ci-deployer/run-42`,
    accountId: OTHER,
    roleArn: `arn:aws:iam::${OTHER}:role/ci-deployer`,
  };

  it("without an Allow for the caller, a cross-account call is an implicit deny", () => {
    const a = analyzeBucketPolicy(ROLE_ONLY, crossRole, BUCKET, KEY, ACTIONS, { bucketAccountId: ACCOUNT });
    expect(a.crossAccount).toBe(true);
    expect(a.actions.map((x) => x.decision)).toEqual(["implicit-deny", "implicit-deny", "implicit-deny"]);
  });

  it("an Allow naming the caller's account or role grants the bucket side", () => {
    const json = policy(
      {
        Effect: "Allow",
        Principal: { AWS: `arn:aws:iam::${OTHER}:root` },
        Action: "s3:ListBucket",
        Resource: `arn:aws:s3:::${BUCKET}`,
      },
      {
        Effect: "Allow",
        Principal: { AWS: `arn:aws:iam::${OTHER}:role/ci-deployer` },
        Action: ["s3:GetObject", "s3:PutObject"],
        Resource: `arn:aws:s3:::${BUCKET}/${KEY}`,
      },
    );
    expect(decisions(json, crossRole, { bucketAccountId: ACCOUNT })).toEqual({
      "s3:ListBucket": "allowed",
      "s3:GetObject": "allowed",
      "s3:PutObject": "allowed",
    });
  });

  it("same account (known): an identity Allow suffices, so no Allow in the bucket policy is identity-decides", () => {
    const json = policy({
      Effect: "Allow",
      Principal: { AWS: `arn:aws:iam::${ACCOUNT}:role/other` },
      Action: "s3:GetObject",
      Resource: `arn:aws:s3:::${BUCKET}/*`,
    });
    const a = analyzeBucketPolicy(json, USER, BUCKET, KEY, ["s3:GetObject"], { bucketAccountId: ACCOUNT });
    expect(a.crossAccount).toBe(false);
    expect(a.actions[0]?.decision).toBe("identity-decides");
  });
});

describe("analyzeBucketPolicy: lockfile keys and malformed input", () => {
  it("judges each request's own key (the .tflock object)", () => {
    const json = policy(
      {
        Effect: "Allow",
        Principal: { AWS: USER.arn },
        Action: ["s3:GetObject", "s3:PutObject"],
        Resource: `arn:aws:s3:::${BUCKET}/${KEY}`,
      },
      {
        Sid: "NoLockDelete",
        Effect: "Deny",
        Principal: "*",
        Action: "s3:DeleteObject",
        Resource: `arn:aws:s3:::${BUCKET}/*.tflock`,
      },
    );
    const a = analyzeBucketPolicy(json, USER, BUCKET, KEY, [
      { action: "s3:PutObject", key: `${KEY}.tflock` },
      { action: "s3:DeleteObject", key: `${KEY}.tflock` },
      { action: "s3:PutObject", key: KEY },
    ]);
    expect(a.actions.map((x) => [x.resource, x.decision])).toEqual([
      [`arn:aws:s3:::${BUCKET}/${KEY}.tflock`, "identity-decides"],
      [`arn:aws:s3:::${BUCKET}/${KEY}.tflock`, "explicit-deny"],
      [`arn:aws:s3:::${BUCKET}/${KEY}`, "allowed"],
    ]);
  });

  it("a single Statement object and string Action/Resource are accepted", () => {
    const json = JSON.stringify({
      Statement: { Effect: "Deny", Principal: "*", Action: "s3:PutObject", Resource: `arn:aws:s3:::${BUCKET}/*` },
    });
    expect(decisions(json, USER)["s3:PutObject"]).toBe("explicit-deny");
  });

  it("invalid JSON or a statement without Effect is reported, not thrown", () => {
    expect(analyzeBucketPolicy("{not json", USER, BUCKET, KEY, ACTIONS)).toMatchObject({
      valid: false,
      decision: "identity-decides",
    });
    expect(analyzeBucketPolicy(policy({ Principal: "*", Action: "s3:*" }), USER, BUCKET, KEY, ACTIONS)).toMatchObject({
      valid: false,
      error: "statement #1 has no valid Effect",
    });
  });

  it("an aws-cn caller gets aws-cn resource ARNs", () => {
    const cn: PolicyCaller = { arn: `arn:aws-cn:iam::${ACCOUNT}:user/terraform-access`, accountId: ACCOUNT };
    const json = policy({
      Effect: "Deny",
      Principal: "*",
      Action: "s3:GetObject",
      Resource: `arn:aws-cn:s3:::${BUCKET}/*`,
    });
    expect(decisions(json, cn)["s3:GetObject"]).toBe("explicit-deny");
  });
});
