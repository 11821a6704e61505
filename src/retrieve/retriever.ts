import type { PlanItem } from '../items/index.js';
import type { Logger } from '../log/index.js';
import type { Query, Role } from '../query/index.js';
import { matchUnits, placeShortName } from '../query/index.js';
import type { ItemStore, SearchHit } from '../store/item-store.js';
import { indexedText } from '../store/indexed-text.js';
import { confidenceScore, grade, DEFAULT_THRESHOLDS, type Confidence, type ConfidenceSignals, type ConfidenceThresholds } from './confidence.js';
import { coverage } from './coverage.js';
import { leadUnitsOf } from '../items/index.js';

export interface RetrievalHit {
  item: PlanItem;
  score: number;
}

export interface RetrievalResult {
  confidence: Confidence;
  /** The calibrated score behind `confidence` (0–1). */
  score: number;
  /** Best first. */
  hits: RetrievalHit[];
  /** The signals the score was made of (absent when the question was ruled out before searching). */
  signals?: ConfidenceSignals;
  /** Why the result is not confident (for logs and the eval). */
  reason?: string;
}

export interface UnitResult {
  unit: string;
  matched: string[];
  items: PlanItem[];
  suggestions: string[];
}

export interface UnitListing {
  /** Items of the units named, in document order, restricted to the role asked where the documents mark roles. */
  items: PlanItem[];
  /** Documents that name no lead units at all: for them every item of the unit is listed, whatever the role asked. */
  rolesUnmarked: string[];
}

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
  /** Factor for items that list no units when the question asks who is responsible. */
  unitlessPenalty: number;
  /** Where the confidence score turns tentative and confident. */
  thresholds: ConfidenceThresholds;
}

export const DEFAULT_RETRIEVER_OPTIONS: RetrieverOptions = {
  candidates: 40,
  unitBoost: 1.5,
  reviewPenalty: 0.6,
  unitlessPenalty: 0.7,
  thresholds: DEFAULT_THRESHOLDS,
};

interface Scored extends RetrievalHit {
  coverage: number;
  similarity: number | null;
  tokens: ReadonlySet<string>;
  /** The text coverage was measured on: the whole item, or only its sentences about a place asked for. */
  text: string;
}

/**
 * Hybrid retrieval over the item store for a `Query`: searched in the documents it names (LanceDB vector +
 * full-text, fused by RRF), re-ranked by what a person expects (items covering more of the question first, a
 * named unit's items up, review paragraphs down unless results are asked for), and graded: confident,
 * tentative or none.
 */
export class Retriever {
  private readonly options: RetrieverOptions;

  constructor(
    private readonly store: ItemStore,
    private readonly log: Logger,
    options: Partial<RetrieverOptions> = {},
  ) {
    this.options = { ...DEFAULT_RETRIEVER_OPTIONS, ...options };
  }

  async retrieve(query: Query, opts: { k?: number } = {}): Promise<RetrievalResult> {
    const k = Math.max(1, opts.k ?? 5);
    const none = (reason: string): RetrievalResult => ({ confidence: 'none', score: 0, hits: [], reason });

    const tokenizer = await this.store.tokenizer();
    const tokens = [...new Set(tokenizer.tokens(query.searchText))];
    // "@小助手 龙岗区" names a scope and nothing to look up in it: any item would be a guess.
    if (tokens.length === 0 || query.terms.length === 0) return none('nothing to search for');
    const vector = this.store.embedder.embedQuery
      ? await this.store.embedder.embedQuery(query.searchText, this.store.statistics)
      : (await this.store.embedder.embed([query.searchText]))[0]!;
    const text = this.fullTextQuery(tokens);

    // A question about two documents gets each document's best items; otherwise one ranking over the scope.
    const scopes = query.scope.compare ? query.scope.docIds.map((d) => [d]) : [query.scope.docIds];
    const rankings: Scored[][] = [];
    for (const docs of scopes) {
      const found = await this.store.search({ vector, text, docs, limit: this.options.candidates });
      rankings.push(this.rescore(found, query));
    }
    const merged = query.scope.compare ? interleave(rankings) : rankings[0]!;
    const result = this.grade(merged, query, k);
    this.log.debug(
      {
        scope: query.scope.docIds,
        intent: query.intent,
        units: query.units,
        confidence: result.confidence,
        score: result.score.toFixed(3),
        reason: result.reason,
        top: result.hits.slice(0, 3).map((h) => [h.item.id, h.score.toFixed(3)]),
      },
      'retrieved',
    );
    return result;
  }

  /** Every item of the units a unit-listing query names, in the scope it names, for the role it asks. */
  async listUnits(query: Query): Promise<UnitListing> {
    const corpus = await this.store.items();
    const byUnit = perCorpus(corpus).byUnit;
    const ofUnits = new Set(query.units.flatMap((u) => byUnit.get(u) ?? []));
    const { docIds } = query.scope;
    // Document order, as the corpus holds them.
    const listed = corpus.filter((i) => ofUnits.has(i) && (docIds.length === 0 || docIds.includes(i.doc)));
    return filterByRole(listed, query.units, query.role, corpus);
  }

  /** Every item that lists the unit (医政 → 医政科, full-width forms too), with suggestions when none does. */
  async unit(name: string): Promise<UnitResult> {
    const items = await this.store.items();
    const match = matchUnits(name, [...new Set(items.flatMap((i) => i.units))]);
    return { ...match, items: match.matched.length ? items.filter((i) => i.units.some((u) => match.matched.includes(u))) : [] };
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

  private rescore(found: SearchHit[], q: Query): Scored[] {
    if (found.length === 0) return [];
    const top = Math.max(...found.map((h) => h.score)) || 1;
    const stats = this.store.statistics;
    return found
      .map((h) => {
        const tokens = new Set(h.tokens);
        const cov = coverage(q.terms, tokens, indexedText(h.item), stats, q.expansions);
        let score = (h.score / top) * (0.5 + cov);
        if (q.units.length && h.item.units.some((u) => q.units.includes(u))) score *= this.options.unitBoost;
        // "Who is responsible" is answered by an item that names its units; one that names none cannot say who.
        if (q.intent === 'responsible' && h.item.units.length === 0) score *= this.options.unitlessPenalty;
        if (!q.wantsReview && h.item.kind === 'review') score *= this.options.reviewPenalty;
        if (h.item.kind === 'intro') score *= this.options.reviewPenalty ** 2;
        return { item: h.item, score, coverage: cov, similarity: h.similarity, tokens, text: indexedText(h.item) };
      })
      .sort((x, y) => y.score - x.score);
  }

  /**
   * The best cosine among the top items, rescaled over the model's informative range. Only a model's vectors say
   * something beyond shared words (the lexical embedder's cosine repeats coverage), and only where that range
   * was measured.
   */
  private similarity(hits: Scored[]): number | null {
    const range = this.store.embedder.similarityRange;
    if (!this.store.embedder.semantic || !range) return null;
    const best = Math.max(0, ...hits.slice(0, 3).map((h) => h.similarity ?? 0));
    return Math.max(0, Math.min(1, (best - range[0]) / (range[1] - range[0])));
  }

  /** The scope checks first (they rule items out), then the confidence of what is left. */
  private grade(ranked: Scored[], q: Query, k: number): RetrievalResult {
    if (ranked.length === 0) return { confidence: 'none', score: 0, hits: [], reason: 'no matching items' };
    const stats = this.store.statistics;
    let pool = ranked;
    let terms = q.terms;
    // A place no document is about: only what an item says about that very place could answer, so only the
    // item's sentences that name the place count, and only such items are cited (another district's plan is
    // not an answer about this one).
    if (q.scope.regions.length === 0 && q.scope.unknownPlaces.length > 0) {
      const names = q.scope.unknownPlaces.map(placeShortName);
      // The place itself is what selected these sentences; what must be covered is the rest of the question.
      terms = q.terms.filter((t) => !names.some((n) => t.includes(n) || n.includes(t)));
      // …and its most specific word must be there itself: sharing 建 and 中心 with a hospital project is not
      // an answer about that place's 社康 centres.
      const key = keyTerm(terms, stats);
      pool = ranked
        .map((h) => {
          const sentences = h.item.text
            .split(/(?<=[。;;!!??])/u)
            .filter((s) => names.some((n) => s.includes(n)))
            .join('');
          if (!sentences || (key && !sentences.includes(key))) return null;
          const local: Scored = { ...h, coverage: coverage(terms, new Set(), sentences, stats, q.expansions), tokens: new Set<string>(), text: sentences };
          return local;
        })
        .filter((h): h is Scored => h !== null);
      if (pool.length === 0) return { confidence: 'none', score: 0, hits: [], reason: `no document speaks of ${q.scope.unknownPlaces.join('、')}` };
    }
    // A year no plan covers: the 2022 plan does not answer "2025年…" unless an item speaks of 2025 itself.
    if (q.scope.uncoveredYears.length) {
      pool = pool.filter((h) => q.scope.uncoveredYears.some((y) => h.item.text.includes(`${y}年`)));
      if (pool.length === 0) return { confidence: 'none', score: 0, hits: [], reason: `no plan for ${q.scope.uncoveredYears.join('、')}` };
    }

    const hits = pool.slice(0, k);
    const best = hits.slice(0, 3).reduce((a, b) => (b.coverage > a.coverage ? b : a));
    const key = keyTerm(terms, stats);
    const official = q.expansions.filter((e) => key && (e.word.includes(key) || key.includes(e.word))).flatMap((e) => e.official);
    const bestText = best.text;
    const signals: ConfidenceSignals = {
      coverage: best.coverage,
      keyTermFound: !key || best.tokens.has(key) || bestText.includes(key) || official.some((o) => bestText.includes(o)),
      runnerUpRatio: hits.length > 1 ? Math.min(1, hits[1]!.score / (hits[0]!.score || 1)) : 0,
      similarity: this.similarity(hits),
    };
    const score = confidenceScore(signals);
    const confidence = grade(score, this.options.thresholds);
    const reason =
      confidence === 'confident'
        ? undefined
        : `score ${score.toFixed(2)}: best item covers ${(best.coverage * 100).toFixed(0)}% of the question${signals.keyTermFound ? '' : `, without “${key}”`}`;
    return { confidence, score, signals, hits: confidence === 'none' ? [] : hits.map(({ item, score: s }) => ({ item, score: s })), reason };
  }
}

/** The question's most specific word of two or more characters (one character, such as 建, is in every 建设). */
function keyTerm(terms: string[], stats: { idf(t: string): number }): string | undefined {
  return [...terms].sort((x, y) => Number(y.length > 1) - Number(x.length > 1) || stats.idf(y) - stats.idf(x))[0];
}

/**
 * Items of `units` for a role. Documents that mark lead units decide by them; a document that marks none cannot
 * tell lead from partner, so all its items of the unit are kept and the document is reported.
 */
export function filterByRole(items: PlanItem[], units: string[], role: Role, corpus: readonly PlanItem[]): UnitListing {
  if (role === 'any') return { items, rolesUnmarked: [] };
  const marked = perCorpus(corpus).docsMarkingLeads;
  const rolesUnmarked = [...new Set(items.filter((i) => !marked.has(i.doc)).map((i) => i.doc))];
  const kept = items.filter((i) => {
    if (!marked.has(i.doc)) return true;
    const leads = units.some((u) => leadUnitsOf(i).includes(u));
    return role === 'lead' ? leads : !leads;
  });
  return { items: kept, rolesUnmarked };
}

interface CorpusIndex {
  byUnit: Map<string, PlanItem[]>;
  /** Documents that name lead units somewhere. */
  docsMarkingLeads: Set<string>;
}

const corpusIndexes = new WeakMap<readonly PlanItem[], CorpusIndex>();

/**
 * What unit listings look up, built once per loaded corpus (the store hands back the same array until it
 * reloads): going over every item's lead units on each listing was most of its time at 40,000 items.
 */
function perCorpus(corpus: readonly PlanItem[]): CorpusIndex {
  let index = corpusIndexes.get(corpus);
  if (index) return index;
  index = { byUnit: new Map(), docsMarkingLeads: new Set() };
  for (const item of corpus) {
    for (const u of new Set(item.units)) {
      const list = index.byUnit.get(u);
      if (list) list.push(item);
      else index.byUnit.set(u, [item]);
    }
    if (leadUnitsOf(item).length > 0) index.docsMarkingLeads.add(item.doc);
  }
  corpusIndexes.set(corpus, index);
  return index;
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
