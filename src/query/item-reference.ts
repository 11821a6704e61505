import { chineseToNumber, numberToChinese } from '../parse/chinese-numerals.js';
import type { PlanDocument } from '../items/index.js';
import { regionAliases } from '../items/region-name.js';

export interface ItemReference {
  /** Documents the reference names (by id, region or year); empty: it names none. */
  docIds: string[];
  /** The label as typed, tidied (第9条 → 9). */
  label: string;
  /** Every printed form that label may take: 24, 二十四, (二十四), 二十四、. */
  forms: string[];
}

/**
 * "/item 龙岗 9", "/item 深圳 24", "/item 深圳 二十四", "/item 龙岗 第9条", "/item 广州 三(四)二是": a document
 * named by id, region or year, and an item label as people type it. A number typed in figures or in Chinese
 * numerals matches the label in either form, with or without the brackets or the 、 of the document's numbering.
 */
export function readItemReference(text: string, documents: PlanDocument[]): ItemReference {
  const q = text.normalize('NFKC').trim();
  const named = documents.filter((d) => q.includes(d.id) || regionAliases(d.region).some((n) => q.includes(n)));
  const year = q.match(/(?:19|20)\d{2}/)?.[0];
  const byYear = (named.length ? named : documents).filter((d) => !year || d.year === Number(year));
  const docIds = (byYear.length ? byYear : named).map((d) => d.id);
  let rest = q;
  for (const d of documents) for (const n of [d.id, ...regionAliases(d.region)].sort((a, b) => b.length - a.length)) rest = rest.split(n).join(' ');
  if (year) rest = rest.replace(year, ' ').replace(/^\s*年度?/, ' ');
  const label = rest
    .replace(/\s+/g, '')
    .replace(/^第(.+?)[条项]?$/u, '$1')
    .replace(/[条项]$/u, '');
  return { docIds: named.length || year ? docIds : [], label, forms: labelForms(label) };
}

/** The printed forms a typed label may stand for. */
export function labelForms(label: string): string[] {
  if (!label) return [];
  const bare = label.replace(/^[((](.+)[))]$/u, '$1').replace(/、$/u, '');
  const n = chineseToNumber(bare);
  if (n === null || n < 1 || n > 99) return [...new Set([label, bare])];
  const han = numberToChinese(n);
  return [...new Set([label, String(n), han, `(${han})`, `${han}、`, `(${n})`, `${n}.`, `${n}、`])];
}
