import type { Comparator, Target } from '../items/index.js';
import { MEASURES } from '../items/measures.js';
import { findDeadlines, isOpenEnded, planYearEnd, timingDeadline, type DeadlineContext, type DeadlineHit } from './deadlines.js';

/**
 * Quantitative and dated commitments inside a plan item. A target is a clause with a number and its
 * measure (5万人, 90%, 0.3次, 1200张), or a clause with an explicit deadline (年底前立项). Numbers that name
 * things rather than commit to them are left out: ordinals (第3), dates, ranges (3-17岁), rates (每3万人口)
 * and anything inside quotation marks or a book title (“15分钟服务圈”, 《…2021-2025年…》).
 */

// 1,200 (also 1，200 before folding): a comma between digits in groups of three is a thousands separator.
const THOUSANDS_COMMA = '(?<=\\d)[,\\uFF0C](?=\\d{3}(?!\\d))';
const NUMBER = `\\d{1,3}(?:[,\\uFF0C]\\d{3}(?!\\d))+(?:\\.\\d+)?|\\d+(?:\\.\\d+)?`;
const QUANTITY = new RegExp(`(${NUMBER})\\s*(${MEASURES.map((m) => m.replace('%', '\\%')).join('|')})`, 'g');

const AT_LEAST_BEFORE = /(不低于|不少于|至少|(?<!不)超过|达到|达|突破|力争达到|≥|>=|提高到|提升到|增至|增加到)\s*$/;
const AT_MOST_BEFORE = /(控制在|不超过|不高于|(?<!不)低于|降至|下降到|降到|降低到|≤|<=|(?<!不)少于)\s*$/;
const AT_LEAST_AFTER = /^\s*(以上|及以上|以上的)/;
const AT_MOST_AFTER = /^\s*(以下|以内|及以下)/;

function comparatorOf(before: string, after: string): Comparator | null {
  if (AT_MOST_AFTER.test(after) || AT_MOST_BEFORE.test(before)) return '<=';
  if (AT_LEAST_AFTER.test(after) || AT_LEAST_BEFORE.test(before)) return '>=';
  return null;
}

/** Spans of quotations and book titles, where numbers are names. */
function quotedSpans(s: string): Array<[number, number]> {
  const spans: Array<[number, number]> = [];
  for (const m of s.matchAll(/“[^”]*”|《[^》]*》|"[^"]*"|‘[^’]*’/g)) spans.push([m.index!, m.index! + m[0].length]);
  return spans;
}

function isNamingNumber(clause: string, start: number, end: number, spans: Array<[number, number]>): boolean {
  if (spans.some(([a, b]) => start >= a && end <= b)) return true;
  const before = clause.slice(Math.max(0, start - 2), start);
  const after = clause.slice(end, end + 2);
  if (/第\s*$|每\s*$|[\d.][-—~～至]\s*$|[A-Za-z]$/.test(before)) return true;
  if (/^[-—~～至]\s*\d/.test(after)) return true;
  return false;
}

// ASCII ? is a character lost to a bad encoding in scraped pages, not the end of a sentence.
const SENTENCE = /[^。;\uFF1B!\uFF01\uFF1F]+[。;\uFF1B!\uFF01\uFF1F]?/g;
const CLAUSE = new RegExp(`(?:${THOUSANDS_COMMA}|[^,\\uFF0C。;\\uFF1B!\\uFF01\\uFF1F])+`, 'g');

/** Words that only introduce a task (`…人民政府要在30日内`): a clause ending in them has its task in the next one. */
const SUBJECT_ONLY = /^[\s,,、]*$|(?:要|应|应当|须|必须|将|需|需要|力争|确保|并|均|前|内|起|后)$/;

function substantive(s: string): boolean {
  return /\p{Script=Han}{2,}/u.test(s.replace(/^[\s,,、]*(?:前|之前|以前|内|以内|起|后)?/, ''));
}

function toTarget(
  text: string,
  deadline: DeadlineHit | undefined,
  planYear: number,
  q?: { value: number; unit: string; comparator: Comparator | null },
): Target {
  const t: Target = {
    text,
    value: q?.value ?? null,
    unit: q?.unit ?? null,
    comparator: q?.comparator ?? null,
    deadline: deadline?.deadline ?? planYearEnd(planYear),
    deadlineText: deadline?.text ?? null,
    deadlineSource: deadline ? 'explicit' : 'plan-year',
  };
  if (deadline) t.deadlineKind = deadline.kind;
  if (deadline?.repeat) t.repeat = deadline.repeat;
  return t;
}

/**
 * One target per clause: the clause's first committed figure, or, for a clause that sets a date and no
 * figure, the dated task itself (a deadline to remind of). A deadline belongs to the clause it is written
 * in and to the clauses after it in the same sentence (`到2025年,建成10家`), never to a figure before it
 * (`签约率达到75%以上,上半年完成修订`: the 75% is due at the plan year's end). A date alone (`到2022年底`)
 * is not a target: it dates the clause that follows.
 */
export function extractTargets(text: string, context: number | DeadlineContext): Target[] {
  const ctx: DeadlineContext = typeof context === 'number' ? { planYear: context } : context;
  const targets: Target[] = [];
  for (const sm of text.matchAll(SENTENCE)) {
    const clauses = [...sm[0].matchAll(CLAUSE)].map((c) => c[0].trim()).filter(Boolean);
    let governing: DeadlineHit | undefined;
    /** A date phrase that ended its clause: the next clause holds the task it dates. */
    let pending: { deadline: DeadlineHit; prefix: string; alone: boolean } | undefined;
    for (const clause of clauses) {
      const hits = findDeadlines(clause, ctx);
      const own = hits[0];
      if (own) governing = own;
      const quantity = firstQuantity(clause, hits);
      if (quantity) {
        targets.push(toTarget(clause, own ?? governing, ctx.planYear, quantity));
        pending = undefined;
        continue;
      }
      if (own) {
        const before = clause.slice(0, own.index);
        const after = clause.slice(own.index + own.text.length);
        if (substantive(after)) {
          targets.push(toTarget(clause, own, ctx.planYear));
          pending = undefined;
        } else if (isOpenEnded(clause)) {
          pending = undefined;
        } else {
          pending = { deadline: own, prefix: clause, alone: !substantive(before) || SUBJECT_ONLY.test(before) };
        }
        continue;
      }
      if (pending) {
        if (!isOpenEnded(clause)) targets.push(toTarget(`${pending.prefix},${clause}`, pending.deadline, ctx.planYear));
        pending = undefined;
      }
    }
    // A sentence that ends on its date: the clause is the task if it says more than the date (…,年底前).
    if (pending && !pending.alone) targets.push(toTarget(pending.prefix, pending.deadline, ctx.planYear));
  }
  return targets;
}

/** The clause's first figure that commits to something (not a name, a rate, an age or part of a date). */
function firstQuantity(clause: string, deadlines: DeadlineHit[]): { value: number; unit: string; comparator: Comparator | null } | null {
  const spans = quotedSpans(clause);
  for (const qm of clause.matchAll(QUANTITY)) {
    const start = qm.index!;
    const end = start + qm[0].length;
    if (isNamingNumber(clause, start, end, spans)) continue;
    // A deadline phrase is not a quantity: "2018年底" is caught by the year filter, "6月底前", "30日内" here.
    if (/^[年月日号周届]/.test(clause.slice(end))) continue;
    if (deadlines.some((d) => start < d.index + d.text.length && d.index < end)) continue;
    // An age is who a measure is for (65岁以上老人, 3-17岁儿童) unless the plan commits to reaching it
    // (人均期望寿命达到83.85岁).
    if (qm[2] === '岁' && !AT_LEAST_BEFORE.test(clause.slice(0, start)) && !AT_MOST_BEFORE.test(clause.slice(0, start))) continue;
    return {
      value: Number(qm[1]!.replace(/[,\uFF0C]/g, '')),
      unit: qm[2] === '%' ? '%' : qm[2]!,
      comparator: comparatorOf(clause.slice(0, start), clause.slice(end)),
    };
  }
  return null;
}

/**
 * Deadlines printed apart from the item's sentences (a note's `完成时限:2024年底前`, a task table's 完成时限
 * column): each one the item's targets do not already carry becomes a dated task named by the item's title.
 * Open-ended ones (长期坚持) add nothing.
 */
export function withPrintedDeadlines(targets: Target[], deadlineTexts: string[], title: string, context: number | DeadlineContext): Target[] {
  const ctx: DeadlineContext = typeof context === 'number' ? { planYear: context } : context;
  const out = [...targets];
  for (const printed of deadlineTexts) {
    if (isOpenEnded(printed)) continue;
    const hit = timingDeadline(printed, ctx);
    if (!hit || out.some((t) => t.deadlineSource === 'explicit' && t.deadline === hit.deadline)) continue;
    out.push(toTarget(title, hit, ctx.planYear));
  }
  return out;
}
