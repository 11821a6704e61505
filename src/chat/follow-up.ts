import type { FollowUpContext } from './ports.js';

/**
 * What each user was last shown, per room, so that "那它的责任单位是谁?" can refer to it. Forgotten after
 * `ttlMs` (10 minutes): later, a question is a new question. The assistant decides whether a question
 * actually is a follow-up; this only keeps the context.
 */
export interface FollowUpMemory {
  get(key: string): FollowUpContext | undefined;
  remember(key: string, citationIds: string[]): void;
}

export function createFollowUpMemory(options: { ttlMs?: number; now?: () => number } = {}): FollowUpMemory {
  const ttlMs = options.ttlMs ?? 10 * 60_000;
  const now = options.now ?? Date.now;
  const memory = new Map<string, { citationIds: string[]; at: number }>();

  return {
    get(key) {
      const entry = memory.get(key);
      if (!entry) return undefined;
      if (now() - entry.at >= ttlMs) {
        memory.delete(key);
        return undefined;
      }
      return { citationIds: [...entry.citationIds] };
    },
    remember(key, citationIds) {
      // An unanswered question keeps the earlier context: the user is most likely still asking about it.
      if (citationIds.length === 0) return;
      for (const [k, e] of memory) if (now() - e.at >= ttlMs) memory.delete(k);
      memory.delete(key);
      memory.set(key, { citationIds: [...citationIds], at: now() });
    },
  };
}
