import { describe, expect, it } from 'vitest';
import { parseDocument } from '../../src/parse/index.js';

const parse = (lines: string[]) => parseDocument(Buffer.from(lines.join('\n')), 'plan.txt');

/** A summary and a plan that both number their parts from 一、 (the seeds number the summary as prose). */
const summaryAndPlan = [
  '2022年卫生健康工作总结和2023年工作计划',
  '一、疫情防控有力有效',
  '全年累计接种新冠疫苗36.4万人次,核酸检测能力大幅提升。',
  '二、医疗服务能力稳步提升',
  '新增三甲医院2家,基层诊疗量占比提高到65%。',
  '2023年工作计划',
  '一、完善疾病预防控制体系',
  '一是建强疾控机构,年底前完成市疾控中心迁建。',
  '二是完善监测预警,建成3个哨点。',
  '二、提升医疗服务能力',
  '新增床位1000张。',
  '三、推进健康城市建设',
  '建成健康社区20个。',
];

describe('labels and citations', () => {
  it('never gives two items of one document the same cite or id', () => {
    const { items } = parse(summaryAndPlan);
    const cites = items.map((i) => i.cite);
    expect(new Set(cites).size).toBe(cites.length);
    expect(items.every((i) => !i.id.includes('~'))).toBe(true);
  });

  it('prefixes the plan that numbers its parts again with the divider printed before it', () => {
    const { items } = parse(summaryAndPlan);
    expect(items.map((i) => i.label)).toEqual(['一、', '二、', '一是', '二是', '2023年工作计划二、', '2023年工作计划三、']);
    expect(items.filter((i) => i.kind === 'plan').map((i) => i.label)).toEqual(['一是', '二是', '2023年工作计划二、', '2023年工作计划三、']);
    expect(items.find((i) => i.label === '2023年工作计划二、')).toMatchObject({
      id: `${items[0]!.doc}#2023年工作计划二、`,
      cite: '《2022年卫生健康工作总结和2023年工作计划》2023年工作计划二、',
      targets: [expect.objectContaining({ value: 1000, unit: '张' })],
    });
    // The divider names the plan; it is no part of the summary's last item.
    expect(items.find((i) => i.label === '二、')!.text).not.toContain('2023年工作计划');
  });

  it('prefixes the items inside a renumbered part as well, when their own ordinals repeat', () => {
    const lines = [...summaryAndPlan];
    lines.splice(3, 0, '一是疫苗接种覆盖全人群。', '二是核酸检测能力大幅提升。');
    const { items } = parse(lines);
    expect(items.map((i) => i.label)).toEqual([
      '一、',
      '一、一是',
      '一、二是',
      '二、',
      '2023年工作计划一、一是',
      '2023年工作计划一、二是',
      '2023年工作计划二、',
      '2023年工作计划三、',
    ]);
    expect(items.find((i) => i.label === '2023年工作计划一、一是')!.cite).toBe('《2022年卫生健康工作总结和2023年工作计划》2023年工作计划一、一是');
  });

  it('tells apart a repeated part no divider explains by its occurrence', () => {
    const { items } = parse([
      '2023年卫生健康工作要点',
      '一、强化公共卫生,完善疾控体系。',
      '二、提升医疗服务,新增床位1000张。',
      '二、推进健康城市,建成健康社区20个。',
    ]);
    expect(items.map((i) => i.label)).toEqual(['一、', '二、', '二、第2处']);
    expect(new Set(items.map((i) => i.cite)).size).toBe(3);
  });
});
