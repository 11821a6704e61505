import type { Logger } from '../log/index.js';

/**
 * Outgoing pacing: messages to one room leave one at a time, at least `intervalMs` apart, in the order they
 * were queued. WeChat restricts accounts that post in bursts, and a split answer is exactly such a burst.
 * Rooms do not wait for each other.
 */
export interface Outbox {
  /** Queue a send for a room; resolves once it has been sent, rejects when the send failed. */
  send(roomKey: string, job: () => Promise<void>): Promise<void>;
  /** Resolves when every queued send has finished. */
  idle(): Promise<void>;
  /** Drop what is still waiting (shutdown); sends already running finish. */
  stop(): void;
}

export interface OutboxOptions {
  intervalMs: number;
  log: Logger;
  now?: () => number;
}

interface Lane {
  tail: Promise<void>;
  lastSentAt: number;
  /** Sends queued or running on this lane: while any is, the lane holds the room's order and must stay. */
  pending: number;
}

export class OutboxStoppedError extends Error {
  override name = 'OutboxStoppedError';
}

export function createOutbox(options: OutboxOptions): Outbox {
  const now = options.now ?? Date.now;
  const lanes = new Map<string, Lane>();
  const waits = new Set<{ timer: NodeJS.Timeout; done: () => void }>();
  let stopped = false;

  const sleep = (ms: number) =>
    new Promise<void>((resolve) => {
      const wait = {
        timer: setTimeout(() => {
          waits.delete(wait);
          resolve();
        }, ms),
        done: resolve,
      };
      waits.add(wait);
    });

  const forgetQuietLanes = () => {
    // A lane is only needed while its room has sends in it or could still be inside the interval; forgetting
    // the others keeps the map from growing with every room and private chat the bot ever answered. The clock
    // alone cannot tell: a lane whose first send is still running has lastSentAt -Infinity.
    if (lanes.size < 256) return;
    for (const [key, lane] of lanes) {
      if (lane.pending > 0) continue;
      if (now() - lane.lastSentAt > options.intervalMs * 2 + 60_000) lanes.delete(key);
    }
  };

  return {
    send(roomKey, job) {
      if (stopped) return Promise.reject(new OutboxStoppedError('outbox stopped'));
      forgetQuietLanes();
      const lane = lanes.get(roomKey) ?? { tail: Promise.resolve(), lastSentAt: -Infinity, pending: 0 };
      lanes.set(roomKey, lane);
      lane.pending += 1;
      const run = lane.tail.then(async () => {
        try {
          const wait = lane.lastSentAt + options.intervalMs - now();
          if (wait > 0) await sleep(wait);
          if (stopped) throw new OutboxStoppedError('outbox stopped');
          try {
            await job();
          } finally {
            lane.lastSentAt = now();
          }
        } finally {
          lane.pending -= 1;
        }
      });
      lane.tail = run.catch(() => undefined);
      return run;
    },
    async idle() {
      // Sends queued while waiting join the tails, so loop until a pass finds nothing new.
      for (;;) {
        const tails = [...lanes.values()].map((l) => l.tail);
        await Promise.all(tails);
        if ([...lanes.values()].every((l, i) => l.tail === tails[i])) return;
      }
    },
    stop() {
      stopped = true;
      for (const wait of waits) {
        clearTimeout(wait.timer);
        wait.done();
      }
      waits.clear();
      options.log.debug({ rooms: lanes.size }, 'outbox stopped');
    },
  };
}
