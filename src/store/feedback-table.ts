import { createRequire } from 'node:module';
import type { Connection, Table } from '@lancedb/lancedb';
import { z } from 'zod';
import { connectTo } from './item-store.js';

// Same arrow copy as LanceDB's (see tables.ts).
const { Field, Float64, Schema, Utf8 } = createRequire(import.meta.url)('apache-arrow') as typeof import('apache-arrow');

/**
 * What people said about the bot's answers (`/错了` in any channel, WeCom's thumbs up/down), kept beside the
 * items and the reminders' tables so that one database, one backup, holds it. Each row carries what is
 * needed to turn a miss into an eval case: the question, the items cited, how confident the bot was and how
 * the reply was made. Rows are re-validated on read: the database is outside input like any file.
 */

const FEEDBACK = 'chat_feedback';

const str = (name: string, nullable = false) => new Field(name, new Utf8(), nullable);
const schema = new Schema([
  str('id'),
  str('at'),
  str('verdict'),
  str('source'),
  str('channel'),
  str('room_id', true),
  str('user_id'),
  str('question'),
  str('cited'),
  str('confidence', true),
  new Field('score', new Float64(), true),
  str('mode', true),
  str('comment', true),
]);

export type FeedbackVerdict = 'down' | 'up' | 'cancel';

export interface FeedbackRecord {
  id: string;
  /** ISO time the feedback was given. */
  at: string;
  verdict: FeedbackVerdict;
  /** `command` (/错了, /不对) or `wecom-event` (the client's thumbs). */
  source: 'command' | 'wecom-event';
  channel: string;
  roomId: string | null;
  userId: string;
  question: string;
  citedIds: string[];
  confidence: string | null;
  score: number | null;
  mode: string | null;
  comment: string | null;
}

const Row = z.object({
  id: z.string(),
  at: z.string(),
  verdict: z.enum(['down', 'up', 'cancel']),
  source: z.enum(['command', 'wecom-event']),
  channel: z.string(),
  room_id: z.string().nullable(),
  user_id: z.string(),
  question: z.string(),
  cited: z.string().transform((s, ctx) => {
    try {
      return z.array(z.string()).parse(JSON.parse(s));
    } catch {
      ctx.addIssue({ code: 'custom', message: `cited is not a JSON list of ids: ${s}` });
      return z.NEVER;
    }
  }),
  confidence: z.string().nullable(),
  score: z.number().nullable(),
  mode: z.string().nullable(),
  comment: z.string().nullable(),
});

export class FeedbackStateError extends Error {
  override name = 'FeedbackStateError';
}

export class FeedbackTable {
  private queue: Promise<unknown> = Promise.resolve();

  private constructor(private readonly table: Table | undefined) {}

  /** Opens the table in a store's database, creating it unless `create` is false (a listing only reads). */
  static async open(db: Connection, options: { create?: boolean } = {}): Promise<FeedbackTable> {
    const exists = (await db.tableNames()).includes(FEEDBACK);
    if (exists) return new FeedbackTable(await db.openTable(FEEDBACK));
    if (options.create === false) return new FeedbackTable(undefined);
    return new FeedbackTable(await db.createEmptyTable(FEEDBACK, schema, { existOk: true }));
  }

  /** For `planbot feedback`: reads the table at a store's URI without opening the store (no embedder needed). */
  static async openAt(uri: string): Promise<FeedbackTable & { dispose(): void }> {
    const db = await connectTo(uri);
    const t = await FeedbackTable.open(db, { create: false });
    return Object.assign(t, { dispose: () => db.close() });
  }

  add(record: FeedbackRecord): Promise<void> {
    const table = this.table;
    if (!table) return Promise.reject(new FeedbackStateError(`table ${FEEDBACK} is not open for writing`));
    const run = this.queue.then(() =>
      table.add([
        {
          id: record.id,
          at: record.at,
          verdict: record.verdict,
          source: record.source,
          channel: record.channel,
          room_id: record.roomId,
          user_id: record.userId,
          question: record.question,
          cited: JSON.stringify(record.citedIds),
          confidence: record.confidence,
          score: record.score,
          mode: record.mode,
          comment: record.comment,
        },
      ]),
    );
    this.queue = run.catch(() => undefined);
    return run.then(() => undefined);
  }

  /** Oldest first; `since` (YYYY-MM-DD or an ISO time) keeps those given at or after it. */
  async list(options: { since?: string } = {}): Promise<FeedbackRecord[]> {
    if (!this.table) return [];
    const raw = await this.table.query().toArray();
    const rows = raw.map((r, i) => {
      const parsed = Row.safeParse({ ...r });
      if (!parsed.success)
        throw new FeedbackStateError(`table ${FEEDBACK}, row ${i}: ${parsed.error.issues.map((x) => `${x.path.join('.')}: ${x.message}`).join('; ')}`);
      const p = parsed.data;
      return {
        id: p.id,
        at: p.at,
        verdict: p.verdict,
        source: p.source,
        channel: p.channel,
        roomId: p.room_id,
        userId: p.user_id,
        question: p.question,
        citedIds: p.cited,
        confidence: p.confidence,
        score: p.score,
        mode: p.mode,
        comment: p.comment,
      } satisfies FeedbackRecord;
    });
    const since = options.since;
    return rows.filter((r) => since === undefined || r.at >= since).sort((a, b) => a.at.localeCompare(b.at) || a.id.localeCompare(b.id));
  }
}
