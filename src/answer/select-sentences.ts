// The deadline phrases alone: importing the whole parser would load pinyin-pro into every `ask`.
import { findDeadlines } from '../parse/deadlines.js';
import { FIGURE } from '../items/measures.js';
import type { Intent, Query } from '../query/index.js';
import { bigrams, splitSentences } from '../text/sentences.js';

// The measures plans count in are shared with the parser's targets.
const QUANTITY = FIGURE;

export interface QuestionTerms {
  grams: Set<string>;
  numbers: string[];
}

/**
 * The question's content as character pairs, plus the official words the query stage found for its everyday
 * ones (评副高 → 高级职称), so that the sentence chosen is the one retrieval matched on.
 */
export function questionTerms(query: Query): QuestionTerms {
  const official = query.expansions.flatMap((e) => e.official);
  return { grams: bigrams([...query.terms, ...official].join(' ')), numbers: query.numbers.map((n) => n.replace(/%$/, '')) };
}

export function scoreSentence(sentence: string, terms: QuestionTerms, intent: Intent, planYear: number): number {
  const grams = bigrams(sentence);
  let overlap = 0;
  for (const g of terms.grams) if (grams.has(g)) overlap++;
  let score = overlap;
  if (intent === 'target' && QUANTITY.test(sentence)) score += 2 + Math.min(overlap, 3);
  if (intent === 'deadline' && findDeadlines(sentence, planYear).length) score += 2 + Math.min(overlap, 3);
  if (intent === 'deadline' && QUANTITY.test(sentence)) score += 1;
  for (const n of terms.numbers) if (sentence.includes(n)) score += 2;
  return score;
}

/**
 * The one or two sentences of an item that answer the question, in document order. A second sentence joins
 * only when it scores close to the best, so that the reply stays short and quotes rather than dumps.
 */
export function selectSentences(
  text: string,
  terms: QuestionTerms,
  intent: Intent,
  planYear: number,
  opts: { title?: string; budget?: number } = {},
): { sentences: string[]; best: number; hasFigure: boolean } {
  const budget = opts.budget ?? 200;
  const all = splitSentences(text);
  // The item's title is printed on the 依据 line already; quoting it again would answer nothing.
  const title = opts.title?.replace(/[。.]$/, '');
  const sentences = all.length > 1 && title ? all.filter((s, i) => !(i === 0 && s.replace(/[。.;;]$/, '') === title)) : all;
  if (sentences.length === 0) return { sentences: [text], best: 0, hasFigure: QUANTITY.test(text) };
  const scored = sentences.map((s, index) => ({ s, index, score: scoreSentence(s, terms, intent, planYear) }));
  const ranked = [...scored].sort((a, b) => b.score - a.score || a.index - b.index);
  const best = ranked[0]!;
  // "要怎么做/有哪些" about a short item: when the question is about the item's topic (its title matches as
  // well as any sentence) or no sentence stands out, the whole item is the answer, and it fits. When the
  // question is about one detail (AED in an item about safety work), that sentence leads instead.
  const titleScore = title ? scoreSentence(title, terms, intent, planYear) : 0;
  const standsOut = best.score > 1 && best.score >= 2 * (ranked[1]?.score ?? 0) && best.score > titleScore;
  if ((intent === 'lookup' || intent === 'responsible') && !standsOut && sentences.join('').length <= budget * 1.1)
    return { sentences, best: best.score, hasFigure: sentences.some((x) => QUANTITY.test(x)) };
  const chosen = [best];
  const second = ranked[1];
  if (second && second.score >= Math.max(1, best.score * 0.6) && best.s.length + second.s.length <= budget) chosen.push(second);
  return {
    sentences: chosen.sort((a, b) => a.index - b.index).map((c) => clip(c.s, terms, budget)),
    best: best.score,
    hasFigure: chosen.some((c) => QUANTITY.test(c.s)),
  };
}

/** A very long sentence is cut to the clauses around its best-matching one, marked with an ellipsis. */
function clip(sentence: string, terms: QuestionTerms, budget: number): string {
  if (sentence.length <= budget) return sentence;
  const clauses = sentence.match(/[^,,]+[,,]?/g) ?? [sentence];
  const scores = clauses.map((c) => {
    const g = bigrams(c);
    let n = 0;
    for (const t of terms.grams) if (g.has(t)) n++;
    return n + (QUANTITY.test(c) ? 0.5 : 0);
  });
  let centre = scores.indexOf(Math.max(...scores));
  let start = centre;
  let end = centre + 1;
  let length = clauses[centre]!.length;
  while (true) {
    const next = end < clauses.length ? clauses[end]!.length : Infinity;
    const prev = start > 0 ? clauses[start - 1]!.length : Infinity;
    if (Math.min(next, prev) === Infinity || length + Math.min(next, prev) > budget) break;
    if (next <= prev) ((length += next), end++);
    else ((length += prev), start--);
  }
  centre = 0;
  const body = clauses.slice(start, end).join('').replace(/[,,]$/, '');
  return `${start > 0 ? '…' : ''}${body}${end < clauses.length ? '…' : ''}`;
}
