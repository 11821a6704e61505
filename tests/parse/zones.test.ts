import { describe, expect, it } from 'vitest';
import { parseDocument } from '../../src/parse/index.js';

const parse = (lines: string[]) => parseDocument(Buffer.from(lines.join('\n')), 'plan.txt');

describe('where the plan starts', () => {
  it('reads a plain plan whose second part names the plan year as plan from its first part', () => {
    const { items } = parse([
      '龙岗区2023年卫生健康工作要点',
      '一、强化公共卫生体系',
      '1.完善疫情防控机制,年底前建成3个哨点。(责任科室/单位:疾控科)',
      '2.推进健康促进行动。(责任科室/单位:健康促进科)',
      '二、推进2023年民生实事任务',
      '3.新增托位500个。(责任科室/单位:人口家庭科)',
    ]);
    expect(items.map((i) => [i.label, i.kind])).toEqual([
      ['1', 'plan'],
      ['2', 'plan'],
      ['3', 'plan'],
    ]);
    expect(items[0]!.units).toEqual(['疾控科']);
    expect(items[0]!.targets).toContainEqual(expect.objectContaining({ value: 3, unit: '个', deadlineText: '年底前' }));
  });

  it('keeps a leaf part that names the plan year in a plain plan as an item', () => {
    const { items } = parse(['2023年全区卫生健康工作要点', '一、强化公共卫生体系,完善疾病预防控制网络', '二、全面完成2023年民生实事任务']);
    expect(items.map((i) => [i.label, i.kind])).toEqual([
      ['一、', 'plan'],
      ['二、', 'plan'],
    ]);
  });

  it('still starts the plan at the year heading after a part that reviews the year before', () => {
    const { items } = parse([
      '凝心聚力推动卫生健康事业高质量发展',
      '一、2022年工作回顾',
      '(一)疫情防控有力有效。全年接种36.4万人。',
      '二、2023年工作安排',
      '(一)完善疫情防控机制。年底前建成3个哨点。',
    ]);
    expect(items.map((i) => [i.label, i.kind])).toEqual([
      ['一(一)', 'review'],
      ['二(一)', 'plan'],
    ]);
  });
});
