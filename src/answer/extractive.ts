import type { PlanItem } from '../items/index.js';
import type { Intent } from './question-intent.js';
import { evidenceBlock, sourceName } from './reply-format.js';
import { questionTerms, selectSentences } from './select-sentences.js';
import type { RetrievedHit } from './types.js';

/** About what fits one chat message before the chat layer has to split. */
export const REPLY_BUDGET = 600;
const MAX_BLOCKS = 3;

export interface ComposeInput {
  question: string;
  intent: Intent;
  hits: RetrievedHit[];
  /** Place names of the loaded documents (龙岗区, 龙岗 …): they select documents, not sentences. */
  placeNames: string[];
  /** Regions the question names, as item.region values; two or more make it a comparison. */
  namedRegions: string[];
  /** Official words retrieval matched the question's everyday words to (卫生间 → 厕所). */
  officialTerms?: string[];
  /** The question asks about results, so review paragraphs (achievements) answer too. */
  wantsReview?: boolean;
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
  const terms = questionTerms(input.question, input.placeNames, input.officialTerms ?? []);
  const all = input.hits.map((h) => ({
    hit: h,
    pick: selectSentences(h.item.text, terms, input.intent, h.item.year, { title: h.item.title }),
  }));
  // "要新增多少…?" is answered by a figure the plan commits to: an item that speaks of the topic without a
  // number, or a review's figure (an achievement of an earlier year), does not answer it.
  // The judge is the item whose sentences match the question best: when it has no figure, a weaker item that
  // happens to have one is no answer either.
  const answersWithFigure = (c: (typeof all)[number]) => c.pick.hasFigure && (input.wantsReview || c.hit.item.kind === 'plan');
  const closest = [...all].sort((a, b) => b.pick.best - a.pick.best)[0];
  if (input.intent === 'target' && closest && !answersWithFigure(closest)) return { text: '', shown: [], withoutFigure: closest.hit.item };
  const candidates = input.intent === 'target' ? all.filter(answersWithFigure) : all;
  if (candidates.length === 0) return { text: '', shown: [] };

  let chosen: typeof candidates;
  if (input.namedRegions.length >= 2) {
    chosen = input.namedRegions
      .map((region) => candidates.find((c) => c.hit.item.region === region))
      .filter((c): c is (typeof candidates)[number] => !!c);
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
    const block = evidenceBlock(c.hit.item, c.pick.sentences, `${sourceName(c.hit.item)}:`);
    if (blocks.length > 0 && length + block.length > REPLY_BUDGET) break;
    blocks.push(block);
    length += block.length;
  }
  return { text: blocks.join('\n\n'), shown: chosen.slice(0, blocks.length).map((c) => c.hit.item) };
}
