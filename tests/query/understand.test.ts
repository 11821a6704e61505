import { beforeAll, describe, expect, it } from 'vitest';
import { buildVocabulary, outlineOf, understand, type Query, type QueryVocabulary } from '../../src/query/index.js';
import { sharedTokenizer, type Tokenizer } from '../../src/store/tokenizer.js';
import { seedCorpus } from '../helpers/fake-retrieval.js';

// Questions here are written for these tests, in the ways staff phrase things; none is taken from the eval set.
describe('understand: one reading of a question', () => {
  let vocabulary: QueryVocabulary;
  let tokenizer: Tokenizer;
  const today = new Date('2026-03-15T10:00:00+08:00');
  const read = (q: string): Query => understand(q, vocabulary, tokenizer, { botNames: ['小助手'], today });

  beforeAll(async () => {
    const corpus = await seedCorpus();
    vocabulary = buildVocabulary(outlineOf(corpus.documents, corpus.items));
    tokenizer = await sharedTokenizer();
    tokenizer.addUserWords([...new Set(corpus.items.flatMap((i) => i.units))]);
  });

  it('strips the mention with or without a space after it', () => {
    expect(read('@小助手 医用耗材怎么管?').text).toBe('医用耗材怎么管?');
    expect(read('@小助手医用耗材怎么管?').text).toBe('医用耗材怎么管?');
    expect(read('＠小助手　医用耗材怎么管？').text).toBe('医用耗材怎么管?');
  });

  it.each([
    ['院感防控谁负责?', ['院感', '防控']],
    ['慢病管理归哪个科室管', ['慢病', '管理']],
    ['家庭病床由哪个单位负责', ['家庭', '病床']],
    ['健康教育的牵头单位是谁', ['健康', '教育']],
    ['哪个部门牵头搞无障碍就医', ['无障碍', '就医']],
  ])('reads "%s" as who-is-responsible, and the cue words are not content', (q, terms) => {
    const query = read(q);
    expect(query.intent).toBe('responsible');
    for (const t of terms) expect(query.terms.join(' ')).toContain(t);
    for (const cue of ['负责', '科室', '单位', '部门', '牵头', '谁']) expect(query.terms).not.toContain(cue);
  });

  it.each([
    ['医政科负责哪些', 'any'],
    ['医政科有啥任务', 'any'],
    ['医政科的职责', 'any'],
    ['医政牵头哪些工作', 'lead'],
    ['医政科配合了哪几条', 'partner'],
    ['医政科牵头或配合的要点列一下', 'any'],
    ['帮我把医政科管的事梳理一下', 'any'],
  ] as const)('reads "%s" as a unit listing (role %s)', (q, role) => {
    const query = read(q);
    expect(query.intent).toBe('unit-listing');
    expect(query.units).toEqual(['医政科']);
    expect(query.role).toBe(role);
  });

  it('keeps a unit question about one topic a lookup, with the unit named', () => {
    const query = read('医政科负责的医疗质量管理有什么要求');
    expect(query.intent).not.toBe('unit-listing');
    expect(query.units).toEqual(['医政科']);
    expect(query.terms).toContain('医疗');
  });

  it('reads a short name as a unit only before an ownership cue, not before a generic "有哪些"', async () => {
    const corpus = await seedCorpus();
    const item = { ...corpus.items[0]!, units: ['健康教育所'] };
    const withOffice = buildVocabulary(outlineOf(corpus.documents, [...corpus.items, item]));
    const readWith = (q: string) => understand(q, withOffice, tokenizer, { botNames: ['小助手'], today });
    expect(readWith('健康教育有哪些安排').intent).not.toBe('unit-listing');
    expect(readWith('健康教育负责哪些工作')).toMatchObject({ intent: 'unit-listing', units: ['健康教育所'] });
  });

  it('names an office the plans do not print, for a clear "not found" with suggestions', () => {
    const query = read('停车管理办负责哪些工作');
    expect(query).toMatchObject({ intent: 'unit-listing', units: [], unitAsTyped: '停车管理办' });
  });

  it('resolves year words against today, and answers from the newest plan when none is newer', () => {
    const query = read('龙岗今年医用耗材怎么管');
    expect(query.scope.relativeYears).toEqual([{ word: '今年', year: 2026 }]);
    expect(query.scope.docIds).toEqual(['longgang-2022']);
    expect(query.scope.notYetPlanned).toEqual([2026]);
    expect(query.scope.uncoveredYears).toEqual([]);
    // A year written out is taken at its word: no plan covers it, so only an item naming it could answer.
    expect(read('龙岗2030年医用耗材怎么管').scope.uncoveredYears).toEqual([2030]);
  });

  it('reads targets, deadlines and overviews', () => {
    expect(read('龙岗宫颈癌筛查要完成多少人').intent).toBe('target');
    expect(read('深圳新建医院什么时候完工').intent).toBe('deadline');
    expect(read('东莞2018年的工作要点主要讲了什么').intent).toBe('overview');
  });

  it('compares two regions, in the order the question names them', () => {
    const query = read('东莞和龙岗在家庭医生上各怎么做');
    expect(query.scope.regions).toEqual(['东莞市', '龙岗区']);
    expect(query.scope.compare).toBe(true);
  });

  it('marks follow-ups only when the question names nothing of its own', () => {
    expect(read('那它的期限呢').followUp).toBe('deadline');
    expect(read('这条谁负责?').followUp).toBe('units');
    expect(read('原文是什么').followUp).toBe('text');
    expect(read('那东莞的期限呢').followUp).toBeNull();
    expect(read('那医用耗材呢').followUp).toBeNull();
  });

  it('keeps a place inside a named region as content, and a place no plan covers as scope', () => {
    expect(read('深圳在前海有什么医疗项目').terms).toContain('前海');
    expect(read('坪山区的社康怎么建').scope.unknownPlaces).toContain('坪山区');
  });
});
