import * as lancedb from '@lancedb/lancedb';
import { afterAll, describe, expect, it } from 'vitest';
import { PuppetMock, mock } from 'wechaty-puppet-mock';
import type { Assistant } from '../../src/chat/ports.js';
import { createRouter } from '../../src/chat/router.js';
import { createWechatyAdapter } from '../../src/chat/wechaty/adapter.js';
import { channelsCheck } from '../../src/ops/health.js';
import { createPrometheusMetrics } from '../../src/ops/prometheus.js';
import { countingPoster } from '../../src/ops/reminder-metrics.js';
import { createReminders } from '../../src/remind/index.js';
import { ManualClock } from '../remind/manual-clock.js';
import { phrasePlanItems, remindConfig, shanghai, tempDb } from '../remind/fixtures.js';
import { capturedLog } from './helpers.js';

/**
 * The puppet logs out and then errors while logged out: the Wechaty channel restarts it with growing delays,
 * /healthz reports the channel down meanwhile, and once the account is back the reminder digest still goes
 * out at its slot through the same channel: the schedule never stopped.
 */

class RecordingPuppet extends PuppetMock {
  sent: Array<{ conversationId: string; text: string }> = [];
  override async messageSendText(conversationId: string, text: string): Promise<void> {
    this.sent.push({ conversationId, text });
    return super.messageSendText(conversationId, text);
  }
}

const cleanups: Array<() => Promise<void> | void> = [];
afterAll(async () => {
  while (cleanups.length) await cleanups.pop()!();
});

const quietAssistant: Assistant = {
  ask: async () => ({ answered: false, text: '没有找到。', citationIds: [] }),
  unit: async () => '',
  item: async () => '',
  docs: async () => '',
};

describe('puppet error and logout', () => {
  it('reconnects with backoff and keeps the reminder schedule', async () => {
    const logs = capturedLog('debug');
    const mocker = new mock.Mocker();
    const puppet = new RecordingPuppet({ mocker });
    const botContact = mocker.createContact({ name: '小助手' });
    const lead = mocker.createContact({ name: '王协调' });
    const room = mocker.createRoom({ topic: '卫健工作群', memberIdList: [botContact.id, lead.id] });

    const router = createRouter({
      config: { BOT_NAME: '小助手', ROOM_ALLOWLIST: [], RATE_LIMIT_PER_MINUTE: 6, ROOM_SEND_INTERVAL_MS: 0, MAX_MESSAGE_CHARS: 2000 },
      log: logs.log,
      assistant: quietAssistant,
    });
    const adapter = createWechatyAdapter({
      config: { BOT_NAME: '小助手', WECHATY_PUPPET: undefined, WECHATY_PUPPET_SERVICE_TOKEN: undefined },
      log: logs.log,
      router,
      puppet,
      restart: { initialMs: 30, maxMs: 1000 },
    });
    cleanups.push(() => adapter.stop());
    const health = channelsCheck(() => [adapter]);

    await adapter.start();
    const first = adapter.loggedIn();
    mocker.login(botContact);
    await first;
    expect(await health()).toEqual({ ok: true, detail: 'wechaty: logged in as 小助手' });

    // Reminders on their own clock, subscribed from the room, posting through the Wechaty channel.
    const t = await tempDb();
    cleanups.push(t.cleanup);
    const clock = new ManualClock(shanghai('2022-06-01T10:00:00'));
    const reminders = await createReminders({
      config: { ...remindConfig, COORDINATORS: [lead.id] },
      log: logs.log,
      store: { items: () => phrasePlanItems(), db: await lancedb.connect(t.dir) },
      clock,
    });
    cleanups.push(() => reminders.scheduler.stop());
    const caller = { channel: 'wechaty' as const, roomId: room.id, roomTopic: '卫健工作群', userId: lead.id, userName: '王协调' };
    expect(await reminders.commands[0]!.run('订阅 每周一 9:00', caller)).toMatch(/^已订阅/);
    const metrics = createPrometheusMetrics({ defaultMetrics: false });
    await reminders.scheduler.start([countingPoster(adapter.poster, metrics)]);

    // Logout, then an error while logged out: two restarts, the second one waiting twice as long.
    await puppet.logout();
    await expect.poll(() => logs.lines().filter((l) => l.msg === 'Wechaty puppet restarted').length, { timeout: 5000 }).toBe(1);
    expect((await health()).ok).toBe(false);
    expect((await health()).detail).toMatch(/^wechaty: not logged in/);
    puppet.emit('error', { data: 'connection to the puppet service lost' });
    await expect.poll(() => logs.lines().filter((l) => l.msg === 'Wechaty puppet restarted').length, { timeout: 5000 }).toBe(2);
    const restarts = logs.lines().filter((l) => l.msg === 'restarting the Wechaty puppet');
    expect(restarts.map((l) => [l.reason, l.delayMs])).toEqual([
      ['logout', 30],
      ['error while logged out', 60],
    ]);

    // The account comes back (the mock needs the "scan" again).
    const again = adapter.loggedIn();
    mocker.login(botContact);
    await again;
    expect((await health()).ok).toBe(true);

    // Monday 9:00: the digest goes to the room through the restarted channel.
    await clock.advanceTo(shanghai('2022-06-06T09:30:00'), async () => {
      await reminders.scheduler.idle();
      await router.idle();
    });
    await expect.poll(() => puppet.sent.filter((s) => s.conversationId === room.id).length, { timeout: 3000 }).toBeGreaterThan(0);
    expect(puppet.sent.find((s) => s.conversationId === room.id)!.text).toMatch(/^到期提醒/);
    expect((await metrics.render()).body).toContain('planbot_reminders_sent_total{via="chat",outcome="ok"} 1');
  });
});
