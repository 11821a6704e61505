import { markedLeads, readUnitNote, splitUnitList } from './unit-annotations.js';

/**
 * Task tables (分工表: 序号 | 工作任务 | 责任单位 | 完成时限), the other common way plans are published. The
 * readers give a table as text: a web page one line per row with its cells joined by spaces, a Word file
 * one line per cell paragraph. A table is recognised by its header row, whose column names are data here;
 * each numbered row below it is one item, with its units and deadline from their columns.
 */

export type ColumnRole = 'index' | 'task' | 'units' | 'lead' | 'partner' | 'deadline' | 'other';

export const columnNames: Array<{ pattern: RegExp; role: ColumnRole; note: string }> = [
  { pattern: /^(?:序号|编号|序)$/, role: 'index', note: '序号: the row number, the item’s label' },
  {
    pattern: /^(?:(?:重点|主要|具体|改革|工作)?任务(?:内容|措施|事项)?|工作(?:内容|措施|事项)|具体(?:措施|内容)|主要内容|重点工作|任务名称)$/,
    role: 'task',
    note: '工作任务 / 重点任务 / 具体措施: the item’s text',
  },
  { pattern: /^(?:牵头(?:单位|部门|科室|处室)|主责(?:单位|部门))$/, role: 'lead', note: '牵头单位: the lead' },
  { pattern: /^(?:配合(?:单位|部门|科室|处室)|协办(?:单位|科室)|参与(?:单位|部门)|协同(?:单位|部门))$/, role: 'partner', note: '配合单位: partners' },
  {
    pattern: /^(?:责任(?:单位|部门|科室|处室|主体)|实施主体|承办单位|负责(?:单位|部门))$/,
    role: 'units',
    note: '责任单位: the units (a 牵头 mark inside names the lead)',
  },
  { pattern: /^(?:完成(?:时限|时间|期限)|时间节点|时限(?:要求)?|进度安排|时间安排|办结时限)$/, role: 'deadline', note: '完成时限 / 时间节点: the deadline' },
  {
    pattern: /^(?:备注|序列|.{0,6}(?:类别|分类|领域|板块|目标|指标|成果|要求|标准|依据|阶段|项目))$/,
    role: 'other',
    note: '备注 / 任务类别 / 工作目标: columns read but not used',
  },
];

function roleOf(name: string): ColumnRole | null {
  // 责任单位(部门), 完成时限(时间): a bracket explains the name.
  const n = name.replace(/\s+/g, '').replace(/[((][^()()]*[))]/g, '');
  return columnNames.find((c) => c.pattern.test(n))?.role ?? null;
}

export interface TaskRow {
  /** The row's number as printed. */
  label: string;
  task: string;
  units: string[];
  leadUnits: string[];
  deadlineText: string | null;
  /** Paragraph index of the row's first line. */
  at: number;
}

export interface TaskTable {
  rows: TaskRow[];
  /** Paragraph indexes the table occupies (header and rows): not read again as outline text. */
  used: Set<number>;
}

const isHeader = (roles: Array<ColumnRole | null>) =>
  roles.length >= 3 && roles.every((r) => r !== null) && roles.includes('task') && roles.some((r) => r === 'units' || r === 'lead');

/** `市卫生健康委(牵头)、市财政局`, `牵头单位:X;配合单位:Y`, `X牵头,Y配合` or a plain list. */
function readUnitsCell(cell: string): { units: string[]; leadUnits: string[] } {
  const note = readUnitNote(cell, { bareList: true });
  if (note?.units.length) return { units: note.units, leadUnits: note.leadUnits };
  const marked = markedLeads(cell);
  const units = splitUnitList(marked.text);
  return { units, leadUnits: units.filter((u) => marked.leads.includes(u)) };
}

function toRow(roles: ColumnRole[], cells: string[], at: number): TaskRow | null {
  const get = (role: ColumnRole) =>
    cells
      .filter((_c, i) => roles[i] === role)
      .join(' ')
      .trim();
  const label = get('index');
  const task = get('task');
  if (!/^\d{1,3}$/.test(label) || !task) return null;
  const units: string[] = [];
  const leadUnits: string[] = [];
  const add = (list: string[], into: string[]) => list.forEach((u) => !into.includes(u) && into.push(u));
  const lead = readUnitsCell(get('lead'));
  add(lead.units, units);
  add(lead.units, leadUnits);
  const main = readUnitsCell(get('units'));
  add(main.units, units);
  add(main.leadUnits, leadUnits);
  add(readUnitsCell(get('partner')).units, units);
  const deadline = get('deadline');
  return { label, task, units, leadUnits, deadlineText: deadline || null, at };
}

/** Cells of a web page row (joined by spaces): extra spaces belong to the task's cell. */
function splitRowLine(line: string, roles: ColumnRole[]): string[] | null {
  const tokens = line.split(/\s+/).filter(Boolean);
  // A category cell that spans rows is printed in the first row of its group only.
  const others = roles.filter((r) => r === 'other').length;
  if (tokens.length < roles.length && others > 0 && tokens.length >= roles.length - others) {
    const kept = roles.filter((r) => r !== 'other');
    const cells = splitRowLine(line, kept);
    if (!cells) return null;
    let k = 0;
    return roles.map((r) => (r === 'other' ? '' : cells[k++]!));
  }
  if (tokens.length < roles.length) return null;
  if (tokens.length === roles.length) return tokens;
  const t = roles.indexOf('task');
  const extra = tokens.length - roles.length;
  return [...tokens.slice(0, t), tokens.slice(t, t + extra + 1).join(' '), ...tokens.slice(t + extra + 1)];
}

/**
 * Every task table in the paragraphs. A header row is a line of column names (web page) or as many
 * one-name lines in a row (Word); rows follow while they are numbered.
 */
export function findTaskTables(paragraphs: string[]): TaskTable[] {
  const tables: TaskTable[] = [];
  for (let i = 0; i < paragraphs.length; i++) {
    // A web page: the header is one line.
    const inline = paragraphs[i]!.split(/\s+/).filter(Boolean).map(roleOf);
    if (isHeader(inline)) {
      const roles = inline as ColumnRole[];
      const table: TaskTable = { rows: [], used: new Set([i]) };
      let j = i + 1;
      for (; j < paragraphs.length; j++) {
        const cells = /^\d{1,3}\s/.test(paragraphs[j]!) ? splitRowLine(paragraphs[j]!, roles) : null;
        const row = cells ? toRow(roles, cells, j) : null;
        if (!row) break;
        table.rows.push(row);
        table.used.add(j);
      }
      if (table.rows.length) tables.push(table);
      i = j - 1;
      continue;
    }
    // A Word file: one line per cell.
    const roles: ColumnRole[] = [];
    for (let k = i; k < paragraphs.length; k++) {
      const r = roleOf(paragraphs[k]!);
      if (!r) break;
      roles.push(r);
    }
    if (!isHeader(roles)) continue;
    const table: TaskTable = { rows: [], used: new Set(roles.map((_r, k) => i + k)) };
    let j = i + roles.length;
    let expected = 1;
    while (j < paragraphs.length && paragraphs[j] === String(expected)) {
      // A row runs to the next row's number; a cell of several paragraphs makes the task longer.
      let end = j + 1;
      while (end < paragraphs.length && end - j < roles.length) end++;
      let next = end;
      while (next < paragraphs.length && paragraphs[next] !== String(expected + 1) && next - j < roles.length * 3) next++;
      const lines = paragraphs.slice(j, paragraphs[next] === String(expected + 1) ? next : end);
      const extra = lines.length - roles.length;
      const t = roles.indexOf('task');
      const cells = extra > 0 ? [...lines.slice(0, t), lines.slice(t, t + extra + 1).join(''), ...lines.slice(t + extra + 1)] : lines;
      const row = cells.length === roles.length ? toRow(roles, cells, j) : null;
      if (!row) break;
      table.rows.push(row);
      for (let k = j; k < j + lines.length; k++) table.used.add(k);
      j += lines.length;
      expected++;
    }
    if (table.rows.length) tables.push(table);
    i = j - 1;
  }
  return tables;
}
