import type { CorpusStatistics } from './corpus-stats.js';

/**
 * Turns texts into vectors for the store's vector column. The store records `id` and `dimension` and refuses
 * to open with another embedder, because vectors of two embedders cannot be compared.
 */
export interface Embedder {
  readonly id: string;
  readonly dimension: number;
  /** Vectors for stored texts, in input order. */
  embed(texts: string[]): Promise<number[][]>;
  /**
   * A question's vector, when it differs from a stored text's: the lexical embedder weighs query terms by the
   * corpus IDF (the lnc.ltc scheme), which is only known once the corpus is. Absent: `embed([text])[0]`.
   */
  embedQuery?(text: string, stats: CorpusStatistics): Promise<number[]>;
  /** True when vectors carry meaning beyond shared words (a model): ingest caches them, search reports cosines. */
  readonly semantic?: boolean;
  /** Where this model's cosines are informative (see EmbeddingProfile.similarityRange); absent: not a signal. */
  readonly similarityRange?: readonly [number, number];
  /** Releases what the embedder holds (the local server it started). */
  close?(): Promise<void>;
}

export class EmbedderError extends Error {
  override name = 'EmbedderError';
}

export function l2normalize(v: Float32Array | number[]): number[] {
  let sum = 0;
  for (const x of v) sum += x * x;
  const norm = Math.sqrt(sum);
  return Array.from(v, (x) => (norm > 0 ? x / norm : 0));
}
