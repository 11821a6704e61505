import { createRequire } from 'node:module';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Index, connect } from '@lancedb/lancedb';
import { arrowTable } from '../store/arrow-table.js';
import { vectorPartitions } from '../store/vector-index.js';
import { percentile } from './timing.js';

const { Field, FixedSizeList, Float32, Schema, Utf8 } = createRequire(import.meta.url)('apache-arrow') as typeof import('apache-arrow');

/**
 * How far the store's vector index (IVF_FLAT with the partitions of store/vector-index.ts) agrees with an exact
 * scan for a set of vectors of any dimension, at each probe count: the share of the index's top 10 that is at
 * least as close as the exact scan's 10th, and the indexed query's p95.
 */
export async function indexAgreement(
  vectors: ArrayLike<number>[],
  queries: number[][],
  probeCounts: number[],
): Promise<{ partitions: number; byProbes: Array<{ probes: number; agreement: number; p95: number }> }> {
  const temp = await mkdtemp(join(tmpdir(), 'planbot-agreement-'));
  try {
    const dimension = vectors[0]!.length;
    const schema = new Schema([
      new Field('id', new Utf8(), false),
      new Field('vector', new FixedSizeList(dimension, new Field('item', new Float32(), true)), false),
    ]);
    const db = await connect(temp);
    const table = await db.createEmptyTable('vectors', schema);
    for (let i = 0; i < vectors.length; i += 10000) {
      await table.add(
        arrowTable(
          schema,
          vectors.slice(i, i + 10000).map((vector, n) => ({ id: String(i + n), vector })),
        ),
      );
    }
    const partitions = vectorPartitions(vectors.length);
    await table.createIndex('vector', { config: Index.ivfFlat({ numPartitions: partitions, distanceType: 'cosine' }), replace: true });
    const tenth: number[] = [];
    for (const q of queries) {
      const exact = await table.query().nearestTo(q).distanceType('cosine').bypassVectorIndex().select(['_distance']).limit(10).toArray();
      tenth.push(Number(exact.at(-1)?._distance ?? Infinity));
    }
    const byProbes = [];
    for (const probes of probeCounts.filter((p) => p <= partitions)) {
      let shared = 0;
      const times: number[] = [];
      for (const [i, q] of queries.entries()) {
        const s = performance.now();
        const got = await table.query().nearestTo(q).distanceType('cosine').nprobes(probes).select(['_distance']).limit(10).toArray();
        times.push(performance.now() - s);
        shared += agreeingShare(
          got.map((r) => Number(r._distance)),
          tenth[i]!,
        );
      }
      byProbes.push({ probes, agreement: (shared / queries.length) * 100, p95: percentile(times, 95) });
    }
    db.close();
    return { partitions, byProbes };
  } finally {
    await rm(temp, { recursive: true, force: true });
  }
}

/**
 * The share of an indexed top 10 (its distances) that an exact scan agrees with: an item counts when it is at
 * least as close as the exact scan's 10th, since copies of one item tie on distance and which of them a top 10
 * holds is arbitrary.
 */
export function agreeingShare(distances: readonly number[], exactTenth: number): number {
  return distances.filter((d) => d <= exactTenth + 1e-6).length / Math.max(1, Math.min(10, distances.length));
}

/** A unit vector near `v`: v plus Gaussian noise of per-dimension deviation `sigma`, normalised. */
export function nearby(v: ArrayLike<number>, sigma: number, random: () => number): Float32Array {
  const out = new Float32Array(v.length);
  let norm = 0;
  for (let i = 0; i < v.length; i++) {
    // Box–Muller: one normal deviate per dimension.
    const g = Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
    out[i] = v[i]! + sigma * g;
    norm += out[i]! * out[i]!;
  }
  norm = Math.sqrt(norm);
  for (let i = 0; i < out.length; i++) out[i]! /= norm;
  return out;
}

/** A seeded generator, so that two runs build the same vectors. */
export function seededRandom(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}
