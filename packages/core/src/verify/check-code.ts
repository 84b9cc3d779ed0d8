import type { VerifyCheckCode } from "../trace.js";
import type { CheckId } from "./report.js";

/** A check id without its hop index: `credentials.assume-role[1]` → `credentials.assume-role`. */
export type CheckKind = CheckId extends infer I ? (I extends `${infer K}[${number}]` ? K : I) : never;

/** The check's code (catalogued in VERIFY_CHECK_CODES): `verify.` and its kind. */
export function checkCode(id: CheckId): VerifyCheckCode {
  return `verify.${checkKind(id)}`;
}

export function checkKind(id: CheckId): CheckKind {
  return id.startsWith("credentials.assume-role[") ? "credentials.assume-role" : (id as Exclude<CheckId, HopId>);
}

type HopId = `credentials.assume-role[${number}]`;

/** Every check kind has a catalogued code, and every catalogued code a check kind. */
type SameSet<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const everyKindCatalogued: SameSet<`verify.${CheckKind}`, VerifyCheckCode> = true;
void everyKindCatalogued;
