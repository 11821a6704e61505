import { anyReaches } from '../chat/room-reach.js';
import { PartialDeliveryError, type RoomPoster } from '../chat/ports.js';
import { randomUUID } from 'node:crypto';
import { withOwnLogContext, type Logger } from '../log/index.js';
import type { RemindTables } from './tables.js';
import { dateInZone } from './calendar.js';
import type { Clock } from './clock.js';
import { buildDigestWithTargets } from './digest.js';
import { nextSlot } from './schedule.js';
import { maskWebhook, type Subscription } from './subscription.js';
import type { TargetBook } from './target-book.js';
import { WebhookError, type WecomWebhook } from './webhook.js';

export interface SchedulerOptions {
  book: TargetBook;
  tables: RemindTables;
  webhook: WecomWebhook;
  clock: Clock;
  log: Logger;
  tz: string;
  /** A slot missed while the bot was down is still sent if it is at most this old. */
  graceMs: number;
}

/** Wake at least this often: timers longer than ~24.8 days overflow, and clocks jump (sleep, NTP). */
const MAX_SLEEP_MS = 60 * 60 * 1000;
/** After a failed post, try again this much later (while the slot is still within grace). */
const RETRY_MS = 5 * 60 * 1000;
/** How far back a long-down bot looks for the slot it missed (it only ever sends the latest one). */
const LOOKBACK_MS = 400 * 86_400_000;
/**
 * A slot that came while the scheduler was running counts as on time for this long, whatever the grace:
 * timers fire late by a few ms, a round can wait on a paced webhook, and grace may be 0.
 */
const ON_TIME_MS = 10 * 60 * 1000;

/**
 * Posts each subscription's digest at its slots. croner computes the slots in TZ; the waiting is done with
 * the injected clock's timers, so tests move time instead of waiting. The rule that survives restarts: a
 * slot is claimed (its time persisted as the subscription's last slot, if no one claimed it first) before
 * anything is posted, so no slot is ever posted twice; a failure that posted nothing gives the claim back so the slot can be retried (every 5 minutes,
 * while within grace). On start-up, the latest slot missed while down is sent once if younger than the
 * grace period, else skipped and logged; older missed slots are only counted. Slots that come while running
 * are on time even with a grace of 0.
 */
export class DigestScheduler {
  private posters: RoomPoster[] = [];
  private started = false;
  private startedAt = 0;
  private timer: unknown;
  private ticking: Promise<void> | null = null;
  private again = false;
  private readonly retryAt = new Map<string, number>();
  private readonly log: Logger;

  constructor(private readonly o: SchedulerOptions) {
    this.log = o.log.child({ module: 'remind.scheduler' });
  }

  /** Sends what was missed within grace, then keeps to the schedule. Resolves after the first round. */
  start(posters: RoomPoster[]): Promise<void> {
    this.posters = posters;
    this.started = true;
    this.startedAt = this.o.clock.now();
    return this.tick();
  }

  stop(): void {
    this.started = false;
    if (this.timer !== undefined) this.o.clock.clearTimer(this.timer);
    this.timer = undefined;
  }

  /** Resolves when no round is running: for a clean shutdown, and for tests that move the clock. */
  async idle(): Promise<void> {
    while (this.ticking) await this.ticking;
  }

  /**
   * Whether some chat channel still reaches a room: false marks an orphaned subscription (its room is gone,
   * or its id changed). Undefined when no channel runs (a CLI listing), where nobody can tell.
   */
  reachesRoom(roomId: string): Promise<boolean | undefined> {
    return anyReaches(this.posters, roomId);
  }

  /** Re-reads the subscriptions (after one is added or removed). */
  refresh(): Promise<void> {
    return this.started ? this.tick() : Promise.resolve();
  }

  private tick(): Promise<void> {
    if (this.ticking) {
      this.again = true;
      return this.ticking;
    }
    const run = async () => {
      try {
        do {
          this.again = false;
          await this.round();
        } while (this.again && this.started);
      } catch (err) {
        // A failed read of the state must not end the schedule: log it and try again at the next wake.
        this.log.error({ err }, 'digest round failed');
        this.arm(this.o.clock.now() + RETRY_MS);
      } finally {
        this.ticking = null;
      }
    };
    // Each round is its own piece of work with its own request id, whoever set it off: a command that added a
    // subscription, the start-up, or a timer (which would otherwise keep the context it was armed in).
    this.ticking = withOwnLogContext({ requestId: randomUUID().slice(0, 8), job: 'digest' }, run);
    return this.ticking;
  }

  private arm(at: number): void {
    if (!this.started) return;
    if (this.timer !== undefined) this.o.clock.clearTimer(this.timer);
    this.timer = this.o.clock.setTimer(() => void this.tick(), Math.max(0, at - this.o.clock.now()));
  }

  private async round(): Promise<void> {
    const now = this.o.clock.now();
    const subs = await this.o.tables.subscriptions();
    let wake = now + MAX_SLEEP_MS;
    const work: Promise<void>[] = [];
    // A retry is only pending for a subscription that still exists and still has an unsent slot.
    for (const id of this.retryAt.keys()) if (!subs.some((s) => s.id === id)) this.retryAt.delete(id);
    for (const sub of subs) {
      const missed = this.latestSlot(sub, now);
      if (!missed) this.retryAt.delete(sub.id);
      if (missed) {
        const age = now - missed.slot;
        const onTime = missed.slot > this.startedAt && age <= ON_TIME_MS;
        const retry = this.retryAt.get(sub.id);
        if (age > this.o.graceMs && !onTime) {
          work.push(this.skip(sub, missed.slot, missed.older + 1));
        } else if (retry !== undefined && retry > now) {
          wake = Math.min(wake, retry);
        } else {
          if (missed.older > 0) this.log.warn({ subscription: sub.id, skipped: missed.older }, 'older missed digest slots skipped; sending only the latest');
          work.push(this.send(sub, missed.slot));
        }
      }
      let next: number | null = null;
      try {
        next = nextSlot(sub.cron, this.o.tz, now);
      } catch (err) {
        this.log.error({ err, subscription: sub.id, cron: sub.cron }, 'stored schedule is not a valid cron pattern; subscription ignored');
      }
      if (next !== null) wake = Math.min(wake, next);
    }
    await Promise.all(work);
    // Sends that failed just now set their retry time: wake for the earliest.
    for (const at of this.retryAt.values()) wake = Math.min(wake, at);
    this.arm(wake);
  }

  /** The latest slot in (last slot sent or subscription time, now], and how many earlier ones it hides. */
  private latestSlot(sub: Subscription, now: number): { slot: number; older: number } | null {
    let from = Math.max(sub.lastSlot ?? -Infinity, sub.createdAt, now - LOOKBACK_MS);
    let found: { slot: number; older: number } | null = null;
    for (;;) {
      let next: number | null;
      try {
        next = nextSlot(sub.cron, this.o.tz, from);
      } catch {
        return null;
      }
      if (next === null || next > now) return found;
      found = { slot: next, older: found ? found.older + 1 : 0 };
      from = next;
    }
  }

  private async skip(sub: Subscription, slot: number, count: number): Promise<void> {
    this.log.warn(
      { subscription: sub.id, room: sub.roomId, slot: new Date(slot).toISOString(), skipped: count, graceMinutes: this.o.graceMs / 60_000 },
      'digest slot missed while down and older than the grace period: skipped',
    );
    this.retryAt.delete(sub.id);
    await this.o.tables.setLastSlot(sub.id, slot);
  }

  private async send(sub: Subscription, slot: number): Promise<void> {
    const where = sub.webhook ? maskWebhook(sub.webhook) : sub.roomId;
    // A process standing by for another one's platform connection (the WeCom lease) leaves the slot to the
    // process that holds it, which shares this database: claiming it here would only fail to post it.
    if (!sub.webhook && this.posters.length > 0 && this.posters.every((p) => p.standingBy?.() === true)) {
      this.log.debug({ subscription: sub.id, slot: new Date(slot).toISOString() }, 'standing by: the process holding the chat connection posts this slot');
      return;
    }
    if (!(await this.o.tables.claimSlot(sub.id, slot))) {
      this.log.info(
        { subscription: sub.id, slot: new Date(slot).toISOString() },
        'slot already claimed (by another process sharing the database); not posting',
      );
      return;
    }
    try {
      const today = dateInZone(this.o.clock.now(), this.o.tz);
      const digest = await buildDigestWithTargets(this.o.book, sub, today, sub.webhook ? 'markdown' : 'text');
      const text = digest?.text ?? null;
      if (text === null) {
        this.log.info({ subscription: sub.id, slot: new Date(slot).toISOString() }, 'nothing due; quiet subscription stays silent');
      } else if (sub.webhook) {
        await this.o.webhook.post(sub.webhook, text);
      } else {
        // Adapters learn their rooms from traffic, so right after a restart none may claim the room yet: a
        // single adapter is asked anyway (it fails clearly if the room is really gone).
        const poster = this.posters.find((p) => p.owns(sub.roomId)) ?? (this.posters.length === 1 ? this.posters[0] : undefined);
        if (!poster) throw new Error(`no chat adapter reaches room ${sub.roomId} (channel ${sub.channel})`);
        await poster.post(sub.roomId, text, { doneTargets: digest?.targetIds ?? [] });
      }
      this.retryAt.delete(sub.id);
      if (text !== null) this.log.info({ subscription: sub.id, to: where, slot: new Date(slot).toISOString() }, 'digest posted');
    } catch (err) {
      // Parts that reached the room (webhook or chat) must not be sent again by a retry.
      const delivered = err instanceof WebhookError || err instanceof PartialDeliveryError ? err.delivered : 0;
      if (delivered === 0) {
        await this.o.tables.setLastSlot(sub.id, sub.lastSlot);
        this.retryAt.set(sub.id, this.o.clock.now() + RETRY_MS);
      }
      this.log.error(
        { err: { message: (err as Error).message }, subscription: sub.id, to: where, slot: new Date(slot).toISOString(), delivered },
        delivered === 0 ? 'digest not posted; will retry while within grace' : 'digest partly posted; not retried, to avoid repeating parts',
      );
    }
  }
}
