import { describe, expect, it } from 'vitest';
import type { PlanItem } from '../../src/items/index.js';
import { parsedSeeds, seedBytes } from '../helpers/seeds.js';
import { parseDocument } from '../../src/parse/index.js';

async function doc(id: string) {
  const { documents } = await parsedSeeds();
  const d = documents.find((x) => x.document.id === id);
  if (!d) throw new Error(`no document ${id}; have ${documents.map((x) => x.document.id).join(', ')}`);
  return d;
}
const plan = (items: PlanItem[]) => items.filter((i) => i.kind === 'plan');
const byLabel = (items: PlanItem[], label: string) => {
  const item = items.find((i) => i.label === label);
  if (!item) throw new Error(`no item ${label}`);
  return item;
};

describe('the five seed documents', () => {
  it('all parse, none skipped', async () => {
    const { documents, skipped } = await parsedSeeds();
    expect(skipped).toEqual([]);
    expect(documents.map((d) => d.document.id).sort()).toEqual(['dongguan-2018', 'guangzhou-2022', 'longgang-2022', 'shenzhen-2022', 'xx-2022']);
  });

  it.each([
    ['longgang-2022', 40],
    ['xx-2022', 18],
    ['shenzhen-2022', 36],
    ['guangzhou-2022', 39],
    ['dongguan-2018', 25],
  ])('%s has %i plan items', async (id, n) => {
    expect(plan((await doc(id)).items)).toHaveLength(n);
  });

  it('reads title, region, plan year and publication date', async () => {
    const meta = (await parsedSeeds()).documents.map((d) => [d.document.id, d.document.title, d.document.region, d.document.year, d.document.published]);
    expect(meta).toEqual(
      expect.arrayContaining([
        ['longgang-2022', '龙岗区2022年度卫生健康工作要点', '龙岗区', 2022, '2022-04-21'],
        ['xx-2022', '2022年全区卫生健康工作要点', 'xx区', 2022, null],
        ['shenzhen-2022', '2022年深圳市卫生健康工作要点', '深圳市', 2022, '2022-04-29'],
        ['guangzhou-2022', '学史力行办实事 踔厉奋发开新局 凝心聚力推动卫生健康事业高质量发展', '广州市', 2022, '2022-03-23'],
        ['dongguan-2018', '2017年东莞市卫生计生工作总结和2018年工作计划', '东莞市', 2018, '2018-04-11'],
      ]),
    );
  });

  it('numbers Longgang items 1–40 in order with 第N条 citations', async () => {
    const items = plan((await doc('longgang-2022')).items);
    expect(items.map((i) => i.label)).toEqual(Array.from({ length: 40 }, (_, i) => String(i + 1)));
    expect(byLabel(items, '9')).toMatchObject({
      id: 'longgang-2022#9',
      cite: '《龙岗区2022年度卫生健康工作要点》第9条',
      title: '持续推进医用耗材精细化管理',
      part: '二、聚焦体制机制改革,大力优化卫生健康服务体系',
      units: ['医管科', '区属各医院'],
    });
  });

  it('gives every Longgang item exactly the units its note prints', async () => {
    const raw = seedBytes('longgang').toString('utf8');
    const printed = [...raw.matchAll(/\n\s*(\d+)\.[^\n]*?\(责任科室\/单位:([^)]+)\)/g)].map((m) => [m[1], m[2]!.split('、')]);
    expect(printed).toHaveLength(40);
    const items = plan((await doc('longgang-2022')).items);
    for (const [label, units] of printed) expect(byLabel(items, label as string).units).toEqual(units);
    // The note is carried by `units`, not repeated in the text.
    expect(items.every((i) => !i.text.includes('责任科室'))).toBe(true);
  });

  it('prints no units where the document prints none', async () => {
    for (const id of ['xx-2022', 'shenzhen-2022', 'guangzhou-2022', 'dongguan-2018']) {
      expect((await doc(id)).items.every((i) => i.units.length === 0)).toBe(true);
    }
  });

  it('uses the labels people cite in each numbering layout', async () => {
    expect(byLabel((await doc('shenzhen-2022')).items, '(二十)').cite).toBe('《2022年深圳市卫生健康工作要点》(二十)');
    expect(byLabel((await doc('xx-2022')).items, '13').cite).toBe('《2022年全区卫生健康工作要点》第13条');
    const gz = (await doc('guangzhou-2022')).items;
    expect(byLabel(gz, '三(七)三是').text).toContain('以抗菌药物、抗肿瘤药物合理应用为重点');
    expect(byLabel(gz, '四、三是').text).toContain('党建工作‘2+3’工程');
    expect(byLabel(gz, '三(七)三是').section).toBe('(七)稳步增强行业产业管理效能。');
    const dg = (await doc('dongguan-2018')).items;
    expect(byLabel(dg, '二、三是').text).toContain('实施按病种分值付费病种数不少于3000个');
    expect(byLabel(dg, '一、')).toMatchObject({ kind: 'plan', title: '深入学习贯彻党的十九大精神' });
  });

  it('infers the ordinal Guangzhou lost (是提升家庭医生服务品质 → 二是)', async () => {
    const { items, warnings } = await doc('guangzhou-2022');
    const item = byLabel(items, '三(四)二是');
    expect(item.title).toBe('提升家庭医生服务品质');
    expect(item.cite).toMatch(/》三\(四\)二是$/);
    expect(warnings.some((w) => w.includes('inferred 二是'))).toBe(true);
  });

  it('keeps reviews of past years apart from plans', async () => {
    const gz = (await doc('guangzhou-2022')).items;
    expect(byLabel(gz, '一(四)')).toMatchObject({ kind: 'review', targets: [] });
    expect(byLabel(gz, '一(四)').text).toContain('接种36.4万人');
    expect(byLabel(gz, '二、').kind).toBe('intro');
    const dg = (await doc('dongguan-2018')).items;
    const review = dg.filter((i) => i.kind === 'review');
    expect(review.length).toBeGreaterThanOrEqual(9);
    expect(review.every((i) => i.targets.length === 0)).toBe(true);
    expect(review.some((i) => i.text.startsWith('一年来,我们奋力攻坚克难'))).toBe(true);
  });

  it('keeps every paragraph a user could ask about', async () => {
    const lg = (await doc('longgang-2022')).items;
    expect(lg.find((i) => i.kind === 'intro')?.text).toContain('建医院、引团队、强社康、治未病');
    const gz = (await doc('guangzhou-2022')).items;
    expect(gz.some((i) => i.kind === 'intro' && i.text.includes('2022年,全市卫生健康工作总的要求是'))).toBe(true);
  });

  it('leaves no page chrome or HTML remnants in any item', async () => {
    const { documents } = await parsedSeeds();
    const chrome =
      /\/p>|br\/?>|ldquo;|rdquo;|\/div>|\/td>|\/th>|\/span>|<[a-z]|浏览次数|扫一扫|分享到|推荐访问|小编|供大家参考|核心提示|版权|ICP备|食品伙伴网|Processed in|放大字体|当前位置|首页 >/;
    for (const d of documents) for (const i of d.items) expect(`${i.id}: ${i.text}`).not.toMatch(chrome);
    for (const d of documents) expect(d.document.title).not.toMatch(chrome);
  });

  it('keeps ? where the source lost a character, never guessing it', async () => {
    const sz = (await doc('shenzhen-2022')).items;
    expect(byLabel(sz, '(二十三)').title).toBe('深?“三医联动改革');
    expect(byLabel(sz, '(一)').text).toContain('坚?“外防输入');
  });

  it('finds Longgang item 25 and 30 targets with values, units and comparators', async () => {
    const lg = (await doc('longgang-2022')).items;
    const t25 = byLabel(lg, '25').targets;
    expect(t25).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ value: 60, unit: '%', comparator: '>=', text: expect.stringContaining('规范管理≥60%') }),
        expect.objectContaining({ value: 13000, unit: '人' }),
        expect.objectContaining({ value: 10000, unit: '名' }),
      ]),
    );
    const t30 = byLabel(lg, '30').targets;
    expect(t30).toContainEqual(
      expect.objectContaining({
        text: '宫颈癌免费筛查不低于5万人',
        value: 5,
        unit: '万人',
        comparator: '>=',
        deadline: '2022-12-31',
        deadlineSource: 'plan-year',
      }),
    );
  });

  it('resolves explicit deadlines against the plan year', async () => {
    const lg = (await doc('longgang-2022')).items;
    expect(byLabel(lg, '15').targets).toContainEqual(expect.objectContaining({ deadline: '2022-12-31', deadlineText: '年底前', deadlineSource: 'explicit' }));
    const dg = (await doc('dongguan-2018')).items;
    expect(byLabel(dg, '二、四是').targets).toContainEqual(
      expect.objectContaining({ value: 27, unit: '%', comparator: '<=', deadline: '2018-12-31', deadlineText: '到2018年底', deadlineSource: 'explicit' }),
    );
    const sz = (await doc('shenzhen-2022')).items;
    expect(byLabel(sz, '(二十四)').targets).toContainEqual(
      expect.objectContaining({ value: 3, unit: '家', comparator: '>=', deadlineText: '年内', deadlineSource: 'explicit', deadline: '2022-12-31' }),
    );
  });

  it('does not take names, ranges or rates for targets', async () => {
    const { documents } = await parsedSeeds();
    const all = documents.flatMap((d) => d.items).flatMap((i) => i.targets);
    expect(all.some((t) => t.unit === '岁' && /3-17岁/.test(t.text) && t.value === 3)).toBe(false);
    expect(all.some((t) => t.text.includes('“15分钟采样服务圈”') && t.value === 15)).toBe(false);
    expect(all.some((t) => t.text.includes('每3万人口') && t.value === 3)).toBe(false);
  });

  it('parses the same document the same way twice (ids are stable)', () => {
    const a = parseDocument(seedBytes('longgang'), 'a.txt');
    const b = parseDocument(seedBytes('longgang'), 'b.txt');
    expect(a.items.map((i) => i.id)).toEqual(b.items.map((i) => i.id));
  });
});
