import type { CorpusStatistics } from '../store/corpus-stats.js';
import { BIGRAM_PREFIX } from '../store/features.js';
import { normalizeText } from '../store/normalize.js';
import type { Expansion } from '../query/index.js';

/**
 * How much of a question's content an item covers, weighted by IDF: the share of the question's specific
 * words that the item contains. A word the item lacks can still be covered in part by its character bigrams
 * (a different segmentation, a compound that contains it). A question whose rarest words no item contains
 * (奶粉, 报名) covers little whatever else it shares, and that is the principled "not in the documents" signal.
 */
export function coverage(terms: string[], itemTokens: ReadonlySet<string>, itemText: string, stats: CorpusStatistics, expansions: Expansion[] = []): number {
  if (terms.length === 0) return 1;
  const text = normalizeText(itemText);
  let total = 0;
  let covered = 0;
  for (const term of terms) {
    const w = Math.max(stats.idf(term), stats.idf(BIGRAM_PREFIX + term.slice(0, 2)), 0.1);
    total += w;
    const official = expansions.filter((e) => e.word.includes(term) || term.includes(e.word)).flatMap((e) => e.official);
    if (itemTokens.has(term) || text.includes(term) || official.some((o) => text.includes(o))) {
      covered += w;
      continue;
    }
    const grams = bigrams(term);
    if (grams.length === 0) continue;
    const hit = grams.filter((g) => text.includes(g)).length;
    // Half credit at most: sharing 加强 with 加强针 is weaker evidence than the word itself.
    covered += (w * 0.5 * hit) / grams.length;
  }
  return covered / total;
}

function bigrams(term: string): string[] {
  const han = [...term].filter((c) => /\p{Script=Han}/u.test(c)).join('');
  const out: string[] = [];
  for (let i = 0; i + 1 < han.length; i++) out.push(han.slice(i, i + 2));
  return out;
}
