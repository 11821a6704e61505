import { Index, type Table } from '@lancedb/lancedb';

/** Items from which ingest builds an IVF_FLAT vector index; below, a flat scan is fast and exact. */
export const VECTOR_INDEX_MIN_ROWS = 5000;

/** IVF partitions for a table of `rows` vectors: about 600 rows each. */
export function vectorPartitions(rows: number): number {
  return Math.min(256, Math.max(8, Math.round(rows / 600)));
}

/**
 * Partitions a query searches: at least 50 and at least 30% of them (all of them up to about 30,000 items).
 *
 * Measured with the dev questions against an exact scan (docs/PERFORMANCE.md): near-identical items (one plan
 * item over years and districts) and short questions against long items spread a question's true neighbours over
 * many partitions, unevenly from one build of the index to the next. At 40,000 items (67 partitions) 20 probes
 * agreed on 85% of the top 10, 34 on 95%, 50 on 100%; at 100,000 (167) 20 agreed on 45%, 32 on 73–94% depending
 * on the build, 42 and more on 100%. The cost grows slowly: most of a query's time is fixed (at 100,000 items the
 * vector query's p95 went from 12 ms at 20 probes to 16 ms at 60). An attempt to measure the count at ingest with
 * questions made from items chose too few: such questions find their own item's copies, which share a partition.
 */
export function vectorProbes(rows: number): number {
  const partitions = vectorPartitions(rows);
  return Math.min(partitions, Math.max(50, Math.ceil(partitions * 0.3)));
}

/** Builds the IVF_FLAT index when the table is large enough; below VECTOR_INDEX_MIN_ROWS the scan stays exact. */
export async function buildVectorIndex(table: Table): Promise<void> {
  const rows = await table.countRows();
  if (rows < VECTOR_INDEX_MIN_ROWS) return;
  await table.createIndex('vector', { config: Index.ivfFlat({ numPartitions: vectorPartitions(rows), distanceType: 'cosine' }), replace: true });
}
