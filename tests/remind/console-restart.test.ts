import { PassThrough } from 'node:stream';
import * as lancedb from '@lancedb/lancedb';
import { afterEach, describe, expect, it } from 'vitest';
import { startChannels, type RunningChannels } from '../../src/chat/channels.js';
import { CONSOLE_ROOM_ID, CONSOLE_USER_ID } from '../../src/chat/console/console-room.js';
import type { RoomPoster } from '../../src/chat/ports.js';
import { configSchema } from '../../src/config/index.js';
import { silentLogger } from '../../src/log/index.js';
import { createReminders, type Reminders } from '../../src/remind/index.js';
import { createFakeAssistant } from '../chat/helpers/fake-assistant.js';
import { ManualClock } from './manual-clock.js';
import { phrasePlanItems, remindConfig, shanghai, tempDb } from './fixtures.js';

/**
 * Issue 11, point 8: a digest subscribed in the console room must survive a restart. Each "process" here is a
 * new database connection, new reminders and a new console room (a new wechaty-puppet-mock), as a restart is.
 */

const items = phrasePlanItems();
const config = { ...remindConfig, COORDINATORS: [CONSOLE_USER_ID] };
const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()!();
});

interface Process {
  reminders: Reminders;
  running: RunningChannels;
  /** Types one line into the console room and waits until its replies are printed. */
  say(line: string): Promise<string>;
  printed(): string;
}

async function boot(dir: string, clock: ManualClock, extraPosters: RoomPoster[] = []): Promise<Process> {
  const reminders = await createReminders({ config, log: silentLogger, store: { items: () => items, db: await lancedb.connect(dir) }, clock });
  const input = new PassThrough();
  const output = new PassThrough();
  let printed = '';
  output.on('data', (d) => (printed += String(d)));
  const running = await startChannels({
    config: configSchema.parse({}),
    log: silentLogger,
    assistant: createFakeAssistant(),
    commands: reminders.commands,
    only: ['console'],
    terminal: { input, output, separator: true },
  });
  cleanups.push(async () => {
    reminders.scheduler.stop();
    input.end();
    await running.stop();
  });
  await reminders.scheduler.start([running.poster, ...extraPosters]);
  const say = async (line: string): Promise<string> => {
    const before = printed.length;
    // The reply is printed before the separator; wait for the separator of this line's reply.
    const done = new Promise<void>((resolve) => {
      const check = () => {
        if (printed.slice(before).includes('---\n')) {
          output.off('data', check);
          resolve();
        }
      };
      output.on('data', check);
    });
    input.write(`${line}\n`);
    await done;
    return printed.slice(before);
  };
  return { reminders, running, say, printed: () => printed };
}

describe('a console-room subscription across a restart', () => {
  it('is kept under the fixed room id, is delivered by the next process and can be cancelled from the room', async () => {
    const t = await tempDb();
    cleanups.push(t.cleanup);
    const first = await boot(t.dir, new ManualClock(shanghai('2022-06-01T10:00:00')));
    expect(await first.say('/remind 订阅 每天 9:00')).toMatch(/已订阅\(编号 /);
    const [sub] = await first.reminders.tables.subscriptions();
    expect(sub!.roomId).toBe(CONSOLE_ROOM_ID);
    expect(sub!.createdBy).toBe(CONSOLE_USER_ID);
    await cleanups.pop()!();

    // Next morning, a new process: the slot at 09:00 is within grace and goes to the same console room.
    const clock = new ManualClock(shanghai('2022-06-02T09:05:00'));
    const second = await boot(t.dir, clock);
    await second.reminders.scheduler.idle();
    expect(second.printed()).toMatch(/^到期提醒:未来 30 天内/);
    expect(await second.say('/remind 订阅列表')).toContain(`${sub!.id} · 每天 09:00`);
    expect(await second.say('/remind 退订')).toMatch(/已取消 1 个定时推送/);
    expect(await second.reminders.tables.subscriptions()).toEqual([]);
  }, 60_000);

  it('lists a subscription whose room no channel knows any more as an orphan, and a coordinator removes it by id', async () => {
    const t = await tempDb();
    cleanups.push(t.cleanup);
    const clock = new ManualClock(shanghai('2022-06-01T10:00:00'));
    const db = await lancedb.connect(t.dir);
    const reminders = await createReminders({ config, log: silentLogger, store: { items: () => items, db }, clock });
    // Made in a WeChat room under an id the platform has since replaced.
    const gone = { channel: 'wechaty' as const, roomId: 'old-room@chatroom', roomTopic: '卫健工作群', userId: CONSOLE_USER_ID, userName: '本地用户' };
    expect(await reminders.commands[0]!.run('订阅 每周一 9:00', gone)).toMatch(/^已订阅/);
    const [orphan] = await reminders.tables.subscriptions();

    const p = await boot(t.dir, clock);
    const listed = await p.say('/remind 订阅列表');
    expect(listed).toContain(`${orphan!.id} · 每周一 09:00`);
    expect(listed).toContain('群已找不到(old-room@chatroom)');
    expect(listed).toContain(`/remind 退订 ${orphan!.id}`);
    // A member of the console room who is not a coordinator sees only the room's own (none).
    const memberView = await p.reminders.commands[0]!.run('订阅列表', {
      channel: 'console',
      roomId: CONSOLE_ROOM_ID,
      userId: 'someone',
      userName: 'console-user',
    });
    expect(memberView).toMatch(/^本群没有定时推送/);

    expect(await p.say(`/remind 退订 ${orphan!.id}`)).toMatch(/已取消 1 个定时推送/);
    expect(await p.reminders.tables.subscriptions()).toEqual([]);
  }, 60_000);
});
