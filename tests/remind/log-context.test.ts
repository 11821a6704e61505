import { afterEach, describe, expect, it } from 'vitest';
import * as lancedb from '@lancedb/lancedb';
import type { RoomPoster } from '../../src/chat/ports.js';
import { createRouter } from '../../src/chat/router.js';
import { createReminders } from '../../src/remind/index.js';
import { createFakeAssistant } from '../chat/helpers/fake-assistant.js';
import { capturingLogger, chatConfig, message, recordingTarget } from '../chat/helpers/harness.js';
import { ManualClock } from './manual-clock.js';
import { phrasePlanItems, remindConfig, shanghai, tempDb } from './fixtures.js';

/**
 * Issue 11, point 10: a digest is scheduled while a chat command is handled, and timers keep the async context
 * they were armed in; the digest's own log lines must still not carry that command's request id.
 */

const cleanups: Array<() => void> = [];
afterEach(() => {
  while (cleanups.length) cleanups.pop()!();
});

describe('log context of scheduled work', () => {
  it('a scheduled digest logs under its own request id, not that of the message that subscribed it', async () => {
    const t = await tempDb();
    cleanups.push(t.cleanup);
    const { log, lines } = capturingLogger();
    const clock = new ManualClock(shanghai('2022-06-01T10:00:00'));
    const reminders = await createReminders({ config: remindConfig, log, store: { items: () => phrasePlanItems(), db: await lancedb.connect(t.dir) }, clock });
    cleanups.push(() => reminders.scheduler.stop());
    const router = createRouter({ config: chatConfig(), log, assistant: createFakeAssistant(), commands: reminders.commands, requestId: () => 'msg-req-1' });
    cleanups.push(() => router.stop());
    const posted: string[] = [];
    const poster: RoomPoster = { owns: (id) => id === 'room-1', post: async (_id, text) => void posted.push(text) };
    await reminders.scheduler.start([poster]);

    const { target, sent } = recordingTarget();
    await router.receive(
      message({ roomId: 'room-1', userId: 'wxid_lead', userName: '王协调', text: '/remind 订阅 每天 9:00', messageId: 'm-subscribe' }),
      target,
    );
    expect(sent[0]!.text).toMatch(/^已订阅/);
    const replied = lines().find((l) => l.msg === 'replied')!;
    expect(replied.requestId).toBe('msg-req-1');
    expect(lines().find((l) => l.msg === 'digest subscription added')!.requestId).toBe('msg-req-1');

    await clock.advanceTo(shanghai('2022-06-02T09:00:30'), () => reminders.scheduler.idle());
    expect(posted).toHaveLength(1);
    const digestLine = lines().find((l) => l.msg === 'digest posted')!;
    expect(digestLine).toBeDefined();
    expect(digestLine.requestId).toEqual(expect.any(String));
    expect(digestLine.requestId).not.toBe('msg-req-1');
    expect(digestLine.job).toBe('digest');
    for (const key of ['messageId', 'kind', 'user']) expect(digestLine).not.toHaveProperty(key);
  });
});
