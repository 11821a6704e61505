import { unitRoles } from '../items/index.js';
import { daysBetween, weekdayName } from './calendar.js';
import type { RemindTarget } from './targets.js';

/** Chat replies are plain text; WeCom group-robot webhooks render markdown. */
export type Style = 'text' | 'markdown';

export const PLAN_YEAR_NOTE = '未写明期限,按计划年度末计';

export interface ListingOptions {
  style: Style;
  today: string;
  /** Longer lists are cut after this many targets, with `moreHint` saying how to narrow them. */
  maxTargets?: number;
  moreHint?: string;
  /** Longer lists are cut where the text would pass this many characters (one chat message), the rest counted. */
  maxChars?: number;
}

function when(deadline: string, today: string): string {
  const days = daysBetween(today, deadline);
  if (days === 0) return '今天到期';
  if (days === 1) return '明天到期';
  if (days > 0) return `还有 ${days} 天`;
  return `已逾期 ${-days} 天`;
}

function what(t: RemindTarget): string {
  const source = t.source === 'plan' ? `${t.cite}:` : `协调员目标${t.addedByName ? `(${t.addedByName} 添加)` : ''}:`;
  const period =
    t.deadlineSource === 'plan-year' ? `(${PLAN_YEAR_NOTE})` : t.deadlineText && !t.text.includes(t.deadlineText) ? `(期限:${t.deadlineText})` : '';
  return `${source}${t.text}${period}`;
}

function who(t: RemindTarget): string {
  if (t.units.length === 0) return '责任:文件未列明';
  const { leads, partners } = unitRoles(t);
  if (leads.length === 0) return `责任:${t.units.join('、')}`;
  return `责任:牵头 ${leads.join('、')}${partners.length ? `;配合 ${partners.join('、')}` : ''}`;
}

/**
 * One clause with several numbers ("20个优势专科、21个优势病种、40个优势专技") is several targets with one
 * text: shown once, with all their ids, instead of three identical lines.
 */
function sameLine(a: RemindTarget, b: RemindTarget): boolean {
  return a.deadline === b.deadline && a.source === b.source && a.itemId === b.itemId && a.text === b.text && a.deadlineSource === b.deadlineSource;
}

/** Targets grouped by deadline, in the order given; each with its citation, clause, units and id. */
export function formatTargets(targets: readonly RemindTarget[], o: ListingOptions): string {
  const max = o.maxTargets ?? Infinity;
  const maxChars = o.maxChars ?? Infinity;
  const lines: string[] = [];
  let chars = 0;
  let deadline: string | undefined;
  let shown = 0;
  for (let i = 0; i < targets.length && shown < max;) {
    const t = targets[i]!;
    const ids = [t.id];
    let j = i + 1;
    for (; j < targets.length && sameLine(t, targets[j]!); j++) ids.push(targets[j]!.id);
    const block: string[] = [];
    if (t.deadline !== deadline) {
      const head = `${t.deadline} ${weekdayName(t.deadline)} · ${when(t.deadline, o.today)}`;
      block.push(o.style === 'markdown' ? `**${head}**` : `【${head}】`);
    }
    if (o.style === 'markdown') block.push(`> ${what(t)}`, `> ${who(t)} · 编号 ${ids.map((id) => `\`${id}\``).join('、')}`);
    else block.push(`· ${what(t)}`, `  ${who(t)} · 编号 ${ids.join('、')}`);
    const size = block.reduce((n, l) => n + l.length + 1, 0);
    // The first target is always shown, however long: a count alone would tell nobody what is due.
    if (shown > 0 && chars + size > maxChars) break;
    chars += size;
    lines.push(...block);
    deadline = t.deadline;
    shown += ids.length;
    i = j;
  }
  const omitted = targets.length - shown;
  if (omitted > 0) lines.push(`……另有 ${omitted} 项未列出。${o.moreHint ?? ''}`.trimEnd());
  return lines.join('\n');
}
