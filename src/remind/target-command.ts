import type { ChatCommand, CommandCaller } from '../chat/ports.js';
import { daysBetween, parseTypedDate, weekdayName } from './calendar.js';
import { todayOf, type RemindContext } from './context.js';
import { isCoordinator, refusal } from './coordinators.js';
import { COORDINATOR_ID, normalizeTargetId, PLAN_ID } from './targets.js';

const ADD_FORM = '/target add 2026-12-15 全区新增AED 300台 负责:医政科';
const MAX_TEXT = 200;

export const TARGET_HELP = [
  '目标管理(仅协调员):',
  `${ADD_FORM} — 添加目标(日期也可写 2026年12月15日;“负责:”后列责任单位,可省略)`,
  '/target list — 协调员添加的目标及完成情况',
  '/target done 编号 — 标记完成(文件目标和协调员目标都可以;编号见 /remind 列表)',
  '/target undo 编号 — 撤销完成标记',
  '/target rm 编号 — 删除协调员添加的目标',
].join('\n');

const ACTIONS: Record<string, 'add' | 'list' | 'done' | 'undo' | 'rm' | 'help'> = {
  add: 'add',
  添加: 'add',
  新增: 'add',
  加: 'add',
  list: 'list',
  ls: 'list',
  列表: 'list',
  清单: 'list',
  done: 'done',
  完成: 'done',
  undo: 'undo',
  撤销: 'undo',
  恢复: 'undo',
  rm: 'rm',
  remove: 'rm',
  delete: 'rm',
  删除: 'rm',
  删: 'rm',
  help: 'help',
  帮助: 'help',
};

/** Who makes a change, wherever it comes from (a chat, the web view): what the audit line and the marks record. */
export type Actor = Pick<CommandCaller, 'userId' | 'userName' | 'roomId'> & { via?: string };

const UNITS_PART = /(?:负责|责任单位|责任科室|责任)\s*[::]\s*(.*)$/;

function when(deadline: string, today: string): string {
  const d = daysBetween(today, deadline);
  return d >= 0 ? `还有 ${d} 天` : `已过期 ${-d} 天`;
}

export async function add(ctx: RemindContext, rest: string, caller: Actor): Promise<string> {
  const rightForm = `正确格式:${ADD_FORM}`;
  const [dateWord = '', ...words] = rest.split(/\s+/).filter(Boolean);
  if (!dateWord) return `缺少期限和内容。\n${rightForm}`;
  const deadline = parseTypedDate(dateWord);
  if (!deadline) return `“${dateWord}”不是有效日期:第一项应是期限,如 2026-12-15 或 2026年12月15日。\n${rightForm}`;
  let text = words.join(' ');
  let units: string[] = [];
  const u = UNITS_PART.exec(text);
  if (u) {
    units = [
      ...new Set(
        u[1]!
          .split(/[、,,;;\s]+/)
          .map((x) => x.trim())
          .filter(Boolean),
      ),
    ];
    if (units.length === 0) return `“负责:”后面缺少责任单位。\n${rightForm}`;
    text = text.slice(0, u.index).trim();
  }
  if (!text) return `缺少目标内容(要做成什么)。\n${rightForm}`;
  if (text.length > MAX_TEXT) return `目标内容太长(${text.length} 字),请控制在 ${MAX_TEXT} 字以内。`;
  const target = await ctx.tables.addCoordinatorTarget({
    text,
    deadline,
    units,
    addedBy: caller.userId,
    addedByName: caller.userName,
    addedAt: new Date(ctx.clock.now()).toISOString(),
    roomId: caller.roomId ?? null,
  });
  ctx.log.info({ module: 'remind', target: target.id, deadline, by: caller.userId, via: caller.via ?? 'chat' }, 'coordinator target added');
  const today = todayOf(ctx);
  const past = deadline < today ? '\n注意:这个期限已经过了,它会出现在 /remind 逾期 里。' : '';
  return `已添加目标 ${target.id}:${text}\n期限:${deadline} ${weekdayName(deadline)}(${when(deadline, today)})· 责任:${units.length ? units.join('、') : '未指定'}${past}`;
}

async function list(ctx: RemindContext): Promise<string> {
  const [mine, marks] = await Promise.all([ctx.tables.coordinatorTargets(), ctx.tables.doneMarks()]);
  const doneBy = new Map(marks.map((m) => [m.targetId, m]));
  const today = todayOf(ctx);
  const lines: string[] = [];
  if (mine.length === 0) lines.push(`还没有协调员添加的目标。添加:${ADD_FORM}`);
  else lines.push(`协调员添加的目标 ${mine.length} 项:`);
  for (const t of [...mine].sort((a, b) => a.deadline.localeCompare(b.deadline))) {
    const mark = doneBy.get(t.id);
    const status = mark ? `已完成(${mark.doneByName} ${mark.doneAt.slice(0, 10)})` : when(t.deadline, today);
    lines.push(`· ${t.id} ${t.deadline} ${t.text} · 责任:${t.units.length ? t.units.join('、') : '未指定'} · ${status} · ${t.addedByName} 添加`);
  }
  const planDone = marks.filter((m) => PLAN_ID.test(m.targetId));
  if (planDone.length) lines.push(`已标记完成的文件目标 ${planDone.length} 项:${planDone.map((m) => m.targetId).join('、')}(撤销:/target undo 编号)`);
  return lines.join('\n');
}

function badId(typed: string | undefined, action: string): string | null {
  if (!typed) return `缺少编号。格式:/target ${action} 编号(编号见 /remind 或 /target list 的列表,如 p3fa9c1、c2)`;
  const id = normalizeTargetId(typed);
  if (!PLAN_ID.test(id) && !COORDINATOR_ID.test(id)) return `“${typed}”不是目标编号:编号形如 p3fa9c1(文件目标)或 c2(协调员目标),见 /remind 的列表。`;
  return null;
}

export async function done(ctx: RemindContext, typed: string | undefined, caller: Actor): Promise<string> {
  const bad = badId(typed, 'done');
  if (bad) return bad;
  const id = normalizeTargetId(typed!);
  const target = await ctx.book.find(id);
  if (!target) return `没有编号为“${typed}”的目标。编号见 /remind 或 /target list 的列表。`;
  const fresh = await ctx.tables.markDone({
    targetId: id,
    doneBy: caller.userId,
    doneByName: caller.userName,
    doneAt: new Date(ctx.clock.now()).toISOString(),
  });
  if (!fresh) return `目标 ${id} 已经标记为完成。`;
  ctx.log.info({ module: 'remind', target: id, by: caller.userId, via: caller.via ?? 'chat' }, 'target marked done');
  return `已标记完成:${id} ${target.cite ? `${target.cite}:` : ''}${target.text}。它不再出现在到期提醒和逾期列表里(撤销:/target undo ${id})。`;
}

export async function undo(ctx: RemindContext, typed: string | undefined, caller?: Actor): Promise<string> {
  const bad = badId(typed, 'undo');
  if (bad) return bad;
  const id = normalizeTargetId(typed!);
  if (!(await ctx.tables.unmarkDone(id))) return `目标“${typed}”没有完成标记。`;
  ctx.log.info({ module: 'remind', target: id, by: caller?.userId, via: caller?.via ?? 'chat' }, 'target done mark removed');
  return `已撤销 ${id} 的完成标记。`;
}

async function remove(ctx: RemindContext, typed: string | undefined, caller: CommandCaller): Promise<string> {
  const bad = badId(typed, 'rm');
  if (bad) return bad;
  const id = normalizeTargetId(typed!);
  if (PLAN_ID.test(id)) return `${id} 是计划文件里的目标,不能删除;已完成的请用 /target done ${id}。`;
  if (!(await ctx.tables.removeCoordinatorTarget(id, caller.userId, new Date(ctx.clock.now()).toISOString())))
    return `没有编号为“${typed}”的协调员目标。发送 /target list 查看。`;
  ctx.log.info({ module: 'remind', target: id, by: caller.userId }, 'coordinator target removed');
  return `已删除目标 ${id}。`;
}

export function targetCommand(ctx: RemindContext): ChatCommand {
  return {
    names: ['target', '目标'],
    summary: '/target（目标） add 2026-12-15 内容 负责:单位：协调员管理目标；list、done 编号、undo 编号、rm 编号',
    async run(args, caller) {
      const text = args.normalize('NFKC').trim();
      const [word = '', ...rest] = text.split(/\s+/);
      const action = ACTIONS[word.toLowerCase()];
      if (!action || action === 'help') return word && !action ? `不认识“${word}”。\n${TARGET_HELP}` : TARGET_HELP;
      if (!isCoordinator(ctx.config.COORDINATORS, caller)) return refusal(ctx.config.COORDINATORS, '管理目标(添加、查看、完成、删除)');
      switch (action) {
        case 'add':
          return add(ctx, rest.join(' '), caller);
        case 'list':
          return list(ctx);
        case 'done':
          return done(ctx, rest[0], caller);
        case 'undo':
          return undo(ctx, rest[0], caller);
        case 'rm':
          return remove(ctx, rest[0], caller);
      }
    },
  };
}
