import type { PlanDocument, PlanItem } from '../items/index.js';
import type { Logger } from '../log/index.js';
import type { Query } from '../query/index.js';
import { composeExtractive, composeTentative } from './extractive.js';
import type { LlmAnswerer } from './llm.js';
import { citationLine, fullItemReply, newestPlanNote, notFoundReply, overviewReply, unitListingReply, unitsLines } from './reply-format.js';
import { toCitation, type AnswerResult, type Citation, type CorpusPort, type QueryPort, type RetrievalPort, type RetrievedHit } from './types.js';

export interface AnswererOptions {
  queries: QueryPort;
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
  /**
   * The LLM's answer text while it is being written (LLM mode only), for a chat that shows it live. Drafts
   * are unchecked: the finished reply, checked and with citations (or the extractive one), replaces them.
   */
  onDraft?: (answerSoFar: string) => void;
}

/**
 * Question → reply with citations. The query stage has decided what the question asks; this picks the reply
 * that fits: a follow-up refers to the last answer, a unit listing lists every item of the unit, an overview
 * describes the plan, anything else is retrieved and answered as confidently as retrieval is sure: quoted as
 * the answer, offered as the closest items, or "not found".
 */
export class Answerer {
  constructor(private readonly opts: AnswererOptions) {}

  async answer(question: string, ask: AskOptions = {}): Promise<AnswerResult> {
    const query = await this.opts.queries.read(question);
    if (!query.text) return this.notFound('问题是空的');

    if (ask.followUp?.citationIds.length && query.followUp) {
      const followUp = await this.answerFollowUp(query, ask.followUp.citationIds);
      if (followUp) return followUp;
    }
    if (query.intent === 'unit-listing') return this.answerUnitListing(query);
    if (query.intent === 'overview') return this.answerOverview(query);

    const k = ask.k ?? 5;
    const retrieved = await this.opts.retrieval.retrieve(query, { k });
    const hits = retrieved.hits.slice(0, k);
    if (retrieved.confidence === 'none' || hits.length === 0) return this.notFound();
    const note = await this.newestNote(query, hits);
    const graded = { confidence: retrieved.confidence, score: retrieved.score };

    if (retrieved.confidence === 'tentative') return this.tentative(query, hits, note, graded.score);

    if (this.opts.llm) {
      const units = [...(await this.opts.corpus.units())];
      const llm = await this.opts.llm.answer(
        query.text,
        hits.map((h) => h.item),
        units,
        ask.onDraft,
      );
      if (llm && llm.cited.length) {
        const blocks = llm.cited.map((i) => [citationLine(i), ...unitsLines(i)].join('\n'));
        const body = llm.answer
          .normalize('NFKC')
          .replace(/^(依据|责任单位|责任科室|牵头单位|配合单位|出处)[::].*$/gm, '')
          .trim();
        return {
          answered: true,
          ...graded,
          answer: [note, body, ...blocks].filter(Boolean).join('\n\n'),
          citations: orderCitations(llm.cited, hits),
          shownIds: llm.cited.map((i) => i.id),
          mode: 'llm',
        };
      }
      // The model read the items and found no answer in them: say what is closest rather than nothing.
      if (llm) return this.tentative(query, hits, note, graded.score);
    }

    const composed = composeExtractive({ query, hits });
    if (composed.withoutFigure) {
      const text = composeTentative(query, [{ item: composed.withoutFigure, score: 1 }], `${composed.withoutFigure.cite}提到了相关工作,但没有给出具体数字。`);
      return {
        answered: false,
        confidence: 'tentative',
        score: graded.score,
        answer: [note, text.text].filter(Boolean).join('\n\n'),
        citations: orderCitations(text.shown, hits),
        shownIds: text.shown.map((i) => i.id),
        mode: 'tentative',
      };
    }
    if (!composed.text) return this.tentative(query, hits, note, graded.score);
    return {
      answered: true,
      ...graded,
      answer: [note, composed.text].filter(Boolean).join('\n\n'),
      citations: orderCitations(composed.shown, hits),
      shownIds: composed.shown.map((i) => i.id),
      mode: 'extractive',
    };
  }

  private tentative(query: Query, hits: RetrievedHit[], note: string, score: number): AnswerResult {
    const composed = composeTentative(query, hits);
    return {
      answered: false,
      confidence: 'tentative',
      score,
      answer: [note, composed.text].filter(Boolean).join('\n\n'),
      citations: orderCitations(composed.shown, hits),
      shownIds: composed.shown.map((i) => i.id),
      mode: 'tentative',
    };
  }

  private async answerFollowUp(query: Query, ids: string[]): Promise<AnswerResult | null> {
    const items = await this.opts.corpus.items();
    const cited = ids.map((id) => items.find((i) => i.id === id)).filter((i): i is PlanItem => !!i);
    if (cited.length === 0 || !query.followUp) return null;
    const kind = query.followUp;
    const blocks = cited.map((item) => {
      if (kind === 'text') return fullItemReply(item);
      // "Not printed" is said in words that cannot be read as a unit name on a 责任单位 line.
      if (kind === 'units') return [citationLine(item), ...(unitsLines(item).length ? unitsLines(item) : ['(该条未列明责任单位)'])].join('\n');
      if (kind === 'deadline') return [citationLine(item), deadlineLine(item)].join('\n');
      return [citationLine(item), ...unitsLines(item)].join('\n');
    });
    return {
      answered: true,
      confidence: 'confident',
      score: 1,
      answer: blocks.join('\n\n'),
      citations: cited.map((i) => toCitation({ item: i, score: 1 })),
      shownIds: cited.map((i) => i.id),
      mode: 'follow-up',
    };
  }

  private async answerUnitListing(query: Query): Promise<AnswerResult> {
    if (query.units.length === 0) {
      const typed = query.unitAsTyped ?? '';
      const found = typed ? await this.opts.retrieval.unit(typed) : null;
      const hint = found?.suggestions.length ? `你是不是要找:${found.suggestions.join('、')}?` : undefined;
      return this.notFound(`没有以“${typed}”为责任单位的条目${hint ? `。${hint}` : ''}`);
    }
    const listing = await this.opts.retrieval.listUnits(query);
    const label = query.units.join('、');
    if (listing.items.length === 0) {
      const where = [...query.scope.regions, ...query.scope.years.map((y) => `${y}年`)].join('');
      const role = query.role === 'lead' ? '牵头单位' : query.role === 'partner' ? '配合单位' : '责任单位';
      return this.notFound(`${where ? `${where}的` : ''}工作要点没有列出以${label}为${role}的条目`);
    }
    const documents = await this.opts.corpus.documents();
    const unmarked = documents.filter((d) => listing.rolesUnmarked.includes(d.id));
    return {
      answered: true,
      confidence: 'confident',
      score: 1,
      answer: unitListingReply(label, listing.items, { role: query.role, units: query.units, rolesUnmarked: unmarked }),
      citations: listing.items.map((item) => toCitation({ item, score: 1 })),
      shownIds: listing.items.map((i) => i.id),
      mode: 'unit-listing',
    };
  }

  private async answerOverview(query: Query): Promise<AnswerResult> {
    const [documents, items] = await Promise.all([this.opts.corpus.documents(), this.opts.corpus.items()]);
    const scoped = documents.filter((d) => query.scope.docIds.includes(d.id));
    if (scoped.length === 0) return this.notFound();
    const plans = items.filter((i) => query.scope.docIds.includes(i.doc) && i.kind === 'plan');
    return { answered: true, confidence: 'confident', score: 1, answer: overviewReply(scoped, plans), citations: [], shownIds: [], mode: 'overview' };
  }

  /** "今年" with no plan of this year yet: the reply says which plan it answers from. */
  private async newestNote(query: Query, hits: RetrievedHit[]): Promise<string> {
    if (query.scope.notYetPlanned.length === 0) return '';
    const documents = await this.opts.corpus.documents();
    const shown = documents.filter((d) => hits.some((h) => h.item.doc === d.id));
    return newestPlanNote(query.scope.notYetPlanned, shown);
  }

  private async notFound(hint?: string): Promise<AnswerResult> {
    const documents: PlanDocument[] = await this.opts.corpus.documents();
    return { answered: false, confidence: 'none', score: 0, answer: notFoundReply(documents, hint), citations: [], shownIds: [], mode: 'not-found' };
  }
}

/** Every target of an item with its deadline, as printed where the plan says it, else the plan year's end. */
function deadlineLine(item: PlanItem): string {
  if (item.targets.length === 0) return `期限:未写明期限,按计划年度末计(${item.year}年12月31日)`;
  const lines = item.targets.map((t) =>
    t.deadlineSource === 'explicit'
      ? `${t.text}(${t.deadlineText ?? ''}${t.deadlineText ? ',' : ''}${t.deadline})`
      : `${t.text}(未写明期限,按年度末计,${t.deadline})`,
  );
  return `期限:${[...new Set(lines)].join(';')}`;
}

/** The items the reply shows come first, then the rest of what retrieval found, best first. */
function orderCitations(shown: PlanItem[], hits: RetrievedHit[]): Citation[] {
  const score = new Map(hits.map((h) => [h.item.id, h.score]));
  const first = shown.map((item) => toCitation({ item, score: score.get(item.id) ?? 0 }));
  const rest = hits.filter((h) => !shown.some((s) => s.id === h.item.id)).map(toCitation);
  return [...first, ...rest];
}
