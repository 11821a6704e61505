import { describe, expect, it } from 'vitest';
import { findItem } from '../../src/app/assistant.js';
import { seedCorpus } from '../helpers/fake-retrieval.js';

describe('/item: an item as people type its reference', () => {
  it.each([
    ['深圳 24', 'shenzhen-2022#(二十四)'],
    ['深圳 二十四', 'shenzhen-2022#(二十四)'],
    ['深圳市 (二十四)', 'shenzhen-2022#(二十四)'],
    ['龙岗 第9条', 'longgang-2022#9'],
    ['龙岗区 9', 'longgang-2022#9'],
    ['龙岗 2022 九', 'longgang-2022#9'],
    ['广州 三(四)二是', 'guangzhou-2022#三(四)二是'],
  ])('"%s" → %s', async (typed, id) => {
    const { documents, items } = await seedCorpus();
    expect(findItem(typed, documents, items).item?.id).toBe(id);
  });

  it('asks for the region when several documents have the label, each suggestion once', async () => {
    const { documents, items } = await seedCorpus();
    const r = findItem('9', documents, items);
    expect(r.problem).toContain('请写上地区');
    const suggestions = r.problem!.split(':').at(-1)!.split(' 或 ');
    expect(new Set(suggestions).size).toBe(suggestions.length);
  });
});
