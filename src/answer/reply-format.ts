import type { PlanDocument, PlanItem } from '../items/index.js';

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

export function unitsLine(item: PlanItem): string | null {
  return item.units.length ? `责任单位:${item.units.join('、')}` : null;
}

export function evidenceBlock(item: PlanItem, sentences: string[], lead?: string): string {
  const quote = sentences.join('');
  const lines = [lead ? `${lead}${quote}` : quote, citationLine(item), unitsLine(item)];
  return lines.filter((l): l is string => !!l).join('\n');
}

/** The region a reader knows the document by, with its year when several plans share a region. */
export function sourceName(item: PlanItem): string {
  return item.region === '未知地区' ? item.docTitle : `${item.region}${item.year}年`;
}

export function notFoundReply(documents: PlanDocument[], hint?: string): string {
  const list = documents.map((d) => `《${d.title}》`).join('、');
  return [
    `没有在已收录的工作要点中找到能回答这个问题的条目${hint ? `(${hint})` : ''}。`,
    documents.length ? `目前收录:${list}。` : '目前还没有收录任何工作要点。',
    '可以换个说法,带上地区、年份或科室名称再问;发送 /help 查看用法。',
  ].join('\n');
}

export function unitListingReply(unit: string, items: PlanItem[]): string {
  const byDoc = new Map<string, PlanItem[]>();
  for (const i of items) byDoc.set(i.docTitle, [...(byDoc.get(i.docTitle) ?? []), i]);
  const blocks = [...byDoc].map(([title, list]) => [`《${title}》`, ...list.map((i) => `${labelForList(i)} ${i.title}`)].join('\n'));
  return [`${unit}作为责任单位的工作要点共${items.length}条:`, ...blocks].join('\n\n');
}

function labelForList(item: PlanItem): string {
  return /^\d+$/.test(item.label) ? `第${item.label}条` : item.label;
}

export function fullItemReply(item: PlanItem): string {
  const lines = [`${item.cite}「${item.title}」`, item.text, unitsLine(item)];
  const explicit = item.targets.filter((t) => t.deadlineSource === 'explicit');
  if (explicit.length) lines.push(`期限:${[...new Set(explicit.map((t) => `${t.deadlineText}(${t.deadline})`))].join('、')}`);
  return lines.filter((l): l is string => !!l).join('\n');
}
