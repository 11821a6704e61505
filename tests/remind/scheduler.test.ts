import { PartialDeliveryError } from '../../src/chat/ports.js';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import * as lancedb from '@lancedb/lancedb';
import { afterEach, describe, expect, it } from 'vitest';
import type { RoomPoster } from '../../src/chat/ports.js';
import { createLogger, silentLogger, type Logger } from '../../src/log/index.js';
import { createReminders, type Reminders } from '../../src/remind/index.js';
import { ManualClock } from './manual-clock.js';
import { coordinator, phrasePlanItems, remindConfig, shanghai, tempDb } from './fixtures.js';

interface Post {
  roomId: string;
  text: string;
  at: number;
  doneTargets?: string[];
}

/** A chat adapter stand-in that owns some rooms and records what it posts (and when, by the test clock). */
function recordingPoster(clock: ManualClock, rooms: string[], posts: Post[], failures = 0): RoomPoster {
  let fail = failures;
  return {
    owns: (roomId) => rooms.includes(roomId),
    async post(roomId, text, options) {
      if (!rooms.includes(roomId)) throw new Error(`room ${roomId} is not among this account's rooms`);
      if (fail-- > 0) throw new Error('adapter offline');
      posts.push({ roomId, text, at: clock.now(), ...(options?.doneTargets ? { doneTargets: options.doneTargets } : {}) });
    },
  };
}

function logCapture(): { log: Logger; lines: () => Array<Record<string, unknown>> } {
  const out: string[] = [];
  const log = createLogger({ level: 'debug', destination: { write: (s: string) => void out.push(s) } });
  return { log, lines: () => out.map((l) => JSON.parse(l) as Record<string, unknown>) };
}

const items = phrasePlanItems();
const cleanups: Array<() => void> = [];
afterEach(() => {
  while (cleanups.length) cleanups.pop()!();
});

/** One bot process: its own connection to the shared database folder, its own clock. */
async function boot(dir: string, clock: ManualClock, log: Logger = silentLogger, config = remindConfig): Promise<Reminders> {
  const db = await lancedb.connect(dir);
  const r = await createReminders({ config, log, store: { items: () => items, db }, clock });
  cleanups.push(() => r.scheduler.stop());
  return r;
}

async function freshDir(): Promise<string> {
  const t = await tempDb();
  cleanups.push(t.cleanup);
  return t.dir;
}

describe('digest scheduler', () => {
  it('posts at the slot, once; a restart right after does not post it again', async () => {
    const dir = await freshDir();
    const clock = new ManualClock(shanghai('2022-06-01T10:00:00'));
    const posts: Post[] = [];
    const r = await boot(dir, clock);
    expect(await r.commands[0]!.run('订阅 每周一 9:00', coordinator)).toMatch(/^已订阅/);
    await r.scheduler.start([recordingPoster(clock, ['elsewhere'], []), recordingPoster(clock, ['room-1'], posts)]);
    const settle = () => r.scheduler.idle();

    await clock.advanceTo(shanghai('2022-06-06T08:59:59'), settle);
    expect(posts).toEqual([]);
    await clock.advanceTo(shanghai('2022-06-06T09:30:00'), settle);
    expect(posts.map((p) => [p.roomId, p.at])).toEqual([['room-1', shanghai('2022-06-06T09:00:00')]]);
    expect(posts[0]!.text).toMatch(/^到期提醒:未来 30 天内\(2022-06-06 至 2022-07-06\)到期 2 项\n【2022-06-30 周四 · 还有 24 天】/);
    // The listed targets' ids go with the text, for a platform that offers a done button per target.
    expect(posts[0]!.doneTargets).toHaveLength(2);
    for (const id of posts[0]!.doneTargets!) expect(posts[0]!.text).toContain(id);

    r.scheduler.stop();
    const clock2 = new ManualClock(shanghai('2022-06-06T09:40:00'));
    const again = await boot(dir, clock2);
    await again.scheduler.start([recordingPoster(clock2, ['room-1'], posts)]);
    await clock2.advanceTo(shanghai('2022-06-13T08:00:00'), () => again.scheduler.idle());
    expect(posts).toHaveLength(1);
    await clock2.advanceTo(shanghai('2022-06-13T09:00:00'), () => again.scheduler.idle());
    expect(posts.map((p) => p.at)).toEqual([shanghai('2022-06-06T09:00:00'), shanghai('2022-06-13T09:00:00')]);
  });

  it("a process standing by for another one's chat connection leaves the slot unclaimed, for the one that holds it", async () => {
    const dir = await freshDir();
    const setup = await boot(dir, new ManualClock(shanghai('2022-06-01T10:00:00')));
    await setup.commands[0]!.run('订阅 每周一 9:00', coordinator);
    const posts: Post[] = [];
    const passiveClock = new ManualClock(shanghai('2022-06-06T08:00:00'));
    const passive = await boot(dir, passiveClock);
    await passive.scheduler.start([{ ...recordingPoster(passiveClock, ['room-1'], posts), standingBy: () => true }]);
    await passiveClock.advanceTo(shanghai('2022-06-06T09:05:00'), () => passive.scheduler.idle());
    expect(posts).toEqual([]);
    passive.scheduler.stop();
    const activeClock = new ManualClock(shanghai('2022-06-06T09:06:00'));
    const active = await boot(dir, activeClock);
    await active.scheduler.start([recordingPoster(activeClock, ['room-1'], posts)]);
    expect(posts).toHaveLength(1);
    active.scheduler.stop();
  });

  it('two processes sharing the database post a slot once between them', async () => {
    const dir = await freshDir();
    const setup = await boot(dir, new ManualClock(shanghai('2022-06-01T10:00:00')));
    await setup.commands[0]!.run('订阅 每周一 9:00', coordinator);
    const posts: Post[] = [];
    const clocks = [new ManualClock(shanghai('2022-06-06T09:10:00')), new ManualClock(shanghai('2022-06-06T09:10:00'))];
    const bots = await Promise.all(clocks.map((c) => boot(dir, c)));
    await Promise.all(bots.map((b, i) => b.scheduler.start([recordingPoster(clocks[i]!, ['room-1'], posts)])));
    expect(posts).toHaveLength(1);
  });

  it('sends a slot missed while down once on start-up when it is within grace', async () => {
    const dir = await freshDir();
    const clock = new ManualClock(shanghai('2022-06-01T10:00:00'));
    const r = await boot(dir, clock);
    await r.commands[0]!.run('订阅 每周一 9:00', coordinator);
    await r.scheduler.start([]);
    await clock.advanceTo(shanghai('2022-06-06T08:00:00'), () => r.scheduler.idle());
    r.scheduler.stop();

    const posts: Post[] = [];
    for (const at of ['2022-06-06T10:30:00', '2022-06-06T10:31:00']) {
      const c = new ManualClock(shanghai(at));
      const b = await boot(dir, c);
      await b.scheduler.start([recordingPoster(c, ['room-1'], posts)]);
      b.scheduler.stop();
    }
    expect(posts.map((p) => p.at)).toEqual([shanghai('2022-06-06T10:30:00')]);
  });

  it('skips (and logs) a missed slot older than the grace period, then keeps to the schedule', async () => {
    const dir = await freshDir();
    const clock = new ManualClock(shanghai('2022-06-01T10:00:00'));
    const r = await boot(dir, clock);
    await r.commands[0]!.run('订阅 每周一 9:00', coordinator);
    r.scheduler.stop();

    const posts: Post[] = [];
    const { log, lines } = logCapture();
    const c = new ManualClock(shanghai('2022-06-13T11:01:00'));
    const b = await boot(dir, c, log);
    await b.scheduler.start([recordingPoster(c, ['room-1'], posts)]);
    expect(posts).toEqual([]);
    const skip = lines().find((l) => String(l.msg).includes('older than the grace period'));
    expect(skip).toMatchObject({ subscription: 's1', slot: new Date(shanghai('2022-06-13T09:00:00')).toISOString(), skipped: 2, graceMinutes: 120 });
    b.scheduler.stop();

    const c2 = new ManualClock(shanghai('2022-06-13T11:05:00'));
    const b2 = await boot(dir, c2);
    await b2.scheduler.start([recordingPoster(c2, ['room-1'], posts)]);
    await c2.advanceTo(shanghai('2022-06-20T09:00:00'), () => b2.scheduler.idle());
    expect(posts.map((p) => p.at)).toEqual([shanghai('2022-06-20T09:00:00')]);
  });

  it('an empty digest says so in one line; a quiet subscription says nothing but still uses its slot', async () => {
    const dir = await freshDir();
    const clock = new ManualClock(shanghai('2022-10-10T08:00:00'));
    const r = await boot(dir, clock);
    await r.commands[0]!.run('订阅 每天 9:00 7天', coordinator);
    await r.commands[0]!.run('订阅 每天 9:00 7天 静默', { ...coordinator, roomId: 'room-quiet' });
    const posts: Post[] = [];
    await r.scheduler.start([recordingPoster(clock, ['room-1', 'room-quiet'], posts)]);
    await clock.advanceTo(shanghai('2022-10-10T09:00:00'), () => r.scheduler.idle());
    expect(posts.map((p) => [p.roomId, p.text])).toEqual([
      ['room-1', '未来 7 天内(至 2022-10-17)没有到期的目标。另有 2 项已过期限、未标记完成,发送 /remind 逾期 查看。'],
    ]);
    expect((await r.tables.subscriptions()).map((s) => s.lastSlot)).toEqual([shanghai('2022-10-10T09:00:00'), shanghai('2022-10-10T09:00:00')]);
  });

  it('a failed post is retried while within grace, and a room nobody owns is logged, not crashed on', async () => {
    const dir = await freshDir();
    const clock = new ManualClock(shanghai('2022-06-01T10:00:00'));
    const { log, lines } = logCapture();
    const r = await boot(dir, clock, log);
    await r.commands[0]!.run('订阅 每周一 9:00', coordinator);
    await r.commands[0]!.run('订阅 每周一 9:00', { ...coordinator, roomId: 'room-gone' });
    const posts: Post[] = [];
    await r.scheduler.start([recordingPoster(clock, ['room-1'], posts, 1), recordingPoster(clock, ['room-other'], [])]);
    await clock.advanceTo(shanghai('2022-06-06T09:04:00'), () => r.scheduler.idle());
    expect(posts).toEqual([]);
    await clock.advanceTo(shanghai('2022-06-06T09:06:00'), () => r.scheduler.idle());
    expect(posts.map((p) => [p.roomId, p.at])).toEqual([['room-1', shanghai('2022-06-06T09:05:00')]]);
    expect(lines().some((l) => String((l.err as { message?: string } | undefined)?.message).includes('no chat adapter reaches room room-gone'))).toBe(true);
    // The unreachable room is retried until its slot leaves the grace period, then skipped for good.
    await clock.advanceTo(shanghai('2022-06-06T12:00:00'), () => r.scheduler.idle());
    const sub2 = (await r.tables.subscriptions()).find((s) => s.id === 's2')!;
    expect(sub2.lastSlot).toBe(shanghai('2022-06-06T09:00:00'));
    expect(posts).toHaveLength(1);
  });

  it('a digest that reached the room only in part is not posted again (its first parts would repeat)', async () => {
    const dir = await freshDir();
    const clock = new ManualClock(shanghai('2022-06-01T10:00:00'));
    const { log, lines } = logCapture();
    const r = await boot(dir, clock, log);
    await r.commands[0]!.run('订阅 每周一 9:00', coordinator);
    let attempts = 0;
    const halfway: RoomPoster = {
      owns: (roomId) => roomId === 'room-1',
      async post() {
        attempts++;
        throw new PartialDeliveryError([new Error('second part refused')], '1 of 2 messages to room-1 were not sent', 1);
      },
    };
    await r.scheduler.start([halfway]);
    await clock.advanceTo(shanghai('2022-06-06T10:30:00'), () => r.scheduler.idle());
    expect(attempts).toBe(1);
    expect(lines().some((l) => l.msg === 'digest partly posted; not retried, to avoid repeating parts')).toBe(true);
  });

  it('forgets a pending retry when its subscription is removed (no busy loop)', async () => {
    const dir = await freshDir();
    const clock = new ManualClock(shanghai('2022-06-01T10:00:00'));
    const r = await boot(dir, clock);
    const gone = { ...coordinator, roomId: 'room-gone' };
    await r.commands[0]!.run('订阅 每周一 9:00', gone);
    await r.scheduler.start([recordingPoster(clock, ['room-1'], []), recordingPoster(clock, ['room-2'], [])]);
    await clock.advanceTo(shanghai('2022-06-06T09:01:00'), () => r.scheduler.idle());
    expect(clock.nextAt()).toBe(shanghai('2022-06-06T09:05:00'));
    expect(await r.commands[0]!.run('退订', gone)).toMatch(/已取消 1 个/);
    await r.scheduler.idle();
    expect(clock.pending()).toBe(1);
    expect(clock.nextAt()).toBe(shanghai('2022-06-06T10:01:00'));
  });

  it('asks the only adapter even when it has not seen the room since its restart', async () => {
    const dir = await freshDir();
    const clock = new ManualClock(shanghai('2022-06-01T10:00:00'));
    const r = await boot(dir, clock);
    await r.commands[0]!.run('订阅 每周一 9:00', coordinator);
    const posts: Post[] = [];
    const freshAdapter: RoomPoster = { owns: () => false, post: async (roomId, text) => void posts.push({ roomId, text, at: clock.now() }) };
    await r.scheduler.start([freshAdapter]);
    await clock.advanceTo(shanghai('2022-06-06T09:00:00'), () => r.scheduler.idle());
    expect(posts.map((p) => p.roomId)).toEqual(['room-1']);
  });

  it('a webhook subscription posts markdown to the robot, and never the key to the log', async () => {
    const received: Array<{ path: string; body: { msgtype: string; markdown: { content: string } } }> = [];
    const server: Server = createServer((req, res) => {
      let raw = '';
      req.on('data', (c: Buffer) => (raw += c.toString('utf8')));
      req.on('end', () => {
        received.push({ path: req.url ?? '', body: JSON.parse(raw) });
        res.setHeader('content-type', 'application/json');
        res.end('{"errcode":0,"errmsg":"ok"}');
      });
    });
    await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
    cleanups.push(() => server.close());
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/cgi-bin/webhook/send?key=SECRETKEY-1234`;

    const dir = await freshDir();
    const clock = new ManualClock(shanghai('2022-06-01T10:00:00'));
    const { log, lines } = logCapture();
    const r = await boot(dir, clock, log);
    expect(await r.commands[0]!.run(`订阅 每周一 9:00 单位:基层 ${url}`, coordinator)).toMatch(/已订阅/);
    await r.scheduler.start([]);
    await clock.advanceTo(shanghai('2022-06-06T09:00:00'), () => r.scheduler.idle());
    expect(received).toHaveLength(1);
    expect(received[0]!.path).toBe('/cgi-bin/webhook/send?key=SECRETKEY-1234');
    expect(received[0]!.body.msgtype).toBe('markdown');
    expect(received[0]!.body.markdown.content).toMatch(
      /^### 到期提醒\(基层科\):未来 30 天内\(2022-06-06 至 2022-07-06\)到期 1 项\n\*\*2022-06-30 周四 · 还有 24 天\*\*\n> 《某某县2022年卫生健康工作要点》第2条/,
    );
    expect(lines().some((l) => l.msg === 'digest posted')).toBe(true);
    expect(JSON.stringify(lines())).not.toContain('SECRETKEY');
  });
});
