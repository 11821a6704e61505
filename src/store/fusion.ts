/**
 * Reciprocal rank fusion (Cormack et al., 2009): each ranking adds 1 / (k + rank) to an entry's score. The
 * constant damps the head of each list, so an item ranked well by both legs beats one ranked first by one;
 * 60 is the paper's value and LanceDB's default, and the choice is not critical.
 */
export const RRF_K = 60;

export function reciprocalRankFusion<T>(rankings: ReadonlyArray<readonly T[]>, key: (entry: T) => string, k = RRF_K): Array<{ entry: T; score: number }> {
  const fused = new Map<string, { entry: T; score: number }>();
  for (const ranking of rankings) {
    ranking.forEach((entry, i) => {
      const id = key(entry);
      const seen = fused.get(id);
      const add = 1 / (k + i + 1);
      if (seen) seen.score += add;
      else fused.set(id, { entry, score: add });
    });
  }
  return [...fused.values()].sort((a, b) => b.score - a.score);
}
