import type { PlanDocument, PlanItem } from '../items/index.js';
import type { Tokenizer } from '../store/tokenizer.js';
import type { Query } from './query.js';
import { understand } from './understand.js';
import { buildVocabulary, type QueryVocabulary } from './vocabulary.js';

export interface QueryCorpus {
  documents(): Promise<PlanDocument[]>;
  items(): Promise<PlanItem[]>;
  tokenizer(): Promise<Tokenizer>;
}

export interface QueryReaderOptions {
  botNames: readonly string[];
  /** The clock 今年 is read against. */
  now?: () => Date;
}

/**
 * Reads questions against the loaded corpus. The vocabulary is rebuilt only when the corpus hands back other
 * arrays, which the store does after it reloads a newer ingest.
 */
export class QueryReader {
  private cached: { documents: PlanDocument[]; items: PlanItem[]; vocabulary: QueryVocabulary } | undefined;

  constructor(
    private readonly corpus: QueryCorpus,
    private readonly options: QueryReaderOptions,
  ) {}

  async read(question: string): Promise<Query> {
    const [vocabulary, tokenizer] = await Promise.all([this.vocabulary(), this.corpus.tokenizer()]);
    return understand(question, vocabulary, tokenizer, { botNames: this.options.botNames, today: (this.options.now ?? (() => new Date()))() });
  }

  async vocabulary(): Promise<QueryVocabulary> {
    const [documents, items] = await Promise.all([this.corpus.documents(), this.corpus.items()]);
    if (this.cached?.documents !== documents || this.cached.items !== items) this.cached = { documents, items, vocabulary: buildVocabulary(documents, items) };
    return this.cached.vocabulary;
  }
}
