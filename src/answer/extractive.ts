import type { PlanItem } from '../items/index.js';
import type { Query } from '../query/index.js';
import { evidenceBlock, sourceName } from './reply-format.js';
import { questionTerms, selectSentences } from './select-sentences.js';
import type { RetrievedHit } from './types.js';

/** About what fits one chat message before the chat layer has to split. */
export const REPLY_BUDGET = 600;
const MAX_BLOCKS = 3;

export interface ComposeInput {
  query: Query;
  hits: RetrievedHit[];
}

export interface Composed {
  text: string;
  shown: PlanItem[];
  /** For a question that asks for a number: the best item, which speaks of the topic but gives none. */
  withoutFigure?: PlanItem;
}

/**
 * The offline answer: quote the sentences of the retrieved items that answer the question. The first block
 * is the direct answer; further blocks are items that answer about as well (or, when the question compares
 * regions, the best item of each region), so that "which says what" is visible.
 */
export function composeExtractive(input: ComposeInput): Composed {
  const { query } = input;
  const terms = questionTerms(query);
  const all = input.hits.map((h) => ({
    hit: h,
    pick: selectSentences(h.item.text, terms, query.intent, h.item.year, { title: h.item.title }),
  }));
  // "要新增多少…?" is answered by a figure the plan commits to: an item that speaks of the topic without a
  // number, or a review's figure (an achievement of an earlier year), does not answer it.
  // The judge is the item whose sentences match the question best: when it has no figure, a weaker item that
  // happens to have one is no answer either.
  const answersWithFigure = (c: (typeof all)[number]) => c.pick.hasFigure && (query.wantsReview || c.hit.item.kind === 'plan');
  const closest = [...all].sort((a, b) => b.pick.best - a.pick.best)[0];
  if (query.intent === 'target' && closest && !answersWithFigure(closest)) return { text: '', shown: [], withoutFigure: closest.hit.item };
  const candidates = query.intent === 'target' ? all.filter(answersWithFigure) : all;
  if (candidates.length === 0) return { text: '', shown: [] };

  let chosen: typeof candidates;
  if (query.scope.compare) {
    chosen = query.scope.regions.map((region) => candidates.find((c) => c.hit.item.region === region)).filter((c): c is (typeof candidates)[number] => !!c);
    if (chosen.length === 0) chosen = [candidates[0]!];
  } else {
    const first = candidates[0]!;
    chosen = [first];
    for (const c of candidates.slice(1)) {
      if (chosen.length >= MAX_BLOCKS) break;
      // Only items that answer as well as the first, judged on their best sentence and on retrieval: a
      // loosely related neighbour is not evidence, and a second block costs the reader's attention.
      if (c.pick.best >= Math.max(3, first.pick.best) && c.hit.score >= input.hits[0]!.score * 0.8) chosen.push(c);
    }
  }

  const blocks: string[] = [];
  let length = 0;
  for (const c of chosen) {
    const block = evidenceBlock(c.hit.item, c.pick.sentences, { lead: `${sourceName(c.hit.item)}:`, unitsFirst: query.intent === 'responsible' });
    if (blocks.length > 0 && length + block.length > REPLY_BUDGET) break;
    blocks.push(block);
    length += block.length;
  }
  return { text: blocks.join('\n\n'), shown: chosen.slice(0, blocks.length).map((c) => c.hit.item) };
}

/** Items shown when nothing answers directly. */
const TENTATIVE_BLOCKS = 3;

/**
 * The honest reply when no item answers directly: say so, then the closest items (up to three, fewer when the
 * rest trail far behind) with the sentences nearest to the question, their citations and units.
 */
export function composeTentative(query: Query, hits: RetrievedHit[], opening = '没有找到直接对应的条目,最接近的是:'): { text: string; shown: PlanItem[] } {
  const terms = questionTerms(query);
  const top = hits[0]?.score ?? 0;
  const chosen = hits.filter((h, i) => i === 0 || h.score >= top * 0.5).slice(0, TENTATIVE_BLOCKS);
  const blocks: string[] = [];
  let length = 0;
  for (const h of chosen) {
    const pick = selectSentences(h.item.text, terms, query.intent, h.item.year, { title: h.item.title, budget: 120 });
    const block = evidenceBlock(h.item, pick.sentences, { lead: `${sourceName(h.item)}:`, unitsFirst: query.intent === 'responsible' });
    if (blocks.length > 0 && length + block.length > REPLY_BUDGET) break;
    blocks.push(block);
    length += block.length;
  }
  return { text: [opening, ...blocks].join('\n\n'), shown: chosen.slice(0, blocks.length).map((h) => h.item) };
}
