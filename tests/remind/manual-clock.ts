import { AsyncResource } from 'node:async_hooks';
import type { Clock } from '../../src/remind/clock.js';

interface Timer {
  id: number;
  at: number;
  fn: () => void;
}

/** A clock that only moves when the test says so; timers fire in time order as it passes them. */
export class ManualClock implements Clock {
  private timers: Timer[] = [];
  private nextId = 1;

  constructor(private t: number) {}

  now(): number {
    return this.t;
  }

  setTimer(fn: () => void, ms: number): unknown {
    // Like setTimeout, a timer runs in the async context it was set in (the log context travels with it).
    const timer = { id: this.nextId++, at: this.t + Math.max(0, ms), fn: AsyncResource.bind(fn) };
    this.timers.push(timer);
    return timer.id;
  }

  clearTimer(handle: unknown): void {
    this.timers = this.timers.filter((x) => x.id !== handle);
  }

  pending(): number {
    return this.timers.length;
  }

  nextAt(): number | undefined {
    return this.timers.reduce<number | undefined>((min, x) => (min === undefined || x.at < min ? x.at : min), undefined);
  }

  /** Moves to the earliest timer (if it is due by `limit`) and fires it. False when none is. */
  fireNext(limit: number): boolean {
    const at = this.nextAt();
    if (at === undefined || at > limit) return false;
    const timer = this.timers.find((x) => x.at === at)!;
    this.timers = this.timers.filter((x) => x !== timer);
    this.t = Math.max(this.t, at);
    timer.fn();
    return true;
  }

  /**
   * Moves time to `to`, firing every timer on the way; `settle` runs after each (the scheduler's idle()),
   * so that timers a fired callback arms are seen too.
   */
  async advanceTo(to: number, settle: () => Promise<void> = async () => {}): Promise<void> {
    while (this.fireNext(to)) await settle();
    this.t = Math.max(this.t, to);
    await settle();
  }
}
