import { chineseToNumber } from './chinese-numerals.js';

/**
 * Deadline phrases as a grammar kept as data: each entry is one way plans write "by when", with a note on
 * its general usage, and resolves to the last day it allows. A phrase that names its own year
 * (`到2018年底`) uses that year; the others (`年底前`, `上半年`, `6月底前`) mean the plan year. Relative
 * phrases count from the document's date (`自印发之日起30日内`) or the plan year (`3年内`); recurring ones
 * (`每年3月底前`) give their first due date and the rule to repeat; open-ended ones (`长期坚持`) say there is
 * no deadline.
 */

export type DeadlineKind = 'date' | 'period-end' | 'relative' | 'recurring';
export type Repeat = 'year' | 'half-year' | 'quarter' | 'month';

export interface DeadlineContext {
  planYear: number;
  /** The document's date (成文日期, or the date under the signature), ISO; what 印发之日起 counts from. */
  issued?: string | null;
}

interface Resolved {
  deadline: string | null;
  repeat?: Repeat;
}

export interface DeadlinePhrase {
  name: string;
  /** The general usage this entry stands for. */
  note: string;
  pattern: RegExp;
  kind: DeadlineKind;
  resolve: (m: RegExpExecArray, ctx: DeadlineContext) => Resolved | string | null;
}

const iso = (y: number, m: number, d: number) => `${y}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
const daysIn = (y: number, m: number) => new Date(Date.UTC(y, m, 0)).getUTCDate();
const endOfMonth = (y: number, m: number) => (m >= 1 && m <= 12 ? iso(y, m, daysIn(y, m)) : null);
/** The last day before month m (m = 1 is the previous year's 12-31): what "10月前" allows. */
const beforeMonth = (y: number, m: number) => (m >= 1 && m <= 12 ? (m === 1 ? iso(y - 1, 12, 31) : endOfMonth(y, m - 1)) : null);
/** A day that exists on the calendar; "2月30日前" is a typo, not a deadline. */
const calendarDay = (y: number, m: number, d: number) => (m >= 1 && m <= 12 && d >= 1 && d <= daysIn(y, m) ? iso(y, m, d) : null);
const num = (s: string | undefined): number | null => (s === undefined ? null : chineseToNumber(s));
const yearOr = (s: string | undefined, ctx: DeadlineContext) => (s ? Number(s) : ctx.planYear);
/** 上旬 ends on the 10th, 中旬 on the 20th, 下旬 with the month. */
const dekadEnd = (y: number, m: number, part: string) => (part === '上' ? calendarDay(y, m, 10) : part === '中' ? calendarDay(y, m, 20) : endOfMonth(y, m));

function addDays(isoDate: string, days: number): string {
  const d = new Date(`${isoDate}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

function addMonths(isoDate: string, months: number): string {
  const [y, m, d] = isoDate.split('-').map(Number) as [number, number, number];
  const total = m - 1 + months;
  const ny = y + Math.floor(total / 12);
  const nm = (total % 12) + 1;
  return iso(ny, nm, Math.min(d, daysIn(ny, nm)));
}

/**
 * The first day a recurring deadline falls on: in the year it starts (`2020年起每年3月底前`), else the first
 * one on or after the document's date, else the one in the plan year.
 */
function firstOccurrence(candidates: (year: number) => string[], ctx: DeadlineContext, fromYear?: number): string | null {
  const start = fromYear ?? ctx.planYear;
  const after = fromYear === undefined && ctx.issued ? ctx.issued : `${start}-01-01`;
  for (let y = Math.min(start, Number(after.slice(0, 4))); y <= start + 2; y++) {
    for (const c of candidates(y)) if (c >= after) return c;
  }
  return null;
}

const Q = '([一二三四1-4])';
const YEAR = '(?:(\\d{4})年)?';
/** Chinese or Arabic count: 30, 三十, 两. */
const COUNT = '(\\d{1,3}|[一二两三四五六七八九十]{1,3})';
/**
 * A count of years before 年内 makes it a duration (三年内, 5年内), not "within this year". Three digits or
 * more are what is left of a year whose first digit the source lost (?022年内).
 */
const NOT_AFTER_A_COUNT = '(?<![一二三四五六七八九十两几多数半]|(?<!\\d\\d)\\d)';
/** 年中 the time of year, not 年中央 / 年中期 / 年中国… */
const NOT_A_WORD_AFTER_ZHONG = '(?![央国共期心小学医药华部西东南北级等高层青老外文])';

export const deadlinePhrases: DeadlinePhrase[] = [
  // ── recurring: first due date and the rule ─────────────────────────────────────────────────────────
  {
    name: 'yearly-month',
    note: '(2020年起)每年3月底前 / 每年6月30日前: once a year, from the year printed or the next one after the document',
    pattern: /(?:(\d{4})年(?:起|开始)[,,]?\s*(?:[^\d,,。;;]{0,12}?)?)?每年(?:的)?(\d{1,2})月(?:(\d{1,2})日|(底|末|份))?(?:前|之前|以前)?/g,
    kind: 'recurring',
    resolve: (m, ctx) => {
      const month = Number(m[2]);
      const day = m[3] ? Number(m[3]) : null;
      if (month < 1 || month > 12) return null;
      const at = (y: number) => (day ? calendarDay(y, month, day) : endOfMonth(y, month));
      const first = firstOccurrence((y) => [at(y)].filter((d): d is string => d !== null), ctx, m[1] ? Number(m[1]) : undefined);
      return { deadline: first, repeat: 'year' };
    },
  },
  {
    name: 'quarterly',
    note: '每季度 / 每季度末: at the end of every quarter',
    pattern: /每(?:个)?季度(?:末|结束前|结束后)?/g,
    kind: 'recurring',
    resolve: (_m, ctx) => ({ deadline: firstOccurrence((y) => [3, 6, 9, 12].map((q) => endOfMonth(y, q)!), ctx), repeat: 'quarter' }),
  },
  {
    name: 'half-yearly',
    note: '每半年: at the end of every half year',
    pattern: /每半年/g,
    kind: 'recurring',
    resolve: (_m, ctx) => ({ deadline: firstOccurrence((y) => [iso(y, 6, 30), iso(y, 12, 31)], ctx), repeat: 'half-year' }),
  },
  {
    name: 'monthly',
    note: '每月底前 / 每月10日前: at that day of every month (a bare 每月 is a rate, 每月补助500元, not a deadline)',
    pattern: /每(?:个)?月(?:(底|末)|(\d{1,2})日)(?:前|之前)?/g,
    kind: 'recurring',
    resolve: (m, ctx) => ({
      deadline: firstOccurrence(
        (y) =>
          Array.from({ length: 12 }, (_v, i) => (m[2] ? calendarDay(y, i + 1, Number(m[2])) : endOfMonth(y, i + 1))).filter((d): d is string => d !== null),
        ctx,
      ),
      repeat: 'month',
    }),
  },
  // ── relative: counted from the document's date or the plan year ─────────────────────────────────────
  {
    name: 'since-issue',
    note: '自(本意见)印发之日起30日内 / 印发后3个月内: counted from the document’s date',
    pattern: new RegExp(
      `(?:在|于)?(?:自|从)?(?:本(?:意见|通知|方案|办法|规划|计划|决定|细则|文件))?(?:印发|发布|下发|施行)(?:之日)?(?:起|后)${COUNT}(?:个)?(日|天|个月|月|周|年)(?:内|以内|之内)`,
      'g',
    ),
    kind: 'relative',
    resolve: (m, ctx) => {
      const n = num(m[1]);
      if (n === null || !ctx.issued) return null;
      const unit = m[2]!;
      if (unit === '日' || unit === '天') return addDays(ctx.issued, n);
      if (unit === '周') return addDays(ctx.issued, 7 * n);
      if (unit === '年') return addMonths(ctx.issued, 12 * n);
      return addMonths(ctx.issued, n);
    },
  },
  {
    name: 'years-within',
    note: '3年内 / 五年内: a count of years from the plan year (5年内 in a 2012 plan → 2017-12-31)',
    // 近3年内 / 过去五年内 look back; they are no deadline.
    pattern: new RegExp(`(?<![\\d年近前去往])${COUNT}(?:个)?年(?:内|以内|时间内)`, 'g'),
    kind: 'relative',
    resolve: (m, ctx) => {
      const n = num(m[1]);
      return n !== null && n >= 1 && n <= 20 ? iso(ctx.planYear + n, 12, 31) : null;
    },
  },
  // ── ranges: the end of the period ─────────────────────────────────────────────────────────────────
  {
    name: 'date-range',
    note: '2019年1月1日至2020年12月31日 / 2019年1月1日至12月31日: the period ends on its last day',
    pattern: /(\d{4})年(\d{1,2})月(\d{1,2})日?\s*(?:起)?\s*(?:至|到|—|–|-|~|～)\s*(?:(\d{4})年)?(\d{1,2})月(\d{1,2})日/g,
    kind: 'period-end',
    resolve: (m) => calendarDay(m[4] ? Number(m[4]) : Number(m[1]), Number(m[5]), Number(m[6])),
  },
  {
    name: 'month-range',
    note: '2024年3月至6月 / 3—5月: the period ends with its last month',
    pattern: /(?:(\d{4})年)?(\d{1,2})月\s*(?:至|到|—|–|-|~|～)\s*(?:(\d{4})年)?(\d{1,2})月(?:底|末)?(?!\d*日)/g,
    kind: 'period-end',
    resolve: (m, ctx) => endOfMonth(m[3] ? Number(m[3]) : yearOr(m[1], ctx), Number(m[4])),
  },
  // ── calendar dates ────────────────────────────────────────────────────────────────────────────────
  {
    name: 'full-date',
    note: '2018年12月31日前 / 于2018年12月31日前 / 12月31日前: the day itself',
    pattern: /(?:到|至|在|于)?(?:(\d{4})年)?(\d{1,2})月(\d{1,2})日(?:前|之前|以前|止|为止)/g,
    kind: 'date',
    resolve: (m, ctx) => calendarDay(yearOr(m[1], ctx), Number(m[2]), Number(m[3])),
  },
  {
    name: 'dekad',
    note: '9月上旬 / 10月中旬前 / 年12月下旬: the 10th, the 20th or the month’s end',
    pattern: /(?:到|至|在|于)?(?:(\d{4})年)?(\d{1,2})月(上|中|下)旬(?:前|之前|以前)?/g,
    kind: 'date',
    resolve: (m, ctx) => dekadEnd(yearOr(m[1], ctx), Number(m[2]), m[3]!),
  },
  {
    name: 'month-end',
    note: '2024年10月底前 / 6月底 / 9月末: the month’s last day',
    pattern: /(?:到|至|在|于)?(?:(\d{4})年)?(\d{1,2})月(?:份)?(?:底|末)(?:前|之前|以前)?/g,
    kind: 'date',
    resolve: (m, ctx) => endOfMonth(yearOr(m[1], ctx), Number(m[2])),
  },
  {
    name: 'before-month',
    note: '2024年10月前 / 10月份以前: before the month begins, so the previous month’s last day',
    pattern: /(?:到|至|在|于)?(?:(\d{4})年)?(\d{1,2})月(?:份)?(?:前|之前|以前)/g,
    kind: 'date',
    resolve: (m, ctx) => beforeMonth(yearOr(m[1], ctx), Number(m[2])),
  },
  {
    name: 'in-month',
    note: '于9月完成 / 2024年6月完成: within that month',
    pattern: /(?:于|在)(?:(\d{4})年)?(\d{1,2})月(?:份)?(?=完成|前完成|底|[^\d日号])/g,
    kind: 'date',
    resolve: (m, ctx) => endOfMonth(yearOr(m[1], ctx), Number(m[2])),
  },
  // ── quarters and halves ───────────────────────────────────────────────────────────────────────────
  {
    name: 'before-quarter',
    note: '第四季度前 / 三季度前: before the quarter begins, so the previous quarter’s end',
    pattern: new RegExp(`${YEAR}(?<!每)第?${Q}季度(?:前|之前|以前)`, 'g'),
    kind: 'date',
    resolve: (m, ctx) => {
      const q = num(m[2]);
      return q === null ? null : q === 1 ? iso(yearOr(m[1], ctx) - 1, 12, 31) : endOfMonth(yearOr(m[1], ctx), (q - 1) * 3);
    },
  },
  {
    name: 'quarter',
    note: '一季度 / 第三季度 / 三季度末前 / 2024年第二季度: the quarter’s end',
    pattern: new RegExp(`${YEAR}(?<!每)第?${Q}季度(?:末|底|结束)?(?:前|之前|以前)?`, 'g'),
    kind: 'date',
    resolve: (m, ctx) => {
      const q = num(m[2]);
      return q === null ? null : endOfMonth(yearOr(m[1], ctx), q * 3);
    },
  },
  {
    name: 'first-half',
    note: '(2024年)上半年 / 年中 / 年中前: June 30',
    pattern: new RegExp(
      `(?:到|至|在|于)?(?:(\\d{4})年)?(?:上半年(?:前|之前)?|年中${NOT_A_WORD_AFTER_ZHONG}(?:前|之前)?)|(?:到|至|在|于)?(\\d{4})年(?:年中|中(?:前|之前))`,
      'g',
    ),
    kind: 'date',
    resolve: (m, ctx) => iso(m[1] ? Number(m[1]) : yearOr(m[2], ctx), 6, 30),
  },
  // ── the year ──────────────────────────────────────────────────────────────────────────────────────
  {
    name: 'year-end',
    note: '到2018年底 / 2024年年底前 / 2024年下半年: December 31 of that year',
    pattern: /(?:到|至|在|于)?(\d{4})年(?:年底|底|末|年末|下半年)(?:前|之前)?/g,
    kind: 'date',
    resolve: (m) => iso(Number(m[1]), 12, 31),
  },
  {
    name: 'within-year',
    note: '2024年内 / 于2024年前: December 31 of that year',
    pattern: /(?:到|至|在|于)?(\d{4})年(?:内|前|之前)/g,
    kind: 'date',
    resolve: (m) => iso(Number(m[1]), 12, 31),
  },
  {
    // Not a range's end (2021至2025年, 2021年至2025年) or a status date (截至2021年).
    name: 'target-year',
    note: '到2025年,建成…: the target year alone',
    pattern: /(?<![\d截年])(?:到|至)(\d{4})年(?![\d月度])/g,
    kind: 'date',
    resolve: (m) => iso(Number(m[1]), 12, 31),
  },
  {
    name: 'plan-year-end',
    note: '年底前 / 年内 / 本年度内 / 下半年: the plan year’s end',
    pattern: new RegExp(`(?:年底前|年底|年末|年度内|${NOT_AFTER_A_COUNT}年内|今年内|本年度内|下半年)`, 'g'),
    kind: 'date',
    resolve: (_m, ctx) => iso(ctx.planYear, 12, 31),
  },
];

/**
 * Open-ended phrases: a standing task with no due date (长期坚持, 持续推进). A clause that says so and names no
 * date is no dated task, and a task table's 完成时限 column that says so gives no deadline.
 */
export const openEndedPhrases: Array<{ pattern: RegExp; note: string }> = [
  { pattern: /长期坚持|长期推进|长期实施|长期开展|长期执行/, note: '长期坚持: a standing duty' },
  { pattern: /持续推进|持续开展|持续实施|常态化(?:推进|开展|实施)?|久久为功/, note: '持续推进 / 常态化: ongoing work without an end' },
];

export function isOpenEnded(text: string): boolean {
  return openEndedPhrases.some((p) => p.pattern.test(text));
}

/** "比2022年末增长10%", "较上年底": the date a change is measured from, not one a target must be met by. */
const COMPARISON_BASE_BEFORE = /(?:比|较)(?:上|去)?\s*$/;

/** The year's digits are skipped, so "比2022年末" is refused by the bare 年末 phrase too. */
function isComparisonBase(text: string, index: number): boolean {
  return COMPARISON_BASE_BEFORE.test(text.slice(Math.max(0, index - 12), index).replace(/\d+$/, ''));
}

/** "从2019年1月1日起": when something starts, not when it is due. */
function isStartDate(text: string, index: number, length: number): boolean {
  return /^\s*(?:起|开始|以来)/.test(text.slice(index + length, index + length + 3)) && !/[至到—–~～-]/.test(text.slice(index, index + length));
}

export interface DeadlineHit {
  text: string;
  /** ISO date: the last day allowed (for a recurring phrase, the first one). */
  deadline: string;
  index: number;
  kind: DeadlineKind;
  /** Recurring phrases: how the deadline repeats after the first one. */
  repeat?: Repeat;
}

/**
 * Every deadline phrase in a text, left to right; overlapping matches keep the longest (most specific).
 * `context` is the plan year, or the plan year and the document's date.
 */
export function findDeadlines(text: string, context: number | DeadlineContext): DeadlineHit[] {
  const ctx: DeadlineContext = typeof context === 'number' ? { planYear: context } : context;
  const hits: DeadlineHit[] = [];
  for (const phrase of deadlinePhrases) {
    phrase.pattern.lastIndex = 0;
    for (let m = phrase.pattern.exec(text); m; m = phrase.pattern.exec(text)) {
      if (m[0] === '') {
        phrase.pattern.lastIndex++;
        continue;
      }
      const r = phrase.resolve(m, ctx);
      const resolved: Resolved | null = typeof r === 'string' ? { deadline: r } : r;
      if (!resolved || resolved.deadline === null) continue;
      if (isComparisonBase(text, m.index) || isStartDate(text, m.index, m[0].length)) continue;
      const hit: DeadlineHit = { text: m[0], deadline: resolved.deadline, index: m.index, kind: phrase.kind };
      if (resolved.repeat) hit.repeat = resolved.repeat;
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

/**
 * A deadline printed in a field of its own (a note's 完成时限, a task table's column), where a bare date
 * is a deadline too: `2023年12月`, `12月`, `2023年`, `2023年3月15日`, `2023—2025年` (the last year). The
 * grammar's phrases come first (the last one printed: `2023年3月启动,6月底前完成` → 06-30).
 */
export function timingDeadline(text: string, context: number | DeadlineContext): DeadlineHit | null {
  const ctx: DeadlineContext = typeof context === 'number' ? { planYear: context } : context;
  const hit = findDeadlines(text, ctx).at(-1);
  if (hit) return hit;
  const t = text.trim().replace(/(?:完成|前|之前|以前|底|末)+$/, '');
  const at = (deadline: string | null, kind: DeadlineKind = 'date'): DeadlineHit | null => (deadline ? { text: text.trim(), deadline, index: 0, kind } : null);
  let m = /^(?:(\d{4})年)?(\d{1,2})月(\d{1,2})日$/.exec(t);
  if (m) return at(calendarDay(yearOr(m[1], ctx), Number(m[2]), Number(m[3])));
  m = /^(?:(\d{4})年)?(\d{1,2})月(?:份)?$/.exec(t);
  if (m) return at(endOfMonth(yearOr(m[1], ctx), Number(m[2])));
  m = /^(\d{4})\s*年?\s*(?:[-—–~～至到])\s*(\d{4})\s*年$/.exec(t);
  if (m) return at(iso(Number(m[2]), 12, 31), 'period-end');
  m = /^(\d{4})\s*年(?:度)?$/.exec(t);
  if (m) return at(iso(Number(m[1]), 12, 31));
  return null;
}
