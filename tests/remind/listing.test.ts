import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { silentLogger } from '../../src/log/index.js';
import { createReminders, type Reminders } from '../../src/remind/index.js';
import { formatTargets, PLAN_YEAR_NOTE } from '../../src/remind/format.js';
import { planTargets } from '../../src/remind/targets.js';
import { matchUnits } from '../../src/query/units.js';
import type { PlanItem } from '../../src/items/index.js';
import { parseDocument } from '../../src/parse/index.js';
import { ManualClock } from './manual-clock.js';
import { coordinator, member, PHRASE_PLAN, phrasePlanItems, remindConfig, seedItems, shanghai, tempDb } from './fixtures.js';

describe('deadline resolution, one item per phrase kind', () => {
  const byItem = () => Object.fromEntries(phrasePlanItems().map((i) => [i.label, i.targets[0]]));
  it.each([
    ['1', '年底前', '2022-12-31', 'explicit'],
    ['2', '6月底前', '2022-06-30', 'explicit'],
    ['3', '9月30日前', '2022-09-30', 'explicit'],
    ['4', '第三季度', '2022-09-30', 'explicit'],
    ['5', '上半年', '2022-06-30', 'explicit'],
    ['6', null, '2022-12-31', 'plan-year'],
    ['7', '到2023年底', '2023-12-31', 'explicit'],
  ])('item %s: %s → %s', (label, phrase, deadline, source) => {
    expect(byItem()[label]).toMatchObject({ deadlineText: phrase, deadline, deadlineSource: source });
  });
});

describe('target ids', () => {
  it('are short, unique and the same after parsing the plans again', async () => {
    const a = planTargets(await seedItems());
    const again = planTargets(parseDocument(Buffer.from(PHRASE_PLAN), 'renamed.txt').items);
    expect(new Set(a.map((t) => t.id)).size).toBe(a.length);
    for (const t of a) expect(t.id).toMatch(/^p[0-9a-f]{8}(-\d+)?$/);
    expect(again.map((t) => t.id)).toEqual(planTargets(phrasePlanItems()).map((t) => t.id));
  });

  it("do not depend on where a target sits among its item's targets", () => {
    const [item] = phrasePlanItems();
    const twice: PlanItem = { ...item!, targets: [{ ...item!.targets[0]!, text: '另一条', value: 1 }, ...item!.targets] };
    expect(planTargets([twice])[1]!.id).toBe(planTargets([item!])[0]!.id);
  });

  it('leave out review paragraphs and preambles (past results are not commitments)', () => {
    const [item] = phrasePlanItems();
    const review: PlanItem = { ...item!, id: 'moumou-2022#r1', kind: 'review' };
    const intro: PlanItem = { ...item!, id: 'moumou-2022#i1', kind: 'intro' };
    expect(planTargets([review, intro, item!]).map((t) => t.itemId)).toEqual([item!.id]);
  });
});

describe('unit matching', () => {
  const known = ['医政科', '医管科', '区属各医院', '区疾控中心', '中医科'];
  it.each([
    ['医政科', ['医政科']],
    ['医政', ['医政科']],
    ['医政科', ['医政科']],
    [' 医政科 ', ['医政科']],
    ['疾控', ['区疾控中心']],
    ['医院', ['区属各医院']],
    ['医', []], // one character is too vague to name a unit
    ['药学科', []],
  ])('%s → %j', (q, want) => {
    expect(matchUnits(q, known).matched).toEqual(want);
  });
});

describe('due listing', () => {
  let r: Reminders;
  let cleanup: () => void;
  const clock = new ManualClock(shanghai('2022-06-01T10:00:00'));

  beforeAll(async () => {
    const t = await tempDb();
    cleanup = t.cleanup;
    const items = [...(await seedItems()), ...phrasePlanItems()];
    r = await createReminders({ config: remindConfig, log: silentLogger, store: { items: async () => items, db: t.db }, clock });
  });
  afterAll(() => cleanup());

  it("--today 2022-06-01 --within 214: every 2022 plan's targets due 2022-12-31, explicit earlier ones first", async () => {
    const { list } = await r.book.due({ today: '2022-06-01', within: 214 });
    expect(list.until).toBe('2023-01-01');
    const docs = new Set(list.targets.map((t) => t.itemId!.split('#')[0]));
    expect([...docs].sort()).toEqual(['guangzhou-2022', 'longgang-2022', 'moumou-2022', 'shenzhen-2022', 'xx-2022']);
    expect(list.targets.some((t) => t.itemId?.startsWith('dongguan-2018'))).toBe(false);
    expect(list.targets.some((t) => t.deadline === '2023-12-31')).toBe(false);
    const deadlines = list.targets.map((t) => t.deadline);
    expect(deadlines).toEqual([...deadlines].sort());
    expect([...new Set(deadlines)]).toEqual(['2022-06-30', '2022-09-30', '2022-12-31']);
    const screening = list.targets.find((t) => t.itemId === 'longgang-2022#30' && t.text === '宫颈癌免费筛查不低于5万人');
    expect(screening).toMatchObject({
      deadline: '2022-12-31',
      deadlineSource: 'plan-year',
      units: ['妇社科', '区妇幼保健院', '区属各医院'],
      source: 'plan',
      cite: '《龙岗区2022年度卫生健康工作要点》第30条',
    });
    expect(list.targets.filter((t) => t.itemId?.startsWith('shenzhen-2022')).length).toBeGreaterThan(20);
  });

  it('the window has both ends inclusive', async () => {
    // Guangzhou's 每半年开展1次…质控 is a recurring deadline whose first due date is 06-30 (issue 13).
    // Guangzhou 三(五)三是 has two recurring tasks due that day: 每半年 (first due 06-30) and 每季度 (03-31, again 06-30).
    expect((await r.book.due({ today: '2022-06-30', within: 0 })).list.targets.map((t) => t.itemId)).toEqual([
      'guangzhou-2022#三(五)三是',
      'guangzhou-2022#三(五)三是',
      'moumou-2022#2',
      'moumou-2022#5',
    ]);
    expect((await r.book.due({ today: '2022-07-01', within: 30 })).list.targets).toEqual([]);
  });

  it('filters by unit, short and full-width forms alike', async () => {
    for (const q of ['医政科', '医政', '医政科']) {
      const { list, filter } = await r.book.due({ today: '2022-06-01', within: 214, unit: q });
      expect(filter).toEqual({ ok: true, units: ['医政科'] });
      expect(list.targets.length).toBeGreaterThan(0);
      for (const t of list.targets) expect(t.units).toContain('医政科');
    }
  });

  it("the chat reply groups by deadline and says when a deadline is only the plan year's end", async () => {
    const reply = await r.commands[0]!.run('214 基层', member);
    expect(reply).toMatch(/未来 214 天内\(2022-06-01 至 2023-01-01\)到期的目标 2 项\(基层科\)/);
    expect(reply.indexOf('【2022-06-30 周四 · 还有 29 天】')).toBeLessThan(reply.indexOf('【2022-12-31 周六 · 还有 213 天】'));
    expect(reply).toContain('《某某县2022年卫生健康工作要点》第2条:6月底前完成老年人健康体检2万人');
    expect(reply).toContain('责任:基层科 · 编号 p');
    const lg = await r.commands[0]!.run('214 妇社科', member);
    expect(lg).toContain(
      `《龙岗区2022年度卫生健康工作要点》第30条:宫颈癌免费筛查不低于5万人(${PLAN_YEAR_NOTE})\n  责任:妇社科、区妇幼保健院、区属各医院 · 编号 p`,
    );
  });

  it('a chat reply is cut with a count and a hint, the default window is 30 days', async () => {
    const reply = await r.commands[0]!.run('365', member);
    expect(reply).toMatch(/……另有 \d+ 项未列出。可加单位名或缩短天数/);
    const total = Number(/到期的目标 (\d+) 项/.exec(reply)![1]);
    const omitted = Number(/另有 (\d+) 项未列出/.exec(reply)![1]);
    const shownIds = reply.match(/\bp[0-9a-f]{8}\b/g)!.length;
    expect(shownIds).toBeGreaterThanOrEqual(5);
    expect(shownIds + omitted).toBe(total);
    // One chat message: cut to fit, not split over several.
    expect(reply.length).toBeLessThanOrEqual(1800);
    expect(reply.split('\n').filter((l) => l.startsWith('· ')).length).toBeLessThanOrEqual(30);
    expect(await r.commands[0]!.run('', member)).toMatch(/^未来 30 天内\(2022-06-01 至 2022-07-01\)到期的目标 4 项:/);
  });

  it('an unknown unit or a bad number gets a specific reply', async () => {
    expect(await r.commands[0]!.run('药学科', member)).toMatch(/没有找到单位“药学科”。有目标的单位:.*医政科/);
    expect(await r.commands[0]!.run('99999', member)).toMatch(/天数“99999”不对/);
    expect(await r.commands[0]!.run('帮助', member)).toContain('/remind 逾期');
  });

  it('逾期 lists what is past its deadline and not done; done marks take targets off every list', async () => {
    await clock.advanceTo(shanghai('2022-07-20T09:00:00'));
    const overdue = await r.commands[0]!.run('逾期 基层', member);
    expect(overdue).toMatch(/逾期 30 天内、未标记完成的目标 1 项\(基层科\)/);
    expect(overdue).toContain('已逾期 20 天');
    const id = /编号 (p[0-9a-f]{8})/.exec(overdue)![1]!;
    expect(await r.commands[1]!.run(`done ${id}`, coordinator)).toContain(`已标记完成:${id}`);
    expect(await r.commands[0]!.run('逾期 基层', member)).toBe('没有逾期 30 天内、未标记完成的目标(基层科)。');
    expect(await r.commands[1]!.run(`undo ${id.toUpperCase()}`, coordinator)).toContain('已撤销');
    expect(await r.commands[0]!.run('逾期 基层', member)).toContain(id);
  });
});

describe('formatting', () => {
  it('shows a clause with several numbers once, with all its ids', async () => {
    // One clause gives one target since issue 13 (the clause's first figure), so one id.
    const targets = planTargets((await seedItems()).filter((i) => i.id === 'longgang-2022#19'));
    expect(targets.length).toBe(1);
    const text = formatTargets(targets, { style: 'text', today: '2022-12-01' });
    expect(text.split('\n')).toEqual([
      '【2022-12-31 周六 · 还有 30 天】',
      expect.stringMatching(/^· 《龙岗区2022年度卫生健康工作要点》第19条:对区属公立医院.*\(未写明期限,按计划年度末计\)$/),
      `  责任:医政科、财资中心、区属各医院 · 编号 ${targets.map((t) => t.id).join('、')}`,
    ]);
  });

  it('markdown marks deadlines in bold and ids as code', () => {
    const [t] = planTargets(phrasePlanItems());
    const md = formatTargets([t!], { style: 'markdown', today: '2022-12-30' });
    expect(md).toBe(
      `**2022-12-31 周六 · 明天到期**\n> 《某某县2022年卫生健康工作要点》第1条:年底前建成20个标准化村卫生室\n> 责任:基层科、各乡镇卫生院 · 编号 \`${t!.id}\``,
    );
  });
});
