import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { silentLogger as log } from '../../src/log/index.js';
import { Retriever } from '../../src/retrieve/retriever.js';
import { QueryReader, matchUnits } from '../../src/query/index.js';
import { ItemStore } from '../../src/store/item-store.js';
import { ingestFolder } from '../../src/store/ingest.js';
import { HashedLexicalEmbedder } from '../../src/store/lexical-embedder.js';
import { SEEDS_DIR } from '../helpers/seeds.js';
import { tempDir } from '../store/helpers.js';

describe('Retriever over the seed store', () => {
  const tmp = tempDir('planbot-retrieve-');
  const uri = join(tmp.dir, 'store');
  const embedder = new HashedLexicalEmbedder();
  let store: ItemStore;
  let retriever: Retriever;
  let reader: QueryReader;
  /** The question read by the query stage, and retrieved for: what the answer stage does. */
  const ask = async (question: string, opts: { k?: number } = {}, by: Retriever = retriever) => {
    const query = await reader.read(question);
    return { query, ...(await by.retrieve(query, opts)) };
  };
  const confident = async (question: string) => (await ask(question)).confidence === 'confident';

  beforeAll(async () => {
    await ingestFolder({ seedsDir: SEEDS_DIR, uri, embedder, log });
    store = await ItemStore.open({ uri, embedder, log });
    retriever = new Retriever(store, log);
    reader = new QueryReader(store, { botNames: ['小助手'], now: () => new Date('2026-06-01T00:00:00+08:00') });
  });
  afterAll(() => {
    store?.close();
    tmp.cleanup();
  });

  it('searches the document of a named region (short form) first', async () => {
    for (const [q, doc] of [
      ['龙岗今年家庭医生签约服务怎么做?', 'longgang-2022'],
      ['广州今年家庭医生签约服务怎么做?', 'guangzhou-2022'],
      ['东莞2018年家庭医生签约服务怎么做?', 'dongguan-2018'],
    ] as const) {
      const r = await ask(q);
      expect(r.query.scope.docIds).toEqual([doc]);
      expect(r.hits.length).toBeGreaterThan(0);
      expect(r.hits.every((h) => h.item.doc === doc)).toBe(true);
    }
  });

  it('gives each named document its own results in a comparison', async () => {
    const r = await ask('广州2022年与东莞2018年的家庭医生签约服务各怎么安排?');
    expect(r.query.scope.compare).toBe(true);
    expect(new Set(r.hits.slice(0, 2).map((h) => h.item.doc))).toEqual(new Set(['guangzhou-2022', 'dongguan-2018']));
  });

  it('prefers the items of a named unit', async () => {
    const plain = await ask('龙岗医疗设备配置和管理', { k: 10 });
    const withUnit = await ask('龙岗医疗设备配置和管理,纪审科负责什么', { k: 10 });
    expect(withUnit.query.units).toEqual(['纪审科']);
    const rank = (r: typeof plain, id: string) => r.hits.findIndex((h) => h.item.id === id);
    const unitItems = (await store.items()).filter((i) => i.units.includes('纪审科')).map((i) => i.id);
    const best = (r: typeof plain) => Math.min(...unitItems.map((id) => rank(r, id)).filter((n) => n >= 0));
    expect(best(withUnit)).toBeLessThanOrEqual(best(plain));
    expect(unitItems).toContain(withUnit.hits[0]!.item.id);
  });

  it('lists every item of a unit for "what does X do" questions', async () => {
    const query = await reader.read('医管科负责的工作要点有哪几条?');
    expect(query.intent).toBe('unit-listing');
    const r = await retriever.listUnits(query);
    expect(r.items.map((i) => i.label)).toEqual(['4', '5', '6', '9', '12', '22']);
  });

  it('ranks review paragraphs below plan items unless results are asked for', async () => {
    const q = '东莞家庭医生签约服务';
    const neutral = new Retriever(store, log, { reviewPenalty: 1 });
    const reviewScore = (r: Awaited<ReturnType<typeof ask>>) => r.hits.find((h) => h.item.kind === 'review')?.score ?? 0;
    const planScore = (r: Awaited<ReturnType<typeof ask>>) => r.hits.find((h) => h.item.kind === 'plan')!.score;
    const [withPenalty, without] = [await ask(q, { k: 10 }), await ask(q, { k: 10 }, neutral)];
    expect(withPenalty.query.wantsReview).toBe(false);
    expect(reviewScore(without)).toBeGreaterThan(0);
    expect(reviewScore(withPenalty) / planScore(withPenalty)).toBeLessThan(reviewScore(without) / planScore(without));

    const results = await ask('广州2021年老年人流感疫苗接种完成了多少?');
    expect(results.query.wantsReview).toBe(true);
    expect(results.hits[0]!.item.kind).toBe('review');
    expect(results.hits[0]!.item.text).toContain('36.4万人');
  });

  it('says "not found" for a place no document covers, and is not confident about questions the documents do not answer', async () => {
    const place = await ask('福田区今年要新建几家社康中心?');
    expect(place.query.scope.unknownPlaces).toContain('福田区');
    expect(place.confidence).toBe('none');
    expect(await confident('龙岗区的停车场收费标准是多少?')).toBe(false);
  });

  it('answers the same question asked with full-width characters and a mention', async () => {
    const a = await ask('深圳的三甲医院年内新增几家?');
    const b = await ask('@小助手深圳的三甲医院年内新增几家?');
    expect(b.hits.map((h) => h.item.id)).toEqual(a.hits.map((h) => h.item.id));
    expect(a.hits[0]!.item.id).toBe('shenzhen-2022#(二十四)');
  });

  it('finds a unit by its short, full-width or qualified name, and suggests close names', async () => {
    for (const q of ['医政科', '医政', '医政科', '龙岗区医政科', ' 医政科 ']) {
      const r = await retriever.unit(q);
      expect(r.matched, q).toEqual(['医政科']);
      expect(r.items.length).toBe(10);
      expect(r.items.every((i) => i.units.includes('医政科'))).toBe(true);
    }
    const slow = await retriever.unit('慢病院');
    expect(slow.matched).toEqual(['区慢病院']);
    const none = await retriever.unit('医证科');
    expect(none.items).toEqual([]);
    expect(none.suggestions).toContain('医政科');
    expect((await retriever.unit('停车场管理处')).suggestions).not.toContain('医政科');
  });

  it('does not answer for a year no plan covers, unless an item speaks of that year', async () => {
    // Longgang's item 29 speaks of 2025 (a goal for that year): at most the closest item, never an answer.
    expect(await confident('龙岗2025年医用耗材怎么管?')).toBe(false);
    expect((await ask('2030年医用耗材怎么管理?')).confidence).toBe('none');
    // A reviewed year is covered: Guangzhou's speech reviews 2021.
    const reviewed = await ask('广州2021年老年人流感疫苗接种了多少人?');
    expect(reviewed.confidence).toBe('confident');
    expect(reviewed.hits[0]!.item.id).toBe('guangzhou-2022#一(四)');
  });

  it('reads an edition in a quoted title (《…(2021版)》) as part of the title, not as the year asked about', async () => {
    const r = await ask('深圳推广《医院质量国际认证标准(2021版)》有什么具体安排?');
    expect(r.query.scope.years).toEqual([]);
    expect(r.confidence).toBe('confident');
    expect(r.hits[0]!.item.doc).toBe('shenzhen-2022');
  });

  it('does not guess when the question names only a scope', async () => {
    expect(await ask('@小助手 龙岗区')).toMatchObject({ confidence: 'none', reason: 'nothing to search for' });
  });

  it('answers a place no plan covers only from sentences about that place', async () => {
    expect((await ask('坪山区社康中心要建几家?')).confidence).toBe('none');
    const about = await ask('坪山区中医院有什么建设计划?');
    expect(about.confidence).toBe('confident');
    expect(about.hits.map((h) => h.item.id)).toEqual(['shenzhen-2022#(二十七)']);
  });
});

describe('matchUnits', () => {
  const units = ['医政科', '医管科', '区疾控中心', '各卫生健康单位', '其他卫生健康单位'];
  it('prefers the exact name', () => expect(matchUnits('医管科', units).matched).toEqual(['医管科']));
  it('matches every unit a general name covers', () => expect(matchUnits('卫生健康单位', units).matched).toEqual(['各卫生健康单位', '其他卫生健康单位']));
  it('matches a short form', () => expect(matchUnits('疾控', units).matched).toEqual(['区疾控中心']));
  it('returns nothing for an empty query', () => expect(matchUnits('  ', units)).toEqual({ unit: '', matched: [], suggestions: [] }));
});
