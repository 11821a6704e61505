import { describe, expect, it } from 'vitest';
import { chineseToNumber, numberToChinese } from '../../src/parse/chinese-numerals.js';
import { findDeadlines } from '../../src/parse/deadlines.js';
import { repairHtmlRemnants } from '../../src/parse/html-remnants.js';
import { matchHeading } from '../../src/parse/numbering.js';
import { parseDocument } from '../../src/parse/index.js';

describe('Chinese numerals', () => {
  it.each([
    ['一', 1],
    ['十', 10],
    ['十二', 12],
    ['二十', 20],
    ['三十六', 36],
    ['九十九', 99],
  ])('%s = %i', (s, n) => {
    expect(chineseToNumber(s)).toBe(n);
    expect(numberToChinese(n)).toBe(s);
  });
  it('refuses what is not a numeral', () => expect(chineseToNumber('十十')).toBeNull());
});

describe('numbering families', () => {
  it.each([
    ['一、聚焦精准高效防控', 'cn-comma', '一'],
    ['(二十)打造前海国际医疗服务集聚区。', 'cn-paren', '二十'],
    ['(三)全角括号', 'cn-paren', '三'],
    ['9.持续推进医用耗材精细化管理。', 'arabic-dot', '9'],
    ['12、加快推进', 'arabic-comma', '12'],
    ['二是牢牢抓好常态化疫情防控。', 'cn-shi', '二'],
  ])('%s', (line, family, ordinal) => {
    expect(matchHeading(line)).toMatchObject({ family: { name: family }, ordinal });
  });
  it.each(['2022年,全市卫生健康工作', '8.19中国医师节', '一年来,我们奋力攻坚克难', '是提升家庭医生服务品质'])('%s is not a heading', (line) => {
    expect(matchHeading(line)).toBeNull();
  });
});

describe('deadline phrases', () => {
  it.each([
    ['力争年底前立项', '年底前', '2022-12-31'],
    ['年内新增三甲医院3家以上', '年内', '2022-12-31'],
    ['到2018年底,药品收入占比', '到2018年底', '2018-12-31'],
    ['2022年底前完成', '2022年底前', '2022-12-31'],
    ['上半年完成调研', '上半年', '2022-06-30'],
    ['6月底前完成验收', '6月底前', '2022-06-30'],
    ['9月30日前上报', '9月30日前', '2022-09-30'],
    ['第三季度完成', '第三季度', '2022-09-30'],
  ])('%s', (text, phrase, date) => {
    expect(findDeadlines(text, 2022)[0]).toMatchObject({ text: phrase, deadline: date });
  });
});

describe('HTML remnants', () => {
  it('repairs half-eaten tags and entities', () => {
    expect(repairHtmlRemnants('坚持ldquo;动态清零rdquo;总方针、/p>')).toBe('坚持“动态清零”总方针、\n');
    expect(repairHtmlRemnants('服务、br/>电询')).toBe('服务、\n电询');
    expect(repairHtmlRemnants('有效性状?/th> 废止')).toBe('有效性状? 废止');
    expect(repairHtmlRemnants('来源9a href="http://x" target="_blank">深圳')).toBe('来源9深圳');
  });
});

describe('a new layout', () => {
  it('reads (1) items under 一、 parts with full-width units notes', () => {
    const text = [
      '某某县2024年卫生健康工作计划',
      '一、强化基层',
      '(1)建设村卫生室。年底前建成20个标准化村卫生室。(责任单位:基层科、各乡镇卫生院)',
      '(2)培训乡村医生。全年培训乡村医生不少于300人次。',
      '二、守护健康',
      '(3)开展筛查。6月底前完成65岁以上老人体检。',
    ].join('\n');
    const { document, items } = parseDocument(Buffer.from(text), 'mouxian.txt');
    expect(document).toMatchObject({ region: '某某县', year: 2024 });
    expect(items.map((i) => [i.label, i.kind, i.units])).toEqual([
      ['(1)', 'plan', ['基层科', '各乡镇卫生院']],
      ['(2)', 'plan', []],
      ['(3)', 'plan', []],
    ]);
    expect(items[0]!.targets[0]).toMatchObject({ value: 20, unit: '个', deadline: '2024-12-31', deadlineText: '年底前' });
    expect(items[1]!.targets[0]).toMatchObject({ value: 300, unit: '人次', comparator: '>=' });
    expect(items[2]!.targets[0]).toMatchObject({ deadline: '2024-06-30', deadlineText: '6月底前', value: null });
    // 65岁以上 says who is examined; it is not a target of 65 years.
    expect(items[2]!.targets.some((t) => t.unit === '岁')).toBe(false);
  });
});
