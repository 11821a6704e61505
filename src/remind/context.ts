import type { Config, SecretKey } from '../config/index.js';
import type { Logger } from '../log/index.js';
import type { RemindTables } from './tables.js';
import { dateInZone } from './calendar.js';
import type { Clock } from './clock.js';
import type { TargetBook } from './target-book.js';

/** The secrets only to mask them in what a webhook posts. */
export type RemindConfig = Pick<Config, 'COORDINATORS' | 'TZ' | 'DIGEST_GRACE_MINUTES'> &
  Partial<Pick<Config, SecretKey | 'OVERDUE_DAYS' | 'MAX_MESSAGE_CHARS'>>;

/** What the chat commands share: the targets, the state tables, the clock and the scheduler to wake. */
export interface RemindContext {
  config: RemindConfig;
  book: TargetBook;
  tables: RemindTables;
  clock: Clock;
  log: Logger;
  /** Called after a subscription is added or removed. */
  onSubscriptionsChanged(): Promise<void>;
  /** Whether a chat channel still reaches the room (false: an orphaned subscription); undefined when unknown. */
  reachesRoom(roomId: string): Promise<boolean | undefined>;
  /** The web view's address, for "the rest is there" links; undefined when it is off. */
  webUrl?: string;
}

export function todayOf(ctx: Pick<RemindContext, 'clock' | 'config'>): string {
  return dateInZone(ctx.clock.now(), ctx.config.TZ);
}
