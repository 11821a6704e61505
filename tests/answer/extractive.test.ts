import { describe, expect, it } from 'vitest';
import { Answerer } from '../../src/answer/index.js';
import { silentLogger } from '../../src/log/index.js';
import { corpusPort, fixedRetrieval, queryPort, seedCorpus, unitsInReply } from '../helpers/fake-retrieval.js';

async function answerer(hitIds: string[] | null, unitName?: string) {
  const corpus = await seedCorpus();
  return new Answerer({ queries: queryPort(corpus), retrieval: fixedRetrieval(corpus.items, hitIds, unitName), corpus: corpusPort(corpus), log: silentLogger });
}

describe('extractive answers', () => {
  it('quotes the sentence that answers a lookup, with its citation and units', async () => {
    const a = await answerer(['longgang-2022#17', 'longgang-2022#5']);
    const r = await a.answer('@小助手 龙岗哪些医院和汕头大学医学院共建附属医院?');
    expect(r.answered).toBe(true);
    expect(r.mode).toBe('extractive');
    expect(r.answer.split('\n')[0]).toContain('推进龙岗中心医院、区妇幼保健院与汕头大学医学院共建附属医院');
    expect(r.answer).toContain('依据:《龙岗区2022年度卫生健康工作要点》第17条「大力吸引高端优质医疗资源合作办医」');
    expect(r.answer).toContain('责任单位:医政科、区属各医院');
    expect(r.citations[0]).toMatchObject({ id: 'longgang-2022#17', label: '17', units: ['医政科', '区属各医院'] });
    expect(r.answer.length).toBeLessThanOrEqual(700);
  });

  it('surfaces the number with its unit for a target question', async () => {
    const a = await answerer(['longgang-2022#30']);
    const r = await a.answer('龙岗今年宫颈癌免费筛查要做多少人?');
    expect(r.answer).toContain('宫颈癌免费筛查不低于5万人');
    expect(r.answer).toContain('责任单位:妇社科、区妇幼保健院、区属各医院');
  });

  it('does not answer "how many" from an item that speaks of the topic without a figure: it offers it tentatively', async () => {
    // xx区 item 2 says only 进一步增加负压救护车配备数量; item 7 has figures about something else.
    const a = await answerer(['xx-2022#7', 'xx-2022#2']);
    const r = await a.answer('xx区今年负压救护车要增加到多少辆?');
    expect(r).toMatchObject({ answered: false, confidence: 'tentative', mode: 'tentative' });
    expect(r.answer).toContain('《2022年全区卫生健康工作要点》第2条提到了相关工作,但没有给出具体数字');
    expect(r.citations[0]!.id).toBe('xx-2022#2');
    // "哪几家" asks which ones: names answer it, no figure is needed.
    const which = await answerer(['longgang-2022#17']);
    expect((await which.answer('龙岗哪几家医院要跟汕头大学医学院共建附属医院?')).answered).toBe(true);
  });

  it('says plainly when no item answers directly, and shows the closest ones with their units', async () => {
    const corpus = await seedCorpus();
    const a = new Answerer({
      queries: queryPort(corpus),
      retrieval: fixedRetrieval(corpus.items, ['longgang-2022#9', 'longgang-2022#5'], undefined, 'tentative'),
      corpus: corpusPort(corpus),
      log: silentLogger,
    });
    const r = await a.answer('龙岗的耗材采购有没有新规定?');
    expect(r).toMatchObject({ answered: false, confidence: 'tentative', mode: 'tentative' });
    expect(r.answer.split('\n')[0]).toBe('没有找到直接对应的条目,最接近的是:');
    expect(r.answer).toContain('依据:《龙岗区2022年度卫生健康工作要点》第9条');
    expect(r.answer).toContain('责任单位:医管科、区属各医院');
    expect(r.citations.map((c) => c.id)).toEqual(['longgang-2022#9', 'longgang-2022#5']);
  });

  it('names the plan it answers from when the year asked has no plan yet', async () => {
    const a = await answerer(['longgang-2022#9']);
    const r = await a.answer('龙岗今年的医用耗材怎么管理?');
    expect(r.answer.split('\n')[0]).toBe('还没有收录2026年的工作要点,以下依据最新收录的《龙岗区2022年度卫生健康工作要点》:');
    expect(r.answered).toBe(true);
  });

  it('puts the units first when the question asks who is responsible', async () => {
    const a = await answerer(['longgang-2022#9']);
    const r = await a.answer('龙岗医用耗材管理归哪个科室管?');
    expect(r.answer.split('\n')[0]).toBe('责任单位:医管科、区属各医院');
    expect(r.answer).toContain('依据:《龙岗区2022年度卫生健康工作要点》第9条');
  });

  it('surfaces the deadline phrase for a deadline question', async () => {
    const a = await answerer(['shenzhen-2022#(二十四)']);
    const r = await a.answer('深圳的三甲医院年内新增几家?');
    expect(r.answer).toContain('年内新增三甲医院3家以上');
    expect(r.answer).toContain('依据:《2022年深圳市卫生健康工作要点》(二十四)');
    expect(r.answer).not.toContain('责任单位'); // Shenzhen prints none, and none is invented
  });

  it('says which region says what when a question compares two', async () => {
    const a = await answerer(['guangzhou-2022#三(四)二是', 'dongguan-2018#二、二是', 'longgang-2022#29']);
    const r = await a.answer('广州和东莞在家庭医生签约服务上分别有什么计划?');
    const blocks = r.answer.split('\n\n');
    expect(blocks).toHaveLength(2);
    expect(blocks[0]).toMatch(/^广州市2022年:/);
    expect(blocks[1]).toMatch(/^东莞市2018年:/);
    expect(blocks[1]).toContain('家庭医生签约服务覆盖率达到40%左右');
  });

  it('lists every item of a unit, grouped by document, for "X负责哪些工作"', async () => {
    const a = await answerer(null, '医管科');
    const r = await a.answer('医管科负责的工作要点有哪几条?');
    expect(r.mode).toBe('unit-listing');
    expect(r.citations.map((c) => c.label)).toEqual(['4', '5', '6', '9', '12', '22']);
    expect(r.answer).toContain('医管科作为责任单位的工作要点共6条');
    expect(r.answer).toContain('《龙岗区2022年度卫生健康工作要点》');
    expect(r.answer).toContain('第9条 持续推进医用耗材精细化管理');
  });

  it('keeps a unit listing inside the region and year the question names', async () => {
    const a = await answerer(null, '医政科');
    const dongguan = await a.answer('东莞医政科负责哪些工作?');
    expect(dongguan).toMatchObject({ answered: false, mode: 'not-found' });
    expect(dongguan.answer).toContain('东莞市的工作要点没有列出以医政科为责任单位的条目');
    const longgang = await a.answer('龙岗2022年医政科负责哪些工作?');
    expect(longgang.citations.length).toBe(10);
    expect(new Set(longgang.citations.map((c) => c.doc))).toEqual(new Set(['longgang-2022']));
  });

  it('asked for the items a unit leads in a plan that marks no lead, lists them all and says why', async () => {
    const a = await answerer(null);
    const r = await a.answer('医管科牵头哪些工作要点?');
    expect(r.mode).toBe('unit-listing');
    expect(r.answer.split('\n')[0]).toBe('医管科作为责任单位的工作要点共6条:');
    expect(r.answer).toContain('没有区分牵头和配合单位');
  });

  it('asked who is responsible, says so when the item names no unit', async () => {
    const a = await answerer(['shenzhen-2022#(二十四)']);
    const r = await a.answer('深圳三甲医院创建由哪个部门负责?');
    expect(r.answer.split('\n')[0]).toBe('(该条未列明责任单位)');
    expect(unitsInReply(r.answer)).toEqual([]);
  });

  it('says plainly when nothing answers, and what the documents cover', async () => {
    const a = await answerer(null);
    const r = await a.answer('坪山区今年新建社康中心几家?');
    expect(r).toMatchObject({ answered: false, confidence: 'none', citations: [], mode: 'not-found' });
    expect(r.answer).toContain('没有在已收录的工作要点中找到');
    expect(r.answer).toContain('《龙岗区2022年度卫生健康工作要点》');
    expect(r.answer).toContain('/help');
  });

  it('answers a follow-up from the items just cited', async () => {
    const a = await answerer(['xx-2022#1']);
    const units = await a.answer('那它的责任单位是谁?', { followUp: { citationIds: ['longgang-2022#9'] } });
    expect(units).toMatchObject({ mode: 'follow-up', answered: true });
    expect(units.answer).toContain('责任单位:医管科、区属各医院');
    const when = await a.answer('那它的截止时间是啥时候?', { followUp: { citationIds: ['longgang-2022#30', 'longgang-2022#9'] } });
    expect(when.mode).toBe('follow-up');
    // Every target of every cited item, each with its deadline.
    expect(when.answer).toContain('宫颈癌免费筛查不低于5万人');
    expect(when.answer).toContain('第9条');
    const cite = await a.answer('第几条?', { followUp: { citationIds: ['longgang-2022#9'] } });
    expect(cite.answer).toContain('第9条');
    // Without context the same words are just a question.
    const fresh = await a.answer('那它的责任单位是谁?');
    expect(fresh.mode).toBe('extractive');
    // Full-width punctuation, as Chinese keyboards type it, is the same follow-up.
    const fullWidth = await a.answer('责任单位是谁\uFF1F', { followUp: { citationIds: ['longgang-2022#9'] } });
    expect(fullWidth.mode).toBe('follow-up');
    // A question that names its own region is a new question, whatever it starts with.
    const other = await a.answer('那东莞的责任单位是谁?', { followUp: { citationIds: ['longgang-2022#9'] } });
    expect(other.mode).not.toBe('follow-up');
  });

  it('prints on 责任单位 lines only units the cited items list', async () => {
    const corpus = await seedCorpus();
    const plans = corpus.items.filter((i) => i.doc === 'longgang-2022' && i.kind === 'plan');
    for (const item of plans.slice(0, 40)) {
      const a = new Answerer({
        queries: queryPort(corpus),
        retrieval: fixedRetrieval(corpus.items, [item.id, plans[(plans.indexOf(item) + 7) % plans.length]!.id]),
        corpus: corpusPort(corpus),
        log: silentLogger,
      });
      const r = await a.answer(item.title);
      const cited = new Set(r.citations.flatMap((c) => c.units));
      for (const u of unitsInReply(r.answer)) expect(cited.has(u), `${u} in reply to ${item.title}`).toBe(true);
    }
  });
});

describe('citation lines', () => {
  it('name the page of a PDF item, and nothing for text', async () => {
    const { citationLine } = await import('../../src/answer/reply-format.js');
    const corpus = await seedCorpus();
    const item = corpus.items.find((i) => i.id === 'longgang-2022#9')!;
    expect(citationLine(item)).toBe('依据:《龙岗区2022年度卫生健康工作要点》第9条「持续推进医用耗材精细化管理」');
    expect(citationLine({ ...item, source: { file: 'longgang.pdf', page: 3 } })).toBe(
      '依据:《龙岗区2022年度卫生健康工作要点》第9条「持续推进医用耗材精细化管理」(第3页)',
    );
  });
});
