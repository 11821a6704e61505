import { leadUnitsOf, unitRoleLines, type PlanDocument, type PlanItem } from '../items/index.js';
import type { Role } from '../query/index.js';

/**
 * The formatter owns everything a user acts on: citations and responsible units are always printed from the
 * stored item, never from generated text. Replies are plain text (WeChat shows no Markdown), one block per
 * item, blocks separated by a blank line so the chat layer can split between them.
 */

export function citationLine(item: PlanItem): string {
  // A PDF's page helps a reader find the item in the printed plan; text and Word files have no pages.
  const page = item.source?.page ? `(第${item.source.page}页)` : '';
  return `依据:${item.cite}「${item.title}」${page}`;
}

/** The units of an item as a reply prints them (see unitRoleLines). */
export const unitsLines = (item: PlanItem): string[] => unitRoleLines(item);

export function evidenceBlock(item: PlanItem, sentences: string[], opts: { lead?: string; unitsFirst?: boolean } = {}): string {
  const quote = sentences.join('');
  const body = opts.lead ? `${opts.lead}${quote}` : quote;
  // Asked who is responsible, an item that names no unit must say so rather than leave the question open.
  const units = unitsLines(item).length || !opts.unitsFirst ? unitsLines(item) : ['(该条未列明责任单位)'];
  const lines = opts.unitsFirst && units.length ? [...units, body, citationLine(item)] : [body, citationLine(item), ...units];
  return lines.filter(Boolean).join('\n');
}

/**
 * The name a reader knows the document by, with its year. A review paragraph is named by the year it looks back
 * on (东莞2017年回顾), not by the plan year it is printed in.
 */
export function sourceName(item: PlanItem): string {
  if (item.region === '未知地区') return item.docTitle;
  return item.kind === 'review' ? `${item.region}${item.year - 1}年回顾` : `${item.region}${item.year}年`;
}

/** "今年" asked while the newest plan is older: which plan the reply answers from. */
export function newestPlanNote(years: number[], documents: PlanDocument[]): string {
  const older = documents.filter((d) => years.some((y) => d.year < y));
  if (older.length === 0) return '';
  return `还没有收录${years.map((y) => `${y}年`).join('、')}的工作要点,以下依据最新收录的${older.map((d) => `《${d.title}》`).join('、')}:`;
}

export function notFoundReply(documents: PlanDocument[], hint?: string): string {
  const list = documents.map((d) => `《${d.title}》`).join('、');
  return [
    `没有在已收录的工作要点中找到能回答这个问题的条目${hint ? `(${hint})` : ''}。`,
    documents.length ? `目前收录:${list}。` : '目前还没有收录任何工作要点。',
    '可以换个说法,带上地区、年份或科室名称再问;发送 /help 查看用法。',
  ].join('\n');
}

export interface ListingOptions {
  role?: Role;
  /** The units asked about, to mark each item's role in the list. */
  units?: string[];
  /** Documents that mark no lead units: the role asked cannot be told apart there. */
  rolesUnmarked?: PlanDocument[];
}

export function unitListingReply(unit: string, items: PlanItem[], opts: ListingOptions = {}): string {
  const role = opts.role ?? 'any';
  const units = opts.units ?? [unit];
  const byDoc = new Map<string, PlanItem[]>();
  for (const i of items) byDoc.set(i.docTitle, [...(byDoc.get(i.docTitle) ?? []), i]);
  const roleOf = (i: PlanItem) => {
    const leads = leadUnitsOf(i);
    if (leads.length === 0) return '';
    return units.some((u) => leads.includes(u)) ? '(牵头)' : '(配合)';
  };
  const blocks = [...byDoc].map(([title, list]) =>
    [`《${title}》`, ...list.map((i) => `${labelForList(i)} ${i.title}${role === 'any' ? roleOf(i) : ''}`)].join('\n'),
  );
  // Where no listed document marks lead units, the role asked cannot be answered: say what the list is.
  const allUnmarked = role !== 'any' && items.every((i) => (opts.rolesUnmarked ?? []).some((d) => d.id === i.doc));
  const as = allUnmarked || role === 'any' ? '作为责任单位' : role === 'lead' ? '牵头' : '配合';
  const notes =
    (opts.rolesUnmarked ?? []).length && role !== 'any'
      ? [`(${opts.rolesUnmarked!.map((d) => `《${d.title}》`).join('、')}没有区分牵头和配合单位,列出的是${unit}参与的全部条目。)`]
      : [];
  return [`${unit}${as}的工作要点共${items.length}条:`, ...blocks, ...notes].join('\n\n');
}

/** A plan as a whole: its title, how many items, and its parts in order. */
export function overviewReply(documents: PlanDocument[], plans: PlanItem[]): string {
  return documents
    .map((d) => {
      const own = plans.filter((i) => i.doc === d.id);
      const parts = [...new Set(own.map((i) => i.part).filter((p): p is string => !!p))];
      const outline = parts.length
        ? parts.map((p) => `${p}(${own.filter((i) => i.part === p).length}条)`)
        : own.slice(0, 12).map((i) => `${labelForList(i)} ${i.title}`);
      return [`《${d.title}》(${d.region},${d.year}年)共${own.length}条工作要点:`, ...outline, '查看某一条:/item 地区 条目编号'].join('\n');
    })
    .join('\n\n');
}

function labelForList(item: PlanItem): string {
  return /^\d+$/.test(item.label) ? `第${item.label}条` : item.label;
}

export function fullItemReply(item: PlanItem): string {
  const lines = [`${item.cite}「${item.title}」`, item.text, ...unitsLines(item)];
  const explicit = item.targets.filter((t) => t.deadlineSource === 'explicit');
  if (explicit.length) lines.push(`期限:${[...new Set(explicit.map((t) => `${t.deadlineText}(${t.deadline})`))].join('、')}`);
  return lines.filter((l): l is string => !!l).join('\n');
}
