import type { CorpusOutline } from '../store/corpus-summary.js';
import type { Tokenizer } from '../store/tokenizer.js';
import type { Query } from './query.js';
import { understand } from './understand.js';
import { buildVocabulary, type QueryVocabulary } from './vocabulary.js';

export interface QueryCorpus {
  /** The same object until the corpus changes. */
  outline(): Promise<CorpusOutline>;
  tokenizer(): Promise<Tokenizer>;
}

export interface QueryReaderOptions {
  botNames: readonly string[];
  /** The clock 今年 is read against. */
  now?: () => Date;
}

/**
 * Reads questions against the loaded corpus. The vocabulary is rebuilt only when the corpus hands back another
 * outline, which the store does after it reloads a newer ingest.
 */
export class QueryReader {
  private cached: { outline: CorpusOutline; vocabulary: QueryVocabulary } | undefined;

  constructor(
    private readonly corpus: QueryCorpus,
    private readonly options: QueryReaderOptions,
  ) {}

  async read(question: string): Promise<Query> {
    const [vocabulary, tokenizer] = await Promise.all([this.vocabulary(), this.corpus.tokenizer()]);
    return understand(question, vocabulary, tokenizer, { botNames: this.options.botNames, today: (this.options.now ?? (() => new Date()))() });
  }

  async vocabulary(): Promise<QueryVocabulary> {
    const outline = await this.corpus.outline();
    if (this.cached?.outline !== outline) this.cached = { outline, vocabulary: buildVocabulary(outline) };
    return this.cached.vocabulary;
  }
}
