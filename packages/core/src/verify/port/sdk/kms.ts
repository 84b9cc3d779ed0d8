/** KMS: the key a state write encrypts with. */
import type { AwsPort, SignedTarget } from "../aws-port.js";
import type { Seen } from "./budget.js";
import { baseConfig, creds, runSdkCall as run } from "./client.js";
import { load } from "./load.js";

const kms = (target: SignedTarget) => async (seen: Seen) => {
  const { KMSClient } = await load.kms();
  return new KMSClient({ ...(await baseConfig(target, seen)), credentials: creds(target.credentials) });
};

export function kmsCalls(): Pick<AwsPort, "describeKey" | "generateDataKey"> {
  return {
    describeKey: (target, keyId) =>
      run("kms:DescribeKey", target, kms(target), async (client, abortSignal) => {
        const { DescribeKeyCommand } = await load.kms();
        const out = await client.send(new DescribeKeyCommand({ KeyId: keyId }), { abortSignal });
        const m = out.KeyMetadata;
        return {
          keyId: m?.KeyId ?? keyId,
          arn: m?.Arn ?? "",
          state: m?.KeyState ?? (m?.Enabled === false ? "Disabled" : "Enabled"),
          keyManager: m?.KeyManager ?? null,
        };
      }),

    generateDataKey: (target, keyId) =>
      run("kms:GenerateDataKey", target, kms(target), async (client, abortSignal) => {
        const { GenerateDataKeyCommand } = await load.kms();
        await client.send(new GenerateDataKeyCommand({ KeyId: keyId, KeySpec: "AES_256" }), { abortSignal });
      }),
  };
}
