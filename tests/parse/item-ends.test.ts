import { describe, expect, it } from 'vitest';
import { parseDocument } from '../../src/parse/index.js';

const parse = (lines: string[]) => parseDocument(Buffer.from(lines.join('\n')), 'plan.txt');
const plan = (lines: string[]) => parse(lines).items.filter((i) => i.kind === 'plan');

describe('where items end', () => {
  const body = [
    '某市人民政府关于加强基层卫生工作的意见',
    '一、强化基层',
    '1.建设村卫生室。年底前建成20个。（市卫生健康委负责）',
    '2.培训乡村医生。全年培训300人次。（市卫生健康委、市财政局负责）',
  ];

  it('at a closing paragraph (各地区各部门要…, 本意见自…)', () => {
    const doc = parse([
      ...body.slice(0, 3),
      '2.培训乡村医生。全年培训300人次。',
      '各地区各部门要高度重视，加强组织领导，确保各项任务落到实处。',
      '本意见自印发之日起施行。',
    ]);
    const items = doc.items.filter((i) => i.kind === 'plan');
    expect(items.at(-1)!.text).toBe('培训乡村医生。全年培训300人次。');
    expect(doc.items.filter((i) => i.label.startsWith('结语')).map((i) => i.kind)).toEqual(['intro']);
  });

  it('after the units note that closes the last item', () => {
    const doc = parse([...body, '从专项资金中安排部分资金，由地方统筹使用，各地要及时报送有关情况。']);
    expect(doc.items.filter((i) => i.kind === 'plan').at(-1)!.text).toBe('培训乡村医生。全年培训300人次。');
    expect(doc.items.find((i) => i.label === '结语')?.text).toContain('从专项资金中安排部分资金');
  });

  it('at the signature and date, the publication note and the attachments, and an annex list is no item', () => {
    const items = plan([
      ...body,
      '某市人民政府',
      '2024年3月1日',
      '（此件公开发布）',
      '附件：2024年基层卫生主要指标',
      '1.村卫生室标准化率达到100%',
      '2.乡村医生培训300人次',
    ]);
    expect(items.map((i) => i.label)).toEqual(['1', '2']);
    expect(items.at(-1)!.text).toBe('培训乡村医生。全年培训300人次。');
  });

  it('at 附件 alone', () => {
    const items = plan([...body, '附件', '主要指标表', '1.床位数达到5000张']);
    expect(items.map((i) => i.label)).toEqual(['1', '2']);
  });

  it('the numbering sequence decides where an item starts: 11.121人才… is item 11', () => {
    const lines = ['某区2024年卫生健康工作要点', '一、人才'];
    for (let n = 1; n <= 10; n++) lines.push(`${n}.第${n}项工作。推进落实。`);
    lines.push('11.121人才梯队项目。引进人才10名。');
    const items = plan(lines);
    expect(items.map((i) => i.label)).toEqual(Array.from({ length: 11 }, (_, i) => String(i + 1)));
    expect(items.at(-1)!.text).toBe('121人才梯队项目。引进人才10名。');
    expect(items[9]!.text).toBe('第10项工作。推进落实。');
  });

  it('a body line that starts with a decimal is no new item', () => {
    const items = plan(['某区2024年卫生健康工作要点', '一、指标', '1.控制费用。', '2.5%的增幅为上限。']);
    expect(items.map((i) => i.label)).toEqual(['1']);
  });
});
