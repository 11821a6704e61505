import { describe, expect, it } from 'vitest';
import { parseBytes, parseDocument } from '../../src/parse/index.js';
import type { PlanItem } from '../../src/items/index.js';
import { docx, gbk, htmlPage } from '../helpers/documents.js';

/**
 * A plan as a city portal publishes it (synthetic, written for this test): page chrome and a metadata
 * table, a 印发 notice signed and dated above the plan, units on the item's line or on lines of their own,
 * the deadline phrases issue 13 lists, an item glued to its number (11.121…), and an annex of indicators.
 */
const lines = [
  '首页 > 政务公开 > 通知公告',
  '索引号：11440100MB2C92/2023-00123',
  '发布机构：青川市卫生健康委员会',
  '发布日期：2023-03-20',
  '青川市卫生健康委员会关于印发青川市2023年卫生健康工作要点的通知',
  '青卫〔2023〕12号',
  '各区卫生健康局，委机关各处室，各直属单位：',
  '现将《青川市2023年卫生健康工作要点》印发给你们，请认真贯彻执行。',
  '青川市卫生健康委员会',
  '2023年3月15日',
  '青川市2023年卫生健康工作要点',
  '一、深化医药卫生体制改革',
  '1.推进家庭医生签约服务。重点人群签约率达到75%以上，上半年完成签约服务包修订。（牵头处室：基层卫生处；配合处室：医政医管处、财务处）',
  '2.加强全科医生培养。9月底前完成全科医生转岗培训招生。',
  '牵头单位：科教处',
  '配合单位：基层卫生处',
  '3.推进公立医院改革。三季度末前完成绩效考核。（医政医管处牵头，财务处配合）',
  '4.完善医保支付。年中完成中期评估，第四季度前完成新一轮谈判。（医政医管处、财务处负责）',
  '5.建设区域医疗中心。2024年10月前完成主体工程。（规划处会同财务处负责）',
  '6.推进检查检验结果互认。2019年1月1日至2023年12月31日开展试点。（医政医管处负责）',
  '7.推进智慧医院建设。自本通知印发之日起30日内制定实施方案。（规划信息处负责）',
  '8.报送统计数据。2023年起每年3月底前报送上年度统计数据。（规划信息处负责）',
  '9.加强医疗质量管理。持续推进医疗质量安全改进。（医政医管处负责）',
  '10.推进中医药发展。到2023年底，建成中医馆20家。（中医处负责）',
  '11.121人才梯队项目。遴选培养对象100名。（责任处室：科教处）',
  '二、强化公共卫生',
  '12.做好疫苗接种。（疾控处牵头，各区卫生健康局按职责分工负责）',
  '各区卫生健康局、委机关各处室要高度重视，细化任务分工，确保各项工作落到实处。',
  '附件：青川市2023年卫生健康主要指标',
  ...Array.from({ length: 20 }, (_v, i) => `${i + 1}.指标${i + 1}达到${90 + (i % 10)}%`),
  '扫一扫在手机打开当前页',
];

const expected: Array<[string, string[], string[], string[]]> = [
  ['1', ['基层卫生处', '医政医管处', '财务处'], ['基层卫生处'], ['2023-06-30']],
  ['2', ['科教处', '基层卫生处'], ['科教处'], ['2023-09-30']],
  ['3', ['医政医管处', '财务处'], ['医政医管处'], ['2023-09-30']],
  ['4', ['医政医管处', '财务处'], [], ['2023-06-30', '2023-09-30']],
  ['5', ['规划处', '财务处'], ['规划处'], ['2024-09-30']],
  ['6', ['医政医管处'], [], ['2023-12-31']],
  ['7', ['规划信息处'], [], ['2023-04-14']],
  ['8', ['规划信息处'], [], ['2023-03-31']],
  ['9', ['医政医管处'], [], []],
  ['10', ['中医处'], [], ['2023-12-31']],
  ['11', ['科教处'], [], []],
  ['12', ['疾控处', '各区卫生健康局'], ['疾控处'], []],
];

const summary = (items: PlanItem[]) =>
  items
    .filter((i) => i.kind === 'plan')
    .map((i): [string, string[], string[], string[]] => [
      i.label,
      i.units,
      i.leadUnits ?? [],
      [...new Set(i.targets.filter((t) => t.deadlineSource === 'explicit').map((t) => t.deadline))],
    ]);

describe('a plan as a city portal publishes it', () => {
  const out = parseDocument(Buffer.from(lines.join('\n')), 'plan.txt');

  it('reads the plan’s title, the issuer, the region, the year and the document’s date', () => {
    expect(out.document).toMatchObject({
      title: '青川市2023年卫生健康工作要点',
      issuer: '青川市卫生健康委员会',
      region: '青川市',
      year: 2023,
      issued: '2023-03-15',
      published: '2023-03-20',
    });
  });

  it('finds items 1–12 with their units, leads and deadlines, and no annex item', () => {
    expect(summary(out.items)).toEqual(expected);
  });

  it('ties each deadline to its clause and makes no target of a date alone', () => {
    const one = out.items.find((i) => i.label === '1')!;
    expect(one.targets.map((t) => [t.text, t.deadline, t.deadlineSource])).toEqual([
      ['重点人群签约率达到75%以上', '2023-12-31', 'plan-year'],
      ['上半年完成签约服务包修订', '2023-06-30', 'explicit'],
    ]);
    const ten = out.items.find((i) => i.label === '10')!;
    expect(ten.targets.map((t) => t.text)).toEqual(['建成中医馆20家']);
    const eight = out.items.find((i) => i.label === '8')!;
    expect(eight.targets).toEqual([expect.objectContaining({ deadline: '2023-03-31', deadlineKind: 'recurring', repeat: 'year' })]);
  });

  it('reads 11.121人才梯队项目 as item 11 and keeps item 10 whole', () => {
    expect(out.items.find((i) => i.label === '11')!.text).toMatch(/^121人才梯队项目/);
    expect(out.items.find((i) => i.label === '10')!.text).not.toContain('121');
  });

  it('keeps the closing paragraph out of item 12', () => {
    expect(out.items.find((i) => i.label === '12')!.text).toBe('做好疫苗接种。');
    expect(out.items.find((i) => i.label === '结语')?.kind).toBe('intro');
  });

  it('reads the same from GBK text, a web page and a Word file', async () => {
    const body = lines.slice(1).map((l) => l.replace(/^首页.*$/, ''));
    expect(summary(parseDocument(gbk(lines.join('\r\n')), 'plan.txt').items)).toEqual(expected);
    expect(summary(parseDocument(htmlPage(body), 'plan.html').items)).toEqual(expected);
    expect(summary((await parseBytes(await docx(body), 'plan.docx')).items)).toEqual(expected);
  });
});
