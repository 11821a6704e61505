import { createRequire } from 'node:module';
import type { Connection, Table } from '@lancedb/lancedb';
import { sqlString } from './tables.js';

const { Field, Float64, Schema, Utf8 } = createRequire(import.meta.url)('apache-arrow') as typeof import('apache-arrow');

/**
 * Who holds a connection that only one process may hold (a WeCom bot: a second connection with the same bot
 * id makes WeCom close the first, and two planbots then kick each other out every few seconds). A lease row
 * per name in the shared store: the holder renews it; anyone else may take it once it has expired. Writes are
 * conditional and read back, so of two processes racing for an expired lease one believes it holds it, and a
 * holder that finds another name on renewal lets go.
 */

const LEASES = 'chat_leases';
const schema = new Schema([new Field('name', new Utf8(), false), new Field('holder', new Utf8(), false), new Field('expires_at', new Float64(), false)]);

export interface LeaseState {
  held: boolean;
  /** Who holds it now (empty when nobody does). */
  holder: string;
  expiresAt: number;
}

export class LeaseTable {
  private constructor(private readonly table: Table) {}

  static async open(db: Connection): Promise<LeaseTable> {
    const exists = (await db.tableNames()).includes(LEASES);
    return new LeaseTable(exists ? await db.openTable(LEASES) : await db.createEmptyTable(LEASES, schema, { existOk: true }));
  }

  private async current(name: string): Promise<{ holder: string; expiresAt: number } | undefined> {
    // Another process may have written since this handle last looked.
    await this.table.checkoutLatest();
    const rows = await this.table
      .query()
      .where(`name = ${sqlString(name)}`)
      .toArray();
    // Two processes inserting the first row at once leave two rows: both read the same one, the earliest holder name.
    const r = (rows as Array<{ holder?: unknown; expires_at?: unknown }>).sort((x, y) => String(x.holder).localeCompare(String(y.holder)))[0];
    if (!r || typeof r.holder !== 'string' || typeof r.expires_at !== 'number') return undefined;
    return { holder: r.holder, expiresAt: r.expires_at };
  }

  /** Take the lease, or renew it when `holder` already has it, until `now + ttlMs`. */
  async acquire(name: string, holder: string, ttlMs: number, now: number): Promise<LeaseState> {
    const before = await this.current(name);
    if (before && before.holder !== holder && before.expiresAt > now) return { held: false, ...before };
    await this.table
      .mergeInsert('name')
      .whenMatchedUpdateAll({ where: `target.holder = ${sqlString(holder)} OR target.expires_at <= ${now}` })
      .whenNotMatchedInsertAll()
      .execute([{ name, holder, expires_at: now + ttlMs }]);
    const after = await this.current(name);
    if (!after) return { held: false, holder: '', expiresAt: 0 };
    return { held: after.holder === holder, ...after };
  }

  /** Give the lease up at once (a clean stop), so that a standby need not wait for it to expire. */
  async release(name: string, holder: string): Promise<void> {
    await this.table.checkoutLatest();
    await this.table.delete(`name = ${sqlString(name)} AND holder = ${sqlString(holder)}`);
  }
}
