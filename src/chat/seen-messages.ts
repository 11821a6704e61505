/**
 * Message ids already handled. WeCom re-delivers a message when it thinks the first delivery was not
 * acknowledged (after about 5 s), and Wechaty puppets can replay recent messages after a reconnect; each id
 * must be answered once. Ids are kept for `ttlMs` and at most `max` of them, oldest dropped first.
 */
export interface SeenMessages {
  /** True the first time an id is offered, false on every repeat. */
  firstTime(id: string): boolean;
}

export function createSeenMessages(options: { ttlMs?: number; max?: number; now?: () => number } = {}): SeenMessages {
  const ttlMs = options.ttlMs ?? 10 * 60_000;
  const max = options.max ?? 10_000;
  const now = options.now ?? Date.now;
  const seen = new Map<string, number>();

  return {
    firstTime(id) {
      const t = now();
      // Map iteration is insertion order, so the oldest entries come first.
      for (const [key, at] of seen) {
        if (t - at < ttlMs && seen.size < max) break;
        seen.delete(key);
      }
      if (seen.has(id)) return false;
      seen.set(id, t);
      return true;
    },
  };
}
