import {
  chmodSync,
  existsSync,
  lstatSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from "node:fs";
import * as fs from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { recordFigures } from "../../../reliability/record.js";
import { describeFsError, type WriteFs, writeReportFile } from "./write-report.js";

const errno = (code: string, message = `${code}: simulated, write`) => Object.assign(new Error(message), { code });

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), "tfwhy-write-report-"));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

type Step = "open" | "writeFile" | "chmod" | "sync" | "close" | "rename";

/** Node's fs, failing at `step`; a failing writeFile first writes half of the text, as a full disk would. */
function failingAt(step: Step, code = "ENOSPC"): WriteFs {
  return {
    stat: fs.stat,
    realpath: fs.realpath,
    writeFile: fs.writeFile,
    rm: fs.rm,
    async rename(from, to) {
      if (step === "rename") throw errno(code);
      return fs.rename(from, to);
    },
    async open(path, flags, mode) {
      if (step === "open") throw errno(code);
      const handle = await fs.open(path, flags, mode);
      return {
        async writeFile(text: string) {
          if (step !== "writeFile") return handle.writeFile(text);
          await handle.writeFile(text.slice(0, text.length / 2));
          throw errno(code);
        },
        async chmod(m: number) {
          if (step === "chmod") throw errno(code);
          return handle.chmod(m);
        },
        async sync() {
          if (step === "sync") throw errno(code);
          return handle.sync();
        },
        async close() {
          await handle.close();
          if (step === "close") throw errno(code);
        },
      };
    },
  };
}

const report = `${"x".repeat(100_000)}\nend of report\n`;

describe("writeReportFile: atomic, never a half report", () => {
  it("creates a new file, and replaces an existing one whole", async () => {
    const path = join(dir, "r.json");
    expect(await writeReportFile(path, "first\n")).toEqual({ state: "written" });
    expect(await writeReportFile(path, report)).toEqual({ state: "written" });
    expect(readFileSync(path, "utf8")).toBe(report);
    expect(readdirSync(dir)).toEqual(["r.json"]);
  });

  it("a failure at any step leaves the old report as it was and no temporary file", async () => {
    const path = join(dir, "r.json");
    let faults = 0;
    let changed = 0;
    let leftovers = 0;
    const steps: Step[] = ["open", "writeFile", "chmod", "sync", "close", "rename"];
    for (const step of steps) {
      for (const code of ["ENOSPC", "EIO", "EDQUOT"]) {
        writeFileSync(path, "old report\n", { mode: 0o640 });
        chmodSync(path, 0o640);
        const result = await writeReportFile(path, report, failingAt(step, code));
        faults++;
        if (readFileSync(path, "utf8") !== "old report\n") changed++;
        leftovers += readdirSync(dir).length - 1;
        expect(result.state, `${step} ${code}`).toBe("failed");
        expect(readFileSync(path, "utf8"), `${step} ${code}`).toBe("old report\n");
        expect(readdirSync(dir), `${step} ${code}`).toEqual(["r.json"]);
      }
    }
    // A new file is not created either when the write fails (a new file gets the default mode: no chmod).
    const fresh = join(dir, "new.json");
    for (const step of steps.filter((s) => s !== "chmod")) {
      expect((await writeReportFile(fresh, report, failingAt(step))).state).toBe("failed");
      faults++;
      if (existsSync(fresh)) changed++;
      leftovers += readdirSync(dir).length - 1;
      expect(existsSync(fresh)).toBe(false);
      expect(readdirSync(dir)).toEqual(["r.json"]);
    }
    recordFigures("output-writes", {
      "faults injected (open, write half then fail, chmod, fsync, close, rename × ENOSPC/EIO/EDQUOT, and on a new file)":
        faults,
      "truncated or changed reports after a failure": changed,
      "temporary files left after a failure": leftovers,
    });
  });

  it("says what went wrong in words", async () => {
    expect(await writeReportFile(join(dir, "r.json"), report, failingAt("writeFile", "ENOSPC"))).toEqual({
      state: "failed",
      message: "no space left on the device",
    });
    expect(await writeReportFile(join(dir, "r.json"), report, failingAt("open", "EACCES"))).toEqual({
      state: "failed",
      message: "permission denied",
    });
    expect(await writeReportFile(dir, report)).toEqual({ state: "failed", message: "it is a directory" });
    expect(await writeReportFile(join(dir, "nope", "r.json"), report)).toEqual({
      state: "failed",
      message: `directory ${join(dir, "nope")} does not exist`,
    });
    writeFileSync(join(dir, "file"), "");
    expect(await writeReportFile(join(dir, "file", "r.json"), report)).toEqual({
      state: "failed",
      message: "a part of the path is not a directory",
    });
    for (const code of ["ENOSPC", "EPERM", "EACCES", "ENOENT", "EISDIR", "EROFS", "EIO"])
      expect(describeFsError(errno(code))).not.toMatch(/[A-Z]{3,}/);
    expect(describeFsError(errno("EWEIRD", "EWEIRD: something odd happened, open '/x'"))).toBe(
      "something odd happened",
    );
  });

  it("keeps an existing report's permissions, and follows a symlink instead of replacing it", async () => {
    const path = join(dir, "r.json");
    writeFileSync(path, "old\n");
    chmodSync(path, 0o600);
    await writeReportFile(path, report);
    expect(statSync(path).mode & 0o777).toBe(0o600);

    mkdirSync(join(dir, "reports"));
    writeFileSync(join(dir, "reports", "real.json"), "old\n");
    symlinkSync(join(dir, "reports", "real.json"), join(dir, "link.json"));
    expect(await writeReportFile(join(dir, "link.json"), report)).toEqual({ state: "written" });
    expect(lstatSync(join(dir, "link.json")).isSymbolicLink()).toBe(true);
    expect(readFileSync(join(dir, "reports", "real.json"), "utf8")).toBe(report);
    expect(readdirSync(join(dir, "reports"))).toEqual(["real.json"]);
  });

  it("writes a device such as /dev/null directly instead of renaming over it", async () => {
    expect(await writeReportFile("/dev/null", report)).toEqual({ state: "written" });
    expect(statSync("/dev/null").isCharacterDevice()).toBe(true);
  });
});
