/** STS and the SSO portal: the calls that turn a source or a role hop into credentials. */
import type { AwsCredentials, AwsPort, CallTarget } from "../aws-port.js";
import type { Seen } from "./budget.js";
import { baseConfig, creds, runSdkCall as run } from "./client.js";
import { invalid } from "./errors.js";
import { load } from "./load.js";

const sts = (target: CallTarget, credentials?: AwsCredentials) => async (seen: Seen) => {
  const { STSClient } = await load.sts();
  return new STSClient({
    ...(await baseConfig(target, seen)),
    ...(credentials ? { credentials: creds(credentials) } : {}),
  });
};

export function stsCalls(): Pick<
  AwsPort,
  "getCallerIdentity" | "assumeRole" | "assumeRoleWithWebIdentity" | "getRoleCredentials"
> {
  return {
    getCallerIdentity: (target) =>
      run("sts:GetCallerIdentity", target, sts(target, target.credentials), async (client, abortSignal) => {
        const { GetCallerIdentityCommand } = await load.sts();
        const out = await client.send(new GetCallerIdentityCommand({}), { abortSignal });
        if (!out.Account || !out.Arn)
          throw invalid("sts:GetCallerIdentity", "GetCallerIdentity returned no account or ARN");
        return { account: out.Account, arn: out.Arn, userId: out.UserId ?? "" };
      }),

    assumeRole: (target, p) =>
      run("sts:AssumeRole", target, sts(target, target.credentials), async (client, abortSignal) => {
        const { AssumeRoleCommand } = await load.sts();
        const out = await client.send(
          new AssumeRoleCommand({
            RoleArn: p.roleArn,
            RoleSessionName: p.sessionName,
            ...(p.externalId ? { ExternalId: p.externalId } : {}),
            ...(p.durationSeconds ? { DurationSeconds: p.durationSeconds } : {}),
            ...(p.policy ? { Policy: p.policy } : {}),
            ...(p.policyArns?.length ? { PolicyArns: p.policyArns.map((arn) => ({ arn })) } : {}),
            ...(p.tags ? { Tags: Object.entries(p.tags).map(([Key, Value]) => ({ Key, Value })) } : {}),
            ...(p.transitiveTagKeys?.length ? { TransitiveTagKeys: [...p.transitiveTagKeys] } : {}),
            ...(p.sourceIdentity ? { SourceIdentity: p.sourceIdentity } : {}),
          }),
          { abortSignal },
        );
        return {
          ...stsCredentials("sts:AssumeRole", out.Credentials),
          ...(out.AssumedRoleUser?.Arn ? { assumedRoleArn: out.AssumedRoleUser.Arn } : {}),
        };
      }),

    assumeRoleWithWebIdentity: (target, p) =>
      run("sts:AssumeRoleWithWebIdentity", target, sts(target), async (client, abortSignal) => {
        const { AssumeRoleWithWebIdentityCommand } = await load.sts();
        const out = await client.send(
          new AssumeRoleWithWebIdentityCommand({
            RoleArn: p.roleArn,
            RoleSessionName: p.sessionName,
            WebIdentityToken: p.webIdentityToken,
            ...(p.durationSeconds ? { DurationSeconds: p.durationSeconds } : {}),
            ...(p.policy ? { Policy: p.policy } : {}),
            ...(p.policyArns?.length ? { PolicyArns: p.policyArns.map((arn) => ({ arn })) } : {}),
          }),
          { abortSignal },
        );
        return {
          ...stsCredentials("sts:AssumeRoleWithWebIdentity", out.Credentials),
          ...(out.AssumedRoleUser?.Arn ? { assumedRoleArn: out.AssumedRoleUser.Arn } : {}),
        };
      }),

    getRoleCredentials: (target, p) =>
      run(
        "sso:GetRoleCredentials",
        target,
        async (seen) => {
          const { SSOClient } = await load.sso();
          return new SSOClient(await baseConfig(target, seen));
        },
        async (client, abortSignal) => {
          const { GetRoleCredentialsCommand } = await load.sso();
          const out = await client.send(
            new GetRoleCredentialsCommand({ accessToken: p.accessToken, accountId: p.accountId, roleName: p.roleName }),
            { abortSignal },
          );
          const c = out.roleCredentials;
          if (!c?.accessKeyId || !c.secretAccessKey)
            throw invalid("sso:GetRoleCredentials", "GetRoleCredentials returned no credentials");
          return {
            accessKeyId: c.accessKeyId,
            secretAccessKey: c.secretAccessKey,
            ...(c.sessionToken ? { sessionToken: c.sessionToken } : {}),
            ...(c.expiration ? { expiration: new Date(c.expiration) } : {}),
          };
        },
      ),
  };
}

function stsCredentials(
  operation: string,
  c:
    | {
        AccessKeyId?: string | undefined;
        SecretAccessKey?: string | undefined;
        SessionToken?: string | undefined;
        Expiration?: Date | undefined;
      }
    | undefined,
): AwsCredentials {
  if (!c?.AccessKeyId || !c.SecretAccessKey) throw invalid(operation, "STS returned no credentials");
  return {
    accessKeyId: c.AccessKeyId,
    secretAccessKey: c.SecretAccessKey,
    ...(c.SessionToken ? { sessionToken: c.SessionToken } : {}),
    ...(c.Expiration ? { expiration: c.Expiration } : {}),
  };
}
