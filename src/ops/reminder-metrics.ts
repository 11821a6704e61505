import type { RoomPoster } from '../chat/ports.js';
import type { BotMetrics } from '../ports/metrics.js';

/**
 * The reminders report nothing themselves; what they send passes through the posters and the fetch that
 * start.ts hands them, so that is where it is counted.
 */

/** A room poster that counts each digest it posts (or fails to). */
export function countingPoster(inner: RoomPoster, metrics: BotMetrics): RoomPoster {
  return {
    owns: (roomId) => inner.owns(roomId),
    standingBy: () => inner.standingBy?.() === true,
    reaches: async (roomId) => (inner.owns(roomId) ? true : inner.reaches?.(roomId)),
    async post(roomId, text, options) {
      try {
        await inner.post(roomId, text, options);
        metrics.reminderPosted('chat', true);
      } catch (err) {
        metrics.reminderPosted('chat', false);
        throw err;
      }
    },
  };
}

/**
 * A fetch for the WeCom group-webhook sender that counts each message: sent when WeCom answers errcode 0
 * (it answers HTTP 200 with an error code when it refuses). The body is read from a clone, so the sender
 * still reads the original.
 */
export function countingWebhookFetch(inner: typeof fetch, metrics: BotMetrics): typeof fetch {
  return async (input, init) => {
    let res: Response;
    try {
      res = await inner(input, init);
    } catch (err) {
      metrics.reminderPosted('webhook', false);
      throw err;
    }
    const reply = await res
      .clone()
      .json()
      .catch(() => null);
    metrics.reminderPosted('webhook', res.ok && (reply as { errcode?: unknown } | null)?.errcode === 0);
    return res;
  };
}
