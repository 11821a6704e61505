/**
 * Per-user rate limit over a sliding window. Over the limit the user gets one polite notice, then silence
 * until the window has room again: answering every extra message with a notice would itself be the flood.
 */
export type RateDecision = 'allow' | 'notify' | 'drop';

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
        return 'allow';
      }
      if (user.notified) return 'drop';
      user.notified = true;
      return 'notify';
    },
  };
}
