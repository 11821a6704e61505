import { describe, expect, it } from 'vitest';
import { parseBytes, parseDocument } from '../../src/parse/index.js';
import { docx } from '../helpers/documents.js';

/** A plan published as a task table (分工表), in a Word file and on a web page. */
const title = '某市2024年卫生健康重点任务分工方案';
const rows = [
  ['序号', '工作任务', '责任单位', '完成时限'],
  ['1', '推进紧密型医联体建设，建成医联体3个。', '市卫生健康委（牵头）、市财政局', '2024年10月底前'],
  ['2', '完善院前急救体系。', '市急救中心、市卫生健康委', '长期坚持'],
  ['3', '开展基层医生培训。', '牵头单位：市卫生健康委；配合单位：市人力资源社会保障局', '第三季度'],
];
const expected = [
  { label: '1', text: '推进紧密型医联体建设，建成医联体3个。', units: ['市卫生健康委', '市财政局'], leadUnits: ['市卫生健康委'], deadlines: ['2024-10-31'] },
  { label: '2', text: '完善院前急救体系。', units: ['市急救中心', '市卫生健康委'], leadUnits: [], deadlines: [] },
  { label: '3', text: '开展基层医生培训。', units: ['市卫生健康委', '市人力资源社会保障局'], leadUnits: ['市卫生健康委'], deadlines: ['2024-09-30'] },
];
const read = (
  items: Array<{
    kind: string;
    label: string;
    text: string;
    units: string[];
    leadUnits?: string[];
    targets: Array<{ deadline: string; deadlineSource: string }>;
  }>,
) =>
  items
    .filter((i) => i.kind === 'plan')
    .map((i) => ({
      label: i.label,
      text: i.text.normalize('NFKC'),
      units: i.units,
      leadUnits: i.leadUnits,
      deadlines: i.targets.filter((t) => t.deadlineSource === 'explicit').map((t) => t.deadline),
    }));
const norm = (e: typeof expected) => e.map((x) => ({ ...x, text: x.text.normalize('NFKC') }));

describe('task tables: one item per row, units and deadlines from their columns', () => {
  it('.docx (one line per cell)', async () => {
    const out = await parseBytes(await docx([title, '为推进重点工作，制定本方案。'], rows), 'plan.docx');
    expect(out.document.title).toBe(title);
    expect(read(out.items)).toEqual(norm(expected));
  });

  it('.html (one line per row)', () => {
    const table = `<table>${rows.map((r) => `<tr>${r.map((c) => `<td>${c}</td>`).join('')}</tr>`).join('')}</table>`;
    const out = parseDocument(
      Buffer.from(`<html><body><article><h1>${title}</h1><p>为推进重点工作，制定本方案。</p>${table}</article></body></html>`),
      'plan.html',
    );
    expect(read(out.items)).toEqual(norm(expected));
  });

  it('a category column that spans rows, and column names with brackets', () => {
    const t = [
      '<tr><td>序号</td><td>任务类别</td><td>工作任务</td><td>责任单位（部门）</td><td>完成时限</td></tr>',
      '<tr><td>1</td><td rowspan="2">医疗服务</td><td>建设胸痛中心。</td><td>市卫生健康委</td><td>年底前</td></tr>',
      '<tr><td>2</td><td>建设卒中中心。</td><td>市卫生健康委、市财政局</td><td>6月底前</td></tr>',
    ].join('');
    const out = parseDocument(Buffer.from(`<html><body><article><h1>${title}</h1><table>${t}</table></article></body></html>`), 'plan.html');
    expect(read(out.items)).toEqual([
      { label: '1', text: '建设胸痛中心。', units: ['市卫生健康委'], leadUnits: [], deadlines: ['2024-12-31'] },
      { label: '2', text: '建设卒中中心。', units: ['市卫生健康委', '市财政局'], leadUnits: [], deadlines: ['2024-06-30'] },
    ]);
  });

  it('separate 牵头单位 and 配合单位 columns', async () => {
    const t = [
      ['序号', '重点任务', '牵头单位', '配合单位', '时间节点'],
      ['1', '建设区域医疗中心。', '市卫生健康委', '市发展改革委、市财政局', '2025年6月底前'],
    ];
    const out = await parseBytes(await docx([title], t), 'plan.docx');
    expect(read(out.items)).toEqual([
      { label: '1', text: '建设区域医疗中心。', units: ['市卫生健康委', '市发展改革委', '市财政局'], leadUnits: ['市卫生健康委'], deadlines: ['2025-06-30'] },
    ]);
  });

  it('a table beside numbered items gets its own labels', async () => {
    const out = await parseBytes(await docx([title, '一、总体要求', '1.坚持问题导向。', '附表'], rows), 'plan.docx');
    // 附表 ends the document: an annex table is left out.
    expect(out.items.filter((i) => i.kind === 'plan').map((i) => i.label)).toEqual(['1']);
    const inline = await parseBytes(await docx([title, '一、总体要求', '1.坚持问题导向。'], rows), 'plan.docx');
    expect(inline.items.filter((i) => i.kind === 'plan').map((i) => i.label)).toEqual(['1', '表1-1', '表1-2', '表1-3']);
  });
});
