import { describe, expect, it } from 'vitest';
import { labelForms, readItemReference } from '../../src/query/index.js';
import { DEADLINE_CUE, RESPONSIBLE_CUES, TARGET_CUE, UNIT_LISTING_CUES } from '../../src/query/words/cues.js';
import { QUESTION_FILLER } from '../../src/query/words/filler.js';
import { relativeYears } from '../../src/query/words/relative-years.js';
import { STOP_WORDS } from '../../src/store/stop-words.js';
import { questionText, stripMention } from '../../src/text/mention.js';
import { seedCorpus } from '../helpers/fake-retrieval.js';

const matches = (cues: typeof RESPONSIBLE_CUES, text: string) => cues.some((c) => new RegExp(c.pattern.source, 'u').test(text));

describe('cue words', () => {
  it('every cue carries a note on the usage it stands for', () => {
    for (const c of [...RESPONSIBLE_CUES, ...UNIT_LISTING_CUES]) expect(c.note.length).toBeGreaterThan(4);
  });
  it.each(['谁负责', '由谁来牵头', '归谁管', '归哪个科室管', '哪个单位负责', '找哪个部门', '责任单位是谁', '牵头部门有哪些'])(
    '"%s" asks who is responsible',
    (t) => expect(matches(RESPONSIBLE_CUES, t)).toBe(true),
  );
  it.each(['医用耗材', '负责人制度', '责任制落实'])('"%s" does not', (t) => expect(matches(RESPONSIBLE_CUES, t)).toBe(false));
  it.each(['负责哪些', '牵头或参与了哪几', '要干哪些', '分到了哪些', '有什么任务', '职责是什么', '帮我列一下'])('"%s" asks for a unit’s list', (t) =>
    expect(matches(UNIT_LISTING_CUES, t)).toBe(true),
  );
  it('tells deadlines from targets; 哪几家 asks for names, not a figure', () => {
    expect(DEADLINE_CUE.test('什么时候完成')).toBe(true);
    expect(TARGET_CUE.test('要建几家')).toBe(true);
    expect(TARGET_CUE.test('哪几家医院')).toBe(false);
  });
});

describe('question filler', () => {
  it('is a list of chat phrasing, none of it also a store stop word it would duplicate in vain', () => {
    expect(QUESTION_FILLER.has('啥')).toBe(true);
    expect(QUESTION_FILLER.has('健康')).toBe(false);
    expect([...QUESTION_FILLER].filter((w) => STOP_WORDS.has(w)).length).toBeLessThan(QUESTION_FILLER.size / 2);
  });
});

describe('relative years', () => {
  const today = new Date('2026-03-15T10:00:00+08:00');
  it('counts from today, longest word first', () => {
    expect(relativeYears('今年和去年', today)).toEqual([
      { word: '今年', year: 2026 },
      { word: '去年', year: 2025 },
    ]);
    expect(relativeYears('大前年的总结', today)).toEqual([{ word: '大前年', year: 2023 }]);
    expect(relativeYears('明年计划', today)).toEqual([{ word: '明年', year: 2027 }]);
    expect(relativeYears('2022年计划', today)).toEqual([]);
  });
});

describe('mention', () => {
  it('removes a known name anywhere, another name only before a space', () => {
    expect(stripMention('@小助手医保怎么办', ['小助手'])).toEqual({ text: '医保怎么办', found: true });
    expect(questionText('@bot 医保怎么办', ['小助手'])).toBe('医保怎么办');
    expect(questionText('@医保怎么办', ['小助手'])).toBe('@医保怎么办');
  });
});

describe('item references', () => {
  it('reads a label typed in figures or Chinese numerals, with 第…条', async () => {
    const { documents } = await seedCorpus();
    expect(readItemReference('深圳 24', documents)).toMatchObject({ docIds: ['shenzhen-2022'], label: '24' });
    expect(readItemReference('深圳 二十四', documents).forms).toContain('(二十四)');
    expect(readItemReference('龙岗 第9条', documents)).toMatchObject({ docIds: ['longgang-2022'], label: '9' });
    expect(readItemReference('广州 三(四)二是', documents).label).toBe('三(四)二是');
    expect(labelForms('24')).toEqual(expect.arrayContaining(['24', '二十四', '(二十四)']));
  });
});

describe('thesaurus', () => {
  it('every entry maps an everyday word to official terms and says what usage it stands for', async () => {
    const { thesaurusEntries, expandQuestion } = await import('../../src/query/words/thesaurus.js');
    const entries = thesaurusEntries();
    expect(entries.length).toBeGreaterThan(50);
    for (const e of entries) {
      expect(e.word.length, e.word).toBeGreaterThan(0);
      expect(e.official.length, e.word).toBeGreaterThan(0);
      expect(e.note.length, e.word).toBeGreaterThan(3);
    }
    expect(new Set(entries.map((e) => e.word)).size).toBe(entries.length);
    // The longer everyday word wins over a word inside it.
    expect(expandQuestion('打疫苗的地方').map((x) => x.word)).toEqual(['打疫苗']);
  });
});
