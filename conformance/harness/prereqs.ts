/** Is real Terraform + moto available? Returns why not, or null when the suite can run. */
import { spawnSync } from "node:child_process";

export function missingPrerequisite(): string | null {
  const tf = spawnSync(process.env["TFWHY_TERRAFORM"] ?? "terraform", ["version"], {
    encoding: "utf8",
    env: { PATH: process.env["PATH"] ?? "", CHECKPOINT_DISABLE: "1", HOME: "/nonexistent" },
  });
  if (tf.error || tf.status !== 0) return "terraform is not on PATH";
  const moto = spawnSync("python3", ["-c", "import moto, werkzeug, boto3"], { encoding: "utf8" });
  if (moto.error || moto.status !== 0)
    return "python3 with moto[server] and boto3 is not available (pip install 'moto[server]==5.2.1' boto3)";
  return null;
}

/** `Terraform v1.11.4` and `5.2.1`, for the report header. */
export function toolVersions(): { terraform: string; moto: string } {
  const tf = spawnSync(process.env["TFWHY_TERRAFORM"] ?? "terraform", ["version"], {
    encoding: "utf8",
    env: { PATH: process.env["PATH"] ?? "", CHECKPOINT_DISABLE: "1", HOME: "/nonexistent" },
  });
  const moto = spawnSync("python3", ["-c", "import moto; print(moto.__version__)"], { encoding: "utf8" });
  return { terraform: (tf.stdout ?? "").split("\n")[0]?.trim() ?? "?", moto: (moto.stdout ?? "").trim() || "?" };
}
