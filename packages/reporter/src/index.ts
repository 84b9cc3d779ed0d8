export { renderText, renderRecursiveText } from "./text.js";
export type { RenderTextOptions } from "./text.js";
export { renderJson, renderRecursiveJson } from "./json.js";
export { renderMarkdown, renderRecursiveMarkdown } from "./markdown.js";
export { renderSarif, TERRAFORM_FAILS_RULE } from "./sarif.js";
export type { RenderSarifOptions } from "./sarif.js";
export type { ModuleError, ModuleResult, RecursiveReport, RecursiveVerifyReport, VerifyModuleResult } from "./modules.js";
export { renderVerifyText, renderVerifyMarkdown, renderVerifyJson, renderVerifySarif } from "./verify.js";
export { renderRecursiveVerifyText, renderRecursiveVerifyMarkdown, renderRecursiveVerifyJson, renderRecursiveVerifySarif } from "./recursive-verify.js";
