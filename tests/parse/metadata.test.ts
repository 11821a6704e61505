import { describe, expect, it } from 'vitest';
import { findRegion } from '../../src/parse/metadata.js';
import { parseDocument } from '../../src/parse/index.js';

describe('the region a title names', () => {
  it.each([
    ['深圳市龙岗区2023年卫生健康工作要点', '龙岗区'],
    ['关于印发广东省深圳市龙岗区2023年卫生健康工作要点的通知', '龙岗区'],
    ['关于做好2023年深圳市龙华区卫生健康工作的通知', '龙华区'],
    ['2022年深圳市卫生健康工作要点', '深圳市'],
    ['2017年东莞市卫生计生工作总结和2018年工作计划', '东莞市'],
    ['深圳市社区健康服务中心工作要点', '深圳市'],
  ])('%s → %s (the most local place of the run)', (title, region) => {
    expect(findRegion(title, '')).toBe(region);
  });

  it('names the document after the most local place', () => {
    const text = ['深圳市龙岗区2023年卫生健康工作要点', '一、强化公共卫生', '1.完善疫情防控机制。(责任科室/单位:疾控科)', '2.推进健康促进。'].join('\n');
    const { document } = parseDocument(Buffer.from(text), 'plan.txt');
    expect(document).toMatchObject({ region: '龙岗区', id: 'longgang-2023' });
  });
});

describe('national documents and portal metadata tables', () => {
  const page = (titleLines: string[], extra: string[] = []) =>
    [
      '索 引 号：',
      '000014349/2019-00001',
      '发文机关：',
      extra[0] ?? '国务院办公厅',
      '成文日期：',
      '2019年03月02日',
      '标　　题：',
      titleLines.join(''),
      '发文字号：',
      '国办发〔2019〕8号',
      '发布日期：',
      '2019年03月10日',
      '',
      ...titleLines,
      '国办发〔2019〕8号',
      '各省、自治区、直辖市人民政府，国务院各部委、各直属机构：',
      '为做好有关工作，现通知如下：',
      '一、加强组织领导。各地区要在2016年实施的基础上完善机制。（国家发展改革委负责）',
      '二、强化保障。（财政部负责）',
    ].join('\n');

  it('takes the title from the labelled field, not the index number, and the year from the 文号', () => {
    const { document } = parseDocument(Buffer.from(page(['国务院办公厅关于加强某项工作', '的通知'])), 'a.txt');
    expect(document).toMatchObject({
      title: '国务院办公厅关于加强某项工作的通知',
      region: '全国',
      issuer: '国务院办公厅',
      year: 2019,
      issued: '2019-03-02',
      published: '2019-03-10',
      docNumber: '国办发〔2019〕8号',
    });
  });

  it('joins a printed title broken over two lines when there is no field', () => {
    const text = [
      '国务院关于做好当前和今后一个时期',
      '促进就业工作的若干意见',
      '国发〔2018〕39号',
      '一、稳定就业。支持企业稳岗。（人力资源社会保障部负责）',
      '国务院',
      '2018年11月16日',
    ].join('\n');
    const { document } = parseDocument(Buffer.from(text), 'b.txt');
    expect(document).toMatchObject({
      title: '国务院关于做好当前和今后一个时期促进就业工作的若干意见',
      region: '全国',
      issuer: '国务院',
      year: 2018,
      issued: '2018-11-16',
    });
  });

  it.each([
    ['深圳市人民政府办公厅关于印发深圳市2024年民生实事方案的通知', '深圳市'],
    ['广东省卫生健康委关于做好2024年基层卫生工作的通知', '广东省'],
    ['国家卫生健康委关于印发2024年医疗质量改进目标的通知', '全国'],
    ['财政部关于做好2024年预算执行工作的通知', '全国'],
  ])('%s → %s', (title, region) => {
    const text = [title, '一、加强领导。做好工作。', '二、强化保障。落实经费。'].join('\n');
    expect(parseDocument(Buffer.from(text), 'c.txt').document.region).toBe(region);
  });
});
