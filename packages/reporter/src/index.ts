export { renderJson, renderRecursiveJson } from "./json.js";
export { renderMarkdown, renderRecursiveMarkdown } from "./markdown.js";
export type {
  ModuleError,
  ModuleResult,
  RecursiveReport,
  RecursiveVerifyReport,
  VerifyModuleResult,
} from "./modules.js";
export {
  type PolicyJsonDocument,
  renderPolicyJson,
  renderPolicyMarkdown,
  renderPolicyText,
} from "./policy.js";
export { renderRecursiveText } from "./recursive-text.js";
export {
  renderRecursiveVerifyJson,
  renderRecursiveVerifyMarkdown,
  renderRecursiveVerifySarif,
  renderRecursiveVerifyText,
} from "./recursive-verify.js";
export type { RenderSarifOptions } from "./sarif.js";
export { renderSarif, TERRAFORM_FAILS_RULE } from "./sarif.js";
export type { RenderTextOptions } from "./text.js";
export { renderText } from "./text.js";
export { renderVerifyJson, renderVerifyMarkdown, renderVerifySarif, renderVerifyText } from "./verify.js";
