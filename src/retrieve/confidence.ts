/**
 * How sure retrieval is that its best items answer the question, as one score in [0, 1] and a grade:
 *
 * - confident: an item answers; the reply quotes it as the answer;
 * - tentative: nothing answers directly, but the closest items are worth showing, said as such;
 * - none: nothing in the plans is close enough to show (or the question's scope rules every item out).
 *
 * The score combines the signals retrieval has: how much of the question's specific content the best items
 * cover (IDF-weighted), whether the question's most specific word is in the best item, how clearly the best
 * item leads the ranking, and, where a semantic embedder is configured, the cosine similarity of the best item.
 * The weights and thresholds are fitted on the tuning part of the dev set (every question whose number is not
 * a multiple of 3) and checked on the rest; `npm run eval` prints the calibration table they come from.
 */
export type Confidence = 'confident' | 'tentative' | 'none';

export interface ConfidenceSignals {
  /** IDF-weighted share of the question's content terms found in the best of the top items, 0–1. */
  coverage: number;
  /** The question's most specific content word is in the best item (its text or its official forms). */
  keyTermFound: boolean;
  /** Fused score of the second item over the first's, 0–1: close to 1 when nothing stands out. */
  runnerUpRatio: number;
  /**
   * Cosine similarity of the best item to the question under a semantic embedder, rescaled to 0–1 over the
   * range the model's cosines actually span (E5's sit between 0.8 and 0.95 for anything in the same language);
   * null for the lexical embedder and for models whose range was not measured.
   */
  similarity: number | null;
}

export interface ConfidenceThresholds {
  confident: number;
  tentative: number;
}

export const DEFAULT_THRESHOLDS: ConfidenceThresholds = { confident: 0.4, tentative: 0.03 };

/** The calibrated score. */
export function confidenceScore(s: ConfidenceSignals): number {
  let score = s.coverage;
  // A question whose most specific word no item contains is rarely answered by what it shares otherwise.
  if (!s.keyTermFound) score *= 0.7;
  // A best item that clearly leads its neighbours is more likely the one meant.
  score *= 0.9 + 0.2 * (1 - s.runnerUpRatio);
  // Similarity alone separates poorly (unrelated questions still score high cosines), so it only adjusts:
  // fitted on the tuning part, it keeps confident precision and lets close paraphrases through.
  if (s.similarity !== null) score *= 0.8 + 0.4 * s.similarity;
  return Math.max(0, Math.min(1, score));
}

export function grade(score: number, thresholds: ConfidenceThresholds = DEFAULT_THRESHOLDS): Confidence {
  if (score >= thresholds.confident) return 'confident';
  if (score >= thresholds.tentative) return 'tentative';
  return 'none';
}
