import type { PlanDocument, PlanItem } from '../items/index.js';
import { regionAliases } from '../items/region-name.js';

/** Quoted terms worth keeping whole: “妈宝课堂”, “鄞领家医”. Longer quotes are sentences, not terms. */
const QUOTED = /[“"「『]([^”"」』]{2,12})[”"」』]/g;

/**
 * The user dictionary harvested from the corpus: every responsible unit, every quoted term, every region
 * with its short forms. Sorted, so that the same corpus always gives the same dictionary (and tokens).
 */
export function harvestUserWords(documents: PlanDocument[], items: PlanItem[]): string[] {
  const words = new Set<string>();
  for (const d of documents) for (const a of regionAliases(d.region)) words.add(a);
  for (const item of items) {
    for (const u of item.units) words.add(u);
    for (const m of item.text.matchAll(QUOTED)) {
      const term = m[1]!.trim();
      // A quote with inner punctuation is a phrase ("2+3"工程, 四个一) or a slogan: keep only clean terms.
      if (/^[\p{Script=Han}A-Za-z0-9+]+$/u.test(term)) words.add(term);
    }
  }
  return [...words].filter((w) => w.length >= 2).sort();
}
