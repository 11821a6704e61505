import { createHash } from 'node:crypto';
import { createRequire } from 'node:module';
import type { Connection, Table } from '@lancedb/lancedb';
import type { Logger } from '../log/index.js';
import type { Embedder } from './embedder.js';
import { sqlIn } from './tables.js';

// LanceDB reads apache-arrow's CommonJS build: the schema must come from the same copy (see tables.ts).
const { Field, FixedSizeList, Float32, Schema, Utf8 } = createRequire(import.meta.url)('apache-arrow') as typeof import('apache-arrow');

/** Outside the plan tables' names, so that the store's clean-up of unused plan tables never drops it. */
export const CACHE_TABLE = 'embedding_cache';

/** The cache key: the embedder (model and profile) and the exact text, hashed. */
export function cacheKey(embedderId: string, text: string): string {
  return createHash('sha256').update(embedderId).update('\n').update(text).digest('hex');
}

const LOOKUP_CHUNK = 500;

/**
 * Vectors a model made before, by text: a re-ingest after an edit, a rebuild after a crash or a restart of the
 * embedding server embeds only texts it has not seen. Content-addressed, so it is never wrong, only incomplete;
 * it lives beside the plan tables and is not part of a store version. Only for models, where a text costs
 * milliseconds; the lexical embedder is cheaper than a lookup.
 */
export class EmbeddingCache {
  private constructor(
    private readonly table: Table,
    private readonly embedder: Embedder,
    private readonly log: Logger,
  ) {}

  static async open(db: Connection, embedder: Embedder, log: Logger): Promise<EmbeddingCache> {
    const name = `${CACHE_TABLE}_${embedder.dimension}`;
    const names = await db.tableNames();
    const schema = new Schema([
      new Field('key', new Utf8(), false),
      new Field('vector', new FixedSizeList(embedder.dimension, new Field('item', new Float32(), true)), false),
    ]);
    const table = names.includes(name) ? await db.openTable(name) : await db.createEmptyTable(name, schema, { existOk: true });
    return new EmbeddingCache(table, embedder, log);
  }

  /** Vectors for `texts` in order: cached ones read, the others embedded (in one call) and remembered. */
  async embed(texts: string[]): Promise<{ vectors: number[][]; embedded: number }> {
    const keys = texts.map((t) => cacheKey(this.embedder.id, t));
    const known = await this.lookup([...new Set(keys)]);
    const missing = [...new Set(texts.filter((_, i) => !known.has(keys[i]!)))];
    if (missing.length) {
      const fresh = await this.embedder.embed(missing);
      const rows = missing.map((t, i) => ({ key: cacheKey(this.embedder.id, t), vector: fresh[i]! }));
      for (const r of rows) known.set(r.key, r.vector);
      try {
        await this.table.add(rows);
      } catch (e) {
        // A cache that cannot be written only costs time on the next ingest.
        this.log.warn({ err: (e as Error).message }, 'could not remember embeddings');
      }
    }
    return { vectors: keys.map((k) => known.get(k)!), embedded: missing.length };
  }

  private async lookup(keys: string[]): Promise<Map<string, number[]>> {
    const out = new Map<string, number[]>();
    for (let i = 0; i < keys.length; i += LOOKUP_CHUNK) {
      const rows = (await this.table
        .query()
        .where(sqlIn('key', keys.slice(i, i + LOOKUP_CHUNK)))
        .select(['key', 'vector'])
        .toArray()) as Array<{ key: string; vector: ArrayLike<number> }>;
      for (const r of rows) out.set(r.key, Array.from(r.vector));
    }
    return out;
  }

  close(): void {
    this.table.close();
  }
}
