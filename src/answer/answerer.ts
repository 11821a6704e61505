import type { PlanDocument, PlanItem } from '../items/index.js';
import type { Logger } from '../log/index.js';
import { regionAliases } from '../items/index.js';
// The same reading of years as retrieval's, so that scope means one thing in both stages.
import { yearsNamed } from '../retrieve/analyze.js';
import { composeExtractive } from './extractive.js';
import type { LlmAnswerer } from './llm.js';
import { OWNERSHIP, detectIntent, followUpKind } from './question-intent.js';
import { citationLine, fullItemReply, notFoundReply, unitListingReply, unitsLine } from './reply-format.js';
import { toCitation, type AnswerResult, type Citation, type CorpusPort, type RetrievalPort, type RetrievedHit } from './types.js';

/** What the question itself names: replies stay inside it. */
interface Scope {
  regions: string[];
  years: number[];
}

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
    // One form for every comparison below: full-width ？ and ：, as Chinese keyboards type them, become ? and :.
    const question = rawQuestion.normalize('NFKC').replace(/@\S+\s*/g, ' ').trim();
    const corpus = await this.corpus();
    if (!question) return this.notFound(corpus.documents, '问题是空的');

    // In the order the question names them, so that the reply answers in the same order.
    const mention = (r: string) => Math.min(...regionAliases(r).map((n) => question.indexOf(n)).filter((i) => i >= 0));
    const namedRegions = [...new Set(corpus.documents.map((d) => d.region))]
      .filter((r) => regionAliases(r).some((n) => question.includes(n)))
      .sort((a, b) => mention(a) - mention(b));
    const namedYears = yearsNamed(question);
    const scope: Scope = { regions: namedRegions, years: namedYears };

    // A question that names its own subject (a region, a year, a unit) is a new question, not a follow-up.
    const namesSubject = namedRegions.length > 0 || namedYears.length > 0 || corpus.units.some((u) => question.includes(u));
    const followUp = ask.followUp?.citationIds.length && !namesSubject ? this.answerFollowUp(question, ask.followUp.citationIds, corpus.items) : null;
    if (followUp) return followUp;

    const listing = await this.answerUnitListing(question, corpus, scope);
    if (listing) return listing;

    const k = ask.k ?? 5;
    const retrieved = await this.opts.retrieval.retrieve(question, { k });
    if (!retrieved.answered || retrieved.hits.length === 0) return this.notFound(corpus.documents);
    const hits = retrieved.hits.slice(0, k);

    if (this.opts.llm) {
      const llm = await this.opts.llm.answer(question, hits.map((h) => h.item), corpus.units);
      if (llm && llm.cited.length) {
        const blocks = llm.cited.map((i) => [citationLine(i), unitsLine(i)].filter(Boolean).join('\n'));
        return {
          answered: true,
          answer: [llm.answer.normalize('NFKC').replace(/^(依据|责任单位|责任科室|出处)[::].*$/gm, '').trim(), ...blocks].join('\n\n'),
          citations: orderCitations(llm.cited, hits),
          shownIds: llm.cited.map((i) => i.id),
          mode: 'llm',
        };
      }
      if (llm) return this.notFound(corpus.documents);
    }

    const officialTerms = retrieved.analysis?.expansions?.flatMap((e) => e.official) ?? [];
    const composed = composeExtractive({
      question,
      intent: detectIntent(question),
      hits,
      placeNames: corpus.places,
      namedRegions,
      officialTerms,
      wantsReview: retrieved.analysis?.wantsReview,
    });
    if (composed.withoutFigure) return this.notFound(corpus.documents, `${composed.withoutFigure.cite}提到了相关工作,但没有给出具体数字`);
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

  private async answerUnitListing(question: string, corpus: CorpusView, scope: Scope): Promise<AnswerResult | null> {
    if (!OWNERSHIP.test(question)) return null;
    const named = corpus.units.filter((u) => question.includes(u)).sort((a, b) => b.length - a.length)[0];
    let subject = named ?? question.split(/(今年|明年|在|要|负责|承担|牵头|分管|主管)/)[0]!.trim();
    for (const alias of scope.regions.flatMap(regionAliases)) subject = subject.split(alias).join('');
    subject = subject.replace(/(?:19|20)\d{2}年?度?/g, '').trim();
    if (!subject) return null;
    const result = await this.opts.retrieval.unit(subject);
    if (result.items.length === 0) return null;
    const label = result.matched.length === 1 ? result.matched[0]! : result.unit;
    // "东莞医政科负责哪些工作?" is about Dongguan's plan: another region's list is not the answer.
    const items = result.items.filter(
      (i) => (scope.regions.length === 0 || scope.regions.includes(i.region)) && (scope.years.length === 0 || scope.years.includes(i.year)),
    );
    if (items.length === 0) {
      const where = [...scope.regions, ...scope.years.map((y) => `${y}年`)].join('');
      return this.notFound(corpus.documents, `${where}的工作要点没有列出以${label}为责任单位的条目`);
    }
    return {
      answered: true,
      answer: unitListingReply(label, items),
      citations: items.map((item) => toCitation({ item, score: 1 })),
      shownIds: items.map((i) => i.id),
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

