import { describe, expect, it } from 'vitest';
import { findDeadlines } from '../../src/parse/deadlines.js';
import { extractTargets } from '../../src/parse/targets.js';

const deadlinesOf = (text: string) => findDeadlines(text, 2023).map((h) => [h.text, h.deadline]);

describe('deadline phrases', () => {
  it.each([
    ['三年内建成区域医疗中心', '三年内', '2026-12-31'],
    ['5年内完成改造', '5年内', '2028-12-31'],
    ['两年内实现全覆盖', '两年内', '2025-12-31'],
    ['10年内建成', '10年内', '2033-12-31'],
  ])('%s: a duration counted from the plan year, not "within this year"', (text, phrase, date) => {
    expect(findDeadlines(text, 2023).map((h) => [h.text, h.deadline, h.kind])).toEqual([[phrase, date, 'relative']]);
  });

  it('still reads 年内 on its own and after a year whose first digit the source lost', () => {
    expect(deadlinesOf('年内建成3家')).toEqual([['年内', '2023-12-31']]);
    expect(deadlinesOf('?022年内建成3家')).toEqual([['年内', '2023-12-31']]);
  });

  it.each(['比2022年末增长10%', '较2022年底提高5个百分点', '同比2022年底增长', '相比2022年末下降', '较上年末增长5%'])(
    '%s: a comparison base, not a deadline',
    (text) => {
      expect(deadlinesOf(text)).toEqual([]);
    },
  );

  it('keeps a year-end deadline that is not a comparison base', () => {
    expect(deadlinesOf('到2023年末建成5家')).toEqual([['到2023年末', '2023-12-31']]);
  });

  it.each(['2月30日前完成', '2023年2月29日前完成', '4月31日前', '2023年13月1日前'])('%s: not a date on the calendar', (text) => {
    expect(deadlinesOf(text)).toEqual([]);
  });

  it('accepts a leap day in a leap year', () => {
    expect(deadlinesOf('2024年2月29日前完成')).toEqual([['2024年2月29日前', '2024-02-29']]);
  });

  it.each([
    ['到2025年,建成10家区域医疗中心', '到2025年'],
    ['至2025年全市建成10家', '至2025年'],
  ])('%s: a target year is a deadline', (text, phrase) => {
    expect(deadlinesOf(text)).toEqual([[phrase, '2025-12-31']]);
  });

  it.each(['《规划(2021至2025年)》', '2021年至2025年', '截至2021年,全市已建成'])('%s: a range or a status date, not a deadline', (text) => {
    expect(deadlinesOf(text)).toEqual([]);
  });

  it('gives a target set "到2025年" that deadline, explicitly', () => {
    expect(extractTargets('到2025年,建成区域医疗中心10家。', 2023)).toEqual([
      {
        text: '建成区域医疗中心10家',
        value: 10,
        unit: '家',
        comparator: null,
        deadline: '2025-12-31',
        deadlineText: '到2025年',
        deadlineSource: 'explicit',
        deadlineKind: 'date',
      },
    ]);
  });

  it('gives a target measured from last year-end the plan year, not that date', () => {
    expect(extractTargets('全市床位数比2022年末增长10%。', 2023)).toEqual([
      expect.objectContaining({ value: 10, unit: '%', deadline: '2023-12-31', deadlineText: null, deadlineSource: 'plan-year' }),
    ]);
  });
});
