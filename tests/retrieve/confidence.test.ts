import { describe, expect, it } from 'vitest';
import { confidenceScore, grade } from '../../src/retrieve/confidence.js';

const base = { coverage: 0.8, keyTermFound: true, runnerUpRatio: 0.5, similarity: null };

describe('the confidence score', () => {
  it('grows with coverage and falls without the key word', () => {
    expect(confidenceScore({ ...base, coverage: 0.9 })).toBeGreaterThan(confidenceScore({ ...base, coverage: 0.5 }));
    expect(confidenceScore({ ...base, keyTermFound: false })).toBeLessThan(confidenceScore(base));
  });
  it('trusts a best item that leads the ranking more than one tied with the next', () => {
    expect(confidenceScore({ ...base, runnerUpRatio: 0.2 })).toBeGreaterThan(confidenceScore({ ...base, runnerUpRatio: 1 }));
  });
  it('lets a measured similarity adjust, not decide', () => {
    const low = confidenceScore({ ...base, similarity: 0 });
    const high = confidenceScore({ ...base, similarity: 1 });
    expect(high).toBeGreaterThan(low);
    expect(confidenceScore({ ...base, coverage: 0, similarity: 1 })).toBe(0);
  });
  it('grades by the thresholds, and stays within 0–1', () => {
    expect(grade(0.9)).toBe('confident');
    expect(grade(0.2)).toBe('tentative');
    expect(grade(0.01)).toBe('none');
    expect(grade(0.5, { confident: 0.6, tentative: 0.1 })).toBe('tentative');
    expect(confidenceScore({ coverage: 1, keyTermFound: true, runnerUpRatio: 0, similarity: 1 })).toBeLessThanOrEqual(1);
  });
});
