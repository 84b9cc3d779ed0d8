/**
 * The runtime names @tfwhy/core exports. A new name is a promise to library users: add it here on purpose.
 * Internals stay reachable inside core by relative imports, and through the subpaths (/testing, /redact, /errors).
 */
import { expect, it } from "vitest";
import * as core from "../src/index.js";

const PUBLIC_RUNTIME_NAMES = [
  "AwsCallError",
  "BackendConfigFileNotFoundError",
  "DIAGNOSTIC_CODES",
  "InternalError",
  "InvalidInputError",
  "NestingTooDeepError",
  "NoS3RootModuleError",
  "NotS3BackendError",
  "STEP_REASON_CODES",
  "TfwhyError",
  "backendPolicy",
  "VERIFY_CHECK_CODES",
  "checkCode",
  "createNodeWorld",
  "explainCredentials",
  "explainTree",
  "isValidWorkspaceName",
  "maskAccessKeyId",
  "statementGranting",
  "verifyBackend",
  "verifyTree",
];

it("exports exactly the public runtime names", () => {
  expect(Object.keys(core).sort()).toEqual([...PUBLIC_RUNTIME_NAMES].sort());
});
