import { describe, expect, it } from 'vitest';
import { MEASURES, hasFigure } from '../../src/items/measures.js';

describe('measures', () => {
  it('lists each measure once, longer compounds before the bare forms they start with', () => {
    expect(new Set(MEASURES).size).toBe(MEASURES.length);
    expect(MEASURES.indexOf('万人次')).toBeLessThan(MEASURES.indexOf('万人'));
    expect(MEASURES.indexOf('万人')).toBeLessThan(MEASURES.indexOf('万'));
  });
  it('finds a figure with its measure, not a bare number or a year', () => {
    expect(hasFigure('不低于5万人')).toBe(true);
    expect(hasFigure('覆盖率达到90%')).toBe(true);
    expect(hasFigure('新增床位1200张')).toBe(true);
    expect(hasFigure('2022年工作要点')).toBe(false);
  });
});
