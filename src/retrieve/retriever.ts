import type { PlanItem } from '../items/index.js';
import type { Logger } from '../log/index.js';
import type { ItemStore, SearchHit } from '../store/item-store.js';
import { indexedText } from '../store/indexed-text.js';
import { sqlIn } from '../store/tables.js';
import { analyzeQuestion, placeShortName, type CorpusVocabulary, type QuestionAnalysis } from './analyze.js';
import { coverage } from './coverage.js';
import { matchUnits } from './units.js';

export interface RetrievalHit {
  item: PlanItem;
  score: number;
}

export interface RetrievalResult {
  answered: boolean;
  /** Best first. For a unit-listing question: every item of the unit, in document order. */
  hits: RetrievalHit[];
  analysis: QuestionAnalysis;
  /** Why the question counts as not answered (for logs and the eval). */
  reason?: string;
}

export interface UnitResult {
  unit: string;
  matched: string[];
  items: PlanItem[];
  suggestions: string[];
}

/** Tuning of the ranking; the defaults are what the eval is run with. */
/** Share of items above which a word is too common to search by full text (see fullTextQuery). */
const COMMON_SHARE = 0.25;
const MAX_FTS_TERMS = 12;

export interface RetrieverOptions {
  /** Candidates fetched per searched scope before boosting. */
  candidates: number;
  /** Factor for items that list a unit the question names. */
  unitBoost: number;
  /** Factor for review paragraphs when the question asks about plans; intro paragraphs get its square. */
  reviewPenalty: number;
  /**
   * The best item must cover at least this share of the question's content (IDF-weighted), or the question
   * is "not found". 0.4: well over a third of what makes the question specific must be in the answer.
   */
  minCoverage: number;
}

export const DEFAULT_RETRIEVER_OPTIONS: RetrieverOptions = { candidates: 40, unitBoost: 1.5, reviewPenalty: 0.6, minCoverage: 0.4 };

interface Scored extends RetrievalHit {
  coverage: number;
}

/**
 * Hybrid retrieval over the item store: the question is analysed (regions, years, units, review cues),
 * searched in the documents it names (LanceDB vector + full-text, RRF), then re-ranked by what a person
 * expects: items that cover more of the question first, a named unit's items up, review paragraphs down
 * unless results are asked for. Unit-listing questions get every item of the unit.
 */
export class Retriever {
  private vocabulary: CorpusVocabulary | undefined;
  private readonly options: RetrieverOptions;

  constructor(
    private readonly store: ItemStore,
    private readonly log: Logger,
    options: Partial<RetrieverOptions> = {},
  ) {
    this.options = { ...DEFAULT_RETRIEVER_OPTIONS, ...options };
  }

  /** Forget the cached vocabulary (after `store.refresh()`). */
  reset(): void {
    this.vocabulary = undefined;
  }

  async analyze(question: string): Promise<QuestionAnalysis> {
    return analyzeQuestion(question, await this.corpus(), await this.store.tokenizer());
  }

  async retrieve(question: string, opts: { k?: number } = {}): Promise<RetrievalResult> {
    const k = Math.max(1, opts.k ?? 5);
    const analysis = await this.analyze(question);

    if (analysis.unitListing) {
      const items = (await this.store.items()).filter((i) => i.units.some((u) => analysis.units.includes(u)));
      const inScope = analysis.docIds.length ? items.filter((i) => analysis.docIds.includes(i.doc)) : items;
      const hits = (inScope.length ? inScope : items).map((item) => ({ item, score: 1 }));
      return { answered: hits.length > 0, hits, analysis, reason: hits.length ? undefined : 'no items list the unit' };
    }

    const tokenizer = await this.store.tokenizer();
    const searchText = this.searchText(analysis);
    const tokens = [...new Set(tokenizer.tokens(searchText))];
    // "@小助手 龙岗区" names a scope and nothing to look up in it: any item would be a guess.
    if (tokens.length === 0 || analysis.terms.length === 0) return { answered: false, hits: [], analysis, reason: 'nothing to search for' };
    const vector = this.store.embedder.embedQuery
      ? await this.store.embedder.embedQuery(searchText, this.store.statistics)
      : (await this.store.embedder.embed([searchText]))[0]!;
    const text = this.fullTextQuery(tokens);

    // A question about two documents gets each document's best items; otherwise one ranking over the scope.
    const scopes = analysis.compare ? analysis.docIds.map((d) => [d]) : [analysis.docIds];
    const rankings: Scored[][] = [];
    for (const scope of scopes) {
      const where = scope.length ? sqlIn('doc', scope) : undefined;
      const found = await this.store.search({ vector, text, where, limit: this.options.candidates });
      rankings.push(this.rescore(found, analysis));
    }
    const merged = analysis.compare ? interleave(rankings) : rankings[0]!;
    const verdict = this.decide(merged.slice(0, k), analysis);
    const hits = verdict.only ?? merged.slice(0, k);
    this.log.debug({ question, scope: analysis.docIds, units: analysis.units, answered: verdict.answered, reason: verdict.reason, top: hits.slice(0, 3).map((h) => [h.item.id, h.score.toFixed(3), h.coverage.toFixed(2)]) }, 'retrieved');
    return { answered: verdict.answered, hits: hits.map(({ item, score }) => ({ item, score })), analysis, reason: verdict.reason };
  }

  /** Every item that lists the unit (医政 → 医政科, full-width forms too), with suggestions when none does. */
  async unit(query: string): Promise<UnitResult> {
    const { units } = await this.corpus();
    const match = matchUnits(query, units);
    const items = match.matched.length ? (await this.store.items()).filter((i) => i.units.some((u) => match.matched.includes(u))) : [];
    return { ...match, items };
  }

  /**
   * The words the full-text leg searches for. A word in a quarter of all items (工作, 建设) adds almost nothing
   * to BM25 but walks a posting list that long: at 40,000 items those lists were most of a query's time. The
   * rarest words decide, so they are kept (at most MAX_FTS_TERMS), and the vector leg still sees everything.
   */
  private fullTextQuery(tokens: string[]): string {
    const stats = this.store.statistics;
    const commonIdf = Math.log(1 / COMMON_SHARE);
    const ranked = [...tokens].sort((a, b) => stats.idf(b) - stats.idf(a));
    const specific = ranked.filter((t) => stats.idf(t) > commonIdf);
    return (specific.length ? specific : ranked.slice(0, 3)).slice(0, MAX_FTS_TERMS).join(' ');
  }

  /** The question without the places and years that already chose the scope: they would only add noise. */
  private searchText(a: QuestionAnalysis): string {
    let text = a.text;
    if (a.docIds.length) {
      for (const r of a.regions) for (const alias of [r, placeShortName(r)]) text = text.split(alias).join(' ');
      for (const y of a.years) text = text.split(String(y)).join(' ');
    }
    const official = a.expansions.flatMap((e) => e.official);
    return [text.trim() || a.text, ...official].join(' ');
  }

  private rescore(found: SearchHit[], a: QuestionAnalysis): Scored[] {
    if (found.length === 0) return [];
    const top = Math.max(...found.map((h) => h.score)) || 1;
    const stats = this.store.statistics;
    return found
      .map((h) => {
        const cov = coverage(a.terms, new Set(h.tokens), indexedText(h.item), stats, a.expansions);
        let score = (h.score / top) * (0.5 + cov);
        if (a.units.length && h.item.units.some((u) => a.units.includes(u))) score *= this.options.unitBoost;
        if (!a.wantsReview && h.item.kind === 'review') score *= this.options.reviewPenalty;
        if (h.item.kind === 'intro') score *= this.options.reviewPenalty ** 2;
        return { item: h.item, score, coverage: cov };
      })
      .sort((x, y) => y.score - x.score);
  }

  private decide(hits: Scored[], a: QuestionAnalysis): { answered: boolean; reason?: string; only?: Scored[] } {
    if (hits.length === 0) return { answered: false, reason: 'no matching items' };
    // A place no document is about: only what an item says about that very place could answer, so the
    // question must be covered by the item's sentences that name the place, and only such items are cited
    // (another district's plan is not an answer about this one).
    if (a.regions.length === 0 && a.unknownPlaces.length > 0) {
      const names = a.unknownPlaces.map(placeShortName);
      const stats = this.store.statistics;
      // The place itself is what selected these sentences; what must be covered is the rest of the question.
      const rest = a.terms.filter((t) => !names.some((n) => t.includes(n) || n.includes(t)));
      // …and its most specific word must be there itself: sharing 建 and 中心 with a hospital project is not
      // an answer about that place's 社康 centres.
      // (A one-character word is too ambiguous to be the key: 建 is in every 建设.)
      const key = [...rest].sort((x, y) => Number(y.length > 1) - Number(x.length > 1) || stats.idf(y) - stats.idf(x))[0];
      const local = hits.filter((h) => {
        const sentences = h.item.text.split(/(?<=[。;;!!??])/u).filter((s) => names.some((n) => s.includes(n))).join('');
        if (!sentences || (key && !sentences.includes(key))) return false;
        return coverage(rest, new Set(), sentences, stats, a.expansions) >= this.options.minCoverage;
      });
      if (local.length === 0) return { answered: false, reason: `no document speaks of ${a.unknownPlaces.join('、')} on this` };
      return { answered: true, only: local };
    }
    // A year no plan covers: the 2022 plan does not answer "2025年…" unless an item speaks of 2025 itself.
    const pool = a.uncoveredYears.length ? hits.filter((h) => a.uncoveredYears.some((y) => h.item.text.includes(`${y}年`))) : hits;
    if (pool.length === 0) return { answered: false, reason: `no plan for ${a.uncoveredYears.join('、')}` };
    const best = Math.max(...pool.slice(0, 3).map((h) => h.coverage));
    if (best < this.options.minCoverage) return { answered: false, reason: `best item covers ${(best * 100).toFixed(0)}% of the question` };
    return { answered: true, only: pool === hits ? undefined : pool };
  }

  private async corpus(): Promise<CorpusVocabulary> {
    if (this.vocabulary) return this.vocabulary;
    const [documents, items] = await Promise.all([this.store.documents(), this.store.items()]);
    const units = [...new Set(items.flatMap((i) => i.units))];
    const reviewYears = new Map<string, number[]>();
    for (const d of documents) {
      if (items.some((i) => i.doc === d.id && i.kind === 'review')) reviewYears.set(d.id, [d.year - 1]);
    }
    this.vocabulary = { documents, units, reviewYears };
    return this.vocabulary;
  }
}

/** Round-robin over rankings, each item once: A1 B1 A2 B2 … */
function interleave(rankings: Scored[][]): Scored[] {
  const out: Scored[] = [];
  const seen = new Set<string>();
  for (let i = 0; rankings.some((r) => i < r.length); i++) {
    for (const r of rankings) {
      const h = r[i];
      if (h && !seen.has(h.item.id)) {
        seen.add(h.item.id);
        out.push(h);
      }
    }
  }
  return out;
}
