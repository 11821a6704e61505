/**
 * At most `max` messages per person being answered at once; the rest wait their turn, in order, and none is
 * dropped. WeCom accepts at most 3 unfinished replies per user: a 4th would be refused by the platform, and
 * on every platform one person's burst should not take all the answering capacity.
 */
export interface UserGate {
  run<T>(userKey: string, job: () => Promise<T>): Promise<T>;
  /** Messages of this person running and waiting (for tests and logs). */
  load(userKey: string): { running: number; waiting: number };
}

export function createUserGate(max: number): UserGate {
  const users = new Map<string, { running: number; waiting: Array<() => void> }>();

  const release = (key: string) => {
    const u = users.get(key)!;
    const next = u.waiting.shift();
    if (next) return next();
    u.running -= 1;
    if (u.running === 0) users.delete(key);
  };

  return {
    async run(key, job) {
      const u = users.get(key) ?? { running: 0, waiting: [] };
      users.set(key, u);
      // A place passes straight from a finishing job to the next waiting one, so `running` never dips.
      if (u.running < max) u.running += 1;
      else await new Promise<void>((resolve) => u.waiting.push(resolve));
      try {
        return await job();
      } finally {
        release(key);
      }
    },
    load(key) {
      const u = users.get(key);
      return { running: u?.running ?? 0, waiting: u?.waiting.length ?? 0 };
    },
  };
}
