import { chineseToNumber } from './chinese-numerals.js';

/**
 * Deadline phrases, as data: each resolves to the last day it allows, given the plan year. A phrase that
 * names its own year (`到2018年底`) uses that year; the others (`年底前`, `上半年`, `6月底前`) mean the plan year.
 */
interface DeadlinePhrase {
  pattern: RegExp;
  resolve: (m: RegExpExecArray, planYear: number) => string | null;
}

const iso = (y: number, m: number, d: number) => `${y}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
const endOfMonth = (y: number, m: number) => (m >= 1 && m <= 12 ? iso(y, m, new Date(Date.UTC(y, m, 0)).getUTCDate()) : null);

export const deadlinePhrases: DeadlinePhrase[] = [
  { pattern: /(?:到|至|在|于)?(\d{4})年(\d{1,2})月(\d{1,2})日前/g, resolve: (m) => iso(Number(m[1]), Number(m[2]), Number(m[3])) },
  { pattern: /(?:到|至|在|于)?(\d{4})年(\d{1,2})月(?:底|末|份)?(?:前|之前)/g, resolve: (m) => endOfMonth(Number(m[1]), Number(m[2])) },
  { pattern: /(?:到|至|在|于)?(\d{4})年(?:上半年)/g, resolve: (m) => iso(Number(m[1]), 6, 30) },
  { pattern: /(?:到|至|在|于)?(\d{4})年(?:年底|底|末|年末|下半年)(?:前|之前)?/g, resolve: (m) => iso(Number(m[1]), 12, 31) },
  { pattern: /(?:到|至|在|于)?(\d{4})年(?:内|前|之前)/g, resolve: (m) => iso(Number(m[1]), 12, 31) },
  { pattern: /(\d{1,2})月(\d{1,2})日(?:前|之前)/g, resolve: (m, y) => iso(y, Number(m[1]), Number(m[2])) },
  { pattern: /(\d{1,2})月(?:底|末|份)?(?:前|之前)|(\d{1,2})月底/g, resolve: (m, y) => endOfMonth(y, Number(m[1] ?? m[2])) },
  { pattern: /第([一二三四1-4])季度(?:末|前)?/g, resolve: (m, y) => endOfMonth(y, (chineseToNumber(m[1]!) ?? 4) * 3) },
  { pattern: /上半年/g, resolve: (_m, y) => iso(y, 6, 30) },
  { pattern: /(?:年底前|年底|年末|年度内|年内|今年内|本年度内|下半年)/g, resolve: (_m, y) => iso(y, 12, 31) },
];

export interface DeadlineHit {
  text: string;
  deadline: string;
  index: number;
}

/** Every deadline phrase in a text, left to right; overlapping matches keep the longest (most specific). */
export function findDeadlines(text: string, planYear: number): DeadlineHit[] {
  const hits: DeadlineHit[] = [];
  for (const phrase of deadlinePhrases) {
    phrase.pattern.lastIndex = 0;
    for (let m = phrase.pattern.exec(text); m; m = phrase.pattern.exec(text)) {
      const deadline = phrase.resolve(m, planYear);
      if (!deadline) continue;
      const hit = { text: m[0], deadline, index: m.index };
      const overlap = hits.findIndex((h) => h.index < hit.index + hit.text.length && hit.index < h.index + h.text.length);
      if (overlap === -1) hits.push(hit);
      else if (hits[overlap]!.text.length < hit.text.length) hits[overlap] = hit;
    }
  }
  return hits.sort((a, b) => a.index - b.index);
}

export function planYearEnd(planYear: number): string {
  return iso(planYear, 12, 31);
}
