import type { ChatCommand, CommandCaller } from '../chat/ports.js';
import { dateInZone, isIsoDate, timeInZone, weekdayName } from './calendar.js';
import { todayOf, type RemindContext } from './context.js';
import { isCoordinator, refusal } from './coordinators.js';
import { formatTargets } from './format.js';
import { onlyPastPlansLine, replayDate } from './policy.js';
import { nextSlot, parseSchedule, SCHEDULE_FORMS } from './schedule.js';
import { maskWebhook, type Subscription } from './subscription.js';
import type { UnitFilter } from './target-book.js';
import { checkWebhookUrl } from './webhook.js';

export const DEFAULT_WITHIN_DAYS = 30;
export const MAX_WITHIN_DAYS = 3660;
/** A chat reply lists at most this many targets; the rest is a count and a hint to narrow the list. */
const MAX_CHAT_TARGETS = 30;
/** Enough for a daily, a weekly and a few unit digests; more is a mistake or abuse. */
const MAX_SUBSCRIPTIONS_PER_ROOM = 10;

const SUBSCRIBE_FORM = '/remind 订阅 每周一 9:00 [30天] [静默] [单位:医政科] [webhook 地址]';

export const REMIND_HELP = [
  '/remind — 未来 30 天内到期的目标',
  '/remind 60 — 未来 60 天内',
  '/remind 医政科 — 只看某单位(可与天数同用:/remind 医政 60)',
  '/remind 逾期 — 已过期限、未标记完成的目标(逾期 30 天内,可由 OVERDUE_DAYS 调整)',
  '/remind 2022 — 回看往年计划(按当年 12 月 1 日计;也可写日期 /remind 2022-06-01)',
  `${SUBSCRIBE_FORM} — 定时推送(协调员)`,
  '/remind 退订 [订阅编号] — 取消本群的定时推送(协调员)',
  '/remind 订阅列表 [全部] — 本群的定时推送;协调员还会看到群已找不到的订阅,加“全部”看所有群的',
].join('\n');

const WINDOW = /^(\d+)天?内?$/;
/** `/remind 2022` replays a plan year; `2022天` is still a window. */
const YEAR = /^(20\d\d)年?$/;
const DATE = /^(20\d\d)-(\d\d)-(\d\d)$/;
/** Room for the header and closing lines around a listing within one chat message. */
const MESSAGE_MARGIN = 200;
/** Below WeCom's 2048-byte text limit for Chinese text (3 bytes a character) even when MAX_MESSAGE_CHARS is higher. */
const DEFAULT_LISTING_CHARS = 1800;
const OVERDUE = /^(?:逾期|过期|已逾期|overdue)$/i;

function unknownUnit(f: Extract<UnitFilter, { ok: false }>): string {
  const known = f.known.length
    ? `有目标的单位:${f.known.slice(0, 30).join('、')}${f.known.length > 30 ? ` 等 ${f.known.length} 个` : ''}`
    : '目前没有任何目标列出责任单位。';
  return `没有找到单位“${f.query}”。${known}`;
}

function scopeOf(f: UnitFilter): string {
  return f.ok && f.units ? `(${f.units.join('、')})` : '';
}

function listingChars(ctx: RemindContext): number {
  return Math.max(300, Math.min(ctx.config.MAX_MESSAGE_CHARS ?? DEFAULT_LISTING_CHARS, DEFAULT_LISTING_CHARS) - MESSAGE_MARGIN);
}

function webLink(ctx: RemindContext, path: string): string {
  return ctx.webUrl ? `${ctx.webUrl.replace(/\/$/, '')}${path}` : '';
}

async function listing(ctx: RemindContext, args: string[]): Promise<string> {
  let within: number | undefined;
  let overdue = false;
  let replay: string | undefined;
  const unitWords: string[] = [];
  for (const a of args) {
    const y = YEAR.exec(a);
    const d = DATE.exec(a);
    const w = WINDOW.exec(a);
    if (y && replay === undefined) replay = replayDate(Number(y[1]), todayOf(ctx));
    else if (d && replay === undefined && isIsoDate(a)) replay = a;
    else if (w) {
      const n = Number(w[1]);
      if (within !== undefined || n > MAX_WITHIN_DAYS) return `天数“${a}”不对:请写 0 到 ${MAX_WITHIN_DAYS} 之间的一个数,如 /remind 60`;
      within = n;
    } else if (OVERDUE.test(a)) overdue = true;
    else unitWords.push(a);
  }
  const unit = unitWords.length ? unitWords.join('') : undefined;
  const today = replay ?? todayOf(ctx);
  const asOf = replay ? `(回看:按 ${today} 计)` : '';
  const maxChars = listingChars(ctx);

  if (overdue) {
    const { targets, filter, archived } = await ctx.book.overdue({ today, unit });
    if (!filter.ok) return unknownUnit(filter);
    const days = ctx.book.policy.overdueDays;
    const older = archived.longOverdue
      ? `逾期超过 ${days} 天的 ${archived.longOverdue} 项不再提醒${ctx.webUrl ? `,见 ${webLink(ctx, `/due?today=${today}`)}` : ''}。`
      : '';
    if (!archived.activePlans && targets.length === 0 && archived.years.length) return onlyPastPlansLine(archived.years);
    if (targets.length === 0) return `没有逾期 ${days} 天内、未标记完成的目标${scopeOf(filter)}${asOf}。${older}`;
    const link = webLink(ctx, `/due?today=${today}`);
    const body = formatTargets(targets, {
      style: 'text',
      today,
      maxTargets: MAX_CHAT_TARGETS,
      maxChars,
      moreHint: `可加单位名缩小范围,如 /remind 逾期 医政科${link ? `;全部见 ${link}` : ''}。`,
    });
    return `逾期 ${days} 天内、未标记完成的目标 ${targets.length} 项${scopeOf(filter)}(今天 ${today}${replay ? ',回看' : ''}):\n${body}\n${older}已完成的请协调员发送 /target done 编号。`;
  }

  const days = within ?? DEFAULT_WITHIN_DAYS;
  const { list, filter, archived } = await ctx.book.due({ today, within: days, unit });
  if (!filter.ok) return unknownUnit(filter);
  const pastOnly = !archived.activePlans && archived.years.length > 0;
  const late = (await ctx.book.overdue({ today, unit })).targets.length;
  // Nothing of this year at all: one line that says why and how to look back, not an empty listing.
  if (pastOnly && list.targets.length === 0 && late === 0 && unit === undefined) return onlyPastPlansLine(archived.years);
  const lateLine = late ? `\n另有 ${late} 项已过期限、未标记完成:/remind 逾期${unit ? ` ${unit}` : ''}${replay ? ` ${today}` : ''}` : '';
  const pastLine = pastOnly ? `\n${onlyPastPlansLine(archived.years)}` : '';
  if (list.targets.length === 0) return `未来 ${days} 天内(${today} 至 ${list.until})没有到期的目标${scopeOf(filter)}${asOf}。${lateLine}${pastLine}`;
  const link = webLink(ctx, `/due?today=${today}`);
  const body = formatTargets(list.targets, {
    style: 'text',
    today,
    maxTargets: MAX_CHAT_TARGETS,
    maxChars,
    moreHint: `可加单位名或缩短天数,如 /remind 医政科、/remind 7${link ? `;全部见 ${link}` : ''}。`,
  });
  return `未来 ${days} 天内(${today} 至 ${list.until})到期的目标 ${list.targets.length} 项${scopeOf(filter)}${asOf}:\n${body}${lateLine}${pastLine}`;
}

function roomKey(caller: CommandCaller): string {
  return caller.roomId ?? `private:${caller.userId}`;
}

function describe(ctx: RemindContext, s: Subscription): string {
  const parts = [`${s.id} · ${s.label} · 未来 ${s.withinDays} 天`];
  if (s.unit) parts.push(`单位:${s.unit}`);
  if (s.quiet) parts.push('无到期时不发');
  if (s.webhook) parts.push(`经群机器人 ${maskWebhook(s.webhook)}`);
  const next = safeNext(s.cron, ctx.config.TZ, ctx.clock.now());
  if (next !== null) parts.push(`下次 ${formatInstant(next, ctx.config.TZ)}`);
  parts.push(`由 ${s.createdByName} 订阅`);
  return parts.join(' · ');
}

function safeNext(cron: string, tz: string, from: number): number | null {
  try {
    return nextSlot(cron, tz, from);
  } catch {
    return null;
  }
}

function formatInstant(ms: number, tz: string): string {
  const d = dateInZone(ms, tz);
  return `${d} ${weekdayName(d)} ${timeInZone(ms, tz)}`;
}

interface SubscribeRequest {
  schedule: string;
  within: number;
  quiet: boolean;
  unit: string | null;
  webhook: string | null;
}

/** Picks the options out of `/remind 订阅 …`; what is left is the schedule. */
function parseSubscribe(text: string): SubscribeRequest | { error: string } {
  let rest = ` ${text.normalize('NFKC')} `;
  const take = (re: RegExp) => {
    const m = re.exec(rest);
    if (m) rest = rest.slice(0, m.index) + ' ' + rest.slice(m.index + m[0].length);
    return m;
  };
  let webhook: string | null = null;
  const url = take(/\s(https?:\/\/\S+)/i);
  if (url) {
    const checked = checkWebhookUrl(url[1]!);
    if (!checked.ok) return { error: checked.error };
    webhook = checked.url;
  }
  const unitMatch = take(/\s(?:单位|负责|责任单位)\s*:\s*(\S+)/);
  const quiet = take(/\s(?:静默|安静|无则不发|没有就不发|quiet)(?=\s)/i) !== null;
  let within = DEFAULT_WITHIN_DAYS;
  const w = take(/\s(\d+)\s*天内?(?=\s)/);
  if (w) {
    within = Number(w[1]);
    if (within < 1 || within > MAX_WITHIN_DAYS) return { error: `天数 ${w[1]} 不对:请写 1 到 ${MAX_WITHIN_DAYS}` };
  }
  return { schedule: rest.trim(), within, quiet, unit: unitMatch?.[1] ?? null, webhook };
}

async function subscribe(ctx: RemindContext, text: string, caller: CommandCaller): Promise<string> {
  if (!isCoordinator(ctx.config.COORDINATORS, caller)) return refusal(ctx.config.COORDINATORS, '订阅定时推送');
  const rightForm = `正确格式:${SUBSCRIBE_FORM}\n时间可写:${SCHEDULE_FORMS}`;
  const req = parseSubscribe(text);
  if ('error' in req) return `${req.error}\n${rightForm}`;
  if (!req.schedule) return `缺少推送时间。\n${rightForm}`;
  const parsed = parseSchedule(req.schedule, ctx.config.TZ);
  if (!parsed.ok) return `${parsed.error}。\n${rightForm}`;
  if (!caller.roomId && !req.webhook) return '私聊里没有可推送的群:请在要接收推送的群里订阅,或附上群机器人 webhook 地址。';

  const room = roomKey(caller);
  const existing = (await ctx.tables.subscriptions()).filter((s) => s.roomId === room);
  if (existing.length >= MAX_SUBSCRIPTIONS_PER_ROOM) return `本群已有 ${existing.length} 个定时推送,已达上限;请先用 /remind 退订 编号 取消不用的。`;
  const sub = await ctx.tables.addSubscription({
    roomId: room,
    roomTopic: caller.roomTopic ?? null,
    channel: caller.channel,
    label: parsed.schedule.label,
    cron: parsed.schedule.cron,
    withinDays: req.within,
    unit: req.unit,
    webhook: req.webhook,
    quiet: req.quiet,
    createdBy: caller.userId,
    createdByName: caller.userName,
    createdAt: ctx.clock.now(),
    lastSlot: null,
  });
  ctx.log.info({ module: 'remind', subscription: sub.id, room, label: sub.label, by: caller.userId }, 'digest subscription added');
  await ctx.onSubscriptionsChanged();
  const next = safeNext(sub.cron, ctx.config.TZ, ctx.clock.now());
  const unitKnown = sub.unit === null || ctx.book.unitFilter(sub.unit, await ctx.book.all()).ok;
  return [
    `已订阅(编号 ${sub.id}):${sub.label} 推送未来 ${sub.withinDays} 天内到期的目标${sub.unit ? `(单位:${sub.unit})` : ''}。`,
    next !== null ? `下次推送:${formatInstant(next, ctx.config.TZ)}(${ctx.config.TZ})。` : '',
    sub.quiet ? '没有到期目标时不推送。' : '没有到期目标时也会说一声。',
    sub.webhook ? `经群机器人推送:${maskWebhook(sub.webhook)}` : '',
    unitKnown ? '' : `注意:目前没有单位“${sub.unit}”的目标;导入的新计划里有它时会自动列入。`,
  ]
    .filter(Boolean)
    .join('\n');
}

async function unsubscribe(ctx: RemindContext, args: string[], caller: CommandCaller): Promise<string> {
  if (!isCoordinator(ctx.config.COORDINATORS, caller)) return refusal(ctx.config.COORDINATORS, '取消定时推送');
  const all = await ctx.tables.subscriptions();
  const id = args[0]?.normalize('NFKC').toLowerCase();
  const chosen = id ? all.filter((s) => s.id === id) : all.filter((s) => s.roomId === roomKey(caller));
  if (id && chosen.length === 0) return `没有编号为“${args[0]}”的订阅。发送 /remind 订阅列表 查看。`;
  if (chosen.length === 0) return '本群没有定时推送。';
  for (const s of chosen) await ctx.tables.removeSubscription(s.id);
  ctx.log.info({ module: 'remind', removed: chosen.map((s) => s.id), by: caller.userId }, 'digest subscriptions removed');
  await ctx.onSubscriptionsChanged();
  return `已取消 ${chosen.length} 个定时推送:${chosen.map((s) => `${s.id}(${s.label})`).join('、')}。`;
}

/**
 * A subscription whose room no chat channel reaches any more: the room was left or dissolved, or the
 * platform gave it a new id (web-protocol logins do). A webhook subscription never needs its room.
 */
async function isOrphan(ctx: RemindContext, s: Subscription): Promise<boolean> {
  if (s.webhook) return false;
  return (await ctx.reachesRoom(s.roomId)) === false;
}

/**
 * `/remind 订阅列表`: this room's digests. A coordinator also sees every orphaned subscription (whatever
 * room it was made in: an orphan belongs to no room that can still ask), and with `全部` every subscription;
 * in a private chat a coordinator sees all of them. Orphans are marked and say how to remove them.
 */
async function subscriptionList(ctx: RemindContext, args: string[], caller: CommandCaller): Promise<string> {
  const all = await ctx.tables.subscriptions();
  const coordinator = isCoordinator(ctx.config.COORDINATORS, caller);
  const everything = coordinator && (!caller.roomId || /^(?:全部|所有|all)$/i.test(args[0] ?? ''));
  const orphans = new Set<string>();
  if (coordinator) for (const s of all) if (await isOrphan(ctx, s)) orphans.add(s.id);
  const here = (s: Subscription) => s.roomId === roomKey(caller);
  const shown = all.filter((s) => everything || here(s) || orphans.has(s.id));
  if (shown.length === 0) return `${caller.roomId ? '本群' : '这里'}没有定时推送。订阅:${SUBSCRIBE_FORM}`;
  const line = (s: Subscription) => {
    const where = here(s) && caller.roomId ? '' : `(${s.roomTopic ?? s.roomId})`;
    const orphan = orphans.has(s.id) ? ` ⚠ 群已找不到(${s.roomId}),不会送达:/remind 退订 ${s.id} 可取消` : '';
    return `· ${describe(ctx, s)}${where}${orphan}`;
  };
  const header = orphans.size ? `定时推送 ${shown.length} 个,其中 ${orphans.size} 个的群已找不到:` : `定时推送 ${shown.length} 个:`;
  return [header, ...shown.map(line)].join('\n');
}

export function remindCommand(ctx: RemindContext): ChatCommand {
  return {
    names: ['remind', '提醒'],
    summary: '/remind（提醒） 60 医政科：将到期的目标；/remind 逾期、订阅 每周一 9:00、退订、订阅列表',
    async run(args, caller) {
      const words = args.normalize('NFKC').trim().split(/\s+/).filter(Boolean);
      const [first = '', ...rest] = words;
      if (/^(?:帮助|help|\?)$/i.test(first)) return REMIND_HELP;
      if (/^(?:订阅|subscribe)$/i.test(first)) return subscribe(ctx, rest.join(' '), caller);
      if (/^(?:退订|取消订阅|unsubscribe)$/i.test(first)) return unsubscribe(ctx, rest, caller);
      if (/^(?:订阅列表|订阅清单|subscriptions)$/i.test(first)) return subscriptionList(ctx, rest, caller);
      return listing(ctx, words);
    },
  };
}
