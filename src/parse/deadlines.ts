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
const daysIn = (y: number, m: number) => new Date(Date.UTC(y, m, 0)).getUTCDate();
const endOfMonth = (y: number, m: number) => (m >= 1 && m <= 12 ? iso(y, m, daysIn(y, m)) : null);
/** A day that exists on the calendar; "2月30日前" is a typo, not a deadline. */
const calendarDay = (y: number, m: number, d: number) => (m >= 1 && m <= 12 && d >= 1 && d <= daysIn(y, m) ? iso(y, m, d) : null);

/**
 * A count of years before 年内 makes it a duration (三年内, 5年内, 10年内), not "within this year". Three
 * digits or more are what is left of a year whose first digit the source lost (?022年内).
 */
const NOT_AFTER_A_COUNT = '(?<![一二三四五六七八九十两几多数半]|(?<!\\d\\d)\\d)';

export const deadlinePhrases: DeadlinePhrase[] = [
  { pattern: /(?:到|至|在|于)?(\d{4})年(\d{1,2})月(\d{1,2})日前/g, resolve: (m) => calendarDay(Number(m[1]), Number(m[2]), Number(m[3])) },
  { pattern: /(?:到|至|在|于)?(\d{4})年(\d{1,2})月(?:底|末|份)?(?:前|之前)/g, resolve: (m) => endOfMonth(Number(m[1]), Number(m[2])) },
  { pattern: /(?:到|至|在|于)?(\d{4})年(?:上半年)/g, resolve: (m) => iso(Number(m[1]), 6, 30) },
  { pattern: /(?:到|至|在|于)?(\d{4})年(?:年底|底|末|年末|下半年)(?:前|之前)?/g, resolve: (m) => iso(Number(m[1]), 12, 31) },
  { pattern: /(?:到|至|在|于)?(\d{4})年(?:内|前|之前)/g, resolve: (m) => iso(Number(m[1]), 12, 31) },
  { pattern: /(\d{1,2})月(\d{1,2})日(?:前|之前)/g, resolve: (m, y) => calendarDay(y, Number(m[1]), Number(m[2])) },
  { pattern: /(\d{1,2})月(?:底|末|份)?(?:前|之前)|(\d{1,2})月底/g, resolve: (m, y) => endOfMonth(y, Number(m[1] ?? m[2])) },
  { pattern: /第([一二三四1-4])季度(?:末|前)?/g, resolve: (m, y) => endOfMonth(y, (chineseToNumber(m[1]!) ?? 4) * 3) },
  { pattern: /上半年/g, resolve: (_m, y) => iso(y, 6, 30) },
  // "到2025年,建成…": the target year alone. Not a range's end (2021至2025年, 2021年至2025年) or a status date (截至2021年).
  { pattern: /(?<![\d截年])(?:到|至)(\d{4})年(?![\d月度])/g, resolve: (m) => iso(Number(m[1]), 12, 31) },
  { pattern: new RegExp(`(?:年底前|年底|年末|年度内|${NOT_AFTER_A_COUNT}年内|今年内|本年度内|下半年)`, 'g'), resolve: (_m, y) => iso(y, 12, 31) },
];

/** "比2022年末增长10%", "较上年底": the date a change is measured from, not one a target must be met by. */
const COMPARISON_BASE_BEFORE = /(?:比|较)(?:上|去)?\s*$/;

/** The year's digits are skipped, so "比2022年末" is refused by the bare 年末 phrase too. */
function isComparisonBase(text: string, index: number): boolean {
  return COMPARISON_BASE_BEFORE.test(text.slice(Math.max(0, index - 12), index).replace(/\d+$/, ''));
}

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
      if (!deadline || isComparisonBase(text, m.index)) continue;
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
