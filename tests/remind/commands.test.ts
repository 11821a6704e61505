import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { silentLogger } from '../../src/log/index.js';
import { createReminders, type Reminders } from '../../src/remind/index.js';
import { coordinatorWarnings, isCoordinator } from '../../src/remind/coordinators.js';
import { RemindTables } from '../../src/remind/tables.js';
import type { CommandCaller } from '../../src/chat/ports.js';
import { ManualClock } from './manual-clock.js';
import { coordinator, member, phrasePlanItems, remindConfig, shanghai, tempDb } from './fixtures.js';

describe('coordinators and their targets', () => {
  let r: Reminders;
  let db: Awaited<ReturnType<typeof tempDb>>;
  const clock = new ManualClock(shanghai('2026-06-01T10:00:00'));
  const remind = (args: string, who: CommandCaller = coordinator) => r.commands.find((c) => c.names.includes('remind'))!.run(args, who);
  const target = (args: string, who: CommandCaller = coordinator) => r.commands.find((c) => c.names.includes('目标'))!.run(args, who);

  beforeAll(async () => {
    db = await tempDb();
    const items = phrasePlanItems();
    r = await createReminders({ config: remindConfig, log: silentLogger, store: { items: () => items, db: db.db }, clock });
  });
  afterAll(() => db.cleanup());

  it('names the commands in English and Chinese', () => {
    expect(r.commands.map((c) => c.names)).toEqual([
      ['remind', '提醒'],
      ['target', '目标'],
    ]);
  });

  it('refuses everyone else, for every change and for the target list', async () => {
    for (const args of ['add 2026-12-15 全区新增AED 300台 负责:医政科', 'list', 'done c1', 'rm c1', 'undo c1']) {
      expect(await target(args, member)).toMatch(/^抱歉,只有协调员可以管理目标/);
    }
    expect(await remind('订阅 每周一 9:00', member)).toMatch(/^抱歉,只有协调员可以订阅定时推送/);
    expect(await remind('退订', member)).toMatch(/^抱歉,只有协调员可以取消定时推送/);
    expect(await r.tables.coordinatorTargets()).toEqual([]);
    expect(await r.tables.subscriptions()).toEqual([]);
  });

  it('refuses a user whose display name equals a coordinator id: an id entry matches ids only', async () => {
    const impostor: CommandCaller = { ...member, userId: 'wxid_mallory', userName: 'wxid_lead' };
    expect(await target('list', impostor)).toMatch(/^抱歉,只有协调员可以管理目标/);
    expect(await remind('订阅 每周一 9:00', impostor)).toMatch(/^抱歉,只有协调员可以订阅定时推送/);
    expect(await remind('退订', impostor)).toMatch(/^抱歉,只有协调员可以取消定时推送/);
    // A name entry without its prefix is an id, so a display name "张主任" does not match a bare "张主任" entry.
    expect(isCoordinator(['张主任'], { userId: 'wxid_x', userName: '张主任' })).toBe(false);
    expect(isCoordinator(['name:张主任'], { userId: 'wxid_x', userName: '张主任' })).toBe(true);
    expect(isCoordinator(['name:张主任'], { userId: 'name:张主任', userName: '' })).toBe(false);
    expect(isCoordinator(['wxid_lead'], { userId: 'wxid_lead', userName: '随便' })).toBe(true);
  });

  it('recognises a coordinator by a name: entry as well as by id, and says when none is configured', async () => {
    const byName = { ...member, userId: 'wxid_other', userName: '张主任' };
    expect(await target('list', byName)).toMatch(/还没有协调员添加的目标/);
    const t = await tempDb();
    const none = await createReminders({ config: { ...remindConfig, COORDINATORS: [] }, log: silentLogger, store: { items: () => [], db: t.db }, clock });
    expect(await none.commands[1]!.run('list', coordinator)).toMatch(/还没有配置协调员\(COORDINATORS\)/);
    t.cleanup();
  });

  it('adds a target with who and when, lists it in /remind, and persists it', async () => {
    const reply = await target('add 2026-12-15 全区新增AED 300台 负责:医政科、急救中心', coordinator);
    expect(reply).toBe('已添加目标 c1:全区新增AED 300台\n期限:2026-12-15 周二(还有 197 天)· 责任:医政科、急救中心');
    const [stored] = await r.tables.coordinatorTargets();
    expect(stored).toEqual({
      id: 'c1',
      text: '全区新增AED 300台',
      deadline: '2026-12-15',
      units: ['医政科', '急救中心'],
      addedBy: 'wxid_lead',
      addedByName: '王协调',
      addedAt: new Date(shanghai('2026-06-01T10:00:00')).toISOString(),
      roomId: 'room-1',
    });
    const due = await remind('200 急救', member);
    expect(due).toContain('【2026-12-15 周二 · 还有 197 天】\n· 协调员目标(王协调 添加):全区新增AED 300台\n  责任:医政科、急救中心 · 编号 c1');
    const reopened = await RemindTables.open(db.db);
    expect((await reopened.coordinatorTargets()).map((t) => t.id)).toEqual(['c1']);
  });

  it('accepts Chinese and slashed dates and full-width text; units are optional', async () => {
    expect(await target('添加 2026年7月1日 完成急救培训1000人次', coordinator)).toMatch(
      /^已添加目标 c2:完成急救培训1000人次\n期限:2026-07-01 周三.*责任:未指定/,
    );
    expect(await target('add 2026/8/1 建成胸痛中心2家 负责:医政科', coordinator)).toMatch(/^已添加目标 c3:建成胸痛中心2家\n期限:2026-08-01/);
  });

  it.each([
    ['add', /缺少期限和内容。\n正确格式:\/target add 2026-12-15 全区新增AED 300台 负责:医政科/],
    ['add 2026-13-45 全区新增AED 300台', /“2026-13-45”不是有效日期.*\n正确格式:\/target add 2026-12-15/],
    ['add 2026-02-30 全区新增AED 300台', /“2026-02-30”不是有效日期/],
    ['add 全区新增AED 300台 负责:医政科', /“全区新增AED”不是有效日期/],
    ['add 2026-12-15', /缺少目标内容.*\n正确格式/],
    ['add 2026-12-15 负责:医政科', /缺少目标内容.*\n正确格式/],
    ['add 2026-12-15 新增AED 负责:', /“负责:”后面缺少责任单位/],
    ['frobnicate', /不认识“frobnicate”。\n目标管理/],
  ])('/target %s → the right form', async (args, want) => {
    expect(await target(args, coordinator)).toMatch(want);
  });

  it('marks done (plan and coordinator targets), refuses unknown ids, deletes only coordinator targets', async () => {
    expect(await target('done c1')).toMatch(/^已标记完成:c1 全区新增AED 300台/);
    expect(await target('done C1')).toBe('目标 c1 已经标记为完成。');
    expect(await remind('200 急救', member)).toMatch(/没有到期的目标\(急救中心\)/);
    expect(await target('list')).toMatch(/· c1 2026-12-15 全区新增AED 300台 · 责任:医政科、急救中心 · 已完成\(王协调 2026-06-01\) · 王协调 添加/);
    expect(await target('done c99')).toMatch(/没有编号为“c99”的目标/);
    expect(await target('done 全区')).toMatch(/“全区”不是目标编号/);
    expect(await target('done')).toMatch(/缺少编号/);
    const planId = (await r.book.all()).find((t) => t.source === 'plan')!.id;
    expect(await target(`rm ${planId}`)).toMatch(/是计划文件里的目标,不能删除/);
    expect(await target('rm c3')).toBe('已删除目标 c3。');
    expect(await target('rm c3')).toMatch(/没有编号为“c3”的协调员目标/);
  });

  it('never reuses the number of a deleted target', async () => {
    expect(await target('rm c1')).toBe('已删除目标 c1。');
    expect(await target('add 2026-12-01 新目标5项')).toMatch(/^已添加目标 c4:/);
    expect((await r.tables.coordinatorTargets()).map((t) => t.id)).toEqual(['c2', 'c4']);
    expect(await r.tables.doneIds()).toEqual(new Set());
  });
});

describe('subscriptions', () => {
  let r: Reminders;
  let db: Awaited<ReturnType<typeof tempDb>>;
  const clock = new ManualClock(shanghai('2026-06-01T10:00:00'));
  const remind = (args: string, who: CommandCaller = coordinator) => r.commands[0]!.run(args, who);

  beforeAll(async () => {
    db = await tempDb();
    r = await createReminders({ config: remindConfig, log: silentLogger, store: { items: () => [], db: db.db }, clock });
  });
  afterAll(() => db.cleanup());

  it('subscribes with a Chinese phrase, persists it and says when it next posts', async () => {
    const reply = await remind('订阅 每周一 9:00');
    expect(reply).toBe(
      '已订阅(编号 s1):每周一 09:00 推送未来 30 天内到期的目标。\n下次推送:2026-06-08 周一 09:00(Asia/Shanghai)。\n没有到期目标时也会说一声。',
    );
    expect(await r.tables.subscriptions()).toEqual([
      expect.objectContaining({
        id: 's1',
        roomId: 'room-1',
        roomTopic: '卫健工作群',
        channel: 'console',
        cron: '0 9 * * 1',
        withinDays: 30,
        quiet: false,
        webhook: null,
        createdBy: 'wxid_lead',
        lastSlot: null,
      }),
    ]);
  });

  it('takes a cron expression, a window, silence, a unit and a webhook', async () => {
    const reply = await remind('订阅 30 8 * * 1-5 60天 静默 单位:医政科 https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=abcdef123456');
    expect(reply).toContain('已订阅(编号 s2):cron 30 8 * * 1-5 推送未来 60 天内到期的目标(单位:医政科)');
    expect(reply).toContain('没有到期目标时不推送');
    expect(reply).toContain('经群机器人推送:https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=…3456');
    expect(reply).not.toContain('abcdef123456');
    const list = await remind('订阅列表', member);
    expect(list).toMatch(
      /^定时推送 2 个:\n· s1 · 每周一 09:00 · 未来 30 天 · 下次 2026-06-08 周一 09:00 · 由 王协调 订阅\n· s2 · cron 30 8 \* \* 1-5 · 未来 60 天 · 单位:医政科 · 无到期时不发 · 经群机器人/,
    );
    expect(list).not.toContain('abcdef123456');
  });

  it.each([
    ['订阅', /缺少推送时间。\n正确格式:\/remind 订阅 每周一 9:00/],
    ['订阅 每周八 9:00', /缺少日期部分|看不懂/],
    ['订阅 每周一 25:00', /“25:00”不是有效时间。\n正确格式/],
    ['订阅 每月31日 9:00', /每月31日并非每个月都有/],
    ['订阅 明天早上', /缺少日期部分.*\n正确格式.*\n时间可写:每天 9:00/],
    ['订阅 61 9 * * 1', /cron 表达式“61 9 \* \* 1”无效:Invalid value for minute: 61。\n正确格式/],
    ['订阅 * * * * *', /触发太频繁:提醒最多每小时一次/],
    ['订阅 0 0 30 2 *', /永远不会触发/],
    ['订阅 每周一 9:00 http://example.com/hook', /webhook 地址须以 https:\/\/ 开头/],
    ['订阅 每周一 9:00 https://qyapi.weixin.qq.com/cgi-bin/webhook/send', /企业微信群机器人地址应形如/],
    ['订阅 每周一 9:00 0天', /天数 0 不对/],
  ])('/remind %s → the right form', async (args, want) => {
    expect(await remind(args)).toMatch(want);
    expect((await r.tables.subscriptions()).length).toBe(2);
  });

  it('warns when the unit of a subscription has no targets yet', async () => {
    const reply = await remind('订阅 每月1日 9:00 单位:外星科', { ...coordinator, roomId: 'room-unit' });
    expect(reply).toContain('注意:目前没有单位“外星科”的目标');
    expect(await remind('退订', { ...coordinator, roomId: 'room-unit' })).toMatch(/已取消 1 个/);
  });

  it('refuses a room-less subscription without a webhook, accepts one with', async () => {
    const dm: CommandCaller = { channel: 'console', userId: 'wxid_lead', userName: '王协调' };
    expect(await remind('订阅 每天 17:00', dm)).toMatch(/私聊里没有可推送的群/);
    expect(await remind('订阅 每天 下午5点 https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=k1', dm)).toMatch(/已订阅\(编号 s3\):每天 17:00/);
    expect(await remind('订阅列表', dm)).toMatch(/^定时推送 3 个:/);
  });

  it('unsubscribes one by id or the whole room', async () => {
    expect(await remind('退订 s9')).toMatch(/没有编号为“s9”的订阅/);
    expect(await remind('退订 s2')).toBe('已取消 1 个定时推送:s2(cron 30 8 * * 1-5)。');
    expect(await remind('退订')).toBe('已取消 1 个定时推送:s1(每周一 09:00)。');
    expect(await remind('退订')).toBe('本群没有定时推送。');
    expect(await remind('订阅列表', member)).toMatch(/^本群没有定时推送。/);
    expect((await r.tables.subscriptions()).map((s) => s.id)).toEqual(['s3']);
  });
});

describe('COORDINATORS warnings', () => {
  it('warns about an entry that looks like a display name (now an id only) and about every name: entry', () => {
    expect(coordinatorWarnings(['wxid_lead', 'zhangsan'])).toEqual([]);
    const [asId, asName] = coordinatorWarnings(['张主任', 'name:王协调']);
    expect(asId).toMatch(/"张主任" is matched as a user id only.*"name:张主任"/);
    expect(asName).toMatch(/"name:王协调" matches a display name: anyone who takes that name is a coordinator/);
  });
});
