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
  /**
   * Vectors from the lexical features ingest has already counted for each item (features.ts), so that an item
   * is tokenised once, not once for its vector and again for the statistics. Only embedders whose vectors are
   * made of those features have it.
   */
  embedFeatures?(features: ReadonlyArray<ReadonlyMap<string, number>>): Float32Array[];
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

/** Scales `v` itself to unit length (a zero vector stays zero) and returns it. */
export function normalizeInPlace(v: Float32Array): Float32Array {
  let sum = 0;
  for (let i = 0; i < v.length; i++) sum += v[i]! * v[i]!;
  const norm = Math.sqrt(sum);
  if (norm > 0) for (let i = 0; i < v.length; i++) v[i]! /= norm;
  return v;
}

export function l2normalize(v: Float32Array | number[]): number[] {
  let sum = 0;
  for (const x of v) sum += x * x;
  const norm = Math.sqrt(sum);
  return Array.from(v, (x) => (norm > 0 ? x / norm : 0));
}
