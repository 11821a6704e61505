import type { PlanDocument, PlanItem } from '../items/index.js';
import type { Logger } from '../log/index.js';
import { regionAliases } from '../items/index.js';
import { composeExtractive } from './extractive.js';
import type { LlmAnswerer } from './llm.js';
import { OWNERSHIP, detectIntent, followUpKind } from './question-intent.js';
import { citationLine, fullItemReply, notFoundReply, unitListingReply, unitsLine } from './reply-format.js';
import { toCitation, type AnswerResult, type Citation, type CorpusPort, type RetrievalPort, type RetrievedHit } from './types.js';

interface CorpusView {
  documents: PlanDocument[];
  items: PlanItem[];
  units: string[];
  places: string[];
}

export interface AnswererOptions {
  retrieval: RetrievalPort;
  corpus: CorpusPort;
  log: Logger;
  /** Present when an LLM is configured; answers fall back to extractive whenever it fails. */
  llm?: LlmAnswerer | null;
}

export interface AskOptions {
  k?: number;
  /** Items the asker was just shown (chat follow-ups such as "那它的责任单位是谁?"). */
  followUp?: { citationIds: string[] };
}

/**
 * Question → reply with citations. The order of decisions is the order a person would take: a follow-up
 * refers to the last answer; "X负责哪些工作" lists everything of unit X; anything else is retrieved, and
 * answered only when retrieval found something relevant.
 */
export class Answerer {
  private corpusCache: CorpusView | null = null;

  constructor(private readonly opts: AnswererOptions) {}

  async answer(rawQuestion: string, ask: AskOptions = {}): Promise<AnswerResult> {
    const question = rawQuestion.replace(/@\S+\s*/g, ' ').trim();
    const corpus = await this.corpus();
    if (!question) return this.notFound(corpus.documents, '问题是空的');

    const followUp = ask.followUp?.citationIds.length ? this.answerFollowUp(question, ask.followUp.citationIds, corpus.items) : null;
    if (followUp) return followUp;

    const listing = await this.answerUnitListing(question, corpus.units);
    if (listing) return listing;

    const k = ask.k ?? 5;
    const retrieved = await this.opts.retrieval.retrieve(question, { k });
    if (!retrieved.answered || retrieved.hits.length === 0) return this.notFound(corpus.documents);
    const hits = retrieved.hits.slice(0, k);
    // In the order the question names them, so that the reply answers in the same order.
    const mention = (r: string) => Math.min(...regionAliases(r).map((n) => question.indexOf(n)).filter((i) => i >= 0));
    const namedRegions = [...new Set(corpus.documents.map((d) => d.region))]
      .filter((r) => regionAliases(r).some((n) => question.includes(n)))
      .sort((a, b) => mention(a) - mention(b));

    if (this.opts.llm) {
      const llm = await this.opts.llm.answer(question, hits.map((h) => h.item), corpus.units);
      if (llm && llm.cited.length) {
        const blocks = llm.cited.map((i) => [citationLine(i), unitsLine(i)].filter(Boolean).join('\n'));
        return {
          answered: true,
          answer: [llm.answer.replace(/^(依据|责任单位)[::].*$/gm, '').trim(), ...blocks].join('\n\n'),
          citations: orderCitations(llm.cited, hits),
          shownIds: llm.cited.map((i) => i.id),
          mode: 'llm',
        };
      }
      if (llm) return this.notFound(corpus.documents);
    }

    const officialTerms = retrieved.analysis?.expansions?.flatMap((e) => e.official) ?? [];
    const composed = composeExtractive({ question, intent: detectIntent(question), hits, placeNames: corpus.places, namedRegions, officialTerms });
    if (!composed.text) return this.notFound(corpus.documents);
    return { answered: true, answer: composed.text, citations: orderCitations(composed.shown, hits), shownIds: composed.shown.map((i) => i.id), mode: 'extractive' };
  }

  private answerFollowUp(question: string, ids: string[], items: PlanItem[]): AnswerResult | null {
    const kind = followUpKind(question);
    if (!kind) return null;
    const cited = ids.map((id) => items.find((i) => i.id === id)).filter((i): i is PlanItem => !!i);
    if (cited.length === 0) return null;
    const blocks = cited.map((item) => {
      if (kind === 'text') return fullItemReply(item);
      // "Not printed" is said in words that cannot be read as a unit name on a 责任单位 line.
      if (kind === 'units') return [citationLine(item), unitsLine(item) ?? '(该条未列明责任单位)'].join('\n');
      if (kind === 'deadline') {
        const explicit = item.targets.filter((t) => t.deadlineSource === 'explicit');
        const when = explicit.length
          ? `期限:${[...new Set(explicit.map((t) => `${t.text}(${t.deadlineText})`))].join(';')}`
          : `期限:未写明期限,按计划年度末计(${item.year}年12月31日)`;
        return [citationLine(item), when].join('\n');
      }
      return [citationLine(item), unitsLine(item)].filter(Boolean).join('\n');
    });
    return { answered: true, answer: blocks.join('\n\n'), citations: cited.map((i) => toCitation({ item: i, score: 1 })), shownIds: cited.map((i) => i.id), mode: 'follow-up' };
  }

  private async answerUnitListing(question: string, units: string[]): Promise<AnswerResult | null> {
    if (!OWNERSHIP.test(question)) return null;
    const named = units.filter((u) => question.includes(u)).sort((a, b) => b.length - a.length)[0];
    const subject = named ?? question.split(/(今年|明年|在|要|负责|承担|牵头|分管|主管)/)[0]!.trim();
    if (!subject) return null;
    const result = await this.opts.retrieval.unit(subject);
    if (result.items.length === 0) return null;
    const label = result.matched.length === 1 ? result.matched[0]! : result.unit;
    return {
      answered: true,
      answer: unitListingReply(label, result.items),
      citations: result.items.map((item) => toCitation({ item, score: 1 })),
      shownIds: result.items.map((i) => i.id),
      mode: 'unit-listing',
    };
  }

  private notFound(documents: PlanDocument[], hint?: string): AnswerResult {
    return { answered: false, answer: notFoundReply(documents, hint), citations: [], shownIds: [], mode: 'not-found' };
  }

  /**
   * Documents, items and what is derived from them (units, place names). Recomputed only when the corpus
   * hands back other arrays, which the store does after it reloads a newer ingest.
   */
  private async corpus(): Promise<CorpusView> {
    const [documents, items] = await Promise.all([this.opts.corpus.documents(), this.opts.corpus.items()]);
    if (this.corpusCache?.documents === documents && this.corpusCache.items === items) return this.corpusCache;
    const units = [...new Set(items.flatMap((i) => i.units))];
    const places = [...new Set(documents.flatMap((d) => regionAliases(d.region)))].sort((a, b) => b.length - a.length);
    this.corpusCache = { documents, items, units, places };
    return this.corpusCache;
  }
}

/** The items the reply shows come first, then the rest of what retrieval found, best first. */
function orderCitations(shown: PlanItem[], hits: RetrievedHit[]): Citation[] {
  const score = new Map(hits.map((h) => [h.item.id, h.score]));
  const first = shown.map((item) => toCitation({ item, score: score.get(item.id) ?? 0 }));
  const rest = hits.filter((h) => !shown.some((s) => s.id === h.item.id)).map(toCitation);
  return [...first, ...rest];
}

