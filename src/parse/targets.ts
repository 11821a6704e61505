import type { Comparator, Target } from '../items/index.js';
import { findDeadlines, planYearEnd } from './deadlines.js';

/**
 * Quantitative and dated commitments inside a plan item. A target is a clause with a number and its
 * measure (5万人, 90%, 0.3次, 1200张), or a clause with an explicit deadline (年底前立项). Numbers that name
 * things rather than commit to them are left out: ordinals (第3), dates, ranges (3-17岁), rates (每3万人口)
 * and anything inside quotation marks or a book title (“15分钟服务圈”, 《…2021-2025年…》).
 */

const MEASURES = [
  '个百分点', '万人次', '万人', '万名', '万元', '亿元', '万张', '万个', '万份', '万例', '万台', '万户', '平方米', '人次', '台次',
  '公里', '千米', '分钟', '小时', '万', '亿', '人', '名', '家', '个', '张', '台', '所', '间', '辆', '床', '%', '%', '‰', '次',
  '岁', '场', '项', '支', '种', '例', '元', '倍', '天', '户', '份', '批', '座', '条', '位', '套', '篇', '期', '类', '组', '吨',
];
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

export function extractTargets(text: string, planYear: number): Target[] {
  const targets: Target[] = [];
  for (const sm of text.matchAll(SENTENCE)) {
    const sentence = sm[0];
    const deadlines = findDeadlines(sentence, planYear);
    const sentenceDeadline = deadlines[0];
    let quantified = false;
    for (const cm of sentence.matchAll(CLAUSE)) {
      const clause = cm[0].trim();
      const spans = quotedSpans(clause);
      const clauseDeadline = findDeadlines(clause, planYear)[0] ?? sentenceDeadline;
      for (const qm of clause.matchAll(QUANTITY)) {
        const start = qm.index!;
        const end = start + qm[0].length;
        if (isNamingNumber(clause, start, end, spans)) continue;
        // A deadline phrase is not a quantity: "2018年底" is caught by the year filter, "6月底前" here.
        if (/^[年月日号周届]/.test(clause.slice(end))) continue;
        // An age is who a measure is for (65岁以上老人, 3-17岁儿童) unless the plan commits to reaching it
        // (人均期望寿命达到83.85岁).
        if (qm[2] === '岁' && !AT_LEAST_BEFORE.test(clause.slice(0, start)) && !AT_MOST_BEFORE.test(clause.slice(0, start))) continue;
        quantified = true;
        targets.push({
          text: clause,
          value: Number(qm[1]!.replace(/[,\uFF0C]/g, '')),
          unit: qm[2] === '%' ? '%' : qm[2]!,
          comparator: comparatorOf(clause.slice(0, start), clause.slice(end)),
          deadline: clauseDeadline?.deadline ?? planYearEnd(planYear),
          deadlineText: clauseDeadline?.text ?? null,
          deadlineSource: clauseDeadline ? 'explicit' : 'plan-year',
        });
      }
    }
    if (!quantified && sentenceDeadline) {
      const clause = [...sentence.matchAll(CLAUSE)].map((c) => c[0].trim()).find((c) => c.includes(sentenceDeadline.text)) ?? sentence;
      targets.push({
        text: clause,
        value: null,
        unit: null,
        comparator: null,
        deadline: sentenceDeadline.deadline,
        deadlineText: sentenceDeadline.text,
        deadlineSource: 'explicit',
      });
    }
  }
  return targets;
}
