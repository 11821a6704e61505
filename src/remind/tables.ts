import type { Connection, Table } from '@lancedb/lancedb';
import { Bool, Field, Int32, Schema, Utf8 } from 'apache-arrow';
import { z } from 'zod';
import type { CoordinatorTarget } from './targets.js';
import type { Subscription } from './subscription.js';
import { sqlString } from '../store/tables.js';

/**
 * The reminders' own state, in the same LanceDB database as the items: coordinators' targets, "done"
 * marks (for plan and coordinator targets alike, keyed by target id) and digest subscriptions with the
 * last slot each one sent. Rows are re-validated on read: the database is outside input like any file.
 */

const TARGETS = 'remind_targets';
const DONE = 'remind_done';
const SUBSCRIPTIONS = 'remind_subscriptions';

const str = (name: string, nullable = false) => new Field(name, new Utf8(), nullable);

const schemas: Record<string, Schema> = {
  [TARGETS]: new Schema([
    str('id'),
    str('text'),
    str('deadline'),
    str('units'),
    str('added_by'),
    str('added_by_name'),
    str('added_at'),
    str('room_id', true),
    str('removed_by', true),
    str('removed_at', true),
  ]),
  [DONE]: new Schema([str('target_id'), str('done_by'), str('done_by_name'), str('done_at')]),
  [SUBSCRIPTIONS]: new Schema([
    str('id'),
    str('room_id'),
    str('room_topic', true),
    str('channel'),
    str('label'),
    str('cron'),
    new Field('within_days', new Int32(), false),
    str('unit', true),
    str('webhook', true),
    new Field('quiet', new Bool(), false),
    str('created_by'),
    str('created_by_name'),
    str('created_at'),
    str('last_slot', true),
  ]),
};

const TargetRow = z.object({
  id: z.string(),
  text: z.string(),
  deadline: z.string(),
  units: z.string().transform((s, ctx) => {
    try {
      return z.array(z.string()).parse(JSON.parse(s));
    } catch {
      ctx.addIssue({ code: 'custom', message: `units is not a JSON list of names: ${s}` });
      return z.NEVER;
    }
  }),
  added_by: z.string(),
  added_by_name: z.string(),
  added_at: z.string(),
  room_id: z.string().nullable(),
  removed_by: z.string().nullable(),
  removed_at: z.string().nullable(),
});

const DoneRow = z.object({ target_id: z.string(), done_by: z.string(), done_by_name: z.string(), done_at: z.string() });

const SubscriptionRow = z.object({
  id: z.string(),
  room_id: z.string(),
  room_topic: z.string().nullable(),
  channel: z.string(),
  label: z.string(),
  cron: z.string(),
  within_days: z.number().int(),
  unit: z.string().nullable(),
  webhook: z.string().nullable(),
  quiet: z.boolean(),
  created_by: z.string(),
  created_by_name: z.string(),
  created_at: z.string(),
  last_slot: z.string().nullable(),
});

export interface DoneMark {
  targetId: string;
  doneBy: string;
  doneByName: string;
  doneAt: string;
}

export class RemindStateError extends Error {
  override name = 'RemindStateError';
}

/** SQL string literal for a LanceDB filter. Ids are validated before they get here; quotes are doubled anyway. */

const isoOrNull = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());

function nextNumber(prefix: string, ids: string[]): number {
  let max = 0;
  for (const id of ids) {
    const m = new RegExp(`^${prefix}(\\d+)$`).exec(id);
    if (m) max = Math.max(max, Number(m[1]));
  }
  return max + 1;
}

export class RemindTables {
  /** Writes run one after another, so that "next id" and "read, then write" steps cannot interleave. */
  private queue: Promise<unknown> = Promise.resolve();

  private constructor(private readonly tables: Partial<Record<string, Table>>) {}

  /**
   * Opens the tables, creating the missing ones unless `create` is false (a read-only listing then sees
   * an empty state instead of writing into a database it only reads).
   */
  static async open(db: Connection, options: { create?: boolean } = {}): Promise<RemindTables> {
    const create = options.create ?? true;
    const existing = new Set(await db.tableNames());
    const tables: Partial<Record<string, Table>> = {};
    for (const [name, schema] of Object.entries(schemas)) {
      if (existing.has(name)) tables[name] = await db.openTable(name);
      else if (create) tables[name] = await db.createEmptyTable(name, schema, { existOk: true });
    }
    return new RemindTables(tables);
  }

  /** No database at all (nothing ingested yet): every read is empty, every write fails. */
  static empty(): RemindTables {
    return new RemindTables({});
  }

  private async rows<T>(name: string, row: z.ZodType<T>): Promise<T[]> {
    const table = this.tables[name];
    if (!table) return [];
    const raw = await table.query().toArray();
    return raw.map((r, i) => {
      const parsed = row.safeParse({ ...r });
      if (!parsed.success)
        throw new RemindStateError(`table ${name}, row ${i}: ${parsed.error.issues.map((x) => `${x.path.join('.')}: ${x.message}`).join('; ')}`);
      return parsed.data;
    });
  }

  private write<T>(name: string, fn: (table: Table) => Promise<T>): Promise<T> {
    const table = this.tables[name];
    if (!table) return Promise.reject(new RemindStateError(`table ${name} is not open for writing`));
    const run = this.queue.then(() => fn(table));
    this.queue = run.catch(() => undefined);
    return run;
  }

  async coordinatorTargets(): Promise<CoordinatorTarget[]> {
    return (await this.rows(TARGETS, TargetRow))
      .filter((r) => r.removed_at === null)
      .map((r) => ({
        id: r.id,
        text: r.text,
        deadline: r.deadline,
        units: r.units,
        addedBy: r.added_by,
        addedByName: r.added_by_name,
        addedAt: r.added_at,
        roomId: r.room_id,
      }));
  }

  addCoordinatorTarget(t: Omit<CoordinatorTarget, 'id'>): Promise<CoordinatorTarget> {
    return this.write(TARGETS, async (table) => {
      // Removed targets keep their row, so a number is never handed out twice: "done c3" in last week's
      // chat must not hit a new target.
      const known = (await this.rows(TARGETS, TargetRow)).map((x) => x.id);
      const target: CoordinatorTarget = { ...t, id: `c${nextNumber('c', known)}` };
      await table.add([
        {
          id: target.id,
          text: target.text,
          deadline: target.deadline,
          units: JSON.stringify(target.units),
          added_by: target.addedBy,
          added_by_name: target.addedByName,
          added_at: target.addedAt,
          room_id: target.roomId,
          removed_by: null,
          removed_at: null,
        },
      ]);
      return target;
    });
  }

  /** True when there was such a target. The row stays, marked removed (by whom, when), and its done mark goes. */
  async removeCoordinatorTarget(id: string, by: string, at: string): Promise<boolean> {
    const removed = await this.write(TARGETS, async (table) => {
      const where = `id = ${sqlString(id)} AND removed_at IS NULL`;
      if ((await table.countRows(where)) === 0) return false;
      await table.update({ where, values: { removed_by: by, removed_at: at } });
      return true;
    });
    if (removed) await this.unmarkDone(id);
    return removed;
  }

  async doneMarks(): Promise<DoneMark[]> {
    return (await this.rows(DONE, DoneRow)).map((r) => ({ targetId: r.target_id, doneBy: r.done_by, doneByName: r.done_by_name, doneAt: r.done_at }));
  }

  async doneIds(): Promise<Set<string>> {
    return new Set((await this.doneMarks()).map((d) => d.targetId));
  }

  /** False when the target was already marked done. */
  markDone(mark: DoneMark): Promise<boolean> {
    return this.write(DONE, async (table) => {
      if ((await table.countRows(`target_id = ${sqlString(mark.targetId)}`)) > 0) return false;
      await table.add([{ target_id: mark.targetId, done_by: mark.doneBy, done_by_name: mark.doneByName, done_at: mark.doneAt }]);
      return true;
    });
  }

  /** False when the target was not marked done. */
  unmarkDone(targetId: string): Promise<boolean> {
    return this.write(DONE, async (table) => (await table.delete(`target_id = ${sqlString(targetId)}`)).numDeletedRows > 0);
  }

  async subscriptions(): Promise<Subscription[]> {
    return (await this.rows(SUBSCRIPTIONS, SubscriptionRow)).map((r) => ({
      id: r.id,
      roomId: r.room_id,
      roomTopic: r.room_topic,
      channel: r.channel,
      label: r.label,
      cron: r.cron,
      withinDays: r.within_days,
      unit: r.unit,
      webhook: r.webhook,
      quiet: r.quiet,
      createdBy: r.created_by,
      createdByName: r.created_by_name,
      createdAt: Date.parse(r.created_at),
      lastSlot: r.last_slot === null ? null : Date.parse(r.last_slot),
    }));
  }

  addSubscription(s: Omit<Subscription, 'id'>): Promise<Subscription> {
    return this.write(SUBSCRIPTIONS, async (table) => {
      const sub: Subscription = {
        ...s,
        id: `s${nextNumber(
          's',
          (await this.subscriptions()).map((x) => x.id),
        )}`,
      };
      await table.add([
        {
          id: sub.id,
          room_id: sub.roomId,
          room_topic: sub.roomTopic,
          channel: sub.channel,
          label: sub.label,
          cron: sub.cron,
          within_days: sub.withinDays,
          unit: sub.unit,
          webhook: sub.webhook,
          quiet: sub.quiet,
          created_by: sub.createdBy,
          created_by_name: sub.createdByName,
          created_at: new Date(sub.createdAt).toISOString(),
          last_slot: isoOrNull(sub.lastSlot),
        },
      ]);
      return sub;
    });
  }

  removeSubscription(id: string): Promise<boolean> {
    return this.write(SUBSCRIPTIONS, async (table) => (await table.delete(`id = ${sqlString(id)}`)).numDeletedRows > 0);
  }

  /**
   * Claims a slot for sending: true only when the subscription's last slot is still older than `slot`. The
   * check and the write are one update, so two processes sharing the database cannot both claim a slot.
   */
  claimSlot(id: string, slot: number): Promise<boolean> {
    return this.write(SUBSCRIPTIONS, async (table) => {
      const iso = isoOrNull(slot)!;
      // ISO timestamps of one format (UTC, ms) sort as text.
      const where = `id = ${sqlString(id)} AND (last_slot IS NULL OR last_slot < ${sqlString(iso)})`;
      return (await table.update({ where, values: { last_slot: iso } })).rowsUpdated > 0;
    });
  }

  setLastSlot(id: string, slot: number | null): Promise<void> {
    return this.write(SUBSCRIPTIONS, async (table) => {
      await table.update({ where: `id = ${sqlString(id)}`, values: { last_slot: isoOrNull(slot) } });
    });
  }
}
