/**
 * Per-user rate limit on questions over a sliding window. A question over the limit is not answered, but its
 * asker always hears when the next one will be: a question that gets no reply at all looks like a dead bot
 * (a scripted session used to lose its 8th line without a word). Commands are not counted (see router.ts).
 */
export type RateDecision = { allowed: true } | { allowed: false; retryAfterMs: number; first: boolean };

export interface RateLimiter {
  check(userKey: string): RateDecision;
}

export function createRateLimiter(options: { perMinute: number; windowMs?: number; now?: () => number }): RateLimiter {
  const windowMs = options.windowMs ?? 60_000;
  const now = options.now ?? Date.now;
  const users = new Map<string, { times: number[]; notified: boolean }>();

  const prune = (t: number) => {
    if (users.size < 1000) return;
    for (const [key, u] of users) if (u.times.every((x) => t - x >= windowMs)) users.delete(key);
  };

  return {
    check(userKey) {
      const t = now();
      prune(t);
      const user = users.get(userKey) ?? { times: [], notified: false };
      users.set(userKey, user);
      user.times = user.times.filter((x) => t - x < windowMs);
      if (user.times.length < options.perMinute) {
        user.times.push(t);
        user.notified = false;
        return { allowed: true };
      }
      // The oldest question in the window is the one whose expiry frees a place.
      const retryAfterMs = Math.max(0, user.times[0]! + windowMs - t);
      const first = !user.notified;
      user.notified = true;
      return { allowed: false, retryAfterMs, first };
    },
  };
}
