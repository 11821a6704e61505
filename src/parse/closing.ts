import { isSignature } from './metadata.js';

/**
 * Where the plan's items end, kept as data. A document's numbered items are followed by its closing
 * paragraphs (requirements to every department, when it takes effect), the issuer's signature and date,
 * a publication note and attachments; none of those belong to the last item.
 */

/** Opening words of a closing paragraph, printed after the last item. */
export const closingParagraphs: Array<{ pattern: RegExp; note: string }> = [
  {
    pattern:
      /^(?:各地区、?各部门|各地、?各(?:有关)?部门|各有关部门|各省(?:、自治区、直辖市|\(区、市\))|各区、?各(?:有关)?部门|各级各部门|各单位|各地各单位)(?:和各单位)?(?:要|应|须)/,
    note: '各地区各部门要…: the closing charge to everyone',
  },
  { pattern: /^(?:本|此)(?:通知|意见|方案|办法|规定|细则|计划|要点|措施|决定)(?:自|从|由|所称|未尽)/, note: '本通知自…施行 / 本方案由…负责解释' },
  { pattern: /^自本(?:通知|意见|方案|办法|决定)(?:印发|发布|施行)之日起/, note: '自本通知印发之日起, 《…》停止执行' },
  { pattern: /^(?:以上|上述)(?:各项)?(?:任务|工作|措施|政策)(?:要|应|须|由|自)/, note: '以上各项任务要…: a summing-up of all items' },
  { pattern: /^(?:特此通知|特此通告|请认真贯彻(?:落实|执行)|请结合实际)/, note: '特此通知 / 请认真贯彻执行' },
];

export function isClosingParagraph(p: string): boolean {
  return closingParagraphs.some((c) => c.pattern.test(p));
}

/** A date printed alone under a signature (2018年11月16日). */
export const SIGNATURE_DATE = /^(?:19|20)\d{2}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日$/;

export { isSignature };
