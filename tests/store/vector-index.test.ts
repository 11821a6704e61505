import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { synthesize } from '../../src/bench/corpus.js';
import { agreeingShare } from '../../src/bench/vector-agreement.js';
import type { ParsedDocument } from '../../src/items/index.js';
import { silentLogger } from '../../src/log/index.js';
import { ingestDocuments } from '../../src/store/ingest.js';
import { ItemStore } from '../../src/store/item-store.js';
import { HashedLexicalEmbedder } from '../../src/store/lexical-embedder.js';
import { parsedSeeds } from '../helpers/seeds.js';
import { tempDir } from './helpers.js';
import { VECTOR_INDEX_MIN_ROWS, vectorPartitions, vectorProbes } from '../../src/store/vector-index.js';

describe('the vector index parameters', () => {
  it('keep about 600 rows a partition, within 8 and 256 partitions', () => {
    expect(vectorPartitions(VECTOR_INDEX_MIN_ROWS)).toBe(8);
    expect(vectorPartitions(40000)).toBe(67);
    expect(vectorPartitions(100000)).toBe(167);
    expect(vectorPartitions(1_000_000)).toBe(256);
  });

  it('search at least 50 partitions and at least 30% of them, never more than there are', () => {
    expect(vectorProbes(VECTOR_INDEX_MIN_ROWS)).toBe(8);
    expect(vectorProbes(20000)).toBe(33);
    expect(vectorProbes(40000)).toBe(50);
    expect(vectorProbes(100000)).toBe(51);
    expect(vectorProbes(1_000_000)).toBe(77);
    for (const rows of [5000, 12000, 50000, 150000, 400000]) {
      expect(vectorProbes(rows)).toBeLessThanOrEqual(vectorPartitions(rows));
      expect(vectorProbes(rows) / vectorPartitions(rows)).toBeGreaterThanOrEqual(0.3);
    }
  });
});

describe('the vector index of a large store', () => {
  const tmp = tempDir();
  afterAll(() => tmp.cleanup());
  let seeds: ParsedDocument[];
  beforeAll(async () => {
    seeds = (await parsedSeeds()).documents;
  });

  it('finds with the index what an exact scan finds, and scans a one-document scope whole', async () => {
    const uri = join(tmp.dir, 'measured');
    const embedder = new HashedLexicalEmbedder();
    await ingestDocuments({
      uri,
      embedder,
      log: silentLogger,
      documents: synthesize(seeds, VECTOR_INDEX_MIN_ROWS + 200),
      removeMissing: true,
      batchItems: 2048,
    });
    const store = await ItemStore.open({ uri, embedder, log: silentLogger });
    try {
      const rows = store.statistics.items;
      const probes = store.vectorProbes();
      expect(probes).toBeGreaterThanOrEqual(1);
      expect(probes).toBeLessThanOrEqual(vectorPartitions(rows));
      // Questions of the kind the measurement asks: with the chosen probes the index finds what a scan finds.
      const table = store.tables().items;
      const items = await store.items();
      let shared = 0;
      const asked = items.filter((_, i) => i % 500 === 7).map((i) => i.title);
      for (const title of asked) {
        const vector = await embedder.embedQuery(title, store.statistics);
        const distances = async (exactScan: boolean) => {
          const q = table.query().nearestTo(vector).distanceType('cosine').nprobes(probes);
          const rows = (await (exactScan ? q.bypassVectorIndex() : q).select(['_distance']).limit(10).toArray()) as Array<{ _distance: number }>;
          return rows.map((r) => Number(r._distance));
        };
        const [exact, got] = [await distances(true), await distances(false)];
        shared += agreeingShare(got, exact.at(-1)!);
      }
      expect(shared / asked.length).toBeGreaterThanOrEqual(0.9);

      // A question about one document among thousands: its few items are scanned whole, as an exact search would.
      const exact = await ItemStore.open({ uri, embedder, log: silentLogger, exactVectorSearch: true });
      try {
        const doc = items[1234]!.doc;
        for (const title of asked.slice(0, 5)) {
          const vector = await embedder.embedQuery(title, store.statistics);
          const ids = async (s: ItemStore) => (await s.search({ vector, docs: [doc], limit: 10 })).map((h) => h.item.id);
          expect(await ids(store)).toEqual(await ids(exact));
          expect((await ids(store)).length).toBeGreaterThan(0);
        }
      } finally {
        exact.close();
      }
    } finally {
      store.close();
    }
  });
});
