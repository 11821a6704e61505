import { describe, expect, it } from 'vitest';
import { RRF_K, reciprocalRankFusion } from '../../src/store/fusion.js';

describe('reciprocal rank fusion', () => {
  it('ranks an entry both legs found above one that only one leg ranked first', () => {
    const fused = reciprocalRankFusion(
      [
        ['a', 'b', 'c'],
        ['b', 'd'],
      ],
      (x) => x,
    );
    expect(fused.map((f) => f.entry)).toEqual(['b', 'a', 'd', 'c']);
    expect(fused[0]!.score).toBeCloseTo(1 / (RRF_K + 2) + 1 / (RRF_K + 1));
  });
  it('keeps one ranking as it is', () => {
    expect(reciprocalRankFusion([['x', 'y']], (x) => x).map((f) => f.entry)).toEqual(['x', 'y']);
  });
});
