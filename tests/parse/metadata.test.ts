import { describe, expect, it } from 'vitest';
import { findRegion } from '../../src/parse/metadata.js';
import { parseDocument } from '../../src/parse/index.js';

describe('the region a title names', () => {
  it.each([
    ['深圳市龙岗区2023年卫生健康工作要点', '龙岗区'],
    ['关于印发广东省深圳市龙岗区2023年卫生健康工作要点的通知', '龙岗区'],
    ['关于做好2023年深圳市龙华区卫生健康工作的通知', '龙华区'],
    ['2022年深圳市卫生健康工作要点', '深圳市'],
    ['2017年东莞市卫生计生工作总结和2018年工作计划', '东莞市'],
    ['深圳市社区健康服务中心工作要点', '深圳市'],
  ])('%s → %s (the most local place of the run)', (title, region) => {
    expect(findRegion(title, '')).toBe(region);
  });

  it('names the document after the most local place', () => {
    const text = ['深圳市龙岗区2023年卫生健康工作要点', '一、强化公共卫生', '1.完善疫情防控机制。(责任科室/单位:疾控科)', '2.推进健康促进。'].join('\n');
    const { document } = parseDocument(Buffer.from(text), 'plan.txt');
    expect(document).toMatchObject({ region: '龙岗区', id: 'longgang-2023' });
  });
});
