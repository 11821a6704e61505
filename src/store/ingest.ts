import { Index, type Connection, type Table } from '@lancedb/lancedb';
import { createHash } from 'node:crypto';
import type { ParsedDocument, PlanItem, SkippedFile } from '../items/index.js';
import { indexedText } from './indexed-text.js';
import type { Logger } from '../log/index.js';
import { parseFolder, type ReadLimits } from '../parse/index.js';
import { CorpusStatistics } from './corpus-stats.js';
import type { Embedder } from './embedder.js';
import { EmbeddingCache } from './embedding-cache.js';
import { textFeatures } from './features.js';
import { acquireIngestLock } from './ingest-lock.js';
import { ItemStore, connectTo } from './item-store.js';
import {
  commitManifest,
  openCommitted,
  readManifest,
  unreferencedPlanTables,
  type ManifestTables,
  type PlanTableRole,
  type StoreManifest,
} from './manifest.js';
import { TABLES, VECTOR_INDEX_MIN_ROWS, filesSchema, itemsSchema, sqlIn, targetsSchema, type FileRow, type ItemRow, type TargetRow } from './tables.js';
import { pauseForTest } from './test-pause.js';
import { sharedTokenizer } from './tokenizer.js';
import { harvestUserWords } from './user-dictionary.js';

export interface IngestProgress {
  /** Items embedded so far in this run, of `total` to embed. */
  done: number;
  total: number;
  file: string;
}

export interface IngestOptions {
  uri: string;
  embedder: Embedder;
  log: Logger;
  onProgress?: (p: IngestProgress) => void;
  /** Items embedded and written per step; bounds memory on large corpora. */
  batchItems?: number;
  /** How long a lock held from another host stays valid without a heartbeat (ingest-lock.ts). */
  lockLeaseMs?: number;
}

/** `planbot ingest --json`: counts of what the store serves after the run. */
export interface IngestResult {
  documents: number;
  items: number;
  targets: number;
  skipped: SkippedFile[];
  ms: number;
  /** File names whose items were (re-)embedded, left as they were, and dropped. */
  updated: string[];
  unchanged: string[];
  removed: string[];
}

/** Reads a folder of plan documents into the store: new and changed files replace their items, removed files are dropped. */
export async function ingestFolder(opts: IngestOptions & { seedsDir: string; limits?: ReadLimits }): Promise<IngestResult> {
  const started = performance.now();
  const { documents, skipped } = await parseFolder(opts.seedsDir, { keptIds: await storedDocumentIds(opts.uri), limits: opts.limits });
  for (const s of skipped) opts.log.warn({ file: s.file }, s.reason);
  const result = await ingestDocuments({ ...opts, documents, removeMissing: true });
  return { ...result, skipped, ms: Math.round(performance.now() - started) };
}

/** Document ids the served store gives each file: a file keeps its id while it stays (parse-folder.ts). */
async function storedDocumentIds(uri: string): Promise<Map<string, string>> {
  const db = await connectTo(uri);
  try {
    const manifest = await readManifest(db);
    if (!manifest) return new Map();
    const { files } = await openCommitted(db, manifest.tables);
    const rows = (await files.query().select(['source', 'doc']).toArray()) as Array<Pick<FileRow, 'source' | 'doc'>>;
    return new Map(rows.map((r) => [r.source, r.doc]));
  } finally {
    db.close();
  }
}

/**
 * The seam for ingesting parsed documents from anywhere (a folder, single uploaded files). With
 * `removeMissing`, stored files absent from `documents` are dropped (a folder is the whole corpus);
 * without, the others stay.
 *
 * One ingest at a time per store (ingest-lock.ts). The rows are written beside the served store and
 * switched to by one commit of the manifest (manifest.ts), on every path:
 * - same embedder: new versions of the same tables; readers stay on the committed versions until the switch;
 * - another embedder: a new set of tables under new names; the old set keeps serving until the switch and is
 *   dropped by the next ingest (a bot still running the old embedder keeps reading it until restarted);
 * - failure or kill at any moment: the manifest still names the previous versions. What a killed run wrote is
 *   rolled back (same tables) or dropped (new tables) by the next ingest, which holds the lock.
 */
export async function ingestDocuments(
  opts: IngestOptions & { documents: ParsedDocument[]; removeMissing: boolean },
): Promise<Omit<IngestResult, 'skipped' | 'ms'> & { skipped: SkippedFile[]; ms: number }> {
  const started = performance.now();
  const lock = await acquireIngestLock(opts.uri, { log: opts.log, leaseMs: opts.lockLeaseMs });
  try {
    await pauseForTest('locked');
    const db = await connectTo(opts.uri);
    try {
      const outcome = await ingestLocked(db, opts);
      // Nothing to build from and nothing built before: an empty result, not "no store, run ingest".
      if (!(await readManifest(db))) return { documents: 0, items: 0, targets: 0, skipped: [], ms: Math.round(performance.now() - started), ...outcome };
      const store = await ItemStore.open({ uri: opts.uri, embedder: opts.embedder, log: opts.log });
      try {
        const [documents, items] = await Promise.all([store.documents(), store.items()]);
        return {
          documents: documents.length,
          items: items.length,
          targets: items.reduce((n, i) => n + i.targets.length, 0),
          skipped: [],
          ms: Math.round(performance.now() - started),
          ...outcome,
        };
      } finally {
        store.close();
      }
    } finally {
      db.close();
    }
  } finally {
    await lock?.release();
  }
}

async function ingestLocked(
  db: Connection,
  opts: IngestOptions & { documents: ParsedDocument[]; removeMissing: boolean },
): Promise<Pick<IngestResult, 'updated' | 'unchanged' | 'removed'>> {
  const { log, embedder } = opts;
  const manifest = await readManifest(db);
  // Leftovers of an embedder change that failed or was killed, and the set an earlier change replaced.
  for (const name of await unreferencedPlanTables(db, manifest)) {
    log.info({ table: name }, 'dropping a plan table the served store does not use');
    await db.dropTable(name);
  }
  const sameEmbedder = manifest !== null && manifest.embedder.id === embedder.id && manifest.embedder.dimension === embedder.dimension;
  if (manifest && !sameEmbedder) {
    log.warn(
      { built: manifest.embedder, configured: { id: embedder.id, dimension: embedder.dimension } },
      'store built by another embedder: building a new one beside it; the current one serves until the new one is complete',
    );
  }
  const target = sameEmbedder ? await reopenAtCommitted(db, manifest.tables, log) : await createTableSet(db, embedder.dimension);
  try {
    const storedFiles = target.fresh ? [] : ((await target.tables.files.query().toArray()) as FileRow[]);
    const existing = new Map(storedFiles.map((f) => [f.source, f]));
    const incoming = new Map(opts.documents.map((d) => [d.document.source, d]));
    // A file also counts as changed when its document now has another id (its rows must follow the id).
    const changed = opts.documents.filter((d) => {
      const stored = existing.get(d.document.source);
      return stored?.hash !== d.document.hash || stored.doc !== d.document.id;
    });
    const removed = opts.removeMissing ? [...existing.keys()].filter((s) => !incoming.has(s)) : [];
    const unchanged = opts.documents.filter((d) => !changed.includes(d)).map((d) => d.document.source);

    if (target.fresh && changed.length === 0) {
      // Nothing to build from: no store is better than an empty one (it reads as "run ingest" everywhere).
      await discard(db, target, manifest, log);
    } else if (changed.length || removed.length || target.rolledBack) {
      const storedWords = storedFiles.flatMap((f) => JSON.parse(f.words) as string[]);
      const cache = embedder.semantic ? await EmbeddingCache.open(db, embedder, log) : null;
      try {
        await write(target.tables, storedWords, changed, removed, { ...opts, embed: embedWith(cache, opts) });
      } catch (e) {
        log.error({ err: (e as Error).message }, 'ingest failed: the previous store keeps serving');
        await discard(db, target, manifest, log);
        throw e;
      } finally {
        cache?.close();
      }
      await pauseForTest('before-switch');
      const version = async (role: PlanTableRole) => ({ name: target.tables[role].name, version: await target.tables[role].version() });
      await commitManifest(db, {
        embedder: { id: embedder.id, dimension: embedder.dimension },
        tables: { items: await version('items'), targets: await version('targets'), files: await version('files') },
        ingestedAt: new Date().toISOString(),
      });
    }
    return { updated: changed.map((d) => d.document.source), unchanged, removed };
  } finally {
    for (const t of Object.values(target.tables)) t.close();
  }
}

interface WriteTarget {
  tables: Record<PlanTableRole, Table>;
  /** A new set of tables (first ingest or another embedder), not new versions of the served ones. */
  fresh: boolean;
  /**
   * An interrupted ingest's versions were rolled back: committed again even when nothing changed, so the
   * manifest names the latest versions and doctor stops reporting an unfinished ingest.
   */
  rolledBack: boolean;
}

/**
 * The served tables, writable, with anything written after their committed versions (by an ingest that was
 * killed) rolled back first: the next versions then start from exactly what readers see.
 */
async function reopenAtCommitted(db: Connection, committed: ManifestTables, log: Logger): Promise<WriteTarget> {
  let rolledBack = false;
  const open = async ({ name, version }: { name: string; version: number }) => {
    const table = await db.openTable(name);
    if ((await table.version()) !== version) {
      rolledBack = true;
      log.warn({ table: name, committed: version, latest: await table.version() }, 'rolling back what an interrupted ingest wrote');
      await table.checkout(version);
      await table.restore();
    }
    return table;
  };
  const tables = { items: await open(committed.items), targets: await open(committed.targets), files: await open(committed.files) };
  return { tables, fresh: false, rolledBack };
}

/** A new set of empty tables: under the plain names when they are free, else under a new suffix. */
async function createTableSet(db: Connection, dimension: number): Promise<WriteTarget> {
  const existing = new Set(await db.tableNames());
  const plainFree = [TABLES.items, TABLES.targets, TABLES.files].every((n) => !existing.has(n));
  const suffix = plainFree ? '' : `__${Date.now().toString(36)}`;
  const [items, targets, files] = await Promise.all([
    db.createEmptyTable(TABLES.items + suffix, itemsSchema(dimension), { mode: 'create' }),
    db.createEmptyTable(TABLES.targets + suffix, targetsSchema, { mode: 'create' }),
    db.createEmptyTable(TABLES.files + suffix, filesSchema, { mode: 'create' }),
  ]);
  return { tables: { items, targets, files }, fresh: true, rolledBack: false };
}

/**
 * After a failure the manifest was not switched, so readers are unaffected either way; this only tidies:
 * the served tables go back to their committed versions, a new set is dropped. What fails here is left to
 * the next ingest, which does the same.
 */
async function discard(db: Connection, target: WriteTarget, manifest: StoreManifest | null, log: Logger): Promise<void> {
  for (const role of ['items', 'targets', 'files'] as const) {
    const table = target.tables[role];
    try {
      if (target.fresh) {
        await db.dropTable(table.name);
        continue;
      }
      const committed = manifest!.tables[role].version;
      if ((await table.version()) === committed) continue;
      await table.checkout(committed);
      await table.restore();
    } catch (e) {
      log.error({ table: table.name, err: (e as Error).message }, 'could not tidy a table after the failed ingest (the next ingest will)');
    }
  }
}

/** Embeds through the cache where there is one, and says how many texts really went to the model. */
function embedWith(cache: EmbeddingCache | null, opts: IngestOptions): (texts: string[]) => Promise<number[][]> {
  if (!cache) return (texts) => opts.embedder.embed(texts);
  return async (texts) => {
    const started = performance.now();
    const { vectors, embedded } = await cache.embed(texts);
    if (embedded)
      opts.log.info({ embedded, cached: texts.length - embedded, perSecond: Math.round(embedded / ((performance.now() - started) / 1000)) }, 'embedded items');
    return vectors;
  };
}

async function write(
  tables: Record<PlanTableRole, Table>,
  storedWords: string[],
  changed: ParsedDocument[],
  removed: string[],
  opts: IngestOptions & { documents: ParsedDocument[]; embed: (texts: string[]) => Promise<number[][]> },
): Promise<void> {
  const { items: itemsTable, targets: targetsTable, files: filesTable } = tables;
  const tokenizer = await sharedTokenizer();
  tokenizer.addUserWords(storedWords);
  // Words of every incoming file, so that a changed file is cut with the whole corpus' vocabulary.
  tokenizer.addUserWords(
    harvestUserWords(
      opts.documents.map((d) => d.document),
      opts.documents.flatMap((d) => d.items),
    ),
  );

  const total = changed.reduce((n, d) => n + d.items.length, 0);
  const batchItems = Math.max(1, opts.batchItems ?? 512);
  const fileRows: FileRow[] = [];
  let done = 0;
  for (const batch of batches(changed, batchItems)) {
    const items = batch.flatMap((d) => d.items.map((item, position) => ({ item, position, source: d.document.source })));
    const vectors = await opts.embed(items.map(({ item }) => indexedText(item)));
    const itemRows: ItemRow[] = [];
    const featuresBySource = new Map<string, Array<Iterable<string>>>();
    items.forEach(({ item, position, source }, i) => {
      const tokens = tokenizer.tokens(indexedText(item));
      itemRows.push({
        id: item.id,
        source,
        doc: item.doc,
        kind: item.kind,
        position,
        json: JSON.stringify(item),
        tokens: tokens.join(' '),
        vector: vectors[i]!,
      });
      const list = featuresBySource.get(source) ?? [];
      list.push(textFeatures(tokens, indexedText(item)).keys());
      featuresBySource.set(source, list);
    });
    const sources = batch.map((d) => d.document.source);
    await replaceBySource(itemsTable, itemRows, sources);
    const targetRows: TargetRow[] = batch.flatMap((d) =>
      d.items.flatMap((item) =>
        targetIds(item).map((id, n) => ({
          id,
          item_id: item.id,
          source: d.document.source,
          doc: item.doc,
          deadline: item.targets[n]!.deadline,
          json: JSON.stringify(item.targets[n]),
        })),
      ),
    );
    await replaceBySource(targetsTable, targetRows, sources);
    for (const d of batch) {
      fileRows.push({
        source: d.document.source,
        hash: d.document.hash,
        doc: d.document.id,
        document: JSON.stringify(d.document),
        items: d.items.length,
        stats: CorpusStatistics.fromFeatureSets(featuresBySource.get(d.document.source) ?? []).toJSON(),
        words: JSON.stringify(harvestUserWords([d.document], d.items)),
      });
      done += d.items.length;
      opts.onProgress?.({ done, total, file: d.document.source });
    }
    if (fileRows.length === batch.length) await pauseForTest('first-batch-written');
  }
  if (removed.length) {
    await itemsTable.delete(sqlIn('source', removed));
    await targetsTable.delete(sqlIn('source', removed));
    await filesTable.delete(sqlIn('source', removed));
  }
  if (fileRows.length)
    await filesTable
      .mergeInsert('source')
      .whenMatchedUpdateAll()
      .whenNotMatchedInsertAll()
      .execute(fileRows as unknown as Array<Record<string, unknown>>);

  await itemsTable.createIndex('tokens', {
    config: Index.fts({ baseTokenizer: 'whitespace', lowercase: false, stem: false, removeStopWords: false, asciiFolding: false, withPosition: false }),
    replace: true,
  });
  // Scoped questions filter by document: a bitmap index on this low-cardinality column halves their full-text leg.
  await itemsTable.createIndex('doc', { config: Index.bitmap(), replace: true });
  await indexVectors(itemsTable);
}

/**
 * `<item id>@<hash of the clause>`: a target's id comes from its item's id (the document and the item's own
 * label) and its own text, not its place in the item's list, so an unchanged item keeps its targets' ids
 * whatever else changes. Identical clauses of one item are told apart by their order (~2, ~3).
 */
function targetIds(item: PlanItem): string[] {
  const seen = new Map<string, number>();
  return item.targets.map((t) => {
    const base = `${item.id}@${createHash('sha256')
      .update(`${t.text}\n${t.value ?? ''}\n${t.unit ?? ''}`)
      .digest('hex')
      .slice(0, 8)}`;
    const n = (seen.get(base) ?? 0) + 1;
    seen.set(base, n);
    return n === 1 ? base : `${base}~${n}`;
  });
}

/**
 * Below a few thousand items an exact (flat) vector scan is fast and best; above, it dominates query time
 * (at 40,000 × 1024-d a hybrid query took 340 ms flat against 16 ms with IVF_FLAT, see docs/PERFORMANCE.md), so
 * the vectors get an IVF_FLAT index: about 600 rows a partition, searched with VECTOR_NPROBES (tables.ts).
 * Rows written after the index is built are still searched (LanceDB scans the unindexed tail).
 */
async function indexVectors(itemsTable: Table): Promise<void> {
  const rows = await itemsTable.countRows();
  if (rows < VECTOR_INDEX_MIN_ROWS) return;
  const numPartitions = Math.min(256, Math.max(8, Math.round(rows / 600)));
  await itemsTable.createIndex('vector', { config: Index.ivfFlat({ numPartitions, distanceType: 'cosine' }), replace: true });
}

/** One commit per table and batch: the batch's files' old rows go, their new rows come, in the same version. */
async function replaceBySource(table: Table, rows: Array<ItemRow | TargetRow>, sources: string[]): Promise<void> {
  if (rows.length === 0) {
    await table.delete(sqlIn('source', sources));
    return;
  }
  // Matched on the source file as well as the id: one file's rows can never update another file's.
  await table
    .mergeInsert(['source', 'id'])
    .whenMatchedUpdateAll()
    .whenNotMatchedInsertAll()
    .whenNotMatchedBySourceDelete({ where: sqlIn('source', sources) })
    .execute(rows as unknown as Array<Record<string, unknown>>);
}

function* batches(docs: ParsedDocument[], size: number): Generator<ParsedDocument[]> {
  let batch: ParsedDocument[] = [];
  let n = 0;
  for (const d of docs) {
    batch.push(d);
    n += d.items.length;
    if (n >= size) {
      yield batch;
      batch = [];
      n = 0;
    }
  }
  if (batch.length) yield batch;
}
