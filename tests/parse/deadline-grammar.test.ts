import { describe, expect, it } from 'vitest';
import { deadlinePhrases, findDeadlines, isOpenEnded, timingDeadline } from '../../src/parse/deadlines.js';
import { extractTargets } from '../../src/parse/targets.js';

const ctx = { planYear: 2024, issued: '2024-03-15' };
const one = (text: string) =>
  findDeadlines(text, ctx).map((h) => ({ text: h.text, deadline: h.deadline, kind: h.kind, ...(h.repeat ? { repeat: h.repeat } : {}) }));

describe('the deadline grammar is data', () => {
  it('every phrase has a name and a note on its usage', () => {
    for (const p of deadlinePhrases) expect([p.name.length > 0, p.note.length > 0, p.pattern.global]).toEqual([true, true, true]);
  });
});

describe('quarters, halves and months', () => {
  it.each([
    ['一季度完成摸底', '一季度', '2024-03-31'],
    ['第三季度完成验收', '第三季度', '2024-09-30'],
    ['三季度末前完成建设', '三季度末前', '2024-09-30'],
    ['2025年第二季度完成', '2025年第二季度', '2025-06-30'],
    ['第四季度前完成招标', '第四季度前', '2024-09-30'],
    ['上半年完成签约服务包修订', '上半年', '2024-06-30'],
    ['年中完成中期评估', '年中', '2024-06-30'],
    ['下半年启动', '下半年', '2024-12-31'],
    ['6月底前完成', '6月底前', '2024-06-30'],
    ['2024年10月底前完成', '2024年10月底前', '2024-10-31'],
    ['2024年10月前完成', '2024年10月前', '2024-09-30'],
    ['1月前完成', '1月前', '2023-12-31'],
    ['9月上旬完成', '9月上旬', '2024-09-10'],
    ['10月中旬前完成', '10月中旬前', '2024-10-20'],
    ['11月下旬完成', '11月下旬', '2024-11-30'],
    ['于2024年12月31日前报送', '于2024年12月31日前', '2024-12-31'],
    ['年底前完成', '年底前', '2024-12-31'],
    ['年内建成', '年内', '2024-12-31'],
    ['到2025年底建成', '到2025年底', '2025-12-31'],
  ])('%s → %s', (text, phrase, date) => {
    expect(one(text)).toEqual([{ text: phrase, deadline: date, kind: 'date' }]);
  });

  it('年中 is not 年中央 or 年中期', () => {
    expect(one('2024年中央财政下达资金')).toEqual([]);
    expect(one('开展规划年中期评估')).toEqual([]);
  });
});

describe('ranges, relative and recurring phrases', () => {
  it.each([
    ['2019年1月1日至12月31日,给予补贴', '2019年1月1日至12月31日', '2019-12-31'],
    ['2019年1月1日至2020年12月31日,给予补贴', '2019年1月1日至2020年12月31日', '2020-12-31'],
    ['2024年3月至6月开展专项行动', '2024年3月至6月', '2024-06-30'],
  ])('%s: a range ends on its last day', (text, phrase, date) => {
    expect(one(text)).toEqual([{ text: phrase, deadline: date, kind: 'period-end' }]);
  });

  it('a start date is not a deadline', () => {
    expect(one('从2019年1月1日起,实施见习计划')).toEqual([]);
  });

  it.each([
    ['在本意见印发之日起30日内,制定实施办法', '在本意见印发之日起30日内', '2024-04-14'],
    ['自本通知印发之日起3个月内完成', '自本通知印发之日起3个月内', '2024-06-15'],
    ['3年内实现全覆盖', '3年内', '2027-12-31'],
    ['五年内建成', '五年内', '2029-12-31'],
  ])('%s: counted from the document’s date or the plan year', (text, phrase, date) => {
    expect(one(text)).toEqual([{ text: phrase, deadline: date, kind: 'relative' }]);
  });

  it('近3年内 / 过去五年内 look back: no deadline', () => {
    expect(one('近3年内无违法记录')).toEqual([]);
    expect(one('过去五年内累计建成')).toEqual([]);
  });

  it('a phrase counted from the document’s date is no deadline when the date is unknown', () => {
    expect(findDeadlines('自印发之日起30日内制定办法', 2024)).toEqual([]);
  });

  it.each([
    ['2025年起每年3月底前报送', '2025年起每年3月底前', '2025-03-31', 'year'],
    ['每年3月底前报送上年度情况', '每年3月底前', '2024-03-31', 'year'],
    ['每年6月30日前报送', '每年6月30日前', '2024-06-30', 'year'],
    ['每季度报送进展', '每季度', '2024-03-31', 'quarter'],
    ['每月底前报送', '每月底前', '2024-03-31', 'month'],
    ['每半年开展一次评估', '每半年', '2024-06-30', 'half-year'],
  ])('%s: the first due date and the rule to repeat', (text, phrase, date, repeat) => {
    expect(one(text)).toEqual([{ text: phrase, deadline: date, kind: 'recurring', repeat }]);
  });

  it('从2019年起,各有关部门于每年2月底前 starts in the year printed', () => {
    expect(one('从2019年起,各有关部门于每年2月底前报送名单')[0]).toMatchObject({ deadline: '2019-02-28', kind: 'recurring', repeat: 'year' });
  });

  it('open-ended phrases carry no deadline', () => {
    expect(isOpenEnded('长期坚持')).toBe(true);
    expect(isOpenEnded('持续推进')).toBe(true);
    expect(one('长期坚持')).toEqual([]);
    expect(extractTargets('持续推进家庭医生签约服务。', ctx)).toEqual([]);
  });
});

describe('a deadline belongs to its clause', () => {
  it('not to a figure in the clause before', () => {
    const t = extractTargets('签约率达到75%以上,上半年完成签约服务包修订。', ctx);
    expect(t.map((x) => [x.text, x.value, x.deadline, x.deadlineSource])).toEqual([
      ['签约率达到75%以上', 75, '2024-12-31', 'plan-year'],
      ['上半年完成签约服务包修订', null, '2024-06-30', 'explicit'],
    ]);
  });

  it('a leading date dates the clauses after it, and is no target alone', () => {
    const t = extractTargets('到2025年底,全市建成区域医疗中心10家,基本实现全覆盖。', ctx);
    expect(t.map((x) => [x.text, x.value, x.deadline])).toEqual([['全市建成区域医疗中心10家', 10, '2025-12-31']]);
    const task = extractTargets('到2022年底,完成全部改造。', ctx);
    expect(task.map((x) => [x.text, x.deadline])).toEqual([['到2022年底,完成全部改造', '2022-12-31']]);
    expect(extractTargets('截至2018年底。', ctx)).toEqual([]);
  });

  it('one clause gives one target', () => {
    expect(extractTargets('新建社康中心10家、床位200张。', ctx)).toHaveLength(1);
  });

  it('a dated task without a figure is a target of its own', () => {
    const t = extractTargets('9月底前完成全科医生转岗培训招生。', ctx);
    expect(t).toEqual([
      expect.objectContaining({
        text: '9月底前完成全科医生转岗培训招生',
        value: null,
        deadline: '2024-09-30',
        deadlineSource: 'explicit',
        deadlineKind: 'date',
      }),
    ]);
  });

  it('the subject before a date takes the task after it', () => {
    const t = extractTargets('各省人民政府要在本意见印发之日起30日内,制定出台具体实施办法。', ctx);
    expect(t.map((x) => [x.text, x.deadline, x.deadlineKind])).toEqual([
      ['各省人民政府要在本意见印发之日起30日内,制定出台具体实施办法', '2024-04-14', 'relative'],
    ]);
  });

  it('a recurring task carries its rule', () => {
    const t = extractTargets('2025年起每年3月底前报送上年度工作总结。', ctx);
    expect(t).toEqual([expect.objectContaining({ deadline: '2025-03-31', deadlineKind: 'recurring', repeat: 'year' })]);
  });
});

describe('a deadline in a field of its own (完成时限)', () => {
  it.each([
    ['2023年12月', '2023-12-31'],
    ['12月', '2024-12-31'],
    ['2025年', '2025-12-31'],
    ['2024年3月15日', '2024-03-15'],
    ['2023—2025年', '2025-12-31'],
    ['2024年6月底前', '2024-06-30'],
    ['2024年3月启动，9月底前完成', '2024-09-30'],
  ])('%s → %s', (text, date) => {
    expect(timingDeadline(text, ctx)?.deadline).toBe(date);
  });

  it('长期坚持 and words are none', () => {
    expect(timingDeadline('长期坚持', ctx)).toBeNull();
    expect(timingDeadline('市卫生健康委', ctx)).toBeNull();
  });
});
