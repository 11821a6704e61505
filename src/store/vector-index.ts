import { Index, type Table } from '@lancedb/lancedb';
import { PlanItem } from '../items/index.js';
import type { Logger } from '../log/index.js';

/** Items from which ingest builds an IVF_FLAT vector index; below, a flat scan is fast and exact. */
export const VECTOR_INDEX_MIN_ROWS = 5000;

/** IVF partitions for a table of `rows` vectors: about 600 rows each. */
export function vectorPartitions(rows: number): number {
  return Math.min(256, Math.max(8, Math.round(rows / 600)));
}

/**
 * Partitions searched by a store built before probes were calibrated (see calibrateProbes): a quarter of them,
 * at least 20.
 */
export function defaultProbes(rows: number): number {
  const partitions = vectorPartitions(rows);
  return Math.min(partitions, Math.max(20, Math.ceil(partitions / 4)));
}

/** Share of the index's top 10 that must agree with an exact scan's for a probe count to be chosen. */
export const AGREEMENT_GOAL = 0.97;
const CALIBRATION_QUERIES = 24;

export interface VectorIndexOptions {
  /** The vector a question with this text gets (as the retriever makes it). */
  queryVector(text: string): Promise<number[]>;
  log: Logger;
}

/**
 * Builds the IVF_FLAT index when the table is large enough and returns the partitions a query should search,
 * or null when there is no index.
 *
 * How many partitions must be searched for the index to find what an exact scan finds depends on the corpus:
 * near-identical items (one plan item over years and districts) and short questions against long items spread
 * the true neighbours over partitions unevenly. On synthetic corpora the same share of partitions gave 73% at
 * one size and 99% at another. So the count is measured, not assumed: questions made from items
 * spread over the table (see questionsLike) are asked with the index and with every partition, and the smallest
 * count whose top 10 agrees on AGREEMENT_GOAL of ids is kept (in the corpus summary).
 */
export async function buildVectorIndex(table: Table, opts: VectorIndexOptions): Promise<number | null> {
  const rows = await table.countRows();
  if (rows < VECTOR_INDEX_MIN_ROWS) return null;
  const partitions = vectorPartitions(rows);
  await table.createIndex('vector', { config: Index.ivfFlat({ numPartitions: partitions, distanceType: 'cosine' }), replace: true });
  try {
    return await calibrateProbes(table, rows, partitions, opts);
  } catch (e) {
    // A dead embedding server must not fail an ingest that has written everything: the rule of thumb serves.
    const probes = defaultProbes(rows);
    opts.log.warn({ err: (e as Error).message, probes }, 'could not measure the vector index: searching a quarter of its partitions');
    return probes;
  }
}

async function calibrateProbes(table: Table, rows: number, partitions: number, opts: VectorIndexOptions): Promise<number> {
  const offsets = Array.from({ length: CALIBRATION_QUERIES }, (_, i) => Math.floor(((i + 0.5) * rows) / CALIBRATION_QUERIES));
  const sampled = (await table.takeOffsets(offsets).select(['json']).toArray()) as Array<{ json: string }>;
  const questions = sampled.flatMap((r) => questionsLike(PlanItem.parse(JSON.parse(r.json))));
  const vectors = await Promise.all(questions.map((q) => opts.queryVector(q)));
  const search = async (vector: number[], probes: number) =>
    (
      (await table.query().nearestTo(vector).distanceType('cosine').nprobes(probes).select(['_distance']).limit(10).toArray()) as Array<{ _distance: number }>
    ).map((r) => Number(r._distance));
  // Every partition searched is an exact scan of the indexed rows (and the unindexed ones are always scanned).
  const tenth: number[] = [];
  for (const v of vectors) tenth.push((await search(v, partitions)).at(-1) ?? Infinity);
  const agreement = async (probes: number) => {
    let shared = 0;
    for (const [i, v] of vectors.entries()) {
      const got = await search(v, probes);
      // Copies of one item tie on distance: any of them at least as close as the exact 10th agrees.
      shared += got.filter((d) => d <= tenth[i]! + 1e-6).length / Math.max(1, Math.min(10, got.length));
    }
    return shared / vectors.length;
  };
  let probes = Math.min(partitions, 20);
  for (;;) {
    const share = await agreement(probes);
    if (share >= AGREEMENT_GOAL || probes >= partitions) {
      opts.log.info({ rows, partitions, probes, agreement: Number(share.toFixed(3)) }, 'vector index: partitions a query searches, as measured');
      return probes;
    }
    probes = Math.min(partitions, Math.ceil(probes * 1.25));
  }
}

/**
 * What someone asking about an item might type: its title, and a clause from the middle of its text (a
 * question about a detail). Titles alone were too easy: a title's neighbours are copies of its own item, in its
 * own partition, and they said 20 probes where questions about details needed 50.
 */
function questionsLike(item: PlanItem): string[] {
  const title = item.title.trim();
  const clauses = item.text.split(/[,，;；。、:：]/u).filter((c) => c.trim().length >= 4);
  const detail = (clauses[Math.floor(clauses.length / 2)] ?? item.text).trim().slice(0, 12);
  return [title.length >= 4 ? title : item.text.slice(0, 20), detail];
}
