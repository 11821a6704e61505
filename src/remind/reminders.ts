import type { Connection } from '@lancedb/lancedb';
import { secretKeys } from '../config/index.js';
import type { ChatCommand, RoomPoster } from '../chat/ports.js';
import type { Logger } from '../log/index.js';
import { RemindTables } from './tables.js';
import { systemClock, type Clock } from './clock.js';
import type { RemindConfig, RemindContext } from './context.js';
import { coordinatorWarnings } from './coordinators.js';
import { remindCommand } from './remind-command.js';
import { DigestScheduler } from './scheduler.js';
import { TargetBook, type ItemSource } from './target-book.js';
import { add, done, targetCommand, undo, type Actor } from './target-command.js';
import { WecomWebhook } from './webhook.js';

export interface RemindersOptions {
  config: RemindConfig;
  log: Logger;
  /** The item store (its `items()` and the LanceDB connection the reminders keep their tables in). */
  store: ItemSource & { readonly db: Connection };
  clock?: Clock;
  /** The web view's address for links in replies (see webUrlOf); none when the web view is off. */
  webUrl?: string;
  /** For tests; the global fetch otherwise. */
  fetch?: typeof fetch;
}

export interface Reminders {
  /** `/remind` (`/提醒`) and `/target` (`/目标`), for the chat router. */
  commands: ChatCommand[];
  scheduler: {
    /** Starts posting digests through the adapters that own their rooms (or the subscriptions' webhooks). */
    start(posters: RoomPoster[]): Promise<void>;
    stop(): void;
    /** Resolves when no digest round is in flight (call after stop() before closing the store). */
    idle(): Promise<void>;
  };
  book: TargetBook;
  tables: RemindTables;
  /**
   * The changes `/target` makes, for other front ends (the web view): same checks, same replies, same audit
   * lines. Whether the actor may make them is the caller's to decide.
   */
  actions: {
    done(id: string, actor: Actor): Promise<string>;
    undo(id: string, actor: Actor): Promise<string>;
    /** `2026-12-15 内容 负责:单位`, as after `/target add`. */
    add(line: string, actor: Actor): Promise<string>;
  };
}

/** Everything the bot wires for reminders: open once at start-up, hand `commands` to the router, start the scheduler. */
export async function createReminders(o: RemindersOptions): Promise<Reminders> {
  const clock = o.clock ?? systemClock;
  const log = o.log.child({ module: 'remind' });
  for (const warning of coordinatorWarnings(o.config.COORDINATORS)) log.warn(warning);
  const tables = await RemindTables.open(o.store.db);
  const book = new TargetBook(o.store, tables, { overdueDays: o.config.OVERDUE_DAYS });
  const webhook = new WecomWebhook({ clock, log, fetch: o.fetch, secrets: secretKeys.map((k) => o.config[k]) });
  const scheduler = new DigestScheduler({ book, tables, webhook, clock, log, tz: o.config.TZ, graceMs: o.config.DIGEST_GRACE_MINUTES * 60_000 });
  const ctx: RemindContext = {
    config: o.config,
    book,
    tables,
    clock,
    log,
    onSubscriptionsChanged: () => scheduler.refresh(),
    reachesRoom: (id) => scheduler.reachesRoom(id),
    webUrl: o.webUrl,
  };
  return {
    commands: [remindCommand(ctx), targetCommand(ctx)],
    scheduler: { start: (posters) => scheduler.start(posters), stop: () => scheduler.stop(), idle: () => scheduler.idle() },
    book,
    tables,
    actions: { done: (id, a) => done(ctx, id, a), undo: (id, a) => undo(ctx, id, a), add: (line, a) => add(ctx, line.normalize('NFKC').trim(), a) },
  };
}
