import { afterEach, describe, expect, it } from 'vitest';
import { createOutbox, type Outbox } from '../../src/chat/outbox.js';
import { silentLogger } from '../../src/log/index.js';
import { capturingLogger } from './helpers/harness.js';

const outboxes: Outbox[] = [];
afterEach(() => {
  for (const o of outboxes.splice(0)) o.stop();
});

function deferred(): { promise: Promise<void>; resolve: () => void } {
  let resolve!: () => void;
  const promise = new Promise<void>((r) => (resolve = r));
  return { promise, resolve };
}

/** Fill the outbox past the point where it starts forgetting quiet lanes (256 rooms). */
async function fillWithOtherRooms(outbox: Outbox, count = 300): Promise<void> {
  await Promise.all(Array.from({ length: count }, (_, i) => outbox.send(`other-room-${i}`, async () => undefined)));
}

describe('outbox lanes with many rooms', () => {
  it('keeps a room whose first send is still running: later sends wait their turn, in order', async () => {
    const outbox = createOutbox({ intervalMs: 0, log: silentLogger });
    outboxes.push(outbox);
    const order: string[] = [];
    const first = deferred();
    // lastSentAt is still -Infinity while this first send runs: the lane looks idle forever by the clock.
    const a1 = outbox.send('busy-room', async () => {
      order.push('start 1');
      await first.promise;
      order.push('end 1');
    });
    const a2 = outbox.send('busy-room', async () => void order.push('2'));
    await fillWithOtherRooms(outbox);
    const a3 = outbox.send('busy-room', async () => void order.push('3'));
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(order).toEqual(['start 1']);
    first.resolve();
    await Promise.all([a1, a2, a3]);
    expect(order).toEqual(['start 1', 'end 1', '2', '3']);
  });

  it('keeps a room that last sent long ago and is sending again: the pacing interval still holds', async () => {
    let clock = 0;
    const intervalMs = 40;
    const outbox = createOutbox({ intervalMs, log: silentLogger, now: () => clock });
    outboxes.push(outbox);
    await outbox.send('slow-room', async () => undefined);
    clock = 10 * 60_000;
    const running = deferred();
    const sentAt: number[] = [];
    const b1 = outbox.send('slow-room', async () => {
      await running.promise;
      sentAt.push(performance.now());
    });
    await fillWithOtherRooms(outbox);
    const b2 = outbox.send('slow-room', async () => void sentAt.push(performance.now()));
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(sentAt).toHaveLength(0);
    running.resolve();
    await Promise.all([b1, b2]);
    expect(sentAt).toHaveLength(2);
    expect(sentAt[1]! - sentAt[0]!).toBeGreaterThanOrEqual(intervalMs - 5);
  });

  it('still forgets rooms that are quiet, so the map does not grow with every room ever answered', async () => {
    let clock = 0;
    const logs = capturingLogger();
    const outbox = createOutbox({ intervalMs: 0, log: logs.log, now: () => clock });
    await fillWithOtherRooms(outbox);
    clock = 10 * 60_000;
    await outbox.send('new-room', async () => undefined);
    outbox.stop();
    expect(logs.lines().find((l) => l.msg === 'outbox stopped')?.rooms).toBe(1);
  });
});
