import { createRequire } from 'node:module';
import type { Connection, Table } from '@lancedb/lancedb';
import { sqlString } from './tables.js';

const { Field, Schema, Utf8 } = createRequire(import.meta.url)('apache-arrow') as typeof import('apache-arrow');

/**
 * The group chats a platform has shown the bot, for platforms that cannot list them (a WeCom bot learns a
 * chat id only when someone @s it there). Kept in the store so that after a restart scheduled digests still
 * reach every group the bot has been asked in.
 */
const ROOMS = 'chat_rooms';
const schema = new Schema([new Field('channel', new Utf8(), false), new Field('room_id', new Utf8(), false), new Field('first_seen', new Utf8(), false)]);

export class RoomTable {
  private queue: Promise<unknown> = Promise.resolve();

  private constructor(private readonly table: Table) {}

  static async open(db: Connection): Promise<RoomTable> {
    const exists = (await db.tableNames()).includes(ROOMS);
    return new RoomTable(exists ? await db.openTable(ROOMS) : await db.createEmptyTable(ROOMS, schema, { existOk: true }));
  }

  async rooms(channel: string): Promise<string[]> {
    await this.table.checkoutLatest();
    const rows = await this.table
      .query()
      .where(`channel = ${sqlString(channel)}`)
      .toArray();
    return rows.map((r) => (r as { room_id?: unknown }).room_id).filter((id): id is string => typeof id === 'string');
  }

  /** Idempotent: a room already known keeps its first sighting. */
  remember(channel: string, roomId: string, at: string): Promise<void> {
    const run = this.queue.then(() =>
      this.table
        .mergeInsert(['channel', 'room_id'])
        .whenNotMatchedInsertAll()
        .execute([{ channel, room_id: roomId, first_seen: at }]),
    );
    this.queue = run.catch(() => undefined);
    return run.then(() => undefined);
  }
}
