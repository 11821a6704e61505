import { describe, expect, it } from 'vitest';
import { parseBytes, parseDocument } from '../../src/parse/index.js';
import { extractUnitAnnotations, readUnitNote } from '../../src/parse/unit-annotations.js';
import { docx, gbk, htmlPage } from '../helpers/documents.js';

/** A one-item plan whose item ends with the given note (printed full-width, as published). */
const plan = (...itemLines: string[]) =>
  ['某市卫生健康委员会2024年工作方案', '一、提升服务能力', ...itemLines, '二、强化保障', '2.完善经费保障机制。'].join('\n');
const firstItem = (text: string) => parseDocument(Buffer.from(text), 'plan.txt').items.find((i) => i.kind === 'plan')!;

describe('units notes: one style per test', () => {
  it.each([
    ['（责任单位：市卫生健康委、市财政局）', ['市卫生健康委', '市财政局'], []],
    ['（责任科室/单位：医政科、区属各医院）', ['医政科', '区属各医院'], []],
    ['（责任处室：医政医管处）', ['医政医管处'], []],
    ['（牵头单位：市发展改革委；配合单位：市委组织部、市财政局）', ['市发展改革委', '市委组织部', '市财政局'], ['市发展改革委']],
    ['（牵头单位：市发展改革委，配合单位：市委组织部）', ['市发展改革委', '市委组织部'], ['市发展改革委']],
    ['（牵头科室：医政科　协办科室：疾控科、妇幼科）', ['医政科', '疾控科', '妇幼科'], ['医政科']],
    ['（市卫生健康委牵头，市财政局、市人力资源社会保障局配合）', ['市卫生健康委', '市财政局', '市人力资源社会保障局'], ['市卫生健康委']],
    ['（市卫生健康委负责）', ['市卫生健康委'], []],
    ['（市卫生健康委、市医保局负责）', ['市卫生健康委', '市医保局'], []],
    ['（市卫生健康委会同有关部门负责）', ['市卫生健康委', '有关部门'], ['市卫生健康委']],
    ['（市卫生健康委、市财政局会同市医保局负责）', ['市卫生健康委', '市财政局', '市医保局'], ['市卫生健康委', '市财政局']],
    ['（市卫生健康委、市民政局，各区按职责分工负责）', ['市卫生健康委', '市民政局', '各区'], []],
    ['（市卫生健康委牵头负责，各区政府配合落实）', ['市卫生健康委', '各区政府'], ['市卫生健康委']],
    ['（责任单位：市卫生健康委（牵头）、市财政局）', ['市卫生健康委', '市财政局'], ['市卫生健康委']],
    ['（市委组织部、市发展改革委、市财政局等按职责分工负责）', ['市委组织部', '市发展改革委', '市财政局等'], []],
    ['（市卫生健康委牵头，市财政局、各区政府按职责分工负责）', ['市卫生健康委', '市财政局', '各区政府'], ['市卫生健康委']],
  ])('%s on the item’s last line', (note, units, leads) => {
    const item = firstItem(plan(`1.推进医联体建设。年内建成紧密型医联体3个。${note}`));
    expect(item.units).toEqual(units);
    expect(item.leadUnits).toEqual(leads);
    expect(item.text).toBe('推进医联体建设。年内建成紧密型医联体3个。');
  });

  it('reads a note on a line of its own, bracketed or not', () => {
    for (const note of ['（牵头单位：市卫生健康委；配合单位：市财政局）', '牵头单位：市卫生健康委；配合单位：市财政局', '责任单位：市卫生健康委、市财政局。']) {
      const item = firstItem(plan('1.推进医联体建设。', '年内建成紧密型医联体3个。', note));
      expect(item.units).toEqual(['市卫生健康委', '市财政局']);
      expect(item.text).toBe('推进医联体建设。\n年内建成紧密型医联体3个。');
    }
    const verbs = firstItem(plan('1.推进医联体建设。', '市卫生健康委牵头，市财政局配合。'));
    expect([verbs.units, verbs.leadUnits]).toEqual([['市卫生健康委', '市财政局'], ['市卫生健康委']]);
  });

  it('reads an unbracketed labelled note after the last sentence', () => {
    const item = firstItem(plan('1.推进医联体建设。责任单位：市卫生健康委、市财政局'));
    expect(item.units).toEqual(['市卫生健康委', '市财政局']);
    expect(item.text).toBe('推进医联体建设。');
  });

  it('reads half-width punctuation the same', () => {
    const item = firstItem(plan('1.推进医联体建设。(牵头单位:市卫生健康委;配合单位:市财政局)'));
    expect([item.units, item.leadUnits]).toEqual([['市卫生健康委', '市财政局'], ['市卫生健康委']]);
  });

  it('keeps a name with brackets whole', () => {
    expect(readUnitNote('区委宣传部(区新闻办)、区卫生健康局负责')?.units).toEqual(['区委宣传部(区新闻办)', '区卫生健康局']);
  });

  it.each([
    '（区属医院、社康中心）',
    '（含技工院校）',
    '（区、市）',
    '（所需经费由财政负责）',
    '（企业直接向国家发展改革委申报，不需省级发展改革部门转报）',
    '（试行）',
  ])('%s is not a units note', (bracket) => {
    const r = extractUnitAnnotations(`支持各类职业院校${bracket}开展培训，所需经费按规定列支${bracket}`);
    expect(r.units).toEqual([]);
  });
});

describe('document-wide lead rules', () => {
  it('列第一位者为牵头单位，下同: the first unit of this and every later list leads', () => {
    const text = [
      '某省人民政府关于促进就业的若干意见',
      '一、稳定就业',
      '（一）稳定岗位。支持企业稳岗。（省人力资源社会保障厅、省财政厅负责。列第一位者为牵头单位，下同）',
      '（二）扩大见习。组织见习。（省财政厅、省教育厅，各市人民政府按职责分工负责）',
      '（三）落实责任。（各市人民政府负责）',
    ].join('\n');
    const items = parseDocument(Buffer.from(text), 'plan.txt').items.filter((i) => i.kind === 'plan');
    expect(items.map((i) => [i.units, i.leadUnits])).toEqual([
      [['省人力资源社会保障厅', '省财政厅'], ['省人力资源社会保障厅']],
      [['省财政厅', '省教育厅', '各市人民政府'], ['省财政厅']],
      [['各市人民政府'], ['各市人民政府']],
    ]);
    expect(items[0]!.text).not.toContain('牵头');
  });

  it('排在第一位的部门为牵头部门, printed in the preamble, holds for every item', () => {
    const text = [
      '某市2024年营商环境改革工作方案',
      '为持续优化营商环境，制定本方案。各项任务中排在第一位的部门为牵头部门，其他部门按职责分工配合。',
      '一、提升政务服务',
      '1.推行一网通办。（市政务服务数据管理局、市司法局）' /* a bare list closing the item */,
      '2.压减审批时限。年底前压减至5个工作日。（市市场监管局、市住房城乡建设局负责）',
    ].join('\n');
    const items = parseDocument(Buffer.from(text), 'plan.txt').items.filter((i) => i.kind === 'plan');
    expect(items.map((i) => [i.units, i.leadUnits])).toEqual([
      [['市政务服务数据管理局', '市司法局'], ['市政务服务数据管理局']],
      [['市市场监管局', '市住房城乡建设局'], ['市市场监管局']],
    ]);
  });

  it('without a rule, a plain list marks no lead', () => {
    expect(firstItem(plan('1.推进医联体建设。（市卫生健康委、市医保局负责）')).leadUnits).toEqual([]);
  });
});

describe('units notes in every format', () => {
  const lines = [
    '某区卫生健康局2024年工作要点',
    '一、提升医疗服务',
    '1.推进医联体建设。年内建成紧密型医联体3个。（牵头科室：医政科　协办科室：基层科）',
    '2.加强急救体系。（区急救中心、医政科负责）',
    '二、强化公共卫生',
    '3.做好疫苗接种。（疾控科牵头，各街道配合）',
  ];
  const expected = [
    [['医政科', '基层科'], ['医政科']],
    [['区急救中心', '医政科'], []],
    [['疾控科', '各街道'], ['疾控科']],
  ];
  const read = (items: Array<{ kind: string; units: string[]; leadUnits?: string[] }>) =>
    items.filter((i) => i.kind === 'plan').map((i) => [i.units, i.leadUnits]);

  it('UTF-8 text', () => {
    expect(read(parseDocument(Buffer.from(lines.join('\n')), 'plan.txt').items)).toEqual(expected);
  });
  it('GBK text', () => {
    expect(read(parseDocument(gbk(lines.join('\r\n')), 'plan.txt').items)).toEqual(expected);
  });
  it('HTML', () => {
    expect(read(parseDocument(htmlPage(lines), 'plan.html').items)).toEqual(expected);
  });
  it('.docx', async () => {
    expect(read((await parseBytes(await docx(lines), 'plan.docx')).items)).toEqual(expected);
  });
});

describe('the roles as replies print them', () => {
  it('牵头 and 配合 where a lead is marked, 责任单位 otherwise', async () => {
    const { unitRolesText } = await import('../../src/items/index.js');
    expect(unitRolesText({ units: ['市发展改革委', '市委组织部', '市财政局'], leadUnits: ['市发展改革委'] })).toBe(
      '牵头:市发展改革委;配合:市委组织部、市财政局',
    );
    expect(unitRolesText({ units: ['医管科', '区属各医院'], leadUnits: [] })).toBe('责任单位:医管科、区属各医院');
    expect(unitRolesText({ units: ['医管科'] })).toBe('责任单位:医管科');
    expect(unitRolesText({ units: [], leadUnits: [] })).toBe('');
  });

  it('an item stored before leadUnits existed loads with none', async () => {
    const { PlanItem } = await import('../../src/items/index.js');
    const stored = {
      id: 'x#1',
      doc: 'x',
      docTitle: 't',
      region: 'r',
      year: 2022,
      kind: 'plan',
      part: null,
      section: null,
      label: '1',
      cite: 'c',
      title: 't',
      text: 't',
      units: ['医政科'],
      targets: [],
    };
    expect(PlanItem.parse(stored).leadUnits).toEqual([]);
  });
});

describe('a note with a timing field', () => {
  it('(责任单位:X;完成时限:Y): Y is no unit but the item’s deadline', () => {
    const item = firstItem(plan('1.推进医联体建设。（责任单位：市卫生健康委；完成时限：2024年10月底前）'));
    expect(item.units).toEqual(['市卫生健康委']);
    expect(item.targets).toEqual([expect.objectContaining({ text: '推进医联体建设', deadline: '2024-10-31', deadlineSource: 'explicit' })]);
  });

  it.each(['（市卫生健康委负责，2024年10月底前完成）', '（责任单位：市卫生健康委，2024年10月底前完成）'])('%s: the timing inside a note', (note) => {
    const item = firstItem(plan(`1.推进医联体建设。${note}`));
    expect(item.units).toEqual(['市卫生健康委']);
    expect(item.targets).toEqual([expect.objectContaining({ deadline: '2024-10-31', deadlineSource: 'explicit' })]);
  });

  it('长期坚持 adds no deadline', () => {
    const item = firstItem(plan('1.推进医联体建设。（牵头单位：市卫生健康委；时间节点：长期坚持）'));
    expect([item.units, item.leadUnits, item.targets]).toEqual([['市卫生健康委'], ['市卫生健康委'], []]);
  });
});
