import { describe, expect, it } from 'vitest';
import { parseDocument } from '../../src/parse/index.js';
import { extractTargets } from '../../src/parse/targets.js';

const valuesOf = (text: string) => extractTargets(text, 2023).map((t) => [t.text, t.value, t.unit]);

describe('numbers with thousands separators', () => {
  it('reads 1,200 as one number, not a clause break', () => {
    expect(valuesOf('全年完成1,200例手术。')).toEqual([['全年完成1,200例手术', 1200, '例']]);
    expect(valuesOf('新增床位12,345张,建成3家。')).toEqual([
      ['新增床位12,345张', 12345, '张'],
      ['建成3家', 3, '家'],
    ]);
  });

  it('reads a full-width separator the same once the document is folded', () => {
    const text = ['2023年全区卫生健康工作要点', '一、提升医疗服务能力', '1.全年完成1\uFF0C200例手术\uFF0C建成3家胸痛中心。'].join('\n');
    const item = parseDocument(Buffer.from(text), 'plan.txt').items.find((i) => i.label === '1')!;
    expect(item.targets.map((t) => [t.value, t.unit])).toEqual([
      [1200, '例'],
      [3, '家'],
    ]);
  });

  it('keeps a comma before fewer or more than three digits a clause break', () => {
    expect(valuesOf('分别为1,2,3个。')).toEqual([['3个', 3, '个']]);
    expect(valuesOf('开展2021,2022年度评估,建成300家。')).toEqual([['建成300家', 300, '家']]);
  });
});
