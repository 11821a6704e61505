import { formatTargets, type Style } from './format.js';
import { onlyPastPlansLine } from './policy.js';
import type { Subscription } from './subscription.js';
import type { TargetBook } from './target-book.js';

/** How many targets one digest lists before it points to /remind for the rest. */
export const DIGEST_MAX_TARGETS = 40;

/**
 * The digest text for one subscription on `today`, or null when there is nothing to say and the
 * subscription asked for silence. An empty digest still says so in one line: silence could mean a broken bot.
 */
export async function buildDigest(book: TargetBook, sub: Subscription, today: string, style: Style): Promise<string | null> {
  return (await buildDigestWithTargets(book, sub, today, style))?.text ?? null;
}

/** The digest and the ids of the targets it lists, in its order (a chat card offers a done button for them). */
export async function buildDigestWithTargets(
  book: TargetBook,
  sub: Subscription,
  today: string,
  style: Style,
): Promise<{ text: string; targetIds: string[] } | null> {
  const unit = sub.unit ?? undefined;
  const { list, filter, archived } = await book.due({ today, within: sub.withinDays, unit });
  const { targets: overdue } = await book.overdue({ today, unit });
  const scope = filter.ok && filter.units ? `(${filter.units.join('、')})` : unit ? `(${unit})` : '';
  const overdueLine = overdue.length ? `另有 ${overdue.length} 项已过期限、未标记完成,发送 /remind 逾期 查看。` : '';
  if (list.targets.length === 0) {
    if (sub.quiet) return null;
    // Said every time: a room that hears "nothing due" for months should learn why.
    const pastOnly = !archived.activePlans && archived.years.length ? onlyPastPlansLine(archived.years) : '';
    return { text: `未来 ${sub.withinDays} 天内(至 ${list.until})没有到期的目标${scope}。${overdueLine}${pastOnly}`, targetIds: [] };
  }
  const title = `到期提醒${scope}:未来 ${sub.withinDays} 天内(${list.today} 至 ${list.until})到期 ${list.targets.length} 项`;
  const body = formatTargets(list.targets, {
    style,
    today,
    maxTargets: DIGEST_MAX_TARGETS,
    moreHint: '发送 /remind 单位名 可按单位查看。',
  });
  return {
    text: [style === 'markdown' ? `### ${title}` : title, body, overdueLine].filter(Boolean).join('\n'),
    targetIds: list.targets.slice(0, DIGEST_MAX_TARGETS).map((t) => t.id),
  };
}
