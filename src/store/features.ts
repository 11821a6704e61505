import { normalizeText } from './normalize.js';

/**
 * The lexical features of a text: its content tokens and its Han character bigrams. Bigrams catch what
 * word segmentation misses (第三针 vs 第三剂加强针, a word the dictionary splits differently in two texts).
 * Bigram keys carry a prefix so that the bigram 医院 and the word 医院 count separately.
 */
export const BIGRAM_PREFIX = '\u0002';

export function textFeatures(tokens: string[], text: string): Map<string, number> {
  const counts = new Map<string, number>();
  for (const t of tokens) counts.set(t, (counts.get(t) ?? 0) + 1);
  for (const run of normalizeText(text).match(/\p{Script=Han}{2,}/gu) ?? []) {
    for (let i = 0; i + 1 < run.length; i++) {
      const key = BIGRAM_PREFIX + run.slice(i, i + 2);
      counts.set(key, (counts.get(key) ?? 0) + 1);
    }
  }
  return counts;
}
