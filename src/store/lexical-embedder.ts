import type { CorpusStatistics } from './corpus-stats.js';
import { BIGRAM_PREFIX, textFeatures } from './features.js';
import { normalizeInPlace, type Embedder } from './embedder.js';
import { sharedTokenizer, type Tokenizer } from './tokenizer.js';

/** Bigrams add fuzziness; words carry more meaning, so a bigram weighs less than a word. */
const BIGRAM_WEIGHT = 0.5;

/** FNV-1a, 32 bit: fast, stable across runs and platforms (the stored vectors depend on it). */
function fnv1a(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/**
 * The offline default: a lexical "embedding", no model. Jieba tokens and character bigrams are hashed into a
 * fixed number of buckets (with a sign bit, so collisions cancel rather than pile up). Stored texts get
 * sublinear term frequency (1 + log tf), L2-normalised; questions get the same times the corpus IDF
 * (SMART lnc.ltc), so the cosine is a TF-IDF similarity while stored vectors never go stale when the corpus
 * grows. It finds shared words and word parts, not meanings: paraphrases with no common characters are
 * left to the full-text side and to a semantic embedder when one is configured.
 */
export class HashedLexicalEmbedder implements Embedder {
  readonly id: string;

  constructor(
    readonly dimension = 1024,
    private readonly tokenizer: () => Promise<Tokenizer> = sharedTokenizer,
  ) {
    if (!Number.isInteger(dimension) || dimension < 16) throw new RangeError(`lexical embedder: dimension must be an integer ≥ 16, got ${dimension}`);
    this.id = `lexical-hash-v1`;
  }

  async embed(texts: string[]): Promise<number[][]> {
    const tokenizer = await this.tokenizer();
    return texts.map((t) => Array.from(this.vector(textFeatures(tokenizer.tokens(t), t), () => 1)));
  }

  embedFeatures(features: ReadonlyArray<ReadonlyMap<string, number>>): Float32Array[] {
    return features.map((f) => this.vector(f, () => 1));
  }

  async embedQuery(text: string, stats: CorpusStatistics): Promise<number[]> {
    const tokenizer = await this.tokenizer();
    return Array.from(this.vector(textFeatures(tokenizer.tokens(text), text), (f) => stats.idf(f)));
  }

  private vector(features: ReadonlyMap<string, number>, weight: (feature: string) => number): Float32Array {
    const v = new Float32Array(this.dimension);
    for (const [f, tf] of features) {
      const h = fnv1a(f);
      const sign = h & 0x80000000 ? -1 : 1;
      const kind = f.startsWith(BIGRAM_PREFIX) ? BIGRAM_WEIGHT : 1;
      v[h % this.dimension]! += sign * kind * (1 + Math.log(tf)) * weight(f);
    }
    return normalizeInPlace(v);
  }
}
